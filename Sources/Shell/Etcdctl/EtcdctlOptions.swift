/// etcdctl's global flag grammar, shared with the history normaliser so that both read a
/// command line the same way.
public enum EtcdctlFlags {
    /// Flags that take a value (`--endpoints X` or `--endpoints=X`); the rest are booleans.
    public static let takingValue: Set<String> = [
        "endpoints", "cacert", "cert", "key", "write-out", "dial-timeout", "command-timeout", "user",
        "password", "keepalive-time", "keepalive-timeout", "discovery-srv", "discovery-srv-name",
    ]
    /// One-letter forms.
    public static let shorthands: [Character: String] = ["w": "write-out", "d": "discovery-srv", "h": "help"]
}

/// etcdctl's command line after pflag-style parsing: the command path, flags and arguments.
struct EtcdctlOptions {
    var path: [String] = []
    var arguments: [String] = []
    var flags: [String: String] = [:]
    var wantsHelp = false

    static let valueFlags = EtcdctlFlags.takingValue
    static let boolFlags: Set<String> = [
        "debug", "hex", "insecure-skip-tls-verify", "insecure-transport", "insecure-discovery", "help", "cluster",
    ]
    static let shorthands = EtcdctlFlags.shorthands

    /// Commands whose next word is a subcommand.
    static let groups: [String: Set<String>] = [
        "member": ["add", "list", "promote", "remove", "update"],
        "endpoint": ["hashkv", "health", "status"],
        "snapshot": ["restore", "save", "status"],
        "alarm": ["disarm", "list"],
        "check": ["datascale", "perf"],
    ]
    static let leaves: Set<String> = [
        "version", "put", "get", "del", "defrag", "compaction", "move-leader", "watch", "lease", "txn", "help",
        "elect", "lock", "make-mirror", "migrate", "role", "user", "auth", "completion",
    ]

    /// Flags of one command (`get --prefix`), beside the global ones: value flags, then booleans.
    static let localFlags: [String: (values: Set<String>, bools: Set<String>)] = [
        "get": (
            ["consistency", "order", "sort-by", "limit", "rev", "min-mod-rev", "max-mod-rev"],
            ["prefix", "from-key", "keys-only", "print-value-only", "count-only"]
        ),
        "put": (["lease"], ["prev-kv", "ignore-value", "ignore-lease"]),
        "del": ([], ["prefix", "prev-kv", "from-key"]),
        "member add": (["peer-urls"], ["learner"]),
        "member update": (["peer-urls"], []),
        "member list": ([], ["hex"]),
        "snapshot restore": (
            ["data-dir", "wal-dir", "name", "initial-cluster", "initial-cluster-token", "initial-advertise-peer-urls"],
            ["skip-hash-check", "mark-compacted", "bump-revision"]
        ),
        "defrag": (["data-dir"], []),
        "compaction": ([], ["physical"]),
        "check perf": (["load", "prefix"], ["auto-compact", "auto-defrag"]),
        "check datascale": (["load", "prefix"], ["auto-compact", "auto-defrag"]),
    ]

    enum Failure: Error {
        case unknownFlag(String)
        case missingValue(String)
        case badBool(flag: String, value: String)
    }

    /// Parses the words after `etcdctl`. Flags may come before or after the command words.
    static func parse(_ words: [String]) -> Result<EtcdctlOptions, Failure> {
        var options = EtcdctlOptions()
        var index = 0
        var onlyArguments = false
        while index < words.count {
            let word = words[index]
            index += 1
            if onlyArguments || !word.hasPrefix("-") || word == "-" {
                if options.arguments.isEmpty, options.accepts(word) {
                    options.path.append(word)
                } else {
                    options.arguments.append(word)
                }
                continue
            }
            if word == "--" {
                onlyArguments = true
                continue
            }
            var name: String
            var inlineValue: String?
            if word.hasPrefix("--") {
                let body = word.dropFirst(2)
                if let eq = body.firstIndex(of: "=") {
                    name = String(body[..<eq])
                    inlineValue = String(body[body.index(after: eq)...])
                } else {
                    name = String(body)
                }
            } else {
                let body = word.dropFirst()
                guard let short = body.first, let long = shorthands[short] else {
                    return .failure(.unknownFlag(word.count > 2 ? "-" + String(word.dropFirst().prefix(1)) : word))
                }
                name = long
                let rest = body.dropFirst()
                if !rest.isEmpty { inlineValue = rest.hasPrefix("=") ? String(rest.dropFirst()) : String(rest) }
            }
            let local = localFlags[options.path.joined(separator: " ")]
            if valueFlags.contains(name) || local?.values.contains(name) == true {
                if let inlineValue {
                    options.flags[name] = inlineValue
                } else {
                    guard index < words.count else { return .failure(.missingValue(name)) }
                    options.flags[name] = words[index]
                    index += 1
                }
            } else if boolFlags.contains(name) || local?.bools.contains(name) == true {
                let value = inlineValue ?? "true"
                guard ["true", "false", "1", "0", "t", "f", "TRUE", "FALSE", "True", "False"].contains(value) else {
                    return .failure(.badBool(flag: name, value: value))
                }
                options.flags[name] = ["true", "1", "t", "TRUE", "True"].contains(value) ? "true" : "false"
                if name == "help" { options.wantsHelp = options.flags[name] == "true" }
            } else {
                return .failure(.unknownFlag("--" + name))
            }
        }
        return .success(options)
    }

    /// Whether `word` continues the command path rather than starting the arguments.
    private func accepts(_ word: String) -> Bool {
        if path.isEmpty { return true }
        // After a group (`member`), the next word is its subcommand, even an unknown one:
        // etcdctl then prints the group's help, as `etcdctl member foo` does.
        if path.count == 1, Self.groups[path[0]] != nil { return true }
        return false
    }

    func flag(_ name: String, environment: [String: String]) -> String? {
        if let value = flags[name] { return value }
        let variable = "ETCDCTL_" + name.uppercased().replacingOccurrences(of: "-", with: "_")
        return environment[variable]
    }

    func bool(_ name: String, environment: [String: String]) -> Bool {
        flag(name, environment: environment) == "true"
    }
}
