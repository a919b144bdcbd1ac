import ClusterSim

/// coreutils `ls` on the current node's files: `-1`, `-a`/`-A`, `-d`, `-l`, `-R`, several operands.
///
/// The model keeps no modification times: `-l` dates every entry at the cluster's creation.
enum ListTool {
    struct Options {
        var long = false, recursive = false, all = false, almostAll = false, directoryItself = false, onePerLine = false
    }

    static func run(_ context: inout ToolContext) -> Int32 {
        var options = Options()
        var operands: [String] = []
        var words = context.args.dropFirst()[...]
        var optionsDone = false
        while let word = words.popFirst() {
            if !optionsDone, word == "--" {
                optionsDone = true
                continue
            }
            guard !optionsDone, word.hasPrefix("-"), word.count > 1 else {
                operands.append(word)
                continue
            }
            if word.hasPrefix("--") {
                switch word {
                case "--all": options.all = true
                case "--almost-all": options.almostAll = true
                case "--recursive": options.recursive = true
                case "--directory": options.directoryItself = true
                default: break
                }
                continue
            }
            letters: for letter in word.dropFirst() {
                switch letter {
                case "l", "g", "o", "n": options.long = true
                case "R": options.recursive = true
                case "a": options.all = true
                case "A": options.almostAll = true
                case "d": options.directoryItself = true
                case "1": options.onePerLine = true
                case "I", "T", "w":
                    // These take a value: the rest of the word, or the next one.
                    if word.hasSuffix(String(letter)) { _ = words.popFirst() }
                    break letters
                default: continue
                }
            }
        }
        if !context.stdoutIsTerminal { options.onePerLine = true }
        guard let files = context.node?.files else { return 2 }
        let targets = operands.isEmpty ? ["."] : operands
        var status: Int32 = 0
        var fileOperands: [String] = []
        var directories: [String] = []
        for operand in targets {
            let path = context.path(operand)
            if !files.exists(path) {
                context.err("ls: cannot access '\(operand)': No such file or directory\n")
                status = 2
            } else if files.isFile(path) || options.directoryItself {
                fileOperands.append(operand)
            } else {
                directories.append(operand)
            }
        }
        var sections: [String] = []
        if !fileOperands.isEmpty {
            sections.append(render(fileOperands.map { ($0, context.path($0)) }, options, context, total: false))
        }
        let headed = targets.count > 1 || options.recursive
        for operand in directories {
            sections += listDirectory(operand, context.path(operand), options, context, headed: headed)
        }
        context.out(sections.joined(separator: "\n"))
        return status
    }

    /// One directory's section (with its subdirectories' after it under `-R`).
    static func listDirectory(_ shown: String, _ path: String, _ options: Options, _ context: ToolContext, headed: Bool)
        -> [String]
    {
        guard let files = context.node?.files, case .success(var names) = files.list(path) else { return [] }
        if !options.all && !options.almostAll { names = names.filter { !$0.hasPrefix(".") } }
        var entries = names.map { ($0, path == "/" ? "/" + $0 : path + "/" + $0) }
        if options.all { entries = [(".", path), ("..", FileSystem.resolve(path + "/.."))] + entries }
        var text = headed ? "\(shown):\n" : ""
        text += render(entries, options, context, total: true)
        var sections = [text]
        if options.recursive {
            for (name, child) in entries where name != "." && name != ".." && files.isDirectory(child) {
                let childShown = shown.hasSuffix("/") ? shown + name : shown + "/" + name
                sections += listDirectory(childShown, child, options, context, headed: true)
            }
        }
        return sections
    }

    static func render(_ entries: [(String, String)], _ options: Options, _ context: ToolContext, total: Bool) -> String {
        guard options.long else {
            guard !entries.isEmpty else { return "" }
            return entries.map(\.0).joined(separator: options.onePerLine ? "\n" : "  ") + "\n"
        }
        guard let files = context.node?.files else { return "" }
        let date = dateText(context.cluster.createdAt, now: context.cluster.now)
        var rows: [(mode: String, links: String, size: String, name: String)] = []
        var blocks = 0
        for (name, path) in entries {
            if files.isDirectory(path) {
                let subdirectories = (files.list(path).success ?? []).filter {
                    files.isDirectory(path == "/" ? "/" + $0 : path + "/" + $0)
                }.count
                rows.append(("drwxr-xr-x", String(2 + subdirectories), "4096", name))
                blocks += 4
            } else {
                let file = files.files[path]
                let size = file?.content.utf8.count ?? 0
                rows.append(("-" + modeText(file?.mode ?? 0o644), "1", String(size), name))
                blocks += (size + 4095) / 4096 * 4
            }
        }
        let linkWidth = rows.map(\.links.count).max() ?? 1
        let sizeWidth = rows.map(\.size.count).max() ?? 1
        func pad(_ text: String, _ width: Int) -> String { String(repeating: " ", count: max(0, width - text.count)) + text }
        var text = total ? "total \(blocks)\n" : ""
        for row in rows {
            text += "\(row.mode) \(pad(row.links, linkWidth)) root root \(pad(row.size, sizeWidth)) \(date) \(row.name)\n"
        }
        return text
    }

    /// `rwxr-xr-x` for the permission bits of a mode.
    static func modeText(_ mode: UInt16) -> String {
        let letters: [Character] = ["r", "w", "x"]
        return String(
            (0..<9).map { bit -> Character in
                mode & (1 << (8 - bit)) != 0 ? letters[bit % 3] : "-"
            })
    }

    /// `Jun 29 04:28`, or `Jun 29  2025` for a time more than six months before now or in the future.
    static func dateText(_ time: SimTime, now: SimTime) -> String {
        let civil = time.civil
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        let day = civil.day < 10 ? " \(civil.day)" : "\(civil.day)"
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        let sixMonths: Int64 = 15_778_476_000
        let recent = time.milliseconds <= now.milliseconds && now.milliseconds - time.milliseconds < sixMonths
        return "\(months[civil.month - 1]) \(day) " + (recent ? "\(two(civil.hour)):\(two(civil.minute))" : " \(civil.year)")
    }
}
