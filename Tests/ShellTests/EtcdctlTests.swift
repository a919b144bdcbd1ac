import ClusterSim
import Testing

@testable import Shell

/// The printers against real etcdctl captures in `../shared/reference/`: fed the captured values,
/// they must reproduce the captured bytes.
@Suite struct EtcdctlPrinterTests {
    /// Splits a captured table into its data rows.
    func rows(_ table: String) -> [[String]] {
        table.split(separator: "\n").filter { $0.hasPrefix("| ") }.dropFirst().map { line in
            line.split(separator: "|", omittingEmptySubsequences: false).dropFirst().dropLast().map { $0.trimmed() }
        }
    }

    @Test(arguments: [
        ("etcd-tls/10-healthy/member-list-table.txt", ["ID", "Status", "Name", "Peer Addrs", "Client Addrs", "Is Learner"]),
        (
            "etcd-tls/10-healthy/endpoint-status-table.txt",
            [
                "endpoint", "ID", "version", "db size", "is leader", "is learner", "raft term", "raft index",
                "raft applied index", "errors",
            ]
        ),
        (
            "etcd-plain/15-usage/endpoint-refused-status.txt",
            [
                "endpoint", "ID", "version", "db size", "is leader", "is learner", "raft term", "raft index",
                "raft applied index", "errors",
            ]
        ),
        ("etcd-tls/10-healthy/endpoint-health-table.txt", ["endpoint", "health", "took", "error"]),
    ])
    func tablesMatchCaptures(file: String, header: [String]) throws {
        let capture = try #require(referenceCapture(file), "capture \(file) is missing")
        #expect(TableWriter.render(header: header, rows: rows(capture.stdout)) == capture.stdout)
    }

    @Test(arguments: [
        (Int64(28672), "29 kB"), (20480, "20 kB"), (33000, "33 kB"), (3_145_728, "3.1 MB"),
        (22_003_712, "22 MB"), (9, "9 B"), (4_194_304, "4.2 MB"),
    ])
    func humanBytes(bytes: Int64, text: String) {
        #expect(GoFormat.humanBytes(bytes) == text)
    }

    @Test(arguments: [
        (Int64(8_784_575), "8.784575ms"), (474_510, "474.51µs"), (5_000_000_000, "5s"),
        (1_039_731_854, "1.039731854s"), (2_000_000, "2ms"),
    ])
    func goDurations(nanoseconds: Int64, text: String) {
        #expect(GoFormat.duration(nanoseconds: nanoseconds) == text)
    }

    @Test func durationsParseLikeGo() {
        #expect(GoDuration.milliseconds("5s") == 5000)
        #expect(GoDuration.milliseconds("1m30s") == 90_000)
        #expect(GoDuration.milliseconds("250ms") == 250)
        #expect(GoDuration.milliseconds("5") == nil)
        #expect(GoDuration.milliseconds("99999999999999999h") == nil, "too long to represent, not a trap")
    }
}

@Suite struct EtcdctlBehaviourTests {
    @Test func memberListWithTLSListsEveryMemberByID() {
        var session = Session(seed: 7)
        let result = session.run("ETCDCTL_API=3 etcdctl --endpoints=https://127.0.0.1:2379 \(tls) member list")
        #expect(result.status == 0 && result.stderr.isEmpty)
        let expected = session.cluster.etcd.members.map {
            "\($0.hexID), started, \($0.name), https://\(session.cluster.node(named: $0.node)?.ip ?? ""):2380, https://\(session.cluster.node(named: $0.node)?.ip ?? ""):2379, false\n"
        }.joined()
        #expect(result.stdout == expected)
    }

    @Test func endpointStatusMarksTheLeaderOnce() throws {
        var session = Session(seed: 7)
        let result = session.run("etcdctl \(allEndpoints) \(tls) endpoint status")
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count == 3)
        let leader = try #require(session.cluster.etcd.leader)
        for line in lines {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmed() }
            #expect(fields.count == 10 && fields[2] == "3.5.15" && fields[9] == "")
            #expect((fields[4] == "true") == (fields[1] == leader.hexID))
        }
        #expect(result.stdout.hasSuffix(", \n"), "the empty ERRORS column leaves a trailing \", \"")
    }

    @Test func healthyLinesGoToStdoutIn35() {
        var session = Session(seed: 7)
        let result = session.run("etcdctl \(allEndpoints) \(tls) endpoint health")
        #expect(result.status == 0 && result.stderr.isEmpty)
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count == 3)
        #expect(
            lines.allSatisfy {
                (try? #/^https://10\.0\.1\.1[0-2]:2379 is healthy: successfully committed proposal: took = \d+\.\d+ms$/#
                    .wholeMatch(in: String($0))) != nil
            })
    }

    @Test func missingTLSFlagsWaitTheCommandTimeout() throws {
        var session = Session(seed: 7)
        let before = session.cluster.now
        let result = session.run("etcdctl --endpoints=https://10.0.1.10:2379 member list")
        #expect(result.status == 1 && result.stdout.isEmpty)
        let lines = result.stderr.split(separator: "\n").map(String.init)
        #expect(lines.count == 2 && lines[1] == "Error: context deadline exceeded")
        let warning = try #require(lines.first)
        #expect(warning.hasPrefix(#"{"level":"warn","ts":"2026-"#))
        #expect(
            warning.contains(
                #","logger":"etcd-client","caller":"v3@v3.5.15/retry_interceptor.go:63","msg":"retrying of unary invoker failed","target":"etcd-endpoints://0xc000"#
            ))
        #expect(
            warning.hasSuffix(
                #"/10.0.1.10:2379","attempt":0,"error":"rpc error: code = DeadlineExceeded desc = latest balancer error: last connection error: connection error: desc = \"transport: authentication handshake failed: tls: failed to verify certificate: x509: certificate signed by unknown authority\""}"#
            ))
        #expect(session.cluster.now.milliseconds - before.milliseconds >= 5000)
    }

    @Test func healthWithoutClientCertIsUnhealthy() {
        var session = Session(seed: 7)
        let result = session.run(
            "etcdctl --endpoints=https://10.0.1.11:2379 --cacert=/etc/kubernetes/pki/etcd/ca.crt endpoint health")
        #expect(result.status == 1 && result.stdout.isEmpty)
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count == 3)
        #expect(lines[0].contains(#""logger":"client""#) && lines[0].contains("tls: certificate required"))
        #expect(lines[1] == "https://10.0.1.11:2379 is unhealthy: failed to commit proposal: context deadline exceeded")
        #expect(lines[2] == "Error: unhealthy cluster")
    }

    @Test(arguments: [
        (
            "--cacert=/etc/kubernetes/pki/etcd/nope.crt --cert=/etc/kubernetes/pki/etcd/healthcheck-client.crt --key=/etc/kubernetes/pki/etcd/healthcheck-client.key",
            "Error: open /etc/kubernetes/pki/etcd/nope.crt: no such file or directory\n"
        ),
        (
            "--cacert=/etc/kubernetes/pki/etcd/ca.crt --cert=/etc/kubernetes/pki/etcd/healthcheck-client.crt",
            "Error: KeyFile and CertFile must both be present[key: , cert: /etc/kubernetes/pki/etcd/healthcheck-client.crt]\n"
        ),
        (
            "--cacert=/etc/kubernetes/pki/etcd/ca.crt --cert=/etc/kubernetes/pki/etcd/server.crt --key=/etc/kubernetes/pki/etcd/peer.key",
            "Error: tls: private key does not match public key\n"
        ),
    ])
    func localTLSProblemsFailAtOnce(flags: String, stderr: String) {
        var session = Session(seed: 7)
        let before = session.cluster.now
        let result = session.run("etcdctl --endpoints=https://10.0.1.10:2379 \(flags) member list")
        #expect(result.stderr == stderr && result.status == 128)
        #expect(session.cluster.now == before)
    }

    @Test func usageErrorsMatchCaptures() throws {
        var session = Session(seed: 7)
        let unknown = session.run("etcdctl \(allEndpoints) foo")
        let capture = try #require(referenceCapture("etcd-plain/15-usage/unknown-command.txt"))
        #expect(unknown.stderr == capture.stderr && unknown.status == 1)
        let format = session.run("etcdctl \(allEndpoints) \(tls) member list -w yaml")
        #expect(format.stderr == "Error: unsupported output format\n" && format.status == 4)
        let flag = session.run("etcdctl member list --bogus")
        let flagCapture = try #require(referenceCapture("etcd-plain/15-usage/unknown-flag-after-command.txt"))
        #expect(flag.stderr == flagCapture.stderr && flag.status == 1)
        #expect(
            flag.stdout.hasPrefix(
                "NAME:\n\tmember list - Lists all members in the cluster\n\nUSAGE:\n\tetcdctl member list [flags]\n"))
        #expect(session.run("ETCDCTL_API=4 etcdctl version").stderr == "unsupported API version 4\n")
        #expect(session.run("etcdctl version").stdout == "etcdctl version: 3.5.15\nAPI version: 3.5\n")
    }

    @Test func environmentVariablesStandInForFlags() {
        var session = Session(seed: 7)
        _ = session.run("export ETCDCTL_CACERT=/etc/kubernetes/pki/etcd/ca.crt ETCDCTL_CERT=/etc/kubernetes/pki/etcd/server.crt")
        _ = session.run("export ETCDCTL_KEY=/etc/kubernetes/pki/etcd/server.key ETCDCTL_ENDPOINTS=https://10.0.1.12:2379")
        let result = session.run("etcdctl endpoint status -w json")
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix(#"[{"Endpoint":"https://10.0.1.12:2379","Status":{"header":{"cluster_id":"#))
    }

    @Test func sameSeedSameBytes() {
        var first = Session(seed: 11), second = Session(seed: 11)
        for line in [
            "etcdctl \(allEndpoints) \(tls) endpoint health -w table", "etcdctl member list",
            "etcdctl \(allEndpoints) \(tls) endpoint status -w fields",
        ] {
            #expect(first.run(line) == second.run(line))
        }
        #expect(first.cluster == second.cluster)
    }
}

/// etcdctl against members stopped the way a candidate stops them: manifests moved away.
@Suite struct EtcdctlFailureTests {
    func quorumLost() -> Session {
        var session = Session(seed: 7)
        for host in ["master2", "master3"] {
            _ = session.run("ssh \(host) && mv /etc/kubernetes/manifests/etcd.yaml /root/ && exit")
        }
        _ = session.run("sleep 21")
        return session
    }

    @Test func movedManifestsStopMembersAfterTheFileCheck() {
        var session = Session(seed: 7)
        #expect(
            session.run("ssh master2 && mv /etc/kubernetes/manifests/etcd.yaml /tmp/ && ls /tmp && exit").stdout
                == "etcd.yaml\nlogout\nConnection to master2 closed.\n")
        #expect(session.cluster.etcd.member(onNode: "master2")?.running == true)
        _ = session.run("sleep 20")
        #expect(session.cluster.etcd.member(onNode: "master2")?.running == false)
        #expect(session.run("sleep").stderr == "sleep: missing operand\nTry 'sleep --help' for more information.\n")
    }

    @Test func survivorReportsNoLeader() {
        var session = quorumLost()
        let status = session.run("etcdctl --endpoints=https://10.0.1.10:2379 \(tls) endpoint status -w table")
        #expect(status.status == 0 && status.stderr.isEmpty)
        let row = status.stdout.split(separator: "\n")[3]
        #expect(row.hasPrefix("| https://10.0.1.10:2379 | "))
        #expect(
            row.hasSuffix(
                "|     false |      false |         \(session.cluster.etcd.term) |     \(session.cluster.etcd.raftIndex) |             \(session.cluster.etcd.raftIndex) | etcdserver: no leader |"
            ))
        #expect(
            status.stdout.hasPrefix(
                "+------------------------+------------------+---------+---------+-----------+------------+-----------+------------+--------------------+-----------------------+\n|        ENDPOINT        |"
            ))
    }

    @Test func healthWithoutQuorumFailsEverywhere() {
        var session = quorumLost()
        let before = session.cluster.now
        let health = session.run("etcdctl \(allEndpoints) \(tls) endpoint health")
        #expect(health.status == 1 && health.stdout.isEmpty)
        let lines = health.stderr.split(separator: "\n").map(String.init)
        #expect(lines.count == 7 && lines.last == "Error: unhealthy cluster")
        #expect(
            lines.filter { $0.hasSuffix(#""error":"rpc error: code = DeadlineExceeded desc = context deadline exceeded"}"#) }
                .count == 1)
        #expect(lines.filter { $0.contains("connect: connection refused") }.count == 2)
        #expect(
            Set(lines[3...5])
                == Set(
                    ["10", "11", "12"].map {
                        "https://10.0.1.\($0):2379 is unhealthy: failed to commit proposal: context deadline exceeded"
                    }))
        let waited = session.cluster.now.milliseconds - before.milliseconds
        #expect(waited >= 5_000 && waited < 5_100, "the checks run in parallel: one timeout, not three")
        // The member list is answered locally even without a leader.
        #expect(
            session.run("etcdctl --endpoints=https://127.0.0.1:2379 \(tls) member list").stdout.split(separator: "\n").count == 3)
    }
}

/// etcdctl against the external-etcd topology, whose TLS settings come from systemd units.
@Suite struct EtcdctlExternalTests {
    static let spec = ClusterSpec(
        id: "external-etcd-3", topology: .external,
        nodes: [
            ClusterSpec.NodeSpec(name: "master1", ip: "10.0.1.10", role: .controlPlane),
            ClusterSpec.NodeSpec(name: "etcd1", ip: "10.0.1.20", role: .etcd),
            ClusterSpec.NodeSpec(name: "etcd2", ip: "10.0.1.21", role: .etcd),
            ClusterSpec.NodeSpec(name: "etcd3", ip: "10.0.1.22", role: .etcd),
        ])

    func run(_ line: String, host: String) -> ShellResult {
        var cluster = Cluster.build(spec: Self.spec, seed: 2)
        var state = ShellState(host: host)
        return Shell.run(line, state: &state, cluster: &cluster)
    }

    @Test func memberCertificatesWorkOnTheEtcdHost() {
        let result = run(
            "etcdctl --endpoints=https://127.0.0.1:2379 --cacert=/etc/etcd/pki/ca.pem --cert=/etc/etcd/pki/etcd1.pem --key=/etc/etcd/pki/etcd1-key.pem member list",
            host: "etcd1")
        #expect(result.status == 0 && result.stdout.split(separator: "\n").count == 3)
        #expect(result.stdout.contains(", started, etcd2, https://10.0.1.21:2380, https://10.0.1.21:2379, false\n"))
    }

    @Test func apiServerClientCertificateWorksFromTheControlPlane() {
        let result = run(
            "etcdctl --endpoints=https://10.0.1.22:2379 --cacert=/etc/kubernetes/pki/etcd/ca.pem --cert=/etc/kubernetes/pki/etcd/client.pem --key=/etc/kubernetes/pki/etcd/client-key.pem endpoint health",
            host: "master1")
        #expect(
            result.status == 0
                && result.stdout.hasPrefix("https://10.0.1.22:2379 is healthy: successfully committed proposal: took = "))
    }

    /// The guide's "Verify cluster" passes only --cacert; with client-cert-auth the server refuses.
    @Test func theGuidesVerifyCommandNeedsAClientCertificate() {
        let result = run(
            "ETCDCTL_API=3 etcdctl member list --endpoints=https://10.0.1.20:2379,https://10.0.1.21:2379,https://10.0.1.22:2379 --cacert=/etc/etcd/pki/ca.pem",
            host: "etcd1")
        #expect(result.status == 1)
        #expect(result.stderr.contains("remote error: tls: certificate required"))
        #expect(result.stderr.hasSuffix("Error: context deadline exceeded\n"))
    }
}
