import ClusterSim

/// `sort [-r] [-n] [-u] [-b] [-s] [-k KEYDEF]... [-t C] [-o FILE] [FILE...]` (GNU coreutils 9.1 in
/// the C locale: lines compare as bytes).
enum Sort {
    static let table = OptionTable(
        tool: "sort",
        options: [
            .init(key: "b", short: "b", long: "ignore-leading-blanks", arity: .none),
            .init(key: "check", short: nil, long: "check", arity: .optional),
            .init(key: "compress-program", short: nil, long: "compress-program", arity: .required),
            .init(key: "debug", short: nil, long: "debug", arity: .none),
            .init(key: "d", short: "d", long: "dictionary-order", arity: .none),
            .init(key: "f", short: "f", long: "ignore-case", arity: .none),
            .init(key: "files0-from", short: nil, long: "files0-from", arity: .required),
            .init(key: "g", short: "g", long: "general-numeric-sort", arity: .none),
            .init(key: "i", short: "i", long: "ignore-nonprinting", arity: .none),
            .init(key: "k", short: "k", long: "key", arity: .required),
            .init(key: "m", short: "m", long: "merge", arity: .none),
            .init(key: "M", short: "M", long: "month-sort", arity: .none),
            .init(key: "n", short: "n", long: "numeric-sort", arity: .none),
            .init(key: "h", short: "h", long: "human-numeric-sort", arity: .none),
            .init(key: "V", short: "V", long: "version-sort", arity: .none),
            .init(key: "R", short: "R", long: "random-sort", arity: .none),
            .init(key: "random-source", short: nil, long: "random-source", arity: .required),
            .init(key: "sort", short: nil, long: "sort", arity: .required),
            .init(key: "o", short: "o", long: "output", arity: .required),
            .init(key: "r", short: "r", long: "reverse", arity: .none),
            .init(key: "s", short: "s", long: "stable", arity: .none),
            .init(key: "S", short: "S", long: "buffer-size", arity: .required),
            .init(key: "t", short: "t", long: "field-separator", arity: .required),
            .init(key: "T", short: "T", long: "temporary-directory", arity: .required),
            .init(key: "u", short: "u", long: "unique", arity: .none),
            .init(key: "z", short: "z", long: "zero-terminated", arity: .none),
            .init(key: "parallel", short: nil, long: "parallel", arity: .required),
            .init(key: "c", short: "c", long: nil, arity: .none),
            .init(key: "C", short: "C", long: nil, arity: .none),
            .init(key: "y", short: "y", long: nil, arity: .required),
        ])

    /// One `-k` key: 0-based start field and character, end field and character (0 = field end).
    struct Key {
        var startField = 0
        var startChar = 0
        /// nil: the key runs to the end of the line.
        var endField: Int?
        var endChar = 0
        var numeric = false
        var reverse = false
        var skipStartBlanks = false
        var skipEndBlanks = false

        var hasOrdering: Bool { numeric || reverse || skipStartBlanks || skipEndBlanks }
    }

    static func run(_ context: inout ToolContext) -> Int32 {
        let parsed: OptionTable.Parsed
        switch context.parse(table, status: 2) {
        case .parsed(let result): parsed = result
        case .exit(let status): return status
        }
        let unsupported = [
            "check", "c", "C", "compress-program", "d", "f", "files0-from", "g", "i", "m", "M", "h", "V", "R",
            "random-source", "sort", "z", "debug",
        ]
        if let key = unsupported.first(where: parsed.has) {
            return context.notSimulated("sort " + (key.count == 1 ? "-" : "--") + key, status: 2)
        }
        var global = Key()
        global.numeric = parsed.has("n")
        global.reverse = parsed.has("r")
        global.skipStartBlanks = parsed.has("b")
        global.skipEndBlanks = parsed.has("b")
        var keys: [Key] = []
        var tab: UInt8?
        for (option, value) in parsed.options {
            if option == "t" {
                let bytes = Array((value ?? "").utf8)
                if bytes.isEmpty { return fail(&context, "sort: empty tab\n") }
                if bytes.count > 1 && value != "\\0" { return fail(&context, "sort: multi-character tab '\(value ?? "")'\n") }
                tab = bytes.count > 1 ? 0 : bytes[0]
            } else if option == "k" {
                switch parseKey(value ?? "") {
                case .success(let key): keys.append(key)
                case .failure(let problem):
                    if problem.text.hasPrefix("kubedojo:") { return fail(&context, problem.text) }
                    return fail(&context, "sort: \(problem.text)\n")
                }
            }
        }
        keys = keys.map { $0.hasOrdering ? $0 : inheriting(global, into: $0) }
        if keys.isEmpty { keys = [global] }

        var lines: [String] = []
        for operand in parsed.operands.isEmpty ? ["-"] : parsed.operands {
            switch context.input(operand) {
            case .success(let text): lines += TextLines.split(text).lines
            case .failure(.isADirectory): return fail(&context, "sort: read failed: \(operand): Is a directory\n")
            case .failure(let failure): return fail(&context, "sort: cannot read: \(operand): \(failure.message)\n")
            }
        }
        let unique = parsed.has("u")
        let lastResort = !unique && !parsed.has("s")
        let prepared = lines.enumerated().map { index, line in
            let bytes = Array(line.utf8)
            return (index: index, bytes: bytes, keys: keys.map { extract($0, from: bytes, tab: tab) })
        }
        let sorted = prepared.sorted { left, right in
            let order = compare(left.keys, right.keys, keys)
            if order != 0 { return order < 0 }
            if lastResort, left.bytes != right.bytes {
                return left.bytes.lexicographicallyPrecedes(right.bytes) != global.reverse
            }
            return left.index < right.index
        }
        var output = ""
        for (position, entry) in sorted.enumerated() {
            if unique, position > 0, compare(sorted[position - 1].keys, entry.keys, keys) == 0 { continue }
            output += lines[entry.index] + "\n"
        }
        if let target = parsed.last("o") {
            if let failure = context.write(target, output) {
                return fail(&context, "sort: open failed: \(target): \(failure.message)\n")
            }
            return 0
        }
        context.out(output)
        return 0
    }

    private static func fail(_ context: inout ToolContext, _ message: String) -> Int32 {
        context.err(message)
        return 2
    }

    private static func inheriting(_ global: Key, into key: Key) -> Key {
        var result = key
        result.numeric = global.numeric
        result.reverse = global.reverse
        result.skipStartBlanks = global.skipStartBlanks
        result.skipEndBlanks = global.skipEndBlanks
        return result
    }

    /// A key's text, or its number under `-n`.
    enum KeyValue {
        case text(ArraySlice<UInt8>)
        case number(Double)
    }

    private static func compare(_ left: [KeyValue], _ right: [KeyValue], _ keys: [Key]) -> Int {
        for (index, key) in keys.enumerated() where index < left.count && index < right.count {
            var order = 0
            switch (left[index], right[index]) {
            case (.number(let a), .number(let b)): order = a < b ? -1 : a > b ? 1 : 0
            case (.text(let a), .text(let b)): order = a == b ? 0 : a.lexicographicallyPrecedes(b) ? -1 : 1
            default: order = 0
            }
            if order != 0 { return key.reverse ? -order : order }
        }
        return 0
    }

    private static func isBlank(_ byte: UInt8) -> Bool { byte == 32 || byte == 9 }

    /// Skips `count` fields from `start` as sort does: after a tab, or over blanks then non-blanks.
    private static func skipFields(_ bytes: [UInt8], from start: Int, count: Int, tab: UInt8?, stepOverLast: Bool)
        -> Int
    {
        var position = start
        for remaining in stride(from: count, to: 0, by: -1) where position < bytes.count {
            if let tab {
                while position < bytes.count, bytes[position] != tab { position += 1 }
                if position < bytes.count, remaining > 1 || stepOverLast { position += 1 }
            } else {
                while position < bytes.count, isBlank(bytes[position]) { position += 1 }
                while position < bytes.count, !isBlank(bytes[position]) { position += 1 }
            }
        }
        return position
    }

    static func extract(_ key: Key, from bytes: [UInt8], tab: UInt8?) -> KeyValue {
        var start = skipFields(bytes, from: 0, count: key.startField, tab: tab, stepOverLast: true)
        if key.skipStartBlanks { while start < bytes.count, isBlank(bytes[start]) { start += 1 } }
        start = min(bytes.count, start + key.startChar)
        var end = bytes.count
        if let endField = key.endField {
            let fields = key.endChar == 0 ? endField + 1 : endField
            end = skipFields(bytes, from: 0, count: fields, tab: tab, stepOverLast: key.endChar != 0)
            if key.endChar != 0 {
                // A character offset never reaches past the end of its field.
                var fieldEnd = end
                if let tab {
                    while fieldEnd < bytes.count, bytes[fieldEnd] != tab { fieldEnd += 1 }
                } else {
                    while fieldEnd < bytes.count, isBlank(bytes[fieldEnd]) { fieldEnd += 1 }
                    while fieldEnd < bytes.count, !isBlank(bytes[fieldEnd]) { fieldEnd += 1 }
                }
                if key.skipEndBlanks { while end < fieldEnd, isBlank(bytes[end]) { end += 1 } }
                end = min(fieldEnd, end + key.endChar)
            }
        }
        let text = bytes[start..<max(start, end)]
        return key.numeric ? .number(number(text)) : .text(text)
    }

    /// The leading number of a key in the C locale: blanks, an optional minus, digits, one point.
    static func number(_ text: ArraySlice<UInt8>) -> Double {
        var digits = ""
        var index = text.startIndex
        while index < text.endIndex, isBlank(text[index]) { index += 1 }
        if index < text.endIndex, text[index] == UInt8(ascii: "-") {
            digits = "-"
            index += 1
        }
        var seenPoint = false
        while index < text.endIndex {
            let byte = text[index]
            if (48...57).contains(byte) {
                digits.append(Character(Unicode.Scalar(byte)))
            } else if byte == UInt8(ascii: "."), !seenPoint {
                seenPoint = true
                digits.append(".")
            } else {
                break
            }
            index += 1
        }
        let value = Double(digits.hasSuffix(".") ? digits + "0" : digits == "-" ? "0" : digits) ?? 0
        return value == 0 ? 0 : value
    }

    struct KeyError: Error {
        var text: String
    }

    /// Parses `F[.C][OPTS][,F[.C][OPTS]]` with sort's messages for bad specifications.
    static func parseKey(_ spec: String) -> Result<Key, KeyError> {
        var key = Key()
        var rest = Substring(spec)
        func count(_ problem: String) -> Result<Int, KeyError> {
            let digits = rest.prefix(while: \.isASCIIDigit)
            guard !digits.isEmpty else {
                return .failure(KeyError(text: "\(problem): invalid count at start of '\(rest)'"))
            }
            rest = rest.dropFirst(digits.count)
            return .success(Int(digits) ?? Int.max)
        }
        func bad(_ reason: String) -> Result<Key, KeyError> {
            .failure(KeyError(text: "\(reason): invalid field specification '\(spec)'"))
        }
        func orderings(end: Bool) -> KeyError? {
            while let letter = rest.first, !(letter == ",") {
                switch letter {
                case "n": key.numeric = true
                case "r": key.reverse = true
                case "b": if end { key.skipEndBlanks = true } else { key.skipStartBlanks = true }
                case "d", "f", "g", "h", "i", "M", "R", "V":
                    return KeyError(text: "kubedojo: 'sort -k ...\(letter)' is not simulated\n")
                default: return nil
                }
                rest = rest.dropFirst()
            }
            return nil
        }
        switch count("invalid number at field start") {
        case .success(let field):
            guard field > 0 else { return bad("field number is zero") }
            key.startField = field - 1
        case .failure(let error): return .failure(error)
        }
        if rest.first == "." {
            rest = rest.dropFirst()
            switch count("invalid number after '.'") {
            case .success(let char):
                guard char > 0 else { return bad("character offset is zero") }
                key.startChar = char - 1
            case .failure(let error): return .failure(error)
            }
        }
        if let problem = orderings(end: false) { return .failure(problem) }
        if rest.first == "," {
            rest = rest.dropFirst()
            switch count("invalid number after ','") {
            case .success(let field):
                guard field > 0 else { return bad("field number is zero") }
                key.endField = field - 1
            case .failure(let error): return .failure(error)
            }
            if rest.first == "." {
                rest = rest.dropFirst()
                switch count("invalid number after '.'") {
                case .success(let char): key.endChar = char
                case .failure(let error): return .failure(error)
                }
            }
            if let problem = orderings(end: true) { return .failure(problem) }
        }
        return rest.isEmpty ? .success(key) : bad("stray character in field spec")
    }
}
