import Catalog
import ClusterSim
import Grading
import Progress
import Shell

/// One task of a running exam: its own simulated cluster, and the shell that `ssh` from `base`
/// opens on it (its first frame stands for `base`, which is no node of the cluster).
final class ExamTask {
    let position: Int
    let plan: ExamTaskPlan
    let scenario: Scenario
    let attemptID: Int64
    var cluster: Cluster
    var shell: ShellState
    let values: [String: String]
    /// The hosts the task names: its `hosts:`, else every node of its cluster.
    let namedHosts: [String]
    var flagged = false
    var visited = false
    var note: String?
    /// Wall-clock time spent while this task was the one shown.
    var spentMilliseconds: Int64 = 0
    var sequence = 0
    /// Lines run on this task's cluster, not counting an `ssh HOST` from base that only logged in.
    var linesRun = 0
    /// The first state-changing command on a host the task does not name, or kubectl command in a
    /// context it does not name, as the report shows it.
    var wrongHost: String?

    init(position: Int, plan: ExamTaskPlan, scenario: Scenario, spec: ClusterSpec, attemptID: Int64) {
        self.position = position
        self.plan = plan
        self.scenario = scenario
        self.attemptID = attemptID
        cluster = scenario.cluster(spec: spec, seed: plan.seed)
        let values = scenario.values(seed: plan.seed, spec: spec)
        self.values = values
        var shell = ShellState(host: ExamSession.baseHost)
        shell.nestedSSHRefusal = ExamSession.nestedSSHMessage
        self.shell = shell
        // As in drills, a scenario without `hosts:` may be worked anywhere in its cluster.
        let named = scenario.hosts.map { Template.render($0, values) }
        namedHosts = named.isEmpty ? spec.nodes.map(\.name) : named
    }

    var startHost: String { scenario.startHost(values) }
}

/// A timed mock exam: a `base` host with no cluster tools, one simulated cluster per task reached
/// by `ssh`, navigation between tasks, and grading only when the exam is submitted or time is up.
///
/// Every line is stored (in the attempt of the task shown) before it runs; `resume` replays the
/// stored lines in order, so the clusters, shells, flags and notes come back as they were.
public final class ExamSession: InteractiveSession {
    public typealias Reply = SessionReply

    static let baseHost = "base"
    static let nestedSSHMessage =
        "kubedojo: nested ssh is not allowed in the exam; type exit to return to base first\n"

    public let examID: Int64
    public let blueprint: String
    public let seed: UInt64
    public let minutes: Int
    public let startedAt: Int64
    public let deadline: Int64
    let tasks: [ExamTask]
    /// The task shown (index into `tasks`).
    var current = 0
    /// The task whose cluster the terminal is logged into, when it is not on `base`.
    var connected: Int?
    /// The candidate's own machine: a shell on a one-node cluster with no cluster tools.
    var baseShell: ShellState
    var baseCluster: Cluster
    let store: Store
    let console: Console
    /// Wall-clock milliseconds since the epoch (the deadline is wall-clock time).
    let now: () -> Int64
    var lastLineAt: Int64
    /// Minutes-left warnings already given.
    var warned: Set<Int> = []
    var confirmingSubmit = false
    private var lines = LineAssembler()
    /// Set once the exam is graded; the session then runs nothing more.
    public internal(set) var result: ExamResult?
    var replayed = 0
    /// The desired retention each task's review card is scheduled with.
    public var desiredRetention = Settings.default.retention

    init(
        examID: Int64, blueprint: String, seed: UInt64, minutes: Int, startedAt: Int64, deadline: Int64,
        tasks: [ExamTask], store: Store, console: Console, now: @escaping () -> Int64
    ) {
        self.examID = examID
        self.blueprint = blueprint
        self.seed = seed
        self.minutes = minutes
        self.startedAt = startedAt
        self.deadline = deadline
        self.tasks = tasks
        self.store = store
        self.console = console
        self.now = now
        (baseShell, baseCluster) = Self.makeBase()
        lastLineAt = now()
        tasks.first?.visited = true
        // Warnings for thresholds the exam starts below are never due.
        for threshold in Self.warnings where Int64(threshold) * 60_000 >= deadline - startedAt { warned.insert(threshold) }
    }

    static let warnings = [30, 15, 5]

    /// `base`: a Debian machine with a home directory and no kubectl, etcdctl or kubeadm.
    static func makeBase() -> (ShellState, Cluster) {
        let spec = ClusterSpec(
            id: "exam-base", topology: .none,
            nodes: [.init(name: baseHost, ip: "10.0.0.10", role: .worker)], initialized: false)
        var cluster = Cluster.build(spec: spec, seed: 1)
        cluster.updateNode(baseHost) { node in
            var files = FileSystem()
            for directory in ["/root", "/tmp", "/opt", "/home", "/var/log", "/srv", "/mnt"] {
                files.makeDirectories(directory)
            }
            files.install("/etc/hostname", baseHost + "\n")
            node.files = files
            node.units = [:]
            node.unitRecords = [:]
            node.staticPods = [:]
            node.binaries = []
        }
        return (ShellState(host: baseHost), cluster)
    }

    // MARK: - The terminal

    /// Where the terminal is: `base`, or a host of a task's cluster.
    var terminalHost: String { connected.map { tasks[$0].shell.host } ?? Self.baseHost }

    var shellPrompt: String {
        if let connected { return tasks[connected].shell.prompt }
        let cwd = baseShell.current.cwd
        let shown = cwd == "/root" ? "~" : cwd.hasPrefix("/root/") ? "~" + cwd.dropFirst(5) : cwd
        return "candidate@base:\(shown)$ "
    }

    /// The status line before the prompt: task n/N and time left (and whose cluster the terminal is on
    /// when that is not the task shown).
    public var statusLine: String {
        var text = "[task \(current + 1)/\(tasks.count) · \(Self.clock(max(0, deadline - now()))) left"
        if let connected, connected != current { text += " · on task \(connected + 1)'s \(terminalHost)" }
        return text + "]"
    }

    public var prompt: String {
        lines.isContinuing ? "> " : statusLine + " " + shellPrompt
    }

    static let metaCommandNames = [
        ":flag", ":goto", ":help", ":list", ":next", ":note", ":prev", ":quit", ":submit", ":task",
    ]
    public var metaCommands: [String] { Self.metaCommandNames }

    public func complete(line: String, cursor: Int) -> Completion {
        if let connected {
            return PromptCompletion.complete(
                line: line, cursor: cursor, commands: metaCommands, shell: tasks[connected].shell,
                cluster: tasks[connected].cluster)
        }
        // On base, `ssh` completes the hosts of the task shown; everything else base's own.
        if line.split(separator: " ").first == "ssh" {
            return PromptCompletion.complete(
                line: line, cursor: cursor, commands: metaCommands, shell: tasks[current].shell,
                cluster: tasks[current].cluster)
        }
        return PromptCompletion.complete(
            line: line, cursor: cursor, commands: metaCommands, shell: baseShell, cluster: baseCluster)
    }

    /// H:MM:SS.
    static func clock(_ milliseconds: Int64) -> String {
        let seconds = milliseconds / 1000
        return "\(seconds / 3600):" + pad(seconds / 60 % 60) + ":" + pad(seconds % 60)
    }

    static func pad(_ value: Int64) -> String { value < 10 ? "0\(value)" : "\(value)" }

    // MARK: - Lines

    public func process(_ line: String, elapsedMilliseconds _: Int64 = 0) -> Reply {
        guard result == nil else { return Reply(quit: true) }
        if now() >= deadline { return timeUp() }
        switch lines.feed(line, elapsed: 0) {
        case .waiting: return Reply()
        case .complete(let text, _): return storeAndRun(text)
        case .dropped: return .error(LineAssembler.droppedMessage)
        }
    }

    public func interrupt() { lines.cancel() }

    public func endOfInput() -> Reply {
        guard result == nil else { return Reply() }
        if now() >= deadline { return timeUp() }
        guard let pending = lines.flush() else { return Reply() }
        return storeAndRun(pending.text)
    }

    /// Stores the line in the shown task's attempt with the wall time since the last line, then runs it.
    private func storeAndRun(_ line: String) -> Reply {
        let moment = now()
        let elapsed = max(0, moment - lastLineAt)
        guard !line.trimmed().isEmpty else { return Reply() }
        let task = tasks[current]
        do {
            try store.logCommand(
                attempt: task.attemptID, seq: task.sequence + 1, wallMilliseconds: elapsed, host: terminalHost, line: line)
        } catch {
            return .error("kubedojo: \(error); the command was not run\n")
        }
        task.sequence += 1
        lastLineAt = moment
        var warning: [OutputSegment] = []
        let left = deadline - moment
        for threshold in Self.warnings where !warned.contains(threshold) && left <= Int64(threshold) * 60_000 {
            warned.formUnion(Self.warnings.filter { $0 >= threshold })
            warning = [OutputSegment(.stderr, "kubedojo: \(threshold) minutes left in the exam.\n")]
        }
        let reply = apply(line, elapsedMilliseconds: elapsed, task: current, replaying: false)
        return Reply(warning + reply.segments, quit: reply.quit)
    }

    /// Runs one stored line; replay calls it with `replaying`, which stores and prints nothing.
    func apply(_ line: String, elapsedMilliseconds: Int64, task index: Int, replaying: Bool) -> Reply {
        tasks[index].spentMilliseconds &+= elapsedMilliseconds
        let trimmed = line.trimmed()
        if confirmingSubmit {
            confirmingSubmit = false
            if [":submit", "y", "yes"].contains(trimmed.lowercased()) {
                return replaying ? Reply() : submit(outcome: "submitted")
            }
        }
        if trimmed.hasPrefix(":") { return meta(trimmed, replaying: replaying) }
        guard let connected else { return runOnBase(line, elapsedMilliseconds: elapsedMilliseconds) }
        return runOnTask(connected, line, elapsedMilliseconds: elapsedMilliseconds)
    }

    /// `base` runs everything itself except `ssh`, which opens a shell on the shown task's cluster.
    private func runOnBase(_ line: String, elapsedMilliseconds: Int64) -> Reply {
        let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
        if words.first == "ssh" {
            guard !Self.hasUnquotedOperator(line) else { return .error(Self.sshOperatorMessage) }
            let reply = runOnTask(current, line, elapsedMilliseconds: elapsedMilliseconds)
            if tasks[current].shell.frames.count > 1 { connected = current }
            if words.count == 2 { tasks[current].linesRun -= 1 }
            return reply
        }
        if let word = words.first, ["exit", "logout"].contains(word), words.count <= 2, baseShell.frames.count == 1 {
            return .error("kubedojo: this is base, the exam's own machine; :submit ends the exam, :quit leaves it running\n")
        }
        baseCluster.advance(milliseconds: elapsedMilliseconds)
        let output = Shell.run(line, state: &baseShell, cluster: &baseCluster)
        // The terminal on base is not a login shell: bash names itself `bash`, not `-bash`.
        return Reply(
            output.segments.map { segment in
                guard segment.stream == .stderr else { return segment }
                let text = segment.text.split(separator: "\n", omittingEmptySubsequences: false)
                    .map { $0.hasPrefix("-bash: ") ? String($0.dropFirst()) : String($0) }.joined(separator: "\n")
                return OutputSegment(.stderr, text)
            })
    }

    /// Runs a line in a task's cluster, noting the first change to a host the task does not name.
    func runOnTask(_ index: Int, _ line: String, elapsedMilliseconds: Int64) -> Reply {
        let task = tasks[index]
        task.linesRun += 1
        task.cluster.advance(milliseconds: elapsedMilliseconds)
        let others = task.cluster.nodes.filter { !task.namedHosts.contains($0.name) }
        let before = others.map(Self.workState)
        let ran = task.shell.invocations.count
        let output = Shell.run(line, state: &task.shell, cluster: &task.cluster)
        if task.wrongHost == nil {
            for (node, state) in zip(others, before) where task.cluster.node(named: node.name).map(Self.workState) != state {
                task.wrongHost =
                    "changed \(node.name) with `\(line.trimmed())`; the task names \(task.namedHosts.joined(separator: ", "))"
                break
            }
        }
        // A task that names a kube context: kubectl through any other context would, on the exam,
        // have read from or changed another cluster.
        if task.wrongHost == nil, let required = task.scenario.context.map({ Template.render($0, task.values) }),
            let used = task.shell.invocations.dropFirst(ran).compactMap(\.kubeContext).first(where: { $0 != required })
        {
            task.wrongHost = "ran kubectl in context \(used) with `\(line.trimmed())`; the task's work belongs in \(required)"
        }
        if task.shell.frames.count == 1 { connected = nil }
        return Reply(output.segments)
    }

    static let sshOperatorMessage =
        "kubedojo: on base, a pipe, redirection or command list around ssh is not simulated; quote the remote command (ssh HOST 'CMD | CMD') or log in with ssh HOST first\n"

    /// Whether a line has a pipe, redirection, list or substitution outside quotes (it would have
    /// to run partly on base, partly on the task's host).
    static func hasUnquotedOperator(_ line: String) -> Bool {
        var single = false, double = false, escaped = false
        var previous: Character = " "
        for character in line {
            defer { previous = character }
            if escaped {
                escaped = false
                continue
            }
            if character == "\\" && !single {
                escaped = true
            } else if character == "'" && !double {
                single.toggle()
            } else if character == "\"" && !single {
                double.toggle()
            } else if !single && !double && "|><;&`\n".contains(character) {
                return true
            } else if !single && previous == "$" && character == "(" {
                return true
            }
        }
        return false
    }

    /// What counts as work on a machine: its files, its systemd units and its firewall.
    static func workState(_ node: Node) -> WorkState {
        WorkState(files: node.files, units: node.units, firewall: node.firewall)
    }

    struct WorkState: Equatable {
        var files: FileSystem
        var units: [String: Node.UnitState]
        var firewall: [FirewallRule]
    }
}
