import Catalog
import Foundation
import ClusterSim
import Grading
import Progress

/// Fills an empty database with weeks of simulated practice, for demonstrations and tests of `stats`.
///
/// Each simulated attempt is a real drill: the scenario's solution or one of its listed mistakes is typed
/// into a `DrillSession` with a few seconds of thinking per line, then checked and rated, so every table
/// holds what a learner would have left. The same catalogue, days, seed and clock give the same database.
enum HistorySeeder {
    /// Writes `days` days of practice ending yesterday, so something is due today; refuses a database that
    /// already holds attempts.
    static func seed(
        catalog: Catalog, store: Store, days: Int, seed: UInt64, clock: TrainerClock, console: Console
    ) throws(TrainerError) -> String {
        guard (1...365).contains(days) else { throw TrainerError("kubedojo: --days must be 1 to 365") }
        guard try App.guarded({ () throws(StoreError) in try store.attempts() }).isEmpty else {
            throw TrainerError("kubedojo: seed-history only writes into an empty database; this one holds attempts")
        }
        let settings = try App.guarded { () throws(StoreError) in try store.settings() }
        var random = SeededGenerator(seed: seed, label: "seed-history")
        let day: Int64 = 86_400_000
        let now = clock.now()
        let firstDay = clock.day(now) - days
        var count = 0
        for offset in 0..<days {
            // Skip about one day in five, never the last, so streaks break now and then.
            if offset < days - 1 && random.int(in: 0...4) == 0 { continue }
            // 18:00 to 21:59 local time on that day.
            let midnight = Int64(firstDay + offset) * day
            let zone = Int64(clock.timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(midnight) / 1000))) * 1000
            var time = midnight - zone + Int64(18 + random.int(in: 0...3)) * 3_600_000
            let due = try App.guarded { () throws(StoreError) in
                try store.dueCards(at: Instant(millisecondsSinceEpoch: time)).map(\.card.id)
            }
            let practised = Set(try App.guarded { () throws(StoreError) in try store.cards() }.map(\.id))
            let fresh = catalog.scenarios.filter { !practised.contains("scenario:\($0.id)") }.prefix(settings.newPerDay)
            var queue = due.compactMap { id in catalog.scenario(id: String(id.dropFirst("scenario:".count))) }
            queue += fresh
            if queue.isEmpty, !catalog.scenarios.isEmpty {
                queue = [catalog.scenarios[random.int(in: 0...(catalog.scenarios.count - 1))]]
            }
            for scenario in queue.prefix(3) {
                time = try attempt(
                    scenario, catalog: catalog, store: store, at: time, retention: settings.retention, random: &random,
                    console: console)
                time += Int64(random.int(in: 1...10)) * 60_000
                count += 1
            }
        }
        return "Seeded \(count) attempts over \(days) days (seed \(seed)).\n"
    }

    /// One simulated attempt starting at `start`; returns when it ended.
    private static func attempt(
        _ scenario: Scenario, catalog: Catalog, store: Store, at start: Int64, retention: Double,
        random: inout SeededGenerator, console: Console
    ) throws(TrainerError) -> Int64 {
        let (_, spec) = try App.find(scenario.id, in: catalog)
        let session = try DrillSession(
            scenario: scenario, spec: spec, seed: UInt64(random.int(in: 1...999_999)), store: store, console: console,
            now: start, mode: "practice")
        session.desiredRetention = retention
        let values = session.values.merging(Grader.facts(session.cluster)) { variable, _ in variable }
        // The learner gets better with practice: more solutions, fewer hints, less time.
        let reviews = (try? store.card(id: "scenario:\(scenario.id)"))??.schedule.reviewCount ?? 0
        let skill = min(90, 45 + 12 * reviews)
        let solved = random.int(in: 1...100) <= skill || scenario.mistakes.isEmpty
        let typed = solved ? scenario.solution : scenario.mistakes[random.int(in: 0...(scenario.mistakes.count - 1))].commands
        var elapsed: Int64 = 0
        if random.int(in: 1...100) > skill {
            let think = Int64(random.int(in: 20...90)) * 1000
            elapsed += think
            _ = session.process(":hint", elapsedMilliseconds: think)
        }
        let pace = max(10, 80 - 10 * reviews)
        for line in Template.render(typed, values).split(separator: "\n") {
            let think = Int64(random.int(in: 5...pace)) * 1000
            elapsed += think
            _ = session.process(String(line), elapsedMilliseconds: think)
        }
        let think = Int64(random.int(in: 10...60)) * 1000
        elapsed += think
        _ = session.process(":check", elapsedMilliseconds: think)
        _ = session.process(":quit")
        session.finish(now: start + elapsed)
        return start + elapsed
    }
}
