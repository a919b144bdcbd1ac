/// The structure of a pattern in Swift's regex syntax, for matching in time linear in the text
/// (`LinearRegex`). Only the structure is read here — groups, alternation, quantifiers, anchors and
/// one-character lookarounds; what one character matches (a literal, `.`, `\d`, a bracket
/// expression) is left to Swift's `Regex` itself, so the two agree on it by construction. Syntax
/// outside this (back-references, `\b`, inline options, longer lookarounds, possessive
/// quantifiers, `\Q…\E`, characters of several scalars) makes `parse` return nil and the pattern
/// is matched by `Regex`.
indirect enum LinearPattern: Sendable, Hashable {
    case empty
    /// One character: its source text (`a`, `\.`, `.`, `\d`, `[^a-z]`).
    case element(String)
    case start, end
    /// `(?=x)` `(?!x)` (ahead) and `(?<=x)` `(?<!x)` (behind) of one character.
    case look(String, ahead: Bool, negated: Bool)
    case group(LinearPattern, capture: Int?)
    case concat([LinearPattern])
    case alternation([LinearPattern])
    case repetition(LinearPattern, min: Int, max: Int?, greedy: Bool)

    /// The pattern and its number of capture groups, or nil when it uses syntax left to `Regex`.
    /// Only called on sources `Regex` accepts.
    static func parse(_ source: String) -> (pattern: LinearPattern, groups: Int)? {
        // A character of several scalars (CR LF, a letter and its accent) is one character or
        // several depending on the semantics: left to Regex.
        let chars = Array(source)
        guard chars.allSatisfy({ $0.unicodeScalars.count == 1 }) else { return nil }
        var parser = Parser(chars: chars)
        guard let pattern = parser.alternation(), parser.index == parser.chars.count else { return nil }
        return (pattern, parser.groups)
    }

    private struct Parser {
        let chars: [Character]
        var index = 0
        var groups = 0
        /// Nesting depth; bounded so that parsing and compiling never recurse deeply.
        var depth = 0

        var current: Character? { index < chars.count ? chars[index] : nil }

        func peek(_ offset: Int) -> Character? { index + offset < chars.count ? chars[index + offset] : nil }

        mutating func alternation() -> LinearPattern? {
            depth += 1
            defer { depth -= 1 }
            guard depth <= 64 else { return nil }
            var branches: [LinearPattern] = []
            // Each turn consumes a branch and, but for the last, its `|`.
            while true {
                guard let branch = concatenation() else { return nil }
                branches.append(branch)
                guard current == "|" else { break }
                index += 1
            }
            return branches.count == 1 ? branches[0] : .alternation(branches)
        }

        mutating func concatenation() -> LinearPattern? {
            var items: [LinearPattern] = []
            // Each turn consumes at least one character.
            while let c = current, c != "|", c != ")" {
                guard let atom = atom(), let item = quantified(atom) else { return nil }
                items.append(item)
            }
            return items.isEmpty ? .empty : items.count == 1 ? items[0] : .concat(items)
        }

        mutating func quantified(_ atom: LinearPattern) -> LinearPattern? {
            if current == "{", brace() == .unclear { return nil }
            guard let (min, max) = quantifier() else { return atom }
            switch atom {
            case .start, .end, .look, .empty: return nil
            default: break
            }
            var greedy = true
            if current == "?" {
                greedy = false
                index += 1
            }
            // Possessive (`*+`) and stacked (`a**`) quantifiers are left to Regex.
            if current.map({ "*+?".contains($0) }) == true || (current == "{" && brace() != .literal) { return nil }
            if let max, max < min { return nil }
            return .repetition(atom, min: min, max: max, greedy: greedy)
        }

        /// `*` `+` `?` `{n}` `{n,}` `{,m}` `{n,m}` at the current position, consumed; nil when none.
        mutating func quantifier() -> (Int, Int?)? {
            switch current {
            case "*":
                index += 1
                return (0, nil)
            case "+":
                index += 1
                return (1, nil)
            case "?":
                index += 1
                return (0, 1)
            case "{" where brace() == .quantifier:
                index += 1
                let low = number()
                var high = low
                if current == "," {
                    index += 1
                    high = number()
                }
                index += 1  // "}"
                return (low ?? 0, high)
            default: return nil
            }
        }

        enum Brace { case quantifier, literal, unclear }

        /// What a `{` starts: a bound in the forms read here (`{2}`, `{2,}`, `{,3}`, `{2,3}`), a
        /// literal brace (not followed by a digit, comma or space), or something else Regex decides.
        func brace() -> Brace {
            guard let first = peek(1), first == "," || first == " " || (first.isASCII && first.isNumber) else { return .literal }
            var offset = 1
            var digits = 0
            var comma = false
            while let c = peek(offset), c != "}" {
                if c == ",", !comma {
                    comma = true
                } else if c.isASCII, c.isNumber {
                    digits += 1
                } else {
                    return .unclear
                }
                offset += 1
            }
            return peek(offset) == "}" && digits > 0 && digits <= 6 ? .quantifier : .unclear
        }

        mutating func number() -> Int? {
            var value: Int?
            while let c = current, c.isASCII, let digit = c.wholeNumberValue {
                value = (value ?? 0) * 10 + digit
                index += 1
            }
            return value
        }

        mutating func atom() -> LinearPattern? {
            guard let c = current else { return nil }
            switch c {
            case "(": return group()
            case "[": return bracket()
            case "^":
                index += 1
                return .start
            case "$":
                index += 1
                return .end
            case "\\": return escape().map { .element($0) }
            case "*", "+", "?", "|", ")": return nil
            case "{" where brace() != .literal: return nil
            default:
                index += 1
                return .element(String(c))
            }
        }

        mutating func group() -> LinearPattern? {
            index += 1
            var capture: Int?
            if current == "?" {
                let kinds: [(prefix: String, ahead: Bool, negated: Bool)] = [
                    ("?=", true, false), ("?!", true, true), ("?<=", false, false), ("?<!", false, true),
                ]
                if peek(1) == ":" {
                    index += 2
                } else if let kind = kinds.first(where: { matches($0.prefix) }) {
                    index += kind.prefix.count
                    guard let element = single(), current == ")" else { return nil }
                    index += 1
                    return .look(element, ahead: kind.ahead, negated: kind.negated)
                } else {
                    return nil
                }
            } else {
                groups += 1
                capture = groups
            }
            guard let inner = alternation(), current == ")" else { return nil }
            index += 1
            return .group(inner, capture: capture)
        }

        func matches(_ prefix: String) -> Bool {
            prefix.enumerated().allSatisfy { peek($0.offset) == $0.element }
        }

        /// One character's source: a literal, `.`, an escape or a bracket expression.
        mutating func single() -> String? {
            guard let atom = atom(), case .element(let source) = atom else { return nil }
            return source
        }

        /// A bracket expression's source up to its closing `]` (nested sets and POSIX classes
        /// included): Regex decides what it matches.
        mutating func bracket() -> LinearPattern? {
            let begin = index
            var depth = 0
            // Each turn consumes one character, or two for an escape.
            while let c = current {
                index += 1
                if c == "\\" {
                    guard let next = current, next != "Q" else { return nil }
                    index += 1
                } else if c == "[" {
                    depth += 1
                } else if c == "]" {
                    // Regex refuses `[]...]`: the first bare `]` closes its set.
                    depth -= 1
                    if depth == 0 { return .element(String(chars[begin..<index])) }
                }
            }
            return nil
        }

        /// An escape that stands for one character or a class of them; others are left to Regex.
        mutating func escape() -> String? {
            guard let next = peek(1) else { return nil }
            let oneCharacter = "dDwWsShHvVNntrfae"
            guard oneCharacter.contains(next) || (next.isASCII && !next.isLetter && !next.isNumber) else { return nil }
            index += 2
            return "\\" + String(next)
        }
    }
}
