import ClusterSim

/// Expands the words of one command: parameters, then command substitutions run in a subshell,
/// whose unquoted output is split into fields as bash splits it (on blanks and newlines).
struct Expander {
    /// How many `$(...)` may run inside one another; bash has no such limit, but the simulator
    /// keeps its stack bounded.
    static let maximumDepth = 8

    var state: ShellState
    var cluster: Cluster
    /// What the substitutions wrote to standard error, in order.
    var diagnostics: [OutputSegment] = []
    /// The exit status of the last substitution that ran, which `$?` reports when the command
    /// has no words (`x=$(false)`).
    var substitutionStatus: Int32?
    /// How many process substitutions this command has made.
    var processFiles = 0

    /// The word as one string, with no field splitting (assignments, redirection targets, bodies).
    mutating func string(_ word: Word) -> String {
        var result = ""
        for part in word.parts {
            switch part {
            case .text(let text): result += text
            case .parameter(let name): result += state.lookup(name)
            case .command(let source, _): result += substitute(source)
            case .process(let source): result += processFile(source)
            }
        }
        return result
    }

    /// The fields a command word becomes; an unquoted substitution that prints nothing yields none.
    mutating func fields(_ word: Word) -> [String] {
        var fields: [String] = []
        var current = ""
        var started = word.quoted
        for part in word.parts {
            switch part {
            case .text(let text):
                current += text
                started = true
            case .parameter(let name):
                current += state.lookup(name)
                started = true
            case .process(let source):
                current += processFile(source)
                started = true
            case .command(let source, let quoted):
                let output = substitute(source)
                if quoted {
                    current += output
                    started = true
                    continue
                }
                let pieces = output.split(whereSeparator: Self.isBlank)
                let leadingBlank = output.first.map(Self.isBlank) ?? false
                let trailingBlank = output.last.map(Self.isBlank) ?? false
                for (index, piece) in pieces.enumerated() {
                    if index > 0 || leadingBlank {
                        if started { fields.append(current) }
                        current = ""
                    }
                    current += piece
                    started = true
                }
                if trailingBlank || (pieces.isEmpty && !output.isEmpty) {
                    if started { fields.append(current) }
                    current = ""
                    started = false
                }
            }
        }
        if started { fields.append(current) }
        // Pathname expansion, for words without quotes: a pattern matching nothing stays as typed.
        guard !word.quoted else { return fields }
        return fields.flatMap { field in
            guard field.contains(where: { $0 == "*" || $0 == "?" }) else { return [field] }
            let matches = glob(field)
            return matches.isEmpty ? [field] : matches
        }
    }

    /// The paths on the current host matching a pattern of `*` and `?`, sorted as bash sorts them
    /// in the C locale; names starting with a dot match only a pattern starting with one.
    private func glob(_ pattern: String) -> [String] {
        guard let files = cluster.node(named: state.host)?.files else { return [] }
        let absolute = pattern.hasPrefix("/")
        let base = absolute ? "/" : state.current.cwd
        var found: [(path: String, shown: String)] = [(base, absolute ? "/" : "")]
        let components = pattern.split(separator: "/").map(String.init)
        for (position, component) in components.enumerated() {
            let last = position == components.count - 1
            var next: [(path: String, shown: String)] = []
            for (path, shown) in found {
                let join = { (name: String) in
                    (
                        path == "/" ? "/" + name : path + "/" + name,
                        shown.isEmpty || shown.hasSuffix("/") ? shown + name : shown + "/" + name
                    )
                }
                guard component.contains(where: { $0 == "*" || $0 == "?" }) else {
                    let candidate = join(component)
                    if files.exists(candidate.0) { next.append(candidate) }
                    continue
                }
                guard case .success(let names) = files.list(path) else { continue }
                for name in names.sorted() where Self.matches(component, name) {
                    let candidate = join(name)
                    if last || files.isDirectory(candidate.0) { next.append(candidate) }
                }
            }
            found = next
            if found.isEmpty { return [] }
        }
        return found.map(\.shown)
    }

    /// Shell `*` and `?` matching of one path component.
    static func matches(_ pattern: String, _ name: String) -> Bool {
        if name.hasPrefix("."), !pattern.hasPrefix(".") { return false }
        return Glob.matches(pattern, name)
    }

    /// Runs a process substitution's command and names the file that holds its output, as bash
    /// names the pipe it reads (`/dev/fd/63`, then 62 and down for more in one command).
    mutating func processFile(_ source: String) -> String {
        var subshell = state
        subshell.substitutionDepth += 1
        guard subshell.substitutionDepth <= Self.maximumDepth else {
            substitutionStatus = 1
            return "/dev/null"
        }
        let result = Shell.execute(source, state: &subshell, cluster: &cluster)
        state.adoptInvocations(of: subshell)
        diagnostics += result.segments.filter { $0.stream == .stderr }
        let path = "/dev/fd/\(63 - processFiles)"
        processFiles += 1
        cluster.updateNode(state.host) { node in
            node.files.makeDirectories("/dev/fd")
            _ = node.files.write(path, result.stdout)
        }
        return path
    }

    private static func isBlank(_ character: Character) -> Bool {
        character == " " || character == "\t" || character == "\n"
    }

    /// Runs a command substitution in a copy of the shell: its variables and directory changes
    /// vanish with it, while what it did to the cluster stays, as a subshell's effects do.
    mutating func substitute(_ source: String) -> String {
        guard state.substitutionDepth < Self.maximumDepth else {
            diagnostics.append(
                OutputSegment(
                    .stderr, "kubedojo: command substitutions nest deeper than \(Self.maximumDepth) levels; not run\n"))
            substitutionStatus = 1
            return ""
        }
        var subshell = state
        subshell.substitutionDepth += 1
        let result = Shell.execute(source, state: &subshell, cluster: &cluster)
        state.adoptInvocations(of: subshell)
        substitutionStatus = result.status
        var output = ""
        for segment in result.segments {
            if segment.stream == .stdout { output += segment.text } else { diagnostics.append(segment) }
        }
        while output.hasSuffix("\n") { output.removeLast() }
        return output
    }
}
