import ClusterSim

/// `kubeadm` v1.31.4: version, token, init (and `init phase upload-certs`), join, reset, certs,
/// config print, against the cluster model.
enum Kubeadm {
    static let version = (
        git: "v1.31.4", commit: "a78aa47129b8539636eb86a9d00e31b2720fe06b", build: "2024-12-10T11:42:09Z", go: "go1.22.9"
    )
    /// The oldest control-plane minor version this kubeadm deploys: its own minor minus one.
    static let minimumControlPlaneMinor = 30

    static func run(_ context: inout ToolContext) -> Int32 {
        let arguments: KubeadmArguments
        switch KubeadmArguments.parse(Array(context.args.dropFirst())) {
        case .success(let parsed): arguments = parsed
        case .failure(let message):
            context.err(KubeadmText.error(phase: nil, message.text))
            return 1
        }
        let words = arguments.words
        switch (words.first ?? "", words.dropFirst().first ?? "") {
        case ("version", _): return printVersion(arguments, &context)
        case ("token", "create"): return KubeadmTokens.create(arguments, &context)
        case ("token", "list"): return KubeadmTokens.list(arguments, &context)
        case ("token", "delete"): return KubeadmTokens.delete(arguments, &context)
        case ("token", "generate"):
            context.out(context.cluster.generateBootstrapToken() + "\n")
            return 0
        case ("init", "phase"):
            guard words.count >= 3, words[2] == "upload-certs" else { return notSimulated(words, &context) }
            return KubeadmTokens.uploadCerts(arguments, &context)
        case ("init", _): return KubeadmInit.run(arguments, &context)
        case ("join", _): return KubeadmJoin.run(arguments, &context)
        case ("reset", _): return KubeadmInit.reset(arguments, &context)
        case ("upgrade", _): return KubeadmUpgrade.run(arguments, &context)
        case ("certs", "check-expiration"): return KubeadmCerts.checkExpiration(arguments, &context)
        case ("certs", "renew"): return KubeadmCerts.renew(arguments, &context)
        case ("certs", "certificate-key"):
            var rng = SeededGenerator(
                seed: context.cluster.seed, label: "kubeadm/certificate-key/\(context.cluster.now.milliseconds)")
            context.out((0..<64).map { _ in String(rng.int(in: 0...15), radix: 16) }.joined() + "\n")
            return 0
        case ("config", "print"):
            switch words.dropFirst(2).first {
            case "init-defaults": context.out(KubeadmText.initDefaults)
            case "join-defaults": context.out(KubeadmText.joinDefaults)
            default: return notSimulated(words, &context)
            }
            return 0
        case ("", _):
            context.err("kubedojo: 'kubeadm' without a command is not simulated; try kubeadm version, token, init, join, certs\n")
            return 1
        default: return notSimulated(words, &context)
        }
    }

    static func notSimulated(_ words: [String], _ context: inout ToolContext) -> Int32 {
        context.err("kubedojo: 'kubeadm \(words.prefix(3).joined(separator: " "))' is not simulated\n")
        return 1
    }

    private static func printVersion(_ arguments: KubeadmArguments, _ context: inout ToolContext) -> Int32 {
        let v = version
        switch arguments.value("output") ?? arguments.value("o") ?? "" {
        case "":
            context.out(
                "kubeadm version: &version.Info{Major:\"1\", Minor:\"31\", GitVersion:\"\(v.git)\", GitCommit:\"\(v.commit)\", GitTreeState:\"clean\", BuildDate:\"\(v.build)\", GoVersion:\"\(v.go)\", Compiler:\"gc\", Platform:\"linux/amd64\"}\n"
            )
        case "short": context.out(v.git + "\n")
        case "json":
            context.out(
                """
                {
                  "clientVersion": {
                    "major": "1",
                    "minor": "31",
                    "gitVersion": "\(v.git)",
                    "gitCommit": "\(v.commit)",
                    "gitTreeState": "clean",
                    "buildDate": "\(v.build)",
                    "goVersion": "\(v.go)",
                    "compiler": "gc",
                    "platform": "linux/amd64"
                  }
                }

                """)
        case "yaml":
            context.out(
                """
                clientVersion:
                  buildDate: "\(v.build)"
                  compiler: gc
                  gitCommit: \(v.commit)
                  gitTreeState: clean
                  gitVersion: \(v.git)
                  goVersion: \(v.go)
                  major: "1"
                  minor: "31"
                  platform: linux/amd64

                """)
        case let other:
            context.err(KubeadmText.error(phase: nil, "invalid output format: \(other)"))
            return 1
        }
        return 0
    }

    /// Connects to the API server named in a kubeconfig (default admin.conf), as kubeadm's client does.
    static func connect(_ arguments: KubeadmArguments, _ context: inout ToolContext) -> Result<Void, KubeadmMessage> {
        let path = arguments.value("kubeconfig") ?? "/etc/kubernetes/admin.conf"
        guard let text = context.read(path).success else {
            return .failure(KubeadmMessage("failed to load admin kubeconfig: open \(path): no such file or directory"))
        }
        guard case .success(let config) = Kubeconfig.parse(text),
            let current = config.context(config.currentContext)?.fields ?? config.contexts.first?.fields,
            let cluster = config.cluster(current["cluster"] ?? "")?.fields, let server = cluster["server"]
        else { return .failure(KubeadmMessage("failed to load admin kubeconfig: invalid configuration")) }
        let url = APIServerURL.parse(server)
        let tls = APIConnection.ClientTLS(
            caPEM: cluster["certificate-authority-data"].flatMap(KubectlBase64.decode), insecure: false,
            clientCertificatePEM: nil)
        switch APIConnection.open(server: url, tls: tls, context: &context) {
        case .success: return .success(())
        case .failure(let failure): return .failure(KubeadmMessage("Get \"\(url.base)/api?timeout=10s\": \(failure.cause)"))
        }
    }
}
