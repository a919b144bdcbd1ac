import Catalog
import Foundation
import Testing

@testable import Progress
@testable import Trainer

@Suite struct StatsTests {
    static let day: Int64 = 86_400_000
    /// 2025-07-22 08:00 UTC.
    static let now: Int64 = 1_753_171_200_000

    func attempt(_ store: Store, _ scenario: String, daysAgo: Int64, percent: Int?) throws {
        let id = try store.startAttempt(scenario: scenario, seed: 1, mode: "practice", at: Self.now - daysAgo * Self.day)
        if let percent {
            try store.recordCheck(attempt: id, round: 1, results: [], score: percent, maxScore: 100, percent: percent)
        }
        try store.finishAttempt(id, at: Self.now - daysAgo * Self.day + 60_000)
    }

    @Test func streakCountsLocalDaysEndingTodayOrYesterday() throws {
        let catalog = try bundledCatalog()
        let store = try Store()
        let clock = TrainerClock(fixed: Self.now, timeZone: TimeZone(identifier: "UTC") ?? .current)
        for daysAgo: Int64 in [1, 2, 3, 5, 6, 7, 8, 9] { try attempt(store, "find-etcd-leader", daysAgo: daysAgo, percent: 67) }
        try attempt(store, "quorum-two-down", daysAgo: 2, percent: 100)
        var report = try StatsReport.make(catalog: catalog, store: store, clock: clock)
        #expect(report.streakDays == 3 && report.longestStreakDays == 5 && !report.practisedToday)
        #expect(report.daysPractised == 8 && report.attempts == 9)
        let etcd = try #require(report.topics.first { $0.topic == "etcd" })
        #expect(etcd.attempts == 9 && etcd.lastPercent == 67 && etcd.bestPercent == 100 && etcd.practised == 2)
        #expect(etcd.meanRetention == nil && etcd.dueNow == 0, "nothing rated yet")

        try attempt(store, "find-etcd-leader", daysAgo: 0, percent: nil)
        report = try StatsReport.make(catalog: catalog, store: store, clock: clock)
        #expect(report.streakDays == 4 && report.practisedToday)

        // Tokyo's day starts nine hours earlier: 23:30 UTC yesterday is already today there.
        let tokyo = TrainerClock(fixed: Self.now, timeZone: TimeZone(identifier: "Asia/Tokyo") ?? .current)
        #expect(tokyo.day(Self.now - 8 * 3_600_000 - 30 * 60_000) == clock.day(Self.now))
        #expect(clock.day(Self.now - 8 * 3_600_000 - 30 * 60_000) == clock.day(Self.now) - 1)
    }

    @Test func dueWindowsRetentionAndWeakest() throws {
        let catalog = try bundledCatalog()
        let store = try Store()
        let clock = TrainerClock(fixed: Self.now, timeZone: TimeZone(identifier: "UTC") ?? .current)
        let scheduler = try CardKind.scenario.scheduler(fuzz: false)
        func review(_ id: String, _ rating: Rating, daysAgo: Int64) throws {
            try store.recordReview(
                cardID: "scenario:\(id)", kind: .scenario, attempt: nil, rating: rating, suggested: nil,
                at: Instant(millisecondsSinceEpoch: Self.now - daysAgo * Self.day), percent: nil, elapsedMilliseconds: nil,
                scheduler: scheduler)
        }
        try review("find-etcd-leader", .again, daysAgo: 3)  // due after 1 day: overdue now
        try review("quorum-two-down", .good, daysAgo: 0)  // due in 2 days
        try review("etcd-endpoint-health", .easy, daysAgo: 0)  // due in about 8 days
        let report = try StatsReport.make(catalog: catalog, store: store, clock: clock)
        let etcd = try #require(report.topics.first { $0.topic == "etcd" })
        #expect([etcd.dueNow, etcd.due7Days, etcd.due30Days] == [Int](arrayLiteral: 1, 2, 3))
        #expect(report.weakest.first == "find-etcd-leader" && report.weakest.count == 3)
        #expect(etcd.meanRetention.map { $0 > 0.5 && $0 < 1 } == true)
        let text = report.text(console: Console(environment: ["NO_COLOR": "1"]))
        let etcdDrills = catalog.scenarios.filter { $0.topic == "etcd" }.count
        #expect(
            text.contains(
                "\netcd              " + "3/\(etcdDrills)".padding(toLength: 8, withPad: " ", startingAt: 0)
                    + "0      -     -     "))
        #expect(text.contains("██████████ 3\n"), "the longest bar is the 30-day count")
        #expect(report.json().contains("\"due_30_days\" : 3"))
    }

    @Test func clockReadsPinnedTimes() throws {
        #expect(TrainerClock.parse("1753171200000") == Self.now)
        #expect(TrainerClock.parse("2025-07-22T08:00:00Z") == Self.now)
        #expect(TrainerClock.parse("yesterday") == nil)
        #expect(throws: TrainerError.self) { try TrainerClock(environment: ["KUBEDOJO_NOW": "soon"]) }
        let clock = try TrainerClock(environment: ["KUBEDOJO_NOW": "2025-07-22T08:00:00Z", "TZ": "UTC"])
        #expect(clock.now() == Self.now && clock.date(Self.now) == "2025-07-22")
    }
}
