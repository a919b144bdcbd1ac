import Catalog
import Progress

/// The queue `kubedojo review` works through: due material, least likely to be recalled first, then new
/// drills up to what the daily limit still allows.
///
/// Items are cards, named `scenario:ID` (a hands-on drill) or `card:ID` (a recall question answered inline).
public struct ReviewPlan: Sendable {
    /// What a queue entry asks the learner to do.
    public enum Material: Sendable {
        /// A hands-on drill, run like `kubedojo drill` and rated from its last check.
        case scenario(Scenario)
        /// A recall question, answered at the prompt and rated from the answer.
        case card(RecallCard)
    }

    /// One entry of the queue.
    public struct Item: Sendable {
        public var cardID: String
        public var material: Material
        /// Recall probability now; `nil` for a drill never practised.
        public var retrievability: Double?

        public var isNew: Bool { retrievability == nil }
        var minutes: Int {
            switch material {
            case .scenario(let scenario): scenario.minutes
            case .card: 1
            }
        }
        var title: String {
            switch material {
            case .scenario(let scenario): "\(scenario.id) (\(scenario.topic), about \(scenario.minutes) min)"
            case .card(let card): "recall: \(card.id) (\(card.topic))"
            }
        }
    }

    public var items: [Item]
    /// Due cards whose content is not in this catalogue (drills or cards since removed).
    public var unavailable: Int
    /// How many due items did not fit the limit or the minutes.
    public var deferred: Int
    /// New drills the daily limit still allows today, and how many exist.
    public var newAllowed: Int
    public var newAvailable: Int

    /// Builds the queue: `due` lowest retrievability first (the store's order), then new drills in catalogue
    /// order, easiest first; `limit` caps the count, `minutes` the summed target times (the first item always fits).
    static func make(
        catalog: Catalog, due: [DueCard], reviewedCards: Set<String>, newIntroducedToday: Int, settings: Settings,
        limit: Int?, minutes: Int?
    ) -> ReviewPlan {
        var candidates: [Item] = []
        var unavailable = 0
        for entry in due {
            if entry.card.kind == .scenario, entry.card.id.hasPrefix("scenario:"),
                let scenario = catalog.scenario(id: String(entry.card.id.dropFirst("scenario:".count)))
            {
                candidates.append(
                    Item(cardID: entry.card.id, material: .scenario(scenario), retrievability: entry.retrievability))
            } else if entry.card.kind == .recall, entry.card.id.hasPrefix("card:"),
                let card = catalog.card(id: String(entry.card.id.dropFirst("card:".count)))
            {
                candidates.append(Item(cardID: entry.card.id, material: .card(card), retrievability: entry.retrievability))
            } else {
                unavailable += 1
            }
        }
        let dueCount = candidates.count
        let freshDrills = catalog.scenarios.enumerated()
            .filter { !reviewedCards.contains("scenario:\($0.element.id)") }
            .sorted { ($0.element.difficulty, $0.offset) < ($1.element.difficulty, $1.offset) }
            .map { Item(cardID: "scenario:\($0.element.id)", material: .scenario($0.element), retrievability: nil) }
        let freshCards = catalog.cards.filter { !reviewedCards.contains("card:\($0.id)") }
            .map { Item(cardID: "card:\($0.id)", material: .card($0), retrievability: nil) }
        // New material alternates a drill and a card, so a session mixes hands-on work and recall.
        var fresh: [Item] = []
        for index in 0..<max(freshDrills.count, freshCards.count) {
            if index < freshDrills.count { fresh.append(freshDrills[index]) }
            if index < freshCards.count { fresh.append(freshCards[index]) }
        }
        let allowed = max(0, settings.newPerDay - newIntroducedToday)
        candidates += fresh.prefix(allowed)

        var items: [Item] = []
        var budget = 0
        for item in candidates {
            if let limit, items.count >= max(0, limit) { break }
            if let minutes, !items.isEmpty, budget + item.minutes > minutes { break }
            budget += item.minutes
            items.append(item)
        }
        return ReviewPlan(
            items: items, unavailable: unavailable, deferred: max(0, dueCount - items.filter { !$0.isNew }.count),
            newAllowed: allowed, newAvailable: fresh.count)
    }

    /// The queue as the learner reads it before starting.
    func summary() -> String {
        let dueItems = items.filter { !$0.isNew }
        var text = "Review: \(dueItems.count) due, \(items.count - dueItems.count) new"
        text += " (about \(items.map(\.minutes).reduce(0, +)) min)"
        if deferred > 0 { text += "; \(deferred) more due after these" }
        text += ".\n"
        if unavailable > 0 {
            text += "\(unavailable) due card\(unavailable == 1 ? " is" : "s are") not in this catalogue and skipped.\n"
        }
        for (index, item) in items.enumerated() {
            let why = item.retrievability.map { "recall \(StatsReport.percent($0))" } ?? "new"
            text += "  \(index + 1). \(item.title) — \(why)\n"
        }
        return text
    }
}
