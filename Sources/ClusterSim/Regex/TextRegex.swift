/// Regular expressions compiled once per process and pattern: checks and text tools build the
/// same few patterns on every command, seed and mistake.
public enum RegexCache {
    private static let valid = ParseCache<ExactText, Bool>(limit: 1024)

    private struct Key: Hashable, Sendable {
        var source: ExactText
        var ignoreCase: Bool
        var scalar: Bool
    }

    private static let compiled = ParseCache<Key, LinearRegex?>(limit: 1024)

    /// The regex for `source` (Swift regex syntax), or nil when it does not compile. It may still
    /// use syntax the trainer does not match (`TextRegex.isSupported`).
    public static func regex(_ source: String) -> TextRegex? {
        guard valid.value(for: ExactText(source), parse: { (try? Regex($0.text)) != nil }) else { return nil }
        return TextRegex(source: source, ignoreCase: false, scalar: false)
    }

    /// Why an author's pattern (a grader's `matches:`, a card's `pattern:`) cannot be used, or nil.
    public static func problem(_ source: String) -> String? {
        guard let regex = regex(source) else { return "'\(source)' is not a valid regular expression" }
        guard regex.isSupported else {
            return "'\(source)' uses regular-expression syntax the trainer does not match: it reads groups, "
                + "alternation, quantifiers, ^ $ \\b \\B \\A \\z, \\1 to \\9, lookaheads, (?i) (?m) (?s) at the start, "
                + "classes such as \\d \\w \\s and bracket expressions"
        }
        return nil
    }

    fileprivate static func program(_ source: String, ignoreCase: Bool, scalar: Bool) -> LinearRegex? {
        compiled.value(for: Key(source: ExactText(source), ignoreCase: ignoreCase, scalar: scalar)) { key in
            LinearPattern.parse(key.source.text, scalar: key.scalar).flatMap {
                LinearRegex($0.pattern, groups: $0.groups, ignoreCase: key.ignoreCase, scalar: key.scalar)
            }
        }
    }
}

/// A compiled pattern in Swift's regex syntax (`grep`, `sed`, `awk`, `crictl --name`, graders,
/// recall cards). Swift's `Regex` validates it and decides what each character class matches;
/// the matching itself is done by `LinearRegex`, in time linear in the text (as the real tools'
/// engines do: a learner's `grep -E '(a|aa)*c'` must not hang the trainer, nor every resume of
/// the attempt that replays it), or by bounded backtracking for back-references. Matches are
/// the ones `Regex` finds, but where `Regex` departs from the GNU tools (`\b` is GNU's simple
/// word boundary; the others are listed in `RegexHarness`, the differential fuzz target).
///
/// Every search takes its steps from a `RegexBudget`. The forms without a budget use a fresh one
/// each and read running out as no match; tools that match many lines share one budget per
/// command and report running out.
public struct TextRegex: Sendable {
    private let source: String
    private let ignoreCase: Bool
    private let scalar: Bool
    private let program: LinearRegex?

    fileprivate init(source: String, ignoreCase: Bool, scalar: Bool) {
        self.source = source
        self.ignoreCase = ignoreCase
        self.scalar = scalar
        program = RegexCache.program(source, ignoreCase: ignoreCase, scalar: scalar)
    }

    /// Whether the trainer can match this pattern; when not, nothing matches it.
    public var isSupported: Bool { program != nil }

    /// Whether matches take time linear in the text (no back-references).
    public var matchesInLinearTime: Bool { program.map { !$0.backtracks } ?? false }

    /// The same pattern, letters matching either case (`grep -i`, `sed s///I`).
    public func ignoringCase() -> TextRegex {
        TextRegex(source: source, ignoreCase: true, scalar: scalar)
    }

    /// The same pattern over Unicode scalars instead of characters (sed and awk, as C locales do).
    public func scalarSemantics() -> TextRegex {
        TextRegex(source: source, ignoreCase: ignoreCase, scalar: true)
    }

    /// Whether the pattern matches somewhere in `text`.
    public func hasMatch(in text: String, budget: inout RegexBudget) throws(RegexBudget.Exhausted) -> Bool {
        guard let program else { return false }
        return try program.search(units(text), from: 0, mode: .exists, budget: &budget) != nil
    }

    /// Whether the pattern matches all of `text`.
    public func isWholeMatch(_ text: String, budget: inout RegexBudget) throws(RegexBudget.Exhausted) -> Bool {
        guard let program else { return false }
        return try program.search(units(text), from: 0, mode: .whole, budget: &budget) != nil
    }

    /// Every match from left to right, as `String.matches(of:)` gives them: after an empty match
    /// the search goes on one character later.
    public func allMatches(in text: String, budget: inout RegexBudget) throws(RegexBudget.Exhausted) -> [TextMatch] {
        guard let program else { return [] }
        let units = units(text)
        let indices = scalar ? Array(text.unicodeScalars.indices) + [text.endIndex] : Array(text.indices) + [text.endIndex]
        var matches: [TextMatch] = []
        var start = 0
        // Each turn moves `start` on by at least one character, or ends.
        while start <= units.count, let slots = try program.search(units, from: start, mode: .leftmost, budget: &budget) {
            let groups = stride(from: 0, to: slots.count, by: 2).map { slot -> Range<String.Index>? in
                slots[slot] < 0 || slots[slot + 1] < 0 ? nil : indices[slots[slot]]..<indices[slots[slot + 1]]
            }
            matches.append(TextMatch(range: indices[slots[0]]..<indices[slots[1]], groups: groups))
            start = slots[1] > slots[0] ? slots[1] : slots[1] + 1
        }
        return matches
    }

    /// `hasMatch` with a budget of its own; running out reads as no match.
    public func hasMatch(in text: String) -> Bool {
        var budget = RegexBudget()
        return (try? hasMatch(in: text, budget: &budget)) ?? false
    }

    /// `isWholeMatch` with a budget of its own; running out reads as no match.
    public func isWholeMatch(_ text: String) -> Bool {
        var budget = RegexBudget()
        return (try? isWholeMatch(text, budget: &budget)) ?? false
    }

    /// `allMatches` with a budget of its own; running out reads as no match.
    public func allMatches(in text: String) -> [TextMatch] {
        var budget = RegexBudget()
        return (try? allMatches(in: text, budget: &budget)) ?? []
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
