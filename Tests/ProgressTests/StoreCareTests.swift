import Foundation
import GRDB
import Testing

@testable import Progress

/// A scratch database path, removed with its WAL files when the test ends.
private final class ScratchFile {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("kd-care-\(UUID().uuidString).sqlite").path

    deinit {
        for suffix in ["", "-wal", "-shm"] {
            try? FileManager.default.removeItem(atPath: path + suffix)
        }
    }
}

@Suite struct StoreCareTests {
    @Test func fullDiskIsAClearErrorAndLosesNothing() throws {
        let file = ScratchFile()
        let store = try Store(path: file.path)
        let attempt = try store.startAttempt(scenario: "s", seed: 1, mode: "practice", at: 0)
        try store.logCommand(attempt: attempt, seq: 1, wallMilliseconds: 0, host: "m1", line: "hostname")
        let pages = try store.read { db in try Int.fetchOne(db, sql: "PRAGMA page_count") ?? 0 }
        try store.limitPages(pages)
        let big = String(repeating: "x", count: 64 * 1024)
        #expect {
            try store.logCommand(attempt: attempt, seq: 2, wallMilliseconds: 0, host: "m1", line: "echo \(big)")
        } throws: { error in
            "\(error)" == "cannot save progress: the disk is full"
        }
        #expect(try store.commands(attempt: attempt).map(\.line) == ["hostname"], "the failed write left nothing half-done")
        try store.limitPages(1_000_000)
        try store.logCommand(attempt: attempt, seq: 2, wallMilliseconds: 0, host: "m1", line: "echo \(big)")
        #expect(try Store(path: file.path).commands(attempt: attempt).count == 2, "writing works again once there is room")
    }

    @Test func readOnlyDatabaseReadsButRefusesWritesAndStaysIdentical() throws {
        let file = ScratchFile()
        do {
            let store = try Store(path: file.path)
            _ = try store.startAttempt(scenario: "s", seed: 1, mode: "practice", at: 0)
            try store.setSetting("retention", to: "0.85")
        }
        let before = try Data(contentsOf: URL(fileURLWithPath: file.path))
        let store = try Store(path: file.path, readOnly: true)
        #expect(try store.attempts().count == 1 && store.settings().retention == 0.85)
        #expect {
            try store.startAttempt(scenario: "s", seed: 2, mode: "practice", at: 1)
        } throws: { error in
            "\(error)" == "cannot save progress: the file is read-only"
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: file.path)) == before)
    }

    @Test(.enabled(if: geteuid() != 0, "root may write any file"))
    func unwritableFileOpensReadOnly() throws {
        let file = ScratchFile()
        _ = try Store(path: file.path).startAttempt(scenario: "s", seed: 1, mode: "practice", at: 0)
        try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: file.path)
        let store = try Store(path: file.path)
        #expect(try store.attempts().count == 1)
        #expect(throws: StoreError.self) { try store.startAttempt(scenario: "s", seed: 2, mode: "practice", at: 1) }
    }

    @Test func damagedPageIsFoundBeforeAnythingIsWritten() throws {
        let file = ScratchFile()
        do {
            let store = try Store(path: file.path)
            let attempt = try store.startAttempt(scenario: "s", seed: 1, mode: "practice", at: 0)
            for seq in 1...300 {
                try store.logCommand(attempt: attempt, seq: seq, wallMilliseconds: 0, host: "m1", line: "echo line \(seq)")
            }
            try store.writer.writeWithoutTransaction { db in try db.checkpoint(.truncate) }
        }
        let url = URL(fileURLWithPath: file.path)
        var bytes = try Data(contentsOf: url)
        #expect(bytes.count > 4 * 4096)
        // Scribble over the middle of the last page: a B-tree page whose cells now point nowhere.
        let start = bytes.count - 4096 + 8
        bytes.replaceSubrange(start..<(start + 200), with: Data(repeating: 0xFF, count: 200))
        try bytes.write(to: url)
        #expect {
            try Store(path: file.path)
        } throws: { error in
            "\(error)".hasPrefix("cannot open the progress database \(file.path): the file is")
                && "\(error)".contains("left untouched")
        }
        #expect(try Data(contentsOf: url) == bytes, "a damaged file is never modified")
    }

    @Test func settingsAreValidatedAndStored() throws {
        let store = try Store()
        #expect(try store.settings() == Settings(retention: 0.9, newPerDay: 3))
        #expect(try store.setSetting("retention", to: "0.85") == "0.85")
        #expect(try store.setSetting("new-per-day", to: "0") == "0")
        #expect(try store.settings() == Settings(retention: 0.85, newPerDay: 0))
        for (key, value) in [
            ("retention", "0.69"), ("retention", "0.98"), ("retention", "nan"), ("retention", "ninety"),
            ("new-per-day", "-1"), ("new-per-day", "51"), ("new-per-day", "2.5"), ("colour", "on"),
        ] {
            #expect(throws: StoreError.self, "\(key) \(value)") { try store.setSetting(key, to: value) }
        }
        #expect(try store.settings() == Settings(retention: 0.85, newPerDay: 0), "refused values change nothing")
        #expect(try store.setSetting("retention", to: "0.7") == "0.7")
        #expect(try store.setSetting("retention", to: "0.97") == "0.97")
        #expect {
            try store.setSetting("retention", to: "1")
        } throws: { error in
            "\(error)" == "retention must be a number from 0.7 to 0.97, got '1'"
        }
    }

    @Test func unfinishedAttemptsAndResumes() throws {
        let store = try Store()
        let first = try store.startAttempt(scenario: "a", seed: 1, mode: "practice", at: 0)
        let second = try store.startAttempt(scenario: "b", seed: 2, mode: "review", at: 1)
        try store.finishAttempt(first, at: 5)
        #expect(try store.unfinishedAttempts().map(\.id) == [second])
        try store.markResumed(second)
        try store.markResumed(second)
        #expect(try store.attempt(id: second)?.resumes == 2 && store.attempt(id: 99) == nil)
    }

    @Test func exportHoldsEverythingInAStableShape() throws {
        let store = try Store()
        let attempt = try store.startAttempt(scenario: "find-etcd-leader", seed: UInt64.max, mode: "practice", at: 1_000)
        try store.logCommand(attempt: attempt, seq: 1, wallMilliseconds: 1500, host: "master1", line: "etcdctl member list")
        try store.recordCheck(
            attempt: attempt, round: 1,
            results: [StoredCheck(checkID: "leader-name", passed: true, earned: 3, points: 3, coaching: false, feedback: "ok")],
            score: 3, maxScore: 3, percent: 100)
        try store.finishAttempt(attempt, at: 9_000)
        try store.recordReview(
            cardID: "scenario:find-etcd-leader", kind: .scenario, attempt: attempt, rating: .good, suggested: .easy,
            at: Instant(millisecondsSinceEpoch: 9_000), percent: 100, elapsedMilliseconds: 8_000, targetMilliseconds: 240_000,
            scheduler: try CardKind.scenario.scheduler(fuzz: false))
        try store.setSetting("retention", to: "0.85")
        let document = try store.export(at: 10_000)
        let json = String(decoding: try document.json(), as: UTF8.self)
        let compact = json.filter { !$0.isWhitespace }
        #expect(
            compact
                == (#"{"attempts":[{"checks":[{"check_id":"leader-name","coaching":false,"earned":3,"feedback":"ok","passed":true,"points":3,"round":1}],"commands":[{"host":"master1","line":"etcdctlmemberlist","seq":1,"think_ms":1500}],"finished_at":9000,"hints":0,"id":1,"max_score":3,"mode":"practice","outcome":"checked","percent":100,"resumes":0,"revealed":false,"scenario":"find-etcd-leader","score":3,"seed":18446744073709551615,"started_at":1000}],"exams":[],"exported_at":10000,"format":"kubedojo-export","format_version":1,"reviews":[{"attempt_id":1,"card_id":"scenario:find-etcd-leader","elapsed_ms":8000,"hints":0,"id":1,"kind":"scenario","overridden":true,"percent":100,"rating":"good","revealed":false,"reviewed_at":9000,"suggested_rating":"easy","target_ms":240000}],"schema":["v1-attempts-commands-checks","v2-cards-review-log","v3-settings-resumes","v4-attempt-revealed","v5-exams","v6-attempt-snapshots"],"settings":{"retention":"0.85"}}"#),
            "\(compact)")
        #expect(json.hasSuffix("}\n"))
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        #expect(try decoder.decode(ExportDocument.self, from: Data(json.utf8)) == document, "the JSON holds it all")
    }
}
