import ClusterSim

/// `kubectl version`: the simulated client is an upstream v1.32.4 build (one minor version
/// ahead of the cluster's v1.31 control plane, within the supported skew).
extension KubectlSession {
    struct BuildInfo {
        var major: String
        var minor: String
        var gitVersion: String
        var gitCommit: String
        var buildDate: String
        var goVersion: String
    }

    static let client = BuildInfo(
        major: "1", minor: "32", gitVersion: "v1.32.4", gitCommit: "59526cd4867447956156ae3a602fcbac10a2c335",
        buildDate: "2025-04-22T16:02:27Z", goVersion: "go1.23.6")
    static let kustomizeVersion = "v5.5.0"

    mutating func version(_ context: inout ToolContext) -> Int32 {
        let output = arguments.last("output") ?? ""
        guard ["", "yaml", "json"].contains(output) else {
            context.err("error: --output must be 'yaml' or 'json'\n")
            return 1
        }
        let client = Self.client
        if arguments.isOn("client") {
            switch output {
            case "json":
                context.out(
                    "{\n  \"clientVersion\": \(json(client, indent: "  ")),\n  \"kustomizeVersion\": \"\(Self.kustomizeVersion)\"\n}\n"
                )
            case "yaml":
                context.out("clientVersion:\n\(yaml(client))kustomizeVersion: \(Self.kustomizeVersion)\n\n")
            default:
                context.out("Client Version: \(client.gitVersion)\nKustomize Version: \(Self.kustomizeVersion)\n")
            }
            return 0
        }
        if output.isEmpty {
            context.out("Client Version: \(client.gitVersion)\nKustomize Version: \(Self.kustomizeVersion)\n")
        }
        switch connect(&context, discoveryAttempts: 0) {
        case .failure(let exit):
            return exit.status
        case .success:
            let version = context.cluster.spec.kubernetesVersion
            let parts = version.dropFirst().split(separator: ".")
            let server = BuildInfo(
                major: parts.first.map(String.init) ?? "1", minor: parts.dropFirst().first.map(String.init) ?? "",
                gitVersion: version, gitCommit: "", buildDate: "", goVersion: "")
            guard output.isEmpty else {
                return notSimulated("kubectl version -o \(output) against a server", &context)
            }
            context.out("Server Version: \(server.gitVersion)\n")
            return 0
        }
    }

    private func json(_ info: BuildInfo, indent: String) -> String {
        let fields = [
            ("major", info.major), ("minor", info.minor), ("gitVersion", info.gitVersion), ("gitCommit", info.gitCommit),
            ("gitTreeState", "clean"), ("buildDate", info.buildDate), ("goVersion", info.goVersion), ("compiler", "gc"),
            ("platform", "linux/amd64"),
        ]
        return "{\n" + fields.map { "\(indent)  \"\($0.0)\": \"\($0.1)\"" }.joined(separator: ",\n") + "\n\(indent)}"
    }

    private func yaml(_ info: BuildInfo) -> String {
        let fields = [
            ("buildDate", info.buildDate), ("compiler", "gc"), ("gitCommit", info.gitCommit), ("gitTreeState", "clean"),
            ("gitVersion", info.gitVersion), ("goVersion", info.goVersion), ("major", info.major),
            ("minor", info.minor), ("platform", "linux/amd64"),
        ]
        return fields.map { "  \($0.0): \(YAMLText.scalar($0.1))\n" }.joined()
    }
}
