import Foundation

/// A scheduler setting the algorithm cannot work with, worded for the learner.
public struct FSRSError: Error, Sendable, Hashable, CustomStringConvertible {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }
}

/// The 21 FSRS-6 model weights `w[0...20]` and the formulas that use them.
///
/// The formulas follow py-fsrs 6.3.2 exactly (Double precision, no upper bound on stability),
/// because that is what the reference vectors were generated with.
public struct FSRSParameters: Sendable, Hashable {
    /// The weights, always 21 of them and each inside `bounds`.
    public let weights: [Double]

    /// The published FSRS-6 defaults, shared by py-fsrs, fsrs-rs and ts-fsrs.
    public static let `default` = FSRSParameters(checked: [
        0.212, 1.2931, 2.3065, 8.2956, 6.4133, 0.8334, 3.0194, 0.001, 1.8722, 0.1666, 0.796,
        1.4835, 0.0614, 0.2629, 1.6483, 0.6014, 1.8729, 0.5425, 0.0912, 0.0658, 0.1542,
    ])

    /// The range each weight must fall in (py-fsrs `LOWER/UPPER_BOUNDS_PARAMETERS`).
    public static let bounds: [ClosedRange<Double>] = [
        0.001...100, 0.001...100, 0.001...100, 0.001...100,  // w0-w3 initial stability
        1...10, 0.001...4, 0.001...4, 0.001...0.75,  // w4-w7 difficulty
        0...4.5, 0...0.8, 0.001...3.5,  // w8-w10 recall stability
        0.001...5, 0.001...0.25, 0.001...0.9, 0...4,  // w11-w14 forget stability
        0...1, 1...6,  // w15 hard penalty, w16 easy bonus
        0...2, 0...2, 0...0.8,  // w17-w19 same-day stability
        0.1...0.8,  // w20 forgetting-curve decay
    ]

    /// Checks that `weights` is a complete FSRS-6 set with every weight in range.
    public init(weights: [Double]) throws(FSRSError) {
        guard weights.count == Self.bounds.count else {
            throw FSRSError("FSRS-6 needs \(Self.bounds.count) parameters, got \(weights.count)")
        }
        for (index, (weight, range)) in zip(weights, Self.bounds).enumerated() where !range.contains(weight) {
            throw FSRSError("FSRS parameter w[\(index)] = \(weight) is outside \(range.lowerBound)...\(range.upperBound)")
        }
        self.weights = weights
    }

    private init(checked weights: [Double]) {
        self.weights = weights
    }

    static let minimumStability = 0.001
    static let difficultyRange = 1.0...10.0

    /// The forgetting curve's exponent, `-w20`.
    var decay: Double { -weights[20] }

    /// Chosen so that `retrievability(elapsedDays: s, stability: s) == 0.9` for every `s`.
    var factor: Double { pow(0.9, 1 / decay) - 1 }

    /// Probability of recall after `elapsedDays` for a memory of the given stability.
    func retrievability(elapsedDays: Double, stability: Double) -> Double {
        pow(1 + factor * elapsedDays / stability, decay)
    }

    /// Stability after the very first review.
    func initialStability(_ rating: Rating) -> Double {
        max(weights[rating.rawValue - 1], Self.minimumStability)
    }

    /// Difficulty after the very first review, before clamping; mean reversion needs the raw value.
    func unclampedInitialDifficulty(_ rating: Rating) -> Double {
        weights[4] - exp(weights[5] * Double(rating.rawValue - 1)) + 1
    }

    /// Difficulty after the very first review.
    func initialDifficulty(_ rating: Rating) -> Double {
        Self.clampDifficulty(unclampedInitialDifficulty(rating))
    }

    /// Difficulty after any later review: a damped step, then a pull toward the Easy starting point.
    func nextDifficulty(_ difficulty: Double, rating: Rating) -> Double {
        let delta = -weights[6] * Double(rating.rawValue - 3)
        let damped = difficulty + delta * (10 - difficulty) / 9
        // The target is the unclamped D0(Easy), as in py-fsrs, fsrs-rs and ts-fsrs.
        let reverted = weights[7] * unclampedInitialDifficulty(.easy) + (1 - weights[7]) * damped
        return Self.clampDifficulty(reverted)
    }

    /// Stability after a review on a later day, given the recall probability at that moment.
    func nextStability(difficulty: Double, stability: Double, retrievability: Double, rating: Rating) -> Double {
        let next =
            rating == .again
            ? forgetStability(difficulty: difficulty, stability: stability, retrievability: retrievability)
            : recallStability(difficulty: difficulty, stability: stability, retrievability: retrievability, rating: rating)
        return max(next, Self.minimumStability)
    }

    /// Stability after a passing review on a later day.
    func recallStability(difficulty: Double, stability: Double, retrievability: Double, rating: Rating) -> Double {
        let hardPenalty = rating == .hard ? weights[15] : 1
        let easyBonus = rating == .easy ? weights[16] : 1
        let gain =
            exp(weights[8]) * (11 - difficulty) * pow(stability, -weights[9])
            * (exp((1 - retrievability) * weights[10]) - 1) * hardPenalty * easyBonus
        return stability * (1 + gain)
    }

    /// Stability after a lapse; never more than a same-day Again would leave.
    func forgetStability(difficulty: Double, stability: Double, retrievability: Double) -> Double {
        let longTerm =
            weights[11] * pow(difficulty, -weights[12]) * (pow(stability + 1, weights[13]) - 1)
            * exp((1 - retrievability) * weights[14])
        let shortTermCap = stability / exp(weights[17] * weights[18])
        return min(longTerm, shortTermCap)
    }

    /// Stability after another review on the same day; a pass never lowers it.
    func shortTermStability(_ stability: Double, rating: Rating) -> Double {
        var increase = exp(weights[17] * (Double(rating.rawValue) - 3 + weights[18])) * pow(stability, -weights[19])
        if rating != .again {
            increase = max(increase, 1)
        }
        return max(stability * increase, Self.minimumStability)
    }

    /// Days until recall probability falls to `desiredRetention`, before rounding.
    func rawInterval(stability: Double, desiredRetention: Double) -> Double {
        stability / factor * (pow(desiredRetention, 1 / decay) - 1)
    }

    static func clampDifficulty(_ difficulty: Double) -> Double {
        min(max(difficulty, difficultyRange.lowerBound), difficultyRange.upperBound)
    }
}

extension FSRSParameters: Codable {
    /// Decodes a bare array of weights and validates it like `init(weights:)`.
    public init(from decoder: any Decoder) throws {
        let weights = try decoder.singleValueContainer().decode([Double].self)
        do {
            try self.init(weights: weights)
        } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.description))
        }
    }

    /// Encodes the weights as a bare array.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(weights)
    }
}
