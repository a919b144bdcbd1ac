import Testing

@testable import ClusterSim
@testable import Shell

/// grep, sed and awk patterns: word edges and back-references as GNU grep 3.8 and sed 4.9 give
/// them (captured with `LC_ALL=C.UTF-8` on Debian 12), and patterns that would backtrack for
/// ever answered at once.
@Suite struct RegexToolTests {
    static let cases: [Case] = [
        Case("echo \"can't\" | grep '\\bt\\b'", "can't\n"),
        Case("printf 'abab\\nabba\\n' | grep '\\(ab\\)\\1'", "abab\n"),
        Case("printf 'abab\\nabba\\n' | grep -E '(b)\\1'", "abba\n"),
        Case("echo 'foo bar' | sed 's/\\<bar\\>/X/'", "foo X\n"),
        Case("echo 'aa bb' | sed -E 's/(.)\\1/<&>/g'", "<aa> <bb>\n"),
        Case("printf 'x ab y\\nxab\\n' | grep -w ab", "x ab y\n"),
        Case("echo 'one two' | sed -E 's/\\b/|/g'", "|one| |two|\n"),
        Case("echo 'one two' | sed -E 's/\\B/-/g'", "o-n-e t-w-o\n"),
        Case("echo 'a3} x' | sed -E 's/\\b/|/g'", "|a3|} |x|\n"),
        Case("echo '4é' | sed 's/\\w/X/g'", "XX\n"),
        Case("echo aA | grep -ci '\\(a\\)\\1'", "1\n"),
        // Swift's Regex stops the process on this pattern; the trainer's matcher does not use it.
        Case("echo x | grep -E '(a){0}\\1'", "", status: 1),
        Case("echo aA | sed -E 's/(a)\\1/X/I'", "X\n"),
        // Exponential for a backtracking engine; linear here, as in GNU grep.
        Case("echo aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab | grep -E '^(.*.*)*xyz$'", "", status: 1),
        Case("echo aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab | grep -cE '(a|aa)*b'", "1\n"),
        Case("echo aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab | sed -E 's/(a|aa)*c/X/'", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab\n"),
        Case("echo aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab | awk '/^(a|aa)*$/'", ""),
        // Back-references backtrack: past the budget the tool stops and says why.
        Case(
            "echo aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab | grep -E '^(a*)*\\1$'", "",
            err: RegexBudget.message(tool: "grep"), status: 2),
        Case(
            "printf 'ok\\naaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab\\n' | sed -E 's/^(a*)*\\1$/x/'", "ok\n",
            err: RegexBudget.message(tool: "sed"), status: 4),
        Case("echo 'foo bar' | grep '\\<bar\\>'", "foo bar\n"),
        Case("echo café | grep -w caf", "", status: 1),
        Case("echo 'x café!' | grep -cw café", "1\n"),
        Case("echo 'foo <bar>' | grep -c '\\<bar\\>'", "1\n"),
        Case("printf 'a\\\\b\\nab\\n' | grep '[\\]'", "a\\b\n"),
        Case("printf 'aa\\na\\n' | grep 'a\\{2\\}'", "aa\n"),
        Case("printf 'a{2}\\naa\\n' | grep 'a{2}'", "a{2}\n"),
        Case("printf '*x\\nx\\n' | grep '^*x'", "*x\n"),
        Case("printf 'tab\\tx\\n' | grep -c '[[:space:]]x'", "1\n"),
        Case("echo 'é' | grep -c '^.$'", "1\n"),
        Case("echo 'x(' | grep -E '('", "", err: "grep: Unmatched ( or \\(\n", status: 2),
        Case("echo x | grep '\\('", "", err: "grep: Unmatched ( or \\(\n", status: 2),
        Case("echo abc | grep -E 'a*+'", "", err: "grep: kubedojo does not simulate this regular expression syntax\n", status: 2),
    ]

    @Test(arguments: cases) func regexCase(_ testCase: Case) { TextFixture.check(testCase) }

    /// A 1 MiB line under patterns that are exponential for a backtracking engine: answered in
    /// linear time, well within the budget.
    @Test func megabyteLineUnderNestedQuantifiers() {
        var session = TextFixture.session()
        _ = session.run("echo " + String(repeating: "a", count: 1 << 20) + "b > long")
        let grep = session.run("grep -cE '^(a|aa)*b$' long")
        #expect(grep.stdout == "1\n" && grep.stderr == "" && grep.status == 0)
        let sed = session.run("sed -E 's/(a*)*c/X/' long | wc -c")
        #expect(sed.stdout == "\((1 << 20) + 2)\n" && sed.stderr == "")
    }

    /// A sed -i that runs out of budget leaves the file as it was.
    @Test func sedInPlaceKeepsTheFileWhenStopped() {
        var session = TextFixture.session()
        _ = session.run("echo aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab > long")
        let result = session.run("sed -i -E 's/^(a*)*\\1$/x/' long")
        #expect(result.status == 4)
        #expect(result.stderr == RegexBudget.message(tool: "sed"))
        #expect(session.run("cat long").stdout == "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab\n")
    }
}
