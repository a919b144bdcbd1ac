import Catalog
import ClusterSim
import Grading
import Progress
import Shell

/// One hands-on attempt at a scenario: the cluster, the learner's shell and the attempt record.
///
/// `process` takes one typed line and returns what to print, so the loop around it (terminal or
/// pipe) stays thin and the session itself is tested without a terminal.
public final class DrillSession {
    public struct Reply: Sendable, Equatable {
        public var segments: [OutputSegment]
        public var quit: Bool

        init(_ segments: [OutputSegment] = [], quit: Bool = false) {
            self.segments = segments
            self.quit = quit
        }

        static func text(_ text: String, quit: Bool = false) -> Reply { Reply([OutputSegment(.stdout, text)], quit: quit) }
    }

    public let scenario: Scenario
    public let seed: UInt64
    public let attemptID: Int64
    public private(set) var cluster: Cluster
    public private(set) var shell: ShellState
    let values: [String: String]
    let store: Store
    let console: Console
    private var hintsShown = 0
    private var checkRounds = 0
    private var sequence = 0
    private var finished = false

    public init(scenario: Scenario, spec: ClusterSpec, seed: UInt64, store: Store, console: Console, now: Int64)
        throws(TrainerError)
    {
        self.scenario = scenario
        self.seed = seed
        self.store = store
        self.console = console
        cluster = Cluster.build(spec: spec, seed: seed)
        shell = ShellState(host: scenario.host)
        values = scenario.values(seed: seed)
        do {
            attemptID = try store.startAttempt(scenario: scenario.id, seed: seed, mode: "practice", at: now)
        } catch {
            throw TrainerError("kubedojo: \(error)")
        }
    }

    public var prompt: String { shell.prompt }

    /// The task as the learner reads it, with this attempt's values filled in.
    public var taskText: String { Template.render(scenario.task, values) }

    public var banner: String {
        var text =
            console.style("\(scenario.title)", .bold) + "  (\(scenario.id), seed \(seed), target \(scenario.minutes) min)\n"
        text += console.style("Guide: \(scenario.guide)", .dim) + "\n\n"
        text += taskText.hasSuffix("\n") ? taskText : taskText + "\n"
        text += "\n" + console.style("Type shell commands as on the exam host; :help lists the trainer's commands.", .dim) + "\n"
        return text
    }

    /// Handles one typed line; `elapsedMilliseconds` is the thinking time since the last prompt.
    public func process(_ line: String, elapsedMilliseconds: Int64 = 0) -> Reply {
        let trimmed = line.trimmed()
        if trimmed.hasPrefix(":") { return meta(trimmed) }
        guard !trimmed.isEmpty else { return Reply() }
        sequence += 1
        do {
            try store.logCommand(
                attempt: attemptID, seq: sequence, wallMilliseconds: elapsedMilliseconds, host: shell.host, line: line)
        } catch {
            return Reply([OutputSegment(.stderr, "kubedojo: \(error); the command was not run\n")])
        }
        cluster.advance(milliseconds: elapsedMilliseconds)
        return Reply(Shell.run(line, state: &shell, cluster: &cluster).segments)
    }

    static let help = """
        Trainer commands (everything else runs in the simulated shell):
          :task     show the task again
          :hint     show the next hint (hints used are recorded)
          :check    grade your work now; you may keep working and check again
          :quit     leave the drill (your attempt and every command are saved)
          :help     this list
        Ctrl-C cancels the line being typed; Ctrl-D leaves like :quit.

        """

    private func meta(_ command: String) -> Reply {
        switch command.split(separator: " ").first.map(String.init) ?? command {
        case ":task": return .text(taskText.hasSuffix("\n") ? taskText : taskText + "\n")
        case ":hint": return hint()
        case ":check": return check()
        case ":quit", ":q", ":exit": return Reply(quit: true)
        case ":help", ":h", ":?": return .text(Self.help)
        default:
            return Reply([OutputSegment(.stderr, "kubedojo: unknown command \(command); :help lists the trainer's commands\n")])
        }
    }

    private func hint() -> Reply {
        guard !scenario.hints.isEmpty else { return .text("This drill has no hints.\n") }
        guard hintsShown < scenario.hints.count else {
            return .text("No more hints (\(scenario.hints.count) of \(scenario.hints.count) shown).\n")
        }
        hintsShown += 1
        try? store.recordHint(attempt: attemptID)
        let text = Template.render(scenario.hints[hintsShown - 1], values)
        return .text("Hint \(hintsShown)/\(scenario.hints.count): \(text)\(text.hasSuffix("\n") ? "" : "\n")")
    }

    /// Grades the current state, stores the round and renders the report.
    public func check() -> Reply {
        let report = Grader.grade(scenario.checks, cluster: cluster, shell: shell, variables: values)
        checkRounds += 1
        let stored = report.results.map {
            StoredCheck(
                checkID: $0.id, passed: $0.passed, earned: $0.earned, points: $0.points, coaching: $0.coaching,
                feedback: $0.feedback)
        }
        var text = Screens.checkReport(report, console: console)
        do {
            try store.recordCheck(
                attempt: attemptID, round: checkRounds, results: stored, score: report.earned,
                maxScore: report.maximum, percent: report.percent)
        } catch {
            text = "kubedojo: \(error)\n" + text
        }
        return .text(text)
    }

    /// Closes the attempt record; safe to call more than once.
    public func finish(now: Int64) {
        guard !finished else { return }
        finished = true
        try? store.finishAttempt(attemptID, at: now)
    }
}
