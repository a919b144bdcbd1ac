import ClusterSim
import Testing

@testable import Shell

/// Arbitrary input never crashes the shell, and the cluster keeps its invariants.
@Suite struct RobustnessTests {
    static let alphabet: [String] = [
        "etcdctl", "member", "list", "endpoint", "status", "health", "--endpoints=", "https://10.0.1.1", "0:2379", "-w",
        "table", "json", "--cacert", "=", "/etc/kubernetes/pki/etcd/", "ca.crt", "echo", "cat", "grep", "-E", "(", ")",
        "[", "*", "+", "?", "\\", "'", "\"", "$", "${", "}", "|", "||", "&&", ";", ">", ">>", "2>&1", "<", "#", " ", " ",
        "ssh", "master2", "exit", "export", "X=", "$X", "$?", "ls", "cd", "..", "mkdir", "-p", "\u{0}", "\u{7}", "é",
        "\u{FFFD}", "💥", "--", "-", "k", "hostname", "--command-timeout=", "0s", "99999h", "--bogus", "ETCDCTL_API=",
    ]

    @Test(arguments: [UInt64(1), 2, 3, 4])
    func randomLinesNeverCrash(seed: UInt64) {
        var rng = SeededGenerator(seed: seed)
        var cluster = Cluster.build(spec: stackedThree, seed: seed)
        var state = ShellState(host: "master1")
        for _ in 0..<500 {
            let length = rng.int(in: 0...14)
            let line = (0..<length).map { _ in Self.alphabet[rng.int(in: 0...(Self.alphabet.count - 1))] }.joined()
            let before = cluster.now
            let result = Shell.run(line, state: &state, cluster: &cluster)
            #expect(cluster.now >= before, "time never runs backwards (seed \(seed), line \(line))")
            #expect(result.status >= 0 && result.status < 256, "seed \(seed), line \(line)")
            #expect(cluster.node(named: state.host) != nil, "the shell is always on a real host")
        }
        #expect(cluster.etcd.members.count == 3)
    }

    @Test func hugeAndOddLines() {
        var session = Session(seed: 1)
        let long = String(repeating: "a", count: 1 << 20)
        #expect(session.run("echo " + long).stdout.count == (1 << 20) + 1)
        #expect(session.run(String(repeating: "'", count: 10_001)).status == 2)
        #expect(session.run(String(repeating: "|", count: 1000)).stderr == "-bash: syntax error near unexpected token `||'\n")
        #expect(session.run("echo \u{0}\u{1B}[31m").status == 0)
        #expect(session.run("sleep 9999999d").status == 0, "a very long sleep returns at once")
        #expect(session.run("etcdctl --command-timeout=99999999999999999h version").status == 0)
    }
}
