/// A point in time as whole milliseconds since the Unix epoch (UTC), the unit the progress store uses.
public struct Instant: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// Milliseconds since 1970-01-01T00:00:00Z.
    public var millisecondsSinceEpoch: Int64

    static let millisecondsPerDay: Int64 = 86_400_000

    /// Wraps a millisecond timestamp such as the trainer's wall clock reading.
    public init(millisecondsSinceEpoch: Int64) {
        self.millisecondsSinceEpoch = millisecondsSinceEpoch
    }

    /// Wraps a whole-second Unix timestamp, saturating at the representable range.
    public init(secondsSinceEpoch: Int64) {
        let (product, overflow) = secondsSinceEpoch.multipliedReportingOverflow(by: 1000)
        millisecondsSinceEpoch = overflow ? (secondsSinceEpoch < 0 ? .min : .max) : product
    }

    public static func < (lhs: Instant, rhs: Instant) -> Bool {
        lhs.millisecondsSinceEpoch < rhs.millisecondsSinceEpoch
    }

    /// The raw millisecond count, for logs and test failures.
    /// The raw millisecond count, for logs and test failures.
    public var description: String { "\(millisecondsSinceEpoch)ms" }

    /// Encodes as a bare integer, the same number the store keeps.
    public init(from decoder: any Decoder) throws {
        millisecondsSinceEpoch = try decoder.singleValueContainer().decode(Int64.self)
    }

    /// Encodes as a bare integer, the same number the store keeps.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(millisecondsSinceEpoch)
    }

    /// This instant moved by `milliseconds`, saturating rather than trapping at the ends of time.
    func advanced(byMilliseconds milliseconds: Int64) -> Instant {
        let (sum, overflow) = millisecondsSinceEpoch.addingReportingOverflow(milliseconds)
        return Instant(millisecondsSinceEpoch: overflow ? (milliseconds < 0 ? .min : .max) : sum)
    }

    /// Whole 24-hour periods since `earlier`, rounded toward negative infinity like Python's `timedelta.days`.
    func wholeDays(since earlier: Instant) -> Int {
        let (difference, overflow) = millisecondsSinceEpoch.subtractingReportingOverflow(earlier.millisecondsSinceEpoch)
        if overflow {
            return Int(self < earlier ? Int64.min / Self.millisecondsPerDay : Int64.max / Self.millisecondsPerDay)
        }
        var days = difference / Self.millisecondsPerDay
        if difference % Self.millisecondsPerDay != 0 && difference < 0 {
            days -= 1
        }
        return Int(days)
    }
}
