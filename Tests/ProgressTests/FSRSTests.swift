import Foundation
import Testing

@testable import Progress

// The reference vectors come from py-fsrs 6.3.2 via /work/shared/fsrs/make_vectors.py; the copy in
// Fixtures/ keeps these tests runnable on a clean clone. Every number must match to 1e-6.

/// Relative tolerance for large values, absolute for values below 1.
private let tolerance = 1e-6

private func isClose(_ actual: Double?, _ expected: Double?) -> Bool {
    guard let actual, let expected else { return actual == nil && expected == nil }
    return abs(actual - expected) <= tolerance * max(1, abs(expected))
}

// MARK: - Fixture

struct FSRSVectorDocument: Decodable {
    struct Config: Decodable {
        let parameters: [Double]
        let desiredRetention: Double
        let learningSteps: [Double]
        let relearningSteps: [Double]
        let maximumInterval: Int
        let enableFuzzing: Bool
    }

    struct Formulas: Decodable {
        let decay: Double
        let factor: Double
        let initialStability: [String: Double]
        let initialDifficultyClamped: [String: Double]
        let initialDifficultyUnclamped: [String: Double]
        let retrievability: [RetrievabilityRow]
        let nextInterval: [IntervalRow]
        let nextDifficulty: [DifficultyRow]
        let nextStabilityLongTerm: [LongTermRow]
        let shortTermStability: [ShortTermRow]
        let fuzzRangeDays: [FuzzRangeRow]
    }

    let parameters: [Double]
    let configs: [String: Config]
    let formulaVectors: Formulas
    let histories: [FSRSHistory]
}

struct RetrievabilityRow: Decodable, CustomTestStringConvertible {
    let tDays: Double
    let stability: Double
    let r: Double
    // The snake-case strategy runs first, so `t_days` arrives as `tDays`.
    enum CodingKeys: String, CodingKey { case tDays, stability, r = "R" }
    var testDescription: String { "t=\(tDays) S=\(stability)" }
}

struct IntervalRow: Decodable, CustomTestStringConvertible {
    let desiredRetention: Double
    let stability: Double
    let rawDays: Double
    let days: Int
    var testDescription: String { "DR=\(desiredRetention) S=\(stability)" }
}

struct DifficultyRow: Decodable, CustomTestStringConvertible {
    let d: Double
    let rating: String
    let nextD: Double
    var testDescription: String { "D=\(d) \(rating)" }
}

struct LongTermRow: Decodable, CustomTestStringConvertible {
    let d: Double
    let s: Double
    let r: Double
    let rating: String
    let nextS: Double
    var testDescription: String { "D=\(d) S=\(s) R=\(r) \(rating)" }
}

struct ShortTermRow: Decodable, CustomTestStringConvertible {
    let s: Double
    let rating: String
    let nextS: Double
    var testDescription: String { "S=\(s) \(rating)" }
}

struct FuzzRangeRow: Decodable, CustomTestStringConvertible {
    let interval: Int
    let range: [Int]
    var testDescription: String { "\(interval) days" }
}

struct FSRSHistory: Decodable, CustomTestStringConvertible {
    struct Review: Decodable {
        let index: Int
        let rating: String
        let reviewDatetime: String
        let elapsedDaysInt: Int?
        let stateBefore: String
        let stepBefore: Int?
        let retrievabilityBefore: Double?
        let stateAfter: String
        let stepAfter: Int?
        let stability: Double
        let difficulty: Double
        let fsrsIntervalRawDays: Double
        let scheduledIntervalSeconds: Double
        let scheduledIntervalDays: Double
        let intervalSource: String
        let due: String
    }

    let name: String
    let config: String
    let start: String
    let reviews: [Review]
    var testDescription: String { "\(config)/\(name)" }
}

struct FixtureError: Error, CustomStringConvertible {
    let description: String
}

enum FSRSVectors {
    static let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/fsrs-vectors.json")

    static let loaded: Result<FSRSVectorDocument, any Error> = Result {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try decoder.decode(FSRSVectorDocument.self, from: Data(contentsOf: url))
    }

    static var formulas: FSRSVectorDocument.Formulas? { try? loaded.get().formulaVectors }
    static var histories: [FSRSHistory] { (try? loaded.get().histories) ?? [] }

    static func rating(_ name: String) throws -> Rating {
        let ratings: [String: Rating] = ["Again": .again, "Hard": .hard, "Good": .good, "Easy": .easy]
        guard let rating = ratings[name] else { throw FixtureError(description: "unknown rating \(name)") }
        return rating
    }

    static func state(_ name: String) throws -> CardState {
        let states: [String: CardState] = ["Learning": .learning, "Review": .review, "Relearning": .relearning]
        guard let state = states[name] else { throw FixtureError(description: "unknown state \(name)") }
        return state
    }

    /// The scheduler a named config in the fixture describes.
    static func scheduler(config name: String) throws -> FSRSScheduler {
        let document = try loaded.get()
        guard let config = document.configs[name] else { throw FixtureError(description: "unknown config \(name)") }
        func steps(_ seconds: [Double]) -> [Duration] { seconds.map { .milliseconds(Int64(($0 * 1000).rounded())) } }
        return try FSRSScheduler(
            parameters: FSRSParameters(weights: config.parameters), desiredRetention: config.desiredRetention,
            learningSteps: steps(config.learningSteps), relearningSteps: steps(config.relearningSteps),
            maximumInterval: config.maximumInterval, fuzz: config.enableFuzzing)
    }

    /// Parses the fixture's `YYYY-MM-DDTHH:MM:SS[.ffffff]+00:00` timestamps without a calendar.
    static func instant(_ text: String) throws -> Instant {
        let bad = FixtureError(description: "unexpected timestamp \(text)")
        guard text.hasSuffix("+00:00") else { throw bad }
        let fields = text.dropLast(6).split(whereSeparator: { "-T:".contains($0) })
        guard fields.count == 6, let year = Int64(fields[0]), let month = Int64(fields[1]), let day = Int64(fields[2]),
            let hour = Int64(fields[3]), let minute = Int64(fields[4]), let second = Double(fields[5])
        else { throw bad }
        // Days from civil date (Howard Hinnant's algorithm), proleptic Gregorian, UTC.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        let days = era * 146_097 + dayOfEra - 719_468
        let milliseconds = ((days * 24 + hour) * 60 + minute) * 60_000 + Int64((second * 1000).rounded())
        return Instant(millisecondsSinceEpoch: milliseconds)
    }
}

// MARK: - Formulas

@Suite struct FSRSParametersTests {
    let parameters = FSRSParameters.default

    @Test func fixtureLoadsCompletely() throws {
        let document = try FSRSVectors.loaded.get()
        #expect(document.parameters == FSRSParameters.default.weights)
        #expect(document.histories.count >= 16)
        #expect(Set(document.histories.map(\.config)) == ["default_steps", "no_steps"])
        #expect(try FSRSVectors.instant("2024-01-01T09:00:00+00:00") == Instant(secondsSinceEpoch: 1_704_099_600))
    }

    @Test func decayAndFactor() throws {
        let formulas = try #require(FSRSVectors.formulas)
        #expect(isClose(parameters.decay, formulas.decay))
        #expect(isClose(parameters.factor, formulas.factor))
    }

    @Test(arguments: Rating.allCases) func initialMemory(_ rating: Rating) throws {
        let formulas = try #require(FSRSVectors.formulas)
        let name = try #require(["Again", "Hard", "Good", "Easy"].first { try FSRSVectors.rating($0) == rating })
        #expect(isClose(parameters.initialStability(rating), formulas.initialStability[name]))
        #expect(isClose(parameters.initialDifficulty(rating), formulas.initialDifficultyClamped[name]))
        #expect(isClose(parameters.unclampedInitialDifficulty(rating), formulas.initialDifficultyUnclamped[name]))
    }

    @Test(arguments: FSRSVectors.formulas?.retrievability ?? [])
    func retrievability(_ row: RetrievabilityRow) {
        #expect(isClose(parameters.retrievability(elapsedDays: row.tDays, stability: row.stability), row.r))
    }

    @Test(arguments: FSRSVectors.formulas?.nextDifficulty ?? [])
    func nextDifficulty(_ row: DifficultyRow) throws {
        let rating = try FSRSVectors.rating(row.rating)
        #expect(isClose(parameters.nextDifficulty(row.d, rating: rating), row.nextD))
    }

    @Test(arguments: FSRSVectors.formulas?.nextStabilityLongTerm ?? [])
    func longTermStability(_ row: LongTermRow) throws {
        let rating = try FSRSVectors.rating(row.rating)
        let next = parameters.nextStability(difficulty: row.d, stability: row.s, retrievability: row.r, rating: rating)
        #expect(isClose(next, row.nextS))
    }

    @Test(arguments: FSRSVectors.formulas?.shortTermStability ?? [])
    func shortTermStability(_ row: ShortTermRow) throws {
        let rating = try FSRSVectors.rating(row.rating)
        #expect(isClose(parameters.shortTermStability(row.s, rating: rating), row.nextS))
    }

    @Test func rejectsIncompleteOrOutOfRangeWeights() {
        #expect(throws: FSRSError.self) { try FSRSParameters(weights: Array(parameters.weights.prefix(19))) }
        var weights = parameters.weights
        weights[20] = 0.05
        #expect(throws: FSRSError.self) { try FSRSParameters(weights: weights) }
        weights[20] = .nan
        #expect(throws: FSRSError.self) { try FSRSParameters(weights: weights) }
    }

    @Test func codableRoundTripValidates() throws {
        let data = try JSONEncoder().encode(parameters)
        #expect(try JSONDecoder().decode(FSRSParameters.self, from: data) == parameters)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(FSRSParameters.self, from: Data("[1, 2]".utf8)) }
    }
}

// MARK: - Scheduler

@Suite struct FSRSSchedulerTests {
    @Test(arguments: FSRSVectors.formulas?.nextInterval ?? [])
    func nextInterval(_ row: IntervalRow) throws {
        let scheduler = try FSRSScheduler(desiredRetention: row.desiredRetention, fuzz: false)
        let raw = scheduler.parameters.rawInterval(stability: row.stability, desiredRetention: row.desiredRetention)
        #expect(isClose(raw, row.rawDays))
        #expect(scheduler.intervalDays(stability: row.stability) == row.days)
    }

    @Test(arguments: FSRSVectors.histories)
    func replaysHistory(_ history: FSRSHistory) throws {
        let scheduler = try FSRSVectors.scheduler(config: history.config)
        var card = FSRSCard(id: 1, due: try FSRSVectors.instant(history.start))
        for review in history.reviews {
            let now = try FSRSVectors.instant(review.reviewDatetime)
            let at = Comment(rawValue: "\(history.testDescription) review \(review.index) (\(review.rating))")
            #expect(card.state == (try FSRSVectors.state(review.stateBefore)), at)
            #expect(card.step == review.stepBefore, at)
            #expect(isClose(scheduler.retrievability(of: card, at: now), review.retrievabilityBefore), at)

            let (next, log) = scheduler.review(card, rating: try FSRSVectors.rating(review.rating), at: now)
            let memory = try #require(next.memory, at)
            #expect(next.state == (try FSRSVectors.state(review.stateAfter)), at)
            #expect(next.step == review.stepAfter, at)
            #expect(isClose(memory.stability, review.stability), at)
            #expect(isClose(memory.difficulty, review.difficulty), at)
            let raw = scheduler.parameters.rawInterval(
                stability: memory.stability, desiredRetention: scheduler.desiredRetention)
            #expect(isClose(raw, review.fsrsIntervalRawDays), at)
            #expect(next.due == (try FSRSVectors.instant(review.due)), at)
            let intervalMilliseconds = Double(next.due.millisecondsSinceEpoch - now.millisecondsSinceEpoch)
            #expect(isClose(intervalMilliseconds / 1000, review.scheduledIntervalSeconds), at)
            #expect(isClose(intervalMilliseconds / 86_400_000, review.scheduledIntervalDays), at)

            #expect(log.elapsedDays == review.elapsedDaysInt, at)
            #expect(isClose(log.retrievability, review.retrievabilityBefore), at)
            #expect(log.stateBefore == (try FSRSVectors.state(review.stateBefore)), at)
            let expectedDays = review.intervalSource == "fsrs_days" ? Int(review.scheduledIntervalDays) : nil
            #expect(log.scheduledDays == expectedDays, at)
            #expect(next.reviewCount == review.index + 1 && next.lastReview == now, at)
            card = next
        }
    }

    @Test func lowerDesiredRetentionGivesLongerIntervals() throws {
        let strict = try FSRSScheduler(desiredRetention: 0.9, learningSteps: [], relearningSteps: [], fuzz: false)
        let relaxed = try FSRSScheduler(desiredRetention: 0.8, learningSteps: [], relearningSteps: [], fuzz: false)
        for stability in [1.2931, 2.3065, 8.2956, 15, 100, 1000] {
            #expect(relaxed.intervalDays(stability: stability) > strict.intervalDays(stability: stability))
        }
        // The same ratings at the same times: every review-state interval is longer at 0.8.
        let start = Instant(secondsSinceEpoch: 1_704_099_600)
        var strictCard = FSRSCard(id: 7, due: start)
        var relaxedCard = strictCard
        var now = start
        for rating in [Rating.good, .good, .hard, .good, .easy, .good] {
            let strictReview = strict.review(strictCard, rating: rating, at: now)
            let relaxedReview = relaxed.review(relaxedCard, rating: rating, at: now)
            let strictDays = try #require(strictReview.log.scheduledDays)
            #expect(try #require(relaxedReview.log.scheduledDays) > strictDays)
            (strictCard, relaxedCard) = (strictReview.card, relaxedReview.card)
            now = strictCard.due
        }
    }

    @Test func rejectsUnusableConfigurations() {
        #expect(throws: FSRSError.self) { try FSRSScheduler(desiredRetention: 1) }
        #expect(throws: FSRSError.self) { try FSRSScheduler(desiredRetention: .nan) }
        #expect(throws: FSRSError.self) { try FSRSScheduler(learningSteps: [.zero]) }
        #expect(throws: FSRSError.self) { try FSRSScheduler(maximumInterval: 0) }
    }

    @Test func corruptStoredMemoryStartsOver() throws {
        let scheduler = try FSRSScheduler(learningSteps: [], relearningSteps: [], fuzz: false)
        let now = Instant(secondsSinceEpoch: 1_704_099_600)
        let card = FSRSCard(
            id: 1, state: .review, step: nil, memory: MemoryState(stability: .nan, difficulty: 5), due: now,
            lastReview: now.advanced(byMilliseconds: -86_400_000), reviewCount: 3, lapseCount: 0)
        let (next, log) = scheduler.review(card, rating: .good, at: now)
        #expect(next.memory == MemoryState(stability: 2.3065, difficulty: scheduler.parameters.initialDifficulty(.good)))
        #expect(log.scheduledDays == 2 && log.retrievability == nil)
    }

    @Test func wholeDaysRoundTowardNegativeInfinity() {
        let base = Instant(secondsSinceEpoch: 1_704_099_600)
        #expect(base.advanced(byMilliseconds: 86_399_999).wholeDays(since: base) == 0)
        #expect(base.advanced(byMilliseconds: 86_400_000).wholeDays(since: base) == 1)
        #expect(base.advanced(byMilliseconds: -1).wholeDays(since: base) == -1)
        #expect(Instant(millisecondsSinceEpoch: .max).wholeDays(since: Instant(millisecondsSinceEpoch: .min)) > 0)
    }
}

// MARK: - Fuzz

@Suite struct FSRSFuzzTests {
    @Test(arguments: FSRSVectors.formulas?.fuzzRangeDays ?? [])
    func rangeMatchesReference(_ row: FuzzRangeRow) {
        let range = FSRSFuzz.range(aroundDays: row.interval, maximumInterval: 36500)
        #expect([range.lowerBound, range.upperBound] == row.range)
    }

    @Test(arguments: [1, 2, 3, 5, 10, 30, 100, 365, 1000, 36500])
    func sameSeedSameDayWithinRange(_ days: Int) {
        let range = FSRSFuzz.range(aroundDays: days, maximumInterval: 36500)
        var seen = Set<Int>()
        for cardID in Int64(1)...200 {
            for reviewCount in 0..<5 {
                let seed = FSRSFuzz.seed(cardID: cardID, reviewCount: reviewCount)
                let drawn = FSRSFuzz.fuzzedDays(days, maximumInterval: 36500, seed: seed)
                #expect(drawn == FSRSFuzz.fuzzedDays(days, maximumInterval: 36500, seed: seed))
                #expect(range.contains(drawn), "\(drawn) outside \(range) for card \(cardID) review \(reviewCount)")
                seen.insert(drawn)
            }
        }
        // The spread is real: 1000 draws cover every day of a window up to a few weeks wide.
        if range.count <= 50 {
            #expect(seen == Set(range))
        } else {
            #expect(seen.count > 100)
        }
    }

    @Test func schedulerFuzzIsReproducibleAndBounded() throws {
        let fuzzed = try FSRSScheduler(learningSteps: [], relearningSteps: [], fuzz: true)
        let plain = try FSRSScheduler(learningSteps: [], relearningSteps: [], fuzz: false)
        func replay() throws -> [FSRSCard] {
            var card = FSRSCard(id: 42, due: Instant(secondsSinceEpoch: 1_704_099_600))
            var cards: [FSRSCard] = []
            for rating in [Rating.good, .good, .good, .again, .good, .easy, .good, .hard] {
                let (next, log) = fuzzed.review(card, rating: rating, at: card.due)
                let memory = try #require(next.memory)
                let unfuzzed = plain.intervalDays(stability: memory.stability)
                let days = try #require(log.scheduledDays)
                #expect(FSRSFuzz.range(aroundDays: unfuzzed, maximumInterval: 36500).contains(days))
                cards.append(next)
                card = next
            }
            return cards
        }
        #expect(try replay() == replay())
    }
}
