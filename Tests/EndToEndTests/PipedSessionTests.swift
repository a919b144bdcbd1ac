import Foundation
import Progress
import Testing

let tlsFlags =
    "--cacert=/etc/kubernetes/pki/etcd/ca.crt --cert=/etc/kubernetes/pki/etcd/healthcheck-client.crt --key=/etc/kubernetes/pki/etcd/healthcheck-client.key"
let endpoints = "--endpoints=https://10.0.1.10:2379,https://10.0.1.11:2379,https://10.0.1.12:2379"

@Suite(.serialized) struct PipedSessionTests {
    /// Finds the leader's name the way a learner does: endpoint status, then member list.
    func leaderName(seed: Int, database: String) throws -> String {
        let session = """
            export ETCDCTL_API=3
            etcdctl \(endpoints) \(tlsFlags) endpoint status
            etcdctl \(endpoints) \(tlsFlags) member list
            :quit

            """
        let output = try Binary.run(["drill", "find-etcd-leader", "--seed", "\(seed)", "--db", database], input: session)
        let lines = output.stdout.split(separator: "\n").map(String.init)
        let leaderID = try #require(
            lines.first { $0.hasPrefix("https://") && $0.contains(", true, false, ") }?
                .split(separator: ",")[1].trimmingCharacters(in: .whitespaces))
        let member = try #require(lines.first { $0.hasPrefix(leaderID + ", started, ") })
        return member.split(separator: ",")[2].trimmingCharacters(in: .whitespaces)
    }

    @Test func solvingTheDrillScoresFullMarksAndIsSaved() throws {
        let scratch = try Scratch()
        let database = scratch.path("x.sqlite")
        let leader = try leaderName(seed: 7, database: database)
        let lines = [
            "export ETCDCTL_API=3", "etcdctl \(endpoints) \(tlsFlags) endpoint status -w table",
            "echo \(leader) > /root/etcd-leader.txt", ":check", ":quit",
        ]
        let output = try Binary.run(
            ["drill", "find-etcd-leader", "--seed", "7", "--db", database],
            input: lines.joined(separator: "\n") + "\n")
        #expect(output.status == 0 && output.stderr.isEmpty, "\(output.stderr)")
        let checkLines = output.stdout.split(separator: "\n")
        #expect(checkLines.last == "Score: 3/3 (100%)")
        #expect(checkLines.contains { $0.hasPrefix("PASS   leader-name (3/3)") })
        #expect(!output.stdout.contains("root@master1"), "piped sessions print no prompt")

        let store = try Store(path: database)
        let attempts = try store.attempts()
        #expect(attempts.map(\.scenario) == ["find-etcd-leader", "find-etcd-leader"] && attempts.map(\.seed) == [7, 7])
        #expect(attempts.map(\.percent) == [nil, 100] && attempts.map(\.outcome) == ["abandoned", "checked"])
        #expect(attempts.allSatisfy { $0.finishedAt != nil })
        #expect(try store.commands(attempt: 2).map(\.line) == lines, "every line is stored, trainer commands too")
        let checks = try store.checks(attempt: 2)
        #expect(checks.map(\.checkID) == ["leader-name", "etcdctl-with-tls"] && checks.map(\.passed) == [true, true])
        #expect(checks.map(\.earned) == [3, 0])
    }

    @Test func aWrongNameScoresZeroAndSaysWhy() throws {
        let scratch = try Scratch()
        let database = scratch.path("x.sqlite")
        let leader = try leaderName(seed: 7, database: database)
        let wrong = ["master1", "master2", "master3"].first { $0 != leader } ?? "master1"
        let output = try Binary.run(
            ["drill", "find-etcd-leader", "--seed", "7", "--db", database],
            input: "echo \(wrong) > /root/etcd-leader.txt\n:check\n")
        let lines = output.stdout.split(separator: "\n").map(String.init)
        #expect(lines.last == "Score: 0/3 (0%)")
        let failure = try #require(lines.first { $0.hasPrefix("FAIL   leader-name (0/3): ") })
        #expect(failure.contains("should name the current leader, \(leader)") && failure.contains("holds \"\(wrong)\""))
        #expect(lines.contains { $0.hasPrefix("TIP    etcdctl-with-tls (coaching): No etcdctl command carried") })
        let store = try Store(path: database)
        #expect(try store.attempts().last.map { [$0.percent, $0.score] } == [0, 0])
        #expect(try store.attempts().last?.outcome == "checked")
        #expect(try store.commands(attempt: 2).map(\.line) == ["echo \(wrong) > /root/etcd-leader.txt", ":check"])
    }

    @Test func differentSeedsGiveDifferentLeaders() throws {
        let scratch = try Scratch()
        let leaders = try Set((1...10).map { try leaderName(seed: $0, database: scratch.path("x.sqlite")) })
        #expect(leaders.count >= 2, "\(leaders)")
    }

    @Test func homeScreenShowsAttempts() throws {
        let scratch = try Scratch()
        let database = scratch.path("x.sqlite")
        let content = try scratch.etcdContent()
        _ = try Binary.run(
            ["drill", "find-etcd-leader", "--seed", "3", "--db", database], input: "echo x > /root/etcd-leader.txt\n:check\n",
            environment: content)
        let home = try Binary.run(["--db", database], environment: content)
        #expect(home.status == 0)
        /// The whitespace-separated fields of the row that starts with `id`.
        func row(_ text: String, _ id: String) -> [String] {
            text.split(separator: "\n").first { $0.hasPrefix(id + " ") }?.split(separator: " ").map(String.init) ?? []
        }
        #expect(row(home.stdout, "SCENARIO") == ["SCENARIO", "TOPIC", "TRIES", "LAST", "BEST", "TITLE"])
        #expect(
            row(home.stdout, "find-etcd-leader") == [
                "find-etcd-leader", "etcd", "1", "0%", "0%", "Find", "the", "etcd", "leader",
            ])
        #expect(row(home.stdout, "quorum-two-down").prefix(5) == ["quorum-two-down", "etcd", "0", "-", "-"])
        #expect(home.stdout.contains("Next (not tried yet): kubedojo drill etcd-endpoint-health"))
        let list = try Binary.run(["list", "--db", database], environment: content)
        #expect(row(list.stdout, "ID") == ["ID", "TOPIC", "LEVEL", "MIN", "LAST", "TITLE"])
        #expect(
            row(list.stdout, "find-etcd-leader") == ["find-etcd-leader", "etcd", "2", "4", "0%", "Find", "the", "etcd", "leader"])
        // Every row's second field (the topic) starts under the TOPIC header.
        let columns = list.stdout.split(separator: "\n").map { line in
            line.firstIndex(of: " ").flatMap { gap in line[gap...].firstIndex { $0 != " " } }?.utf16Offset(in: line) ?? -1
        }
        #expect(columns.count > 1 && Set(columns).count == 1, "columns line up")
    }

    @Test func defaultDatabaseFollowsXDG() throws {
        let scratch = try Scratch()
        let output = try Binary.run(
            ["drill", "find-etcd-leader", "--seed", "1"], input: ":quit\n",
            environment: ["XDG_DATA_HOME": scratch.path("data")])
        #expect(output.status == 0)
        #expect(FileManager.default.fileExists(atPath: scratch.path("data/kubedojo/progress.sqlite")))
    }

    @Test(arguments: [
        (["drill", "no-such-drill"], "kubedojo: no scenario 'no-such-drill'; `kubedojo list` shows them all\n"),
        (["--content", "/nonexistent"], "kubedojo: cannot read content folder /nonexistent: no such directory\n"),
        (
            ["list", "--db", "/nonexistent/dir/x.sqlite"],
            "kubedojo: cannot open the progress database /nonexistent/dir/x.sqlite: the file cannot be opened (check the folder exists and is writable)\n"
        ),
    ])
    func failuresAreOneClearLine(arguments: [String], message: String) throws {
        let scratch = try Scratch()
        var arguments = arguments
        if !arguments.contains("--db") { arguments += ["--db", scratch.path("x.sqlite")] }
        let output = try Binary.run(arguments)
        #expect(output.stderr == message)
        #expect(output.status == 1)
    }

    @Test func overlongAndInvalidInputIsReportedNotRun() throws {
        let scratch = try Scratch()
        let input = "echo " + String(repeating: "a", count: 1_100_000) + "\nhostname\necho caf\u{FFFD}\n:quit\n"
        let output = try Binary.run(["drill", "find-etcd-leader", "--seed", "1", "--db", scratch.path("x.sqlite")], input: input)
        #expect(output.stderr == "kubedojo: a line longer than 1 MiB was ignored; nothing was run\n")
        #expect(output.stdout.hasSuffix("master1\ncaf\u{FFFD}\n"))
        #expect(
            try Store(path: scratch.path("x.sqlite")).commands(attempt: 1).map(\.line) == [
                "hostname", "echo caf\u{FFFD}", ":quit",
            ])
    }

    @Test func lintAndVerifyTheBundledContent() throws {
        let lint = try Binary.run(["lint"])
        #expect(lint.status == 0 && lint.stdout.hasPrefix("No problems: 5 clusters, "))
        let verify = try Binary.run(["verify", "--seeds", "2"])
        #expect(verify.status == 0 && verify.stdout.hasPrefix("SCENARIO ") && verify.stdout.contains("\nVerified "))
        #expect(verify.stdout.contains(" over 2 seeds: "))
    }

    @Test func lintReportsPositions() throws {
        let scratch = try Scratch()
        let root = scratch.url
        for folder in ["Content/clusters", "Content/scenarios", "Graders"] {
            try FileManager.default.createDirectory(at: root.appendingPathComponent(folder), withIntermediateDirectories: true)
        }
        try "graders: {}\n".write(to: root.appendingPathComponent("Graders/g.yaml"), atomically: true, encoding: .utf8)
        try "id: c\nnodez: []\n".write(
            to: root.appendingPathComponent("Content/clusters/c.yaml"), atomically: true, encoding: .utf8)
        let lint = try Binary.run(["lint", "--content", root.path])
        #expect(lint.status == 1)
        #expect(
            lint.stderr
                == "\(root.path)/Content/clusters/c.yaml:1:1: error: missing required key 'nodes'\n\(root.path)/Content/clusters/c.yaml:2:1: error: unknown key 'nodez'\n"
        )
    }

    @Test func versionAndHelp() throws {
        #expect(try Binary.run(["--version"]).stdout == "0.1.0\n")
        let help = try Binary.run(["--help"]).stdout
        for needle in ["--db <path>", "--content <dir>", "list", "drill", "--version"] {
            #expect(help.contains(needle), "\(needle)")
        }
    }
}

@Suite struct PipedHeredocTests {
    /// A static pod manifest written with a here-document is picked up by the kubelet.
    @Test func heredocWritesAStaticPodTheKubeletRuns() throws {
        let scratch = try Scratch()
        let input = """
            cat <<EOF > /etc/kubernetes/manifests/probe.yaml
            apiVersion: v1
            kind: Pod
            metadata:
              name: probe
              namespace: kube-system
            spec:
              containers:
              - name: probe
                image: registry.k8s.io/pause:3.10
                command:
                - /pause
            EOF
            sleep 30
            crictl pods --name probe -q | wc -l
            echo "host=$(hostname)"
            cat <<EOF
            unterminated

            """
        let output = try Binary.run(
            ["drill", "find-etcd-leader", "--seed", "7", "--db", scratch.path("x.sqlite")], input: input)
        #expect(output.stdout.hasSuffix("1\nhost=master1\nunterminated\n"), "\(output.stdout)")
        #expect(output.stderr == "-bash: warning: here-document at line 1 delimited by end-of-file (wanted `EOF')\n")
        let store = try Store(path: scratch.path("x.sqlite"))
        let lines = try store.commands(attempt: 1).map(\.line)
        #expect(lines.count == 5 && lines[0].hasPrefix("cat <<EOF > /etc/kubernetes/manifests/probe.yaml\napiVersion: v1\n"))
        #expect(lines[4] == "cat <<EOF\nunterminated")
    }
}

@Suite struct SandboxCommandTests {
    @Test func pipedSandboxRunsFaultsAndStoresNothing() throws {
        let scratch = try Scratch()
        let database = scratch.path("never.sqlite")
        let input = ":fault kill-etcd\n:fault power-off master2\nsleep 3\nhostname\n:quit\nhostname\n"
        let output = try Binary.run(["sandbox", "--seed", "7", "--db", database], input: input)
        #expect(output.status == 0)
        #expect(output.stdout.hasPrefix("Sandbox: stacked-3, seed 7 (no task, nothing graded or stored)\n"))
        #expect(output.stdout.contains("Injected power-off master2.\n"))
        #expect(output.stdout.hasSuffix("master1\n"), "\(output.stdout)")
        #expect(output.stderr == "kubedojo: :fault: kill-etcd takes NODE\n")
        #expect(!FileManager.default.fileExists(atPath: database))
    }

    @Test func unknownClusterIsRefused() throws {
        let output = try Binary.run(["sandbox", "stacked-9"])
        #expect(output.status == 1)
        #expect(
            output.stderr
                == "kubedojo: no cluster 'stacked-9'; the base clusters are: bare-3, external-etcd-3, single-cp, stacked-3, stacked-5\n"
        )
    }
}
