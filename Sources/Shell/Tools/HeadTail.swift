import ClusterSim

/// `head` and `tail` (GNU coreutils 9.1): the first or last lines (or bytes) of each input.
enum HeadTail {
    private static func table(_ tool: String) -> OptionTable {
        var options: [OptionTable.Option] = [
            .init(key: "n", short: "n", long: "lines", arity: .required),
            .init(key: "c", short: "c", long: "bytes", arity: .required),
            .init(key: "q", short: "q", long: "quiet", arity: .none),
            .init(key: "q", short: nil, long: "silent", arity: .none),
            .init(key: "v", short: "v", long: "verbose", arity: .none),
            .init(key: "z", short: "z", long: "zero-terminated", arity: .none),
        ]
        if tool == "tail" {
            options += [
                .init(key: "f", short: "f", long: "follow", arity: .optional),
                .init(key: "F", short: "F", long: nil, arity: .none),
                .init(key: "s", short: "s", long: "sleep-interval", arity: .required),
                .init(key: "pid", short: nil, long: "pid", arity: .required),
                .init(key: "retry", short: nil, long: "retry", arity: .none),
            ]
        }
        return OptionTable(tool: tool, options: options)
    }

    /// How much to keep: a count from the start or the end, of lines or bytes.
    private struct Amount {
        var count = 10
        var bytes = false
        /// `head -n -N` (all but the last N) or `tail -n +N` (from the Nth on).
        var fromOtherEnd = false
    }

    static func head(_ context: inout ToolContext) -> Int32 { run(&context, tool: "head") }
    static func tail(_ context: inout ToolContext) -> Int32 { run(&context, tool: "tail") }

    private static func run(_ context: inout ToolContext, tool: String) -> Int32 {
        var arguments = Array(context.args.dropFirst())
        var amount = Amount()
        // The obsolete first-argument forms `head -5`, `tail -5`, `tail +5`.
        if let first = arguments.first, let sign = first.first, sign == "-" || (sign == "+" && tool == "tail") {
            let digits = first.dropFirst().prefix(while: \.isASCIIDigit)
            let trailing = first.dropFirst(1 + digits.count)
            if !digits.isEmpty {
                if let bad = trailing.first(where: { !"qv".contains($0) }) {
                    return context.usageError(tool, "\(tool): invalid trailing option -- \(bad)\n")
                }
                amount.count = Int(digits) ?? Int.max
                amount.fromOtherEnd = sign == "+"
                if trailing.isEmpty { arguments.removeFirst() } else { arguments[0] = "-" + trailing }
            }
        }
        let parsed: OptionTable.Parsed
        switch context.parse(table(tool), arguments) {
        case .parsed(let result): parsed = result
        case .exit(let status): return status
        }
        for (key, value) in parsed.options {
            switch key {
            case "n", "c":
                guard let value, let parsedAmount = parseAmount(value, tool: tool, bytes: key == "c") else {
                    let raw = (value ?? "").hasPrefix("-") ? String((value ?? "").dropFirst()) : value ?? ""
                    let unit = key == "c" ? "bytes" : "lines"
                    let overflow = !raw.isEmpty && raw.allSatisfy(\.isASCIIDigit)
                    context.err(
                        "\(tool): invalid number of \(unit): '\(raw)'"
                            + (overflow ? ": Value too large for defined data type\n" : "\n"))
                    return 1
                }
                amount = parsedAmount
            case "z": return context.notSimulated("\(tool) -z")
            case "f", "F", "pid", "retry", "s": return context.notSimulated("\(tool) -f")
            default: break
            }
        }
        let operands = parsed.operands.isEmpty ? ["-"] : parsed.operands
        let headers = parsed.has("v") || (operands.count > 1 && !parsed.has("q"))
        var status: Int32 = 0
        var printedAny = false
        for operand in operands {
            let name = operand == "-" ? "standard input" : operand
            let text: String
            switch context.input(operand) {
            case .success(let contents): text = contents
            case .failure(.isADirectory):
                if headers { context.out((printedAny ? "\n" : "") + "==> \(name) <==\n") }
                printedAny = true
                context.err("\(tool): error reading '\(operand)': Is a directory\n")
                status = 1
                continue
            case .failure(let failure):
                context.err("\(tool): cannot open '\(operand)' for reading: \(failure.message)\n")
                status = 1
                continue
            }
            if headers { context.out((printedAny ? "\n" : "") + "==> \(name) <==\n") }
            printedAny = true
            context.out(tool == "head" ? head(text, amount) : tail(text, amount))
        }
        return status
    }

    /// `N`, `-N` or `+N`; nil when it is not a number (or too large, which coreutils also refuses).
    private static func parseAmount(_ value: String, tool: String, bytes: Bool) -> Amount? {
        var digits = Substring(value)
        var amount = Amount(count: 0, bytes: bytes)
        if let sign = digits.first, sign == "-" || sign == "+" {
            digits = digits.dropFirst()
            amount.fromOtherEnd = (tool == "head") == (sign == "-")
        }
        guard !digits.isEmpty, digits.allSatisfy(\.isASCIIDigit), let count = Int(digits) else { return nil }
        amount.count = count
        return amount
    }

    private static func head(_ text: String, _ amount: Amount) -> String {
        if amount.bytes {
            let bytes = Array(text.utf8)
            let keep = amount.fromOtherEnd ? max(0, bytes.count - amount.count) : min(bytes.count, amount.count)
            return String(decoding: bytes[..<keep], as: UTF8.self)
        }
        let chunks = TextLines.chunks(text)
        let keep = amount.fromOtherEnd ? max(0, chunks.count - amount.count) : min(chunks.count, amount.count)
        return chunks[..<keep].joined()
    }

    private static func tail(_ text: String, _ amount: Amount) -> String {
        if amount.bytes {
            let bytes = Array(text.utf8)
            let skip =
                amount.fromOtherEnd ? min(bytes.count, max(0, amount.count - 1)) : max(0, bytes.count - amount.count)
            return String(decoding: bytes[skip...], as: UTF8.self)
        }
        let chunks = TextLines.chunks(text)
        let skip =
            amount.fromOtherEnd ? min(chunks.count, max(0, amount.count - 1)) : max(0, chunks.count - amount.count)
        return chunks[skip...].joined()
    }
}
