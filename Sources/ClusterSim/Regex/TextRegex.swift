/// Regular expressions compiled once per process and pattern: checks and text tools build the
/// same few patterns on every command, seed and mistake.
public enum RegexCache {
    private static let compiled = ParseCache<String, Compiled>(limit: 1024)

    private struct Compiled: Sendable {
        var regex: TextRegex?
    }

    /// The regex for `source` (Swift regex syntax), or nil when it does not compile.
    public static func regex(_ source: String) -> TextRegex? {
        compiled.value(for: source) { source in
            Compiled(regex: (try? Regex(source)).map { TextRegex(source: source, regex: $0) })
        }.regex
    }
}

/// A compiled pattern in Swift's regex syntax (`grep`, `sed`, `awk`, `crictl --name`, graders,
/// recall cards). Swift's `Regex` validates it; a pattern `LinearPattern` can read is then matched
/// in time linear in the text, as the real tools' engines do (a learner's `grep -E '(a|aa)*c'`
/// must not hang the trainer, nor every resume of the attempt that replays it), and the rest by
/// `Regex`. Both give the same matches.
public struct TextRegex: @unchecked Sendable {
    // @unchecked: `Regex` is an immutable value whose lazily lowered program is published
    // atomically by the standard library; it is only not `Sendable` because its output type
    // (`AnyRegexOutput`) is not.
    private let regex: Regex<AnyRegexOutput>
    private let parsed: (pattern: LinearPattern, groups: Int)?
    private let linear: LinearRegex?
    private let ignoreCase: Bool
    private let scalar: Bool

    init(source: String, regex: Regex<AnyRegexOutput>) {
        self.init(regex: regex, parsed: LinearPattern.parse(source), ignoreCase: false, scalar: false)
    }

    private init(regex: Regex<AnyRegexOutput>, parsed: (pattern: LinearPattern, groups: Int)?, ignoreCase: Bool, scalar: Bool) {
        self.regex = regex
        self.parsed = parsed
        self.ignoreCase = ignoreCase
        self.scalar = scalar
        linear = parsed.flatMap { LinearRegex($0.pattern, groups: $0.groups, ignoreCase: ignoreCase, scalar: scalar) }
    }

    /// Whether matches take time linear in the text (else `Regex`, which may backtrack, finds them).
    public var matchesInLinearTime: Bool { linear != nil }

    /// The same pattern, letters matching either case (`grep -i`, `sed s///I`).
    public func ignoringCase() -> TextRegex {
        TextRegex(regex: regex.ignoresCase(), parsed: parsed, ignoreCase: true, scalar: scalar)
    }

    /// The same pattern over Unicode scalars instead of characters (sed and awk, as C locales do).
    public func scalarSemantics() -> TextRegex {
        TextRegex(regex: regex.matchingSemantics(.unicodeScalar), parsed: parsed, ignoreCase: ignoreCase, scalar: true)
    }

    /// Whether the pattern matches somewhere in `text`.
    public func hasMatch(in text: String) -> Bool {
        guard let linear else { return (try? regex.firstMatch(in: text)) != nil }
        return linear.search(units(text), from: 0, mode: .exists) != nil
    }

    /// Whether the pattern matches all of `text`.
    public func isWholeMatch(_ text: String) -> Bool {
        guard let linear else { return (try? regex.wholeMatch(in: text)) != nil }
        return linear.search(units(text), from: 0, mode: .whole) != nil
    }

    /// Every match from left to right, as `String.matches(of:)` gives them: after an empty match
    /// the search goes on one character later.
    public func allMatches(in text: String) -> [TextMatch] {
        guard let linear else {
            return text.matches(of: regex).map { TextMatch(range: $0.range, groups: $0.output.map(\.range)) }
        }
        let units = units(text)
        let indices = scalar ? Array(text.unicodeScalars.indices) + [text.endIndex] : Array(text.indices) + [text.endIndex]
        var matches: [TextMatch] = []
        var start = 0
        // Each turn moves `start` on by at least one character, or ends.
        while start <= units.count, let slots = linear.search(units, from: start, mode: .leftmost) {
            let groups = stride(from: 0, to: slots.count, by: 2).map { slot -> Range<String.Index>? in
                slots[slot] < 0 || slots[slot + 1] < 0 ? nil : indices[slots[slot]]..<indices[slots[slot + 1]]
            }
            matches.append(TextMatch(range: indices[slots[0]]..<indices[slots[1]], groups: groups))
            start = slots[1] > slots[0] ? slots[1] : slots[1] + 1
        }
        return matches
    }

    /// The characters (or Unicode scalars) the pattern steps over.
    private func units(_ text: String) -> [Character] {
        scalar ? text.unicodeScalars.map(Character.init) : Array(text)
    }
}

/// One match: its range and each group's (index 0 is the whole match; nil for a group that took
/// no part).
public struct TextMatch: Sendable, Hashable {
    public var range: Range<String.Index>
    public var groups: [Range<String.Index>?]

    public init(range: Range<String.Index>, groups: [Range<String.Index>?]) {
        self.range = range
        self.groups = groups
    }
}
