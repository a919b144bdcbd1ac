import ClusterSim

/// What a tool sees while it runs: its arguments, environment and input, the cluster, the shell.
public struct ToolContext: Sendable {
    /// `args[0]` is the command name as typed (after alias expansion).
    public var args: [String]
    public var environment: [String: String]
    public var stdin: String
    /// Whether standard output goes to the terminal (not a pipe or a file).
    public var stdoutIsTerminal: Bool
    public var cluster: Cluster
    public var state: ShellState
    /// The real editor the trainer lends on interactive terminals; nil elsewhere.
    public var editor: (any ExternalEditor)?
    /// The kube context a kubectl run talked through (after `--context` and the kubeconfig).
    public var kubeContext: String?
    public private(set) var output: [OutputSegment] = []

    public var host: String { state.host }
    public var node: Node? { cluster.node(named: state.host) }

    public mutating func out(_ text: String) { output.append(OutputSegment(.stdout, text)) }
    public mutating func err(_ text: String) { output.append(OutputSegment(.stderr, text)) }
    /// How many pieces this tool has written to stderr so far.
    public var stderrLineCount: Int { output.filter { $0.stream == .stderr }.count }

    /// Resolves a path typed by the user against the current directory.
    public func path(_ raw: String) -> String {
        FileSystem.resolve(raw, cwd: state.current.cwd)
    }

    /// Reads a file on the current host.
    public func read(_ raw: String) -> Result<String, FileSystem.Failure> {
        guard let node else { return .failure(.noSuchFile) }
        return node.files.read(path(raw))
    }
}

/// A command the shell can run: returns the exit status and writes through the context.
public typealias Tool = @Sendable (inout ToolContext) -> Int32
