import Catalog
import ClusterSim
import Foundation
import Testing

@testable import Progress
@testable import Trainer

/// A resume starts from the attempt's newest snapshot and replays only the lines after it; whatever the
/// snapshot, the session is the one a full replay (and the uninterrupted original) gives.
@Suite struct SnapshotResumeTests {
    static let lines = ResumeTests.lines.filter { !$0.0.isEmpty }

    struct Drill {
        let scenario: Scenario
        let spec: ClusterSpec
        let console = Console(environment: ["NO_COLOR": "1"])

        init() throws {
            let catalog = try bundledCatalog()
            scenario = try #require(catalog.scenario(id: "quorum-two-down"))
            spec = try #require(catalog.clusters[scenario.cluster])
        }

        /// The lines typed into a new attempt, a snapshot saved after line `snapshotAfter` (1-based) only.
        func played(in store: Store, snapshotAfter: Int?) throws -> DrillSession {
            let session = try DrillSession(scenario: scenario, spec: spec, seed: 11, store: store, console: console, now: 0)
            for (index, (line, think)) in SnapshotResumeTests.lines.enumerated() {
                session.snapshotBudget = index + 1 == snapshotAfter ? .zero : nil
                _ = session.process(line, elapsedMilliseconds: think)
            }
            return session
        }

        /// A session for the attempt before anything is restored or replayed into it.
        func fresh(attempt: Int64) throws -> DrillSession {
            DrillSession(
                scenario: scenario, spec: spec, seed: 11, store: try Store(), console: console, attemptID: attempt)
        }

        func resume(_ original: DrillSession, from store: Store) throws -> DrillSession {
            let attempt = try #require(try store.attempt(id: original.attemptID))
            return try DrillSession.resume(attempt, scenario: scenario, spec: spec, store: store, console: console)
        }
    }

    /// Everything a resumed session carries on with, compared without printing megabytes on failure.
    static func same(_ a: DrillSession, _ b: DrillSession) -> Bool {
        a.cluster == b.cluster && a.shell == b.shell && a.sequence == b.sequence && a.hintsShown == b.hintsShown
            && a.revealed == b.revealed && a.checkRounds == b.checkRounds && a.lastReport == b.lastReport
            && a.chosenRating == b.chosenRating && a.attemptMilliseconds == b.attemptMilliseconds
            && a.eventsAtStart == b.eventsAtStart && a.suggestedRating == b.suggestedRating
    }

    @Test(arguments: [1, 3, 5, 7])
    func aSnapshotAnywhereResumesTheIdenticalSession(snapshotAfter: Int) throws {
        let drill = try Drill()
        let store = try Store()
        let original = try drill.played(in: store, snapshotAfter: snapshotAfter)
        let snapshot = try #require(try store.snapshot(attempt: original.attemptID))
        #expect(snapshot.seq == snapshotAfter && snapshot.format == DrillSnapshot.format)
        #expect(try drill.fresh(attempt: original.attemptID).restore(snapshot), "the snapshot is taken over")

        let resumed = try drill.resume(original, from: store)
        #expect(resumed.sequence == 7)
        #expect(Self.same(resumed, original))
        #expect(resumed.resumeBanner == "Resumed attempt 1: replayed 7 stored lines on seed 11; the cluster is as you left it.\n")
        #expect(try store.commands(attempt: original.attemptID).count == 7, "resuming stores nothing again")
        #expect(try store.attempt(id: original.attemptID)?.hints == 1)

        // It goes on as a never-interrupted twin (in its own store) does, numbering after the restored lines.
        let twin = try drill.played(in: try Store(), snapshotAfter: nil)
        for (line, think) in [("hostname", Int64(3_000)), (":hint", 9_000), ("etcdctl member list", 500), (":check", 100)] {
            #expect(twin.process(line, elapsedMilliseconds: think) == resumed.process(line, elapsedMilliseconds: think))
        }
        #expect(Self.same(resumed, twin))
        #expect(try store.commands(attempt: original.attemptID).map(\.seq) == Array(1...11))
    }

    @Test func aSnapshotIsTheSameAsReplayingTheWholeLog() throws {
        let drill = try Drill()
        let withSnapshot = try Store()
        let withoutSnapshot = try Store()
        let a = try drill.resume(try drill.played(in: withSnapshot, snapshotAfter: 4), from: withSnapshot)
        let b = try drill.resume(try drill.played(in: withoutSnapshot, snapshotAfter: nil), from: withoutSnapshot)
        #expect(try withoutSnapshot.snapshot(attempt: 1) == nil)
        #expect(Self.same(a, b))
        #expect(a.replayed == 7 && b.replayed == 7)
    }

    @Test(arguments: ["another format", "not JSON", "another seed", "no shell"])
    func anUnusableSnapshotFallsBackToReplayingEverything(damage: String) throws {
        let drill = try Drill()
        let store = try Store()
        let original = try drill.played(in: store, snapshotAfter: 3)
        var snapshot = try #require(try store.snapshot(attempt: original.attemptID))
        switch damage {
        case "another format": snapshot.format = "kubedojo-drill-state/0"
        case "not JSON": snapshot.state = Data("{\"sequence\": 3, \"cluster\": [".utf8)
        case "another seed":
            // A snapshot of the same drill on seed 12 must not stand in for seed 11.
            let other = try DrillSession(
                scenario: drill.scenario, spec: drill.spec, seed: 12, store: try Store(), console: drill.console, now: 0)
            snapshot.state = try JSONEncoder().encode(
                DrillSnapshot(
                    sequence: 3, cluster: other.cluster, shell: other.shell, attemptMilliseconds: 0, hintsShown: 0,
                    revealed: false, confirming: nil, topologyShown: false, eventsShown: false, eventsAtStart: 0,
                    checkRounds: 0, lastReport: nil, chosenRating: nil))
        default:
            let text = try #require(String(data: snapshot.state, encoding: .utf8))
            let json = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
            var shell = try #require(json["shell"] as? [String: Any])
            shell["frames"] = [Any]()
            var edited = json
            edited["shell"] = shell
            snapshot.state = try JSONSerialization.data(withJSONObject: edited)
        }
        #expect(try drill.fresh(attempt: original.attemptID).restore(snapshot) == false, "the snapshot is refused")
        try store.saveSnapshot(attempt: original.attemptID, snapshot)
        let resumed = try drill.resume(original, from: store)
        #expect(Self.same(resumed, original))
        #expect(resumed.replayed == 7)
    }

    @Test func leavingAnAttemptOpenSavesItsState() throws {
        let drill = try Drill()
        let store = try Store()
        let original = try drill.played(in: store, snapshotAfter: nil)
        #expect(try store.snapshot(attempt: original.attemptID) == nil)
        original.snapshotBudget = .milliseconds(10)
        original.saveSnapshot()
        #expect(try store.snapshot(attempt: original.attemptID)?.seq == 7)
        let resumed = try drill.resume(original, from: store)
        #expect(Self.same(resumed, original))
    }

    /// A finished attempt keeps no snapshot (each is a whole cluster), and none is saved after it ends.
    @Test func finishingAnAttemptDropsItsSnapshot() throws {
        let drill = try Drill()
        let store = try Store()
        let original = try drill.played(in: store, snapshotAfter: 3)
        #expect(try store.snapshot(attempt: original.attemptID)?.seq == 3)
        try store.finishAttempt(original.attemptID, at: 1_000)
        #expect(try store.snapshot(attempt: original.attemptID) == nil)
        original.snapshotBudget = .zero
        original.saveSnapshot()
        #expect(try store.snapshot(attempt: original.attemptID) == nil)
        let rows = try store.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM attempt_snapshots") }
        #expect(rows == 0)
    }
}
