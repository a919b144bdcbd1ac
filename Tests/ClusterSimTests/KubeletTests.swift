import Testing

@testable import ClusterSim

@Suite struct KubeletTests {
    let manifest = "/etc/kubernetes/manifests/etcd.yaml"

    /// Moves a node's etcd manifest away (as `mv` does) or back.
    func move(_ cluster: inout Cluster, _ node: String, away: Bool) {
        cluster.updateNode(node) { node in
            let (from, to) = away ? (manifest, "/root/etcd.yaml") : ("/root/etcd.yaml", manifest)
            guard let text = node.files.read(from).success else { return }
            _ = node.files.write(to, text)
            _ = node.files.remove(from)
        }
    }

    @Test func movingTheManifestStopsTheMemberAtTheNextFileCheck() throws {
        var cluster = Cluster.build(spec: stacked3, seed: 7)
        let leader = try #require(cluster.etcd.leader)
        let term = cluster.etcd.term
        move(&cluster, leader.node, away: true)
        #expect(cluster.etcd.member(id: leader.id)?.running == true, "nothing happens before the kubelet looks")
        cluster.advance(milliseconds: Kubelet.fileCheckMilliseconds)
        #expect(cluster.etcd.member(id: leader.id)?.running == false)
        #expect(cluster.node(named: leader.node)?.staticPods[manifest] == nil)
        #expect(cluster.node(named: leader.node)?.staticPods.count == 3, "the other control-plane pods keep running")
        cluster.advance(milliseconds: 2_000)
        let successor = try #require(cluster.etcd.leader, "two of three members still have quorum")
        #expect(successor.id != leader.id && cluster.etcd.term == term + 1)
        #expect(
            cluster.events.contains { $0.message == "\(successor.name) (\(successor.hexID)) elected leader at term \(term + 1)" })
    }

    @Test func twoDownMeansNoLeaderUntilOneReturns() throws {
        var cluster = Cluster.build(spec: stacked3, seed: 11)
        move(&cluster, "master2", away: true)
        move(&cluster, "master3", away: true)
        cluster.advance(milliseconds: 60_000)
        #expect(cluster.etcd.leader == nil && !cluster.etcd.hasQuorum)
        move(&cluster, "master3", away: false)
        cluster.advance(milliseconds: Kubelet.fileCheckMilliseconds + 2_000)
        #expect(cluster.etcd.hasQuorum)
        #expect(cluster.etcd.leader.map { ["master1", "master3"].contains($0.name) } == true)
    }

    @Test func aBrokenManifestRemovesThePodAndSaysWhy() throws {
        var cluster = Cluster.build(spec: stacked3, seed: 3)
        cluster.updateNode("master1") { node in
            let text = node.files.read(manifest).success ?? ""
            _ = node.files.write(manifest, text.replacingOccurrences(of: "  name: etcd\n", with: "  name: etcd\n bad: [\n"))
        }
        cluster.advance(milliseconds: Kubelet.fileCheckMilliseconds)
        #expect(cluster.etcd.member(onNode: "master1")?.running == false)
        let complaint = try #require(
            cluster.events.last { $0.source == "kubelet/master1" && $0.message.hasPrefix("\"Could not process") })
        #expect(
            complaint.message.hasPrefix(
                "\"Could not process manifest file\" err=\"/etc/kubernetes/manifests/etcd.yaml: couldn't parse as pod(error converting YAML to JSON: yaml: line "
            ))
        #expect(complaint.message.hasSuffix("), please check config file\" path=\"/etc/kubernetes/manifests/etcd.yaml\""))
    }

    @Test func stoppingTheKubeletLeavesStaticPodsRunning() {
        var cluster = Cluster.build(spec: stacked3, seed: 5)
        cluster.updateNode("master2") { $0.units["kubelet"] = .inactive }
        move(&cluster, "master2", away: true)
        cluster.advance(milliseconds: 120_000)
        #expect(cluster.etcd.member(onNode: "master2")?.running == true, "containerd keeps the container; nobody stops it")
    }

    @Test func manifestFlagsAreRead() throws {
        let cluster = Cluster.build(spec: stacked3, seed: 5)
        let pod = try #require(cluster.node(named: "master3")?.staticPods[manifest]?.pod)
        #expect(pod.name == "etcd" && pod.flag("name") == "master3" && pod.flag("data-dir") == "/var/lib/etcd")
        #expect(pod.hostPaths == ["etcd-data": "/var/lib/etcd", "etcd-certs": "/etc/kubernetes/pki/etcd"])
        #expect(pod.image == "registry.k8s.io/etcd:3.5.15-0")
    }

    /// Seeded random fault schedules; the Raft invariants hold after every step.
    @Test(arguments: Array(UInt64(1)...UInt64(40)))
    func randomFaultSchedulesKeepInvariants(seed: UInt64) {
        var cluster = Cluster.build(spec: stacked3, seed: seed)
        var faults = SeededGenerator(seed: seed, label: "faults")
        var away: Set<String> = []
        var lastTerm = cluster.etcd.term
        for step in 0..<200 {
            let node = ["master1", "master2", "master3"][faults.int(in: 0...2)]
            switch faults.int(in: 0...3) {
            case 0: if away.insert(node).inserted { move(&cluster, node, away: true) }
            case 1: if away.remove(node) != nil { move(&cluster, node, away: false) }
            default: break
            }
            cluster.advance(milliseconds: Int64(faults.int(in: 0...45_000)))
            let etcd = cluster.etcd
            let context = "seed \(seed) step \(step)"
            #expect(etcd.term >= lastTerm, "terms never go back (\(context))")
            lastTerm = etcd.term
            if let leader = etcd.leader {
                #expect(leader.running && etcd.hasQuorum, "a leader runs and has a quorum (\(context))")
            }
            #expect(
                etcd.members.filter(\.running).count == 3 - away.count
                    || cluster.now.milliseconds % Kubelet.fileCheckMilliseconds != 0,
                "after a file check, exactly the members with manifests run (\(context))")
        }
        // Heal everything: within one file check and one election the cluster leads again.
        for node in away { move(&cluster, node, away: false) }
        cluster.advance(milliseconds: Kubelet.fileCheckMilliseconds + 2_001)
        #expect(cluster.etcd.leader != nil && cluster.etcd.members.allSatisfy(\.running), "seed \(seed)")
    }
}
