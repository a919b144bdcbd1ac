import Testing

@testable import ClusterSim

/// Units started and stopped through systemd: what keeps running, what reacts, what is logged.
@Suite struct SystemdTests {
    let manifest = "/etc/kubernetes/manifests/etcd.yaml"

    func moveManifestAway(_ cluster: inout Cluster, _ node: String) {
        cluster.updateNode(node) { node in
            guard let text = node.files.read(manifest).success else { return }
            _ = node.files.write("/root/etcd.yaml", text)
            _ = node.files.remove(manifest)
        }
    }

    @Test func aStoppedKubeletIgnoresAMovedManifestUntilItStartsAgain() throws {
        var cluster = Cluster.build(spec: stacked3, seed: 21)
        cluster.stopUnit("kubelet", on: "master2")
        #expect(cluster.node(named: "master2")?.units["kubelet"] == .inactive)
        #expect(cluster.node(named: "master2")?.staticPods.count == 4, "stopping the kubelet stops no pod")
        moveManifestAway(&cluster, "master2")
        cluster.advance(milliseconds: 5 * Kubelet.fileCheckMilliseconds)
        #expect(cluster.etcd.member(onNode: "master2")?.running == true, "nobody reads the manifests")
        #expect(cluster.node(named: "master2")?.staticPods[manifest] != nil)

        cluster.startUnit("kubelet", on: "master2")
        #expect(cluster.etcd.member(onNode: "master2")?.running == false, "a started kubelet rereads at once")
        #expect(cluster.node(named: "master2")?.staticPods[manifest] == nil)
        #expect(
            cluster.events.contains { $0.source == "kubelet/master2" && $0.message.hasPrefix("static pod etcd-master2 stopped") })
    }

    @Test func restartingTheKubeletPicksUpAnEditedManifest() throws {
        var cluster = Cluster.build(spec: stacked3, seed: 4)
        cluster.stopUnit("kubelet", on: "master1")
        cluster.updateNode("master1") { node in
            let text = node.files.read(manifest).success ?? ""
            _ = node.files.write(manifest, text.replacingOccurrences(of: "--snapshot-count=10000", with: "--snapshot-count=5000"))
        }
        cluster.advance(milliseconds: 2 * Kubelet.fileCheckMilliseconds)
        let before = try #require(cluster.node(named: "master1")?.staticPods[manifest])
        #expect(before.pod.flag("snapshot-count") == "10000", "a stopped kubelet does not see the edit")
        cluster.restartUnit("kubelet", on: "master1")
        let after = try #require(cluster.node(named: "master1")?.staticPods[manifest])
        #expect(after.pod.flag("snapshot-count") == "5000" && after.startedAt == cluster.now)
    }

    @Test func stoppingExternalEtcdUnitsCostsQuorumAtOnce() throws {
        var cluster = Cluster.build(spec: LayoutTests.external, seed: 13)
        #expect(cluster.etcd.voters.count == 3 && cluster.etcd.quorumSize == 2)
        cluster.stopUnit("etcd", on: "etcd1")
        #expect(cluster.etcd.member(onNode: "etcd1")?.running == false)
        #expect(cluster.etcd.hasQuorum, "2 of 3 is still a quorum")
        cluster.advance(milliseconds: 3_000)
        #expect(cluster.etcd.leader.map { $0.node != "etcd1" } == true)

        cluster.stopUnit("etcd", on: "etcd2")
        #expect(!cluster.etcd.hasQuorum && cluster.etcd.leader == nil, "1 of 3 is no quorum")
        cluster.advance(milliseconds: 60_000)
        #expect(cluster.etcd.leader == nil)

        cluster.startUnit("etcd", on: "etcd2")
        #expect(cluster.etcd.hasQuorum)
        cluster.advance(milliseconds: 3_000)
        #expect(cluster.etcd.leader.map { ["etcd2", "etcd3"].contains($0.node) } == true)
        #expect(cluster.events.contains { $0.source == "systemd/etcd1" && $0.message == "Stopped etcd.service - etcd." })
    }

    @Test func unitsBootWithRecordsAndStartedEvents() throws {
        let cluster = Cluster.build(spec: stacked3, seed: 2)
        let record = try #require(cluster.unitRecord("kubelet", on: "master1"))
        #expect(record.enabled && record.since < cluster.now && record.mainPID > 1)
        #expect(cluster.node(named: "master1")?.files.isFile("/usr/lib/systemd/system/containerd.service") == true)
        #expect(cluster.node(named: "lb")?.files.isFile("/usr/lib/systemd/system/haproxy.service") == true)
        #expect(
            cluster.events.contains {
                $0.source == "systemd/master1" && $0.message == "Started kubelet.service - kubelet: The Kubernetes Node Agent."
            })
        #expect(zip(cluster.events, cluster.events.dropFirst()).allSatisfy { $0.time <= $1.time }, "the log stays in time order")
        #expect(!cluster.unitNeedsReload("kubelet", on: "master1"))
    }

    @Test func aStartedUnitGetsANewPID() throws {
        var cluster = Cluster.build(spec: stacked3, seed: 8)
        let first = try #require(cluster.unitRecord("containerd", on: "worker1")).mainPID
        cluster.advance(milliseconds: 10_000)
        cluster.restartUnit("containerd", on: "worker1")
        let record = try #require(cluster.unitRecord("containerd", on: "worker1"))
        #expect(record.mainPID > first && record.since == cluster.now)
        #expect(record.pid(at: cluster.now.adding(milliseconds: -5_000)) == first)
    }

    /// An edited unit takes effect at a restart only after `daemon-reload`, as systemd does: the
    /// restart reuses the definition systemd loaded, and the running process keeps its own.
    @Test func anEditedUnitNeedsDaemonReloadBeforeARestartUsesIt() throws {
        var cluster = Cluster.build(spec: FaultScheduleTests.external3, seed: 8)
        let unit = Cluster.etcdUnitPath
        cluster.updateNode("etcd1") { node in
            let text = node.files.read(unit).success ?? ""
            _ = node.files.write(unit, text.replacingOccurrences(of: "--name=etcd1", with: "--name=renamed"))
        }
        let node = try #require(cluster.node(named: "etcd1"))
        #expect(cluster.unitNeedsReload("etcd", on: "etcd1"))
        #expect(cluster.etcdServerConfig(on: node)?.name == "etcd1", "the running process keeps its flags")
        cluster.restartUnit("etcd", on: "etcd1")
        #expect(cluster.etcdServerConfig(on: try #require(cluster.node(named: "etcd1")))?.name == "etcd1")
        cluster.reloadUnitFiles(on: "etcd1")
        #expect(!cluster.unitNeedsReload("etcd", on: "etcd1"))
        #expect(
            cluster.etcdServerConfig(on: try #require(cluster.node(named: "etcd1")))?.name == "etcd1",
            "daemon-reload alone changes no running process")
        cluster.restartUnit("etcd", on: "etcd1")
        #expect(cluster.etcdServerConfig(on: try #require(cluster.node(named: "etcd1")))?.name == "renamed")
    }
}
