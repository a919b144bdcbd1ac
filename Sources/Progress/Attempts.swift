import GRDB

/// One graded check as stored.
public struct StoredCheck: Sendable, Hashable {
    public var checkID: String
    public var passed: Bool
    public var earned: Int
    public var points: Int
    public var coaching: Bool
    public var feedback: String

    public init(checkID: String, passed: Bool, earned: Int, points: Int, coaching: Bool, feedback: String) {
        self.checkID = checkID
        self.passed = passed
        self.earned = earned
        self.points = points
        self.coaching = coaching
        self.feedback = feedback
    }
}

/// An attempt as the home screen and tests read it back.
public struct AttemptRecord: Sendable, Hashable {
    public var id: Int64
    public var scenario: String
    public var seed: UInt64
    public var mode: String
    public var startedAt: Int64
    public var finishedAt: Int64?
    public var score: Int?
    public var maxScore: Int?
    public var percent: Int?
    public var hints: Int
    public var outcome: String
    /// How many times the attempt was rebuilt by replay after an interruption.
    public var resumes: Int = 0
    /// Whether `:solution` showed the reference solution during the attempt.
    public var revealed = false
}

/// A logged command line.
public struct CommandRecord: Sendable, Hashable {
    public var seq: Int
    public var wallMilliseconds: Int64
    public var host: String
    public var line: String
}

/// Per-scenario summary for the home screen.
public struct ScenarioProgress: Sendable, Hashable {
    public var scenario: String
    public var attempts: Int
    public var lastPercent: Int?
    public var bestPercent: Int?
    public var lastAt: Int64
}

extension Store {
    /// Starts an attempt; times are milliseconds since the Unix epoch, given by the caller.
    public func startAttempt(scenario: String, seed: UInt64, mode: String, at time: Int64) throws(StoreError) -> Int64 {
        try write { db in
            try db.execute(
                sql: "INSERT INTO attempts (scenario, seed, mode, started_at, outcome) VALUES (?, ?, ?, ?, 'in-progress')",
                arguments: [scenario, Int64(bitPattern: seed), mode, time])
            return db.lastInsertedRowID
        }
    }

    /// Stores a command line before it runs, so that a crash never loses it.
    public func logCommand(attempt: Int64, seq: Int, wallMilliseconds: Int64, host: String, line: String) throws(StoreError) {
        try write { db in
            try db.execute(
                sql: "INSERT INTO commands (attempt_id, seq, wall_ms, host, line) VALUES (?, ?, ?, ?, ?)",
                arguments: [attempt, seq, wallMilliseconds, host, line])
        }
    }

    /// Stores one `:check` round and makes its score the attempt's current score.
    public func recordCheck(attempt: Int64, round: Int, results: [StoredCheck], score: Int, maxScore: Int, percent: Int)
        throws(StoreError)
    {
        try write { db in
            for result in results {
                try db.execute(
                    sql: """
                        INSERT INTO check_results (attempt_id, round, check_id, passed, earned, points, coaching, feedback)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        attempt, round, result.checkID, result.passed, result.earned, result.points,
                        result.coaching, result.feedback,
                    ])
            }
            try db.execute(
                sql: "UPDATE attempts SET score = ?, max_score = ?, percent = ?, outcome = 'checked' WHERE id = ?",
                arguments: [score, maxScore, percent, attempt])
        }
    }

    /// Marks the attempt as one whose reference solution was shown.
    public func recordReveal(attempt: Int64) throws(StoreError) {
        try write { db in try db.execute(sql: "UPDATE attempts SET revealed = 1 WHERE id = ?", arguments: [attempt]) }
    }

    public func recordHint(attempt: Int64) throws(StoreError) {
        try write { db in try db.execute(sql: "UPDATE attempts SET hints = hints + 1 WHERE id = ?", arguments: [attempt]) }
    }

    /// Closes an attempt: `checked` when it was graded at least once, otherwise `abandoned`.
    public func finishAttempt(_ attempt: Int64, at time: Int64) throws(StoreError) {
        try write { db in
            try db.execute(
                sql: """
                    UPDATE attempts SET finished_at = ?,
                      outcome = CASE WHEN score IS NULL THEN 'abandoned' ELSE outcome END
                    WHERE id = ?
                    """,
                arguments: [time, attempt])
            // A finished attempt is never resumed: its snapshot (a whole cluster) would only grow the file.
            try db.execute(sql: "DELETE FROM attempt_snapshots WHERE attempt_id = ?", arguments: [attempt])
        }
    }

    public func attempts() throws(StoreError) -> [AttemptRecord] {
        try read { db in try Row.fetchAll(db, sql: "SELECT * FROM attempts ORDER BY id").map(Self.decodeAttempt) }
    }

    /// The attempt numbered `id`, if there is one.
    public func attempt(id: Int64) throws(StoreError) -> AttemptRecord? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM attempts WHERE id = ?", arguments: [id]).map(Self.decodeAttempt)
        }
    }

    /// Attempts never closed (the process crashed, was killed or lost its terminal), newest first.
    public func unfinishedAttempts() throws(StoreError) -> [AttemptRecord] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM attempts WHERE finished_at IS NULL AND mode != 'exam' ORDER BY id DESC")
                .map(Self.decodeAttempt)
        }
    }

    /// Counts a resumption of `attempt`, before its log is replayed.
    public func markResumed(_ attempt: Int64) throws(StoreError) {
        try write { db in
            try db.execute(sql: "UPDATE attempts SET resumes = resumes + 1 WHERE id = ?", arguments: [attempt])
        }
    }

    /// When every attempt started (milliseconds since the epoch), oldest first, for streaks.
    public func attemptStartTimes() throws(StoreError) -> [Int64] {
        try read { db in try Int64.fetchAll(db, sql: "SELECT started_at FROM attempts ORDER BY started_at") }
    }

    static func decodeAttempt(_ row: Row) -> AttemptRecord {
        AttemptRecord(
            id: row["id"], scenario: row["scenario"], seed: UInt64(bitPattern: row["seed"] as Int64),
            mode: row["mode"], startedAt: row["started_at"], finishedAt: row["finished_at"],
            score: row["score"], maxScore: row["max_score"], percent: row["percent"], hints: row["hints"],
            outcome: row["outcome"], resumes: row["resumes"] ?? 0, revealed: row["revealed"] ?? false)
    }

    /// The attempt's stored lines in order; with `after`, only those after that sequence number.
    public func commands(attempt: Int64, after: Int = Int.min) throws(StoreError) -> [CommandRecord] {
        try read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM commands WHERE attempt_id = ? AND seq > ? ORDER BY seq", arguments: [attempt, after]
            ).map {
                CommandRecord(seq: $0["seq"], wallMilliseconds: $0["wall_ms"], host: $0["host"], line: $0["line"])
            }
        }
    }

    public func checks(attempt: Int64) throws(StoreError) -> [StoredCheck] {
        try read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM check_results WHERE attempt_id = ? ORDER BY round, rowid", arguments: [attempt]
            ).map {
                StoredCheck(
                    checkID: $0["check_id"], passed: $0["passed"], earned: $0["earned"], points: $0["points"],
                    coaching: $0["coaching"], feedback: $0["feedback"])
            }
        }
    }

    /// Attempts per scenario with the last and best graded percentage.
    public func progress() throws(StoreError) -> [String: ScenarioProgress] {
        try read { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT scenario, COUNT(*) AS attempts, MAX(percent) AS best, MAX(started_at) AS last_at,
                      (SELECT percent FROM attempts b WHERE b.scenario = a.scenario AND b.percent IS NOT NULL
                       ORDER BY b.id DESC LIMIT 1) AS last
                    FROM attempts a GROUP BY scenario
                    """)
            var result: [String: ScenarioProgress] = [:]
            for row in rows {
                let scenario: String = row["scenario"]
                result[scenario] = ScenarioProgress(
                    scenario: scenario, attempts: row["attempts"], lastPercent: row["last"], bestPercent: row["best"],
                    lastAt: row["last_at"])
            }
            return result
        }
    }
}
