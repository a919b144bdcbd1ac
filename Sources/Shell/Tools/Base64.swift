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

    static func encode(_ bytes: [UInt8]) -> String { String(decoding: Base64Codec.encode(bytes), as: UTF8.self) }

    /// Decodes as gnulib does, newlines ignored (with `-i`, every byte outside the alphabet too).
    static func decode(_ input: [UInt8], ignoreGarbage: Bool) -> (bytes: [UInt8], valid: Bool) {
        let symbols = input.filter { byte in
            byte != 10 && (!ignoreGarbage || Base64Codec.value(byte) != nil || byte == UInt8(ascii: "="))
        }
        return Base64Codec.decode(symbols: symbols)
    }
}
