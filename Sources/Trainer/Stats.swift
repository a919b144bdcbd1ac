import Catalog
import Foundation
import Progress

/// What `kubedojo stats` reports; encoded as-is (snake_case keys, sorted) by `stats --json`.
public struct StatsReport: Sendable, Codable, Equatable {
    /// Per topic of the catalogue, in the catalogue's topic order.
    public struct Topic: Sendable, Codable, Equatable {
        public var topic: String
        public var drills: Int
        public var practised: Int
        public var attempts: Int
        public var lastPercent: Int?
        public var bestPercent: Int?
        /// Mean probability of recall now over the topic's practised drills; `nil` when none was rated.
        public var meanRetention: Double?
        /// Cards due now, and due within 7 and 30 days of now (each count includes the shorter windows).
        public var dueNow: Int
        public var due7Days: Int
        public var due30Days: Int

        enum CodingKeys: String, CodingKey {
            case topic, drills, practised, attempts, lastPercent, bestPercent, meanRetention, dueNow
            case due7Days = "due_7_days"
            case due30Days = "due_30_days"
        }
    }

    /// One practised drill.
    public struct Drill: Sendable, Codable, Equatable {
        public var id: String
        public var topic: String
        public var attempts: Int
        public var lastPercent: Int?
        public var bestPercent: Int?
        public var retrievability: Double?
        public var stability: Double?
        public var due: Int64?
        public var dueDate: String?
        public var reviews: Int
        public var lapses: Int
    }

    public var generatedAt: Int64
    public var date: String
    public var retention: Double
    /// Local days in a row, ending today (or yesterday, if today has no attempt yet), with an attempt.
    public var streakDays: Int
    public var longestStreakDays: Int
    public var practisedToday: Bool
    public var daysPractised: Int
    public var attempts: Int
    public var topics: [Topic]
    public var drills: [Drill]
    /// Up to five practised drills, least likely to be recalled first.
    public var weakest: [String]
}

extension StatsReport {
    /// Gathers the report from the store at the clock's now.
    static func make(catalog: Catalog, store: Store, clock: TrainerClock) throws(StoreError) -> StatsReport {
        let now = clock.now()
        let instant = Instant(millisecondsSinceEpoch: now)
        let settings = try store.settings()
        let attempts = try store.attempts().sorted { ($0.startedAt, $0.id) < ($1.startedAt, $1.id) }
        let cards = Dictionary(try store.cards().map { ($0.id, $0) }, uniquingKeysWith: { $1 })
        let scheduler = try? CardKind.scenario.scheduler(desiredRetention: settings.retention)
        let day: Int64 = 86_400_000

        var drills: [Drill] = []
        for scenario in catalog.scenarios {
            let tries = attempts.filter { $0.scenario == scenario.id }
            let card = cards["scenario:\(scenario.id)"]
            guard !tries.isEmpty || card != nil else { continue }
            let graded = tries.compactMap(\.percent)
            let due = card?.schedule.due.millisecondsSinceEpoch
            drills.append(
                Drill(
                    id: scenario.id, topic: scenario.topic, attempts: tries.count,
                    lastPercent: tries.last { $0.percent != nil }?.percent, bestPercent: graded.max(),
                    retrievability: card.flatMap { scheduler?.retrievability(of: $0.schedule, at: instant) },
                    stability: card?.schedule.memory?.stability, due: due, dueDate: due.map(clock.date),
                    reviews: card?.schedule.reviewCount ?? 0, lapses: card?.schedule.lapseCount ?? 0))
        }

        var topics: [Topic] = []
        let topicNames = Scenario.topics.filter { name in catalog.scenarios.contains { $0.topic == name } }
        for name in topicNames + Set(catalog.scenarios.map(\.topic)).subtracting(topicNames).sorted() {
            let members = drills.filter { $0.topic == name }
            let tries = attempts.filter { attempt in catalog.scenario(id: attempt.scenario)?.topic == name }
            let recall = members.compactMap(\.retrievability)
            let dues = members.compactMap(\.due)
            topics.append(
                Topic(
                    topic: name, drills: catalog.scenarios.filter { $0.topic == name }.count, practised: members.count,
                    attempts: tries.count, lastPercent: tries.last { $0.percent != nil }?.percent,
                    bestPercent: tries.compactMap(\.percent).max(),
                    meanRetention: recall.isEmpty ? nil : recall.reduce(0, +) / Double(recall.count),
                    dueNow: dues.filter { $0 <= now }.count, due7Days: dues.filter { $0 <= now + 7 * day }.count,
                    due30Days: dues.filter { $0 <= now + 30 * day }.count))
        }

        let days = try practiceDays(store: store, clock: clock)
        let today = clock.day(now)
        var streak = 0
        var cursor = days.contains(today) ? today : today - 1
        while days.contains(cursor) {
            streak += 1
            cursor -= 1
        }
        var longest = 0
        for start in days where !days.contains(start - 1) {
            var length = 1
            while days.contains(start + length) { length += 1 }
            longest = max(longest, length)
        }
        let weakest = drills.filter { $0.retrievability != nil }
            .sorted {
                ($0.retrievability ?? 0, $0.lastPercent ?? 0, $0.id) < ($1.retrievability ?? 0, $1.lastPercent ?? 0, $1.id)
            }
            .prefix(5).map(\.id)
        return StatsReport(
            generatedAt: now, date: clock.date(now), retention: settings.retention, streakDays: streak,
            longestStreakDays: longest, practisedToday: days.contains(today), daysPractised: days.count,
            attempts: attempts.count, topics: topics, drills: drills, weakest: Array(weakest))
    }

    /// The local days (numbered as `TrainerClock.day`) with at least one attempt, and how many attempts each.
    static func practiceDayCounts(store: Store, clock: TrainerClock) throws(StoreError) -> [Int: Int] {
        var counts: [Int: Int] = [:]
        for time in try store.attemptStartTimes() { counts[clock.day(time), default: 0] += 1 }
        return counts
    }

    static func practiceDays(store: Store, clock: TrainerClock) throws(StoreError) -> Set<Int> {
        Set(try practiceDayCounts(store: store, clock: clock).keys)
    }

    /// The report as stable JSON: sorted snake_case keys, times in milliseconds since the epoch.
    public func json() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        guard let data = try? encoder.encode(self) else { return "{}\n" }
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// The report as the terminal screen.
    func text(console: Console) -> String {
        var text = console.style("kubedojo stats", .bold) + " — \(date), desired retention \(String(format: "%.2f", retention))\n"
        let streakWord = streakDays == 1 ? "day" : "days"
        text +=
            "Practice streak: \(streakDays) \(streakWord)\(practisedToday || streakDays == 0 ? "" : " (practise today to keep it)")"
        text += " · longest \(longestStreakDays) · \(attempts) attempt\(attempts == 1 ? "" : "s") on \(daysPractised) day"
        text += daysPractised == 1 ? "\n\n" : "s\n\n"
        guard attempts > 0 || !drills.isEmpty else {
            return text + "No practice recorded yet: start with `kubedojo review` or `kubedojo drill ID`.\n"
        }
        let width = max(16, topics.map(\.topic.count).max() ?? 0) + 2
        text += Screens.pad("TOPIC", width) + "DRILLS  TRIES  LAST  BEST  RETENTION\n"
        for topic in topics {
            text +=
                Screens.pad(topic.topic, width) + Screens.pad("\(topic.practised)/\(topic.drills)", 8)
                + Screens.pad(String(topic.attempts), 7) + Screens.pad(Screens.percent(topic.lastPercent), 6)
                + Screens.pad(Screens.percent(topic.bestPercent), 6) + Self.percent(topic.meanRetention) + "\n"
        }
        let largest = topics.map(\.due30Days).max() ?? 0
        text += "\n" + Screens.pad("DUE", width) + Screens.pad("NOW", 16) + Screens.pad("NEXT 7 DAYS", 16) + "NEXT 30 DAYS\n"
        for topic in topics {
            text += Screens.pad(topic.topic, width)
            text += Screens.pad(Self.bar(topic.dueNow, largest), 16) + Screens.pad(Self.bar(topic.due7Days, largest), 16)
            text += Self.bar(topic.due30Days, largest) + "\n"
        }
        if !weakest.isEmpty {
            let idWidth = max(16, weakest.map(\.count).max() ?? 0) + 2
            text += "\n" + Screens.pad("WEAKEST DRILLS", idWidth) + "RECALL  LAST  TRIES  LAPSES  DUE\n"
            for id in weakest {
                guard let drill = drills.first(where: { $0.id == id }) else { continue }
                text +=
                    Screens.pad(id, idWidth) + Screens.pad(Self.percent(drill.retrievability), 8)
                    + Screens.pad(Screens.percent(drill.lastPercent), 6) + Screens.pad(String(drill.attempts), 7)
                    + Screens.pad(String(drill.lapses), 8) + (drill.dueDate ?? "-") + "\n"
            }
        }
        return text
    }

    static func percent(_ fraction: Double?) -> String {
        guard let fraction, fraction.isFinite else { return "-" }
        return "\(Int((fraction * 100).rounded()))%"
    }

    /// A bar of up to 10 blocks, scaled to `largest`, then the count; any non-zero count shows a block.
    static func bar(_ count: Int, _ largest: Int) -> String {
        guard count > 0, largest > 0 else { return "0" }
        let blocks = max(1, Int((Double(count) / Double(largest) * 10).rounded()))
        return String(repeating: "█", count: blocks) + " \(count)"
    }
}
