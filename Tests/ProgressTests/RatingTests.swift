import Testing

@testable import Progress

/// One row of the DESIGN §5 rating table.
struct RatingCase: Sendable, CustomTestStringConvertible {
    let percent: Double
    let seconds: Double
    let target: Int?
    let hints: Int
    let revealed: Bool
    let expected: Rating
    let why: String

    init(
        _ percent: Double, _ seconds: Double, target: Int? = 20, hints: Int = 0, revealed: Bool = false,
        _ expected: Rating, _ why: String
    ) {
        self.percent = percent
        self.seconds = seconds
        self.target = target
        self.hints = hints
        self.revealed = revealed
        self.expected = expected
        self.why = why
    }

    var testDescription: String { "\(why): \(percent)% \(seconds)s/\(target.map(String.init) ?? "-")min" }
}

// A 20-minute target is 1200 s: 0.75× is 900 s and 1.5× is 1800 s. 600 s is comfortably fast.
let ratingTable: [RatingCase] = [
    // Score boundaries.
    RatingCase(65, 600, .again, "65% fails"),
    RatingCase(65.99, 600, .again, "just under 66% fails"),
    RatingCase(66, 600, .hard, "66% passes, hard"),
    RatingCase(80, 600, .hard, "80% is hard"),
    RatingCase(80.99, 600, .hard, "just under 81% is hard"),
    RatingCase(81, 600, .good, "81% is good"),
    RatingCase(94, 600, .good, "94% fast is good"),
    RatingCase(94.99, 600, .good, "just under 95% fast is good"),
    RatingCase(95, 600, .easy, "95% fast is easy"),
    RatingCase(100, 600, .easy, "100% fast is easy"),
    RatingCase(0, 600, .again, "0% fails"),
    // Time boundaries.
    RatingCase(100, 900, .easy, "exactly 0.75x target is still easy"),
    RatingCase(100, 900.0.nextUp, .good, "just over 0.75x target is good"),
    RatingCase(100, 1200, .good, "on target is good"),
    RatingCase(90, 1800, .good, "exactly 1.5x target is not slow"),
    RatingCase(90, 1800.0.nextUp, .hard, "just over 1.5x target is hard"),
    RatingCase(100, 1800.0.nextUp, .hard, "a perfect but slow attempt is hard"),
    RatingCase(100, 315, target: 7, .easy, "exactly 0.75x a 7-minute target"),
    RatingCase(100, 630, target: 7, .good, "exactly 1.5x a 7-minute target"),
    RatingCase(100, 630.0.nextUp, target: 7, .hard, "just over 1.5x a 7-minute target"),
    RatingCase(100, 0, .easy, "instant and perfect is easy"),
    // Hints and the revealed solution.
    RatingCase(100, 600, hints: 1, .hard, "one hint makes it hard"),
    RatingCase(95, 900, hints: 3, .hard, "hints rule out easy"),
    RatingCase(66, 600, hints: 1, .hard, "a hinted pass is hard"),
    RatingCase(65, 600, hints: 1, .again, "again beats hard"),
    RatingCase(100, 600, revealed: true, .again, "a revealed solution fails"),
    RatingCase(100, 600, hints: 2, revealed: true, .again, "revealed beats hints"),
    // Unknown or unusable inputs.
    RatingCase(100, 600, target: nil, .good, "no target: no easy without evidence of speed"),
    RatingCase(90, 99_999, target: nil, .good, "no target: time cannot make it hard"),
    RatingCase(100, 600, target: 0, .good, "a zero target is unknown"),
    RatingCase(100, -5, .good, "a negative time is unknown"),
    RatingCase(100, .nan, .good, "a NaN time is unknown"),
    RatingCase(90, .infinity, .good, "an infinite time is unknown"),
    RatingCase(.nan, 600, .again, "a NaN score fails"),
    RatingCase(-10, 600, .again, "a negative score fails"),
    RatingCase(150, 600, .easy, "scores above 100% count as 100%"),
    RatingCase(100, 600, hints: -1, .easy, "a negative hint count is no hint"),
]

@Suite struct RatingTests {
    @Test(arguments: ratingTable)
    func designTable(_ row: RatingCase) {
        let signals = AttemptRating(
            percent: row.percent, elapsedSeconds: row.seconds, targetMinutes: row.target, hints: row.hints,
            revealed: row.revealed)
        #expect(signals.rating == row.expected)
        #expect(
            AttemptRating.rating(
                percent: row.percent, elapsedSeconds: row.seconds, targetMinutes: row.target, hints: row.hints,
                revealed: row.revealed) == row.expected)
    }

    @Test func everyRatingIsReachable() {
        let reached = Set(ratingTable.map(\.expected))
        #expect(reached == Set(Rating.allCases))
    }
}
