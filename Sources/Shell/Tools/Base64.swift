import ClusterSim

/// `base64 [-d] [-i] [-w COLS] [FILE]` (GNU coreutils 9.1).
enum Base64 {
    static let table = OptionTable(
        tool: "base64",
        options: [
            .init(key: "d", short: "d", long: "decode", arity: .none),
            .init(key: "i", short: "i", long: "ignore-garbage", arity: .none),
            .init(key: "w", short: "w", long: "wrap", arity: .required),
        ])

    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    static func run(_ context: inout ToolContext) -> Int32 {
        let parsed: OptionTable.Parsed
        switch context.parse(table) {
        case .parsed(let result): parsed = result
        case .exit(let status): return status
        }
        var wrap = 76
        if let value = parsed.last("w") {
            guard !value.isEmpty, value.allSatisfy(\.isASCIIDigit) else {
                context.err("base64: invalid wrap size: '\(value)'\n")
                return 1
            }
            wrap = Int(value.prefix(12)) ?? Int.max
        }
        if parsed.operands.count > 1 { return context.usageError("base64", "extra operand '\(parsed.operands[1])'") }
        let operand = parsed.operands.first ?? "-"
        let text: String
        switch context.input(operand) {
        case .success(let contents): text = contents
        case .failure(.isADirectory):
            context.err("base64: read error: Is a directory\n")
            return 1
        case .failure(let failure):
            context.err("base64: \(operand): \(failure.message)\n")
            return 1
        }
        if parsed.has("d") {
            let (bytes, valid) = decode(Array(text.utf8), ignoreGarbage: parsed.has("i"))
            context.out(String(decoding: bytes, as: UTF8.self))
            if !valid { context.err("base64: invalid input\n") }
            return valid ? 0 : 1
        }
        let encoded = encode(Array(text.utf8))
        guard !encoded.isEmpty else { return 0 }
        guard wrap > 0 else {
            context.out(encoded)
            return 0
        }
        var lines: [Substring] = []
        var rest = Substring(encoded)
        while !rest.isEmpty {
            lines.append(rest.prefix(wrap))
            rest = rest.dropFirst(wrap)
        }
        context.out(lines.joined(separator: "\n") + "\n")
        return 0
    }

    static func encode(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count + 2) / 3 * 4)
        for start in stride(from: 0, to: bytes.count, by: 3) {
            let chunk = bytes[start..<min(start + 3, bytes.count)]
            let b0 = Int(chunk[start]), b1 = chunk.count > 1 ? Int(chunk[start + 1]) : 0
            let b2 = chunk.count > 2 ? Int(chunk[start + 2]) : 0
            out.append(alphabet[b0 >> 2])
            out.append(alphabet[((b0 & 3) << 4) | (b1 >> 4)])
            out.append(chunk.count > 1 ? alphabet[((b1 & 15) << 2) | (b2 >> 6)] : UInt8(ascii: "="))
            out.append(chunk.count > 2 ? alphabet[b2 & 63] : UInt8(ascii: "="))
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func value(_ byte: UInt8) -> Int? {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): Int(byte - UInt8(ascii: "A"))
        case UInt8(ascii: "a")...UInt8(ascii: "z"): Int(byte - UInt8(ascii: "a")) + 26
        case UInt8(ascii: "0")...UInt8(ascii: "9"): Int(byte - UInt8(ascii: "0")) + 52
        case UInt8(ascii: "+"): 62
        case UInt8(ascii: "/"): 63
        default: nil
        }
    }

    /// Decodes quartet by quartet, newlines ignored, as gnulib does: what decoded before the first
    /// bad quartet is kept, and `valid` is false from there on.
    static func decode(_ input: [UInt8], ignoreGarbage: Bool) -> (bytes: [UInt8], valid: Bool) {
        let equals = UInt8(ascii: "=")
        let symbols = input.filter { byte in
            byte != 10 && (!ignoreGarbage || value(byte) != nil || byte == equals)
        }
        var out: [UInt8] = []
        var index = 0
        while index < symbols.count {
            let quartet = Array(symbols[index..<min(index + 4, symbols.count)])
            index += 4
            guard quartet.count >= 2, let a = value(quartet[0]), let b = value(quartet[1]) else { return (out, false) }
            out.append(UInt8((a << 2 | b >> 4) & 0xFF))
            guard quartet.count >= 3 else { return (out, false) }
            if quartet[2] == equals {
                guard quartet.count == 4, quartet[3] == equals else { return (out, false) }
                continue
            }
            guard let c = value(quartet[2]) else { return (out, false) }
            out.append(UInt8((b << 4 | c >> 2) & 0xFF))
            guard quartet.count == 4 else { return (out, false) }
            if quartet[3] == equals { continue }
            guard let d = value(quartet[3]) else { return (out, false) }
            out.append(UInt8((c << 6 | d) & 0xFF))
        }
        return (out, true)
    }
}
