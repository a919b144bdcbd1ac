import ClusterSim

/// One login shell on one host: what `ssh` opens and `exit` closes.
public struct ShellFrame: Sendable, Hashable, Codable {
    public var host: String
    public var cwd: String = "/root"
    /// Exported variables, passed to every command.
    public var environment: [String: String] = [:]
    /// Shell variables that are not exported.
    public var variables: [String: String] = [:]
    /// The exam's `alias k=kubectl` is predefined.
    public var aliases: [String: String] = ["k": "kubectl"]
    /// Opened by `sudo -i` on the same host rather than by `ssh`.
    public var viaSudo = false

    public init(host: String) {
        self.host = host
    }
}

/// A command that ran, as the history probe and process coaching see it.
public struct Invocation: Sendable, Hashable, Codable {
    public var host: String
    /// The words after alias and variable expansion; `argv[0]` is the command name.
    public var argv: [String]
    /// Variables the command saw whose names matter to graders (`ETCDCTL_*`, `KUBECONFIG`).
    public var environment: [String: String]
    public var status: Int32
    /// For kubectl, the kube context it talked through; nil when it did not reach that point.
    public var kubeContext: String?

    public init(host: String, argv: [String], environment: [String: String], status: Int32, kubeContext: String? = nil) {
        self.kubeContext = kubeContext
        self.host = host
        self.argv = argv
        self.environment = environment
        self.status = status
    }
}

/// Everything the shell remembers between lines: the stack of login shells and what ran.
public struct ShellState: Sendable, Hashable, Codable {
    public private(set) var frames: [ShellFrame]
    public var lastStatus: Int32 = 0
    public private(set) var invocations: [Invocation] = []
    /// Command texts typed at this shell, oldest first (what `history` lists).
    public private(set) var history: [String] = []
    /// The number `history` shows for `history[0]`, once old entries have been dropped.
    public private(set) var historyBase = 1
    /// How many command substitutions enclose the commands now running.
    var substitutionDepth = 0
    /// Exam mode: `ssh` from any shell but the first is refused with this message (exit status 255).
    public var nestedSSHRefusal: String?

    public init(host: String) {
        frames = [ShellFrame(host: host)]
    }

    public var host: String { frames[frames.count - 1].host }
    public var current: ShellFrame {
        get { frames[frames.count - 1] }
        set { frames[frames.count - 1] = newValue }
    }

    /// The prompt bash shows on an exam host: `root@master1:~# `.
    public var prompt: String {
        let cwd = current.cwd
        let shown = cwd == "/root" ? "~" : cwd.hasPrefix("/root/") ? "~" + cwd.dropFirst(5) : cwd
        return "root@\(host):\(shown)# "
    }

    mutating func push(host: String, sudo: Bool = false) {
        var frame = ShellFrame(host: host)
        frame.viaSudo = sudo
        frames.append(frame)
    }

    mutating func clearHistory() {
        historyBase += history.count
        history = []
    }

    /// How many login shells deep the session is (1 on the first host).
    var depth: Int { frames.count }

    /// Leaves the innermost login shell; false when it is the first one.
    mutating func pop() -> Bool {
        guard frames.count > 1 else { return false }
        frames.removeLast()
        return true
    }

    mutating func record(_ invocation: Invocation) { invocations.append(invocation) }

    /// Keeps what a subshell (a copy of this state) ran, as the history probe must see it.
    mutating func adoptInvocations(of subshell: ShellState) {
        guard subshell.invocations.count > invocations.count else { return }
        invocations += subshell.invocations[invocations.count...]
    }

    /// bash's `HISTSIZE` on a Debian or Ubuntu host's `.bashrc`.
    static let historySize = 1000

    /// Adds a typed command text to the history, dropping the oldest beyond `historySize`.
    mutating func remember(_ text: String) {
        guard text.contains(where: { !$0.isWhitespace }) else { return }
        history.append(text)
        if history.count > Self.historySize {
            history.removeFirst(history.count - Self.historySize)
            historyBase += 1
        }
    }

    /// The value of `$NAME` in the current shell.
    func lookup(_ name: String) -> String {
        if name == "?" { return String(lastStatus) }
        if name == "HOSTNAME" { return host }
        if name == "HOME" { return "/root" }
        if name == "PWD" { return current.cwd }
        return current.variables[name] ?? current.environment[name] ?? ""
    }
}
