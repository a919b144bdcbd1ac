import ClusterSim

/// Dates and durations worded as systemd 252, journald and Go's `docker/go-units` word them.
enum SystemdTime {
    static let weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]

    private static func pad(_ value: Int, _ width: Int = 2) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    /// `Tue 2026-07-14 09:12:03 UTC`: systemctl's timestamps (the nodes run in UTC).
    static func timestamp(_ time: SimTime) -> String {
        let c = time.civil
        let days = time.milliseconds.floorDivided(by: 86_400_000)
        let weekday = weekdays[Int(((days % 7) + 11) % 7)]
        return "\(weekday) \(c.year)-\(pad(c.month))-\(pad(c.day)) \(pad(c.hour)):\(pad(c.minute)):\(pad(c.second)) UTC"
    }

    /// `Nov 04 20:46:47`: journald's short format.
    static func journal(_ time: SimTime) -> String {
        let c = time.civil
        return "\(monthNames[c.month - 1]) \(pad(c.day)) \(pad(c.hour)):\(pad(c.minute)):\(pad(c.second))"
    }

    static let monthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// `2h 3min ago`, `5s ago`: how systemd words the age of a timestamp.
    static func relative(_ milliseconds: Int64) -> String {
        let d = max(0, milliseconds)
        let second: Int64 = 1000, minute = 60 * second, hour = 60 * minute, day = 24 * hour
        let week = 7 * day, month = 2_629_800 * second, year = 31_557_600 * second
        func plural(_ n: Int64, _ one: String, _ many: String) -> String { "\(n) \(n == 1 ? one : many)" }
        if d >= year {
            return "\(plural(d / year, "year", "years")) \(plural(d % year / month, "month", "months")) ago"
        }
        if d >= month { return "\(plural(d / month, "month", "months")) \(plural(d % month / day, "day", "days")) ago" }
        if d >= week { return "\(plural(d / week, "week", "weeks")) \(plural(d % week / day, "day", "days")) ago" }
        if d >= 2 * day { return "\(d / day) days ago" }
        if d >= 25 * hour { return "1 day \((d - day) / hour)h ago" }
        if d >= 6 * hour { return "\(d / hour)h ago" }
        if d >= hour { return "\(d / hour)h \(d % hour / minute)min ago" }
        if d >= 5 * minute { return "\(d / minute)min ago" }
        if d >= minute { return "\(d / minute)min \(d % minute / second)s ago" }
        if d >= second { return "\(d / second)s ago" }
        if d > 0 { return "\(d)ms ago" }
        return "now"
    }

    /// `1min 2.345s`, `345ms`: a CPU time at millisecond accuracy.
    static func timespan(_ milliseconds: Int64) -> String {
        var rest = max(0, milliseconds)
        if rest == 0 { return "0" }
        var parts: [String] = []
        for (unit, size) in [("h", Int64(3_600_000)), ("min", Int64(60_000))] where rest >= size {
            parts.append("\(rest / size)\(unit)")
            rest %= size
        }
        if rest >= 1000 {
            var fraction = pad(Int(rest % 1000), 3)
            while fraction.hasSuffix("0") { fraction.removeLast() }
            parts.append("\(rest / 1000)" + (fraction.isEmpty ? "" : ".\(fraction)") + "s")
        } else if rest > 0 {
            parts.append("\(rest)ms")
        }
        return parts.joined(separator: " ")
    }

    /// `48.1M`: systemd's byte sizes (base 1024, one decimal).
    static func bytes(_ value: Int64) -> String {
        let units = ["B", "K", "M", "G", "T"]
        var size = Double(value)
        var index = 0
        while size >= 1024, index < units.count - 1 {
            size /= 1024
            index += 1
        }
        if index == 0 { return "\(value)B" }
        let tenths = Int((size * 10).rounded(.down))
        return "\(tenths / 10).\(tenths % 10)\(units[index])"
    }

    /// `2 minutes`, `About an hour`: go-units' HumanDuration, which crictl prints with `ago`.
    static func humanDuration(_ milliseconds: Int64) -> String {
        let seconds = milliseconds / 1000
        if seconds < 1 { return "Less than a second" }
        if seconds == 1 { return "1 second" }
        if seconds < 60 { return "\(seconds) seconds" }
        let minutes = seconds / 60
        if minutes == 1 { return "About a minute" }
        if minutes < 60 { return "\(minutes) minutes" }
        let hours = (milliseconds + 1_800_000) / 3_600_000
        if hours == 1 { return "About an hour" }
        if hours < 48 { return "\(hours) hours" }
        if hours < 24 * 7 * 2 { return "\(hours / 24) days" }
        if hours < 24 * 30 * 2 { return "\(hours / 24 / 7) weeks" }
        if hours < 24 * 365 * 2 { return "\(hours / 24 / 30) months" }
        return "\(milliseconds / 3_600_000 / 24 / 365) years"
    }
}

extension Int64 {
    /// Division rounding toward negative infinity.
    func floorDivided(by divisor: Int64) -> Int64 {
        let quotient = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }
}
