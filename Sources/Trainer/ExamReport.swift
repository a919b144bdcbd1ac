import Foundation
import Grading
import Progress
import Shell

/// One task's grade at the end of an exam.
public struct ExamTaskResult: Sendable, Hashable {
    public var position: Int
    public var scenario: String
    public var topic: String
    public var weight: Int
    public var earned: Int
    public var maximum: Int
    /// The checks' own percentage, before the wrong-host rule.
    public var percent: Int
    /// The share of the weight earned: 0 with work on a wrong host or context, or none at all.
    public var fraction: Double
    public var spentMilliseconds: Int64
    public var wrongHost: String?
    public var failed: [CheckResult]
    public var flagged: Bool
    public var visited: Bool
    /// Whether any command ran on the task's cluster; a task never attempted scores 0 even where a
    /// fresh cluster passes some of its checks.
    public var attempted: Bool

    public var points: Double { Double(weight) * fraction }
    /// The whole percentage of the task's weight that counts.
    public var counted: Int { Int((fraction * 100).rounded()) }
}

/// A graded exam, as the report screen and the store take it.
public struct ExamResult: Sendable, Hashable {
    public static let passMark = 66

    public var examID: Int64
    /// `submitted` or `timed-out`.
    public var outcome: String
    public var tasks: [ExamTaskResult]
    public var startedAt: Int64
    public var finishedAt: Int64
    public var deadline: Int64
    public var minutes: Int
    public var blueprint: String
    public var seed: UInt64

    /// The score in tenths of a percent, rounded down (as each task's points are shown), so a
    /// shown 65.9 % is never a pass.
    public var scorePermille: Int { Int((tasks.map(\.points).reduce(0, +) * 10 + 1e-9).rounded(.down)) }
    public var passed: Bool { scorePermille >= Self.passMark * 10 }

    /// Topics in first-appearance order with the percentage of their weight earned.
    public var topics: [(topic: String, weight: Int, percent: Int)] {
        var order: [String] = []
        for task in tasks where !order.contains(task.topic) { order.append(task.topic) }
        return order.map { topic in
            let mine = tasks.filter { $0.topic == topic }
            let weight = mine.map(\.weight).reduce(0, +)
            let points = mine.map(\.points).reduce(0, +)
            return (topic, weight, weight == 0 ? 0 : Int((points * 100 / Double(weight)).rounded()))
        }
    }

    /// Tasks whose share of the time spent was at least twice their share of the marks (and a minute or more).
    public var timeSinks: [ExamTaskResult] {
        let total = tasks.map(\.spentMilliseconds).reduce(0, +)
        guard total > 0 else { return [] }
        return tasks.filter {
            $0.spentMilliseconds >= 60_000
                && Double($0.spentMilliseconds) / Double(total) >= 2 * Double($0.weight) / 100
        }
    }

    static func percent(_ permille: Int) -> String { "\(permille / 10).\(permille % 10) %" }

    /// The report screen.
    public func render(console: Console) -> String {
        var text = console.style("Exam \(examID) report", .bold) + " (\(blueprint), seed \(seed), \(tasks.count) tasks)\n"
        let used = min(finishedAt, deadline) - startedAt
        text +=
            (outcome == "timed-out" ? "Time is up: the exam was submitted at the deadline. " : "Submitted. ")
            + "Time used \(ExamSession.clock(max(0, used))) of \(ExamSession.clock(Int64(minutes) * 60_000)).\n\n"
        let width = max(8, tasks.map(\.scenario.count).max() ?? 0) + 2
        text += "  #  " + "TOPIC".padding(toLength: 17, withPad: " ", startingAt: 0)
        text += "SCENARIO".padding(toLength: width, withPad: " ", startingAt: 0) + "WEIGHT  SCORE  POINTS     TIME\n"
        for task in tasks {
            text += String(task.position).leftPadded(3) + "  " + task.topic.padding(toLength: 17, withPad: " ", startingAt: 0)
            text += task.scenario.padding(toLength: width, withPad: " ", startingAt: 0)
            text += "\(task.weight) %".leftPadded(6) + "\(task.counted) %".leftPadded(7)
            let tenths = Int((task.points * 10 + 1e-9).rounded(.down))
            text += "\(tenths / 10).\(tenths % 10)".leftPadded(8) + ExamSession.clock(task.spentMilliseconds).leftPadded(9)
            var marks: [String] = []
            if let wrong = task.wrongHost {
                marks.append(wrong.hasPrefix("ran kubectl in context") ? "wrong context" : "wrong host")
            }
            if !task.attempted { marks.append(task.visited ? "not attempted" : "not opened") }
            if task.flagged { marks.append("flagged") }
            text += marks.isEmpty ? "\n" : "  " + marks.joined(separator: ", ") + "\n"
        }
        text += "\nBy topic:\n"
        for topic in topics {
            text += "  " + topic.topic.padding(toLength: 17, withPad: " ", startingAt: 0)
            text += "\(topic.percent) %".leftPadded(6) + "  of \(topic.weight) % of the marks\n"
        }
        let verdict = passed ? console.style("PASS", .green) : console.style("FAIL", .red)
        text += "\nScore: \(Self.percent(scorePermille)) of 100 %: \(verdict) (the pass mark is \(Self.passMark) %)\n"
        let wrong = tasks.filter { $0.wrongHost != nil }
        if !wrong.isEmpty {
            text += "\nWork on the wrong host or context (the task scores 0):\n"
            for task in wrong { text += "  Task \(task.position): \(task.wrongHost ?? "")\n" }
        }
        let failing = tasks.filter { !$0.failed.isEmpty }
        if !failing.isEmpty {
            text += "\nFailed checks:\n"
            for task in failing {
                guard task.attempted else {
                    text +=
                        "  Task \(task.position) (\(task.scenario)): not attempted; its \(task.failed.count) failed checks are not listed.\n"
                    continue
                }
                for check in task.failed {
                    text += "  Task \(task.position) (\(task.scenario)) \(check.id)\(check.coaching ? " [coaching]" : ""): "
                    text += check.feedback + "\n"
                }
            }
        }
        let sinks = timeSinks
        if !sinks.isEmpty {
            let total = tasks.map(\.spentMilliseconds).reduce(0, +)
            text += "\nTriage:\n"
            for task in sinks {
                let share = Int((Double(task.spentMilliseconds) * 100 / Double(total)).rounded())
                text += "  Task \(task.position) took \(share) % of your time (\(ExamSession.clock(task.spentMilliseconds)))"
                text += " for \(task.weight) % of the marks and scored \(task.counted) %.\n"
            }
            text += "  On the exam, flag a task that runs long, move on, and come back once the quicker marks are in.\n"
        }
        return text
    }
}

extension ExamSession {
    /// The deadline passed: nothing more runs; the exam is graded as it stands.
    func timeUp() -> Reply {
        let moment = min(now(), deadline)
        if moment > lastLineAt { tasks[current].spentMilliseconds &+= moment - lastLineAt }
        lastLineAt = moment
        return submit(outcome: "timed-out")
    }

    /// Grades every task, stores the exam and its attempts, updates each scenario's review card,
    /// and returns the report; the session then ends.
    func submit(outcome: String) -> Reply {
        let finishedAt = now()
        var results: [ExamTaskResult] = []
        for task in tasks {
            let report = Grader.grade(task.scenario.checks, cluster: task.cluster, shell: task.shell, variables: task.values)
            let fraction =
                task.wrongHost != nil || task.linesRun == 0 || report.maximum == 0
                ? 0 : Double(report.earned) / Double(report.maximum)
            results.append(
                ExamTaskResult(
                    position: task.position, scenario: task.scenario.id, topic: task.plan.topic, weight: task.plan.weight,
                    earned: report.earned, maximum: report.maximum, percent: report.percent, fraction: fraction,
                    spentMilliseconds: task.spentMilliseconds, wrongHost: task.wrongHost,
                    failed: report.results.filter { !$0.passed }, flagged: task.flagged, visited: task.visited,
                    attempted: task.linesRun > 0))
            store(report, of: task, at: finishedAt)
        }
        let graded = ExamResult(
            examID: examID, outcome: outcome, tasks: results, startedAt: startedAt, finishedAt: finishedAt,
            deadline: deadline, minutes: minutes, blueprint: blueprint, seed: seed)
        result = graded
        var segments: [OutputSegment] = []
        do {
            try store.finishExam(
                examID, at: finishedAt, outcome: outcome, scorePermille: graded.scorePermille, passed: graded.passed,
                tasks: zip(tasks, results).map { task, result in
                    var row = ExamTaskRow(
                        position: task.position, attempt: task.attemptID, scenario: task.scenario.id,
                        topic: task.plan.topic, seed: task.plan.seed, weight: task.plan.weight)
                    row.flagged = task.flagged
                    row.visited = task.visited
                    row.note = task.note
                    row.spentMilliseconds = task.spentMilliseconds
                    row.percent = result.counted
                    row.wrongHost = task.wrongHost
                    return row
                })
        } catch {
            segments.append(OutputSegment(.stderr, "kubedojo: the exam could not be stored: \(error)\n"))
        }
        segments.append(OutputSegment(.stdout, graded.render(console: console)))
        return Reply(segments, quit: true)
    }

    /// The task's attempt gets the grade as one check round; its scenario's card the exam's rating.
    private func store(_ report: GradeReport, of task: ExamTask, at time: Int64) {
        let stored = report.results.map {
            StoredCheck(
                checkID: $0.id, passed: $0.passed, earned: $0.earned, points: $0.points, coaching: $0.coaching,
                feedback: $0.feedback)
        }
        let countedPoints = task.wrongHost != nil || task.linesRun == 0 ? 0 : report.earned
        let counted = report.maximum == 0 ? 0 : 100 * Double(countedPoints) / Double(report.maximum)
        // The attempt's score is the one the exam counted; its check results stay as graded.
        try? store.recordCheck(
            attempt: task.attemptID, round: 1, results: stored, score: countedPoints, maxScore: report.maximum,
            percent: countedPoints == report.earned ? report.percent : 0)
        try? store.finishAttempt(task.attemptID, at: time)
        let rating = AttemptRating.rating(
            percent: counted, elapsedSeconds: task.spentMilliseconds > 0 ? Double(task.spentMilliseconds) / 1000 : .nan,
            targetMinutes: task.scenario.minutes, hints: 0, revealed: false)
        guard let scheduler = try? CardKind.scenario.scheduler(desiredRetention: desiredRetention) else { return }
        _ = try? store.recordReview(
            cardID: "scenario:\(task.scenario.id)", kind: .scenario, attempt: task.attemptID, rating: rating,
            suggested: rating, at: Instant(millisecondsSinceEpoch: time), percent: counted,
            elapsedMilliseconds: task.spentMilliseconds, targetMilliseconds: Int64(task.scenario.minutes) * 60_000,
            hints: 0, revealed: false, scheduler: scheduler)
    }
}
