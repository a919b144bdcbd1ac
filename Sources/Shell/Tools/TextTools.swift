import ClusterSim

/// `wc`, `uniq` and `tee` (GNU coreutils 9.1).
enum TextTools {
    static let wcTable = OptionTable(
        tool: "wc",
        options: [
            .init(key: "l", short: "l", long: "lines", arity: .none),
            .init(key: "w", short: "w", long: "words", arity: .none),
            .init(key: "c", short: "c", long: "bytes", arity: .none),
            .init(key: "m", short: "m", long: "chars", arity: .none),
            .init(key: "L", short: "L", long: "max-line-length", arity: .none),
            .init(key: "files0-from", short: nil, long: "files0-from", arity: .required),
            .init(key: "total", short: nil, long: "total", arity: .required),
        ])

    /// `wc [-l] [-w] [-m] [-c] [-L] [FILE...]`, padded as coreutils pads: one count of one input
    /// unpadded, otherwise to the digits of the inputs' total size, at least 7 when one is not a file.
    static func wc(_ context: inout ToolContext) -> Int32 {
        let parsed: OptionTable.Parsed
        switch context.parse(wcTable) {
        case .parsed(let result): parsed = result
        case .exit(let status): return status
        }
        if parsed.has("files0-from") { return context.notSimulated("wc --files0-from") }
        if parsed.has("total") { return context.notSimulated("wc --total") }
        var kinds = ["l", "w", "m", "c", "L"].filter { parsed.has($0) }
        if kinds.isEmpty { kinds = ["l", "w", "c"] }
        let named = !parsed.operands.isEmpty
        let operands = named ? parsed.operands : ["-"]

        // Each input gives a row of counts, a message, or both (a directory counts as empty).
        var entries: [(counts: [Int]?, name: String?, message: String?)] = []
        var status: Int32 = 0
        var sizeTotal = 0
        var minimumWidth = 1
        for operand in operands {
            switch context.input(operand) {
            case .success(let text):
                if operand == "-" { minimumWidth = 7 } else { sizeTotal += text.utf8.count }
                entries.append((kinds.map { count($0, in: text) }, named ? operand : nil, nil))
            case .failure(.isADirectory):
                minimumWidth = 7
                entries.append((kinds.map { _ in 0 }, operand, "wc: \(operand): Is a directory\n"))
                status = 1
            case .failure(let failure):
                entries.append((nil, nil, "wc: \(operand): \(failure.message)\n"))
                status = 1
            }
        }
        let width = operands.count == 1 && kinds.count == 1 ? 1 : max(String(sizeTotal).count, minimumWidth)
        for entry in entries {
            if let message = entry.message { context.err(message) }
            if let counts = entry.counts { context.out(render(counts, width: width, name: entry.name)) }
        }
        if operands.count > 1 {
            let rows = entries.compactMap(\.counts)
            let totals = kinds.indices.map { column in
                kinds[column] == "L"
                    ? rows.map { $0[column] }.max() ?? 0 : rows.reduce(0) { $0 + $1[column] }
            }
            context.out(render(totals, width: width, name: "total"))
        }
        return status
    }

    private static func render(_ counts: [Int], width: Int, name: String?) -> String {
        let cells = counts.map { String(repeating: " ", count: max(0, width - String($0).count)) + String($0) }
        return cells.joined(separator: " ") + (name.map { " " + $0 } ?? "") + "\n"
    }

    private static func count(_ kind: String, in text: String) -> Int {
        switch kind {
        case "l": return text.utf8.reduce(0) { $0 + ($1 == 10 ? 1 : 0) }
        case "m": return text.unicodeScalars.count
        case "c": return text.utf8.count
        case "L":
            return TextLines.split(text).lines.map { line in
                line.unicodeScalars.reduce(0) { column, scalar in scalar == "\t" ? (column / 8 + 1) * 8 : column + 1 }
            }.max() ?? 0
        default:
            var words = 0
            var inWord = false
            for byte in text.utf8 {
                let space = byte == 32 || (9...13).contains(byte)
                if !space && !inWord { words += 1 }
                inWord = !space
            }
            return words
        }
    }

    static let uniqTable = OptionTable(
        tool: "uniq",
        options: [
            .init(key: "c", short: "c", long: "count", arity: .none),
            .init(key: "d", short: "d", long: "repeated", arity: .none),
            .init(key: "u", short: "u", long: "unique", arity: .none),
            .init(key: "i", short: "i", long: "ignore-case", arity: .none),
            .init(key: "D", short: "D", long: "all-repeated", arity: .optional),
            .init(key: "f", short: "f", long: "skip-fields", arity: .required),
            .init(key: "s", short: "s", long: "skip-chars", arity: .required),
            .init(key: "w", short: "w", long: "check-chars", arity: .required),
            .init(key: "z", short: "z", long: "zero-terminated", arity: .none),
            .init(key: "group", short: nil, long: "group", arity: .optional),
        ])

    /// `uniq [-c] [-d] [-u] [-i] [INPUT [OUTPUT]]`: adjacent equal lines collapsed.
    static func uniq(_ context: inout ToolContext) -> Int32 {
        let parsed: OptionTable.Parsed
        switch context.parse(uniqTable) {
        case .parsed(let result): parsed = result
        case .exit(let status): return status
        }
        if let key = ["D", "f", "s", "w", "z", "group"].first(where: parsed.has) {
            return context.notSimulated("uniq " + (key.count == 1 ? "-" : "--") + key)
        }
        if parsed.operands.count > 2 {
            return context.usageError("uniq", "extra operand '\(parsed.operands[2])'")
        }
        let input = parsed.operands.first ?? "-"
        let text: String
        switch context.input(input) {
        case .success(let contents): text = contents
        case .failure(.isADirectory):
            context.err("uniq: error reading '\(input)'\n")
            return 1
        case .failure(let failure):
            context.err("uniq: \(input): \(failure.message)\n")
            return 1
        }
        let fold = parsed.has("i")
        var groups: [(line: String, count: Int)] = []
        for line in TextLines.split(text).lines {
            if let last = groups.last, fold ? asciiLowercased(last.line) == asciiLowercased(line) : last.line == line {
                groups[groups.count - 1].count += 1
            } else {
                groups.append((line, 1))
            }
        }
        let shown = groups.filter { group in
            !(parsed.has("d") && group.count < 2) && !(parsed.has("u") && group.count > 1)
        }
        let output = shown.reduce(into: "") { result, group in
            if parsed.has("c") {
                let number = String(group.count)
                result += String(repeating: " ", count: max(0, 7 - number.count)) + number + " "
            }
            result += group.line + "\n"
        }
        if parsed.operands.count == 2 {
            if let failure = context.write(parsed.operands[1], output) {
                context.err("uniq: \(parsed.operands[1]): \(failure.message)\n")
                return 1
            }
            return 0
        }
        context.out(output)
        return 0
    }

    private static func asciiLowercased(_ text: String) -> String {
        String(
            String.UnicodeScalarView(
                text.unicodeScalars.map { ("A"..."Z").contains($0) ? Unicode.Scalar($0.value + 32) ?? $0 : $0 }))
    }

    static let teeTable = OptionTable(
        tool: "tee",
        options: [
            .init(key: "a", short: "a", long: "append", arity: .none),
            .init(key: "i", short: "i", long: "ignore-interrupts", arity: .none),
            .init(key: "p", short: "p", long: nil, arity: .none),
            .init(key: "output-error", short: nil, long: "output-error", arity: .optional),
        ])

    /// `tee [-a] FILE...`: standard input to standard output and to every file.
    static func tee(_ context: inout ToolContext) -> Int32 {
        let parsed: OptionTable.Parsed
        switch context.parse(teeTable) {
        case .parsed(let result): parsed = result
        case .exit(let status): return status
        }
        var status: Int32 = 0
        for operand in parsed.operands {
            if let failure = context.write(operand, context.stdin, append: parsed.has("a")) {
                context.err("tee: \(operand): \(failure.message)\n")
                status = 1
            }
        }
        context.out(context.stdin)
        return status
    }
}
