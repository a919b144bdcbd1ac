import Foundation
import Testing

@testable import Progress

@Suite struct StoreTests {
    func roundTrip(_ store: Store) throws {
        let attempt = try store.startAttempt(scenario: "find-etcd-leader", seed: UInt64.max, mode: "practice", at: 1_000)
        try store.logCommand(attempt: attempt, seq: 1, wallMilliseconds: 1500, host: "master1", line: "etcdctl member list")
        try store.logCommand(attempt: attempt, seq: 2, wallMilliseconds: 0, host: "master2", line: "echo 'x' > /root/a")
        try store.recordHint(attempt: attempt)
        try store.recordCheck(
            attempt: attempt, round: 1,
            results: [
                StoredCheck(checkID: "leader-name", passed: true, earned: 3, points: 3, coaching: false, feedback: "ok"),
                StoredCheck(checkID: "tls", passed: false, earned: 0, points: 0, coaching: true, feedback: "use TLS"),
            ],
            score: 3, maxScore: 3, percent: 100)
        try store.finishAttempt(attempt, at: 9_000)
        let record = try #require(try store.attempts().first)
        #expect(record.seed == UInt64.max, "seeds survive SQLite's signed integers")
        #expect(record.score == 3 && record.percent == 100 && record.hints == 1 && record.outcome == "checked")
        #expect(record.finishedAt == 9_000)
        #expect(try store.commands(attempt: attempt).map(\.line) == ["etcdctl member list", "echo 'x' > /root/a"])
        #expect(try store.commands(attempt: attempt).map(\.host) == ["master1", "master2"])
        #expect(try store.checks(attempt: attempt).map(\.checkID) == ["leader-name", "tls"])
        #expect(try store.progress()["find-etcd-leader"]?.lastPercent == 100)
    }

    @Test func inMemoryRoundTrip() throws {
        try roundTrip(try Store())
    }

    @Test func onDiskRoundTripAndReopen() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("kd-\(UUID().uuidString).sqlite").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        try roundTrip(try Store(path: path))
        #expect(try Store(path: path).attempts().count == 1, "reopening migrates nothing and keeps the data")
    }

    @Test func unfinishedAttemptIsAbandoned() throws {
        let store = try Store()
        let attempt = try store.startAttempt(scenario: "s", seed: 1, mode: "practice", at: 0)
        try store.finishAttempt(attempt, at: 5)
        #expect(try store.attempts().first?.outcome == "abandoned")
    }

    @Test func corruptFileIsReportedAndLeftUntouched() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("kd-\(UUID().uuidString).sqlite").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let garbage = Data(repeating: 0x41, count: 8192)
        try garbage.write(to: URL(fileURLWithPath: path))
        #expect { try Store(path: path) } throws: { error in
            "\(error)".contains("is not a kubedojo database or is damaged")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == garbage)
    }

    @Test func missingFolderIsAClearError() {
        #expect { try Store(path: "/nonexistent-dir/x/progress.sqlite") } throws: { error in
            "\(error)".hasPrefix("cannot open the progress database /nonexistent-dir/x/progress.sqlite")
        }
    }
}
