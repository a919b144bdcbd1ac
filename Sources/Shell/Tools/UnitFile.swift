import ClusterSim

/// A unit as systemd loaded it from a node's files: the unit file plus its drop-ins.
struct UnitFile {
    var name: String
    var fragmentPath: String
    var dropIns: [(directory: String, file: String)]
    var description: String?
    var documentation: [String] = []
    /// The raw `ExecStartPre=` and `ExecStart=` command lines in effect (a drop-in's empty
    /// `ExecStart=` clears what came before).
    var execStartPre: [String] = []
    var execStart: String?
    var hasReload = false
    var environment: [String: String] = [:]

    /// The unit `name` (`kubelet`) on `node`, or nil when no unit file exists.
    init?(_ name: String, on node: Node) {
        guard let path = Systemd.fragmentPath(name, in: node.files) else { return nil }
        self.name = name
        // Debian 12 merged /usr: a file under /usr/lib/systemd/system is found as /lib/systemd/system.
        fragmentPath = path.hasPrefix("/usr/lib/systemd/system/") ? String(path.dropFirst(4)) : path
        dropIns = Systemd.dropIns(name, in: node.files)
        let texts = [path] + dropIns.map { $0.directory + "/" + $0.file }
        for text in texts.compactMap({ node.files.read($0).success }) {
            read(text, files: node.files)
        }
    }

    /// The path systemd shows for the unit file.
    var displayPath: String { fragmentPath }

    /// Logical lines: continuation backslashes joined, comments dropped.
    private static func logicalLines(_ text: String) -> [String] {
        var lines: [String] = []
        var pending = ""
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if pending.isEmpty, line.hasPrefix("#") || line.hasPrefix(";") { continue }
            if line.hasSuffix("\\") {
                pending += line.dropLast() + " "
                continue
            }
            lines.append(pending + line)
            pending = ""
        }
        if !pending.isEmpty { lines.append(pending) }
        return lines
    }

    private mutating func read(_ text: String, files: FileSystem) {
        for line in Self.logicalLines(text) {
            guard let eq = line.firstIndex(of: "=") else { continue }
            let key = line[..<eq].trimmingCharacters(in: .whitespaces)
            let value = line[line.index(after: eq)...].trimmingCharacters(in: .whitespaces)
            switch key {
            case "Description": description = value
            case "Documentation":
                if value.isEmpty { documentation = [] } else { documentation += value.split(separator: " ").map(String.init) }
            case "ExecStartPre": execStartPre.append(value)
            case "ExecStart": execStart = value.isEmpty ? nil : value
            case "ExecReload": hasReload = true
            case "Environment":
                for assignment in Self.words(value) { assign(assignment) }
            case "EnvironmentFile":
                let path = value.hasPrefix("-") ? String(value.dropFirst()) : value
                for line in (files.read(path).success ?? "").split(separator: "\n") where !line.hasPrefix("#") {
                    assign(String(line).replacingOccurrences(of: "\"", with: ""))
                }
            default: break
            }
        }
    }

    private mutating func assign(_ assignment: String) {
        guard let eq = assignment.firstIndex(of: "=") else { return }
        environment[String(assignment[..<eq])] = String(assignment[assignment.index(after: eq)...])
    }

    /// Words of a value, double quotes grouping.
    private static func words(_ value: String) -> [String] {
        var words: [String] = []
        var current = ""
        var quoted = false
        for character in value {
            if character == "\"" {
                quoted.toggle()
            } else if character == " ", !quoted {
                if !current.isEmpty { words.append(current) }
                current = ""
            } else {
                current.append(character)
            }
        }
        if !current.isEmpty { words.append(current) }
        return words
    }

    /// The main process's command line with `$VAR` and `${VAR}` expanded, as `ps` shows it.
    var commandLine: String? {
        guard let execStart else { return nil }
        let raw = execStart.hasPrefix("-") || execStart.hasPrefix("@") ? String(execStart.dropFirst()) : execStart
        var expanded: [String] = []
        for word in raw.split(separator: " ") {
            var name = String(word)
            guard name.hasPrefix("$") else {
                expanded.append(name)
                continue
            }
            name.removeFirst()
            if name.hasPrefix("{"), name.hasSuffix("}") { name = String(name.dropFirst().dropLast()) }
            expanded += (environment[name] ?? "").split(separator: " ").map(String.init)
        }
        return expanded.joined(separator: " ")
    }

    /// The process name of the main process (`kubelet`), at most 15 characters as the kernel keeps it.
    var processName: String {
        let first = commandLine?.split(separator: " ").first.map(String.init) ?? name
        return String((first.split(separator: "/").last.map(String.init) ?? first).prefix(15))
    }
}
