import Foundation
import GRDB
import Testing

@testable import Progress

/// A scratch database file, removed with its WAL files when the test ends.
private struct TemporaryDatabase: ~Copyable {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("kd-\(UUID().uuidString).sqlite").path

    deinit {
        for suffix in ["", "-wal", "-shm"] {
            try? FileManager.default.removeItem(atPath: path + suffix)
        }
    }
}

/// Writes a database as an older kubedojo left it (schema v1, or v1 and v2): WAL mode, an attempt with
/// commands and checks, and with v2 a review and its card.
private func makeVersion1Database(at path: String, version: Int = 1, extraMigrations: [String] = []) throws {
    let pool = try DatabasePool(path: path)
    var migrator = DatabaseMigrator()
    Schema.registerV1(in: &migrator)
    if version >= 2 { Schema.registerV2(in: &migrator) }
    if version >= 3 { Schema.registerV3(in: &migrator) }
    if version >= 4 { Schema.registerV4(in: &migrator) }
    try migrator.migrate(pool)
    try pool.write { db in
        try db.execute(
            sql: """
                INSERT INTO attempts (scenario, seed, mode, started_at, finished_at, score, max_score, percent, hints, outcome)
                VALUES ('find-etcd-leader', -1, 'practice', 1000, 9000, 2, 3, 67, 1, 'checked');
                INSERT INTO commands (attempt_id, seq, wall_ms, host, line) VALUES (1, 1, 1500, 'master1', 'etcdctl member list');
                INSERT INTO check_results (attempt_id, round, check_id, passed, earned, points, coaching, feedback)
                VALUES (1, 1, 'leader-name', 1, 2, 3, 0, 'ok');
                """)
        if version >= 2 {
            try db.execute(
                sql: """
                    INSERT INTO review_log (card_id, kind, attempt_id, rating, reviewed_at, percent, hints)
                    VALUES ('scenario:find-etcd-leader', 'scenario', 1, 2, 9000, 67, 1);
                    INSERT INTO cards (card_id, kind, state, stability, difficulty, due, last_review, reps, lapses)
                    VALUES ('scenario:find-etcd-leader', 'scenario', 2, 1.2931, 6.4, 86409000, 9000, 1, 0);
                    """)
        }
        for identifier in extraMigrations {
            try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES (?)", arguments: [identifier])
        }
    }
    try pool.close()
}

/// The schema as SQLite records it, for comparing a migrated database with a fresh one.
private func schema(_ store: Store) throws -> [String] {
    try store.read { db in
        try String.fetchAll(
            db, sql: "SELECT type || ' ' || name || ': ' || sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY name")
    }
}

@Suite struct MigrationTests {
    @Test(arguments: [1, 2, 3, 4])
    func olderDatabaseMigratesKeepingItsRows(version: Int) throws {
        let file = TemporaryDatabase()
        try makeVersion1Database(at: file.path, version: version)

        let store = try Store(path: file.path)
        #expect(
            try store.read { db in try Schema.migrator.appliedIdentifiers(db) } == [
                Schema.v1, Schema.v2, Schema.v3, Schema.v4, Schema.v5, Schema.v6,
            ])
        #expect(try store.settings() == .default, "settings start at their defaults")
        #expect(try store.attempts().first?.resumes == 0)
        #expect(try store.reviews().count == (version >= 2 ? 1 : 0))
        let attempt = try #require(try store.attempts().first)
        #expect(attempt.scenario == "find-etcd-leader" && attempt.seed == UInt64.max && attempt.percent == 67)
        #expect(attempt.hints == 1 && attempt.outcome == "checked" && attempt.finishedAt == 9000)
        #expect(try store.commands(attempt: 1).map(\.line) == ["etcdctl member list"])
        #expect(try store.checks(attempt: 1).map(\.checkID) == ["leader-name"])
        #expect(try schema(store) == schema(Store()), "a migrated database has exactly the fresh schema")

        // The new tables work against the old rows.
        try store.recordReview(
            cardID: "scenario:find-etcd-leader", kind: .scenario, attempt: 1, rating: .hard, suggested: .hard,
            at: Instant(millisecondsSinceEpoch: 9000), percent: 67, elapsedMilliseconds: 8000, hints: 1,
            revealed: false, scheduler: try CardKind.scenario.scheduler(fuzz: false))
        #expect(
            try Store(path: file.path).reviews().map(\.attemptID) == Array(repeating: 1, count: version >= 2 ? 2 : 1),
            "reopening keeps the reviews")
        #expect(
            try Store(path: file.path).card(id: "scenario:find-etcd-leader")?.schedule.reviewCount == (version >= 2 ? 2 : 1))
        // The exam tables work against the old rows too.
        let exam = try store.startExam(
            blueprint: "cka-ha", seed: 5, minutes: 120, at: 10_000,
            tasks: [ExamTaskRow(position: 1, attempt: 1, scenario: "find-etcd-leader", topic: "etcd", seed: 9, weight: 100)])
        #expect(try Store(path: file.path).exams().map(\.id) == [exam])
    }

    @Test(arguments: [[Schema.v2, Schema.v3, "v4-from-the-future"], [Schema.v2, "v3-from-the-future"], ["v9"]])
    func newerDatabaseIsRefusedAndLeftByteIdentical(extra: [String]) throws {
        let file = TemporaryDatabase()
        try makeVersion1Database(at: file.path, extraMigrations: extra)
        let url = URL(fileURLWithPath: file.path)
        let before = try Data(contentsOf: url)

        #expect {
            try Store(path: file.path)
        } throws: { error in
            "\(error)" == "the progress database \(file.path) was written by a newer kubedojo; it was left untouched"
        }
        #expect(try Data(contentsOf: url) == before)
        // SQLite may leave an empty WAL file behind a reader; nothing may be pending in it.
        let wal = (try? Data(contentsOf: URL(fileURLWithPath: file.path + "-wal"))) ?? Data()
        #expect(wal.isEmpty, "nothing is left pending in a WAL file")
    }
}
