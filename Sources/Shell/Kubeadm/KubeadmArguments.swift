import ClusterSim

/// kubeadm's command line: command words, flags (`--flag=value`, `--flag value`, booleans).
struct KubeadmArguments: Sendable {
    var words: [String] = []
    var values: [String: [String]] = [:]
    var switches: Set<String> = []

    static let valueFlags: Set<String> = [
        "token", "ttl", "description", "usages", "groups", "kubeconfig", "config", "control-plane-endpoint",
        "pod-network-cidr", "service-cidr", "apiserver-advertise-address", "certificate-key",
        "discovery-token-ca-cert-hash", "discovery-token", "tls-bootstrap-token", "ignore-preflight-errors",
        "kubernetes-version", "output", "o", "cert-dir", "cri-socket", "node-name", "apiserver-cert-extra-sans",
        "apiserver-bind-port", "service-dns-domain", "skip-phases", "v", "feature-gates",
    ]
    static let boolFlags: Set<String> = [
        "print-join-command", "upload-certs", "control-plane", "discovery-token-unsafe-skip-ca-verification", "force",
        "f", "dry-run", "skip-token-print", "skip-certificate-key-print", "help", "h",
    ]

    /// `kubeadm upgrade`'s own switches (kept apart so that completion of other commands stays unambiguous).
    static let upgradeBoolFlags: Set<String> = [
        "allow-experimental-upgrades", "allow-release-candidate-upgrades", "print-config",
    ]

    /// Parses the words after `kubeadm`; a failure is cobra's message.
    static func parse(_ args: [String]) -> Result<KubeadmArguments, KubeadmMessage> {
        var parsed = KubeadmArguments()
        var index = 0
        while index < args.count {
            let word = args[index]
            index += 1
            guard word.hasPrefix("-"), word != "-" else {
                parsed.words.append(word)
                continue
            }
            let body = String(word.drop { $0 == "-" })
            let name = body.split(separator: "=", maxSplits: 1).first.map(String.init) ?? body
            let inline =
                body.contains("=") ? String(body[body.index(after: body.firstIndex(of: "=") ?? body.startIndex)...]) : nil
            if boolFlags.contains(name) || (parsed.words.first == "upgrade" && upgradeBoolFlags.contains(name)) {
                if let inline, inline == "false" { parsed.switches.remove(name) } else { parsed.switches.insert(name) }
            } else if valueFlags.contains(name) {
                if let inline {
                    parsed.values[name, default: []].append(inline)
                } else if index < args.count {
                    parsed.values[name, default: []].append(args[index])
                    index += 1
                } else {
                    return .failure(KubeadmMessage("flag needs an argument: \(word.hasPrefix("--") ? "--" : "-")\(name)"))
                }
            } else {
                return .failure(
                    KubeadmMessage(
                        word.hasPrefix("--")
                            ? "unknown flag: --\(name)" : "unknown shorthand flag: '\(name.prefix(1))' in \(word)"))
            }
        }
        return .success(parsed)
    }

    func value(_ name: String) -> String? { values[name]?.last }
    func all(_ name: String) -> [String] {
        (values[name] ?? []).flatMap { $0.split(separator: ",").map(String.init) }
    }
    func has(_ name: String) -> Bool { switches.contains(name) }
}

/// A kubeadm error message, as it prints before the stack-trace hint.
struct KubeadmMessage: Error, Sendable, Hashable {
    var text: String
    init(_ text: String) { self.text = text }
}
