import Catalog
import ClusterSim
import Foundation
import Testing

@testable import Progress
@testable import Trainer

/// The bundled catalogue, found from the source checkout.
func bundledCatalog() throws -> Catalog {
    try App.loadCatalog(
        TrainerOptions(databasePath: nil, contentRoot: nil, environment: [:], executable: "/nonexistent/kubedojo"))
}

/// The bundled clusters, graders and etcd drills only (no cards), so counts and order stay fixed as content grows.
func etcdCatalog() throws -> Catalog {
    var repository = URL(fileURLWithPath: #filePath)
    for _ in 0..<3 { repository = repository.deletingLastPathComponent() }
    var files: [ContentFile] = []
    let folders: [(String, ContentFile.Kind)] = [
        ("Graders", .graders), ("Content/clusters", .cluster), ("Content/scenarios/etcd", .scenario),
    ]
    for (folder, kind) in folders {
        let directory = repository.appendingPathComponent(folder)
        for name in try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted() where name.hasSuffix(".yaml") {
            let text = try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
            files.append(ContentFile(path: "\(folder)/\(name)", kind: kind, text: text))
        }
    }
    return Catalog.load(files).0
}

@Suite struct ResumeTests {
    static let lines: [(String, Int64)] = [
        ("export ETCDCTL_API=3", 4_000), ("mv /etc/kubernetes/manifests/etcd.yaml /root/", 12_000), (":hint", 30_000),
        ("ssh master2", 2_000), ("", 7_000), ("echo note > /root/n.txt", 45_000), (":check", 61_000),
        (":rate hard", 1_000),
    ]

    @Test func replayRebuildsTheIdenticalSession() throws {
        let catalog = try bundledCatalog()
        let scenario = try #require(catalog.scenario(id: "quorum-two-down"))
        let spec = try #require(catalog.clusters[scenario.cluster])
        let store = try Store()
        let console = Console(environment: ["NO_COLOR": "1"])
        let original = try DrillSession(scenario: scenario, spec: spec, seed: 11, store: store, console: console, now: 0)
        for (line, think) in Self.lines { _ = original.process(line, elapsedMilliseconds: think) }

        let stored = try store.commands(attempt: original.attemptID)
        #expect(stored.map(\.line) == Self.lines.map(\.0).filter { !$0.isEmpty }, "every non-empty line is stored")
        #expect(
            stored.map(\.wallMilliseconds) == [4_000, 12_000, 30_000, 2_000, 52_000, 61_000, 1_000],
            "an empty line's thinking time goes with the next line")

        let attempt = try #require(try store.attempt(id: original.attemptID))
        let resumed = try DrillSession.resume(attempt, scenario: scenario, spec: spec, store: store, console: console)
        // Comparing whole clusters prints them on failure (megabytes), so compare to a Bool first.
        let sameCluster = resumed.cluster == original.cluster
        #expect(sameCluster, "the cluster is identical, its clock too")
        #expect(resumed.shell == original.shell)
        #expect(resumed.suggestedRating == original.suggestedRating && resumed.suggestedRating != nil)
        #expect(resumed.resumeBanner == "Resumed attempt 1: replayed 7 stored lines on seed 11; the cluster is as you left it.\n")
        #expect(try store.attempt(id: original.attemptID)?.resumes == 1)
        #expect(try store.commands(attempt: original.attemptID).count == 7, "replay stores nothing again")
        #expect(try store.checks(attempt: original.attemptID).count == original.scenario.checks.count, "nor checks")
        #expect(try store.attempt(id: original.attemptID)?.hints == 1, "nor hints")

        // The original process is gone after a crash; a never-interrupted twin in its own store stands in for it.
        let twin = try DrillSession(scenario: scenario, spec: spec, seed: 11, store: try Store(), console: console, now: 0)
        for (line, think) in Self.lines { _ = twin.process(line, elapsedMilliseconds: think) }
        for (line, think) in [("hostname", Int64(3_000)), ("sleep 40", 0), (":hint", 9_000), ("etcdctl member list", 500)] {
            #expect(
                twin.process(line, elapsedMilliseconds: think) == resumed.process(line, elapsedMilliseconds: think), "\(line)")
        }
        let stillSame = resumed.cluster == twin.cluster
        #expect(stillSame)
        #expect(
            try store.commands(attempt: original.attemptID).map(\.seq) == Array(1...11),
            "logging goes on after the replayed lines")
    }

    @Test func aLineTheStoreRefusesIsNotRun() throws {
        let catalog = try bundledCatalog()
        let scenario = try #require(catalog.scenario(id: "find-etcd-leader"))
        let spec = try #require(catalog.clusters[scenario.cluster])
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("kd-full-\(UUID().uuidString).sqlite").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let store = try Store(path: path)
        let drill = try DrillSession(
            scenario: scenario, spec: spec, seed: 3, store: store, console: Console(environment: ["NO_COLOR": "1"]), now: 0)
        _ = drill.process("echo one > /root/a")
        let before = drill.cluster
        try store.limitPages(try store.read { db in try Int.fetchOne(db, sql: "PRAGMA page_count") ?? 0 })
        let reply = drill.process("echo " + String(repeating: "x", count: 100_000) + " > /root/b", elapsedMilliseconds: 5_000)
        #expect(reply.segments.map(\.text) == ["kubedojo: cannot save progress: the disk is full; the command was not run\n"])
        #expect(drill.cluster == before, "nothing ran, no time passed")
        try store.limitPages(1_000_000)
        _ = drill.process("echo two > /root/b")
        let log = try store.commands(attempt: drill.attemptID)
        #expect(
            log.map(\.seq) == [1, 2] && log.map(\.wallMilliseconds) == [0, 5_000], "the refused line's thinking time is kept")
    }
}

@Suite struct ReviewPlanTests {
    func due(_ id: String, _ recall: Double) -> DueCard {
        DueCard(
            card: StoredCard(
                id: id, kind: id.hasPrefix("card:") ? .recall : .scenario,
                schedule: FSRSCard(id: 1, due: Instant(millisecondsSinceEpoch: 0))),
            retrievability: recall)
    }

    @Test func dueFirstByRecallThenNewUpToTheDailyLimit() throws {
        let catalog = try etcdCatalog()
        let dueCards = [due("scenario:quorum-two-down", 0.6), due("card:quorum-math", 0.7), due("scenario:gone", 0.8)]
        let plan = ReviewPlan.make(
            catalog: catalog, due: dueCards, reviewedCards: ["scenario:quorum-two-down"], newIntroducedToday: 1,
            settings: Settings(retention: 0.9, newPerDay: 2), limit: nil, minutes: nil)
        #expect(plan.items.map(\.cardID) == ["scenario:quorum-two-down", "scenario:etcd-endpoint-health"], "easiest new first")
        #expect(plan.items.map(\.isNew) == [false, true] && plan.unavailable == 2 && plan.newAllowed == 1)
        #expect(plan.newAvailable == catalog.scenarios.count - 1, "every drill but the reviewed one is new")
        #expect(plan.summary().hasPrefix("Review: 1 due, 1 new (about 13 min).\n2 due cards are not in this catalogue"))

        let none = ReviewPlan.make(
            catalog: catalog, due: [], reviewedCards: [], newIntroducedToday: 5, settings: .default, limit: nil, minutes: nil)
        #expect(none.items.isEmpty && none.newAllowed == 0)
    }

    @Test func limitAndMinutesCapTheQueue() throws {
        let catalog = try bundledCatalog()
        let all = ReviewPlan.make(
            catalog: catalog, due: [], reviewedCards: [], newIntroducedToday: 0, settings: .default, limit: nil, minutes: nil)
        #expect(all.items.count == 3)
        let limited = ReviewPlan.make(
            catalog: catalog, due: [], reviewedCards: [], newIntroducedToday: 0, settings: .default, limit: 1, minutes: nil)
        #expect(limited.items.count == 1)
        let short = ReviewPlan.make(
            catalog: catalog, due: [], reviewedCards: [], newIntroducedToday: 0, settings: .default, limit: nil, minutes: 1)
        #expect(short.items.count == 1, "the first item always fits")
        let minutes = all.items.prefix(2).map(\.minutes).reduce(0, +)
        let two = ReviewPlan.make(
            catalog: catalog, due: [], reviewedCards: [], newIntroducedToday: 0, settings: .default, limit: nil,
            minutes: minutes)
        #expect(two.items.count == 2)
    }
}
