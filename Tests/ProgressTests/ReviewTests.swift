import Foundation
import Testing

@testable import Progress

private let start = Instant(millisecondsSinceEpoch: 1_750_000_000_000)
private let day = Instant.millisecondsPerDay

private func at(days: Double) -> Instant {
    Instant(millisecondsSinceEpoch: start.millisecondsSinceEpoch + Int64(days * Double(day)))
}

/// Scenarios without steps and recall cards with the default steps, as DESIGN §5 says.
func schedulers(retention: Double = 0.9, fuzz: Bool = false) throws -> (CardKind) -> FSRSScheduler {
    let scenario = try CardKind.scenario.scheduler(desiredRetention: retention, fuzz: fuzz)
    let recall = try CardKind.recall.scheduler(desiredRetention: retention, fuzz: fuzz)
    return { $0 == .scenario ? scenario : recall }
}

/// What the cards should be: the review log folded through the scheduler by hand, outside the store.
func replayed(_ reviews: [ReviewRecord], _ scheduler: (CardKind) -> FSRSScheduler) -> [StoredCard] {
    var cards: [String: StoredCard] = [:]
    for review in reviews {
        let card =
            cards[review.cardID]?.schedule ?? FSRSCard(id: Store.fuzzKey(for: review.cardID), due: review.reviewedAt)
        let next = scheduler(review.kind).review(card, rating: review.rating, at: review.reviewedAt).card
        cards[review.cardID] = StoredCard(id: review.cardID, kind: review.kind, schedule: next)
    }
    return cards.values.sorted { $0.id < $1.id }
}

extension Store {
    /// A review with no score signals, for tests that only care about scheduling.
    @discardableResult
    func review(_ cardID: String, _ rating: Rating, at time: Instant, _ scheduler: (CardKind) -> FSRSScheduler)
        throws -> StoredCard
    {
        let kind: CardKind = cardID.hasPrefix("scenario:") ? .scenario : .recall
        return try recordReview(
            cardID: cardID, kind: kind, attempt: nil, rating: rating, suggested: nil, at: time, percent: nil,
            elapsedMilliseconds: nil, scheduler: scheduler(kind))
    }
}

@Suite struct ReviewTests {
    @Test func scenarioReviewIsLoggedAndScheduledInWholeDays() throws {
        let store = try Store()
        let scheduler = try schedulers()
        let attempt = try store.startAttempt(scenario: "find-etcd-leader", seed: 7, mode: "practice", at: 0)
        let card = try store.recordReview(
            cardID: "scenario:find-etcd-leader", kind: .scenario, attempt: attempt, rating: .good, suggested: .hard,
            at: start, percent: 2.0 / 3.0 * 100, elapsedMilliseconds: 754_321, targetMilliseconds: 1_200_000, hints: 1,
            revealed: false, scheduler: scheduler(.scenario))
        let expected = scheduler(.scenario).review(
            FSRSCard(id: Store.fuzzKey(for: "scenario:find-etcd-leader"), due: start), rating: .good, at: start
        ).card
        #expect(card.schedule == expected)
        #expect(card.schedule.state == .review && card.schedule.step == nil, "scenarios have no learning steps")
        #expect(card.schedule.due == at(days: 2))
        #expect(try store.card(id: "scenario:find-etcd-leader") == card)

        let log = try #require(try store.reviews().first)
        #expect(log.cardID == "scenario:find-etcd-leader" && log.kind == .scenario && log.attemptID == attempt)
        #expect(log.rating == .good && log.suggested == .hard && log.overridden)
        #expect(log.reviewedAt == start && log.percent == 2.0 / 3.0 * 100 && log.elapsedMilliseconds == 754_321)
        #expect(log.targetMilliseconds == 1_200_000 && log.hints == 1 && !log.revealed)
    }

    @Test func overriddenOnlyWhenTheRatingDiffersFromTheSuggestion() throws {
        let store = try Store()
        let scheduler = try schedulers()(.recall)
        for (rating, suggested) in [(Rating.good, Rating.good), (.easy, nil), (.again, .hard)] {
            try store.recordReview(
                cardID: "card:quorum-3", kind: .recall, attempt: nil, rating: rating, suggested: suggested, at: start,
                percent: 100, elapsedMilliseconds: 4_000, hints: 0, revealed: false, scheduler: scheduler)
        }
        #expect(try store.reviews(cardID: "card:quorum-3").map(\.overridden) == [false, false, true])
        #expect(try store.reviews(cardID: "card:other").isEmpty)
    }

    @Test func recallCardsUseLearningSteps() throws {
        let store = try Store()
        let card = try store.review("card:quorum-3", .good, at: start, try schedulers())
        #expect(card.schedule.state == .learning && card.schedule.step == 1)
        #expect(card.schedule.due.millisecondsSinceEpoch == start.millisecondsSinceEpoch + 600_000)
        #expect(try store.card(id: "card:never-seen") == nil)
    }

    @Test func aFailedReviewChangesNothing() throws {
        let store = try Store()
        #expect(throws: StoreError.self) {
            try store.recordReview(
                cardID: "scenario:x", kind: .scenario, attempt: 999, rating: .good, suggested: nil, at: start,
                percent: 90, elapsedMilliseconds: 1, scheduler: try schedulers()(.scenario))
        }
        #expect(try store.reviews().isEmpty && store.cards().isEmpty, "log and card are written in one transaction")
    }

    @Test func dueCardsComeLowestRetrievabilityFirst() throws {
        let store = try Store()
        let scheduler = try schedulers()
        try store.review("scenario:good", .good, at: start, scheduler)  // S 2.31, due day 2
        try store.review("scenario:again", .again, at: start, scheduler)  // S 0.21, due day 1
        try store.review("scenario:easy", .easy, at: start, scheduler)  // S 8.30, due day 8
        try store.review("card:new-today", .good, at: at(days: 2.9), scheduler)  // a learning step, due in 10 min

        #expect(try store.dueCards(at: at(days: 0.5)).isEmpty)
        let now = at(days: 3)
        let due = try store.dueCards(at: now)
        #expect(due.map(\.card.id) == ["scenario:again", "scenario:good", "card:new-today"])
        for entry in due {
            let expected = scheduler(entry.card.kind).retrievability(of: entry.card.schedule, at: now)
            #expect(entry.retrievability == expected)
        }
        #expect(try store.dueCards(at: now, limit: 1).map(\.card.id) == ["scenario:again"])
        #expect(try store.dueCards(at: now, limit: 0).isEmpty)
        #expect(try store.dueCards(at: at(days: 10)).map(\.card.id).last == "scenario:easy")
    }

    @Test func rescheduleRebuildsCardsFromTheLogAlone() throws {
        let store = try Store()
        let before = try schedulers(retention: 0.9, fuzz: true)
        let names = ["scenario:find-etcd-leader", "scenario:restore-quorum", "card:quorum-3", "card:raft-term"]
        for index in 0..<48 {
            // Irregular gaps, with some same-day reviews, and every rating.
            let time = at(days: Double(index) * 1.7 + Double(index % 3) * 0.2)
            try store.review(names[index % names.count], Rating.allCases[(index * 7 / 3) % 4], at: time, before)
        }
        let live = try store.cards()
        let log = try store.reviews()
        #expect(live == replayed(log, before), "recording and replaying agree")
        #expect(try store.reschedule(scheduler: before) == names.count)
        #expect(try store.cards() == live, "replaying with the same settings changes nothing")

        let after = try schedulers(retention: 0.8, fuzz: true)
        try store.reschedule(scheduler: after)
        let rescheduled = try store.cards()
        #expect(rescheduled == replayed(log, after))
        #expect(rescheduled != live, "a lower retention moves due dates")
        try store.reschedule(scheduler: after)
        #expect(try store.cards() == rescheduled, "reschedule is idempotent")
        #expect(try store.reviews() == log, "the log is never rewritten")
    }

    @Test func fuzzKeyIsStableAcrossProcesses() {
        // FNV-1a test vectors: a fixed function of the name, unlike Swift's per-process seeded Hasher.
        #expect(Store.fuzzKey(for: "") == Int64(bitPattern: 0xcbf2_9ce4_8422_2325))
        #expect(Store.fuzzKey(for: "a") == Int64(bitPattern: 0xaf63_dc4c_8601_ec8c))
        #expect(Store.fuzzKey(for: "card:quorum-3") != Store.fuzzKey(for: "card:quorum-5"))
    }

    @Test func twoStoresOnOneFileInterleaveReviews() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("kd-\(UUID().uuidString).sqlite").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let first = try Store(path: path)
        let second = try Store(path: path)
        let scheduler = try schedulers()
        // Strictly interleaved, then truly concurrent.
        for index in 0..<10 {
            try first.review("scenario:shared", .good, at: at(days: Double(index)), scheduler)
            try second.review("scenario:shared", .hard, at: at(days: Double(index) + 0.5), scheduler)
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (store, name) in [(first, "card:first"), (second, "card:second")] {
                group.addTask {
                    let scheduler = try schedulers()
                    for index in 0..<25 {
                        try store.review("scenario:shared", .good, at: at(days: 10 + Double(index)), scheduler)
                        try store.review(name, .easy, at: at(days: Double(index)), scheduler)
                    }
                }
            }
            try await group.waitForAll()
        }
        for store in [first, second] {
            let log = try store.reviews()
            #expect(log.count == 20 + 2 * 50)
            #expect(log.map(\.id) == Array(1...120))
            #expect(try store.card(id: "scenario:shared")?.schedule.reviewCount == 70)
            #expect(try store.cards() == replayed(log, scheduler), "every write saw the other's last write")
        }
    }
}
