import ClusterSim

/// `journalctl [-u UNIT]... [-n N] [--since T] [--until T] [-r] [-e] [-x] [--no-pager]` over the
/// node's journal, in journald's short format. `-f` is refused: following never ends here.
enum Journalctl {
    static let table = OptionTable(
        tool: "journalctl",
        options: [
            .init(key: "unit", short: "u", long: "unit", arity: .required),
            .init(key: "lines", short: "n", long: "lines", arity: .required),
            .init(key: "since", short: "S", long: "since", arity: .required),
            .init(key: "until", short: "U", long: "until", arity: .required),
            .init(key: "follow", short: "f", long: "follow", arity: .none),
            .init(key: "reverse", short: "r", long: "reverse", arity: .none),
            .init(key: "pager-end", short: "e", long: "pager-end", arity: .none),
            .init(key: "catalog", short: "x", long: "catalog", arity: .none),
            .init(key: "no-pager", short: nil, long: "no-pager", arity: .none),
            .init(key: "quiet", short: "q", long: "quiet", arity: .none),
            .init(key: "boot", short: "b", long: "boot", arity: .optional),
            .init(key: "no-hostname", short: nil, long: "no-hostname", arity: .none),
            .init(key: "output", short: "o", long: "output", arity: .required),
        ])

    static func run(_ context: inout ToolContext) -> Int32 {
        let parsed: OptionTable.Parsed
        switch table.parse(Array(context.args.dropFirst())) {
        case .failure(let failure):
            context.err(failure.message("journalctl"))
            return 1
        case .success(let result):
            parsed = result
        }
        if let asked = ["help", "version"].first(where: parsed.has) { return context.notSimulated("journalctl --\(asked)") }
        if parsed.has("follow") {
            context.err(
                "kubedojo: 'journalctl -f' is not simulated: following a journal would never return here; "
                    + "use 'journalctl -u UNIT -n 50' to see the latest lines\n")
            return 1
        }
        if let output = parsed.last("output"), output != "short" {
            return context.notSimulated("journalctl -o \(output)")
        }
        if !parsed.operands.isEmpty { return context.notSimulated("journalctl \(parsed.operands.joined(separator: " "))") }
        var limit: Int?
        if let lines = parsed.last("lines") {
            guard let value = Int(lines.hasPrefix("+") ? String(lines.dropFirst()) : lines), value >= 0 else {
                context.err("Failed to parse lines '\(lines)'\n")
                return 1
            }
            limit = value
        } else if parsed.has("pager-end") {
            limit = 1000
        }
        let now = context.cluster.now
        var since: SimTime?
        var until: SimTime?
        for (key, bound) in [("since", 0), ("until", 1)] {
            guard let text = parsed.last(key) else { continue }
            guard let time = parseTime(text, now: now) else {
                context.err("Failed to parse timestamp: \(text)\n")
                return 1
            }
            if bound == 0 { since = time } else { until = time }
        }
        let units = Set(parsed.values("unit").map(Systemctl.unitName))
        var entries = Journal.entries(context.cluster, host: context.host).filter { entry in
            (units.isEmpty || entry.unit.map(units.contains) == true)
                && since.map { entry.time >= $0 } ?? true && until.map { entry.time <= $0 } ?? true
        }
        if let limit { entries = Array(entries.suffix(limit)) }
        if parsed.has("reverse") { entries.reverse() }
        if entries.isEmpty {
            if !parsed.has("quiet") { context.out("-- No entries --\n") }
            return 0
        }
        let hostless = parsed.has("no-hostname")
        for entry in entries {
            var line = entry.shortLine
            if hostless {
                line = line.replacingOccurrences(of: " \(entry.host) \(entry.identifier)[", with: " \(entry.identifier)[")
            }
            context.out(line + "\n")
        }
        return 0
    }

    /// systemd's time specifications the guide uses: `2026-07-14 09:12[:03]`, `2026-07-14`,
    /// `09:12[:03]` (today), `today`, `yesterday`, `now`, `5 min ago`, `-1h`.
    static func parseTime(_ text: String, now: SimTime) -> SimTime? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let civil = now.civil
        let midnight = SimTime.from(year: civil.year, month: civil.month, day: civil.day)
        switch trimmed {
        case "now": return now
        case "today": return midnight
        case "yesterday": return midnight.adding(days: -1)
        case "tomorrow": return midnight.adding(days: 1)
        default: break
        }
        if trimmed.hasSuffix(" ago") || trimmed.hasPrefix("-") || trimmed.hasPrefix("+") {
            let sign: Int64 = trimmed.hasPrefix("+") ? 1 : -1
            var body = trimmed.hasSuffix(" ago") ? String(trimmed.dropLast(4)) : String(trimmed.dropFirst())
            body = body.replacingOccurrences(of: " ", with: "")
            guard let span = timespan(body) else { return nil }
            return now.adding(milliseconds: sign * span)
        }
        let parts = trimmed.split(separator: " ")
        guard parts.count <= 2 else { return nil }
        var date = (civil.year, civil.month, civil.day)
        var clock = [0, 0, 0]
        for part in parts {
            if part.contains("-") {
                let fields = part.split(separator: "-").compactMap { Int($0) }
                guard fields.count == 3, (1...12).contains(fields[1]), (1...31).contains(fields[2]) else { return nil }
                date = (fields[0], fields[1], fields[2])
            } else {
                let fields = part.split(separator: ":", omittingEmptySubsequences: false).map { Int($0) }
                guard (2...3).contains(fields.count), fields.allSatisfy({ $0 != nil }) else { return nil }
                let values = fields.compactMap { $0 }
                guard values[0] < 24, values[1] < 60, values.count < 3 || values[2] < 60 else { return nil }
                clock = values + (values.count == 2 ? [0] : [])
            }
        }
        return SimTime.from(
            year: date.0, month: date.1, day: date.2, hour: clock[0], minute: clock[1], second: clock[2])
    }

    /// `5min`, `1h30min`, `90s`, `2d`: a systemd time span in milliseconds.
    static func timespan(_ text: String) -> Int64? {
        let units: [(String, Int64)] = [
            ("seconds", 1000), ("second", 1000), ("sec", 1000), ("s", 1000), ("minutes", 60_000), ("minute", 60_000),
            ("min", 60_000), ("m", 60_000), ("hours", 3_600_000), ("hour", 3_600_000), ("h", 3_600_000),
            ("days", 86_400_000), ("day", 86_400_000), ("d", 86_400_000), ("weeks", 604_800_000), ("w", 604_800_000),
        ]
        var rest = Substring(text)
        var total: Int64 = 0
        var matched = false
        while !rest.isEmpty {
            let digits = rest.prefix { $0.isNumber }
            guard !digits.isEmpty, digits.count < 10, let value = Int64(digits) else { return nil }
            rest = rest.dropFirst(digits.count)
            let word = rest.prefix { !$0.isNumber }
            guard let unit = word.isEmpty ? ("s", 1000) : units.first(where: { $0.0 == word }) else { return nil }
            rest = rest.dropFirst(word.count)
            total += value * unit.1
            matched = true
        }
        return matched ? total : nil
    }
}
