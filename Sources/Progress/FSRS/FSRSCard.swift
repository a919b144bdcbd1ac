/// How well the learner recalled a card; only `again` counts as a failure.
public enum Rating: Int, Sendable, Hashable, Codable, CaseIterable {
    /// Forgotten.
    case again = 1
    /// Recalled, with serious effort or help.
    case hard = 2
    /// Recalled.
    case good = 3
    /// Recalled without effort.
    case easy = 4
}

/// Where a card is in the scheduler's state machine; raw values match py-fsrs for storage.
public enum CardState: Int, Sendable, Hashable, Codable, CaseIterable {
    /// New, or still on its learning steps.
    case learning = 1
    /// Scheduled in whole days by the memory model.
    case review = 2
    /// Lapsed and back on the relearning steps.
    case relearning = 3
}

/// What the memory model knows about a card once it has been reviewed.
public struct MemoryState: Sendable, Hashable, Codable {
    /// Days until the probability of recall falls to 90%.
    public var stability: Double
    /// How hard the card is to remember, from 1 (easiest) to 10.
    public var difficulty: Double

    /// Wraps a stability and difficulty, e.g. read back from the store.
    public init(stability: Double, difficulty: Double) {
        self.stability = stability
        self.difficulty = difficulty
    }
}

/// One item under spaced repetition: its place in the state machine, its memory and when it is due.
public struct FSRSCard: Sendable, Hashable, Codable {
    /// The caller's stable identifier; together with `reviewCount` it seeds the interval fuzz.
    public var id: Int64
    /// Where the card is in the state machine.
    public var state: CardState
    /// The index into the (re)learning steps; `nil` while in review.
    public var step: Int?
    /// Stability and difficulty; `nil` until the first review.
    public var memory: MemoryState?
    /// When the card should next be reviewed.
    public var due: Instant
    /// When the card was last reviewed; `nil` until the first review.
    public var lastReview: Instant?
    /// How many reviews the card has had.
    public var reviewCount: Int
    /// How many times the card was forgotten while in review.
    public var lapseCount: Int

    /// A new card, never reviewed, due at `due`.
    public init(id: Int64, due: Instant) {
        self.init(
            id: id, state: .learning, step: 0, memory: nil, due: due, lastReview: nil, reviewCount: 0, lapseCount: 0)
    }

    /// A card with every field given, e.g. read back from the store.
    public init(
        id: Int64, state: CardState, step: Int?, memory: MemoryState?, due: Instant, lastReview: Instant?,
        reviewCount: Int, lapseCount: Int
    ) {
        self.id = id
        self.state = state
        self.step = step
        self.memory = memory
        self.due = due
        self.lastReview = lastReview
        self.reviewCount = reviewCount
        self.lapseCount = lapseCount
    }
}

/// What one review did; the log is the source of truth from which cards can be rebuilt by replay.
public struct FSRSReviewLog: Sendable, Hashable, Codable {
    /// The card reviewed.
    public var cardID: Int64
    /// The rating given.
    public var rating: Rating
    /// When the review happened.
    public var reviewedAt: Instant
    /// The card's state before the review.
    public var stateBefore: CardState
    /// Whole days since the previous review; `nil` for the first review.
    public var elapsedDays: Int?
    /// The probability of recall at review time; `nil` for the first review.
    public var retrievability: Double?
    /// The interval chosen in whole days, after fuzz; `nil` when a (re)learning step was scheduled.
    public var scheduledDays: Int?

    /// Wraps the facts of one review, e.g. read back from the store.
    public init(
        cardID: Int64, rating: Rating, reviewedAt: Instant, stateBefore: CardState, elapsedDays: Int?,
        retrievability: Double?, scheduledDays: Int?
    ) {
        self.cardID = cardID
        self.rating = rating
        self.reviewedAt = reviewedAt
        self.stateBefore = stateBefore
        self.elapsedDays = elapsedDays
        self.retrievability = retrievability
        self.scheduledDays = scheduledDays
    }
}
