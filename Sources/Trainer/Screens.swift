import Catalog
import Grading
import Progress

/// The trainer's screens as text: home, list, check report.
public enum Screens {
    static func checkReport(_ report: GradeReport, console: Console, rating: String? = nil) -> String {
        var text = ""
        for result in report.results {
            let mark: String
            if result.coaching {
                mark = console.style(result.passed ? "TIP ok " : "TIP    ", .cyan)
            } else {
                mark = result.passed ? console.style("PASS   ", .green) : console.style("FAIL   ", .red)
            }
            let points = result.coaching ? "coaching" : "\(result.earned)/\(result.points)"
            text += "\(mark)\(result.id) (\(points)): \(result.feedback)\n"
        }
        if let rating { text += rating + "\n" }
        return text + console.style(report.scoreLine, .bold) + "\n"
    }

    static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }

    static func percent(_ value: Int?) -> String { value.map { "\($0)%" } ?? "-" }

    /// `kubedojo list`: every scenario with its topic, difficulty and target time.
    public static func list(_ catalog: Catalog, progress: [String: ScenarioProgress]) -> String {
        let idWidth = max(2, catalog.scenarios.map(\.id.count).max() ?? 0) + 2
        var text = pad("ID", idWidth) + pad("TOPIC", 17) + pad("LEVEL", 7) + pad("MIN", 5) + pad("LAST", 6) + "TITLE\n"
        for scenario in catalog.scenarios {
            text +=
                pad(scenario.id, idWidth) + pad(scenario.topic, 17) + pad(String(scenario.difficulty), 7)
                + pad(String(scenario.minutes), 5) + pad(percent(progress[scenario.id]?.lastPercent), 6) + scenario.title + "\n"
        }
        return text
    }

    /// The scenario to suggest next: one never tried, else the one with the lowest last score.
    static func suggestion(_ catalog: Catalog, progress: [String: ScenarioProgress]) -> Scenario? {
        if let fresh = catalog.scenarios.first(where: { progress[$0.id] == nil }) { return fresh }
        return catalog.scenarios.min { (progress[$0.id]?.lastPercent ?? -1) < (progress[$1.id]?.lastPercent ?? -1) }
    }

    /// `kubedojo` with no arguments: every scenario, what is due, interrupted attempts and a suggestion.
    public static func home(
        _ catalog: Catalog, progress: [String: ScenarioProgress], console: Console, due: [DueCard] = [],
        interrupted: [AttemptRecord] = [], clock: TrainerClock = TrainerClock()
    ) -> String {
        var text = console.style("kubedojo", .bold) + " — hands-on drills for the CKA's highly-available control plane\n\n"
        let idWidth = max(8, catalog.scenarios.map(\.id.count).max() ?? 0) + 2
        text += pad("SCENARIO", idWidth) + pad("TOPIC", 17) + pad("TRIES", 7) + pad("LAST", 6) + pad("BEST", 6) + "TITLE\n"
        for scenario in catalog.scenarios {
            let record = progress[scenario.id]
            text +=
                pad(scenario.id, idWidth) + pad(scenario.topic, 17) + pad(String(record?.attempts ?? 0), 7)
                + pad(percent(record?.lastPercent), 6) + pad(percent(record?.bestPercent), 6) + scenario.title + "\n"
        }
        let dueDrills = due.compactMap { entry -> (Scenario, Double)? in
            guard entry.card.id.hasPrefix("scenario:"),
                let scenario = catalog.scenario(id: String(entry.card.id.dropFirst("scenario:".count)))
            else { return nil }
            return (scenario, entry.retrievability)
        }
        if !dueDrills.isEmpty {
            text += "\nDue now: " + dueDrills.map(\.0.id).joined(separator: ", ") + " — "
            text += console.style("kubedojo review", .bold) + "\n"
        }
        for attempt in interrupted.prefix(3) {
            text += "Interrupted: attempt \(attempt.id) at \(attempt.scenario), started \(clock.date(attempt.startedAt)) — "
            text += console.style("kubedojo resume \(attempt.id)", .bold) + "\n"
        }
        if let (next, recall) = dueDrills.first {
            text +=
                "\nNext (due, recall \(StatsReport.percent(recall))): " + console.style("kubedojo drill \(next.id)", .bold) + "\n"
        } else if let next = suggestion(catalog, progress: progress) {
            let why = progress[next.id] == nil ? "not tried yet" : "your weakest score"
            text += "\nNext (\(why)): " + console.style("kubedojo drill \(next.id)", .bold) + "\n"
        }
        text += "More: kubedojo review · kubedojo stats · kubedojo list · kubedojo drill ID [--seed N] · kubedojo --help\n"
        return text
    }
}
