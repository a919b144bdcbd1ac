import ClusterSim

/// Tab completion for the simulated shell: command names, subcommands and flags from the tools'
/// own tables, resource kinds and object names from the cluster, hosts, units and the current
/// host's files. A pure function of the line, the shell and the cluster: it never runs anything.
public enum Completer {
    /// Completes the word that ends at `cursor` (a character offset into `line`, clamped).
    public static func complete(line: String, cursor: Int, state: ShellState, cluster: Cluster) -> Completion {
        let before = String(line.prefix(max(0, cursor)))
        let scan = CompletionScan(before)
        let context = CompletionContext(cluster: cluster, state: state, host: state.host, cwd: state.current.cwd)
        return Completion(scan: scan, candidates: context.candidates(scan))
    }

    /// Completes `typed` as one word from a fixed list (a REPL's own commands).
    public static func complete(words: [String], typed: String) -> Completion {
        Completion(scan: CompletionScan(typed), candidates: words.map { Completion.Candidate($0) })
    }
}

/// Where a word is completed: the cluster, and the host and folder file names are relative to.
struct CompletionContext {
    let cluster: Cluster
    let state: ShellState
    var host: String
    var cwd: String

    /// Bounds recursion through `sudo`, `ssh HOST CMD` and `kubectl exec -- CMD`.
    var depth = 0

    var node: Node? { cluster.node(named: host) }

    func candidates(_ scan: CompletionScan) -> [Completion.Candidate] {
        if scan.redirection { return paths(scan.current) }
        return command(scan.words, scan)
    }

    /// Completes within one simple command whose finished words are `words`.
    func command(_ words: [String], _ scan: CompletionScan) -> [Completion.Candidate] {
        var words = words[...]
        // `VAR=value cmd`: assignments before the command name.
        while let first = words.first, Self.isAssignment(first) { words.removeFirst() }
        guard var name = words.first else {
            if Self.isAssignment(scan.current) { return [] }
            return scan.current.contains("/") ? paths(scan.current) : commandNames()
        }
        if let alias = state.current.aliases[name], let expanded = alias.split(separator: " ").first {
            let rest = alias.split(separator: " ").dropFirst().map(String.init)
            name = String(expanded)
            words = ([name] + rest + words.dropFirst())[...]
        }
        let arguments = Array(words.dropFirst())
        guard depth < 4 else { return paths(scan.current) }
        var inner = self
        inner.depth += 1
        switch name {
        case "sudo", "env", "time", "watch", "xargs", "nohup":
            // The command after the wrapper's own options is completed as a command.
            let skipped = Array(arguments.drop { $0.hasPrefix("-") || Self.isAssignment($0) })
            if name == "sudo", arguments.contains("-i") || arguments.contains("-s"), skipped.isEmpty {
                return Self.flags(["-i", "-s", "-u", "-E"], scan)
            }
            return inner.command(skipped, scan)
        case "which", "type": return commandNames()
        case "ssh": return inner.ssh(arguments, scan)
        case "scp": return scp(scan)
        case "kubectl": return inner.kubectl(arguments, scan)
        case "etcdctl": return etcdctl(arguments, scan)
        case "etcdutl": return etcdutl(arguments, scan)
        case "kubeadm": return kubeadm(arguments, scan)
        case "systemctl": return systemctl(arguments, scan)
        case "journalctl": return journalctl(arguments, scan)
        case "crictl": return crictl(arguments, scan)
        case "openssl": return openssl(arguments, scan)
        case "curl": return curl(arguments, scan)
        case "cd": return paths(scan.current).filter { $0.terminator == "" }
        default:
            if scan.current.hasPrefix("-"), let table = Self.optionTables[name] { return Self.flags(table, scan) }
            return paths(scan.current)
        }
    }

    static func isAssignment(_ word: String) -> Bool {
        guard let eq = word.firstIndex(of: "="), eq != word.startIndex else { return false }
        return word[..<eq].allSatisfy { $0 == "_" || $0.isLetter || $0.isNumber } && !(word.first?.isNumber ?? true)
    }

    /// Built-ins, the programs installed on this host, and the shell's aliases.
    func commandNames() -> [Completion.Candidate] {
        let installed = Tools.programs.keys.filter { node?.binaries.contains($0) == true }
        let names = Set(Tools.builtins.keys).union(installed).union(state.current.aliases.keys)
        return names.map { Completion.Candidate($0) }
    }

    /// The cluster's host names, as `ssh` and `scp` reach them.
    var hosts: [String] { cluster.nodes.map(\.name) }

    private func ssh(_ arguments: [String], _ scan: CompletionScan) -> [Completion.Candidate] {
        let valued: Set<String> = ["-i", "-p", "-l", "-o", "-F", "-J"]
        var index = 0
        while index < arguments.count, arguments[index].hasPrefix("-") {
            index += valued.contains(arguments[index]) ? 2 : 1
        }
        if let last = arguments.last, valued.contains(last), index > arguments.count { return paths(scan.current) }
        guard index < arguments.count else {
            let user = scan.current.contains("@") ? String(scan.current.prefix { $0 != "@" }) + "@" : ""
            return hosts.map { Completion.Candidate(user + $0) }
        }
        // `ssh HOST CMD`: the command runs there, so its files and units are that host's.
        var remote = self
        let target = arguments[index].split(separator: "@").last.map(String.init) ?? arguments[index]
        if let node = cluster.node(resolving: target) {
            remote.host = node.name
            remote.cwd = "/root"
        }
        return remote.command(Array(arguments[(index + 1)...]), scan)
    }

    private func scp(_ scan: CompletionScan) -> [Completion.Candidate] {
        let word = scan.current
        if let colon = word.firstIndex(of: ":") {
            let prefix = String(word[...colon])
            let target = word[..<colon].split(separator: "@").last.map(String.init) ?? ""
            guard let node = cluster.node(resolving: target) else { return [] }
            var remote = self
            remote.host = node.name
            remote.cwd = "/root"
            return remote.paths(String(word[word.index(after: colon)...])).map {
                Completion.Candidate(prefix + $0.word, display: $0.display, terminator: $0.terminator)
            }
        }
        var result = paths(word)
        if !word.contains("/") {
            result += hosts.map { Completion.Candidate($0 + ":", terminator: "") }
        }
        return result
    }

    /// `-x` and `--long` spellings of an option table.
    static func flags(_ table: OptionTable, _ scan: CompletionScan) -> [Completion.Candidate] {
        let long = table.options.compactMap(\.long).map { "--" + $0 }
        let short = table.options.compactMap(\.short).map { "-" + String($0) }
        return flags(scan.current.hasPrefix("--") || scan.current.count > 1 ? long : short + long, scan)
    }

    static func flags(_ spellings: [String], _ scan: CompletionScan) -> [Completion.Candidate] {
        spellings.map { Completion.Candidate($0) }
    }

    /// The GNU tools whose option tables the completer lists after `-`.
    static let optionTables: [String: OptionTable] = [
        "systemctl": Systemctl.table, "journalctl": Journalctl.table, "crictl": Crictl.table, "sort": Sort.table,
        "sed": Sed.table, "wc": TextTools.wcTable, "uniq": TextTools.uniqTable, "tee": TextTools.teeTable,
        "touch": FileModes.touchTable, "base64": Base64.table, "cut": Cut.table,
    ]

    /// File names on the host: `dir/` for folders (no space after), `~` for root's home.
    func paths(_ typed: String) -> [Completion.Candidate] {
        guard let node else { return [] }
        let slash = typed.lastIndex(of: "/")
        let folderPart = slash.map { String(typed[...$0]) } ?? ""
        let resolved: String
        if folderPart.isEmpty {
            resolved = cwd
        } else {
            resolved = FileSystem.resolve(folderPart, cwd: cwd)
        }
        guard case .success(let names) = node.files.list(resolved) else { return [] }
        let base = slash.map { String(typed[typed.index(after: $0)...]) } ?? typed
        return names.filter { base.hasPrefix(".") || !$0.hasPrefix(".") }.map { name in
            let full = resolved == "/" ? "/" + name : resolved + "/" + name
            let folder = node.files.isDirectory(full)
            return Completion.Candidate(
                folderPart + name + (folder ? "/" : ""), display: name + (folder ? "/" : ""),
                terminator: folder ? "" : " ")
        }
    }

    /// The systemd units of the host.
    var units: [Completion.Candidate] {
        (node?.units.keys.map { $0 } ?? []).map { Completion.Candidate($0) }
    }
}
