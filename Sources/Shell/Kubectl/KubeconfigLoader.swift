import ClusterSim

/// Finds and merges the kubeconfig files as client-go's loading rules do: `--kubeconfig`, else
/// every file of `$KUBECONFIG` (missing ones skipped), else `~/.kube/config`.
struct LoadedKubeconfig: Sendable {
    var config = Kubeconfig()
    /// Files that were read, in order.
    var files: [String] = []
    /// Where `config use-context` and `set-context` write.
    var destination: String?
}

enum KubeconfigLoader {
    static let home = "/root"

    /// The merged configuration, or the message kubectl prints after `error: `.
    static func load(explicit: String?, context: ToolContext) -> Result<LoadedKubeconfig, KubectlMessage> {
        var loaded = LoadedKubeconfig()
        let candidates: [String]
        if let explicit, !explicit.isEmpty {
            let path = context.path(explicit)
            guard context.node?.files.isFile(path) == true else {
                return .failure(KubectlMessage("stat \(explicit): no such file or directory"))
            }
            candidates = [explicit]
        } else if let variable = context.environment["KUBECONFIG"], !variable.isEmpty {
            candidates = variable.split(separator: ":").map(String.init).filter { !$0.isEmpty }
        } else {
            candidates = [home + "/.kube/config"]
        }
        var seen = Set<String>()
        // Bounded by the list itself: one read per distinct path.
        for raw in candidates where !seen.contains(context.path(raw)) {
            let path = context.path(raw)
            seen.insert(path)
            guard case .success(let text) = context.read(path) else { continue }
            switch Kubeconfig.parse(text) {
            case .success(let config):
                if loaded.destination == nil || (loaded.config.currentContext.isEmpty && !config.currentContext.isEmpty) {
                    loaded.destination = loaded.destination ?? path
                }
                loaded.config.merge(config)
                loaded.files.append(path)
            case .failure(let message):
                return .failure(KubectlMessage("error loading config file \"\(raw)\": \(message.text)"))
            }
        }
        if loaded.destination == nil { loaded.destination = candidates.first.map(context.path) }
        return .success(loaded)
    }

    /// Writes a changed configuration back to the file it came from.
    static func save(_ config: Kubeconfig, to path: String, context: inout ToolContext) -> Result<Void, KubectlMessage> {
        var failure: String?
        let host = context.host
        context.cluster.updateNode(host) { node in
            if case .failure(let error) = node.files.write(path, config.render(redacted: false)) {
                failure = "open \(path): \(error.message)"
            }
        }
        return failure.map { .failure(KubectlMessage($0)) } ?? .success(())
    }
}

/// What one kubectl run talks to: the server, the credentials and the namespace, after the
/// kubeconfig and the command-line overrides (`--context`, `--server`, `-n` ...) are combined.
struct ClientConfig: Sendable {
    var server: String
    var caPEM: String?
    var insecure: Bool
    var clientCertificatePEM: String?
    var token: String?
    var namespace: String
    var contextName: String
    /// Set when there was no configuration at all and kubectl fell back to localhost:8080.
    var isDefault: Bool

    static let fallbackServer = "http://localhost:8080"

    /// Resolves the client configuration, or the message after `Error in configuration: `.
    static func resolve(_ loaded: LoadedKubeconfig, arguments: KubectlArguments, context: ToolContext) -> Result<
        ClientConfig, KubectlMessage
    > {
        let config = loaded.config
        let contextName = arguments.last("context") ?? config.currentContext
        var contextFields: [String: String] = [:]
        if !contextName.isEmpty {
            guard let found = config.context(contextName) else {
                return .failure(KubectlMessage("context was not found for specified context: \(contextName)"))
            }
            contextFields = found.fields
        }
        let clusterName = arguments.last("cluster") ?? contextFields["cluster"] ?? ""
        let userName = arguments.last("user") ?? contextFields["user"] ?? ""
        let cluster = config.cluster(clusterName)?.fields ?? [:]
        let user = config.user(userName)?.fields ?? [:]
        var server = arguments.last("server") ?? cluster["server"] ?? ""
        let isDefault = server.isEmpty
        if isDefault {
            if !contextName.isEmpty && arguments.last("server") == nil && config.cluster(clusterName) != nil {
                return .failure(KubectlMessage("cluster has no server defined"))
            }
            server = fallbackServer
        }
        func file(_ path: String?) -> String? { path.flatMap { context.read($0).success } }
        func data(_ base64: String?) -> String? {
            base64.flatMap { KubectlBase64.decode($0) }
        }
        let ca =
            file(arguments.last("certificate-authority")) ?? data(cluster["certificate-authority-data"])
            ?? file(cluster["certificate-authority"])
        let cert =
            file(arguments.last("client-certificate")) ?? data(user["client-certificate-data"])
            ?? file(user["client-certificate"])
        let insecure =
            arguments.has("insecure-skip-tls-verify")
            ? arguments.isOn("insecure-skip-tls-verify") : cluster["insecure-skip-tls-verify"] == "true"
        return .success(
            ClientConfig(
                server: server, caPEM: ca, insecure: insecure, clientCertificatePEM: cert,
                token: arguments.last("token") ?? user["token"],
                namespace: arguments.last("namespace") ?? contextFields["namespace"] ?? "default",
                contextName: contextName, isDefault: isDefault))
    }
}

/// Standard base64, as kubeconfig `*-data` fields hold PEM files.
enum KubectlBase64 {
    static func decode(_ text: String) -> String? {
        let decoded = Base64.decode(Array(text.utf8), ignoreGarbage: false)
        guard decoded.valid else { return nil }
        return String(decoding: decoded.bytes, as: UTF8.self)
    }
}
