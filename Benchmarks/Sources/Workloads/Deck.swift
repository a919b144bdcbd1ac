import Progress

/// Cards with a short, varied history each, built with the scheduler itself.
public struct Deck {
    public let scheduler: FSRSScheduler
    public let cards: [FSRSCard]

    public init(count: Int) throws {
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

    /// One review of every card, each at its due time, with ratings varied by position.
    public func scheduleAll() -> Int64 {
        var dueSum: Int64 = 0
        for (index, card) in cards.enumerated() {
            let rating = Rating.allCases[index % Rating.allCases.count]
            dueSum &+= scheduler.review(card, rating: rating, at: card.due).card.due.millisecondsSinceEpoch
        }
        return dueSum
    }
}
