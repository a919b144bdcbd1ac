import ClusterSim

/// Renderings that Go programs produce and the simulation must reproduce exactly.
enum GoFormat {
    /// go-humanize `Bytes`: SI units, one decimal below 10, `%.0f` (round half to even) above.
    static func humanBytes(_ bytes: Int64) -> String {
        if bytes < 10 { return "\(bytes) B" }
        let sizes = ["B", "kB", "MB", "GB", "TB", "PB", "EB"]
        var exponent = 0
        var scaled = Double(bytes)
        while scaled >= 1000, exponent < sizes.count - 1 {
            scaled /= 1000
            exponent += 1
        }
        let value = (scaled * 10 + 0.5).rounded(.down) / 10
        return (value < 10 ? fixed(value, decimals: 1) : fixed(value, decimals: 0)) + " " + sizes[exponent]
    }

    /// `strconv.FormatFloat(v, 'g', -1, 64)`, as Prometheus' text exposition writes samples:
    /// the shortest digits, with an exponent below 1e-4 and from 1e6 up (`1.234567e+06`).
    static func float(_ value: Double) -> String {
        guard value.isFinite else { return value.isNaN ? "NaN" : value < 0 ? "-Inf" : "+Inf" }
        guard value != 0 else { return "0" }
        let exponent = Int((abs(value)).log10Floor)
        func plain(_ number: Double) -> String {
            let text = "\(number)"
            return text.hasSuffix(".0") ? String(text.dropLast(2)) : text
        }
        if exponent >= -4 && exponent < 6 { return plain(value) }
        var scale = 1.0
        for _ in 0..<abs(exponent) { scale *= 10 }
        let mantissa = exponent > 0 ? value / scale : value * scale
        let digits = String(abs(exponent))
        return plain(mantissa) + (exponent < 0 ? "e-" : "e+") + (digits.count < 2 ? "0" + digits : digits)
    }

    /// `%.Nf` with round-half-to-even on the exact binary value, as both Go and C print it.
    static func fixed(_ value: Double, decimals: Int) -> String {
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let scaled = (value * scale).rounded(.toNearestOrEven)
        let integer = Int64(scaled)
        if decimals == 0 { return String(integer) }
        let whole = integer / Int64(scale)
        let fraction = String(integer % Int64(scale))
        return "\(whole)." + String(repeating: "0", count: decimals - fraction.count) + fraction
    }

    /// Go's `time.Duration.String()` for durations under a minute: `8.784575ms`, `474.51µs`, `5s`.
    static func duration(nanoseconds: Int64) -> String {
        if nanoseconds == 0 { return "0s" }
        let (unit, divisor): (String, Int64) =
            nanoseconds < 1_000
            ? ("ns", 1)
            : nanoseconds < 1_000_000
                ? ("µs", 1_000)
                : nanoseconds < 1_000_000_000 ? ("ms", 1_000_000) : ("s", 1_000_000_000)
        let whole = nanoseconds / divisor
        var fraction = String(nanoseconds % divisor)
        let digits = String(divisor).count - 1
        fraction = String(repeating: "0", count: max(0, digits - fraction.count)) + fraction
        while fraction.hasSuffix("0") { fraction.removeLast() }
        return fraction.isEmpty ? "\(whole)\(unit)" : "\(whole).\(fraction)\(unit)"
    }

    /// zap's ISO-8601 time as etcd 3.5 clients print it: always six fraction digits, `Z`.
    static func zapTimestamp(_ time: SimTime, microseconds: Int) -> String {
        let civil = time.civil
        var fraction = String(civil.millisecond * 1000 + microseconds)
        fraction = String(repeating: "0", count: 6 - fraction.count) + fraction
        // etcd 3.5.8+ clients log `2006-01-02T15:04:05.000000Z0700`: six digits, zeros kept.
        return civil.iso8601Milliseconds.prefix(19) + "." + fraction + "Z"
    }

    /// A JSON string literal as Go's encoding/json writes it (`<`, `>`, `&` escaped); zap's
    /// encoder (`html: false`) leaves those three alone.
    static func jsonString(_ text: String, html: Bool = true) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case "<" where html: result += "\\u003c"
            case ">" where html: result += "\\u003e"
            case "&" where html: result += "\\u0026"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result + "\""
    }
}

extension Double {
    /// The power of ten of the leading digit (1234.5 → 3, 0.01 → -2), for positive finite values.
    fileprivate var log10Floor: Int {
        var exponent = 0
        var value = self
        // Bounded: a finite Double lies within 10^±324.
        while value >= 10, exponent < 400 {
            value /= 10
            exponent += 1
        }
        while value < 1, exponent > -400 {
            value *= 10
            exponent -= 1
        }
        return exponent
    }
}
