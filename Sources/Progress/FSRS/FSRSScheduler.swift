/// The FSRS-6 scheduler: updates a card's memory after each rating and decides when it is next due.
///
/// It is a pure function of its inputs, following py-fsrs 6.3.2: time comes in as an `Instant`,
/// fuzz is seeded by the card's id and review count, and a "day" is a whole 24-hour period since the
/// previous review. A review less than a day after the previous one uses the same-day stability formula.
public struct FSRSScheduler: Sendable, Hashable {
    /// The model weights.
    public let parameters: FSRSParameters
    /// The probability of recall to aim for when a card falls due.
    public let desiredRetention: Double
    /// Waits between the first reviews of a new card; empty schedules whole days from the first rating.
    public let learningSteps: [Duration]
    /// Waits between reviews of a lapsed card; empty keeps lapsed cards in review.
    public let relearningSteps: [Duration]
    /// The longest interval the scheduler will choose, in days.
    public let maximumInterval: Int
    /// Whether review intervals are spread by a seeded random few percent.
    public let fuzz: Bool

    private let learningMilliseconds: [Int64]
    private let relearningMilliseconds: [Int64]

    /// py-fsrs's default learning steps: 1 minute, then 10 minutes.
    public static let defaultLearningSteps: [Duration] = [.seconds(60), .seconds(600)]
    /// py-fsrs's default relearning step: 10 minutes.
    public static let defaultRelearningSteps: [Duration] = [.seconds(600)]
    /// The largest allowed `maximumInterval`: a hundred years, as in Anki and fsrs-rs.
    public static let intervalCeiling = 36500

    /// Checks the configuration; the defaults are py-fsrs's, with fuzz on as it should be in production.
    public init(
        parameters: FSRSParameters = .default, desiredRetention: Double = 0.9,
        learningSteps: [Duration] = defaultLearningSteps, relearningSteps: [Duration] = defaultRelearningSteps,
        maximumInterval: Int = intervalCeiling, fuzz: Bool = true
    ) throws(FSRSError) {
        guard desiredRetention > 0, desiredRetention < 1 else {
            throw FSRSError("desired retention must be between 0 and 1 (exclusive), got \(desiredRetention)")
        }
        guard (1...Self.intervalCeiling).contains(maximumInterval) else {
            throw FSRSError("maximum interval must be 1...\(Self.intervalCeiling) days, got \(maximumInterval)")
        }
        let longestStep = Duration.seconds(Int64(maximumInterval) * 86_400)
        for step in learningSteps + relearningSteps where step <= .zero || step > longestStep {
            throw FSRSError("every (re)learning step must be positive and at most \(maximumInterval) days, got \(step)")
        }
        self.parameters = parameters
        self.desiredRetention = desiredRetention
        self.learningSteps = learningSteps
        self.relearningSteps = relearningSteps
        self.maximumInterval = maximumInterval
        self.fuzz = fuzz
        learningMilliseconds = learningSteps.map(Self.milliseconds)
        relearningMilliseconds = relearningSteps.map(Self.milliseconds)
    }

    /// The probability that `card` is recalled at `now`, counting whole days; `nil` before its first review.
    public func retrievability(of card: FSRSCard, at now: Instant) -> Double? {
        guard let memory = Self.usable(card.memory), let lastReview = card.lastReview else { return nil }
        let days = max(0, now.wholeDays(since: lastReview))
        return parameters.retrievability(elapsedDays: Double(days), stability: memory.stability)
    }

    /// Applies `rating` given at `now` to `card`, returning the updated card and what to log.
    public func review(_ card: FSRSCard, rating: Rating, at now: Instant) -> (card: FSRSCard, log: FSRSReviewLog) {
        let elapsedDays = card.lastReview.map { now.wholeDays(since: $0) }
        let retrievability = retrievability(of: card, at: now)
        let memory = nextMemory(card.memory, rating: rating, elapsedDays: elapsedDays, retrievability: retrievability)
        let next = transition(card, rating: rating, stability: memory.stability)

        var updated = card
        updated.memory = memory
        updated.lastReview = now
        updated.reviewCount = card.reviewCount &+ 1
        if card.state == .review && rating == .again {
            updated.lapseCount = card.lapseCount &+ 1
        }
        let scheduledDays: Int?
        switch next {
        case .step(let state, let index, let milliseconds):
            updated.state = state
            updated.step = index
            updated.due = now.advanced(byMilliseconds: milliseconds)
            scheduledDays = nil
        case .days(let days):
            let seed = FSRSFuzz.seed(cardID: card.id, reviewCount: card.reviewCount)
            let final = fuzz ? FSRSFuzz.fuzzedDays(days, maximumInterval: maximumInterval, seed: seed) : days
            updated.state = .review
            updated.step = nil
            updated.due = now.advanced(byMilliseconds: Int64(final) * Instant.millisecondsPerDay)
            scheduledDays = final
        }
        let log = FSRSReviewLog(
            cardID: card.id, rating: rating, reviewedAt: now, stateBefore: card.state, elapsedDays: elapsedDays,
            retrievability: retrievability, scheduledDays: scheduledDays)
        return (updated, log)
    }

    /// The whole-day interval for a memory of `stability`: rounded half-to-even as py-fsrs does, at least 1 day.
    func intervalDays(stability: Double) -> Int {
        let raw = parameters.rawInterval(stability: stability, desiredRetention: desiredRetention)
        guard !raw.isNaN else { return 1 }
        return Int(min(max(raw.rounded(.toNearestOrEven), 1), Double(maximumInterval)))
    }

    // MARK: - Memory

    private func nextMemory(_ memory: MemoryState?, rating: Rating, elapsedDays: Int?, retrievability: Double?)
        -> MemoryState
    {
        guard let memory = Self.usable(memory) else {
            return MemoryState(
                stability: parameters.initialStability(rating), difficulty: parameters.initialDifficulty(rating))
        }
        let difficulty = parameters.nextDifficulty(memory.difficulty, rating: rating)
        if let elapsedDays, elapsedDays < 1 {
            return MemoryState(
                stability: parameters.shortTermStability(memory.stability, rating: rating), difficulty: difficulty)
        }
        // Like py-fsrs, a memory without a last review counts as fully forgotten.
        let stability = parameters.nextStability(
            difficulty: memory.difficulty, stability: memory.stability, retrievability: retrievability ?? 0,
            rating: rating)
        return MemoryState(stability: stability, difficulty: difficulty)
    }

    /// A stored memory made safe to compute with; one that is not finite is treated as no memory at all.
    private static func usable(_ memory: MemoryState?) -> MemoryState? {
        guard let memory, memory.stability.isFinite, memory.difficulty.isFinite else { return nil }
        return MemoryState(
            stability: max(memory.stability, FSRSParameters.minimumStability),
            difficulty: FSRSParameters.clampDifficulty(memory.difficulty))
    }

    // MARK: - State machine

    private enum Next {
        case step(CardState, index: Int, milliseconds: Int64)
        case days(Int)
    }

    private func transition(_ card: FSRSCard, rating: Rating, stability: Double) -> Next {
        let graduate = Next.days(intervalDays(stability: stability))
        switch card.state {
        case .review:
            if rating == .again, let first = relearningMilliseconds.first {
                return .step(.relearning, index: 0, milliseconds: first)
            }
            return graduate
        case .learning, .relearning:
            let steps = card.state == .learning ? learningMilliseconds : relearningMilliseconds
            let step = max(card.step ?? 0, 0)
            guard let first = steps.first, step < steps.count || rating == .again else { return graduate }
            switch rating {
            case .again:
                return .step(card.state, index: 0, milliseconds: first)
            case .hard:
                return .step(card.state, index: step, milliseconds: Self.hardWait(steps: steps, step: step))
            case .good:
                guard step + 1 < steps.count else { return graduate }
                return .step(card.state, index: step + 1, milliseconds: steps[step + 1])
            case .easy:
                return graduate
            }
        }
    }

    /// Hard repeats the current step; on the first step it waits a little longer than Again would.
    private static func hardWait(steps: [Int64], step: Int) -> Int64 {
        guard step == 0 else { return steps[step] }
        guard steps.count >= 2 else { return halfEven(Double(steps[0]) * 1.5) }
        return halfEven(Double(steps[0] + steps[1]) / 2)
    }

    private static func halfEven(_ milliseconds: Double) -> Int64 {
        Int64(milliseconds.rounded(.toNearestOrEven))
    }

    private static func milliseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }
}
