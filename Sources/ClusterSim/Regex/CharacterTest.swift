/// Whether one character matches one element of a pattern (`a`, `.`, `\d`, `[^[:space:]]`), as
/// Swift's `Regex` decides: ASCII characters through a table filled by asking `Regex` once per
/// ASCII character, others by asking it each time. A one-character regex cannot backtrack.
final class CharacterTest: @unchecked Sendable {
    // @unchecked: immutable after init; `Regex` is a value whose lowered program is published
    // atomically by the standard library (see RegexCache).
    private let ascii: [Bool]
    private let regex: Regex<AnyRegexOutput>?

    private init(ascii: [Bool], regex: Regex<AnyRegexOutput>?) {
        self.ascii = ascii
        self.regex = regex
    }

    func matches(_ character: Character) -> Bool {
        let bytes = character.utf8
        if bytes.count == 1, let byte = bytes.first { return ascii[Int(byte)] }
        guard let regex else { return false }
        return (try? regex.wholeMatch(in: String(character))) != nil
    }

    private struct Key: Hashable, Sendable {
        var source: ExactText
        var ignoreCase: Bool
        var scalar: Bool
    }

    private static let made = ParseCache<Key, CharacterTest>(limit: 4096)

    static func make(_ source: String, ignoreCase: Bool, scalar: Bool) -> CharacterTest {
        made.value(for: Key(source: ExactText(source), ignoreCase: ignoreCase, scalar: scalar)) { key in
            let source = key.source.text
            var regex = try? Regex(source)
            if key.ignoreCase { regex = regex?.ignoresCase() }
            if key.scalar { regex = regex?.matchingSemantics(.unicodeScalar) }
            // A plain ASCII letter, digit or sign stands for itself.
            if !key.ignoreCase, source != ".", source.unicodeScalars.count == 1,
                let only = source.unicodeScalars.first, only.isASCII
            {
                return CharacterTest(ascii: (0..<128).map { UInt32($0) == only.value }, regex: regex)
            }
            let ascii = (0..<128).map { value -> Bool in
                guard let regex, let scalar = Unicode.Scalar(UInt32(value)) else { return false }
                return (try? regex.wholeMatch(in: String(Character(scalar)))) != nil
            }
            return CharacterTest(ascii: ascii, regex: regex)
        }
    }
}

/// A text compared by its exact Unicode scalars. Swift's `String ==` holds for canonically
/// equivalent texts (`é` and `e` with U+0301), which a pattern matched by scalars tells apart:
/// caches of compiled patterns are keyed by this.
struct ExactText: Hashable, Sendable {
    let text: String

    init(_ text: String) {
        self.text = text
    }

    static func == (a: ExactText, b: ExactText) -> Bool { a.text.utf8.elementsEqual(b.text.utf8) }

    func hash(into hasher: inout Hasher) {
        for byte in text.utf8 { hasher.combine(byte) }
    }
}
