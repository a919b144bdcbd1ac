import Shell

/// Puts typed commands into one canonical form so that history checks compare meaning, not
/// spelling: `--flag value` and `--flag=value` agree, `ETCDCTL_*` variables count as the flags
/// they stand for, and flags come sorted after the command words.
public enum HistoryNormalizer {
    public static func normalize(_ invocation: Invocation) -> String {
        guard invocation.argv.first == "etcdctl" else { return invocation.argv.joined(separator: " ") }
        var words: [String] = []
        var flags: [String: String] = [:]
        var index = 1
        let argv = invocation.argv
        while index < argv.count {
            let word = argv[index]
            index += 1
            guard word.hasPrefix("-") else {
                words.append(word)
                continue
            }
            var name = String(word.drop { $0 == "-" })
            if name.count == 1, let long = name.first.flatMap({ EtcdctlFlags.shorthands[$0] }) { name = long }
            if let eq = name.firstIndex(of: "=") {
                flags[String(name[..<eq])] = String(name[name.index(after: eq)...])
            } else if EtcdctlFlags.takingValue.contains(name), index < argv.count {
                flags[name] = argv[index]
                index += 1
            } else {
                flags[name] = "true"
            }
        }
        for (variable, value) in invocation.environment where variable.hasPrefix("ETCDCTL_") && variable != "ETCDCTL_API" {
            let name = variable.dropFirst("ETCDCTL_".count).lowercased().replacingOccurrences(of: "_", with: "-")
            if flags[name] == nil { flags[name] = value }
        }
        let flagText = flags.keys.sorted().map { "--\($0)=\(flags[$0] ?? "")" }
        return (["etcdctl"] + words + flagText).joined(separator: " ")
    }
}
