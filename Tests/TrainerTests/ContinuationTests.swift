import ClusterSim
import Progress
import Shell
import Testing

@testable import Trainer

/// Commands typed over several lines: the `> ` prompt, one logged command, Ctrl-C, end of input.
@Suite struct ContinuationTests {
    func session() throws -> (DrillSession, Store) {
        let store = try Store()
        let console = Console(environment: ["NO_COLOR": "1"])
        let drill = try DrillSession(
            scenario: DrillSessionTests.scenario, spec: DrillSessionTests.spec, seed: 1, store: store, console: console,
            now: 0)
        return (drill, store)
    }

    @Test func heredocIsOneLoggedCommandThatReplaysIdentically() throws {
        let (drill, store) = try session()
        let lines = ["cat <<EOF > /root/a.txt", ":quit is body text here", "  $HOSTNAME", "EOF"]
        for (index, line) in lines.enumerated() {
            #expect(drill.process(line, elapsedMilliseconds: 100).segments.isEmpty)
            #expect(drill.prompt == (index < lines.count - 1 ? "> " : "root@m1:~# "))
        }
        #expect(drill.process("cat /root/a.txt").segments.map(\.text).joined() == ":quit is body text here\n  m1\n")
        let logged = try store.commands(attempt: drill.attemptID)
        #expect(logged.map(\.line) == [lines.joined(separator: "\n"), "cat /root/a.txt"])
        #expect(logged.first?.wallMilliseconds == 400)

        // Replaying the log on a fresh cluster gives the same file.
        var cluster = DrillSessionTests.scenario.cluster(spec: DrillSessionTests.spec, seed: 1)
        var shell = ShellState(host: "m1")
        for command in logged { _ = Shell.run(command.line, state: &shell, cluster: &cluster) }
        #expect(
            try cluster.node(named: "m1")?.files.read("/root/a.txt").get()
                == drill.cluster.node(named: "m1")?.files.read("/root/a.txt").get())
    }

    @Test func quotesPipesAndBackslashesContinue() throws {
        let (drill, _) = try session()
        #expect(drill.process("echo 'one").segments.isEmpty && drill.prompt == "> ")
        #expect(drill.process("two'").segments.map(\.text) == ["one\ntwo\n"])
        #expect(drill.process("echo a |").segments.isEmpty)
        #expect(drill.process("grep a").segments.map(\.text) == ["a\n"])
        #expect(drill.process("echo x \\").segments.isEmpty)
        #expect(drill.process("y").segments.map(\.text) == ["x y\n"])
    }

    @Test func forLoopsContinueUntilDone() throws {
        let (drill, store) = try session()
        let lines = ["for node in m1 other; do", "  echo node=${node}", "done"]
        #expect(drill.process(lines[0]).segments.isEmpty && drill.prompt == "> ")
        #expect(drill.process(lines[1]).segments.isEmpty && drill.prompt == "> ")
        #expect(drill.process(lines[2]).segments.map(\.text).joined() == "node=m1\nnode=other\n")
        #expect(drill.prompt == "root@m1:~# ")
        #expect(try store.commands(attempt: drill.attemptID).map(\.line) == [lines.joined(separator: "\n")])
    }

    @Test func interruptDropsTheWholeCommand() throws {
        let (drill, store) = try session()
        _ = drill.process("cat <<EOF > /root/a.txt")
        _ = drill.process("half")
        drill.interrupt()
        #expect(drill.prompt == "root@m1:~# ")
        #expect(drill.process("ls /root/a.txt").segments.first?.stream == .stderr, "nothing was written")
        #expect(try store.commands(attempt: drill.attemptID).map(\.line) == ["ls /root/a.txt"])
    }

    @Test func endOfInputRunsAnOpenHeredocWithBashsWarning() throws {
        let (drill, _) = try session()
        _ = drill.process("cat <<EOF")
        _ = drill.process("body")
        let reply = drill.endOfInput()
        #expect(
            reply.segments.map(\.text).joined()
                == "-bash: warning: here-document at line 1 delimited by end-of-file (wanted `EOF')\nbody\n")
        #expect(drill.endOfInput().segments.isEmpty)
    }

    @Test func bodyLinesAreNotRescannedAndSizeIsBounded() throws {
        let (drill, _) = try session()
        _ = drill.process("cat <<'EOF' > /root/big")
        let line = String(repeating: "y", count: 1023)
        for _ in 0..<1024 { _ = drill.process(line) }
        #expect(drill.process("EOF").segments.isEmpty)
        #expect(drill.process("wc -c /root/big").segments.map(\.text) == ["1048576 /root/big\n"])
        _ = drill.process("echo '")
        let long = String(repeating: "z", count: 1 << 20)
        var reply = DrillSession.Reply()
        for _ in 0..<5 where drill.prompt == "> " { reply = drill.process(long) }
        #expect(reply.segments.first?.text.hasPrefix("kubedojo: the command grew past 4 MiB") == true)
        #expect(drill.prompt == "root@m1:~# ")
    }
}
