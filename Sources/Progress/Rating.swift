/// The signals of one hands-on attempt and the rating DESIGN §5 derives from them.
///
/// Again if the solution was revealed or the score is below 66 %; Hard if hints were used, the score is
/// below 81 % or the time exceeds 1.5 × the target; Easy if the score is at least 95 %, the time at most
/// 0.75 × the target and no hint was used; Good otherwise. The rules are tried in that order.
/// Without a usable target or elapsed time (none, zero, negative, non-finite) time neither demotes to Hard
/// nor earns Easy: Easy has to be earned by speed, and unearned Easy ratings make intervals balloon.
public struct AttemptRating: Sendable, Hashable {
    /// The graded score as a percentage of the maximum, 0...100; out-of-range values are clamped.
    public var percent: Double
    /// Seconds from the start of the attempt to the `:check` being rated.
    public var elapsedSeconds: Double
    /// The scenario's target time in minutes; `nil` when unknown.
    public var targetMinutes: Int?
    /// How many hints were shown during the attempt.
    public var hints: Int
    /// Whether the solution was shown during the attempt.
    public var revealed: Bool

    /// Below this percentage an attempt is a failure (Again).
    public static let passPercent = 66.0
    /// Below this percentage a passing attempt is rated Hard.
    public static let comfortablePercent = 81.0
    /// From this percentage a fast, unaided attempt is rated Easy.
    public static let easyPercent = 95.0
    /// Taking longer than this multiple of the target time makes an attempt Hard.
    public static let slowRatio = 1.5
    /// Finishing within this multiple of the target time is needed for Easy.
    public static let fastRatio = 0.75

    /// Collects the signals of an attempt; nothing is computed until `rating` is read.
    public init(percent: Double, elapsedSeconds: Double, targetMinutes: Int?, hints: Int, revealed: Bool) {
        self.percent = percent
        self.elapsedSeconds = elapsedSeconds
        self.targetMinutes = targetMinutes
        self.hints = hints
        self.revealed = revealed
    }

    /// The suggested rating for these signals; the learner may override it.
    public var rating: Rating {
        Self.rating(
            percent: percent, elapsedSeconds: elapsedSeconds, targetMinutes: targetMinutes, hints: hints,
            revealed: revealed)
    }

    /// The rating DESIGN §5 gives an attempt, as a pure function of its signals.
    public static func rating(percent: Double, elapsedSeconds: Double, targetMinutes: Int?, hints: Int, revealed: Bool)
        -> Rating
    {
        let score = percent.isNaN ? 0 : min(max(percent, 0), 100)
        if revealed || score < passPercent {
            return .again
        }
        let target = targetSeconds(targetMinutes, elapsedSeconds: elapsedSeconds)
        // 60 × whole minutes times 0.75 or 1.5 is a whole number, exact in a Double: boundaries compare exactly.
        let slow = target.map { elapsedSeconds > slowRatio * $0 } ?? false
        let fast = target.map { elapsedSeconds <= fastRatio * $0 } ?? false
        if hints > 0 || score < comfortablePercent || slow {
            return .hard
        }
        if score >= easyPercent && fast {
            return .easy
        }
        return .good
    }

    /// The target in seconds, or `nil` when the target or the elapsed time is unknown or unusable.
    static func targetSeconds(_ targetMinutes: Int?, elapsedSeconds: Double) -> Double? {
        guard let targetMinutes, targetMinutes > 0, elapsedSeconds.isFinite, elapsedSeconds >= 0 else { return nil }
        return Double(targetMinutes) * 60
    }
}
