import ClusterSim

/// `echo [-n] [-e] words...`
enum Echo {
    static func run(_ context: inout ToolContext) -> Int32 {
        var words = Array(context.args.dropFirst())
        var newline = true
        while let first = words.first, first == "-n" || first == "-e" || first == "-E" {
            if first == "-n" { newline = false }
            words.removeFirst()
        }
        context.out(words.joined(separator: " ") + (newline ? "\n" : ""))
        return 0
    }
}

/// `cat [files...]`: standard input when no file is given.
enum Cat {
    static func run(_ context: inout ToolContext) -> Int32 {
        let files = context.args.dropFirst()
        if files.isEmpty {
            context.out(context.stdin)
            return 0
        }
        var status: Int32 = 0
        for file in files {
            if file == "-" {
                context.out(context.stdin)
                continue
            }
            switch context.read(file) {
            case .success(let text): context.out(text)
            case .failure(let failure):
                context.err("cat: \(file): \(failure.message)\n")
                status = 1
            }
        }
        return status
    }
}

/// `hostname`
enum Hostname {
    static func run(_ context: inout ToolContext) -> Int32 {
        if context.args.count > 1, context.args[1] == "-I" || context.args[1] == "-i" {
            context.out((context.node?.ip ?? "") + (context.args[1] == "-I" ? " \n" : "\n"))
            return 0
        }
        context.out(context.host + "\n")
        return 0
    }
}

/// `export NAME=value ...`, `export NAME`, and `unset NAME`.
enum Export {
    static func run(_ context: inout ToolContext) -> Int32 {
        let args = context.args.dropFirst().filter { $0 != "-n" }
        if args.isEmpty || args == ["-p"] {
            for (name, value) in context.state.current.environment.sorted(by: { $0.key < $1.key }) {
                context.out("declare -x \(name)=\"\(value)\"\n")
            }
            return 0
        }
        var status: Int32 = 0
        for arg in args {
            let name: String
            var value: String?
            if let eq = arg.firstIndex(of: "=") {
                name = String(arg[..<eq])
                value = String(arg[arg.index(after: eq)...])
            } else {
                name = arg
            }
            guard Tokenizer.isName(name) else {
                context.err("-bash: export: `\(arg)': not a valid identifier\n")
                status = 1
                continue
            }
            let existing = context.state.current.variables.removeValue(forKey: name)
            context.state.current.environment[name] = value ?? existing ?? context.state.current.environment[name] ?? ""
        }
        return status
    }

    static func unset(_ context: inout ToolContext) -> Int32 {
        for name in context.args.dropFirst() where !name.hasPrefix("-") {
            context.state.current.environment.removeValue(forKey: name)
            context.state.current.variables.removeValue(forKey: name)
        }
        return 0
    }
}

/// `ssh HOST` opens a login shell on another node; `exit` closes it.
enum SSH {
    static func run(_ context: inout ToolContext) -> Int32 {
        // Options come before the destination; every word after it belongs to the remote command.
        var operands: [String] = []
        var words = context.args.dropFirst()[...]
        let valued: Set<Character> = [
            "B", "b", "c", "D", "E", "e", "F", "I", "i", "J", "L", "l", "m", "O", "o", "p", "Q", "R", "S", "W", "w",
        ]
        while let word = words.first, word.hasPrefix("-"), word.count > 1 {
            words = words.dropFirst()
            if word.count == 2, let letter = word.last, valued.contains(letter) { words = words.dropFirst() }
        }
        operands = Array(words)
        guard let target = operands.first else {
            context.err(
                "usage: ssh [-46AaCfGgKkMNnqsTtVvXxYy] [-B bind_interface] [-b bind_address]\n           [-c cipher_spec] [-D [bind_address:]port] [-E log_file] [-e escape_char]\n           [-F configfile] [-I pkcs11] [-i identity_file] [-J destination]\n           [-L address] [-l login_name] [-m mac_spec] [-O ctl_cmd] [-o option]\n           [-p port] [-Q query_option] [-R address] [-S ctl_path] [-W host:port]\n           [-w local_tun[:remote_tun]] destination [command [argument ...]]\n"
            )
            return 255
        }
        if let refusal = context.state.nestedSSHRefusal, context.state.depth > 1 {
            context.err(refusal)
            return 255
        }
        let host = target.split(separator: "@").last.map(String.init) ?? target
        guard let node = context.cluster.node(resolving: host) else {
            context.err("ssh: Could not resolve hostname \(host): Name or service not known\n")
            return 255
        }
        context.state.push(host: node.name)
        guard operands.count > 1 else { return 0 }
        // `ssh HOST COMMAND...`: the words are joined and run by the remote login shell.
        let line = operands.dropFirst().joined(separator: " ")
        let frames = context.state.depth
        let result = Shell.execute(line, state: &context.state, cluster: &context.cluster, stdin: context.stdin)
        while context.state.depth >= frames, context.state.pop() {}
        for segment in result.segments {
            segment.stream == .stdout ? context.out(segment.text) : context.err(segment.text)
        }
        return result.status
    }

    static func exit(_ context: inout ToolContext) -> Int32 {
        let from = context.host
        let viaSudo = context.state.current.viaSudo
        guard context.state.pop() else {
            context.err("kubedojo: this is the drill's first shell; type :quit to leave the drill\n")
            return 1
        }
        context.out(viaSudo ? "logout\n" : "logout\nConnection to \(from) closed.\n")
        return Int32(context.args.dropFirst().first.flatMap { Int32($0) } ?? 0)
    }
}

/// `cd`, `pwd`, `mkdir` on the current node's files (`ls` is ListTool).
enum Navigation {
    static func cd(_ context: inout ToolContext) -> Int32 {
        let target = context.args.count > 1 ? context.path(context.args[1]) : "/root"
        guard context.node?.files.isDirectory(target) == true else {
            let reason = context.node?.files.isFile(target) == true ? "Not a directory" : "No such file or directory"
            context.err("-bash: cd: \(context.args[1]): \(reason)\n")
            return 1
        }
        context.state.current.cwd = target
        return 0
    }

    static func pwd(_ context: inout ToolContext) -> Int32 {
        context.out(context.state.current.cwd + "\n")
        return 0
    }

    static func mkdir(_ context: inout ToolContext) -> Int32 {
        let parents = context.args.contains("-p")
        var status: Int32 = 0
        for operand in context.args.dropFirst() where !operand.hasPrefix("-") {
            let path = context.path(operand)
            guard let files = context.node?.files else { return 1 }
            if files.exists(path) {
                if !parents {
                    context.err("mkdir: cannot create directory '\(operand)': File exists\n")
                    status = 1
                }
                continue
            }
            let parent = FileSystem.resolve(path + "/..")
            if !parents, !files.isDirectory(parent) {
                context.err("mkdir: cannot create directory '\(operand)': No such file or directory\n")
                status = 1
                continue
            }
            context.cluster.updateNode(context.host) { $0.files.makeDirectories(path) }
        }
        return status
    }
}

/// `scp [-r] [HOST:]SRC [HOST:]DST` between the cluster's machines (virtual files only).
enum SCP {
    static func run(_ context: inout ToolContext) -> Int32 {
        let recursive = context.args.dropFirst().contains { $0.hasPrefix("-") && $0.contains("r") }
        let operands = context.args.dropFirst().filter { !$0.hasPrefix("-") }
        guard operands.count >= 2, let destination = operands.last else {
            context.err(
                "usage: scp [-346ABCOpqRrsTv] [-c cipher] [-D sftp_server_path] [-F ssh_config]\n           [-i identity_file] [-J destination] [-l limit] [-o ssh_option]\n           [-P port] [-S program] [-X sftp_option] source ... target\n"
            )
            return 1
        }
        func split(_ spec: String) -> (host: String, path: String)? {
            guard let colon = spec.firstIndex(of: ":"), !spec.hasPrefix("/") else {
                return (context.host, context.path(spec))
            }
            let host = String(spec[..<colon]).split(separator: "@").last.map(String.init) ?? ""
            guard let node = context.cluster.node(resolving: host) else { return nil }
            let path = String(spec[spec.index(after: colon)...])
            return (node.name, FileSystem.resolve(path.isEmpty ? "." : path, cwd: "/root"))
        }
        guard let target = split(destination) else {
            context.err("ssh: Could not resolve hostname \(destination.prefix { $0 != ":" }): Name or service not known\n")
            return 255
        }
        var status: Int32 = 0
        for source in operands.dropLast() {
            guard let from = split(source), let node = context.cluster.node(named: from.host) else {
                context.err("ssh: Could not resolve hostname \(source.prefix { $0 != ":" }): Name or service not known\n")
                status = 255
                continue
            }
            let name = String(from.path.split(separator: "/").last ?? "")
            guard let targetNode = context.cluster.node(named: target.host) else { continue }
            let into =
                targetNode.files.isDirectory(target.path)
                ? target.path + (target.path.hasSuffix("/") ? "" : "/") + name : target.path
            if node.files.isDirectory(from.path) {
                guard recursive else {
                    context.err("scp: \(from.path): not a regular file\n")
                    status = 1
                    continue
                }
                let prefix = from.path + "/"
                let entries = node.files.files.filter { $0.key.hasPrefix(prefix) }
                context.cluster.updateNode(target.host) { target in
                    target.files.makeDirectories(into)
                    for (path, file) in entries {
                        let copy = into + "/" + path.dropFirst(prefix.count)
                        target.files.makeDirectories(String(copy[..<(copy.lastIndex(of: "/") ?? copy.startIndex)]))
                        target.files.install(copy, file.content, mode: file.mode)
                    }
                }
                continue
            }
            guard let file = node.files.files[from.path] else {
                context.err("scp: \(from.path): No such file or directory\n")
                status = 1
                continue
            }
            let parent = String(into[..<(into.lastIndex(of: "/") ?? into.startIndex)])
            guard targetNode.files.isDirectory(parent.isEmpty ? "/" : parent) else {
                context.err(
                    "scp: dest open \"\(into)\": No such file or directory\nscp: failed to upload file \(source) to \(destination)\n"
                )
                status = 1
                continue
            }
            context.cluster.updateNode(target.host) { $0.files.install(into, file.content, mode: file.mode) }
        }
        return status
    }
}
