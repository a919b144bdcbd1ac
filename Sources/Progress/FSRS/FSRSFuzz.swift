/// Spreads review intervals over a small window so that cards learned together do not fall due together.
///
/// The window is the one Anki, ts-fsrs and py-fsrs share; the draw is a floor over a seeded uniform
/// number, so the same card at the same review count always gets the same interval.
enum FSRSFuzz {
    /// Intervals below this many days are never fuzzed.
    static let minimumFuzzedDays = 2.5

    /// The days an interval of `days` may be moved to: about ±15% for a week, ±5% beyond 20 days.
    static func range(aroundDays days: Int, maximumInterval: Int) -> ClosedRange<Int> {
        guard Double(days) >= minimumFuzzedDays, days <= maximumInterval else {
            return days...days
        }
        let length = Double(days)
        var delta = 1.0
        for (start, end, factor) in [(2.5, 7.0, 0.15), (7.0, 20.0, 0.1), (20.0, Double.infinity, 0.05)] {
            delta += factor * max(min(length, end) - start, 0)
        }
        let upper = min(Int((length + delta).rounded(.toNearestOrEven)), maximumInterval)
        let lower = min(max(2, Int((length - delta).rounded(.toNearestOrEven))), upper)
        return lower...upper
    }

    /// A seed that differs for every card and every review of it.
    static func seed(cardID: Int64, reviewCount: Int) -> UInt64 {
        mix(mix(UInt64(bitPattern: cardID)) ^ UInt64(truncatingIfNeeded: reviewCount))
    }

    /// A day drawn uniformly from `range(aroundDays:maximumInterval:)` using `seed`.
    static func fuzzedDays(_ days: Int, maximumInterval: Int, seed: UInt64) -> Int {
        let window = range(aroundDays: days, maximumInterval: maximumInterval)
        let unit = Double(mix(seed) >> 11) * 0x1p-53  // uniform in [0, 1)
        let offset = Int(unit * Double(window.count))
        return min(window.lowerBound + offset, window.upperBound)
    }

    /// SplitMix64's finaliser: a cheap bijection with good avalanche, enough for a per-review draw.
    private static func mix(_ value: UInt64) -> UInt64 {
        var z = value &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
