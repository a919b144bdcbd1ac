#if canImport(Glibc)
    import Glibc
#endif
import Foundation

/// The time the trainer records and schedules with, and the local calendar it counts days in.
///
/// Real time by default; `KUBEDOJO_NOW` (milliseconds since the epoch, or an ISO 8601 time such as
/// `2025-07-01T09:00:00Z`) pins it, so tests and demonstrations get the same due dates and streaks
/// every run. Thinking time in a drill is always measured on the real clock.
public struct TrainerClock: Sendable {
    /// The pinned time, if any.
    public var fixed: Int64?
    /// Whose midnight starts a day: `$TZ`, else the system's zone.
    public var timeZone: TimeZone

    public init(fixed: Int64? = nil, timeZone: TimeZone = .current) {
        self.fixed = fixed
        self.timeZone = timeZone
    }

    /// Reads `KUBEDOJO_NOW` and `TZ`; an unreadable `KUBEDOJO_NOW` is an error, not silently real time.
    public init(environment: [String: String]) throws(TrainerError) {
        var zone = TimeZone.current
        if let name = environment["TZ"], !name.isEmpty, let named = TimeZone(identifier: name) {
            zone = named
        }
        self.init(fixed: nil, timeZone: zone)
        if let text = environment["KUBEDOJO_NOW"], !text.isEmpty {
            guard let value = Self.parse(text) else {
                throw TrainerError(
                    "kubedojo: KUBEDOJO_NOW must be milliseconds since 1970 or an ISO 8601 time like 2025-07-01T09:00:00Z, got '\(text)'"
                )
            }
            fixed = value
        }
    }

    static func parse(_ text: String) -> Int64? {
        if let milliseconds = Int64(text) { return milliseconds }
        let formatter = ISO8601DateFormatter()
        guard let date = formatter.date(from: text) else { return nil }
        return Int64(date.timeIntervalSince1970 * 1000)
    }

    /// Milliseconds since the epoch.
    public func now() -> Int64 {
        fixed ?? Self.realNow()
    }

    static func realNow() -> Int64 {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return Int64(now.tv_sec) * 1000 + Int64(now.tv_nsec) / 1_000_000
    }

    /// The local calendar day holding `milliseconds`, numbered from 1970-01-01.
    public func day(_ milliseconds: Int64) -> Int {
        let offset = Int64(timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(milliseconds) / 1000)))
        let local = milliseconds &+ offset * 1000
        return Int(local >= 0 ? local / 86_400_000 : (local - 86_399_999) / 86_400_000)
    }

    /// The local date of `milliseconds` as YYYY-MM-DD.
    public func date(_ milliseconds: Int64) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents(
            [.year, .month, .day], from: Date(timeIntervalSince1970: Double(milliseconds) / 1000))
        return String(format: "%04d-%02d-%02d", parts.year ?? 1970, parts.month ?? 1, parts.day ?? 1)
    }
}
