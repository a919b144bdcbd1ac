import Foundation
import GRDB

/// Everything a learner did, for an instructor: `kubedojo export --json`.
///
/// Encoded with sorted snake_case keys; times are milliseconds since the Unix epoch (UTC); `think_ms`
/// is the thinking time stored with each line (0 for piped sessions). The `format_version` changes
/// only when a key changes meaning or disappears; new keys may appear.
public struct ExportDocument: Sendable, Codable, Equatable {
    public struct Command: Sendable, Codable, Equatable {
        public var seq: Int
        public var thinkMs: Int64
        public var host: String
        public var line: String
    }

    public struct CheckResult: Sendable, Codable, Equatable {
        public var round: Int
        public var checkId: String
        public var passed: Bool
        public var earned: Int
        public var points: Int
        public var coaching: Bool
        public var feedback: String
    }

    public struct Attempt: Sendable, Codable, Equatable {
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
        public var resumes: Int
        /// Whether `:solution` showed the reference solution.
        public var revealed: Bool
        public var commands: [Command]
        public var checks: [CheckResult]
    }

    public struct Review: Sendable, Codable, Equatable {
        public var id: Int64
        public var cardId: String
        public var kind: String
        public var attemptId: Int64?
        public var rating: String
        public var suggestedRating: String?
        public var overridden: Bool
        public var reviewedAt: Int64
        public var percent: Double?
        public var elapsedMs: Int64?
        public var targetMs: Int64?
        public var hints: Int
        public var revealed: Bool
    }

    /// One task of a mock exam, with the score the exam counted.
    public struct ExamTask: Sendable, Codable, Equatable {
        public var position: Int
        public var attemptId: Int64
        public var scenario: String
        public var topic: String
        public var seed: UInt64
        public var weight: Int
        public var flagged: Bool
        public var visited: Bool
        public var note: String?
        public var spentMs: Int64?
        public var percent: Int?
        public var wrongHost: String?
    }

    public struct Exam: Sendable, Codable, Equatable {
        public var id: Int64
        public var blueprint: String
        public var seed: UInt64
        public var minutes: Int
        public var startedAt: Int64
        public var deadline: Int64
        public var finishedAt: Int64?
        /// Tenths of a percent.
        public var scorePermille: Int?
        public var passed: Bool?
        public var outcome: String
        public var resumes: Int
        public var tasks: [ExamTask]
    }

    public var format: String
    public var formatVersion: Int
    public var exportedAt: Int64
    public var schema: [String]
    public var settings: [String: String]
    public var attempts: [Attempt]
    public var reviews: [Review]
    public var exams: [Exam]

    /// The document as stable, pretty-printed JSON ending in a newline.
    public func json() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        return try encoder.encode(self) + Data("\n".utf8)
    }
}

extension Store {
    /// Reads the whole history in one transaction, so the export is a consistent snapshot.
    public func export(at time: Int64) throws(StoreError) -> ExportDocument {
        try read { db in
            let names: [Int: String] = [1: "again", 2: "hard", 3: "good", 4: "easy"]
            var commands: [Int64: [ExportDocument.Command]] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT * FROM commands ORDER BY attempt_id, seq") {
                commands[row["attempt_id"], default: []].append(
                    ExportDocument.Command(seq: row["seq"], thinkMs: row["wall_ms"], host: row["host"], line: row["line"]))
            }
            var checks: [Int64: [ExportDocument.CheckResult]] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT * FROM check_results ORDER BY attempt_id, round, rowid") {
                checks[row["attempt_id"], default: []].append(
                    ExportDocument.CheckResult(
                        round: row["round"], checkId: row["check_id"], passed: row["passed"], earned: row["earned"],
                        points: row["points"], coaching: row["coaching"], feedback: row["feedback"]))
            }
            let attempts = try Row.fetchAll(db, sql: "SELECT * FROM attempts ORDER BY id").map { row in
                let record = Self.decodeAttempt(row)
                return ExportDocument.Attempt(
                    id: record.id, scenario: record.scenario, seed: record.seed, mode: record.mode,
                    startedAt: record.startedAt, finishedAt: record.finishedAt, score: record.score,
                    maxScore: record.maxScore, percent: record.percent, hints: record.hints, outcome: record.outcome,
                    resumes: record.resumes, revealed: record.revealed, commands: commands[record.id] ?? [],
                    checks: checks[record.id] ?? [])
            }
            let reviews = try Row.fetchAll(db, sql: "SELECT * FROM review_log ORDER BY id").map { row in
                let rating: Int = row["rating"]
                let suggested: Int? = row["suggested_rating"]
                return ExportDocument.Review(
                    id: row["id"], cardId: row["card_id"], kind: row["kind"], attemptId: row["attempt_id"],
                    rating: names[rating] ?? String(rating), suggestedRating: suggested.map { names[$0] ?? String($0) },
                    overridden: row["overridden"], reviewedAt: row["reviewed_at"], percent: row["percent"],
                    elapsedMs: row["elapsed_ms"], targetMs: row["target_ms"], hints: row["hints"],
                    revealed: row["revealed"])
            }
            var tasks: [Int64: [ExportDocument.ExamTask]] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT * FROM exam_tasks ORDER BY exam_id, position") {
                tasks[row["exam_id"], default: []].append(
                    ExportDocument.ExamTask(
                        position: row["position"], attemptId: row["attempt_id"], scenario: row["scenario"],
                        topic: row["topic"], seed: UInt64(bitPattern: row["seed"] as Int64), weight: row["weight"],
                        flagged: row["flagged"], visited: row["visited"], note: row["note"], spentMs: row["spent_ms"],
                        percent: row["percent"], wrongHost: row["wrong_host"]))
            }
            let exams = try Row.fetchAll(db, sql: "SELECT * FROM exams ORDER BY id").map { row in
                let exam = Self.decodeExam(row)
                return ExportDocument.Exam(
                    id: exam.id, blueprint: exam.blueprint, seed: exam.seed, minutes: exam.minutes,
                    startedAt: exam.startedAt, deadline: exam.deadline, finishedAt: exam.finishedAt,
                    scorePermille: exam.scorePermille, passed: exam.passed, outcome: exam.outcome, resumes: exam.resumes,
                    tasks: tasks[exam.id] ?? [])
            }
            let settings = try Row.fetchAll(db, sql: "SELECT key, value FROM settings ORDER BY key")
            return ExportDocument(
                format: "kubedojo-export", formatVersion: 1, exportedAt: time,
                schema: try Schema.migrator.appliedIdentifiers(db).sorted(),
                settings: Dictionary(settings.map { ($0["key"], $0["value"]) }, uniquingKeysWith: { $1 }),
                attempts: attempts, reviews: reviews, exams: exams)
        }
    }
}
