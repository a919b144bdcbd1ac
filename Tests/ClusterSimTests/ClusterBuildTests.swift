import Testing

@testable import ClusterSim

let stacked3 = ClusterSpec(
    id: "stacked-3", etcdVersion: "3.5.15", topology: .stacked,
    nodes: [
        .init(name: "lb", ip: "10.0.1.100", role: .loadBalancer),
        .init(name: "master1", ip: "10.0.1.10", role: .controlPlane),
        .init(name: "master2", ip: "10.0.1.11", role: .controlPlane),
        .init(name: "master3", ip: "10.0.1.12", role: .controlPlane),
        .init(name: "worker1", ip: "10.0.1.20", role: .worker),
        .init(name: "worker2", ip: "10.0.1.21", role: .worker),
    ])

@Suite struct ClusterBuildTests {
    @Test func sameSeedGivesIdenticalCluster() {
        #expect(Cluster.build(spec: stacked3, seed: 42) == Cluster.build(spec: stacked3, seed: 42))
    }

    @Test func differentSeedsGiveDifferentLeaders() {
        let leaders = Set((1...10).compactMap { Cluster.build(spec: stacked3, seed: UInt64($0)).etcd.leader?.name })
        #expect(leaders.count >= 2, "leaders over 10 seeds: \(leaders)")
    }

    @Test(arguments: [UInt64(1), 7, 99, 123_456])
    func etcdMembersFollowTheStackedTopology(seed: UInt64) {
        let etcd = Cluster.build(spec: stacked3, seed: seed).etcd
        #expect(etcd.members.map(\.node).sorted() == ["master1", "master2", "master3"])
        #expect(etcd.members.allSatisfy { $0.hexID.count == 16 }, "seed \(seed)")
        #expect(etcd.members.map(\.id) == etcd.members.map(\.id).sorted(), "members are listed by ascending ID")
        #expect(Set(etcd.members.map(\.id)).count == 3)
        #expect(etcd.leader != nil && etcd.hasQuorum && etcd.quorumSize == 2)
        #expect(etcd.member(onNode: "master2")?.peerURLs == ["https://10.0.1.11:2380"])
    }

    @Test func quorumIsLostWithTwoOfThreeDown() {
        var etcd = Cluster.build(spec: stacked3, seed: 3).etcd
        for member in etcd.members.prefix(2) { etcd.update(memberID: member.id) { $0.running = false } }
        #expect(!etcd.hasQuorum)
    }

    @Test func controlPlanesCarryKubeadmPKI() throws {
        let cluster = Cluster.build(spec: stacked3, seed: 5)
        let files = try #require(cluster.node(named: "master1")).files
        for name in ["ca", "server", "peer", "healthcheck-client"] {
            #expect(files.isFile("/etc/kubernetes/pki/etcd/\(name).crt"))
            #expect(files.isFile("/etc/kubernetes/pki/etcd/\(name).key"))
        }
        #expect(files.isFile("/etc/kubernetes/pki/apiserver-etcd-client.crt"))
        #expect(files.isFile("/etc/kubernetes/manifests/etcd.yaml"))
        let ca = try #require(Certificate.parse(pem: try files.read("/etc/kubernetes/pki/etcd/ca.crt").get()))
        let server = try #require(Certificate.parse(pem: try files.read("/etc/kubernetes/pki/etcd/server.crt").get()))
        #expect(ca.isCA && ca.subjectCN == "etcd-ca")
        #expect(server.issuerCN == "etcd-ca" && server.ipAddresses.contains("10.0.1.10"))
        // kubeadm: CAs last 10 years, leaves 1 year.
        #expect(ca.notAfter == ca.notBefore.adding(days: 3650))
        #expect(server.notAfter == server.notBefore.adding(days: 365))
        // The etcd CA is shared by every control plane; leaf keys are not.
        let other = try #require(cluster.node(named: "master2")).files
        #expect(try other.read("/etc/kubernetes/pki/etcd/ca.crt").get() == files.read("/etc/kubernetes/pki/etcd/ca.crt").get())
        #expect(
            try other.read("/etc/kubernetes/pki/etcd/server.key").get() != files.read("/etc/kubernetes/pki/etcd/server.key").get()
        )
    }

    @Test func joinedMembersUseExistingClusterState() throws {
        let cluster = Cluster.build(spec: stacked3, seed: 5)
        let first = try #require(cluster.node(named: "master1")).files.read("/etc/kubernetes/manifests/etcd.yaml").get()
        let third = try #require(cluster.node(named: "master3")).files.read("/etc/kubernetes/manifests/etcd.yaml").get()
        #expect(first.contains("    - --initial-cluster=master1=https://10.0.1.10:2380\n"))
        #expect(!first.contains("initial-cluster-state"))
        #expect(
            third.contains(
                "--initial-cluster=master1=https://10.0.1.10:2380,master2=https://10.0.1.11:2380,master3=https://10.0.1.12:2380\n"
            ))
        #expect(third.contains("    - --initial-cluster-state=existing\n"))
    }
}

@Suite struct FileSystemTests {
    @Test(arguments: [
        ("etcd-leader.txt", "/root", "/root/etcd-leader.txt"), ("../etc/./hosts", "/root", "/etc/hosts"),
        ("~/x", "/tmp", "/root/x"), ("/a/b/../../..", "/", "/"),
    ])
    func resolvesPaths(raw: String, cwd: String, expected: String) {
        #expect(FileSystem.resolve(raw, cwd: cwd) == expected)
    }

    @Test func writeNeedsAnExistingParent() throws {
        var files = FileSystem()
        files.makeDirectories("/root")
        #expect(throws: FileSystem.Failure.noSuchFile) { try files.write("/nope/x", "a").get() }
        #expect(throws: Never.self) { try files.write("/root/x", "a\n").get() }
        #expect(throws: Never.self) { try files.write("/root/x", "b\n", append: true).get() }
        #expect(try files.read("/root/x").get() == "a\nb\n")
        #expect(try files.list("/").get() == ["root"])
    }
}

@Suite struct SimTimeTests {
    @Test func civilRoundTrip() {
        let time = SimTime.from(year: 2026, month: 11, day: 24, hour: 20, minute: 46, second: 26).adding(milliseconds: 434)
        #expect(time.civil.iso8601Milliseconds == "2026-11-24T20:46:26.434Z")
        #expect(SimTime.from(year: 2027, month: 1, day: 1).civil.opensslDate == "Jan  1 00:00:00 2027 GMT")
        #expect(SimTime.from(year: 1970, month: 1, day: 1).milliseconds == 0)
    }

    @Test func generatorIsStableAcrossProcesses() {
        var rng = SeededGenerator(seed: 1)
        // SplitMix64's published first output for seed 1.
        #expect(rng.next() == 0x910A_2DEC_8902_5CC1)
    }
}
