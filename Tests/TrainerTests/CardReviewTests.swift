import Catalog
@testable import Progress
import Testing

@testable import Trainer

@Suite struct CardReviewTests {
    @Test func newMaterialMixesDrillsAndCardsAndDueCardsComeBack() throws {
        let catalog = try bundledCatalog()
        let card = try #require(catalog.cards.first)
        let fresh = ReviewPlan.make(
            catalog: catalog, due: [], reviewedCards: [], newIntroducedToday: 0, settings: Settings(retention: 0.9, newPerDay: 4),
            limit: nil, minutes: nil)
        #expect(fresh.items.map { $0.cardID.hasPrefix("card:") } == [false, true, false, true], "a drill, then a card")
        #expect(fresh.newAvailable == catalog.scenarios.count + catalog.cards.count)
        let due = DueCard(
            card: StoredCard(
                id: "card:\(card.id)", kind: .recall,
                schedule: FSRSCard(id: 1, due: Instant(millisecondsSinceEpoch: 0))),
            retrievability: 0.5)
        let plan = ReviewPlan.make(
            catalog: catalog, due: [due], reviewedCards: ["card:\(card.id)"], newIntroducedToday: 99, settings: .default,
            limit: nil, minutes: nil)
        #expect(plan.items.map(\.cardID) == ["card:\(card.id)"] && plan.unavailable == 0)
        #expect(plan.summary().contains("1. recall: \(card.id) (\(card.topic)) — recall 50%"))
    }

    @Test func answersAreRatedAndScheduled() throws {
        let catalog = try bundledCatalog()
        let card = try #require(catalog.cards.first { $0.id == "quorum-5" } ?? catalog.cards.first)
        let store = try Store()
        let review = CardReview(card: card)
        #expect(review.question.hasPrefix("Recall (\(card.topic), \(card.guide)):\n"))
        let right = review.answer(card.answer, store: store, now: 1_000_000, elapsedMilliseconds: 3_000, desiredRetention: 0.9)
        #expect(right.hasPrefix("Right. Answer: \(card.answer)\n"))
        #expect(right.contains("Rated Good; asked again in "))
        let wrong = review.answer("no idea at all", store: store, now: 2_000_000, elapsedMilliseconds: 0, desiredRetention: 0.9)
        #expect(wrong.hasPrefix("Not quite. Answer: "))
        #expect(wrong.contains("Rated Again; asked again in "))
        #expect(
            review.answer("", store: store, now: 3_000_000, elapsedMilliseconds: 0, desiredRetention: 0.9).hasPrefix(
                "No answer. "))
        let log = try store.reviews(cardID: "card:\(card.id)")
        #expect(log.map(\.rating) == [.good, .again, .again] && log.allSatisfy { $0.kind == .recall && $0.attemptID == nil })
        #expect(try store.card(id: "card:\(card.id)")?.kind == .recall)
    }
}
