/// Builds a fresh, seeded cluster from a spec, laying files out as kubeadm does.
extension Cluster {
    /// A new cluster of the given shape; the seed decides member IDs, the leader, sizes and dates.
    public static func build(spec: ClusterSpec, seed: UInt64) -> Cluster {
        built.value(for: BuildKey(spec: spec, seed: seed)) { assemble(spec: $0.spec, seed: $0.seed) }
    }

    private struct BuildKey: Hashable, Sendable, Codable {
        var spec: ClusterSpec
        var seed: UInt64
    }

    /// Fresh clusters by shape and seed: a cluster is a value, so every drill, reset, verify run
    /// and mistake on the same seed starts from one copy of it.
    private static let built = ParseCache<BuildKey, Cluster>(limit: 64)

    /// Builds the cluster afresh every time (`build` remembers the result).
    public static func assemble(spec: ClusterSpec, seed: UInt64) -> Cluster {
        var rng = SeededGenerator(seed: seed, label: "cluster/\(spec.id)")
        let createdAt = SimTime.from(year: 2026, month: 5, day: 1, hour: 8)
            .adding(days: Int64(rng.int(in: 0...60)))
            .adding(milliseconds: Int64(rng.int(in: 0...86_399)) * 1000)
        let now = createdAt.adding(days: Int64(rng.int(in: 20...120)))
            .adding(milliseconds: Int64(rng.int(in: 0...86_399_999)))

        var etcd = buildEtcd(spec: spec, runningSince: createdAt, rng: &rng)
        var keysRNG = SeededGenerator(seed: seed, label: "etcd-keys/\(spec.id)")
        etcd.systemKeys = etcd.members.isEmpty ? 0 : keysRNG.int(in: 700...1_600)
        // kube-apiserver compacts etcd every five minutes: old history is already gone.
        etcd.compactedRevision = max(1, etcd.revision - Int64(keysRNG.int(in: 400...2_500)))
        var pki = PKIFactory(createdAt: createdAt, rng: rng)
        var nodes: [Node] = []
        // The machines last booted days ago; the static pods came up a minute after boot.
        var bootRNG = SeededGenerator(seed: seed, label: "boot/\(spec.id)")
        let bootedAt = now.adding(milliseconds: -Int64(bootRNG.int(in: 86_400...(6 * 86_400))) * 1000)
        let podsStartedAt = bootedAt.adding(milliseconds: Int64(bootRNG.int(in: 95_000...140_000)))
        for nodeSpec in spec.nodes {
            nodes.append(NodeLayout.build(nodeSpec, spec: spec, etcd: etcd, startedAt: podsStartedAt, pki: &pki))
        }
        rng = pki.rng
        var cluster = Cluster(
            spec: spec, seed: seed, nodes: nodes, etcd: etcd, createdAt: createdAt,
            now: now, rng: rng)
        cluster.kubeadm = .initial(spec: spec, createdAt: createdAt)
        cluster.syncKubelets()
        let unitTexts = Dictionary(uniqueKeysWithValues: spec.nodes.map { ($0.name, NodeLayout.unitTexts($0, spec: spec)) })
        cluster.bootUnits(at: bootedAt, loadedTexts: unitTexts)
        cluster.startLoadBalancers()
        cluster.seedLeases()
        if let leader = cluster.etcd.leader {
            cluster.record("etcd", "\(leader.name) (\(leader.hexID)) is the etcd leader at term \(cluster.etcd.term)")
        }
        return cluster
    }

    private static func buildEtcd(spec: ClusterSpec, runningSince: SimTime, rng: inout SeededGenerator) -> EtcdCluster {
        let hosts = spec.etcdHosts
        var members: [EtcdMember] = []
        var ids = Set<UInt64>()
        for host in hosts {
            var id: UInt64
            repeat { id = rng.next() | (1 << 60) } while ids.contains(id)
            ids.insert(id)
            let dbSize = Int64(rng.int(in: 2_400...6_200)) * 1024
            members.append(
                EtcdMember(
                    id: id, name: host.name, node: host.name,
                    peerURLs: ["https://\(host.ip):2380"], clientURLs: ["https://\(host.ip):2379"],
                    dbSize: dbSize, dbSizeInUse: dbSize - Int64(rng.int(in: 100...900)) * 1024,
                    runningSince: runningSince))
        }
        let leaderID = members.isEmpty ? nil : members[rng.int(in: 0...(members.count - 1))].id
        let raftIndex = UInt64(rng.int(in: 20_000...400_000))
        return EtcdCluster(
            clusterID: rng.next() | (1 << 60), version: spec.etcdVersion, members: members,
            leaderID: leaderID, term: UInt64(rng.int(in: 2...9)), raftIndex: raftIndex,
            revision: Int64(raftIndex) - Int64(rng.int(in: 1_000...15_000)))
    }
}
