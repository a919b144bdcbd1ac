import ClusterSim

/// `mv`, `cp`, `rm` and `sleep` on the current node.
enum FileTools {
    /// Where `SOURCE` lands for `mv`/`cp SOURCE TARGET`: inside TARGET when it is a directory.
    private static func destination(_ source: String, _ target: String, files: FileSystem) -> String {
        guard files.isDirectory(target) else { return target }
        let name = source.split(separator: "/").last.map(String.init) ?? source
        return target == "/" ? "/" + name : target + "/" + name
    }

    static func mv(_ context: inout ToolContext) -> Int32 { transfer(&context, keepSource: false) }
    static func cp(_ context: inout ToolContext) -> Int32 { transfer(&context, keepSource: true) }

    private static func transfer(_ context: inout ToolContext, keepSource: Bool) -> Int32 {
        let tool = keepSource ? "cp" : "mv"
        let operands = context.args.dropFirst().filter { !$0.hasPrefix("-") }
        guard operands.count >= 2, let targetWord = operands.last else {
            context.err(
                "\(tool): missing destination file operand after '\(operands.first ?? "")'\nTry '\(tool) --help' for more information.\n"
            )
            return 1
        }
        guard let files = context.node?.files else { return 1 }
        let target = context.path(targetWord)
        if operands.count > 2, !files.isDirectory(target) {
            context.err("\(tool): target '\(targetWord)' is not a directory\n")
            return 1
        }
        let recursive = context.args.dropFirst().contains {
            $0 == "--recursive" || ($0.hasPrefix("-") && !$0.hasPrefix("--") && $0.contains { "rRa".contains($0) })
        }
        var status: Int32 = 0
        for sourceWord in operands.dropLast() {
            let source = context.path(sourceWord)
            if files.isDirectory(source), !keepSource || recursive {
                if !moveTree(&context, sourceWord, to: targetWord, keepSource: keepSource) { status = 1 }
                continue
            }
            guard case .success(let text) = files.read(source) else {
                let reason = files.isDirectory(source) ? "-r not specified; omitting directory" : "No such file or directory"
                context.err(
                    files.isDirectory(source) && keepSource
                        ? "cp: \(reason) '\(sourceWord)'\n"
                        : "\(tool): cannot stat '\(sourceWord)': No such file or directory\n")
                status = 1
                continue
            }
            let landing = destination(source, target, files: files)
            var failure: FileSystem.Failure?
            context.cluster.updateNode(context.host) { node in
                if case .failure(let error) = node.files.write(landing, text) {
                    failure = error
                } else if !keepSource, landing != source {
                    _ = node.files.remove(source)
                }
            }
            if let failure {
                context.err(
                    "\(tool): cannot \(keepSource ? "create regular file" : "move '\(sourceWord)' to") '\(targetWord)': \(failure.message)\n"
                )
                status = 1
            }
        }
        return status
    }

    /// `mv DIR TARGET` and `cp -r DIR TARGET`: the whole tree, with its files' modes.
    private static func moveTree(
        _ context: inout ToolContext, _ sourceWord: String, to targetWord: String, keepSource: Bool
    ) -> Bool {
        guard let files = context.node?.files else { return false }
        let tool = keepSource ? "cp" : "mv"
        let source = context.path(sourceWord)
        let target = context.path(targetWord)
        let landing = destination(source, target, files: files)
        let shown =
            landing == target
            ? targetWord
            : (targetWord.hasSuffix("/") ? targetWord : targetWord + "/")
                + (landing.split(separator: "/").last.map(String.init) ?? "")
        if landing == source || landing.hasPrefix(source + "/") {
            context.err(
                keepSource
                    ? "cp: cannot copy a directory, '\(sourceWord)', into itself, '\(shown)'\n"
                    : "mv: cannot move '\(sourceWord)' to a subdirectory of itself, '\(shown)'\n")
            return false
        }
        if files.isFile(landing) {
            context.err("\(tool): cannot overwrite non-directory '\(shown)' with directory '\(sourceWord)'\n")
            return false
        }
        if !keepSource, case .success(let names) = files.list(landing), !names.isEmpty {
            context.err("mv: cannot move '\(sourceWord)' to '\(shown)': Directory not empty\n")
            return false
        }
        context.cluster.updateNode(context.host) { node in
            let prefix = source + "/"
            node.files.makeDirectories(landing)
            for directory in node.files.directories where directory.hasPrefix(prefix) {
                node.files.makeDirectories(landing + "/" + directory.dropFirst(prefix.count))
            }
            for (path, file) in node.files.files where path.hasPrefix(prefix) {
                let moved = landing + "/" + path.dropFirst(prefix.count)
                _ = node.files.write(moved, file.content)
                _ = node.files.setMode(moved, file.mode)
            }
            if !keepSource { _ = node.files.removeTree(source) }
        }
        return true
    }

    static func rm(_ context: inout ToolContext) -> Int32 {
        let flags = context.args.dropFirst().filter { $0.hasPrefix("-") && $0 != "-" }
        let force = flags.contains { $0 == "--force" || (!$0.hasPrefix("--") && $0.contains("f")) }
        let recursive = flags.contains {
            $0 == "--recursive" || (!$0.hasPrefix("--") && ($0.contains("r") || $0.contains("R")))
        }
        var status: Int32 = 0
        for operand in context.args.dropFirst() where !operand.hasPrefix("-") || operand == "-" {
            let path = context.path(operand)
            if recursive, path == "/" {
                context.err(
                    "rm: it is dangerous to operate recursively on '/'\nrm: use --no-preserve-root to override this failsafe\n")
                status = 1
                continue
            }
            var failure: FileSystem.Failure?
            context.cluster.updateNode(context.host) { node in
                let result = recursive ? node.files.removeTree(path) : node.files.remove(path)
                if case .failure(let error) = result { failure = error }
            }
            switch failure {
            case nil: continue
            case .noSuchFile? where force: continue
            case .isADirectory?: context.err("rm: cannot remove '\(operand)': Is a directory\n")
            default: context.err("rm: cannot remove '\(operand)': No such file or directory\n")
            }
            status = 1
        }
        return status
    }

    /// `sleep N[smhd]`: virtual time passes, and the cluster reacts as it would meanwhile.
    static func sleep(_ context: inout ToolContext) -> Int32 {
        guard context.args.count > 1 else {
            context.err("sleep: missing operand\nTry 'sleep --help' for more information.\n")
            return 1
        }
        var total: Int64 = 0
        for word in context.args.dropFirst() {
            let unit = word.last.flatMap { "smhd".contains($0) ? $0 : nil }
            let number = unit == nil ? Substring(word) : word.dropLast()
            guard let value = Double(number), value >= 0, value < 1e7 else {
                context.err("sleep: invalid time interval '\(word)'\nTry 'sleep --help' for more information.\n")
                return 1
            }
            let factor: Double = ["m": 60_000, "h": 3_600_000, "d": 86_400_000][unit ?? "s"] ?? 1_000
            total += Int64(value * factor)
        }
        context.cluster.advance(milliseconds: total)
        return 0
    }
}
