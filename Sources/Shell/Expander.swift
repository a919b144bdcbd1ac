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

    /// The word as one string, with no field splitting (assignments, redirection targets, bodies).
    mutating func string(_ word: Word) -> String {
        var result = ""
        for part in word.parts {
            switch part {
            case .text(let text): result += text
            case .parameter(let name): result += state.lookup(name)
            case .command(let source, _): result += substitute(source)
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
        return fields
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
