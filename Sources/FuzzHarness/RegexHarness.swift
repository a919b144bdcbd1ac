import ClusterSim

/// A pattern and a text: what `TextRegex` matches (in linear time, or by bounded backtracking
/// for back-references) must be what Swift's `Regex` matches with simple word boundaries, with
/// every option the tools use (case, Unicode scalars). The input is the pattern's line, then the
/// text; both are kept short so that `Regex`'s backtracking stays quick: patterns of at most six
/// quantifiers and `|`, bounds of at most 6, and the more quantifiers (or a quantified group),
/// the shorter the text in Unicode scalars.
///
/// Known differences from `Regex` are left out where `TextRegex` does as GNU grep and sed do:
/// - with `ignoresCase()`, `Regex` compares a back-reference's text case by case (`(a)\1` does
///   not match `aA`): patterns with back-references are compared with case only;
/// - with Unicode-scalar semantics, `Regex` refuses a class such as `\w` on an ASCII scalar that
///   a non-ASCII one follows (`1` in `1\u{301}`, `4` in `4\u{FFFD}`), and its simple word
///   boundaries take digits for non-word characters (none between `a` and `3`), and `\W`
///   takes CR LF whole, where C tools judge each scalar alone: texts with an ASCII scalar before
///   a non-ASCII one or a character of several scalars, and patterns with `\b` or `\B`, are
///   compared by characters only.
enum RegexHarness {
    static let maximumPattern = 40
    static let maximumQuantifiers = 6

    static func maximumText(_ pattern: String) -> Int {
        let quantifiers = pattern.filter { "*+?{".contains($0) }.count
        let nested = [")*", ")+", "){", ")?"].contains { pattern.contains($0) }
        return nested ? max(2, 8 - quantifiers) : max(3, 12 - quantifiers)
    }

    static func run(_ bytes: [UInt8]) -> [String] {
        let input = String(decoding: bytes, as: UTF8.self)
        let newline = input.firstIndex(of: "\n") ?? input.endIndex
        let pattern = String(input[..<newline].prefix(maximumPattern))
        let rest = newline < input.endIndex ? input[input.index(after: newline)...].unicodeScalars : "".unicodeScalars[...]
        let text = String(String.UnicodeScalarView(rest.prefix(maximumText(pattern))))
        // `Regex` drops a group repeated at most zero times from its output (`(m){0}`), and stops
        // the process (`Should this be an assert?`) on a back-reference to one (`(a){0}\1`); the
        // trainer never runs `Regex` on a pattern. Such patterns are left out.
        let references = zip(pattern, pattern.dropFirst()).contains { $0 == "\\" && ("1"..."9").contains($1) }
        guard !hasZeroBound(pattern), !hasUnusualReference(pattern) else { return [] }
        guard pattern.filter({ "*+?{|".contains($0) }).count <= maximumQuantifiers, !hasLargeBound(pattern),
            let compiled = RegexCache.regex(pattern), compiled.isSupported, let base = try? Regex(pattern).wordBoundaryKind(.simple)
        else {
            return []
        }
        let scalars = Array(text.unicodeScalars)
        let asciiBeforeOther =
            zip(scalars, scalars.dropFirst()).contains { $0.isASCII && !$1.isASCII } || text.count != scalars.count
        let boundaries = pattern.contains("\\b") || pattern.contains("\\B")
        var violations: [String] = []
        for (ignoreCase, scalar) in [(false, false), (true, false), (false, true), (true, true)]
        where !(scalar && (asciiBeforeOther || boundaries)) && !(ignoreCase && references) {
            var (linear, regex) = (compiled, base)
            if ignoreCase { (linear, regex) = (linear.ignoringCase(), regex.ignoresCase()) }
            if scalar { (linear, regex) = (linear.scalarSemantics(), regex.matchingSemantics(.unicodeScalar)) }
            let options = "\(ignoreCase ? "ignoring case" : "with case"), \(scalar ? "scalars" : "characters")"
            func differ(_ what: String, _ ours: String, _ theirs: String) {
                if ours != theirs {
                    violations.append(
                        "\(String(reflecting: pattern)) on \(String(reflecting: text)) (\(options)): \(what) \(ours), Regex \(theirs)"
                    )
                }
            }
            differ("has a match:", "\(linear.hasMatch(in: text))", "\((try? regex.firstMatch(in: text)) != nil)")
            differ("whole match:", "\(linear.isWholeMatch(text))", "\((try? regex.wholeMatch(in: text)) != nil)")
            let ours = linear.allMatches(in: text).map { describe($0.groups, in: text) }
            let theirs = text.matches(of: regex).map { describe($0.output.map(\.range), in: text) }
            differ("matches", "\(ours)", "\(theirs)")
        }
        return violations
    }

    /// Whether a number of two or more digits appears (a bound such as `{99}`, which makes `Regex` slow).
    static func hasLargeBound(_ pattern: String) -> Bool {
        var digits = 0
        for c in pattern {
            digits = c.isASCII && c.isNumber ? digits + 1 : 0
            if digits > 1 || (digits == 1 && c > "6") { return true }
        }
        return false
    }

    /// Whether a back-reference is repeated (`\1+`) or inside the group it names (`(a\1)`):
    /// where a reference to an empty or unfinished group leads, engines disagree (`Regex` and
    /// PCRE do not agree, and POSIX says nothing), so such patterns are left out.
    static func hasUnusualReference(_ pattern: String) -> Bool {
        let chars = Array(pattern)
        var open: [Int] = []
        var groups = 0
        var index = 0
        // Each turn reads one character, or an escape of two.
        while index < chars.count {
            let c = chars[index]
            if c == "\\", index + 1 < chars.count {
                if let number = chars[index + 1].wholeNumberValue, number > 0 {
                    if open.contains(number) { return true }
                    if index + 2 < chars.count, "*+?{".contains(chars[index + 2]) { return true }
                }
                index += 2
                continue
            }
            if c == "(" {
                if index + 1 < chars.count, chars[index + 1] == "?" {
                    open.append(0)
                } else {
                    groups += 1
                    open.append(groups)
                }
            } else if c == ")", !open.isEmpty {
                open.removeLast()
            }
            index += 1
        }
        return false
    }

    /// Whether a bound allows no repetition at all (`{0}`, `{,0}`, `{0,0}`).
    static func hasZeroBound(_ pattern: String) -> Bool {
        let chars = Array(pattern)
        for (index, c) in chars.enumerated() where c == "{" {
            guard let close = chars[index...].firstIndex(of: "}") else { continue }
            let inside = chars[(index + 1)..<close]
            let high = inside.split(separator: ",", omittingEmptySubsequences: false).last ?? []
            if !high.isEmpty, high.allSatisfy({ $0 == "0" }) { return true }
        }
        return false
    }

    /// Groups as scalar offsets, `-` for a group that took no part.
    static func describe(_ groups: [Range<String.Index>?], in text: String) -> String {
        groups.map { range in
            range.map {
                "\(text.unicodeScalars.distance(from: text.startIndex, to: $0.lowerBound))"
                    + "-\(text.unicodeScalars.distance(from: text.startIndex, to: $0.upperBound))"
            } ?? "-"
        }.joined(separator: ",")
    }
}
