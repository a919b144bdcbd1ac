import ClusterSim

/// Completion of the node tools' subcommands and flags. Flags come from each tool's own parser
/// tables; subcommand trees that the tools dispatch with `switch` are listed here, limited to the
/// real tools' commands that a candidate uses.
extension CompletionContext {
    func etcdctl(_ arguments: [String], _ scan: CompletionScan) -> [Completion.Candidate] {
        var path: [String] = []
        var operands: [String] = []
        var index = 0
        while index < arguments.count {
            let word = arguments[index]
            index += 1
            if word.hasPrefix("-") {
                if Self.etcdctlValueFlag(word, path: path) != nil { index += 1 }
                continue
            }
            if operands.isEmpty && (path.isEmpty || (path.count == 1 && EtcdctlOptions.groups[path[0]] != nil)) {
                path.append(word)
            } else {
                operands.append(word)
            }
        }
        let joined = path.joined(separator: " ")
        let local = EtcdctlOptions.localFlags[joined]
        if let previous = arguments.last, let flag = Self.etcdctlValueFlag(previous, path: path) {
            return etcdValues(flag, prefix: "", scan.current)
        }
        let typed = scan.current
        if typed.hasPrefix("--"), let eq = typed.firstIndex(of: "=") {
            let name = String(typed.dropFirst(2).prefix { $0 != "=" })
            return etcdValues(name, prefix: String(typed[...eq]), String(typed[typed.index(after: eq)...]))
        }
        if typed.hasPrefix("-") {
            let values = EtcdctlOptions.valueFlags.union(local?.values ?? [])
            let bools = EtcdctlOptions.boolFlags.union(local?.bools ?? [])
            return values.map { Completion.Candidate("--" + $0 + "=", terminator: "") }
                + bools.map { Completion.Candidate("--" + $0) }
        }
        if path.isEmpty {
            return (Array(EtcdctlOptions.groups.keys) + Array(EtcdctlOptions.leaves)).map { Completion.Candidate($0) }
        }
        if path.count == 1, let subcommands = EtcdctlOptions.groups[path[0]] {
            return subcommands.map { Completion.Candidate($0) }
        }
        if ["snapshot save", "snapshot restore", "snapshot status"].contains(joined) { return paths(typed) }
        return []
    }

    /// The long name of the etcdctl flag `word` when it waits for a separate value (`-w`, `--cacert`).
    static func etcdctlValueFlag(_ word: String, path: [String]) -> String? {
        guard word.hasPrefix("-"), !word.contains("=") else { return nil }
        let name = String(word.drop { $0 == "-" })
        let long = word.count == 2 && !word.hasPrefix("--") ? EtcdctlOptions.shorthands[name.first ?? " "] ?? name : name
        let local = EtcdctlOptions.localFlags[path.joined(separator: " ")]
        return EtcdctlOptions.valueFlags.contains(long) || local?.values.contains(long) == true ? long : nil
    }

    private func etcdValues(_ name: String, prefix: String, _ typed: String) -> [Completion.Candidate] {
        let values: [Completion.Candidate]
        switch name {
        case "cacert", "cert", "key", "data-dir", "wal-dir": values = paths(typed)
        case "write-out": values = ["fields", "json", "protobuf", "simple", "table"].map { Completion.Candidate($0) }
        case "endpoints":
            values = cluster.etcd.members.flatMap { member in
                member.clientURLs.map { Completion.Candidate($0) }
            }
        default: values = []
        }
        return values.map { Completion.Candidate(prefix + $0.word, display: $0.display, terminator: $0.terminator) }
    }

    func etcdutl(_ arguments: [String], _ scan: CompletionScan) -> [Completion.Candidate] {
        let words = arguments.filter { !$0.hasPrefix("-") }
        if scan.current.hasPrefix("-") {
            return [
                "--data-dir=", "--name=", "--initial-cluster=", "--initial-cluster-token=",
                "--initial-advertise-peer-urls=", "--write-out=", "--skip-hash-check", "--mark-compacted",
                "--bump-revision",
            ]
            .map { Completion.Candidate($0, terminator: $0.hasSuffix("=") ? "" : " ") }
        }
        switch words.count {
        case 0:
            return ["backup", "completion", "defrag", "help", "migrate", "snapshot", "version"].map { Completion.Candidate($0) }
        case 1 where words[0] == "snapshot": return ["restore", "status"].map { Completion.Candidate($0) }
        default: return paths(scan.current)
        }
    }

    /// kubeadm v1.31's command tree, as far as a candidate types it.
    static let kubeadmTree: [String: [String]] = [
        "": ["certs", "completion", "config", "help", "init", "join", "kubeconfig", "reset", "token", "upgrade", "version"],
        "token": ["create", "delete", "generate", "list"],
        "certs": ["certificate-key", "check-expiration", "generate-csr", "renew"],
        "certs renew": [
            "admin.conf", "all", "apiserver", "apiserver-etcd-client", "apiserver-kubelet-client",
            "controller-manager.conf", "etcd-healthcheck-client", "etcd-peer", "etcd-server", "front-proxy-client",
            "scheduler.conf", "super-admin.conf",
        ],
        "config": ["images", "migrate", "print", "validate"],
        "config print": ["init-defaults", "join-defaults", "reset-defaults", "upgrade-defaults"],
        "init": ["phase"],
        "init phase": [
            "addon", "bootstrap-token", "certs", "control-plane", "etcd", "kubeconfig", "kubelet-finalize",
            "kubelet-start", "mark-control-plane", "preflight", "show-join-command", "upload-certs", "upload-config",
        ],
        "join": ["phase"],
        "reset": ["phase"],
        "upgrade": ["apply", "diff", "node", "plan"],
    ]

    func kubeadm(_ arguments: [String], _ scan: CompletionScan) -> [Completion.Candidate] {
        var words: [String] = []
        var index = 0
        while index < arguments.count {
            let word = arguments[index]
            index += 1
            let name = String(word.drop { $0 == "-" })
            if word.hasPrefix("-") {
                if !name.contains("="), KubeadmArguments.valueFlags.contains(name) { index += 1 }
                continue
            }
            words.append(word)
        }
        if let previous = arguments.last, previous.hasPrefix("-") {
            let name = String(previous.drop { $0 == "-" })
            if KubeadmArguments.valueFlags.contains(name) {
                return ["config", "kubeconfig", "cert-dir"].contains(name) ? paths(scan.current) : []
            }
        }
        if scan.current.hasPrefix("-") {
            return KubeadmArguments.valueFlags.filter { $0.count > 1 }.map {
                Completion.Candidate("--" + $0 + "=", terminator: "")
            }
                + KubeadmArguments.boolFlags.filter { $0.count > 1 }.map { Completion.Candidate("--" + $0) }
        }
        // The longest prefix of the words that names a node of the tree.
        var key = ""
        for word in words {
            let next = key.isEmpty ? word : key + " " + word
            guard Self.kubeadmTree[key]?.contains(word) == true, Self.kubeadmTree[next] != nil || key.isEmpty else { break }
            key = next
            if Self.kubeadmTree[next] == nil { break }
        }
        let consumed = key.isEmpty ? 0 : key.split(separator: " ").count
        guard words.count == consumed, let children = Self.kubeadmTree[key] else { return [] }
        return children.map { Completion.Candidate($0) }
    }

    /// The verbs of systemd 252's systemctl that the exam uses.
    static let systemctlVerbs = [
        "cat", "daemon-reload", "disable", "edit", "enable", "is-active", "is-enabled", "is-failed", "kill",
        "list-unit-files", "list-units", "mask", "reload", "reload-or-restart", "reset-failed", "restart", "show",
        "start", "status", "stop", "try-restart", "unmask",
    ]

    func systemctl(_ arguments: [String], _ scan: CompletionScan) -> [Completion.Candidate] {
        if scan.current.hasPrefix("-") { return Self.flags(Systemctl.table, scan) }
        let operands = Self.operands(arguments, table: Systemctl.table)
        guard let verb = operands.first else { return Self.systemctlVerbs.map { Completion.Candidate($0) } }
        return ["daemon-reload", "list-units", "list-unit-files"].contains(verb) ? [] : units
    }

    func journalctl(_ arguments: [String], _ scan: CompletionScan) -> [Completion.Candidate] {
        if let previous = arguments.last, previous == "-u" || previous == "--unit" { return units }
        if scan.current.hasPrefix("--unit=") {
            return units.map { Completion.Candidate("--unit=" + $0.word, display: $0.display) }
        }
        if scan.current.hasPrefix("-") { return Self.flags(Journalctl.table, scan) }
        return []
    }

    func crictl(_ arguments: [String], _ scan: CompletionScan) -> [Completion.Candidate] {
        if scan.current.hasPrefix("-") { return Self.flags(Crictl.table, scan) }
        let operands = Self.operands(arguments, table: Crictl.table)
        guard operands.isEmpty else { return [] }
        return ["exec", "images", "info", "inspect", "inspectp", "logs", "ps", "pods", "rm", "rmp", "stop", "stopp", "version"]
            .map { Completion.Candidate($0) }
    }

    func openssl(_ arguments: [String], _ scan: CompletionScan) -> [Completion.Candidate] {
        guard let subcommand = arguments.first else {
            return ["genrsa", "req", "s_client", "verify", "version", "x509"].map { Completion.Candidate($0) }
        }
        let fileOptions: Set<String> = ["-in", "-out", "-CAfile", "-cert", "-key", "-signkey", "-CAkey", "-CA"]
        if let previous = arguments.last, fileOptions.contains(previous) { return paths(scan.current) }
        if let previous = arguments.last, previous == "-connect" {
            return hosts.map { Completion.Candidate($0 + ":", terminator: "") }
        }
        guard scan.current.hasPrefix("-") else { return paths(scan.current) }
        switch subcommand {
        case "x509":
            return [
                "-in", "-noout", "-text", "-subject", "-issuer", "-serial", "-startdate", "-enddate", "-dates",
                "-ext", "-checkend", "-inform", "-nameopt", "-certopt",
            ].map { Completion.Candidate($0) }
        case "s_client": return SClient.optionNames.map { Completion.Candidate($0) }
        default: return []
        }
    }

    func curl(_ arguments: [String], _ scan: CompletionScan) -> [Completion.Candidate] {
        if let previous = arguments.last,
            ["--cacert", "--cert", "--key", "--output", "-o", "-E", "--capath"].contains(previous)
        {
            return paths(scan.current)
        }
        guard scan.current.hasPrefix("-") else { return [] }
        return (Curl.valued.union(Curl.flags)).map { Completion.Candidate("--" + $0) }
    }

    /// The operands of a GNU command line: what is neither an option nor an option's value.
    static func operands(_ arguments: [String], table: OptionTable) -> [String] {
        var result: [String] = []
        var index = 0
        while index < arguments.count {
            let word = arguments[index]
            index += 1
            guard word.hasPrefix("-"), word.count > 1 else {
                result.append(word)
                continue
            }
            let option =
                word.hasPrefix("--")
                ? table.options.first { "--" + ($0.long ?? "") == word }
                : word.count == 2 ? table.options.first { $0.short == word.last } : nil
            if option?.arity == .required { index += 1 }
        }
        return result
    }
}
