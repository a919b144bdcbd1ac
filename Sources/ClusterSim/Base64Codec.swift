/// Base64 (RFC 4648, standard alphabet) over bytes: the PEM files of the simulated PKI and the
/// shell's `base64` tool share it.
public enum Base64Codec {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
    private static let equals = UInt8(ascii: "=")

    /// The encoding with `=` padding, on one line.
    public static func encode<Bytes: Collection>(_ bytes: Bytes) -> [UInt8] where Bytes.Element == UInt8 {
        let input = Array(bytes)
        let length = (input.count + 2) / 3 * 4
        return input.withUnsafeBufferPointer { input in
            alphabet.withUnsafeBufferPointer { alphabet in
                [UInt8](unsafeUninitializedCapacity: length) { out, initialized in
                    var start = 0
                    var at = 0
                    while start < input.count {
                        let count = min(3, input.count - start)
                        let b0 = Int(input[start])
                        let b1 = count > 1 ? Int(input[start + 1]) : 0
                        let b2 = count > 2 ? Int(input[start + 2]) : 0
                        out[at] = alphabet[b0 >> 2]
                        out[at + 1] = alphabet[((b0 & 3) << 4) | (b1 >> 4)]
                        out[at + 2] = count > 1 ? alphabet[((b1 & 15) << 2) | (b2 >> 6)] : equals
                        out[at + 3] = count > 2 ? alphabet[b2 & 63] : equals
                        start += 3
                        at += 4
                    }
                    initialized = length
                }
            }
        }
    }

    /// The encoding of a text's UTF-8 bytes, as a string.
    public static func encode(_ text: String) -> String { String(decoding: encode(Array(text.utf8)), as: UTF8.self) }

    /// The value of one alphabet symbol, or nil for any other byte.
    public static func value(_ byte: UInt8) -> Int? {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): Int(byte - UInt8(ascii: "A"))
        case UInt8(ascii: "a")...UInt8(ascii: "z"): Int(byte - UInt8(ascii: "a")) + 26
        case UInt8(ascii: "0")...UInt8(ascii: "9"): Int(byte - UInt8(ascii: "0")) + 52
        case UInt8(ascii: "+"): 62
        case UInt8(ascii: "/"): 63
        default: nil
        }
    }

    /// Decodes quartet by quartet as gnulib does: what decoded before the first bad quartet is
    /// kept, and `valid` is false from there on. `symbols` holds no line breaks.
    public static func decode(symbols: [UInt8]) -> (bytes: [UInt8], valid: Bool) {
        var out: [UInt8] = []
        out.reserveCapacity(symbols.count / 4 * 3)
        var index = 0
        while index < symbols.count {
            let count = min(4, symbols.count - index)
            let base = index
            index += 4
            guard count >= 2, let a = value(symbols[base]), let b = value(symbols[base + 1]) else { return (out, false) }
            out.append(UInt8((a << 2 | b >> 4) & 0xFF))
            guard count >= 3 else { return (out, false) }
            if symbols[base + 2] == equals {
                guard count == 4, symbols[base + 3] == equals else { return (out, false) }
                continue
            }
            guard let c = value(symbols[base + 2]) else { return (out, false) }
            out.append(UInt8((b << 4 | c >> 2) & 0xFF))
            guard count == 4 else { return (out, false) }
            if symbols[base + 3] == equals { continue }
            guard let d = value(symbols[base + 3]) else { return (out, false) }
            out.append(UInt8((c << 6 | d) & 0xFF))
        }
        return (out, true)
    }
}
