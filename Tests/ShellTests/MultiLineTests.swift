import ClusterSim
import Testing

@testable import Shell

/// Here-documents, continuation lines and command substitution.
@Suite struct MultiLineTests {
    @Test func heredocWritesAFileWithExpansion() {
        var session = Session(seed: 1)
        let result = session.run("cat <<EOF > /root/x.yaml\nhost: $HOSTNAME\nhome: \\$HOME\nsub: $(echo hi)\nEOF")
        #expect(result.combined == "")
        #expect(session.run("cat /root/x.yaml").stdout == "host: master1\nhome: $HOME\nsub: hi\n")
    }

    @Test(arguments: ["'EOF'", "\"EOF\"", "\\EOF", "E\"OF\""])
    func quotedDelimiterDoesNotExpand(delimiter: String) {
        var session = Session(seed: 1)
        #expect(session.run("cat <<\(delimiter)\n$HOSTNAME `x` \\$\nEOF").stdout == "$HOSTNAME `x` \\$\n")
    }

    @Test func dashStripsLeadingTabs() {
        var session = Session(seed: 1)
        #expect(session.run("cat <<-END\n\t\tone\n\ttwo\n\tEND").stdout == "one\ntwo\n")
    }

    @Test func heredocsInPipelinesAndSeveralOnALine() {
        var session = Session(seed: 1)
        #expect(session.run("cat <<EOF | grep -c a\na\nb\na\nEOF").stdout == "2\n")
        #expect(session.run("cat <<A; cat <<B\none\nA\ntwo\nB").stdout == "one\ntwo\n")
        #expect(session.run("cat <<A - /dev/null <<B\nfirst\nA\nsecond\nB").stdout == "second\n", "the last here-document wins")
        #expect(session.run("grep x <<< 'x y'").stdout == "x y\n")
    }

    @Test func unterminatedHeredocWarnsAndRuns() {
        var session = Session(seed: 1)
        let result = session.run("echo start\ncat <<EOF\nbody")
        #expect(result.stdout == "start\nbody\n")
        #expect(result.stderr == "-bash: warning: here-document at line 2 delimited by end-of-file (wanted `EOF')\n")
    }

    @Test func continuationIsReported() {
        #expect(Shell.continuation("echo hi") == nil)
        #expect(Shell.continuation("cat <<EOF")?.heredocs.map(\.delimiter) == ["EOF"])
        #expect(Shell.continuation("cat <<A <<-B\nx\nA")?.heredocs.map(\.delimiter) == ["B"])
        #expect(Shell.continuation("echo 'open")?.awaiting == "'")
        #expect(Shell.continuation("echo \"open")?.awaiting == "\"")
        #expect(Shell.continuation("echo $(date")?.awaiting == ")")
        #expect(Shell.continuation("echo a |") != nil)
        #expect(Shell.continuation("true &&") != nil)
        #expect(Shell.continuation("echo a \\") != nil)
        #expect(Shell.continuation("| grep x") == nil, "a syntax error is complete: running it reports the error")
    }

    @Test func linesJoinedAsBashJoinsThem() {
        var session = Session(seed: 1)
        #expect(session.run("echo 'a\nb'").stdout == "a\nb\n")
        #expect(session.run("echo a \\\nb").stdout == "a b\n")
        #expect(session.run("echo a |\ngrep a &&\necho ok").stdout == "a\nok\n")
        #expect(session.run("echo one\n\necho two # comment\necho three").stdout == "one\ntwo\nthree\n")
    }

    @Test(arguments: [
        ("echo 'open", "-bash: unexpected EOF while looking for matching `''\n-bash: syntax error: unexpected end of file\n"),
        ("echo a |", "-bash: syntax error: unexpected end of file\n"),
        ("| grep x", "-bash: syntax error near unexpected token `|'\n"),
        ("cat <<", "-bash: syntax error near unexpected token `newline'\n"),
        ("cat << |", "-bash: syntax error near unexpected token `|'\n"),
        ("echo a ;; b", "-bash: syntax error near unexpected token `;'\n"),
        ("echo >\n", "-bash: syntax error near unexpected token `newline'\n"),
    ])
    func syntaxErrorsAtEndOfInput(line: String, stderr: String) {
        var session = Session(seed: 1)
        let result = session.run(line)
        #expect(result.stderr == stderr)
        #expect(result.status == 2)
    }

    @Test func commandSubstitution() {
        var session = Session(seed: 1)
        #expect(session.run("echo $(hostname) `hostname`").stdout == "master1 master1\n")
        #expect(session.run("x=$(false); echo $?").stdout == "1\n")
        #expect(session.run("x=$(true); echo $?").stdout == "0\n")
        #expect(session.run("printf '[%s]' $(printf 'a  b\\n\\nc\\n\\n'); echo").stdout == "[a][b][c]\n")
        #expect(session.run("printf '[%s]' \"$(printf 'a  b\\n\\n')\"; echo").stdout == "[a  b]\n")
        #expect(session.run("printf '[%s]' x$(echo)y $(true); echo").stdout == "[xy]\n")
        #expect(session.run("echo $(echo $(echo $(hostname)))").stdout == "master1\n")
        #expect(session.run("echo \"$(echo \")\")\"").stdout == ")\n")
        _ = session.run("export ETCDCTL_ENDPOINTS=$(echo https://10.0.1.10:2379)")
        #expect(session.state.current.environment["ETCDCTL_ENDPOINTS"] == "https://10.0.1.10:2379")
        #expect(session.run("echo $(cd /etc; pwd) $(pwd)").stdout == "/etc /root\n", "a subshell's cd does not leak")
        #expect(session.run("echo $(k get pods -o name 2>/dev/null | head -1) done").status == 0)
        #expect(session.state.invocations.contains { $0.argv.first == "kubectl" }, "substituted commands are recorded")
    }

    @Test func deepSubstitutionIsRefusedClearly() {
        var session = Session(seed: 1)
        let nine = String(repeating: "$(echo ", count: 9) + "x" + String(repeating: ")", count: 9)
        let result = session.run("echo " + nine)
        #expect(result.stderr == "kubedojo: command substitutions nest deeper than 8 levels; not run\n")
        let eight = String(repeating: "$(echo ", count: 8) + "x" + String(repeating: ")", count: 8)
        #expect(session.run("echo " + eight).stdout == "x\n")
        let quoted = String(repeating: "\"$(echo ", count: 5000) + String(repeating: ")\"", count: 5000)
        #expect(session.run("echo " + quoted).status == 2, "deep quoting is a syntax error, not a stack overflow")
        #expect(session.run(String(repeating: "$(", count: 100_000)).status == 2)
        #expect(session.run(String(repeating: "`", count: 100_001)).status == 2)
    }

    @Test func bigHeredocBody() {
        var session = Session(seed: 1)
        let line = String(repeating: "x", count: 99) + "\n"
        let body = String(repeating: line, count: 10_486)
        let result = session.run("cat <<'EOF' > /root/big\n" + body + "EOF\nwc -c < /root/big")
        #expect(result.stdout == "\(body.utf8.count)\n")
    }
}

/// `alias`, `sudo`, `type`, `history` and the other bash built-ins.
@Suite struct BuiltinTests {
    @Test func aliases() {
        var session = Session(seed: 1)
        #expect(session.run("alias").stdout == "alias k='kubectl'\n")
        #expect(session.run("alias k").stdout == "alias k='kubectl'\n")
        _ = session.run("alias kn='kubectl -n kube-system'")
        _ = session.run("kn get pods")
        #expect(session.state.invocations.last?.argv == ["kubectl", "-n", "kube-system", "get", "pods"])
        #expect(session.run("unalias kn && alias kn").stderr == "-bash: alias: kn: not found\n")
        #expect(session.run("unalias nope").stderr == "-bash: unalias: nope: not found\n")
    }

    @Test func sudo() {
        var session = Session(seed: 1)
        #expect(session.run("sudo hostname").stdout == "master1\n")
        #expect(session.run("sudo -i").status == 0)
        #expect(session.state.depth == 2 && session.state.prompt == "root@master1:~# ")
        #expect(session.run("exit").stdout == "logout\n")
        #expect(session.state.depth == 1)
        #expect(session.run("sudo").status == 1)
    }

    @Test func historyIsNumberedLikeBash() {
        var session = Session(seed: 1)
        _ = session.run("echo one")
        _ = session.run("cat <<EOF\nx\nEOF")
        #expect(session.run("history").stdout == "    1  echo one\n    2  cat <<EOF\nx\nEOF\n    3  history\n")
        #expect(session.run("history 1").stdout == "    4  history 1\n")
        _ = session.run("history -c")
        #expect(session.run("history").stdout == "    6  history\n")
    }

    @Test func identityAndClock() {
        var session = Session(seed: 1)
        #expect(session.run("whoami; id -u; id -un").stdout == "root\n0\nroot\n")
        #expect(
            Identity.render(
                "%a %b %e %H:%M:%S %Z %Y", SimTime.from(year: 2026, month: 11, day: 24, hour: 21, minute: 0, second: 38))
                == "Tue Nov 24 21:00:38 UTC 2026")
        #expect(Identity.render("%a %e", SimTime.from(year: 2026, month: 11, day: 5)) == "Thu  5")
        #expect(session.run("env X=1 printenv").stderr == "-bash: printenv: command not found\n")
    }

    @Test func firewallRulesAreStoredAndConsulted() {
        var session = Session(seed: 1)
        #expect(!session.cluster.isBlocked(from: "master2", to: "master1", port: 2379))
        _ = session.run("iptables -A INPUT -s 10.0.1.11 -p tcp --dport 2379 -j DROP")
        #expect(session.cluster.isBlocked(from: "master2", to: "master1", port: 2379))
        #expect(!session.cluster.isBlocked(from: "master3", to: "master1", port: 2379))
        #expect(!session.cluster.isBlocked(from: "master2", to: "master1", port: 2380))
        _ = session.run("iptables -I INPUT -p tcp --dport 2379 -j ACCEPT")
        #expect(!session.cluster.isBlocked(from: "master2", to: "master1", port: 2379), "the first matching rule decides")
        #expect(session.run("iptables -D INPUT 1 && iptables -D INPUT -s 10.0.1.11 -p tcp --dport 2379 -j DROP").status == 0)
        #expect(session.cluster.node(named: "master1")?.firewall == [])
    }
}

/// `vi`, `vim` and `nano` through the editor the trainer lends.
@Suite struct EditorTests {
    struct FakeEditor: ExternalEditor {
        var change: @Sendable (String) -> String?
        func edit(_ text: String, name: String, command: String) -> Result<String, EditorFailure> {
            guard let edited = change(text) else { return .failure(EditorFailure("the editor (vi) exited with status 1")) }
            return .success(edited)
        }
    }

    @Test func editsTheVirtualFile() {
        var session = Session(seed: 1)
        let editor = FakeEditor { $0.replacingOccurrences(of: "--heartbeat", with: "--HEARTBEAT") + "# edited\n" }
        _ = session.run("echo 'a --heartbeat' > /root/f")
        let result = Shell.run("vim /root/f", state: &session.state, cluster: &session.cluster, editor: editor)
        #expect(result.status == 0 && result.combined == "")
        #expect(session.run("cat /root/f").stdout == "a --HEARTBEAT\n# edited\n")
    }

    @Test func newFilesAndFailures() {
        var session = Session(seed: 1)
        let unchanged = FakeEditor { $0 }
        _ = Shell.run("nano /root/new", state: &session.state, cluster: &session.cluster, editor: unchanged)
        #expect(session.run("ls /root/new").status == 2, "quitting without saving creates nothing")
        let failing = FakeEditor { _ in nil }
        let result = Shell.run("vi /etc/hosts", state: &session.state, cluster: &session.cluster, editor: failing)
        #expect(result.stderr == "kubedojo: the editor (vi) exited with status 1\n" && result.status == 1)
        #expect(Shell.run("vi /etc", state: &session.state, cluster: &session.cluster, editor: unchanged).status == 1)
    }

    @Test func pipedSessionsArePointedToHeredocs() {
        var session = Session(seed: 1)
        let result = session.run("vi /etc/hosts")
        #expect(result.status == 1)
        #expect(result.stderr.contains("cat <<'EOF' > FILE") && result.stderr.contains("sed -i"))
    }
}
