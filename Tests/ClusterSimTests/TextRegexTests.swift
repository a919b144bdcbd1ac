import Testing

@testable import ClusterSim

/// The trainer's regex matcher: the matches Swift's `Regex` finds, in bounded time.
@Suite struct TextRegexTests {
    /// Patterns that make a backtracking engine take exponential time finish in linear time:
    /// the hang `grep -E '^(.*.*)*xyz$'` once caused.
    @Test(arguments: ["^(.*.*)*xyz$", "(a|aa)*c", "(a*)*b", "^(a+)+$b", "(x+x+)+y", "(.*a){12}z"])
    func nestedQuantifiersRunInLinearTime(_ source: String) throws {
        let regex = try #require(RegexCache.regex(source))
        #expect(regex.matchesInLinearTime)
        let text = String(repeating: "a", count: 20_000) + "!"
        var budget = RegexBudget()
        #expect(try regex.hasMatch(in: text, budget: &budget) == false)
        // Linear: a few steps per character and instruction, far below the budget.
        #expect(budget.steps > RegexBudget.perCommand - 40 * 20_000 * 40)
    }

    @Test func matchesAndGroupsAreRegexs() throws {
        let regex = try #require(RegexCache.regex("(a+)(b)?"))
        let text = "xaab ab a"
        let found = regex.allMatches(in: text).map { match in
            match.groups.map { $0.map { String(text[$0]) } ?? "-" }.joined(separator: ",")
        }
        #expect(found == ["aab,aa,b", "ab,a,b", "a,a,-"])
        let lazy = try #require(RegexCache.regex("<.+?>"))
        #expect(lazy.allMatches(in: "<a><b>").map { String("<a><b>"[$0.range]) } == ["<a>", "<b>"])
    }

    /// GNU's word edges: a word character on one side only (`can't` has a boundary before `t`,
    /// which Unicode's default word boundaries, `Regex`'s default, do not give).
    @Test func wordBoundariesAreSimple() throws {
        let boundary = try #require(RegexCache.regex("\\bt\\b"))
        #expect(boundary.hasMatch(in: "can't"))
        #expect(!boundary.hasMatch(in: "cant"))
        let inside = try #require(RegexCache.regex("\\Bn\\B"))
        #expect(inside.hasMatch(in: "one"))
        #expect(!inside.hasMatch(in: "n"))
    }

    /// `(?m)` at the start (as graders use it) makes `^` and `$` match at every line.
    @Test func leadingOptions() throws {
        let multiline = try #require(RegexCache.regex("(?m)^master2 +Ready$"))
        #expect(multiline.hasMatch(in: "NAME STATUS\nmaster2   Ready\nmaster3 NotReady"))
        let single = try #require(RegexCache.regex("^master2 +Ready$"))
        #expect(!single.hasMatch(in: "NAME STATUS\nmaster2   Ready\nmaster3 NotReady"))
        let caseless = try #require(RegexCache.regex("(?i)ready"))
        #expect(caseless.hasMatch(in: "READY"))
        let dotAll = try #require(RegexCache.regex("(?s)a.b"))
        #expect(dotAll.hasMatch(in: "a\nb"))
        #expect(try #require(RegexCache.regex("a.b")).hasMatch(in: "a\nb") == false)
    }

    /// Lookaheads of any length (the nginx drills' graders) and back-references run by bounded
    /// backtracking.
    @Test func lookaheadsAndBackreferences() throws {
        let servers = try #require(RegexCache.regex("\\{(?=[^}]*\\n\\s*server\\s+a;)(?=[^}]*\\n\\s*server\\s+b;)"))
        #expect(!servers.matchesInLinearTime)
        #expect(servers.hasMatch(in: "up {\n  server b;\n  server a;\n}"))
        #expect(!servers.hasMatch(in: "up {\n  server b;\n}\nserver a;"))
        let negative = try #require(RegexCache.regex("^(?!.*skip).*keep"))
        #expect(negative.hasMatch(in: "please keep"))
        #expect(!negative.hasMatch(in: "skip but keep"))
        let doubled = try #require(RegexCache.regex("(b|c)\\1"))
        let text = "abba acca abc"
        #expect(doubled.allMatches(in: text).map { text.distance(from: text.startIndex, to: $0.range.lowerBound) } == [1, 6])
        #expect(try #require(RegexCache.regex("(A)\\1")).ignoringCase().hasMatch(in: "xaAx"))
    }

    /// Backtracking that would run for hours stops when the command's budget is spent.
    @Test func backtrackingRunsOutOfBudget() throws {
        let regex = try #require(RegexCache.regex("^(a*)*\\1$"))
        var budget = RegexBudget()
        #expect(throws: RegexBudget.Exhausted.self) {
            try regex.hasMatch(in: String(repeating: "a", count: 40) + "b", budget: &budget)
        }
        // Without a budget of its own to report, running out reads as no match.
        #expect(!regex.hasMatch(in: String(repeating: "a", count: 40) + "b"))
        #expect(regex.hasMatch(in: "aaaa"))
    }

    /// Canonically equivalent patterns are different patterns by scalars: `é` (one scalar) and
    /// `e` with U+0301 share no compiled program, though Swift's `String ==` holds for them.
    @Test func canonicallyEquivalentPatternsAreKeptApart() throws {
        let decomposed = try #require(RegexCache.regex("e\u{301}")).scalarSemantics().ignoringCase()
        #expect(!decomposed.hasMatch(in: "\u{C9}"))
        let precomposed = try #require(RegexCache.regex("\u{E9}")).scalarSemantics().ignoringCase()
        #expect(precomposed.hasMatch(in: "\u{C9}\u{C1}"))
        #expect(precomposed.allMatches(in: "x\u{C9}").count == 1)
    }

    /// Syntax outside what the matcher reads is refused with a reason, never matched by `Regex`.
    @Test func unsupportedSyntaxIsNamed() throws {
        for source in ["a*+", "a(?i)b", "(?<name>a)", "\\p{L}", "(?>a)b", "\\x41"] {
            let regex = try #require(RegexCache.regex(source), "\(source)")
            #expect(!regex.isSupported, "\(source)")
            #expect(!regex.hasMatch(in: "aab"))
            #expect(RegexCache.problem(source)?.hasPrefix("'\(source)' uses regular-expression syntax the trainer does not match") == true)
        }
        #expect(RegexCache.problem("(a") == "'(a' is not a valid regular expression")
        #expect(RegexCache.problem("(?m)^a\\b") == nil)
    }
}
