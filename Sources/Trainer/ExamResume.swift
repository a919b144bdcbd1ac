import Catalog
import Progress

extension ExamSession {
    /// Rebuilds a running exam from the store: each task's cluster from its seed, then every stored
    /// line replayed in the order typed. The deadline is the original one: time ran on while away.
    static func resume(
        _ exam: ExamRecord, catalog: Catalog, store: Store, console: Console, now: @escaping () -> Int64
    ) throws(TrainerError) -> ExamSession {
        let rows: [ExamTaskRow]
        let log: [ExamCommandRecord]
        do {
            rows = try store.examTasks(exam: exam.id)
            log = try store.examCommands(exam: exam.id)
            try store.markExamResumed(exam.id)
        } catch {
            throw TrainerError("kubedojo: \(error)")
        }
        var tasks: [ExamTask] = []
        for row in rows {
            let (scenario, spec) = try App.find(row.scenario, in: catalog)
            tasks.append(
                ExamTask(
                    position: row.position,
                    plan: ExamTaskPlan(scenario: row.scenario, topic: row.topic, seed: row.seed, weight: row.weight),
                    scenario: scenario, spec: spec, attemptID: row.attempt))
        }
        guard !tasks.isEmpty else { throw TrainerError("kubedojo: exam \(exam.id) has no tasks to resume") }
        let session = ExamSession(
            examID: exam.id, blueprint: exam.blueprint, seed: exam.seed, minutes: exam.minutes, startedAt: exam.startedAt,
            deadline: exam.deadline, tasks: tasks, store: store, console: console, now: now)
        session.replay(log)
        // Warnings whose moment passed while away are given once, by the next line.
        return session
    }

    /// Applies stored lines without storing or printing anything again.
    func replay(_ log: [ExamCommandRecord]) {
        for record in log {
            guard let index = tasks.firstIndex(where: { $0.attemptID == record.attempt }) else { continue }
            // Lines are stored in the attempt of the task shown when they were typed.
            current = index
            _ = apply(
                record.command.line, elapsedMilliseconds: max(0, record.command.wallMilliseconds), task: index, replaying: true)
            tasks[index].sequence = max(tasks[index].sequence, record.command.seq)
        }
        confirmingSubmit = false
        replayed = log.count
    }

    /// What the candidate reads above the prompt of a resumed exam.
    public var resumeBanner: String {
        "Resumed exam \(examID): replayed \(replayed) stored line\(replayed == 1 ? "" : "s"); "
            + "you are on \(terminalHost), task \(current + 1) of \(tasks.count), with \(Self.clock(max(0, deadline - now()))) left.\n"
    }
}
