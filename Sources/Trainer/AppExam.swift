#if canImport(Glibc)
    import Glibc
#endif
import Catalog
import ClusterSim
import Foundation
import Progress

/// What `kubedojo exam` was asked for.
public struct ExamRequest: Sendable {
    public var minutes: Int?
    public var tasks: Int?
    public var seed: UInt64?
    public var blueprint: String?
    public var resume = false

    public init(minutes: Int? = nil, tasks: Int? = nil, seed: UInt64? = nil, blueprint: String? = nil, resume: Bool = false) {
        self.minutes = minutes
        self.tasks = tasks
        self.seed = seed
        self.blueprint = blueprint
        self.resume = resume
    }
}

extension App {
    /// `kubedojo exam`: starts a timed mock exam (or, with `resume`, continues the running one).
    public static func exam(_ request: ExamRequest, options: TrainerOptions) throws(TrainerError) {
        let catalog = try loadCatalog(options)
        let store = try openStore(options)
        let clock = try TrainerClock(environment: options.environment)
        let console = Console(environment: options.environment)
        let running = try guarded { () throws(StoreError) in try store.unfinishedExam() }
        let session: ExamSession
        if request.resume {
            guard request.seed == nil, request.tasks == nil, request.minutes == nil, request.blueprint == nil else {
                throw TrainerError("kubedojo: --resume continues the running exam as it was set; it takes no other option")
            }
            guard let running else {
                throw TrainerError("kubedojo: no exam is running; `kubedojo exam` starts one")
            }
            session = try ExamSession.resume(running, catalog: catalog, store: store, console: console, now: clock.now)
        } else {
            if let running, running.deadline > clock.now() {
                throw TrainerError(
                    "kubedojo: exam \(running.id) is still running (\(ExamSession.clock(running.deadline - clock.now())) left); "
                        + "`kubedojo exam --resume` continues it")
            }
            session = try startExam(request, catalog: catalog, store: store, console: console, now: clock.now)
        }
        session.desiredRetention = try guarded { () throws(StoreError) in try store.settings() }.retention
        signal(SIGPIPE, SIG_IGN)
        if request.resume {
            console.out(session.resumeBanner)
            if clock.now() >= session.deadline {
                // The deadline passed while away: the exam is graded as it was left.
                for segment in session.timeUp().segments {
                    segment.stream == .stdout ? console.out(segment.text) : console.err(segment.text)
                }
                return
            }
            console.out(session.taskText(session.current))
        } else {
            console.out(session.banner)
        }
        let reader = makeReader(console: console, options: options)
        if console.isInteractive, clock.fixed == nil {
            // At the deadline an alarm ends the line being typed, and the exam is submitted.
            let seconds = (session.deadline - clock.now() + 999) / 1000 + 1
            EditLineReader.armDeadline(seconds: max(1, seconds))
        }
        let ended = loop(session, reader: reader, console: console)
        if console.isInteractive { EditLineReader.armDeadline(seconds: 0) }
        if session.result == nil, ended {
            console.out("The exam keeps running until its deadline; `kubedojo exam --resume` continues it.\n")
        }
    }

    static func startExam(
        _ request: ExamRequest, catalog: Catalog, store: Store, console: Console, now: @escaping () -> Int64
    ) throws(TrainerError) -> ExamSession {
        let blueprint = try examBlueprint(request.blueprint, catalog: catalog)
        var systemRandom = SystemRandomNumberGenerator()
        let seed = request.seed ?? UInt64.random(in: 1...999_999, using: &systemRandom)
        let minutes = request.minutes ?? blueprint.minutes
        guard (1...600).contains(minutes) else { throw TrainerError("kubedojo: --minutes must be from 1 to 600") }
        let plans: [ExamTaskPlan]
        switch blueprint.plan(seed: seed, tasks: request.tasks, scenarios: catalog.scenarios) {
        case .success(let value): plans = value
        case .failure(let error): throw TrainerError("kubedojo: \(error)")
        }
        let start = now()
        var tasks: [ExamTask] = []
        let examID = try guarded { () throws(StoreError) in
            var rows: [ExamTaskRow] = []
            for (index, plan) in plans.enumerated() {
                let attempt = try store.startAttempt(scenario: plan.scenario, seed: plan.seed, mode: "exam", at: start)
                rows.append(
                    ExamTaskRow(
                        position: index + 1, attempt: attempt, scenario: plan.scenario, topic: plan.topic, seed: plan.seed,
                        weight: plan.weight))
            }
            return try store.startExam(blueprint: blueprint.id, seed: seed, minutes: minutes, at: start, tasks: rows)
        }
        let rows = try guarded { () throws(StoreError) in try store.examTasks(exam: examID) }
        for (row, plan) in zip(rows, plans) {
            let (scenario, spec) = try find(plan.scenario, in: catalog)
            tasks.append(ExamTask(position: row.position, plan: plan, scenario: scenario, spec: spec, attemptID: row.attempt))
        }
        return ExamSession(
            examID: examID, blueprint: blueprint.id, seed: seed, minutes: minutes, startedAt: start,
            deadline: start + Int64(minutes) * 60_000, tasks: tasks, store: store, console: console, now: now)
    }

    /// `--blueprint`: a file, else the id of a bundled blueprint; by default `cka-ha`.
    static func examBlueprint(_ name: String?, catalog: Catalog) throws(TrainerError) -> ExamBlueprint {
        guard let name else {
            guard let blueprint = catalog.blueprint(id: "cka-ha") ?? catalog.blueprints.first else {
                throw TrainerError("kubedojo: the content has no exam blueprint (Content/exams/*.yaml); pass --blueprint FILE")
            }
            return blueprint
        }
        if FileManager.default.fileExists(atPath: name) {
            guard let data = FileManager.default.contents(atPath: name) else {
                throw TrainerError("kubedojo: cannot read \(name)")
            }
            let (blueprint, errors) = catalog.loadBlueprint(text: String(decoding: data, as: UTF8.self), path: name)
            guard let blueprint, errors.isEmpty else {
                throw TrainerError(errors.map(\.description).joined(separator: "\n"))
            }
            return blueprint
        }
        guard let blueprint = catalog.blueprint(id: name) else {
            throw TrainerError(
                "kubedojo: no blueprint file or id '\(name)'; bundled: \(catalog.blueprints.map(\.id).joined(separator: ", "))")
        }
        return blueprint
    }

    /// `kubedojo exam history`: every exam, newest first, with its date, score and result.
    public static func examHistory(_ options: TrainerOptions) throws(TrainerError) -> String {
        let store = try openStore(options)
        let clock = try TrainerClock(environment: options.environment)
        let exams = try guarded { () throws(StoreError) in try store.exams() }
        guard !exams.isEmpty else { return "No exams yet; `kubedojo exam` starts one.\n" }
        let width = max(9, exams.map(\.blueprint.count).max() ?? 0) + 2
        var text = "EXAM  DATE              " + "BLUEPRINT".padding(toLength: width, withPad: " ", startingAt: 0)
        text += "TASKS  MINUTES   SCORE  RESULT\n"
        for exam in exams {
            let count = try guarded { () throws(StoreError) in try store.examTasks(exam: exam.id) }.count
            text += String(exam.id).leftPadded(4) + "  " + dateTime(exam.startedAt, clock: clock) + "  "
            text += exam.blueprint.padding(toLength: width, withPad: " ", startingAt: 0)
            text += String(count).leftPadded(5) + String(exam.minutes).leftPadded(9)
            text += (exam.scorePermille.map(ExamResult.percent) ?? "-").leftPadded(8) + "  "
            switch (exam.passed, exam.outcome) {
            case (true?, let outcome): text += "PASS" + (outcome == "timed-out" ? " (time ran out)" : "")
            case (false?, let outcome): text += "FAIL" + (outcome == "timed-out" ? " (time ran out)" : "")
            default:
                text +=
                    exam.deadline > clock.now()
                    ? "running, \(ExamSession.clock(exam.deadline - clock.now())) left (kubedojo exam --resume)"
                    : "not submitted (kubedojo exam --resume grades it)"
            }
            text += "\n"
        }
        return text
    }

    /// The home screen's last line while an exam runs.
    static func runningExamLine(_ store: Store, now: Int64) throws(StoreError) -> String {
        guard let exam = try store.unfinishedExam() else { return "" }
        guard exam.deadline > now else {
            return "Exam \(exam.id) was left before it was submitted: `kubedojo exam --resume` grades it.\n"
        }
        return
            "Exam \(exam.id) is running, \(ExamSession.clock(exam.deadline - now)) left: `kubedojo exam --resume` continues it.\n"
    }

    /// `YYYY-MM-DD HH:MM` in the learner's time zone.
    static func dateTime(_ milliseconds: Int64, clock: TrainerClock) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = clock.timeZone
        let parts = calendar.dateComponents([.hour, .minute], from: Date(timeIntervalSince1970: Double(milliseconds) / 1000))
        return clock.date(milliseconds) + String(format: " %02d:%02d", parts.hour ?? 0, parts.minute ?? 0)
    }
}

extension ExamSession {
    /// What the candidate reads when the exam starts.
    public var banner: String {
        var text = console.style("Mock exam \(examID)", .bold)
        text += ": \(blueprint), \(tasks.count) tasks, \(minutes) minutes (seed \(seed)). Pass mark \(ExamResult.passMark) %.\n"
        text += "You are on base, which has no kubectl, etcdctl or kubeadm: each task names the host to ssh to;\n"
        text += "type exit to come back to base. No hints, no checks: everything is graded when you :submit\n"
        text += "or when time is up. :list shows the tasks, :help the exam's commands.\n\n"
        return text + taskText(current)
    }
}
