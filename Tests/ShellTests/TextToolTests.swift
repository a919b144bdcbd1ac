import ClusterSim
import Testing

@testable import Shell

/// One command line and what the real tool printed for it (captured with GNU coreutils 9.1, GNU sed
/// 4.9 and bash 5.2 on Debian 12, `LC_ALL=C`, in a directory holding the `TextFixture` files).
struct Case: Sendable, CustomTestStringConvertible {
    var line: String
    var stdout: String
    var stderr: String
    var status: Int32

    init(_ line: String, _ stdout: String, err stderr: String = "", status: Int32 = 0) {
        self.line = line
        self.stdout = stdout
        self.stderr = stderr
        self.status = status
    }

    var testDescription: String { line }
}

/// A shell in `/root/tt` on master1, holding small text files and an empty directory `d`.
enum TextFixture {
    static let files: [(String, String)] = [
        ("a", "one\ntwo\nthree\n"), ("b", "x y\nz\n"), ("c", "x:3\ny:10\nz:2\nw:3\n"),
        ("n", "b\n-1\na\n0\n1\n 2\n1.5\n-0\nB\n_\n"), ("u", "a\na\nb\nb\nb\nc\na\n"),
        ("s", "k1 v1 extra\n  k2   v2\n\nk3\tv3\nlast line no nl"), ("g", "alpha beta gamma\n"),
    ]

    static func session() -> Session {
        var session = Session(seed: 1)
        session.cluster.updateNode("master1") { node in
            for (name, text) in files { node.files.install("/root/tt/" + name, text) }
            node.files.makeDirectories("/root/tt/d")
        }
        _ = session.run("cd /root/tt")
        return session
    }

    /// Runs the case's line (several commands joined by `;` share one shell) and checks every stream.
    static func check(_ testCase: Case) {
        var session = session()
        let result = session.run(testCase.line)
        #expect(result.stdout == testCase.stdout, "stdout of \(testCase.line)")
        #expect(result.stderr == testCase.stderr, "stderr of \(testCase.line)")
        #expect(result.status == testCase.status, "status of \(testCase.line)")
    }
}

/// `head` and `tail`: counts, obsolete `-N`/`+N` forms, headers, errors.
@Suite struct HeadTailTests {
    static let headTailCases: [Case] = [
        Case("head a", "one\ntwo\nthree\n"),
        Case("head -n 2 a", "one\ntwo\n"),
        Case("head -2 a", "one\ntwo\n"),
        Case("head -n -1 a", "one\ntwo\n"),
        Case("head -c 5 a", "one\nt"),
        Case("head a b", "==> a <==\none\ntwo\nthree\n\n==> b <==\nx y\nz\n"),
        Case(
            "head -n 1 nope a", "==> a <==\none\n", err: "head: cannot open 'nope' for reading: No such file or directory\n",
            status: 1),
        Case(
            "head d a", "==> d <==\n\n==> a <==\none\ntwo\nthree\n", err: "head: error reading 'd': Is a directory\n", status: 1),
        Case("head -n x a", "", err: "head: invalid number of lines: 'x'\n", status: 1),
        Case(
            "head -n", "", err: "head: option requires an argument -- 'n'\nTry 'head --help' for more information.\n", status: 1),
        Case("head --foo", "", err: "head: unrecognized option '--foo'\nTry 'head --help' for more information.\n", status: 1),
        Case("head -5x a", "", err: "head: invalid trailing option -- x\nTry 'head --help' for more information.\n", status: 1),
        Case(
            "head -n 99999999999999999999999 a", "",
            err: "head: invalid number of lines: '99999999999999999999999': Value too large for defined data type\n", status: 1),
        Case("head --li=1 a", "one\n"),
        Case("cat a | head -n 1 - b", "==> standard input <==\none\n\n==> b <==\nx y\n"),
        Case("head s", "k1 v1 extra\n  k2   v2\n\nk3\tv3\nlast line no nl"),
        Case("tail -n 1 a", "three\n"),
        Case("tail -1 a", "three\n"),
        Case("tail -n +2 a", "two\nthree\n"),
        Case("tail +2 a", "two\nthree\n"),
        Case("tail -c 4 a", "ree\n"),
        Case("tail -n 1 a b", "==> a <==\nthree\n\n==> b <==\nz\n"),
        Case("tail -n x a", "", err: "tail: invalid number of lines: 'x'\n", status: 1),
        Case("tail -n +x a", "", err: "tail: invalid number of lines: '+x'\n", status: 1),
        Case("tail -x a", "", err: "tail: invalid option -- 'x'\nTry 'tail --help' for more information.\n", status: 1),
        Case("tail -n 2 s", "k3\tv3\nlast line no nl"),
        Case("tail -n 0 a", ""),
        Case("head -n 3 n | tail -n 1", "a\n"),
        Case("tail -n +3 n | head -2", "a\n0\n"),
    ]

    @Test(arguments: headTailCases)
    func headTail(_ testCase: Case) { TextFixture.check(testCase) }
}

/// `wc` padding and totals, `uniq`, `tee`.
@Suite struct TextToolsTests {
    static let textToolsCases: [Case] = [
        Case("wc a", " 3  3 14 a\n"),
        Case("wc -l a", "3 a\n"),
        Case("wc a b", " 3  3 14 a\n 2  3  6 b\n 5  6 20 total\n"),
        Case("wc -l a nope b", " 3 a\n 2 b\n 5 total\n", err: "wc: nope: No such file or directory\n", status: 1),
        Case("wc -l nope a", " 3 a\n 3 total\n", err: "wc: nope: No such file or directory\n", status: 1),
        Case("wc d", "      0       0       0 d\n", err: "wc: d: Is a directory\n", status: 1),
        Case("wc -w s", "11 s\n"),
        Case("wc -m a", "14 a\n"),
        Case("wc -L s", "15 s\n"),
        Case("wc s", " 4 11 44 s\n"),
        Case("cat a | wc", "      3       3      14\n"),
        Case("cat a | wc -l", "3\n"),
        Case("cat a | wc -lw", "      3       3\n"),
        Case("cat a | wc -l - b", "      3 -\n      2 b\n      5 total\n"),
        Case("printf '' | wc", "      0       0       0\n"),
        Case("wc -q", "", err: "wc: invalid option -- 'q'\nTry 'wc --help' for more information.\n", status: 1),
        Case("wc -lc a b", " 3 14 a\n 2  6 b\n 5 20 total\n"),
        Case("uniq u", "a\nb\nc\na\n"),
        Case("uniq -c u", "      2 a\n      3 b\n      1 c\n      1 a\n"),
        Case("uniq -d u", "a\nb\n"),
        Case("uniq -cd u", "      2 a\n      3 b\n"),
        Case("uniq -u u", "c\na\n"),
        Case("uniq nope", "", err: "uniq: nope: No such file or directory\n", status: 1),
        Case("uniq d", "", err: "uniq: error reading 'd'\n", status: 1),
        Case("uniq a b c", "", err: "uniq: extra operand 'c'\nTry 'uniq --help' for more information.\n", status: 1),
        Case("printf 'A\\na\\n' | uniq -i -c", "      2 A\n"),
        Case("printf 'a\\na' | uniq", "a\n"),
        Case("uniq u out2; cat out2", "a\nb\nc\na\n"),
        Case("echo hi | tee t2; cat t2", "hi\nhi\n"),
        Case("echo hi | tee /nope/x", "hi\n", err: "tee: /nope/x: No such file or directory\n", status: 1),
        Case("echo hi | tee d", "hi\n", err: "tee: d: Is a directory\n", status: 1),
        Case("tee -q", "", err: "tee: invalid option -- 'q'\nTry 'tee --help' for more information.\n", status: 1),
        Case("printf '%s\\n' a b c | tee t6 | wc -l; cat t6", "3\na\nb\nc\n"),
        Case("echo hi | tee t2; echo ho | tee -a t2 > t9; cat t2 t9", "hi\nhi\nho\nho\n"),
    ]

    @Test(arguments: textToolsCases)
    func textTools(_ testCase: Case) { TextFixture.check(testCase) }
}

/// `sort` in the C locale: keys, numeric order, last-resort comparison, errors.
@Suite struct SortTests {
    static let sortCases: [Case] = [
        Case("sort n", " 2\n-0\n-1\n0\n1\n1.5\nB\n_\na\nb\n"),
        Case("sort -r n", "b\na\n_\nB\n1.5\n1\n0\n-1\n-0\n 2\n"),
        Case("sort -n n", "-1\n-0\n0\nB\n_\na\nb\n1\n1.5\n 2\n"),
        Case("sort -nu n", "-1\nb\n1\n1.5\n 2\n"),
        Case("sort -rn n", " 2\n1.5\n1\nb\na\n_\nB\n0\n-0\n-1\n"),
        Case("sort -u u", "a\nb\nc\n"),
        Case("sort -t: -k2 -n c", "z:2\nw:3\nx:3\ny:10\n"),
        Case("sort -t: -k2n c", "z:2\nw:3\nx:3\ny:10\n"),
        Case("sort -t: -k2,2nr c", "y:10\nw:3\nx:3\nz:2\n"),
        Case("sort -k 2 s", "\nk3\tv3\n  k2   v2\nlast line no nl\nk1 v1 extra\n"),
        Case("sort -k2,2 s", "\nk3\tv3\n  k2   v2\nlast line no nl\nk1 v1 extra\n"),
        Case("sort -k2n -r s", "last line no nl\nk3\tv3\nk1 v1 extra\n  k2   v2\n\n"),
        Case("sort -b -k2 s", "\nlast line no nl\nk1 v1 extra\n  k2   v2\nk3\tv3\n"),
        Case("sort -k 1.2,1.3 a", "three\none\ntwo\n"),
        Case("sort -s -k1,1 c", "w:3\nx:3\ny:10\nz:2\n"),
        Case("sort a b", "one\nthree\ntwo\nx y\nz\n"),
        Case("sort nope", "", err: "sort: cannot read: nope: No such file or directory\n", status: 2),
        Case("sort d", "", err: "sort: read failed: d: Is a directory\n", status: 2),
        Case("sort -q a", "", err: "sort: invalid option -- 'q'\nTry 'sort --help' for more information.\n", status: 2),
        Case("sort -k x a", "", err: "sort: invalid number at field start: invalid count at start of 'x'\n", status: 2),
        Case("sort -k 0 a", "", err: "sort: field number is zero: invalid field specification '0'\n", status: 2),
        Case("sort -k 1.0 a", "", err: "sort: character offset is zero: invalid field specification '1.0'\n", status: 2),
        Case("sort -k 1x a", "", err: "sort: stray character in field spec: invalid field specification '1x'\n", status: 2),
        Case("sort -t ab a", "", err: "sort: multi-character tab 'ab'\n", status: 2),
        Case("sort -t '' a", "", err: "sort: empty tab\n", status: 2),
        Case(
            "sort -t", "", err: "sort: option requires an argument -- 't'\nTry 'sort --help' for more information.\n", status: 2),
        Case(
            "sort --r a", "",
            err:
                "sort: option '--r' is ambiguous; possibilities: '--random-sort' '--random-source' '--reverse'\nTry 'sort --help' for more information.\n",
            status: 2),
        Case(
            "sort --reverse=3 a", "",
            err: "sort: option '--reverse' doesn't allow an argument\nTry 'sort --help' for more information.\n", status: 2),
        Case("sort -o out a; cat out", "one\nthree\ntwo\n"),
        Case("sort -t: -k2,2 -k1,1 c", "y:10\nz:2\nw:3\nx:3\n"),
        Case("sort -u -t: -k2,2n c", "z:2\nx:3\ny:10\n"),
        Case("sort -rs -t: -k2,2 c", "x:3\nw:3\nz:2\ny:10\n"),
        Case("printf '10\\n9\\n100\\n' | sort", "10\n100\n9\n"),
        Case("printf 'b 2\\na 10\\nc 1\\n' | sort -k2 -n", "c 1\nb 2\na 10\n"),
        Case("printf '  x\\n y\\nz\\n' | sort -b", "  x\n y\nz\n"),
        Case("cat u | sort | uniq -c | sort -rn | head -1", "      3 b\n"),
    ]

    @Test(arguments: sortCases)
    func sort(_ testCase: Case) { TextFixture.check(testCase) }
}

/// `cut` lists, delimiters and coreutils' list errors.
@Suite struct CutTests {
    static let cutCases: [Case] = [
        Case("cut -d: -f1 c", "x\ny\nz\nw\n"),
        Case("cut -d: -f2- c", "3\n10\n2\n3\n"),
        Case("cut -d: -f1,2 --output-delimiter=' = ' c", "x = 3\ny = 10\nz = 2\nw = 3\n"),
        Case("cut -f2 s", "k1 v1 extra\n  k2   v2\n\nv3\nlast line no nl\n"),
        Case("cut -f2 -s s", "v3\n"),
        Case("cut -d ' ' -f2 s", "v1\n\n\nk3\tv3\nline\n"),
        Case("cut -c2-4,1 a", "one\ntwo\nthre\n"),
        Case("cut -c-2,5- a", "on\ntw\nthe\n"),
        Case("cut -b 1,3 --output-delimiter=: a", "o:e\nt:o\nt:r\n"),
        Case("cut -b 1-2,2-3 --output-delimiter=: a", "one\ntwo\nthr\n"),
        Case("cut -d: --complement -f 2 c", "x\ny\nz\nw\n"),
        Case(
            "cut a", "",
            err: "cut: you must specify a list of bytes, characters, or fields\nTry 'cut --help' for more information.\n",
            status: 1),
        Case("cut -f x a", "", err: "cut: invalid field value 'x'\nTry 'cut --help' for more information.\n", status: 1),
        Case("cut -f 0 a", "", err: "cut: fields are numbered from 1\nTry 'cut --help' for more information.\n", status: 1),
        Case(
            "cut -f - a", "", err: "cut: invalid range with no endpoint: -\nTry 'cut --help' for more information.\n", status: 1),
        Case("cut -f 3-1 a", "", err: "cut: invalid decreasing range\nTry 'cut --help' for more information.\n", status: 1),
        Case("cut -f 2, a", "", err: "cut: fields are numbered from 1\nTry 'cut --help' for more information.\n", status: 1),
        Case("cut -f 1-2-3 a", "", err: "cut: invalid field range\nTry 'cut --help' for more information.\n", status: 1),
        Case(
            "cut -c x a", "", err: "cut: invalid byte/character position 'x'\nTry 'cut --help' for more information.\n", status: 1
        ),
        Case(
            "cut -c 0 a", "", err: "cut: byte/character positions are numbered from 1\nTry 'cut --help' for more information.\n",
            status: 1),
        Case(
            "cut -f 99999999999999999999 a", "",
            err: "cut: field number '99999999999999999999' is too large\nTry 'cut --help' for more information.\n", status: 1),
        Case(
            "cut -d ab -f1 a", "", err: "cut: the delimiter must be a single character\nTry 'cut --help' for more information.\n",
            status: 1),
        Case(
            "cut -c1 -f1 a", "", err: "cut: only one list may be specified\nTry 'cut --help' for more information.\n", status: 1),
        Case(
            "cut -d: -c1 a", "",
            err:
                "cut: an input delimiter may be specified only when operating on fields\nTry 'cut --help' for more information.\n",
            status: 1),
        Case(
            "cut -s -c1 a", "",
            err:
                "cut: suppressing non-delimited lines makes sense\n\tonly when operating on fields\nTry 'cut --help' for more information.\n",
            status: 1),
        Case("cut -f1 nope a", "one\ntwo\nthree\n", err: "cut: nope: No such file or directory\n", status: 1),
        Case("cut -f1 d", "", err: "cut: d: Is a directory\n", status: 1),
        Case("cat c | sort -t: -k2n | head -n 2 | cut -d: -f1", "z\nw\n"),
    ]

    @Test(arguments: cutCases)
    func cut(_ testCase: Case) { TextFixture.check(testCase) }
}

/// The simulated `awk` subset.
@Suite struct AwkTests {
    static let awkCases: [Case] = [
        Case("awk '{print $1}' s", "k1\nk2\n\nk3\nlast\n"),
        Case("awk '{print $2, $1}' s", "v1 k1\nv2 k2\n \nv3 k3\nline last\n"),
        Case("awk '{print}' a", "one\ntwo\nthree\n"),
        Case("awk '{print $NF}' s", "extra\nv2\n\nv3\nnl\n"),
        Case("awk '{print $(NF-1)}' g", "beta\n"),
        Case("awk '{print NR\": \"$0}' a", "1: one\n2: two\n3: three\n"),
        Case("awk '{print NF}' s", "3\n2\n0\n2\n4\n"),
        Case("awk -F: '{print $2}' c", "3\n10\n2\n3\n"),
        Case("awk -F : '{print $1}' c", "x\ny\nz\nw\n"),
        Case("awk -F'\\t' '{print $2}' s", "\n\n\nv3\n\n"),
        Case("awk -F '[:]' '{print $2}' c", "3\n10\n2\n3\n"),
        Case("awk 'NR==2 {print $1}' a", "two\n"),
        Case("awk 'NR==2' a", "two\n"),
        Case("awk 'NR>1' a", "two\nthree\n"),
        Case("awk '/t/ {print $1}' a", "two\nthree\n"),
        Case("awk '!/t/' a", "one\n"),
        Case("awk '$1 ~ /k/ {print $2}' s", "v1\nv2\nv3\n"),
        Case("awk '{print $1; print $2}' s", "k1\nv1\nk2\nv2\n\n\nk3\nv3\nlast\nline\n"),
        Case("awk 'NR==1 {print \"first\"} NR==3 {print \"third\"}' a", "first\nthird\n"),
        Case("awk '{print $1 $2}' s", "k1v1\nk2v2\n\nk3v3\nlastline\n"),
        Case("awk '{print $5}' a", "\n\n\n"),
        Case("awk '{}' a", ""),
        Case("awk -F'[ \\t]+' '{print $2}' s", "v1\nk2\n\nv3\nline\n"),
        Case("echo 'a=b=c' | awk -F= '{print $3}'", "c\n"),
        Case("echo '  lead  trail  ' | awk '{print $1 \"|\" $2 \"|\"}'", "lead|trail|\n"),
        Case("echo '' | awk '{print NF, $NF}'", "0 \n"),
        Case("awk -Ft '{print $1}' a", "one\n\n\n"),
        Case("cat s | awk '{print $1}' | sort | uniq -c", "      1 \n      1 k1\n      1 k2\n      1 k3\n      1 last\n"),
    ]

    @Test(arguments: awkCases)
    func awk(_ testCase: Case) { TextFixture.check(testCase) }
}

/// `sed` commands, addresses, `-i` and the script diagnostics.
@Suite struct SedTests {
    static let sedCases: [Case] = [
        Case("sed 's|o|0|g' a", "0ne\ntw0\nthree\n"),
        Case("sed -n '2p' a", "two\n"),
        Case("sed -n '/t/p' a", "two\nthree\n"),
        Case("sed '/t/d' a", "one\n"),
        Case("sed -e 's/o/0/' -e 's/t/T/g' a", "0ne\nTw0\nThree\n"),
        Case("sed 's/o/0/;s/t/T/g' a", "0ne\nTw0\nThree\n"),
        Case("sed -n 's/o/0/p' a", "0ne\ntw0\n"),
        Case("sed 's/\\(o\\)\\(n\\)/[\\2\\1&]/' a", "[noon]e\ntwo\nthree\n"),
        Case("sed -E 's/(o)(n)/[\\2\\1\\&]/' a", "[no&]e\ntwo\nthree\n"),
        Case("sed 's/o*/X/g' a", "XnXeX\nXtXwX\nXtXhXrXeXeX\n"),
        Case("sed 's/x/y/' nope a", "one\ntwo\nthree\n", err: "sed: can't read nope: No such file or directory\n", status: 2),
        Case("sed -i 's/x/y/' nope", "", err: "sed: can't read nope: No such file or directory\n", status: 2),
        Case("printf 'a\\nb' | sed 's/a/c/'", "c\nb"),
        Case("printf 'a' | sed p", "a\na"),
        Case("sed '2,3d' a", "one\n"),
        Case("sed '$d' a", "one\ntwo\n"),
        Case("sed '/one/,/two/d' a", "three\n"),
        Case("sed '0,/o/d' a", "two\nthree\n"),
        Case("sed -n '/o/,+1p' a", "one\ntwo\n"),
        Case("sed 's/o/\\n/' a", "\nne\ntw\n\nthree\n"),
        Case("sed -n '$p' a b", "z\n"),
        Case("sed -s -n '$p' a b", "three\nz\n"),
        Case("sed 2q5 a", "one\ntwo\n", err: "", status: 5),
        Case("sed '2!d' a", "two\n"),
        Case("sed 's/O/0/I' a", "0ne\ntw0\nthree\n"),
        Case("sed 's/e/E/2g' a", "one\ntwo\nthreE\n"),
        Case("sed '1~2p' a", "one\none\ntwo\nthree\nthree\n"),
        Case("sed -n '2,1p' a", "two\n"),
        Case("sed = a", "1\none\n2\ntwo\n3\nthree\n"),
        Case("sed 's/^/> /' a", "> one\n> two\n> three\n"),
        Case("sed 's/[[:digit:]]/N/g' c", "x:N\ny:NN\nz:N\nw:N\n"),
        Case("sed -E 's/[0-9]+/<&>/' c", "x:<3>\ny:<10>\nz:<2>\nw:<3>\n"),
        Case("sed 's/[0-9]\\{2\\}/NN/' c", "x:3\ny:NN\nz:2\nw:3\n"),
        Case("sed 's/\\<t/T/g' a", "one\nTwo\nThree\n"),
        Case("sed -n '/t/{p;p}' a", "two\ntwo\nthree\nthree\n"),
        Case("sed '2{s/t/T/;s/w/W/}' a", "one\nTWo\nthree\n"),
        Case("sed -e '/t/{' -e 'd' -e '}' a", "one\n"),
        Case("sed 's/[/x/' a", "", err: "sed: -e expression #1, char 6: unterminated `s' command\n", status: 1),
        Case("cp a e; sed -i.bak '1d' e; cat e e.bak", "two\nthree\none\ntwo\nthree\n"),
        Case("cp a e; sed -n -i '2p' e; cat e", "two\n"),
    ]

    @Test(arguments: sedCases)
    func sed(_ testCase: Case) { TextFixture.check(testCase) }

    static let sedErrorsCases: [Case] = [
        Case("sed -i 's/x/y/'", "", err: "sed: no input files\n", status: 4),
        Case("sed '0p' a", "", err: "sed: -e expression #1, char 2: invalid usage of line address 0\n", status: 1),
        Case("sed -e 's/a/b/' -e 'k' a", "", err: "sed: -e expression #2, char 1: unknown command: `k'\n", status: 1),
        Case("sed 'd x' a", "", err: "sed: -e expression #1, char 3: extra characters after command\n", status: 1),
        Case("sed '/unterminated' a", "", err: "sed: -e expression #1, char 13: unterminated address regex\n", status: 1),
        Case("sed 1 a", "", err: "sed: -e expression #1, char 1: missing command\n", status: 1),
        Case("sed '1,' a", "", err: "sed: -e expression #1, char 2: unexpected `,'\n", status: 1),
        Case(
            "sed 's/a/\\3/' a", "", err: "sed: -e expression #1, char 7: invalid reference \\3 on `s' command's RHS\n", status: 1),
        Case("sed 's/a\\(/x/' a", "", err: "sed: -e expression #1, char 8: Unmatched ( or \\(\n", status: 1),
        Case("sed 's/a/b/gg' a", "", err: "sed: -e expression #1, char 8: multiple `g' options to `s' command\n", status: 1),
        Case(
            "sed 's/a/b/0' a", "", err: "sed: -e expression #1, char 7: number option to `s' command may not be zero\n", status: 1
        ),
        Case("sed '}' a", "", err: "sed: -e expression #1, char 1: unexpected `}'\n", status: 1),
        Case("sed '1!!d' a", "", err: "sed: -e expression #1, char 3: multiple `!'s\n", status: 1),
        Case("sed s a", "", err: "sed: -e expression #1, char 1: unterminated `s' command\n", status: 1),
        Case("sed '1#x' a", "", err: "sed: -e expression #1, char 2: comments don't accept any addresses\n", status: 1),
        Case("sed -n '//p' a", "", err: "sed: -e expression #1, char 0: no previous regular expression\n", status: 1),
        Case("sed '{p' a", "", err: "sed: -e expression #1, char 0: unmatched `{'\n", status: 1),
        Case("sed p d", "", err: "sed: read error on d: Is a directory\n", status: 4),
    ]

    @Test(arguments: sedErrorsCases)
    func sedErrors(_ testCase: Case) { TextFixture.check(testCase) }
}

/// `base64` encoding, wrapping and decoding with gnulib's error recovery.
@Suite struct Base64Tests {
    static let base64Cases: [Case] = [
        Case("printf 'hello' | base64", "aGVsbG8=\n"),
        Case("printf 'hello' | base64 | base64 -d", "hello"),
        Case("base64 a", "b25lCnR3bwp0aHJlZQo=\n"),
        Case("base64 -w 0 a; echo", "b25lCnR3bwp0aHJlZQo=\n"),
        Case("base64 -w 8 a", "b25lCnR3\nbwp0aHJl\nZQo=\n"),
        Case("echo 'aGVsbG8' | base64 -d", "hello", err: "base64: invalid input\n", status: 1),
        Case("echo 'aGVs!bG8=' | base64 -d", "hel", err: "base64: invalid input\n", status: 1),
        Case("echo 'aGVsbG8=aGVsbG8=' | base64 -d", "hellohello"),
        Case("printf 'aGVs\\nbG8=\\n\\n' | base64 -d", "hello"),
        Case("echo 'aGVs bG8=' | base64 -di", "hello"),
        Case("echo YQ | base64 -d", "a", err: "base64: invalid input\n", status: 1),
        Case("echo 'YQ==x' | base64 -d", "a", err: "base64: invalid input\n", status: 1),
        Case("base64 a b", "", err: "base64: extra operand 'b'\nTry 'base64 --help' for more information.\n", status: 1),
        Case("base64 -w x a", "", err: "base64: invalid wrap size: 'x'\n", status: 1),
        Case("base64 nope", "", err: "base64: nope: No such file or directory\n", status: 1),
        Case("base64 d", "", err: "base64: read error: Is a directory\n", status: 1),
        Case("base64 -q", "", err: "base64: invalid option -- 'q'\nTry 'base64 --help' for more information.\n", status: 1),
        Case("head -c 100 n | base64 -w 10", "YgotMQphCj\nAKMQogMgox\nLjUKLTAKQg\npfCg==\n"),
    ]

    @Test(arguments: base64Cases)
    func base64(_ testCase: Case) { TextFixture.check(testCase) }
}

/// bash's `printf` builtin.
@Suite struct PrintfTests {
    static let printfCases: [Case] = [
        Case("printf '%s-%d\\n' a 1 b 2 c", "a-1\nb-2\nc-0\n"),
        Case("printf '%d\\n' abc 3", "0\n3\n", err: "-bash: printf: abc: invalid number\n", status: 1),
        Case("printf '%d\\n' ' 42' +5 -3 0x1f 010 \"'A\"", "42\n5\n-3\n31\n8\n65\n"),
        Case("printf '%5s|%-5s|%05d|%.2s|%x|%X|%o|%c|%%\\n' ab cd 42 hello 255 255 8 xyz", "   ab|cd   |00042|he|ff|FF|10|x|%\n"),
        Case("printf '%s %y %s\\n' a b c", "a ", err: "-bash: printf: `y': invalid format character\n", status: 1),
        Case("printf '%5'", "", err: "-bash: printf: `%5': missing format character\n", status: 1),
        Case("printf '%*d|\\n' 5 3", "    3|\n"),
        Case("printf '%.3d|%+d|% d|%#x\\n' 5 3 4 255", "005|+3| 4|0xff\n"),
        Case("printf '%s\\n' 'a\\nb'", "a\\nb\n"),
        Case("printf '%b\\n' 'a\\tb'", "a\tb\n"),
        Case("printf '%x %u %o\\n' -1 -1 -1", "ffffffffffffffff 18446744073709551615 1777777777777777777777\n"),
        Case(
            "printf '%d\\n' 99999999999999999999", "9223372036854775807\n",
            err: "-bash: printf: warning: 99999999999999999999: Numerical result out of range\n"),
        Case(
            "printf '%d\\n' 0x 08", "0\n0\n",
            err: "-bash: printf: 0x: invalid hex number\n-bash: printf: 08: invalid octal number\n", status: 1),
        Case("printf '\\101\\0101\\x41g\\n'", "A\u{8}1Ag\n"),
        Case("printf '%b' 'a\\cb'; echo", "a\n"),
        Case("printf '%d %d\\n' 1 2 3", "1 2\n3 0\n"),
        Case("printf 'A\\n' 1 2", "A\n"),
        Case("printf '%1$s\\n' a", "", err: "-bash: printf: `$': invalid format character\n", status: 1),
        Case("printf", "", err: "printf: usage: printf [-v var] format [arguments]\n", status: 2),
        Case(
            "printf -x a", "", err: "-bash: printf: -x: invalid option\nprintf: usage: printf [-v var] format [arguments]\n",
            status: 2),
        Case(
            "printf -v", "",
            err: "-bash: printf: -v: option requires an argument\nprintf: usage: printf [-v var] format [arguments]\n", status: 2),
        Case("printf -v X 'v=%s' 5; echo \"[$X]\"", "[v=5]\n"),
        Case("printf 'no newline'", "no newline"),
        Case("printf '%*d|%-*d|\\n' -5 3 4 2", "3    |2   |\n"),
    ]

    @Test(arguments: printfCases)
    func printf(_ testCase: Case) { TextFixture.check(testCase) }
}

/// `touch` and `chmod`, octal and symbolic.
@Suite struct FileModesTests {
    static let fileModesCases: [Case] = [
        Case("touch t1; ls t1; cat t1", "t1\n"),
        Case("touch", "", err: "touch: missing file operand\nTry 'touch --help' for more information.\n", status: 1),
        Case("touch /nope/x", "", err: "touch: cannot touch '/nope/x': No such file or directory\n", status: 1),
        Case("touch -x", "", err: "touch: invalid option -- 'x'\nTry 'touch --help' for more information.\n", status: 1),
        Case("chmod", "", err: "chmod: missing operand\nTry 'chmod --help' for more information.\n", status: 1),
        Case("chmod 755", "", err: "chmod: missing operand after '755'\nTry 'chmod --help' for more information.\n", status: 1),
        Case("chmod zz a", "", err: "chmod: invalid mode: 'zz'\nTry 'chmod --help' for more information.\n", status: 1),
        Case("chmod 755 nope", "", err: "chmod: cannot access 'nope': No such file or directory\n", status: 1),
        Case("chmod 77777 a", "", err: "chmod: invalid mode: '77777'\nTry 'chmod --help' for more information.\n", status: 1),
        Case("chmod 'u+r,' a", "", err: "chmod: invalid mode: 'u+r,'\nTry 'chmod --help' for more information.\n", status: 1),
        Case("chmod -z 644 a", "", err: "chmod: invalid option -- 'z'\nTry 'chmod --help' for more information.\n", status: 1),
        Case("chmod u+7 a", "", err: "chmod: invalid mode: 'u+7'\nTry 'chmod --help' for more information.\n", status: 1),
        Case("chmod -v 640 a", "mode of 'a' changed from 0644 (rw-r--r--) to 0640 (rw-r-----)\n"),
        Case("chmod 640 a; chmod -c 644 a; chmod -c 644 a", "mode of 'a' changed from 0640 (rw-r-----) to 0644 (rw-r--r--)\n"),
        Case("chmod 1777 a; chmod -v u=rwx,go=rx a", "mode of 'a' changed from 1777 (rwxrwxrwt) to 0755 (rwxr-xr-x)\n"),
        Case("chmod 4700 a; chmod -v =r a", "mode of 'a' changed from 4700 (rws------) to 0444 (r--r--r--)\n"),
        Case("chmod -v 4755 a", "mode of 'a' changed from 0644 (rw-r--r--) to 4755 (rwsr-xr-x)\n"),
        Case("chmod 777 a; chmod -w a", "", err: "chmod: a: new permissions are r-xrwxrwx, not r-xr-xr-x\n", status: 1),
        Case(
            "chmod 644 a; chmod -v a+X d a",
            "mode of 'd' retained as 0755 (rwxr-xr-x)\nmode of 'a' retained as 0644 (rw-r--r--)\n"),
        Case("chmod -vf 755 nope", "'nope' could not be accessed\n", err: "", status: 1),
        Case(
            "chmod --foo a", "", err: "chmod: unrecognized option '--foo'\nTry 'chmod --help' for more information.\n", status: 1),
        Case("chmod -v g=u-w a", "mode of 'a' retained as 0644 (rw-r--r--)\n"),
        Case("chmod 000 a; chmod -v +s,+t a", "mode of 'a' changed from 0000 (---------) to 7000 (--S--S--T)\n"),
        Case("chmod 640 a; chmod -v +u a", "mode of 'a' changed from 0640 (rw-r-----) to 0644 (rw-r--r--)\n"),
        Case("chmod 777 a; chmod -v =w a", "mode of 'a' changed from 0777 (rwxrwxrwx) to 0200 (-w-------)\n"),
        Case("chmod 000 a; chmod -v o+s a", "mode of 'a' retained as 0000 (---------)\n"),
        Case("chmod -R 700 d; chmod -v 7777 a", "mode of 'a' changed from 0644 (rw-r--r--) to 7777 (rwsrwsrwt)\n"),
    ]

    @Test(arguments: fileModesCases)
    func fileModes(_ testCase: Case) { TextFixture.check(testCase) }
}

/// Pipelines and edits a candidate types on a control plane, and the state the tools leave behind.
@Suite struct TextPipelineTests {
    static let manifest = "/etc/kubernetes/manifests/etcd.yaml"

    static let certificateFlags = "/etc/kubernetes/pki/etcd/server.crt\n"

    @Test func certificateFlagsFromTheEtcdManifest() {
        var session = Session(seed: 1)
        let result = session.run("cat \(Self.manifest) | grep -e --cert | awk -F= '{print $2}'")
        #expect(result.stdout == Self.certificateFlags)
        #expect(result.stderr == "")
        #expect(result.status == 0)
    }

    /// Expected output from the real tools run over the simulated manifest's text.
    @Test func countingTheFilesTheManifestNames() {
        var session = Session(seed: 1)
        let result = session.run("cat \(Self.manifest) | grep -e -file= | cut -d= -f2 | sort | uniq -c | sort -rn")
        #expect(
            result.stdout == """
                      2 /etc/kubernetes/pki/etcd/ca.crt
                      1 /etc/kubernetes/pki/etcd/server.key
                      1 /etc/kubernetes/pki/etcd/server.crt
                      1 /etc/kubernetes/pki/etcd/peer.key
                      1 /etc/kubernetes/pki/etcd/peer.crt

                """)
        #expect(
            session.run("grep -e --listen \(Self.manifest) | head -n 1 | sed -E 's/.*=//' | cut -d, -f2").stdout
                == "https://10.0.1.10:2379\n")
    }

    /// `grep -- PATTERN` treats every word after `--` as a file (Grep.swift), so the pattern is missing.
    @Test func certificateFlagsAfterDoubleDash() {
        var session = Session(seed: 1)
        let result = session.run("cat \(Self.manifest) | grep -- --cert | awk -F= '{print $2}'")
        #expect(result.stdout == Self.certificateFlags)
    }

    @Test func sedInPlaceReplacesTheFirstMatchOnEachLine() {
        var session = Session(seed: 1)
        let original = session.run("cat \(Self.manifest)").stdout
        _ = session.run("cp \(Self.manifest) /root/etcd.yaml")
        let edit = session.run("sed -i 's/2379/2399/' /root/etcd.yaml")
        #expect(edit.stdout == "" && edit.stderr == "" && edit.status == 0)
        let expected = original.split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.replacing("2379", with: "2399", maxReplacements: 1) }.joined(separator: "\n")
        #expect(session.run("cat /root/etcd.yaml").stdout == expected)
        #expect(session.run("grep -c 2399 /root/etcd.yaml").stdout == "3\n")
        #expect(session.run("grep -c 2379 /root/etcd.yaml").stdout == "1\n", "the listen URL's second port stays")
        #expect(session.run("sed -i 's/2379/2399/g' /root/etcd.yaml && grep -c 2379 /root/etcd.yaml").stdout == "0\n")
    }

    /// Plain words skip the regex engine; they must match exactly as the regex would.
    @Test func grepPlainWordsMatchAsTheRegexDoes() {
        var session = Session(seed: 1)
        _ = session.run("printf 'Alpha one\\r\\nbeta two\\ngamma|three\\nÉcole x\\n\\nend\\n' > /root/w.txt")
        #expect(session.run("grep -E 'beta|end' /root/w.txt").stdout == "beta two\nend\n")
        #expect(session.run("grep 'gamma|three' /root/w.txt").stdout == "gamma|three\n", "| is a plain character in BRE")
        #expect(session.run("grep -c '' /root/w.txt").stdout == "6\n", "an empty pattern matches every line")
        #expect(session.run("grep -E 'x|' /root/w.txt | wc -l").stdout == "6\n", "so does an empty alternative")
        #expect(session.run("grep -i ALPHA /root/w.txt").stdout == "Alpha one\r\n", "the CR stays in the line, as grep keeps it")
        #expect(session.run("grep -i école /root/w.txt").stdout == "École x\n", "case beyond ASCII is left to the regex")
        #expect(session.run("grep -v -e a -e e /root/w.txt").stdout == "\n")
        #expect(session.run("grep -n two /root/w.txt").stdout == "2:beta two\n")
        #expect(session.run("grep -w bet /root/w.txt").status == 1)
        #expect(session.run("grep -w -E 'one|two' /root/w.txt | wc -l").stdout == "2\n")
        #expect(session.run("echo alphabeta beta_x | grep -w beta").status == 1)
    }

    @Test func chmodStoresTheModeAndSedKeepsIt() {
        var session = Session(seed: 1)
        let mode = { (session: Session) in session.cluster.node(named: "master1")?.files.files["/root/run.sh"]?.mode }
        #expect(session.run("touch /root/run.sh").status == 0)
        #expect(mode(session) == 0o644)
        #expect(session.run("chmod u+x /root/run.sh").status == 0)
        #expect(mode(session) == 0o744)
        #expect(
            session.run("chmod 600 /root/run.sh && echo 'echo hi' > /root/run.sh && sed -i 's/hi/ho/' /root/run.sh").status == 0)
        #expect(mode(session) == 0o600)
        #expect(session.run("cat /root/run.sh").stdout == "echo ho\n")
    }

    @Test func teeAndPrintfWriteFilesAndVariables() {
        var session = Session(seed: 1)
        #expect(session.run("printf 'a\\nb\\n' | tee /root/x | wc -l").stdout == "2\n")
        #expect(session.run("cat /root/x").stdout == "a\nb\n")
        #expect(
            session.run("printf -v ENDPOINT 'https://%s:%d' 10.0.1.10 2379; echo $ENDPOINT").stdout == "https://10.0.1.10:2379\n")
        #expect(session.run("echo -n admin | base64").stdout == "YWRtaW4=\n")
        #expect(session.run("echo YWRtaW4= | base64 -d").stdout == "admin")
    }

    @Test(arguments: [
        ("awk 'BEGIN {print 1}'", "kubedojo: this awk program is not simulated: BEGIN {print 1}\n"),
        ("awk '{printf \"%s\", $1}' /root/x", "kubedojo: this awk program is not simulated: {printf \"%s\", $1}\n"),
        ("awk -v x=1 '{print x}'", "kubedojo: 'awk -v' is not simulated\n"),
    ])
    func awkOutsideTheSubsetSaysSo(line: String, message: String) {
        var session = Session(seed: 1)
        let result = session.run(line)
        #expect(result.stderr == message)
        #expect(result.status == 2)
    }

    static let alphabet: [String] = [
        "head", "tail", "wc", "sort", "uniq", "cut", "awk", "sed", "base64", "printf", "tee", "touch", "chmod", " ",
        " ", "-n", "-c", "-k", "-t", "-d", "-f", "-i", "-e", "-w", "-u", "-r", "-F", "+", "-", "1", "0", "99999999999",
        ",", ":", "'", "\"", "$", "{", "}", "/", "\\", "s/", "p", "%", "%d", "%s", "*", "[", "]", "(", ")", "|", ";",
        "/root/x", "/etc/kubernetes/manifests/etcd.yaml", "u+x", "755", "=", "NR==", "print", "é", "\u{0}", "\n",
    ]

    @Test(arguments: [UInt64(11), 12, 13])
    func randomLinesNeverCrash(seed: UInt64) {
        var rng = SeededGenerator(seed: seed)
        var session = Session(seed: seed)
        _ = session.run("printf 'a b\\nc:d\\n' > /root/x")
        for _ in 0..<400 {
            let length = rng.int(in: 1...12)
            let line = (0..<length).map { _ in Self.alphabet[rng.int(in: 0...(Self.alphabet.count - 1))] }.joined()
            let result = session.run(line)
            #expect(result.status >= 0 && result.status < 256, "seed \(seed), line \(line)")
        }
    }
}
