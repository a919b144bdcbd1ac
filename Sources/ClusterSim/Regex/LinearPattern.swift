/// The structure of a pattern in Swift's regex syntax, for matching in bounded time
/// (`LinearRegex`). Only the structure is read here — groups, alternation, quantifiers, anchors,
/// word boundaries, back-references and lookaheads; what one character matches
/// (a literal, `.`, `\d`, a bracket expression) is left to Swift's `Regex` itself, so the two
/// agree on it by construction. Syntax outside this (inline options but at the start,
/// possessive or stacked quantifiers, named groups, `\Q…\E`, `\p{…}`) makes `parse` return nil:
/// the trainer does not match such patterns (the tools say so), since `Regex` backtracks without
/// bound.
indirect enum LinearPattern: Sendable, Hashable {
    case empty
    /// One character: its source text (`a`, `\.`, `.`, `\d`, `[^a-z]`).
    case element(String)
    case start, end
    /// `^` and `$` after a leading `(?m)`: the start and end of any line.
    case lineStart, lineEnd
    /// `(?=x)` `(?!x)` of one character, which the Pike VM matches. (`Regex` has no lookbehinds.)
    case look(String, negated: Bool)
    /// `(?=x)` and `(?!x)` of a longer `x`: matched by backtracking only.
    case lookahead(LinearPattern, negated: Bool)
    /// `\b` (a word character on one side only) and `\B`, word characters being `\w`'s (GNU's
    /// rule, and `Regex`'s with simple word boundaries).
    case wordBoundary(negated: Bool)
    /// `\1` to `\9`: the text the group last matched.
    case backreference(Int)
    case group(LinearPattern, capture: Int?)
    case concat([LinearPattern])
    case alternation([LinearPattern])
    case repetition(LinearPattern, min: Int, max: Int?, greedy: Bool)

    /// The pattern and its number of capture groups, or nil when it uses syntax not read here.
    /// Only called on sources `Regex` accepts. The pattern is read one character at a time, as
    /// `Regex` reads it (a quantifier after an accented letter repeats the whole letter). A
    /// literal character of several scalars (an accented letter, CR LF) is one element; with
    /// `scalar` (sed and awk match Unicode scalars), it is its scalars in turn.
    static func parse(_ source: String, scalar: Bool = false) -> (pattern: LinearPattern, groups: Int)? {
        let chars = Array(source)
        // A sign that combined with the scalars after it (`\` and an accent) is not read as a sign.
        guard chars.allSatisfy({ $0.unicodeScalars.count == 1 || !$0.unicodeScalars.first!.properties.isPatternSyntax })
        else { return nil }
        var parser = Parser(chars: chars, scalar: scalar)
        parser.options()
        guard let pattern = parser.alternation(), parser.index == parser.chars.count,
            parser.references.allSatisfy({ $0 <= parser.groups })
        else { return nil }
        return (pattern, parser.groups)
    }

    private struct Parser {
        let chars: [Character]
        let scalar: Bool
        var index = 0
        var groups = 0
        /// The groups `\N` refers to.
        var references: [Int] = []
        /// Nesting depth; bounded so that parsing and compiling never recurse deeply.
        var depth = 0

        /// Leading inline options (`(?m)`, `(?i)`, `(?s)`), put before each element's source so
        /// that `Regex` applies them to it.
        var prefix = ""
        var multiline = false

        var current: Character? { index < chars.count ? chars[index] : nil }

        /// Reads options that open the pattern; options anywhere else are not read.
        mutating func options() {
            guard current == "(", peek(1) == "?" else { return }
            var offset = 2
            var flags = ""
            while let c = peek(offset), "ims".contains(c), !flags.contains(c) {
                flags.append(c)
                offset += 1
            }
            guard !flags.isEmpty, peek(offset) == ")" else { return }
            index += offset + 1
            multiline = flags.contains("m")
            let perElement = flags.filter { $0 != "m" }
            prefix = perElement.isEmpty ? "" : "(?\(perElement))"
        }

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
            case .start, .end, .lineStart, .lineEnd, .look, .lookahead, .empty, .wordBoundary: return nil
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
            guard let first = peek(1), first == "," || first.isWhitespace || (first.isASCII && first.isNumber) else {
                return .literal
            }
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
                return multiline ? .lineStart : .start
            case "$":
                index += 1
                return multiline ? .lineEnd : .end
            case "\\": return escape()
            case "*", "+", "?", "|", ")": return nil
            case "{" where brace() != .literal: return nil
            default:
                index += 1
                guard scalar, c.unicodeScalars.count > 1 else { return .element(prefix + String(c)) }
                return .group(.concat(c.unicodeScalars.map { .element(prefix + String($0)) }), capture: nil)
            }
        }

        mutating func group() -> LinearPattern? {
            index += 1
            var capture: Int?
            if current == "?" {
                if peek(1) == ":" {
                    index += 2
                } else if peek(1) == "=" || peek(1) == "!" {
                    let negated = peek(1) == "!"
                    index += 2
                    guard let inner = alternation(), current == ")" else { return nil }
                    index += 1
                    if case .element(let element) = inner { return .look(element, negated: negated) }
                    return .lookahead(inner, negated: negated)
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
                    if depth == 0 { return .element(prefix + String(chars[begin..<index])) }
                }
            }
            return nil
        }

        /// An escape that stands for one character or a class of them, an anchor, a word boundary
        /// or a back-reference; others are not read.
        mutating func escape() -> LinearPattern? {
            guard let next = peek(1) else { return nil }
            let oneCharacter = "dDwWsShHvVNntrfae"
            let read: LinearPattern
            switch next {
            case "b", "B": read = .wordBoundary(negated: next == "B")
            case "A": read = .start
            case "z": read = .end
            case "1"..."9":
                // `\10` and up would be a two-digit reference or an octal escape: not read.
                guard peek(2).map({ !($0.isASCII && $0.isNumber) }) ?? true, let number = next.wholeNumberValue else { return nil }
                references.append(number)
                read = .backreference(number)
            case _ where oneCharacter.contains(next) || (next.isASCII && !next.isLetter && !next.isNumber):
                read = .element(prefix + "\\" + String(next))
            default: return nil
            }
            index += 2
            return read
        }
    }
}
