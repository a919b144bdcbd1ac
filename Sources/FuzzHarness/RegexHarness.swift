import ClusterSim

/// A pattern and a text: what `TextRegex` matches in linear time must be what Swift's `Regex`
/// matches, with every option the tools use (case, Unicode scalars). The input is the pattern's
/// line, then the text; both are kept short so that `Regex`'s backtracking stays quick: patterns
/// of at most six quantifiers, and the more of them (or a quantified group), the shorter the text
/// in Unicode scalars.
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
        guard pattern.filter({ "*+?{".contains($0) }).count <= maximumQuantifiers, let compiled = RegexCache.regex(pattern),
            compiled.matchesInLinearTime, let base = try? Regex(pattern)
        else {
            return []
        }
        var violations: [String] = []
        for (ignoreCase, scalar) in [(false, false), (true, false), (false, true), (true, true)] {
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
