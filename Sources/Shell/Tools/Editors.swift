import ClusterSim

/// `vi`, `vim` and `nano FILE`: the virtual file is edited in the learner's real editor when the
/// trainer lends one (interactive terminals); piped sessions are pointed to heredocs and `sed -i`.
enum Editors {
    static func run(_ context: inout ToolContext) -> Int32 {
        let command = context.args[0]
        let operands = context.args.dropFirst().filter { !$0.hasPrefix("-") && !$0.hasPrefix("+") }
        guard let editor = context.editor else {
            context.err(
                "kubedojo: \(command) needs an interactive terminal. Here, write a file with a heredoc\n"
                    + "  (cat <<'EOF' > FILE, then its lines, then EOF) or change it with sed -i 's/old/new/' FILE\n")
            return 1
        }
        guard operands.count == 1, let operand = operands.first else {
            context.err("kubedojo: \(command) edits one file here: \(command) FILE\n")
            return 1
        }
        let path = context.path(operand)
        guard let files = context.node?.files else { return 1 }
        if files.isDirectory(path) {
            context.err("kubedojo: \(operand) is a directory\n")
            return 1
        }
        let existed = files.isFile(path)
        let before = (try? files.read(path).get()) ?? ""
        let name = String(path.split(separator: "/").last ?? "file")
        switch editor.edit(before, name: name, command: command) {
        case .failure(let failure):
            context.err("kubedojo: \(failure.message)\n")
            return 1
        case .success(let after):
            // Quitting without saving leaves a new file uncreated and an old one untouched.
            guard after != before || (!existed && !after.isEmpty) else { return 0 }
            var failed: FileSystem.Failure?
            context.cluster.updateNode(context.host) { node in
                if case .failure(let failure) = node.files.write(path, after) { failed = failure }
            }
            if let failed {
                context.err("kubedojo: \(operand) could not be written back: \(failed.message)\n")
                return 1
            }
            return 0
        }
    }
}
