/// Reading the `--flag=value` command lines of static pods, systemd units and flags.
extension Array where Element == String {
    /// The value of the last `--name=value` word, as Go's flag packages resolve repeats.
    public func flagValue(_ name: String) -> String? {
        let prefix = "--\(name)="
        return last { $0.hasPrefix(prefix) }.map { String($0.dropFirst(prefix.count)) }
    }
}

/// Go's `time.ParseDuration`, as every Kubernetes and etcd duration flag is parsed.
public enum GoDuration {
    /// `5s`, `500ms`, `1m30s` in milliseconds; nil when malformed or beyond ~30 000 years.
    public static func milliseconds(_ text: String) -> Int64? {
        var total: Double = 0
        var rest = Substring(text)
        guard !rest.isEmpty else { return nil }
        if rest == "0" { return 0 }
        // Bounded: each turn consumes at least one character.
        while !rest.isEmpty {
            let number = rest.prefix { $0.isNumber || $0 == "." }
            guard !number.isEmpty, let value = Double(number) else { return nil }
            rest = rest.dropFirst(number.count)
            let unit = rest.prefix { !$0.isNumber && $0 != "." }
            rest = rest.dropFirst(unit.count)
            let factor: Double
            switch unit {
            case "ns": factor = 0.000001
            case "us", "µs": factor = 0.001
            case "ms": factor = 1
            case "s": factor = 1000
            case "m": factor = 60_000
            case "h": factor = 3_600_000
            default: return nil
            }
            total += value * factor
        }
        // Converting a larger Double to Int64 would trap; no real flag is that long.
        guard total.isFinite, total < 1e15 else { return nil }
        return Int64(total)
    }
}

extension GoDuration {
    /// Go's `time.Duration.String()` at millisecond precision: `800ms`, `1.5s`, `2m0s`, `1h0m0s`.
    public static func format(milliseconds: Int64) -> String {
        guard milliseconds != 0 else { return "0s" }
        guard milliseconds >= 1000 || milliseconds <= -1000 else { return "\(milliseconds)ms" }
        let sign = milliseconds < 0 ? "-" : ""
        let total = milliseconds.magnitude
        let hours = total / 3_600_000, minutes = total / 60_000 % 60, rest = total % 60_000
        var seconds = "\(rest / 1000)"
        if rest % 1000 > 0 {
            var fraction = String(rest % 1000)
            fraction = String(repeating: "0", count: 3 - fraction.count) + fraction
            while fraction.hasSuffix("0") { fraction.removeLast() }
            seconds += "." + fraction
        }
        if hours > 0 { return "\(sign)\(hours)h\(minutes)m\(seconds)s" }
        if minutes > 0 { return "\(sign)\(minutes)m\(seconds)s" }
        return sign + seconds + "s"
    }
}
