import ClusterSim

/// Runs typed command lines against a cluster: the shell's entry point.
public enum Shell {
    /// Environment variables recorded with each invocation for graders.
    static func isRecorded(_ name: String) -> Bool {
        name.hasPrefix("ETCDCTL_") || name == "KUBECONFIG"
    }

    /// Runs one command text (one line, or several when it holds here-documents or continued
    /// lines) as typed at the prompt: it enters the history, then runs.
    /// `editor` opens files for `vi`, `vim` and `nano`; without one they explain the alternatives.
    public static func run(
        _ line: String, state: inout ShellState, cluster: inout Cluster, editor: (any ExternalEditor)? = nil
    ) -> ShellResult {
        state.remember(line)
        return execute(line, state: &state, cluster: &cluster, editor: editor)
    }

    /// What a typed text still needs before it can run, or nil when it is complete.
    ///
    /// A REPL reads continuation lines (bash's `> ` prompt) while this is non-nil. A text with a
    /// syntax error is complete: running it reports the error.
    public static func continuation(_ text: String) -> Continuation? {
        switch Tokenizer.scan(text) {
        case .failure(let error): return error.needsMoreInput ? Continuation(heredocs: [], awaiting: error.unmatched) : nil
        case .success(let scan):
            if !scan.openHeredocs.isEmpty { return Continuation(heredocs: scan.openHeredocs) }
            if scan.endsInBackslash { return Continuation(heredocs: []) }
            if case .failure(let error) = Parser.parse(scan.tokens), error.needsMoreInput {
                return Continuation(heredocs: [])
            }
            return nil
        }
    }

    /// Splits a script (a solution, a setup text) into the command texts a person would type at
    /// the prompt: a here-document, an open quote or a trailing backslash joins the lines that
    /// follow until the command is complete. Blank lines are dropped.
    public static func commands(in script: String) -> [String] {
        var commands: [String] = []
        var pending: String?
        // Bounded by the number of lines.
        for line in script.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            let text = pending.map { $0 + "\n" + line } ?? line
            if continuation(text) != nil {
                pending = text
                continue
            }
            pending = nil
            if !text.trimmed().isEmpty { commands.append(text) }
        }
        if let pending, !pending.trimmed().isEmpty { commands.append(pending) }
        return commands
    }

    /// Runs a command text without adding it to the history (subshells, `ssh HOST CMD`).
    /// `stdin` feeds the first command that reads it (`ssh HOST 'cat > f' <<EOF`).
    static func execute(
        _ line: String, state: inout ShellState, cluster: inout Cluster, editor: (any ExternalEditor)? = nil,
        stdin: String = ""
    ) -> ShellResult {
        var unread = stdin
        var segments: [OutputSegment] = []
        func failed(_ error: SyntaxError) -> ShellResult {
            state.lastStatus = 2
            var text = "-bash: \(error.message)\n"
            // At the end of input bash names the open quote, then gives up on the command.
            if error.needsMoreInput, !error.message.hasPrefix("syntax error") {
                text += "-bash: syntax error: unexpected end of file\n"
            }
            return ShellResult(segments: [OutputSegment(.stderr, text)], status: 2)
        }
        let scan: Scan
        switch Tokenizer.scan(line) {
        case .failure(let error): return failed(error)
        case .success(let scanned): scan = scanned
        }
        let list: CommandList
        switch Parser.parse(scan.tokens) {
        case .failure(let error): return failed(error)
        case .success(let parsed): list = parsed
        }
        for open in scan.openHeredocs {
            segments.append(
                OutputSegment(
                    .stderr,
                    "-bash: warning: here-document at line \(open.line) delimited by end-of-file (wanted `\(open.delimiter)')\n"
                ))
        }
        var result = ShellResult(segments: segments, status: state.lastStatus)
        result.status = runList(
            list, stdin: &unread, state: &state, cluster: &cluster, editor: editor, into: &result.segments)
        return result
    }

    /// The most times one loop runs its body; bash has no limit, the simulator stays bounded.
    static let maximumIterations = 1000

    /// Runs pipelines joined by `;`, `&&` and `||`; the status is the last one run's.
    /// `stdin` (a compound command's input) goes to the first command that runs, which takes it all.
    private static func runList(
        _ list: CommandList, stdin: inout String, state: inout ShellState, cluster: inout Cluster,
        editor: (any ExternalEditor)?, into segments: inout [OutputSegment]
    ) -> Int32 {
        var last = state.lastStatus
        for item in list.items {
            switch item.connector {
            case .and where state.lastStatus != 0: continue
            case .or where state.lastStatus == 0: continue
            default: break
            }
            let status = runPipeline(
                item.pipeline, stdin: stdin, state: &state, cluster: &cluster, editor: editor, into: &segments)
            stdin = ""
            state.lastStatus = status
            last = status
        }
        return last
    }

    private static func runCompound(
        _ compound: Compound, stdin: String, state: inout ShellState, cluster: inout Cluster, editor: (any ExternalEditor)?,
        into segments: inout [OutputSegment]
    ) -> Int32 {
        switch compound {
        case .forLoop(let name, let words, let body):
            var expander = Expander(state: state, cluster: cluster)
            let values = (words ?? []).flatMap { expander.fields($0) }
            state = expander.state
            cluster = expander.cluster
            segments += expander.diagnostics
            // A loop over no words runs nothing and succeeds.
            var status: Int32 = 0
            var input = stdin
            for (count, value) in values.enumerated() {
                guard count < maximumIterations else {
                    segments.append(
                        OutputSegment(.stderr, "kubedojo: loop stopped after \(maximumIterations) iterations\n"))
                    return 1
                }
                if state.current.environment[name] != nil {
                    state.current.environment[name] = value
                } else {
                    state.current.variables[name] = value
                }
                status = runList(body, stdin: &input, state: &state, cluster: &cluster, editor: editor, into: &segments)
            }
            return status
        }
    }

    private enum Target: Equatable {
        case terminal, pipe
        /// `/dev/null`, which the virtual file systems do not hold as a file.
        case discard
        case file(path: String, append: Bool)
    }

    private static func runPipeline(
        _ pipeline: Pipeline, stdin: String, state: inout ShellState, cluster: inout Cluster,
        editor: (any ExternalEditor)?, into terminal: inout [OutputSegment]
    ) -> Int32 {
        var input = stdin
        var status: Int32 = 0
        for (position, command) in pipeline.commands.enumerated() {
            let isLast = position == pipeline.commands.count - 1
            var piped = ""
            status = runCommand(
                command, stdin: input, pipesOut: !isLast, state: &state, cluster: &cluster, editor: editor,
                terminal: &terminal, pipe: &piped)
            input = piped
        }
        return status
    }

    private static func runCommand(
        _ command: SimpleCommand, stdin: String, pipesOut: Bool, state: inout ShellState,
        cluster: inout Cluster, editor: (any ExternalEditor)?, terminal: inout [OutputSegment], pipe: inout String
    ) -> Int32 {
        var expander = Expander(state: state, cluster: cluster)
        var words = command.words.flatMap { expander.fields($0) }
        let assignments = command.assignments.map { ($0.name, expander.string($0.value)) }
        var targets: [String] = []
        for redirect in command.redirects { targets.append(redirect.target.map { expander.string($0) } ?? "") }
        state = expander.state
        // The expander lives on for `$?`: its copy of the state must not make appends copy the arrays.
        expander.state = ShellState(host: state.host)
        cluster = expander.cluster
        terminal += expander.diagnostics

        // Redirections, left to right, as bash applies them.
        var stdout: Target = pipesOut ? .pipe : .terminal
        var stderr: Target = .terminal
        var input = stdin
        for (redirect, typed) in zip(command.redirects, targets) {
            let target = FileSystem.resolve(typed, cwd: state.current.cwd)
            if target == "/dev/null" {
                switch redirect.op {
                case ">", ">>": stdout = .discard
                case "2>", "2>>": stderr = .discard
                case "&>": (stdout, stderr) = (.discard, .discard)
                case "<": input = ""
                default: break
                }
                continue
            }
            switch redirect.op {
            case ">", "&>": stdout = .file(path: target, append: false)
            case ">>": stdout = .file(path: target, append: true)
            case "2>": stderr = .file(path: target, append: false)
            case "2>>": stderr = .file(path: target, append: true)
            case "2>&1": stderr = stdout
            case "<<": input = typed
            case "<<<": input = typed + "\n"
            case "<":
                switch cluster.node(named: state.host)?.files.read(target) ?? .failure(.noSuchFile) {
                case .success(let text): input = text
                case .failure(let failure):
                    terminal.append(
                        OutputSegment(.stderr, "-bash: \(typed): \(failure.message)\n"))
                    return 1
                }
            default: break
            }
            if redirect.op == "&>" { stderr = stdout }
            // Truncate or create the file now, as the shell does before the command runs.
            for case .file(let path, let append) in [stdout, stderr] where !append {
                var failed: FileSystem.Failure?
                cluster.updateNode(state.host) { node in
                    if case .failure(let failure) = node.files.write(path, "") { failed = failure }
                }
                if let failed {
                    terminal.append(
                        OutputSegment(.stderr, "-bash: \(typed): \(failed.message)\n"))
                    return 1
                }
            }
        }

        if let compound = command.compound {
            var output: [OutputSegment] = []
            let status = runCompound(compound, stdin: input, state: &state, cluster: &cluster, editor: editor, into: &output)
            route(output, host: state.host, stdout: stdout, stderr: stderr, cluster: &cluster, terminal: &terminal, pipe: &pipe)
            return status
        }

        if words.isEmpty {
            for (name, value) in assignments {
                if state.current.environment[name] != nil {
                    state.current.environment[name] = value
                } else {
                    state.current.variables[name] = value
                }
            }
            return expander.substitutionStatus ?? 0
        }

        // Aliases apply to an unquoted first word.
        if let first = command.words.first, !first.quoted, let literal = first.literal,
            let alias = state.current.aliases[literal], !words.isEmpty
        {
            words = alias.split(separator: " ").map(String.init) + words.dropFirst()
        }

        var environment = state.current.environment
        for (name, value) in assignments { environment[name] = value }
        let host = state.host
        var context = ToolContext(
            args: words, environment: environment, stdin: input, stdoutIsTerminal: stdout == .terminal,
            cluster: cluster, state: state)
        context.editor = editor
        let status = Tools.run(&context)
        cluster = context.cluster
        state = context.state
        // The context lives on for its output: drop its copy of the state so that recording appends
        // in place (a shared array would be copied whole, every command slower than the one before).
        context.state = ShellState(host: host)
        state.record(
            Invocation(
                host: host, argv: words, environment: environment.filter { isRecorded($0.key) }, status: status,
                kubeContext: context.kubeContext))

        route(context.output, host: host, stdout: stdout, stderr: stderr, cluster: &cluster, terminal: &terminal, pipe: &pipe)
        return status
    }

    /// Sends a command's output where its redirections point.
    private static func route(
        _ output: [OutputSegment], host: String, stdout: Target, stderr: Target, cluster: inout Cluster,
        terminal: inout [OutputSegment], pipe: inout String
    ) {
        for segment in output {
            let target = segment.stream == .stdout ? stdout : stderr
            switch target {
            case .terminal: terminal.append(segment)
            case .pipe: pipe += segment.text
            case .discard: break
            case .file(let path, _):
                cluster.updateNode(host) { node in _ = node.files.write(path, segment.text, append: true) }
            }
        }
    }
}

/// What an incomplete command text waits for before it can run.
public struct Continuation: Sendable, Hashable {
    /// The here-documents still open, in order; empty when the text waits for something else
    /// (a closing quote, the command after `|`, the line after a trailing backslash).
    public var heredocs: [HeredocEnd]
    /// The closing quote or parenthesis the text lacks: a line without it leaves the text
    /// waiting as before, so a REPL need not scan the whole text again.
    public var awaiting: Character?

    public init(heredocs: [HeredocEnd], awaiting: Character? = nil) {
        self.heredocs = heredocs
        self.awaiting = awaiting
    }
}
