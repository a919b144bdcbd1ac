import Foundation
import Catalog
import ClusterSim
import Grading
import Progress
import Shell

/// One hands-on attempt at a scenario: the cluster, the learner's shell and the attempt record.
///
/// `process` takes one typed line and returns what to print, so the loop around it (terminal or
/// pipe) stays thin and the session itself is tested without a terminal.
public final class DrillSession: InteractiveSession {
    public typealias Reply = SessionReply

    public let scenario: Scenario
    public let seed: UInt64
    public let attemptID: Int64
    public internal(set) var cluster: Cluster
    public internal(set) var shell: ShellState
    let values: [String: String]
    let store: Store
    let console: Console
    var hintsShown = 0
    /// Whether `:solution` showed the reference solution (the rating is then Again).
    var revealed = false
    /// `:solution` and `:reset` ask to be typed twice in a row; the first one sets this.
    var confirming: String?
    var topologyShown = false
    var eventsShown = false
    /// Events before this index happened during setup (they would give the task away).
    var eventsAtStart = 0
    let spec: ClusterSpec
    var checkRounds = 0
    /// Time spent on the attempt as the learner's prompts measured it (0 for piped input).
    var attemptMilliseconds: Int64 = 0
    var lastReport: GradeReport?
    var chosenRating: Rating?
    var sequence = 0
    /// How many stored lines a resume replayed, and how many of them on an unexpected host.
    var replayed = 0
    var replayDivergence = 0
    /// What running the lines since the last snapshot took, which a resume would replay (DrillResume).
    var unsnapshottedRunTime = Duration.zero
    /// How much replay time a resume may need before a snapshot is saved; nil saves none (tests).
    var snapshotBudget: Duration? = .milliseconds(10)
    /// Thinking time before lines that stored nothing (empty ones, or ones the store refused).
    private var pendingMilliseconds: Int64 = 0
    private var finished = false
    /// The desired retention the review is scheduled with (the learner's `retention` setting).
    public var desiredRetention = Settings.default.retention
    /// A command typed over several lines (a here-document, an open quote) so far.
    private var lines = LineAssembler()
    /// The real editor behind `vi`/`vim`/`nano`, on interactive terminals only.
    let editor: (any ExternalEditor)?

    /// Starts a new attempt on a fresh cluster built from `seed`.
    public convenience init(
        scenario: Scenario, spec: ClusterSpec, seed: UInt64, store: Store, console: Console, now: Int64,
        mode: String = "practice", editor: (any ExternalEditor)? = nil
    ) throws(TrainerError) {
        let attemptID: Int64
        do {
            attemptID = try store.startAttempt(scenario: scenario.id, seed: seed, mode: mode, at: now)
        } catch {
            throw TrainerError("kubedojo: \(error)")
        }
        self.init(
            scenario: scenario, spec: spec, seed: seed, store: store, console: console, attemptID: attemptID,
            editor: editor)
    }

    /// A session for an attempt already in the store; `resume` replays its log into it. `editor`
    /// defaults to the learner's real `$EDITOR` when the console is an interactive terminal.
    init(
        scenario: Scenario, spec: ClusterSpec, seed: UInt64, store: Store, console: Console, attemptID: Int64,
        editor: (any ExternalEditor)? = nil
    ) {
        self.editor = editor ?? (console.isInteractive ? TerminalEditor() : nil)
        self.scenario = scenario
        self.spec = spec
        self.seed = seed
        self.store = store
        self.console = console
        self.attemptID = attemptID
        cluster = scenario.cluster(spec: spec, seed: seed)
        values = scenario.values(seed: seed, spec: spec)
        shell = ShellState(host: scenario.startHost(values))
        eventsAtStart = cluster.events.count
    }

    /// The shell's prompt, or bash's `> ` while a command continues over several lines.
    public var prompt: String { lines.isContinuing ? "> " : shell.prompt }

    static let metaCommandNames = [
        ":check", ":events", ":help", ":hint", ":quit", ":rate", ":reset", ":solution", ":task", ":topology",
    ]
    public var metaCommands: [String] { Self.metaCommandNames }

    /// What Tab does at this session's prompt.
    public func complete(line: String, cursor: Int) -> Completion {
        PromptCompletion.complete(
            line: line, cursor: cursor, commands: metaCommands, shell: shell, cluster: cluster)
    }

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
    /// The line and that time are stored before anything runs, so replay rebuilds this moment exactly.
    public func process(_ line: String, elapsedMilliseconds: Int64 = 0) -> Reply {
        switch lines.feed(line, elapsed: max(0, elapsedMilliseconds)) {
        case .waiting: return Reply()
        case .complete(let text, let milliseconds): return storeAndRun(text, elapsed: milliseconds)
        case .dropped(let milliseconds):
            pendingMilliseconds &+= milliseconds
            return .error(LineAssembler.droppedMessage)
        }
    }

    /// Ctrl-C: a command being continued over several lines is dropped whole.
    public func interrupt() {
        lines.cancel()
    }

    /// End of input: a command still waiting for lines runs as bash runs it (an open here-document
    /// ends at end of file with a warning; an open quote is a syntax error).
    public func endOfInput() -> Reply {
        guard let pending = lines.flush() else { return Reply() }
        return storeAndRun(pending.text, elapsed: pending.milliseconds)
    }

    /// Stores the command (all its lines, as one command) with its thinking time, then runs it.
    private func storeAndRun(_ line: String, elapsed rawElapsed: Int64) -> Reply {
        let elapsed = rawElapsed &+ pendingMilliseconds
        guard !line.trimmed().isEmpty else {
            // An empty line stores nothing; its thinking time goes with the next stored line.
            pendingMilliseconds = elapsed
            return Reply()
        }
        do {
            try store.logCommand(
                attempt: attemptID, seq: sequence + 1, wallMilliseconds: elapsed, host: shell.host, line: line)
        } catch {
            pendingMilliseconds = elapsed
            return Reply([OutputSegment(.stderr, "kubedojo: \(error); the command was not run\n")])
        }
        sequence += 1
        pendingMilliseconds = 0
        let started = ContinuousClock.now
        let reply = apply(line, elapsedMilliseconds: elapsed, replaying: false)
        saveSnapshotIfDue(runTime: ContinuousClock.now - started)
        return reply
    }

    /// Runs one stored line: its thinking time passes on the cluster (a failover happens while you
    /// think), then the line runs. Replay calls this with `replaying`, which records nothing again.
    func apply(_ line: String, elapsedMilliseconds: Int64, replaying: Bool) -> Reply {
        attemptMilliseconds &+= elapsedMilliseconds
        cluster.advance(milliseconds: elapsedMilliseconds)
        let trimmed = line.trimmed()
        if trimmed.hasPrefix(":") { return meta(trimmed, replaying: replaying) }
        let host = shell.host
        let before = scenario.hosts.isEmpty || scenario.hosts.contains(host) ? nil : cluster.node(named: host)
        let ran = shell.invocations.count
        var segments = Shell.run(line, state: &shell, cluster: &cluster, editor: editor).segments
        // Likewise for the kube context a task names: kubectl run through another context would,
        // on the exam, act on another cluster.
        if let required = scenario.context.map({ Template.render($0, values) }),
            let used = shell.invocations.dropFirst(ran).compactMap(\.kubeContext).first(where: { $0 != required })
        {
            segments.append(
                OutputSegment(
                    .stderr,
                    "kubedojo: note: that kubectl command used the context \(used), but this task's work belongs in \(required) (kubectl config use-context \(required)); on the exam, work in the wrong context scores nothing.\n"
                ))
        }
        // Exam convention: a task's work belongs on the hosts it names. In practice the learner
        // hears at once when a command changed a machine the task did not name.
        if let before, cluster.node(named: host).map({ $0.files != before.files || $0.units != before.units }) == true {
            let named = scenario.hosts.map { Template.render($0, values) }
            segments.append(
                OutputSegment(
                    .stderr,
                    "kubedojo: note: that changed \(host), but this task's work belongs on \(named.joined(separator: ", ")); on the exam, work on the wrong host scores nothing.\n"
                ))
        }
        return Reply(segments)
    }

    static let help = """
        Trainer commands (everything else runs in the simulated shell):
          :task     show the task again
          :hint     show the next hint (hints used are recorded)
          :topology the nodes, etcd members and leader, API servers and LB backends as the model
                    sees them now (counts as a hint: it can give answers away)
          :events [N] what the model did since you arrived (elections, lease takeovers, pods,
                    LB backends): the last N, 20 by default (counts as a hint)
          :solution show the reference solution (type it twice; the attempt is then rated Again)
          :reset    start this attempt again on a fresh cluster from the same seed (type it twice)
          :check    grade your work now; you may keep working and check again
          :rate R   replace the suggested rating (again, hard, good or easy) of your last check
          :quit     leave the drill (your attempt and every command are saved)
          :help     this list
        Ctrl-C cancels the line being typed; Ctrl-D leaves too, and before any :check keeps the
        attempt open for `kubedojo resume`.

        """

    private func meta(_ command: String, replaying: Bool = false) -> Reply {
        let name = command.split(separator: " ").first.map(String.init) ?? command
        let confirmed = confirming == name
        confirming = nil
        switch name {
        case ":solution":
            guard confirmed else {
                confirming = name
                return .text(
                    "This shows the reference solution, and the attempt will be rated Again. Type :solution again to see it.\n")
            }
            return solution(record: !replaying)
        case ":reset":
            guard confirmed else {
                confirming = name
                return .text(
                    "This throws away the cluster's state and your shell (history stays in the attempt). Type :reset again to start over.\n"
                )
            }
            cluster = scenario.cluster(spec: spec, seed: seed)
            shell = ShellState(host: scenario.startHost(values))
            eventsAtStart = cluster.events.count
            return .text("The cluster is back to how the drill began (seed \(seed)); you are on \(shell.host) again.\n")
        case ":events":
            if !eventsShown {
                eventsShown = true
                hintsShown += 1
                if !replaying { try? store.recordHint(attempt: attemptID) }
            }
            let argument = command.split(separator: " ").dropFirst().first.map(String.init)
            return SandboxSession.events(Array(cluster.events.dropFirst(eventsAtStart)), argument)
        case ":topology":
            if !topologyShown {
                topologyShown = true
                hintsShown += 1
                if !replaying { try? store.recordHint(attempt: attemptID) }
            }
            return .text(Topology.render(cluster))
        case ":task": return .text(taskText.hasSuffix("\n") ? taskText : taskText + "\n")
        case ":hint": return hint(record: !replaying)
        case ":check": return check(record: !replaying)
        case ":rate": return rate(command.split(separator: " ").dropFirst().first.map(String.init))
        case ":quit", ":q", ":exit": return Reply(quit: true)
        case ":help", ":h", ":?": return .text(Self.help)
        default:
            return Reply([OutputSegment(.stderr, "kubedojo: unknown command \(command); :help lists the trainer's commands\n")])
        }
    }

    /// The reference solution with this attempt's values, marking the attempt revealed.
    private func solution(record: Bool) -> Reply {
        if !revealed, record { try? store.recordReveal(attempt: attemptID) }
        revealed = true
        let facts = Grader.facts(cluster).merging(values) { _, variable in variable }
        let text = Template.render(scenario.solution, facts)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).drop { $0.isEmpty }
        let body = lines.reversed().drop { $0.trimmed().isEmpty }.reversed()
        return .text("Reference solution:\n" + body.map { "  " + $0 + "\n" }.joined())
    }

    private func hint(record: Bool = true) -> Reply {
        guard !scenario.hints.isEmpty else { return .text("This drill has no hints.\n") }
        guard hintsShown < scenario.hints.count else {
            return .text("No more hints (\(scenario.hints.count) of \(scenario.hints.count) shown).\n")
        }
        hintsShown += 1
        if record { try? store.recordHint(attempt: attemptID) }
        let text = Template.render(scenario.hints[hintsShown - 1], values)
        return .text("Hint \(hintsShown)/\(scenario.hints.count): \(text)\(text.hasSuffix("\n") ? "" : "\n")")
    }

    /// Grades the current state, stores the round and renders the report.
    public func check(record: Bool = true) -> Reply {
        let report = Grader.grade(scenario.checks, cluster: cluster, shell: shell, variables: values)
        checkRounds += 1
        let stored = report.results.map {
            StoredCheck(
                checkID: $0.id, passed: $0.passed, earned: $0.earned, points: $0.points, coaching: $0.coaching,
                feedback: $0.feedback)
        }
        lastReport = report
        chosenRating = nil
        var text = Screens.checkReport(report, console: console, rating: suggestedRating.map(ratingLine))
        guard record else { return .text(text) }
        do {
            try store.recordCheck(
                attempt: attemptID, round: checkRounds, results: stored, score: report.earned,
                maxScore: report.maximum, percent: report.percent)
        } catch {
            text = "kubedojo: \(error)\n" + text
        }
        return .text(text)
    }

    /// The rating DESIGN §5 gives the last check, from score, time against the target and hints.
    public var suggestedRating: Rating? {
        guard let report = lastReport, report.maximum > 0 else { return nil }
        return AttemptRating.rating(
            percent: 100 * Double(report.earned) / Double(report.maximum),
            // Piped sessions measure no time: unknown time can neither slow nor speed the rating.
            elapsedSeconds: attemptMilliseconds > 0 ? Double(attemptMilliseconds) / 1000 : .nan,
            targetMinutes: scenario.minutes, hints: hintsShown,
            revealed: revealed)
    }

    private func ratingLine(_ rating: Rating) -> String {
        "Suggested rating: \(Self.name(rating)) (recorded for your review schedule when you leave; :rate again|hard|good|easy changes it)"
    }

    static func name(_ rating: Rating) -> String {
        switch rating {
        case .again: "Again"
        case .hard: "Hard"
        case .good: "Good"
        case .easy: "Easy"
        }
    }

    private func rate(_ word: String?) -> Reply {
        let ratings: [String: Rating] = ["again": .again, "hard": .hard, "good": .good, "easy": .easy]
        guard let suggested = suggestedRating else {
            return Reply([OutputSegment(.stderr, "kubedojo: :check first; a rating belongs to a graded attempt\n")])
        }
        guard let word, let rating = ratings[word.lowercased()] else {
            return Reply([OutputSegment(.stderr, "kubedojo: :rate takes one of again, hard, good, easy\n")])
        }
        chosenRating = rating
        return .text("Your rating: \(Self.name(rating)) (suggested \(Self.name(suggested))).\n")
    }

    /// Closes the attempt record and, when it was graded, schedules the scenario's next review
    /// from the last check; returns what to tell the learner. Safe to call more than once.
    @discardableResult
    public func finish(now: Int64) -> String? {
        guard !finished else { return nil }
        finished = true
        try? store.finishAttempt(attemptID, at: now)
        guard let report = lastReport, let suggested = suggestedRating else { return nil }
        let rating = chosenRating ?? suggested
        do {
            let scheduler = try CardKind.scenario.scheduler(desiredRetention: desiredRetention)
            let card = try store.recordReview(
                cardID: "scenario:\(scenario.id)", kind: .scenario, attempt: attemptID, rating: rating, suggested: suggested,
                at: Instant(millisecondsSinceEpoch: now), percent: 100 * Double(report.earned) / Double(report.maximum),
                elapsedMilliseconds: attemptMilliseconds, targetMilliseconds: Int64(scenario.minutes) * 60_000,
                hints: hintsShown, revealed: revealed, scheduler: scheduler)
            let due = card.schedule.due.millisecondsSinceEpoch
            let days = max(0, (due - now + 43_200_000) / 86_400_000)
            let civil = SimTime(milliseconds: due).civil
            let date = String(format: "%04d-%02d-%02d", civil.year, civil.month, civil.day)
            return "Rated \(Self.name(rating)); practise \(scenario.id) again in \(days) day\(days == 1 ? "" : "s") (\(date)).\n"
        } catch {
            return "kubedojo: the review could not be scheduled: \(error)\n"
        }
    }
}
