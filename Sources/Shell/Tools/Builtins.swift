import ClusterSim

/// `alias`, `unalias`, `type`, `which` and `history`: what bash itself answers about commands.
enum Builtins {
    /// Words bash runs itself; `type` calls them shell builtins.
    static let shellBuiltins: Set<String> = [
        "alias", "cd", "echo", "exit", "export", "false", "history", "logout", "printf", "pwd", "true", "type",
        "unalias", "unset", "test", "[",
    ]

    /// Where an Ubuntu kubeadm host keeps each program; `/usr/bin` for the rest.
    static let programPaths: [String: String] = [
        "etcdctl": "/usr/local/bin/etcdctl", "etcd": "/usr/local/bin/etcd", "haproxy": "/usr/sbin/haproxy",
        "nginx": "/usr/sbin/nginx", "ip": "/usr/sbin/ip", "iptables": "/usr/sbin/iptables",
    ]

    /// The path `which` finds for a command on the current node, or nil.
    static func path(of name: String, on node: Node?) -> String? {
        if Tools.programs[name] != nil || name == "kubeadm" || name == "kubelet" || name == "etcd" {
            guard node?.binaries.contains(name) == true else { return nil }
        } else if Tools.builtins[name] == nil
            || ["cd", "alias", "unalias", "export", "unset", "exit", "logout", "history", "type"]
                .contains(name)
        {
            return nil
        }
        return programPaths[name] ?? "/usr/bin/\(name)"
    }

    /// bash's quoting of an alias value: single quotes, an embedded quote as `'\''`.
    static func quoted(_ value: String) -> String {
        "'" + value.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    static func alias(_ context: inout ToolContext) -> Int32 {
        let operands = context.args.dropFirst().filter { $0 != "-p" }
        if operands.isEmpty {
            for (name, value) in context.state.current.aliases.sorted(by: { $0.key < $1.key }) {
                context.out("alias \(name)=\(quoted(value))\n")
            }
            return 0
        }
        var status: Int32 = 0
        for operand in operands {
            if let eq = operand.firstIndex(of: "="), eq != operand.startIndex {
                let name = String(operand[..<eq])
                guard !name.contains(where: { " \t/$`'\"\\|&;<>()".contains($0) }) else {
                    context.err("-bash: alias: `\(name)': invalid alias name\n")
                    status = 1
                    continue
                }
                context.state.current.aliases[name] = String(operand[operand.index(after: eq)...])
            } else if let value = context.state.current.aliases[operand] {
                context.out("alias \(operand)=\(quoted(value))\n")
            } else {
                context.err("-bash: alias: \(operand): not found\n")
                status = 1
            }
        }
        return status
    }

    static func unalias(_ context: inout ToolContext) -> Int32 {
        let operands = Array(context.args.dropFirst())
        if operands.first == "-a" {
            context.state.current.aliases = [:]
            return 0
        }
        guard !operands.isEmpty else {
            context.err("unalias: usage: unalias [-a] name [name ...]\n")
            return 2
        }
        var status: Int32 = 0
        for name in operands where context.state.current.aliases.removeValue(forKey: name) == nil {
            context.err("-bash: unalias: \(name): not found\n")
            status = 1
        }
        return status
    }

    static func type(_ context: inout ToolContext) -> Int32 {
        var status: Int32 = 0
        for name in context.args.dropFirst() where !name.hasPrefix("-") {
            if let value = context.state.current.aliases[name] {
                context.out("\(name) is aliased to `\(value)'\n")
            } else if shellBuiltins.contains(name) {
                context.out("\(name) is a shell builtin\n")
            } else if let path = path(of: name, on: context.node) {
                context.out("\(name) is \(path)\n")
            } else {
                context.err("-bash: type: \(name): not found\n")
                status = 1
            }
        }
        return status
    }

    static func which(_ context: inout ToolContext) -> Int32 {
        var status: Int32 = 0
        let names = context.args.dropFirst().filter { !$0.hasPrefix("-") }
        guard !names.isEmpty else { return 1 }
        for name in names {
            if let path = path(of: name, on: context.node) { context.out(path + "\n") } else { status = 1 }
        }
        return status
    }

    static func history(_ context: inout ToolContext) -> Int32 {
        let operands = Array(context.args.dropFirst())
        if operands.first == "-c" {
            context.state.clearHistory()
            return 0
        }
        var entries = Array(context.state.history.enumerated())
        if let count = operands.first {
            guard let number = Int(count), number >= 0 else {
                context.err("-bash: history: \(count): numeric argument required\n")
                return 1
            }
            entries = Array(entries.suffix(number))
        }
        for (offset, line) in entries {
            let number = String(context.state.historyBase + offset)
            context.out(String(repeating: " ", count: max(0, 5 - number.count)) + number + "  " + line + "\n")
        }
        return 0
    }
}
