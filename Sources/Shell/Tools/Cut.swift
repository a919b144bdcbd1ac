import ClusterSim

/// `cut -b|-c LIST` and `cut -f LIST [-d C] [-s]` (GNU coreutils 9.1, where `-c` counts bytes).
enum Cut {
    static let table = OptionTable(
        tool: "cut",
        options: [
            .init(key: "b", short: "b", long: "bytes", arity: .required),
            .init(key: "c", short: "c", long: "characters", arity: .required),
            .init(key: "f", short: "f", long: "fields", arity: .required),
            .init(key: "d", short: "d", long: "delimiter", arity: .required),
            .init(key: "s", short: "s", long: "only-delimited", arity: .none),
            .init(key: "n", short: "n", long: nil, arity: .none),
            .init(key: "complement", short: nil, long: "complement", arity: .none),
            .init(key: "output-delimiter", short: nil, long: "output-delimiter", arity: .required),
            .init(key: "z", short: "z", long: "zero-terminated", arity: .none),
        ])

    /// A selected range, 1-based and inclusive.
    typealias Span = (low: Int, high: Int)

    static func run(_ context: inout ToolContext) -> Int32 {
        let parsed: OptionTable.Parsed
        switch context.parse(table) {
        case .parsed(let result): parsed = result
        case .exit(let status): return status
        }
        if parsed.has("z") { return context.notSimulated("cut -z") }
        var mode: String?
        var list = ""
        var delimiter: UInt8?
        for (key, value) in parsed.options {
            switch key {
            case "b", "c", "f":
                if mode != nil { return context.usageError("cut", "only one list may be specified") }
                mode = key == "f" ? "f" : "b"
                list = value ?? ""
            case "d":
                let bytes = Array((value ?? "").utf8)
                if bytes.count > 1 { return context.usageError("cut", "the delimiter must be a single character") }
                delimiter = bytes.first ?? 0
            default: break
            }
        }
        guard let mode else {
            return context.usageError("cut", "you must specify a list of bytes, characters, or fields")
        }
        if delimiter != nil, mode != "f" {
            return context.usageError("cut", "an input delimiter may be specified only when operating on fields")
        }
        if parsed.has("s"), mode != "f" {
            return context.usageError(
                "cut", "suppressing non-delimited lines makes sense\n\tonly when operating on fields")
        }
        var spans: [Span]
        switch parseList(list, fields: mode == "f") {
        case .success(let result): spans = result
        case .failure(let message): return context.usageError("cut", message.text)
        }
        if parsed.has("complement") { spans = complement(spans) }
        let separator = delimiter ?? 9
        let joiner = parsed.last("output-delimiter").map { Array($0.utf8) } ?? (mode == "f" ? [separator] : [])

        var status: Int32 = 0
        for operand in parsed.operands.isEmpty ? ["-"] : parsed.operands {
            let text: String
            switch context.input(operand) {
            case .success(let contents): text = contents
            case .failure(let failure):
                context.err("cut: \(operand): \(failure.message)\n")
                status = 1
                continue
            }
            var output: [UInt8] = []
            for line in TextLines.split(text).lines {
                let bytes = Array(line.utf8)
                if mode == "f" {
                    guard bytes.contains(separator) else {
                        if !parsed.has("s") { output += bytes + [10] }
                        continue
                    }
                    let fields = bytes.split(separator: separator, omittingEmptySubsequences: false)
                    let chosen = fields.indices.filter { index in spans.contains { $0.low <= index + 1 && index + 1 <= $0.high } }
                    output += chosen.map { Array(fields[$0]) }.joined(separator: joiner) + [10]
                } else {
                    let pieces = spans.compactMap { span -> ArraySlice<UInt8>? in
                        guard span.low <= bytes.count else { return nil }
                        return bytes[(span.low - 1)..<min(bytes.count, span.high)]
                    }
                    output += pieces.map(Array.init).joined(separator: joiner) + [10]
                }
            }
            context.out(String(decoding: output, as: UTF8.self))
        }
        return status
    }

    struct ListError: Error {
        var text: String
    }

    /// Parses `1,3-5,7-` into sorted, merged spans, with coreutils' messages for bad lists.
    static func parseList(_ list: String, fields: Bool) -> Result<[Span], ListError> {
        var spans: [Span] = []
        var value = 0
        var low = 1
        var lowGiven = false
        var highGiven = false
        var dash = false
        var numberStart: Int?
        // One pass over the characters and a final end marker.
        for (offset, c) in (list.map { Optional($0) } + [nil]).enumerated() {
            if c == "-" {
                numberStart = nil
                if dash { return .failure(ListError(text: fields ? "invalid field range" : "invalid byte or character range")) }
                dash = true
                if lowGiven && value == 0 { return .failure(numberedFromOne(fields)) }
                low = lowGiven ? value : 1
                value = 0
            } else if c == nil || c == "," || c == " " || c == "\t" {
                numberStart = nil
                if dash {
                    dash = false
                    if !lowGiven && !highGiven { return .failure(ListError(text: "invalid range with no endpoint: -")) }
                    if !highGiven {
                        spans.append((low, Int.max))
                    } else {
                        if value < low { return .failure(ListError(text: "invalid decreasing range")) }
                        spans.append((low, value))
                    }
                } else {
                    if value == 0 { return .failure(numberedFromOne(fields)) }
                    spans.append((value, value))
                }
                value = 0
                guard c != nil else { break }
                lowGiven = false
                highGiven = false
            } else if let c, let digit = c.wholeNumberValue, c.isASCII {
                if numberStart == nil { numberStart = offset }
                if dash { highGiven = true } else { lowGiven = true }
                let (product, overflowMultiply) = value.multipliedReportingOverflow(by: 10)
                let (sum, overflowAdd) = product.addingReportingOverflow(digit)
                if overflowMultiply || overflowAdd || sum == Int.max {
                    let digits = list.dropFirst(numberStart ?? offset).prefix(while: \.isASCIIDigit)
                    return .failure(
                        ListError(
                            text: fields
                                ? "field number '\(digits)' is too large" : "byte/character offset '\(digits)' is too large"))
                }
                value = sum
            } else {
                let rest = list.dropFirst(offset)
                return .failure(
                    ListError(text: fields ? "invalid field value '\(rest)'" : "invalid byte/character position '\(rest)'"))
            }
        }
        spans.sort { $0.low < $1.low }
        var merged: [Span] = []
        for span in spans {
            if let last = merged.last, span.low <= last.high {
                merged[merged.count - 1].high = max(last.high, span.high)
            } else {
                merged.append(span)
            }
        }
        return .success(merged)
    }

    private static func numberedFromOne(_ fields: Bool) -> ListError {
        ListError(text: fields ? "fields are numbered from 1" : "byte/character positions are numbered from 1")
    }

    private static func complement(_ spans: [Span]) -> [Span] {
        var result: [Span] = []
        var next = 1
        for span in spans {
            if span.low > next { result.append((next, span.low - 1)) }
            next = span.high == Int.max ? Int.max : span.high + 1
        }
        if next != Int.max { result.append((next, Int.max)) }
        return result
    }
}
