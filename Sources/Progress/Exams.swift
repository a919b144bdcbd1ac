import GRDB

/// One task of an exam as stored when the exam starts.
public struct ExamTaskRow: Sendable, Hashable {
    public var position: Int
    public var attempt: Int64
    public var scenario: String
    public var topic: String
    public var seed: UInt64
    public var weight: Int
    public var flagged = false
    public var visited = false
    public var note: String?
    public var spentMilliseconds: Int64?
    public var percent: Int?
    /// What was done on a host the task does not name (the task then scores zero).
    public var wrongHost: String?

    public init(position: Int, attempt: Int64, scenario: String, topic: String, seed: UInt64, weight: Int) {
        self.position = position
        self.attempt = attempt
        self.scenario = scenario
        self.topic = topic
        self.seed = seed
        self.weight = weight
    }
}

/// An exam as `kubedojo exam history` and `--resume` read it back.
public struct ExamRecord: Sendable, Hashable {
    public var id: Int64
    public var blueprint: String
    public var seed: UInt64
    public var minutes: Int
    public var startedAt: Int64
    public var deadline: Int64
    public var finishedAt: Int64?
    /// The score in tenths of a percent.
    public var scorePermille: Int?
    public var passed: Bool?
    /// `in-progress`, `submitted` or `timed-out`.
    public var outcome: String
    public var resumes: Int
}

/// A line of an exam's log, in the order typed across all its tasks.
public struct ExamCommandRecord: Sendable, Hashable {
    public var attempt: Int64
    public var command: CommandRecord
}

extension Store {
    /// Stores a new exam and its tasks (their attempts must exist); returns the exam's number.
    public func startExam(
        blueprint: String, seed: UInt64, minutes: Int, at time: Int64, tasks: [ExamTaskRow]
    ) throws(StoreError) -> Int64 {
        try write { db in
            try db.execute(
                sql: """
                    INSERT INTO exams (blueprint, seed, minutes, started_at, deadline, outcome)
                    VALUES (?, ?, ?, ?, ?, 'in-progress')
                    """,
                arguments: [blueprint, Int64(bitPattern: seed), minutes, time, time + Int64(minutes) * 60_000])
            let exam = db.lastInsertedRowID
            for task in tasks {
                try db.execute(
                    sql: """
                        INSERT INTO exam_tasks (exam_id, position, attempt_id, scenario, topic, seed, weight)
                        VALUES (?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        exam, task.position, task.attempt, task.scenario, task.topic, Int64(bitPattern: task.seed),
                        task.weight,
                    ])
            }
            return exam
        }
    }

    /// Marks, flags, notes and visits as the learner leaves them.
    public func updateExamTask(exam: Int64, position: Int, flagged: Bool, visited: Bool, note: String?)
        throws(StoreError)
    {
        try write { db in
            try db.execute(
                sql: "UPDATE exam_tasks SET flagged = ?, visited = ?, note = ? WHERE exam_id = ? AND position = ?",
                arguments: [flagged, visited, note, exam, position])
        }
    }

    /// Closes an exam with its grade and every task's result, in one transaction.
    public func finishExam(
        _ exam: Int64, at time: Int64, outcome: String, scorePermille: Int, passed: Bool, tasks: [ExamTaskRow]
    ) throws(StoreError) {
        try write { db in
            try db.execute(
                sql: "UPDATE exams SET finished_at = ?, outcome = ?, score_permille = ?, passed = ? WHERE id = ?",
                arguments: [time, outcome, scorePermille, passed, exam])
            for task in tasks {
                try db.execute(
                    sql: """
                        UPDATE exam_tasks SET flagged = ?, visited = ?, note = ?, spent_ms = ?, percent = ?, wrong_host = ?
                        WHERE exam_id = ? AND position = ?
                        """,
                    arguments: [
                        task.flagged, task.visited, task.note, task.spentMilliseconds, task.percent, task.wrongHost, exam,
                        task.position,
                    ])
            }
        }
    }

    public func markExamResumed(_ exam: Int64) throws(StoreError) {
        try write { db in try db.execute(sql: "UPDATE exams SET resumes = resumes + 1 WHERE id = ?", arguments: [exam]) }
    }

    /// Every exam, newest first.
    public func exams() throws(StoreError) -> [ExamRecord] {
        try read { db in try Row.fetchAll(db, sql: "SELECT * FROM exams ORDER BY id DESC").map(Self.decodeExam) }
    }

    /// The newest exam never submitted, if any.
    public func unfinishedExam() throws(StoreError) -> ExamRecord? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM exams WHERE finished_at IS NULL ORDER BY id DESC LIMIT 1")
                .map(Self.decodeExam)
        }
    }

    public func examTasks(exam: Int64) throws(StoreError) -> [ExamTaskRow] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM exam_tasks WHERE exam_id = ? ORDER BY position", arguments: [exam])
                .map { row in
                    var task = ExamTaskRow(
                        position: row["position"], attempt: row["attempt_id"], scenario: row["scenario"],
                        topic: row["topic"], seed: UInt64(bitPattern: row["seed"] as Int64), weight: row["weight"])
                    task.flagged = row["flagged"]
                    task.visited = row["visited"]
                    task.note = row["note"]
                    task.spentMilliseconds = row["spent_ms"]
                    task.percent = row["percent"]
                    task.wrongHost = row["wrong_host"]
                    return task
                }
        }
    }

    /// Every line typed in the exam, across its tasks' attempts, in the order it was stored.
    public func examCommands(exam: Int64) throws(StoreError) -> [ExamCommandRecord] {
        try read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT c.* FROM commands c JOIN exam_tasks t ON t.attempt_id = c.attempt_id
                    WHERE t.exam_id = ? ORDER BY c.rowid
                    """,
                arguments: [exam]
            ).map {
                ExamCommandRecord(
                    attempt: $0["attempt_id"],
                    command: CommandRecord(
                        seq: $0["seq"], wallMilliseconds: $0["wall_ms"], host: $0["host"], line: $0["line"]))
            }
        }
    }

    static func decodeExam(_ row: Row) -> ExamRecord {
        ExamRecord(
            id: row["id"], blueprint: row["blueprint"], seed: UInt64(bitPattern: row["seed"] as Int64),
            minutes: row["minutes"], startedAt: row["started_at"], deadline: row["deadline"],
            finishedAt: row["finished_at"], scorePermille: row["score_permille"], passed: row["passed"],
            outcome: row["outcome"], resumes: row["resumes"])
    }
}
