import Shell

/// Puts typed commands into one canonical form so that history checks compare meaning, not
/// spelling: `--flag value` and `--flag=value` agree, short flags count as their long names
/// (`-n` is `--namespace`), `ETCDCTL_*` variables count as the flags they stand for, and flags
/// come sorted after the command words. Commands other than etcdctl and kubectl keep their words.
public enum HistoryNormalizer {
    /// How a tool's flags are spelt: short names and the flags that take a separate value.
    struct Spelling {
        var shorthands: [Character: String]
        var takingValue: Set<String>
    }

    static let kubectl = Spelling(
        shorthands: [
            "n": "namespace", "o": "output", "l": "selector", "A": "all-namespaces", "f": "filename", "c": "container",
            "w": "watch", "i": "stdin", "t": "tty", "R": "recursive", "k": "kustomize", "L": "label-columns",
            "s": "server", "v": "v",
        ],
        takingValue: [
            "namespace", "output", "selector", "filename", "container", "kubeconfig", "context", "cluster", "user",
            "field-selector", "sort-by", "server", "label-columns", "template", "type", "grace-period", "timeout",
            "token", "as", "v", "tail", "since", "replicas", "image", "port",
        ])

    public static func normalize(_ invocation: Invocation) -> String {
        let argv = invocation.argv
        let spelling: Spelling
        switch argv.first {
        case "etcdctl": spelling = Spelling(shorthands: EtcdctlFlags.shorthands, takingValue: EtcdctlFlags.takingValue)
        case "kubectl": spelling = kubectl
        default: return argv.joined(separator: " ")
        }
        var words: [String] = []
        var flags: [String: String] = [:]
        var index = 1
        while index < argv.count {
            let word = argv[index]
            index += 1
            // After `--` everything is the command's own (kubectl exec POD -- etcdctl ...).
            if word == "--" {
                words += argv[(index - 1)...]
                break
            }
            guard word.hasPrefix("-"), word != "-" else {
                words.append(word)
                continue
            }
            var name = String(word.drop { $0 == "-" })
            var inlineValue: String?
            if let eq = name.firstIndex(of: "=") {
                inlineValue = String(name[name.index(after: eq)...])
                name = String(name[..<eq])
            }
            // `-it`: several boolean short flags in one word.
            if !word.hasPrefix("--"), inlineValue == nil, name.count > 1,
                name.allSatisfy({ spelling.shorthands[$0].map { !spelling.takingValue.contains($0) } ?? false })
            {
                for letter in name { if let long = spelling.shorthands[letter] { flags[long] = "true" } }
                continue
            }
            if !word.hasPrefix("--"), let first = name.first, let long = spelling.shorthands[first] {
                // `-nkube-system` and `-n kube-system` alike.
                if name.count > 1, inlineValue == nil, spelling.takingValue.contains(long) {
                    inlineValue = String(name.dropFirst())
                }
                name = long
            }
            if let inlineValue {
                flags[name] = inlineValue
            } else if spelling.takingValue.contains(name), index < argv.count {
                flags[name] = argv[index]
                index += 1
            } else {
                flags[name] = "true"
            }
        }
        if argv.first == "etcdctl" {
            for (variable, value) in invocation.environment
            where variable.hasPrefix("ETCDCTL_") && variable != "ETCDCTL_API" {
                let name = variable.dropFirst("ETCDCTL_".count).lowercased().replacingOccurrences(of: "_", with: "-")
                if flags[name] == nil { flags[name] = value }
            }
        }
        let flagText = flags.keys.sorted().map { "--\($0)=\(flags[$0] ?? "")" }
        return ([argv[0]] + words + flagText).joined(separator: " ")
    }
}
