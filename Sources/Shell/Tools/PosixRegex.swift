import ClusterSim

/// POSIX basic and extended regular expressions (as GNU grep, sed and awk read them) turned into Swift regexes.
enum PosixRegex {
    /// The compiled expression, or why glibc's `regcomp` would refuse it.
    static func compile(_ pattern: String, extended: Bool, ignoreCase: Bool = false)
        -> Result<TextRegex, RegexProblem>
    {
        guard let source = translate(pattern, extended: extended) else { return .failure(.unmatchedBracket) }
        return compile(translated: source, ignoreCase: ignoreCase)
    }

    /// A pattern already in Swift's syntax (`translate`'s output, which grep combines), matched by
    /// Unicode scalars as the C tools match in a UTF-8 locale.
    static func compile(translated source: String, ignoreCase: Bool) -> Result<TextRegex, RegexProblem> {
        guard var regex = RegexCache.regex(source) else { return .failure(diagnose(source)) }
        guard regex.isSupported else { return .failure(.notSimulated) }
        regex = regex.scalarSemantics()
        if ignoreCase { regex = regex.ignoringCase() }
        return .success(regex)
    }

    /// glibc's wording for the common ways a pattern is malformed.
    enum RegexProblem: Error {
        case unmatchedBracket, unmatchedOpen, unmatchedClose, invalidPreceding
        /// Valid, but outside what the trainer matches (`a*+`, `(?i)`).
        case notSimulated

        var message: String {
            switch self {
            case .unmatchedBracket: "Unmatched [, [^, [:, [., or [="
            case .unmatchedOpen: "Unmatched ( or \\("
            case .unmatchedClose: "Unmatched ) or \\)"
            case .invalidPreceding: "Invalid preceding regular expression"
            case .notSimulated: "kubedojo does not simulate this regular expression syntax"
            }
        }
    }

    /// The number of capture groups, for checking `\N` references in a replacement.
    static func groupCount(_ pattern: String, extended: Bool) -> Int {
        guard let source = translate(pattern, extended: extended) else { return 0 }
        var count = 0
        var escaped = false
        var inBracket = false
        for (index, c) in source.enumerated() {
            if escaped {
                escaped = false
            } else if c == "\\" {
                escaped = true
            } else if inBracket {
                if c == "]" { inBracket = false }
            } else if c == "[" {
                inBracket = true
            } else if c == "(", source.dropFirst(index + 1).first != "?" {
                count += 1
            }
        }
        return count
    }

    /// glibc's complaint about a pattern Swift's `Regex` refused.
    private static func diagnose(_ source: String) -> RegexProblem {
        var depth = 0
        var escaped = false
        for c in source {
            if escaped {
                escaped = false
            } else if c == "\\" {
                escaped = true
            } else if c == "(" {
                depth += 1
            } else if c == ")" {
                depth -= 1
                if depth < 0 { return .unmatchedClose }
            }
        }
        return depth > 0 ? .unmatchedOpen : .invalidPreceding
    }

    /// Rewrites the POSIX syntax into Swift's: BRE's escaped operators, bracket expressions (where a
    /// backslash is literal and `]` may come first), and GNU's `\<` `\>` word edges.
    static func translate(_ pattern: String, extended: Bool) -> String? {
        let chars = Array(pattern)
        var out = ""
        var index = 0
        // Each pass consumes at least one character.
        while index < chars.count {
            let c = chars[index]
            let atStart = out.isEmpty || out.hasSuffix("^") || out.hasSuffix("(") || out.hasSuffix("|")
            if c == "[" {
                guard let (text, next) = bracket(chars, from: index) else { return nil }
                out += text
                index = next
                continue
            }
            if c == "\\" {
                guard index + 1 < chars.count else {
                    out += "\\\\"
                    index += 1
                    continue
                }
                let d = chars[index + 1]
                index += 2
                switch d {
                case "<": out += "\\b(?=\\w)"
                case ">": out += "\\b(?!\\w)"
                case "n": out += "\\n"
                case "t": out += "\\t"
                case "w", "W", "s", "S", "b", "B": out += "\\" + String(d)
                case "`": out += "\\A"
                case "'": out += "\\z"
                case _ where "+?|(){}".contains(d) && !extended: out.append(d)
                case _ where d.isASCIIDigit: out += "\\" + String(d)
                default: out += literal(d)
                }
                continue
            }
            if !extended && "+?|(){}".contains(c) {
                out += "\\" + String(c)
            } else if c == "*" && atStart {
                out += "\\*"
            } else {
                out.append(c)
            }
            index += 1
        }
        return out
    }

    private static func literal(_ c: Character) -> String {
        c.isLetter || c.isNumber || c == " " ? String(c) : "\\" + String(c)
    }

    /// A bracket expression starting at `start`, rewritten for Swift, and the index after it.
    private static func bracket(_ chars: [Character], from start: Int) -> (String, Int)? {
        var index = start + 1
        var body = ""
        if index < chars.count, chars[index] == "^" {
            body += "^"
            index += 1
        }
        if index < chars.count, chars[index] == "]" {
            body += "\\]"
            index += 1
        }
        while index < chars.count, chars[index] != "]" {
            let c = chars[index]
            if c == "[", index + 1 < chars.count, ":.=".contains(chars[index + 1]) {
                let kind = chars[index + 1]
                var close = index + 2
                while close + 1 < chars.count, !(chars[close] == kind && chars[close + 1] == "]") { close += 1 }
                guard close + 1 < chars.count else { return nil }
                let name = String(chars[(index + 2)..<close])
                body += kind == ":" ? "[:\(name):]" : name.map { literal($0) }.joined()
                index = close + 2
                continue
            }
            body += "[\\&~".contains(c) ? "\\" + String(c) : String(c)
            index += 1
        }
        guard index < chars.count else { return nil }
        return ("[" + body + "]", index + 1)
    }

    /// Where a bracket expression that opens at `start` closes, for scanning a delimited pattern.
    static func bracketEnd(_ chars: [Character], from start: Int) -> Int? {
        bracket(chars, from: start).map { $0.1 }
    }
}

extension RegexBudget {
    /// What a tool says when matching ran out of budget: the simulator bounds the work one
    /// command's matching may do (back-references and lookaheads backtrack; a very long line
    /// under a large pattern also adds up).
    static func message(tool: String) -> String {
        "\(tool): kubedojo stopped matching this regular expression after \(perCommand / 1_000_000) million steps "
            + "(the simulator bounds the work of one command; back-references and lookaheads backtrack)\n"
    }
}
