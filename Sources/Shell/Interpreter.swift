import ClusterSim

/// Runs typed command lines against a cluster: the shell's entry point.
public enum Shell {
    /// Environment variables recorded with each invocation for graders.
    static func isRecorded(_ name: String) -> Bool {
        name.hasPrefix("ETCDCTL_") || name == "KUBECONFIG"
    }

    /// Runs one line; the cluster and the shell state change as the commands say.
    public static func run(_ line: String, state: inout ShellState, cluster: inout Cluster) -> ShellResult {
        let list: CommandList
        switch Parser.parse(line) {
        case .failure(let error):
            state.lastStatus = 2
            return ShellResult(segments: [OutputSegment(.stderr, "-bash: \(error.message)\n")], status: 2)
        case .success(let parsed):
            list = parsed
        }
        var result = ShellResult(status: state.lastStatus)
        for item in list.items {
            switch item.connector {
            case .and where state.lastStatus != 0: continue
            case .or where state.lastStatus == 0: continue
            default: break
            }
            let status = runPipeline(item.pipeline, state: &state, cluster: &cluster, into: &result.segments)
            state.lastStatus = status
            result.status = status
        }
        return result
    }

    private enum Target: Equatable {
        case terminal, pipe
        case file(path: String, append: Bool)
    }

    private static func runPipeline(
        _ pipeline: Pipeline, state: inout ShellState, cluster: inout Cluster, into terminal: inout [OutputSegment]
    ) -> Int32 {
        var input = ""
        var status: Int32 = 0
        for (position, command) in pipeline.commands.enumerated() {
            let isLast = position == pipeline.commands.count - 1
            var piped = ""
            status = runCommand(
                command, stdin: input, pipesOut: !isLast, state: &state, cluster: &cluster,
                terminal: &terminal, pipe: &piped)
            input = piped
        }
        return status
    }

    private static func runCommand(
        _ command: SimpleCommand, stdin: String, pipesOut: Bool, state: inout ShellState,
        cluster: inout Cluster, terminal: inout [OutputSegment], pipe: inout String
    ) -> Int32 {
        let snapshot = state
        let lookup = { (name: String) in snapshot.lookup(name) }
        var words = command.words.map { $0.expand(lookup) }
        let assignments = command.assignments.map { ($0.name, $0.value.expand(lookup)) }

        // Redirections, left to right, as bash applies them.
        var stdout: Target = pipesOut ? .pipe : .terminal
        var stderr: Target = .terminal
        var input = stdin
        for redirect in command.redirects {
            let target = redirect.target.map { FileSystem.resolve($0.expand(lookup), cwd: state.current.cwd) } ?? ""
            switch redirect.op {
            case ">", "&>": stdout = .file(path: target, append: false)
            case ">>": stdout = .file(path: target, append: true)
            case "2>": stderr = .file(path: target, append: false)
            case "2>>": stderr = .file(path: target, append: true)
            case "2>&1": stderr = stdout
            case "<":
                switch cluster.node(named: state.host)?.files.read(target) ?? .failure(.noSuchFile) {
                case .success(let text): input = text
                case .failure(let failure):
                    terminal.append(
                        OutputSegment(.stderr, "-bash: \(redirect.target?.expand(lookup) ?? ""): \(failure.message)\n"))
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
                        OutputSegment(.stderr, "-bash: \(redirect.target?.expand(lookup) ?? ""): \(failed.message)\n"))
                    return 1
                }
            }
        }

        if words.isEmpty {
            for (name, value) in assignments {
                if state.current.environment[name] != nil {
                    state.current.environment[name] = value
                } else {
                    state.current.variables[name] = value
                }
            }
            return 0
        }

        // Aliases apply to an unquoted first word.
        if let first = command.words.first, !first.quoted, let literal = first.literal,
            let alias = state.current.aliases[literal]
        {
            words = alias.split(separator: " ").map(String.init) + words.dropFirst()
        }

        var environment = state.current.environment
        for (name, value) in assignments { environment[name] = value }
        let host = state.host
        var context = ToolContext(
            args: words, environment: environment, stdin: input, stdoutIsTerminal: stdout == .terminal,
            cluster: cluster, state: state)
        let status = Tools.run(&context)
        cluster = context.cluster
        state = context.state
        state.record(
            Invocation(
                host: host, argv: words, environment: environment.filter { isRecorded($0.key) }, status: status))

        for segment in context.output {
            let target = segment.stream == .stdout ? stdout : stderr
            switch target {
            case .terminal: terminal.append(segment)
            case .pipe: pipe += segment.text
            case .file(let path, _):
                cluster.updateNode(host) { node in _ = node.files.write(path, segment.text, append: true) }
            }
        }
        return status
    }
}
