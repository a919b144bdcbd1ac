#if canImport(Glibc)
    import Glibc
#endif
import Catalog
import Foundation
import Progress

/// The study-plan commands: review, stats, config, reschedule, export.
extension App {
    /// `kubedojo review`: works through the due drills, lowest recall first, then new ones up to the daily limit.
    public static func review(limit: Int?, minutes: Int?, options: TrainerOptions) throws(TrainerError) {
        if let limit, limit < 1 { throw TrainerError("kubedojo: --limit must be at least 1") }
        if let minutes, minutes < 1 { throw TrainerError("kubedojo: --minutes must be at least 1") }
        let catalog = try loadCatalog(options)
        let store = try openStore(options)
        let clock = try TrainerClock(environment: options.environment)
        let console = Console(environment: options.environment)
        let now = clock.now()
        let (settings, due, firsts) = try guarded { () throws(StoreError) in
            (
                try store.settings(), try store.dueCards(at: Instant(millisecondsSinceEpoch: now)),
                try store.firstReviewTimes()
            )
        }
        let today = clock.day(now)
        let plan = ReviewPlan.make(
            catalog: catalog, due: due, reviewedCards: Set(firsts.keys),
            newIntroducedToday: firsts.values.filter { clock.day($0) == today }.count, settings: settings, limit: limit,
            minutes: minutes)
        guard !plan.items.isEmpty else {
            console.out(try nothingDue(plan, store: store, clock: clock))
            return
        }
        console.out(plan.summary())
        signal(SIGPIPE, SIG_IGN)
        let reader = makeReader(console: console, options: options)
        let started = monotonicClock()
        var systemRandom = SystemRandomNumberGenerator()
        for (index, item) in plan.items.enumerated() {
            if let minutes, index > 0, monotonicClock() - started >= Int64(minutes) * 60_000 {
                console.out("\n\(minutes) minutes are up; the rest stays due for next time.\n")
                break
            }
            switch item.material {
            case .scenario(let scenario):
                let (_, spec) = try find(scenario.id, in: catalog)
                let session = try DrillSession(
                    scenario: scenario, spec: spec, seed: UInt64.random(in: 1...999_999, using: &systemRandom), store: store,
                    console: console, now: clock.now(), mode: "review")
                session.desiredRetention = settings.retention
                console.out("\n[\(index + 1)/\(plan.items.count)] " + session.banner + "\n")
                let ended = loop(session, reader: reader, console: console)
                let message =
                    session.finish(now: clock.now())
                    ?? "Left \(scenario.id) without a :check, so it was not rated; it stays in the queue.\n"
                console.out(message)
                if ended {
                    if index + 1 < plan.items.count { console.out("Input ended; the rest stays due for next time.\n") }
                    return
                }
            case .card(let card):
                let review = CardReview(card: card)
                console.out("\n[\(index + 1)/\(plan.items.count)] " + review.question)
                let asked = monotonicClock()
                switch reader.read(prompt: console.isInteractive ? "answer> " : "") {
                case .line(let line):
                    if line.trimmingCharacters(in: .whitespaces) == ":quit" {
                        console.out("Left the review; the rest stays due for next time.\n")
                        return
                    }
                    console.out(
                        review.answer(
                            line, store: store, now: clock.now(),
                            elapsedMilliseconds: console.isInteractive ? max(0, monotonicClock() - asked) : 0,
                            desiredRetention: settings.retention))
                case .interrupted, .tooLong:
                    console.out("Skipped; it stays due.\n")
                case .endOfInput:
                    console.out("\nInput ended; the rest stays due for next time.\n")
                    return
                }
            }
        }
    }

    private static func nothingDue(_ plan: ReviewPlan, store: Store, clock: TrainerClock) throws(TrainerError) -> String {
        let cards = try guarded { () throws(StoreError) in try store.cards() }
        var text = "Nothing is due"
        if plan.newAvailable > 0 && plan.newAllowed == 0 {
            text += ", and today's new drills are done (new-per-day; `kubedojo config set new-per-day N` changes it)"
        }
        if let next = cards.map(\.schedule.due.millisecondsSinceEpoch).min() {
            text += ". Next review: \(clock.date(next))"
        }
        return text + ".\n"
    }

    /// `kubedojo stats [--json]`.
    public static func stats(json: Bool, options: TrainerOptions) throws(TrainerError) -> String {
        let catalog = try loadCatalog(options)
        let store = try openStore(options)
        let clock = try TrainerClock(environment: options.environment)
        let report = try guarded { () throws(StoreError) in try StatsReport.make(catalog: catalog, store: store, clock: clock) }
        return json ? report.json() : report.text(console: Console(environment: options.environment))
    }

    /// `kubedojo config set KEY VALUE`.
    public static func configSet(key: String, value: String, options: TrainerOptions) throws(TrainerError) -> String {
        let store = try openStore(options)
        let stored = try guarded { () throws(StoreError) in try store.setSetting(key, to: value) }
        var text = "\(key) = \(stored)\n"
        if key == "retention" {
            text += "New reviews use it now; `kubedojo reschedule` recomputes the cards you already have.\n"
        }
        return text
    }

    /// `kubedojo config get [KEY]`: one setting, or all of them.
    public static func configGet(key: String?, options: TrainerOptions) throws(TrainerError) -> String {
        let store = try openStore(options)
        let settings = try guarded { () throws(StoreError) in try store.settings() }
        if let key {
            guard let value = settings.text(for: key) else {
                throw TrainerError(
                    "kubedojo: unknown setting '\(key)'; settings are \(Settings.keys.map(\.name).joined(separator: ", "))")
            }
            return value + "\n"
        }
        return Settings.keys.map { "\($0.name) = \(settings.text(for: $0.name) ?? "")    # \($0.meaning)\n" }.joined()
    }

    /// `kubedojo reschedule`: rebuilds every card from the review log with the current settings.
    public static func reschedule(options: TrainerOptions) throws(TrainerError) -> String {
        let store = try openStore(options)
        let clock = try TrainerClock(environment: options.environment)
        let settings = try guarded { () throws(StoreError) in try store.settings() }
        let scenario: FSRSScheduler
        let recall: FSRSScheduler
        do {
            scenario = try CardKind.scenario.scheduler(desiredRetention: settings.retention)
            recall = try CardKind.recall.scheduler(desiredRetention: settings.retention)
        } catch {
            throw TrainerError("kubedojo: \(error)")
        }
        return try guarded { () throws(StoreError) in
            let count = try store.reschedule { $0 == .scenario ? scenario : recall }
            let reviews = try store.reviews().count
            let due = try store.dueCards(at: Instant(millisecondsSinceEpoch: clock.now())).count
            return "Rescheduled \(count) card\(count == 1 ? "" : "s") from \(reviews) review\(reviews == 1 ? "" : "s") "
                + "at desired retention \(settings.retention); \(due) due now.\n"
        }
    }

    /// `kubedojo export --json [--out FILE]`: returns the JSON, or writes it to `out` atomically and returns a note.
    public static func export(out: String?, options: TrainerOptions) throws(TrainerError) -> String {
        let store = try openStore(options)
        let clock = try TrainerClock(environment: options.environment)
        let document = try guarded { () throws(StoreError) in try store.export(at: clock.now()) }
        let data: Data
        do {
            data = try document.json()
        } catch {
            throw TrainerError("kubedojo: cannot encode the export: \(error)")
        }
        guard let out else { return String(decoding: data, as: UTF8.self) }
        do {
            try data.write(to: URL(fileURLWithPath: out), options: .atomic)
        } catch {
            throw TrainerError("kubedojo: cannot write \(out): \(error.localizedDescription)")
        }
        return "Wrote \(document.attempts.count) attempts and \(document.reviews.count) reviews to \(out).\n"
    }

    /// `kubedojo dev seed-history`: weeks of simulated practice in an empty database.
    public static func seedHistory(days: Int, seed: UInt64, options: TrainerOptions) throws(TrainerError) -> String {
        let catalog = try loadCatalog(options)
        let store = try openStore(options)
        return try HistorySeeder.seed(
            catalog: catalog, store: store, days: days, seed: seed, clock: try TrainerClock(environment: options.environment),
            console: Console(environment: ["NO_COLOR": "1"]))
    }
}
