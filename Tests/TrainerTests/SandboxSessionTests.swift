import ClusterSim
import Shell
import Testing

@testable import Trainer

@Suite struct SandboxSessionTests {
    func sandbox(seed: UInt64 = 7, cluster: String = "stacked-3") throws -> SandboxSession {
        let spec = try #require(try bundledCatalog().clusters[cluster])
        return SandboxSession(clusterName: cluster, spec: spec, seed: seed, console: Console(environment: ["NO_COLOR": "1"]))
    }

    func text(_ reply: SessionReply, _ stream: OutputSegment.Stream) -> String {
        reply.segments.filter { $0.stream == stream }.map(\.text).joined()
    }

    @Test func bannerNamesClusterSeedHostAndHelp() throws {
        let session = try sandbox()
        #expect(session.banner.hasPrefix("Sandbox: stacked-3, seed 7 (no task, nothing graded or stored)\n"))
        #expect(session.banner.contains("You are on master1 (10.0.1.10)."))
        #expect(session.banner.contains(":help lists the rest."))
        #expect(session.prompt == "root@master1:~# ")
    }

    @Test func faultAloneListsEveryFault() throws {
        let reply = try sandbox().process(":fault", elapsedMilliseconds: 0)
        let table = text(reply, .stdout)
        #expect(table.hasPrefix("Faults (:fault NAME ARGS...):\n"))
        for entry in Fault.usage { #expect(table.contains("  \(entry.name)")) }
        #expect(text(reply, .stderr).isEmpty)
    }

    @Test(arguments: [
        (":fault kill-etcd", "kubedojo: :fault: kill-etcd takes NODE\n"),
        (":fault heal now", "kubedojo: :fault: heal takes no arguments\n"),
        (":fault explode master1", "kubedojo: :fault: there is no fault named 'explode'\n"),
        (":fault fill-etcd lots", "kubedojo: :fault: fill-etcd: cannot use 'lots' here\n"),
    ])
    func badFaultNamesTheProblemThenListsTheFaults(line: String, error: String) throws {
        let reply = try sandbox().process(line, elapsedMilliseconds: 0)
        #expect(text(reply, .stderr) == error)
        #expect(text(reply, .stdout).hasPrefix("Faults (:fault NAME ARGS...):\n"))
    }

    @Test func faultOnAMissingNodeListsTheNodes() throws {
        let reply = try sandbox().process(":fault power-off master9", elapsedMilliseconds: 0)
        #expect(
            text(reply, .stderr)
                == "kubedojo: :fault power-off: no node named 'master9' (nodes: lb, master1, master2, master3, worker1, worker2)\n"
        )
    }

    /// Two members of three stopped: writes fail; one back: a leader within about 2 s, and writes work.
    @Test func quorumLossAndRecoveryThroughTheSandbox() throws {
        let session = try sandbox()
        let put =
            "ETCDCTL_API=3 etcdctl --endpoints=https://127.0.0.1:2379 --cacert=/etc/kubernetes/pki/etcd/ca.crt "
            + "--cert=/etc/kubernetes/pki/etcd/server.crt --key=/etc/kubernetes/pki/etcd/server.key put k v"
        #expect(
            text(session.process(":fault power-off master2", elapsedMilliseconds: 0), .stdout).hasPrefix(
                "Injected power-off master2.\n"))
        _ = session.process(":fault power-off master3", elapsedMilliseconds: 0)
        _ = session.process("sleep 5", elapsedMilliseconds: 0)
        #expect(session.cluster.etcd.leaderID == nil)
        let failed = session.process(put, elapsedMilliseconds: 0)
        #expect(text(failed, .stderr).contains("Error: context deadline exceeded"))
        _ = session.process(":fault power-on master2", elapsedMilliseconds: 0)
        // The kubelet starts etcd at its next file check (every 20 s), then the election takes 1-2 s.
        _ = session.process("sleep 22", elapsedMilliseconds: 0)
        #expect(session.cluster.etcd.leaderID != nil)
        let events = text(session.process(":events 30", elapsedMilliseconds: 0), .stdout)
        let started = try #require(
            session.cluster.events.last { $0.message.hasPrefix("member master2") && $0.message.hasSuffix("started") })
        let elected = try #require(session.cluster.events.last { $0.message.contains("elected leader") })
        #expect(elected.time.milliseconds - started.time.milliseconds <= 2_000)
        #expect(events.contains("elected leader at term"))
        #expect(text(session.process(put, elapsedMilliseconds: 0), .stdout) == "OK\n")
    }

    @Test func eventsShowSimulatedTimeAndTakeACount() throws {
        let session = try sandbox()
        let lines = text(session.process(":events 3", elapsedMilliseconds: 0), .stdout).split(separator: "\n")
        #expect(lines.count == 3)
        #expect(lines.allSatisfy { $0.wholeMatch(of: /\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}  \S+  .+/) != nil })
        #expect(
            text(session.process(":events none", elapsedMilliseconds: 0), .stderr)
                == "kubedojo: :events takes a positive number of events, not 'none'\n")
    }

    @Test func sleepAndThinkingTimeAdvanceTheClock() throws {
        let session = try sandbox()
        let start = session.cluster.now
        _ = session.process("sleep 20", elapsedMilliseconds: 1_500)
        #expect(session.cluster.now.milliseconds - start.milliseconds == 21_500)
    }

    @Test func multiLineCommandsAndQuit() throws {
        let session = try sandbox()
        #expect(session.process("cat <<EOF > /root/x", elapsedMilliseconds: 0).segments.isEmpty)
        #expect(session.prompt == "> ")
        _ = session.process("hello", elapsedMilliseconds: 0)
        _ = session.process("EOF", elapsedMilliseconds: 0)
        #expect(text(session.process("cat /root/x", elapsedMilliseconds: 0), .stdout) == "hello\n")
        #expect(session.process(":quit", elapsedMilliseconds: 0).quit)
    }

    /// Same seed, same lines: the same event log, byte for byte.
    @Test func sameSeedAndInputGiveTheSameEventLog() throws {
        let lines = [
            ":fault power-off master1", "sleep 30", ":fault partition master2", "sleep 5", ":fault heal",
            ":fault stop-unit master3 kubelet", "sleep 45", ":fault power-on master1", "sleep 60",
        ]
        func run(_ seed: UInt64) throws -> [SimEvent] {
            let session = try sandbox(seed: seed)
            for line in lines { _ = session.process(line, elapsedMilliseconds: 250) }
            return session.cluster.events
        }
        #expect(try run(11) == run(11))
        #expect(try run(11) != run(12))
    }
}

/// The faults as a person meets them in the sandbox: through the commands they would type.
@Suite struct SandboxFaultCommandTests {
    let etcdTLS =
        "--cacert=/etc/kubernetes/pki/etcd/ca.crt --cert=/etc/kubernetes/pki/etcd/server.crt --key=/etc/kubernetes/pki/etcd/server.key"

    func run(_ lines: [String], seed: UInt64 = 7) throws -> (stdout: String, stderr: String, session: SandboxSession) {
        let spec = try #require(try bundledCatalog().clusters["stacked-3"])
        let session = SandboxSession(
            clusterName: "stacked-3", spec: spec, seed: seed, console: Console(environment: ["NO_COLOR": "1"]))
        var out = "", err = ""
        for line in lines {
            for segment in session.process(line, elapsedMilliseconds: 0).segments {
                if segment.stream == .stdout { out += segment.text } else { err += segment.text }
            }
        }
        return (out, err, session)
    }

    @Test func aDroppedClientPortTimesEtcdctlOut() throws {
        let result = try run([
            ":fault drop-port master2 2379", "etcdctl --endpoints=https://10.0.1.11:2379 \(etcdTLS) get k",
        ])
        #expect(result.stderr.contains("transport: Error while dialing: dial tcp 10.0.1.11:2379: i/o timeout"))
        #expect(result.stderr.hasSuffix("Error: context deadline exceeded\n"))
    }

    @Test func aDroppedAPIPortTimesCurlOut() throws {
        let result = try run([":fault drop-port master3 6443", "curl -k https://10.0.1.12:6443/healthz"])
        #expect(
            result.stderr == "curl: (28) Failed to connect to 10.0.1.12 port 6443 after 130000 ms: Couldn't connect to server\n")
    }

    @Test func anExpiredAPIServerCertificateIsRefusedAndReportedByKubeadm() throws {
        let result = try run([
            ":fault expire-cert master1 apiserver", "curl --cacert /etc/kubernetes/pki/ca.crt https://10.0.1.10:6443/healthz",
            "kubeadm certs check-expiration | grep '^apiserver '",
        ])
        #expect(result.stderr.hasPrefix("curl: (60) SSL certificate problem: certificate has expired\n"))
        #expect(result.stdout.contains("<invalid>"))
    }

    @Test func anExpiredEtcdServerCertificateFailsTheHandshake() throws {
        let result = try run([
            ":fault expire-cert master1 etcd/server", "etcdctl --endpoints=https://127.0.0.1:2379 \(etcdTLS) get k",
        ])
        #expect(
            result.stderr.contains(
                "transport: authentication handshake failed: tls: failed to verify certificate: x509: certificate has expired or is not yet valid: current time "
            ))
    }

    @Test func aSlowDiskShowsInMetricsAndLogs() throws {
        let result = try run([
            ":fault fsync-latency master1 1500", "sleep 10",
            "curl -s http://127.0.0.1:2381/metrics | grep -E '^etcd_disk_wal_fsync_duration_seconds_bucket.le=.(1.024|2.048)'",
            ":events 40",
        ])
        let buckets = result.stdout.split(separator: "\n").filter { $0.hasPrefix("etcd_disk_wal_fsync") }
        #expect(buckets.count == 2)
        let counts = buckets.compactMap { $0.split(separator: " ").last.flatMap { Int($0) } }
        #expect(counts.count == 2 && counts[1] - counts[0] == 10, "ten 1.5 s fsyncs in ten seconds: \(buckets)")
        #expect(result.stdout.contains("etcd/master1  [warn] slow fdatasync (took=1.5s expected-duration=1s)\n"))
    }

    @Test func aStoppedKubeletTurnsTheNodeNotReadyAfterFortySeconds() throws {
        let result = try run([
            ":fault stop-unit worker1 kubelet", "sleep 39", "kubectl get nodes worker1 --no-headers", "sleep 1",
            "kubectl get nodes worker1 --no-headers",
        ])
        let rows = result.stdout.split(separator: "\n").filter { $0.hasPrefix("worker1 ") }
        #expect(rows.count == 2)
        #expect(rows.first?.contains(" Ready ") == true && rows.last?.contains(" NotReady ") == true, "\(rows)")
    }
}
