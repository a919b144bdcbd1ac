/// A point on the simulation's virtual clock, in milliseconds since the Unix epoch (UTC).
public struct SimTime: Sendable, Hashable, Comparable, Codable {
    public var milliseconds: Int64

    public init(milliseconds: Int64) {
        self.milliseconds = milliseconds
    }

    public init(seconds: Int64) {
        self.milliseconds = seconds * 1000
    }

    public static func < (lhs: SimTime, rhs: SimTime) -> Bool { lhs.milliseconds < rhs.milliseconds }

    public func adding(milliseconds delta: Int64) -> SimTime {
        SimTime(milliseconds: milliseconds + delta)
    }

    public func adding(days: Int64) -> SimTime {
        adding(milliseconds: days * 86_400_000)
    }

    /// The civil UTC date and time of this instant.
    public var civil: CivilTime {
        let totalSeconds = milliseconds.floorDiv(1000)
        let days = totalSeconds.floorDiv(86_400)
        let secondOfDay = totalSeconds - days * 86_400
        // Howard Hinnant's days-from-civil inverse.
        let z = days + 719_468
        let era = z.floorDiv(146_097)
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        return CivilTime(
            year: Int(year), month: Int(month), day: Int(day),
            hour: Int(secondOfDay / 3600), minute: Int(secondOfDay % 3600 / 60),
            second: Int(secondOfDay % 60), millisecond: Int(milliseconds - totalSeconds * 1000))
    }

    /// The instant of a civil UTC date and time.
    public static func from(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0) -> SimTime {
        let y = Int64(month <= 2 ? year - 1 : year)
        let era = y.floorDiv(400)
        let yoe = y - era * 400
        let m = Int64(month)
        let doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + Int64(day) - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        let days = era * 146_097 + doe - 719_468
        return SimTime(seconds: days * 86_400 + Int64(hour) * 3600 + Int64(minute) * 60 + Int64(second))
    }
}

/// A broken-down UTC date and time.
public struct CivilTime: Sendable, Hashable, Codable {
    public var year, month, day, hour, minute, second, millisecond: Int

    /// `2026-11-24T20:46:26.434Z`, as Go's zap encoder writes timestamps.
    public var iso8601Milliseconds: String {
        "\(year)-\(pad(month))-\(pad(day))T\(pad(hour)):\(pad(minute)):\(pad(second)).\(pad(millisecond, 3))Z"
    }

    /// `Nov 24 20:46:26 2026 GMT`, as OpenSSL prints certificate dates.
    public var opensslDate: String {
        let day = self.day < 10 ? " \(self.day)" : "\(self.day)"
        return "\(Self.monthNames[month - 1]) \(day) \(pad(hour)):\(pad(minute)):\(pad(second)) \(year) GMT"
    }

    static let monthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    private func pad(_ value: Int, _ width: Int = 2) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}

extension Int64 {
    /// Division rounding toward negative infinity.
    func floorDiv(_ divisor: Int64) -> Int64 {
        let quotient = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }
}
