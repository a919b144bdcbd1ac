import Testing

@testable import ClusterSim

@Suite struct LeaderElectionTests {
    func moveAway(_ cluster: inout Cluster, _ node: String, _ file: String) {
        cluster.updateNode(node) { node in
            let path = "/etc/kubernetes/manifests/\(file)"
            guard let text = node.files.read(path).success else { return }
            _ = node.files.write("/root/\(file)", text)
            _ = node.files.remove(path)
        }
    }

    @Test func bothComponentsHoldALeaseFromTheStart() throws {
        let cluster = Cluster.build(spec: stacked3, seed: 3)
        for component in LeaderElection.components {
            let lease = try #require(cluster.lease(component))
            let holder = try #require(lease.holderNode)
            #expect(["master1", "master2", "master3"].contains(holder))
            #expect(
                try #/^master[1-3]_[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/#.wholeMatch(
                    in: lease.holderIdentity ?? "") != nil)
            #expect(lease.leaseDurationSeconds == 15)
            #expect(lease.renewTime <= cluster.now && cluster.now.milliseconds - lease.renewTime.milliseconds < 2_000)
        }
    }

    @Test func schedulerFailoverWaitsForTheLeaseToExpire() throws {
        var cluster = Cluster.build(spec: stacked3, seed: 8)
        let before = try #require(cluster.lease("kube-scheduler"))
        let holder = try #require(before.holderNode)
        moveAway(&cluster, holder, "kube-scheduler.yaml")
        cluster.advance(milliseconds: Kubelet.fileCheckMilliseconds)
        let stopped = try #require(cluster.lease("kube-scheduler"))
        #expect(stopped.holderNode == holder, "the lease still names the old holder until it expires")
        let frozen = stopped.renewTime
        // The lease expires 15 s after the last renewal; a candidate takes it within one retry period.
        cluster.advance(milliseconds: frozen.milliseconds + 14_000 - cluster.now.milliseconds)
        #expect(cluster.lease("kube-scheduler")?.holderNode == holder)
        cluster.advance(milliseconds: 3_001)
        let after = try #require(cluster.lease("kube-scheduler"))
        #expect(after.holderNode != holder && after.holderNode != nil)
        #expect(after.leaseTransitions == before.leaseTransitions + 1)
        #expect(after.acquireTime.milliseconds >= frozen.milliseconds + 15_000)
    }

    @Test func leaderElectFalseNeverTakesTheLease() throws {
        var cluster = Cluster.build(spec: stacked3, seed: 8)
        for node in ["master1", "master2", "master3"] {
            cluster.updateNode(node) { node in
                let path = "/etc/kubernetes/manifests/kube-controller-manager.yaml"
                let text = node.files.read(path).success ?? ""
                _ = node.files.write(path, text.replacingOccurrences(of: "--leader-elect=true", with: "--leader-elect=false"))
            }
        }
        cluster.advance(milliseconds: 60_000)
        let lease = try #require(cluster.lease("kube-controller-manager"))
        #expect(cluster.candidates(for: "kube-controller-manager").isEmpty)
        #expect(cluster.now.milliseconds - lease.renewTime.milliseconds >= 40_000, "nobody renews it any more")
    }

    @Test func withoutQuorumNobodyCanTakeTheLease() throws {
        var cluster = Cluster.build(spec: stacked3, seed: 12)
        for node in ["master1", "master2", "master3"] { moveAway(&cluster, node, "etcd.yaml") }
        cluster.advance(milliseconds: 90_000)
        let stuck = try #require(cluster.lease("kube-scheduler"))
        #expect(cluster.now.milliseconds - stuck.renewTime.milliseconds >= 60_000)
        cluster.updateNode("master2") { node in
            _ = node.files.write("/etc/kubernetes/manifests/etcd.yaml", node.files.read("/root/etcd.yaml").success ?? "")
        }
        cluster.updateNode("master3") { node in
            _ = node.files.write("/etc/kubernetes/manifests/etcd.yaml", node.files.read("/root/etcd.yaml").success ?? "")
        }
        cluster.advance(milliseconds: Kubelet.fileCheckMilliseconds + 5_000)
        let back = try #require(cluster.lease("kube-scheduler"))
        #expect(back.leaseTransitions == stuck.leaseTransitions + 1)
        #expect(cluster.now.milliseconds - back.renewTime.milliseconds < 2_000)
    }

    /// Random fault schedules: holders never overlap and a holder always runs its component.
    @Test(arguments: Array(UInt64(1)...UInt64(25)))
    func leasesNeverOverlap(seed: UInt64) {
        var cluster = Cluster.build(spec: stacked3, seed: seed)
        var faults = SeededGenerator(seed: seed, label: "lease-faults")
        let files = ["kube-scheduler.yaml", "kube-controller-manager.yaml", "kube-apiserver.yaml", "etcd.yaml"]
        var lastTransitions = LeaderElection.components.map { cluster.lease($0)?.leaseTransitions ?? 0 }
        for step in 0..<150 {
            let node = ["master1", "master2", "master3"][faults.int(in: 0...2)]
            let file = files[faults.int(in: 0...3)]
            cluster.updateNode(node) { node in
                let live = "/etc/kubernetes/manifests/\(file)", parked = "/root/\(file)"
                if let text = node.files.read(live).success {
                    _ = node.files.write(parked, text)
                    _ = node.files.remove(live)
                } else if let text = node.files.read(parked).success {
                    _ = node.files.write(live, text)
                    _ = node.files.remove(parked)
                }
            }
            cluster.advance(milliseconds: Int64(faults.int(in: 0...30_000)))
            for (index, component) in LeaderElection.components.enumerated() {
                guard let lease = cluster.lease(component) else { continue }
                #expect(lease.leaseTransitions >= lastTransitions[index], "seed \(seed) step \(step)")
                lastTransitions[index] = lease.leaseTransitions
                #expect(lease.renewTime <= cluster.now)
            }
        }
    }
}
