import Testing

@testable import ClusterSim

/// The faults API's network, certificate and disk faults, and how the model reacts to them.
@Suite struct NetworkFaultTests {
    static let stacked4 = ClusterSpec(
        id: "stacked-4", etcdVersion: "3.5.15", topology: .stacked,
        nodes: [.init(name: "lb", ip: "10.0.1.100", role: .loadBalancer)]
            + (1...4).map { .init(name: "master\($0)", ip: "10.0.1.1\($0 - 1)", role: .controlPlane) })

    @Test(arguments: [
        (["drop-port", "master1", "2380"], Fault.dropPort(node: "master1", port: 2380)),
        (["expire-cert", "master2", "etcd/server"], Fault.expireCertificate(node: "master2", certificate: "etcd/server")),
        (["fsync-latency", "master3", "1500"], Fault.fsyncLatency(node: "master3", milliseconds: 1500)),
        (["fsync-latency", "master3", "250ms"], Fault.fsyncLatency(node: "master3", milliseconds: 250)),
    ])
    func newFaultsParse(words: [String], fault: Fault) {
        #expect(Fault.parse(words) == .success(fault))
        #expect(Fault.usage.contains { $0.name == words[0] })
    }

    @Test(arguments: [
        (["drop-port", "master1"], FaultError.usage),
        (["drop-port", "master1", "70000"], FaultError.badArgument("70000")),
        (["drop-port", "master1", "http"], FaultError.badArgument("http")),
        (["expire-cert", "master1"], FaultError.usage),
        (["fsync-latency", "master1", "slow"], FaultError.badArgument("slow")),
        (["fsync-latency", "master1", "0"], FaultError.badArgument("0")),
    ])
    func badArgumentsAreRefused(words: [String], error: FaultError) {
        #expect(Fault.parse(words) == .failure(error))
    }

    /// A DROP on the peer port between two pairs of a four-member cluster: neither half has a
    /// quorum of three, so nobody leads; removing the rules brings a leader back.
    @Test func evenSplitOnThePeerPortLeavesNoLeader() throws {
        var cluster = Cluster.build(spec: Self.stacked4, seed: 5)
        #expect(cluster.etcd.leader != nil)
        for (node, others) in [("master1", ["10.0.1.12", "10.0.1.13"]), ("master2", ["10.0.1.12", "10.0.1.13"])] {
            cluster.updateFirewall(on: node) { rules in
                for source in others {
                    rules.append(FirewallRule(chain: "INPUT", proto: "tcp", port: 2380, source: source, target: .drop))
                }
            }
        }
        cluster.advance(milliseconds: 30_000)
        #expect(cluster.etcd.leader == nil && !cluster.etcd.hasQuorum)
        #expect(cluster.etcd.members.allSatisfy { $0.running && $0.isolated })
        #expect(!cluster.apiServerStatus(node: "master1").healthy)
        for node in ["master1", "master2"] { cluster.updateFirewall(on: node) { $0.removeAll() } }
        cluster.advance(milliseconds: 2_000)
        #expect(cluster.etcd.leader != nil)
    }

    /// `drop-port NODE 2380` on the leader cuts it off from both followers: they elect another.
    @Test func droppingThePeerPortOnTheLeaderMovesLeadership() throws {
        var cluster = Cluster.build(spec: stacked3, seed: 9)
        let leader = try #require(cluster.etcd.leader)
        #expect(throws: Never.self) { try cluster.inject(.dropPort(node: leader.node, port: 2380)).get() }
        #expect(
            cluster.node(named: leader.node)?.firewall == [FirewallRule(chain: "INPUT", proto: "tcp", port: 2380, target: .drop)])
        cluster.advance(milliseconds: 2_000)
        let successor = try #require(cluster.etcd.leader)
        #expect(successor.id != leader.id)
        #expect(cluster.etcd.member(id: leader.id)?.isolated == true)
    }

    /// DROP on 2379 of a member: the API server beside it, which talks to etcd through
    /// 127.0.0.1:2379, loses its storage; the others keep theirs.
    @Test func droppingTheClientPortFailsTheLocalAPIServer() {
        var cluster = Cluster.build(spec: stacked3, seed: 9)
        _ = cluster.inject(.dropPort(node: "master2", port: 2379))
        #expect(cluster.apiServerStatus(node: "master2").etcdProblem == "no etcd server reachable")
        #expect(cluster.apiServerStatus(node: "master1").healthy)
        #expect(cluster.connectivity(from: "master1", to: "master2", port: 2379) == .timeout)
        #expect(cluster.connectivity(from: "master1", to: "master2", port: 2380) == .open)
        cluster.updateFirewall(on: "master3") {
            $0.append(FirewallRule(chain: "INPUT", proto: "tcp", port: 6443, target: .reject))
        }
        #expect(cluster.connectivity(from: "lb", to: "master3", port: 6443) == .refused)
    }

    /// HAProxy's checks to a dropped 6443 time out: DOWN after `fall` checks of `inter` each.
    @Test func droppingTheAPIPortTakesTheBackendDownAfterFallChecks() throws {
        var cluster = Cluster.build(spec: stacked3, seed: 4)
        // HAProxy just started: its counters climb from `rise` to `rise + fall - 1` first.
        cluster.advance(milliseconds: 60_000)
        let before = cluster.events.count
        _ = cluster.inject(.dropPort(node: "master1", port: 6443))
        let start = cluster.now
        cluster.advance(milliseconds: 60_000)
        let down = try #require(
            cluster.events.dropFirst(before).first { $0.message.contains("/master1 is DOWN") })
        #expect(down.message.contains("reason: Layer4 timeout"))
        // The guide's haproxy.cfg: check fall 3 rise 2, inter 2s by default: 3 checks, the first within 2 s.
        let elapsed = down.time.milliseconds - start.milliseconds
        #expect(elapsed >= 4_000 && elapsed <= 6_000, "DOWN after \(elapsed) ms")
        #expect(cluster.apiServerStatus(node: "master1").healthy, "the API server itself is fine")
        // The rule removed: UP again after `rise` (2) passing checks, `inter` apart.
        let healed = cluster.now
        cluster.updateFirewall(on: "master1") { $0.removeAll() }
        cluster.advance(milliseconds: 10_000)
        let up = try #require(cluster.events.last { $0.message.contains("/master1 is UP") })
        let back = up.time.milliseconds - healed.milliseconds
        #expect(back > 2_000 && back <= 4_000, "UP after \(back) ms")
    }

    /// Pre-vote: a follower cut off for a while and then healed does not force an election.
    @Test(arguments: Array(UInt64(1)...UInt64(10)))
    func aHealedFollowerDoesNotDisruptTheLeader(seed: UInt64) throws {
        var cluster = Cluster.build(spec: stacked3, seed: seed)
        let leader = try #require(cluster.etcd.leader)
        let term = cluster.etcd.term
        let follower = try #require(cluster.etcd.members.first { $0.id != leader.id })
        _ = cluster.inject(.partition(nodes: [follower.node]))
        cluster.advance(milliseconds: 30_000)
        #expect(cluster.etcd.member(id: follower.id)?.isolated == true)
        _ = cluster.inject(.heal)
        cluster.advance(milliseconds: 30_000)
        #expect(cluster.etcd.leaderID == leader.id && cluster.etcd.term == term)
        #expect(cluster.etcd.member(id: follower.id)?.isolated == false)
    }

    @Test func expiringTheAPIServerCertificateMovesNotAfterIntoThePast() throws {
        var cluster = Cluster.build(spec: stacked3, seed: 2)
        #expect(throws: Never.self) { try cluster.inject(.expireCertificate(node: "master1", certificate: "apiserver")).get() }
        let text = try #require(cluster.node(named: "master1")?.files.read("/etc/kubernetes/pki/apiserver.crt").success)
        let certificate = try #require(Certificate.parse(pem: text))
        #expect(certificate.notAfter == cluster.now.adding(days: -1))
        let problem = try #require(certificate.validityProblem(at: cluster.now))
        #expect(problem.hasPrefix("certificate has expired or is not yet valid: current time "))
        #expect(problem.hasSuffix(" is after " + String(certificate.notAfter.civil.iso8601Milliseconds.prefix(19)) + "Z"))
        #expect(throws: FaultError.nothingToDo("master1 has no certificate 'nope'")) {
            try cluster.inject(.expireCertificate(node: "master1", certificate: "nope")).get()
        }
    }

    /// An expired etcd serving certificate: the API server beside it can no longer use its etcd.
    @Test func anExpiredEtcdServerCertificateCutsOffTheAPIServer() {
        var cluster = Cluster.build(spec: stacked3, seed: 2)
        _ = cluster.inject(.expireCertificate(node: "master3", certificate: "etcd/server"))
        #expect(cluster.apiServerStatus(node: "master3").etcdProblem == "no etcd server reachable")
        #expect(cluster.apiServerStatus(node: "master2").healthy)
    }

    /// A slow disk under the leader: it loses leadership again and again while it keeps winning.
    @Test func aLeaderOnASlowDiskKeepsLosingLeadership() throws {
        var cluster = Cluster.build(spec: stacked3, seed: 3)
        let term = cluster.etcd.term
        for node in ["master1", "master2", "master3"] { _ = cluster.inject(.fsyncLatency(node: node, milliseconds: 1_500)) }
        cluster.advance(milliseconds: 60_000)
        let lost = cluster.events.filter { $0.message.hasSuffix("lost leadership: its followers stopped hearing its heartbeats") }
        #expect(lost.count >= 10, "\(lost.count) leader losses in a minute")
        #expect(cluster.etcd.term >= term + 10)
        let warnings = cluster.events.filter { $0.source.hasPrefix("etcd/") }.compactMap { EtcdLogLine.decode($0.message) }
        let slow = try #require(warnings.first { $0.message == "slow fdatasync" })
        #expect(slow.level == "warn" && slow.fields.map(\.key) == ["took", "expected-duration"])
        #expect(slow.fields.map(\.value) == ["1.5s", "1s"])
        let member = try #require(cluster.etcd.member(onNode: "master1"))
        let histogram = cluster.etcdDiskHistogram(member)
        // 1.5 s lands in the 2.048 s bucket (index 11), not in the 1.024 s one.
        #expect(histogram.cumulative[11] - histogram.cumulative[10] >= 60)
        #expect(histogram.cumulative.last == histogram.count)
    }

    /// A slow follower (below the election timeout) leaves the leader alone.
    @Test func aSlowFollowerDiskDoesNotMoveLeadership() throws {
        var cluster = Cluster.build(spec: stacked3, seed: 3)
        let leader = try #require(cluster.etcd.leader)
        let term = cluster.etcd.term
        let follower = try #require(cluster.etcd.members.first { $0.id != leader.id })
        _ = cluster.inject(.fsyncLatency(node: follower.node, milliseconds: 5_000))
        _ = cluster.inject(.fsyncLatency(node: leader.node, milliseconds: 400))
        cluster.advance(milliseconds: 60_000)
        #expect(cluster.etcd.leaderID == leader.id && cluster.etcd.term == term)
    }

    /// The node lifecycle controller: NotReady only after the 40 s node-monitor grace period.
    @Test func aStoppedKubeletTurnsTheNodeNotReadyAfterTheGracePeriod() {
        var cluster = Cluster.build(spec: stacked3, seed: 6)
        _ = cluster.inject(.stopUnit(node: "worker1", unit: "kubelet"))
        cluster.advance(milliseconds: 39_999)
        #expect(cluster.nodeReady("worker1"))
        cluster.advance(milliseconds: 1)
        #expect(!cluster.nodeReady("worker1"))
        _ = cluster.inject(.powerOff(node: "worker2"))
        cluster.advance(milliseconds: 39_000)
        #expect(cluster.nodeReady("worker2"))
        cluster.advance(milliseconds: 1_000)
        #expect(!cluster.nodeReady("worker2"))
    }

    /// client-go's defaults (15 s lease, 10 s renew deadline, 2 s retry): after the holder's node
    /// dies the lease moves to another control plane between 15 and 17 s later.
    @Test(arguments: Array(UInt64(1)...UInt64(8)))
    func theControllerManagerLeaseMovesWithinFifteenToSeventeenSeconds(seed: UInt64) throws {
        var cluster = Cluster.build(spec: stacked3, seed: seed)
        let holder = try #require(cluster.lease("kube-controller-manager")?.holderNode)
        _ = cluster.inject(.powerOff(node: holder))
        let died = cluster.now
        cluster.advance(milliseconds: 30_000)
        let lease = try #require(cluster.lease("kube-controller-manager"))
        #expect(lease.holderNode != holder && lease.holderNode != nil)
        let moved = lease.acquireTime.milliseconds - died.milliseconds
        #expect(moved >= 15_000 - 2_000 && moved <= 17_000, "moved after \(moved) ms")
    }

    /// An expired peer certificate: its member's peers refuse it, so it drops out of the quorum.
    @Test func anExpiredPeerCertificateIsolatesTheMember() throws {
        var cluster = Cluster.build(spec: stacked3, seed: 12)
        let leader = try #require(cluster.etcd.leader)
        _ = cluster.inject(.expireCertificate(node: leader.node, certificate: "etcd/peer"))
        cluster.advance(milliseconds: 3_000)
        #expect(cluster.etcd.member(id: leader.id)?.isolated == true)
        #expect(cluster.etcd.leader.map { $0.id != leader.id } == true)
    }
}
