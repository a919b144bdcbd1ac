import Benchmark
import Progress

/// Scheduling 100 000 cards: one FSRS review each, over cards in every state (new, learning,
/// review and relearning), as rescheduling a large collection does.
func registerFSRSBenchmarks() {
    Benchmark(
        "fsrs.schedule-100000",
        configuration: .init(maxDuration: .seconds(3), maxIterations: 50)
    ) { (benchmark: Benchmark, deck: Deck) in
        for _ in benchmark.scaledIterations {
            var dueSum: Int64 = 0
            for (index, card) in deck.cards.enumerated() {
                let rating = Rating.allCases[index % Rating.allCases.count]
                dueSum &+= deck.scheduler.review(card, rating: rating, at: card.due).card.due.millisecondsSinceEpoch
            }
            blackHole(dueSum)
        }
    } setup: {
        try Deck(count: 100_000)
    }
}

/// Cards with a short, varied history each, built with the scheduler itself.
struct Deck {
    let scheduler: FSRSScheduler
    let cards: [FSRSCard]

    init(count: Int) throws {
        scheduler = try FSRSScheduler()
        let start = Instant(secondsSinceEpoch: 1_780_000_000)
        var cards: [FSRSCard] = []
        cards.reserveCapacity(count)
        for index in 0..<count {
            var card = FSRSCard(id: Int64(index), due: start)
            // 0 to 5 earlier reviews, ratings varied by the card's index.
            for review in 0..<(index % 6) {
                let rating = Rating.allCases[(index / 6 + review) % Rating.allCases.count]
                card = scheduler.review(card, rating: rating, at: card.due).card
            }
            cards.append(card)
        }
        self.cards = cards
    }
}
