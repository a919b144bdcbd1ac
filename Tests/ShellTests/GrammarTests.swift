import ClusterSim
import Testing

@testable import Shell

@Suite struct TokenizerTests {
    func words(_ line: String) throws -> [String] {
        try Tokenizer.tokenize(line).get().compactMap {
            if case .word(let word) = $0 { return word.expand { "<\($0)>" } }
            return nil
        }
    }

    @Test func quotesEscapesAndParameters() throws {
        #expect(try words(#"echo 'a b' "c $X d" e\ f ${Y}z $? # comment"#) == ["echo", "a b", "c <X> d", "e f", "<Y>z", "<?>"])
        #expect(try words(#"echo '$X' "\$X" "a\"b""#) == ["echo", "$X", "$X", "a\"b"])
        #expect(try words("echo \"\"") == ["echo", ""])
    }

    @Test func operators() throws {
        let tokens = try Tokenizer.tokenize("a|b||c&&d;e >f >>g 2>h 2>&1 <i").get()
        let ops = tokens.compactMap { token -> String? in
            switch token {
            case .control(let op), .redirect(let op): return op
            case .word, .heredoc: return nil
            }
        }
        #expect(ops == ["|", "||", "&&", ";", ">", ">>", "2>", "2>&1", "<"])
    }

    @Test(arguments: [
        ("echo 'open", "unexpected EOF while looking for matching `''"),
        ("echo \"open", "unexpected EOF while looking for matching `\"'"),
        ("| grep x", "syntax error near unexpected token `|'"),
        ("echo >", "syntax error near unexpected token `newline'"),
        ("a && && b", "syntax error near unexpected token `&&'"),
    ])
    func syntaxErrors(line: String, message: String) {
        guard case .failure(let error) = Parser.parse(line) else {
            Issue.record("\(line) parsed")
            return
        }
        #expect(error.message == message)
    }
}

@Suite struct InterpreterTests {
    @Test func unknownCommandIsBashsError() {
        var session = Session(seed: 1)
        let result = session.run("kubctl get nodes")
        #expect(result.stderr == "-bash: kubctl: command not found\n")
        #expect(result.status == 127)
        #expect(session.run("echo $?").stdout == "127\n")
    }

    @Test func redirectionsAndPipes() {
        var session = Session(seed: 1)
        #expect(session.run("echo one > /root/a.txt && echo two >> /root/a.txt").status == 0)
        #expect(session.run("cat /root/a.txt").stdout == "one\ntwo\n")
        #expect(session.run("cat /root/a.txt | grep -c o").stdout == "2\n")
        #expect(session.run("cat /root/a.txt | grep -v one").stdout == "two\n")
        #expect(session.run("cat /nope 2>&1 | grep -i 'no such'").stdout == "cat: /nope: No such file or directory\n")
        #expect(session.run("echo x > /nope/file").stderr == "-bash: /nope/file: No such file or directory\n")
        #expect(session.run("false || echo fallback; true && echo yes").stdout == "fallback\nyes\n")
    }

    @Test func variablesExportAndPrefixes() {
        var session = Session(seed: 1)
        #expect(session.run("X=1; echo $X ${X}").stdout == "1 1\n")
        #expect(session.run("export ETCDCTL_API=3").status == 0)
        #expect(session.state.current.environment["ETCDCTL_API"] == "3")
        _ = session.run("ETCDCTL_CACERT=/x etcdctl version")
        #expect(session.state.invocations.last?.environment == ["ETCDCTL_API": "3", "ETCDCTL_CACERT": "/x"])
        #expect(session.state.current.environment["ETCDCTL_CACERT"] == nil, "a prefix assignment lasts one command")
    }

    @Test func sshChangesHostAndExitReturns() {
        var session = Session(seed: 1)
        #expect(session.state.prompt == "root@master1:~# ")
        _ = session.run("export A=1")
        #expect(session.run("ssh master2").status == 0)
        #expect(session.run("hostname").stdout == "master2\n")
        #expect(session.run("echo \"[$A]\"").stdout == "[]\n", "a new login shell has its own environment")
        #expect(session.run("exit").stdout == "logout\nConnection to master2 closed.\n")
        #expect(session.state.prompt == "root@master1:~# ")
        #expect(session.run("echo $A").stdout == "1\n")
        #expect(session.run("ssh 10.0.1.12 && hostname").stdout == "master3\n")
        #expect(session.run("ssh nowhere").stderr == "ssh: Could not resolve hostname nowhere: Name or service not known\n")
        #expect(session.run("ssh worker1 && etcdctl version").stderr == "-bash: etcdctl: command not found\n")
    }

    @Test func aliasK() {
        var session = Session(seed: 1)
        _ = session.run("k get nodes")
        #expect(session.state.invocations.last?.argv == ["kubectl", "get", "nodes"])
    }
}
