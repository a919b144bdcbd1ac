/// Which etcd process serves which member: the data directory decides, as on a real node.
extension Cluster {
    /// One etcd process a node runs, with the data it found in its data directory.
    private struct EtcdProcess {
        var node: String
        var config: EtcdServerConfig
        var dataDir: String?
        var data: EtcdDataFile?
    }

    /// The IDs of the members whose processes run and serve the current cluster. Joins,
    /// bootstraps and adoption of a restored cluster happen here.
    mutating func runningEtcdMembers() -> Set<UInt64> {
        var processes: [EtcdProcess] = nodes.filter(etcdProcessRuns(on:)).compactMap { node in
            guard let config = etcdServerConfig(on: node) else { return nil }
            let dir = etcdHostDataDir(on: node)
            let data = dir.flatMap { node.files.read(EtcdDataFile.dbPath(dataDir: $0)).success }.flatMap(
                EtcdDataFile.parse)
            return EtcdProcess(node: node.name, config: config, dataDir: dir, data: data)
        }
        for index in processes.indices where processes[index].data == nil {
            processes[index].data = initializeDataDir(processes[index])
        }
        adoptRestoredClusterIfItWins(processes)

        var running = Set<UInt64>()
        var failures: [String: String] = [:]
        for process in processes {
            guard let data = process.data else {
                failures[process.node] = etcdProcessFailures[process.node] ?? "no data"
                continue
            }
            guard data.clusterID == etcd.clusterID else {
                failures[process.node] =
                    "request cluster ID mismatch (got \(String(data.clusterID, radix: 16)) want \(String(etcd.clusterID, radix: 16)))"
                continue
            }
            guard let member = etcd.member(id: data.memberID) else {
                failures[process.node] =
                    etcd.removedIDs.contains(data.memberID)
                    ? "the member has been permanently removed from the cluster"
                    : "member \(String(data.memberID, radix: 16)) has no place in the cluster"
                continue
            }
            // The process publishes its name and client URLs when it starts.
            let name = process.config.name ?? "default"
            if member.name != name || member.clientURLs != process.config.advertiseClientURLs
                || member.node != process.node
            {
                let joined = !member.isStarted
                etcd.update(memberID: member.id) {
                    $0.name = name
                    $0.clientURLs = process.config.advertiseClientURLs
                    $0.node = process.node
                }
                if joined { record("etcd", "member \(name) (\(member.hexID)) joined the cluster") }
            }
            running.insert(member.id)
        }
        for (node, reason) in failures.sorted(by: { $0.key < $1.key }) where etcdProcessFailures[node] != reason {
            record("etcd", "etcd on \(node) cannot serve: \(reason)")
        }
        etcdProcessFailures = failures
        return running
    }

    /// An empty data directory: join as the unstarted member whose peer URL the process
    /// advertises (`--initial-cluster-state=existing`), or bootstrap a new cluster from
    /// `--initial-cluster` (`new`, the default).
    private mutating func initializeDataDir(_ process: EtcdProcess) -> EtcdDataFile? {
        let config = process.config
        let data: EtcdDataFile
        if config.initialClusterState == "existing" {
            guard
                let member = etcd.members.first(where: { member in
                    !member.isStarted && !member.peerURLs.filter(config.initialAdvertisePeerURLs.contains).isEmpty
                })
            else {
                etcdProcessFailures[process.node] =
                    "cannot join: no unstarted member has its peer URL (add it with etcdctl member add first)"
                return nil
            }
            data = EtcdDataFile(
                clusterID: etcd.clusterID, memberID: member.id, revision: etcd.revision, systemKeys: etcd.systemKeys,
                size: 0)
        } else {
            let token = config.initialClusterToken
            var members: [(id: UInt64, name: String, peerURLs: [String])] = []
            for (name, url) in config.initialCluster {
                if let index = members.firstIndex(where: { $0.name == name }) {
                    members[index].peerURLs.append(url)
                } else {
                    members.append((0, name, [url]))
                }
            }
            for index in members.indices {
                members[index].id = EtcdCluster.memberID(peerURLs: members[index].peerURLs, token: token)
            }
            guard let mine = members.first(where: { $0.name == config.name }) else {
                etcdProcessFailures[process.node] =
                    "couldn't find local name \"\(config.name ?? "default")\" in the initial cluster configuration"
                return nil
            }
            data = EtcdDataFile(
                clusterID: EtcdCluster.clusterID(memberIDs: members.map(\.id)), memberID: mine.id, revision: 1,
                systemKeys: 0, size: 20_480, members: members.sorted { $0.id < $1.id })
        }
        if let dir = process.dataDir {
            updateNode(process.node) { node in
                node.files.makeDirectories(dir + "/member/wal")
                node.files.makeDirectories(dir + "/member/snap")
                node.files.install(EtcdDataFile.dbPath(dataDir: dir), data.render(), mode: 0o600)
            }
        }
        return data
    }

    /// A cluster restored from a snapshot (or bootstrapped anew) takes over once its own
    /// members reach a quorum while the current cluster's do not, or once no process serves
    /// the current cluster at all.
    private mutating func adoptRestoredClusterIfItWins(_ processes: [EtcdProcess]) {
        let currentRunning = processes.filter { $0.data?.clusterID == etcd.clusterID }.count
        let currentQuorum = etcd.voters.count / 2 + 1
        let others = Dictionary(grouping: processes.filter { $0.data.map { $0.clusterID != etcd.clusterID } ?? false }) {
            $0.data?.clusterID ?? 0
        }
        let candidates = others.compactMap { id, group -> (UInt64, [EtcdProcess], EtcdDataFile)? in
            guard let data = group.compactMap(\.data).first(where: { !$0.members.isEmpty }) else { return nil }
            let wins =
                currentRunning == 0 || (group.count >= data.members.count / 2 + 1 && currentRunning < currentQuorum)
            return wins ? (id, group, data) : nil
        }
        guard let (clusterID, group, data) = candidates.max(by: { $0.1.count < $1.1.count }) else { return }
        let members = data.members.map { member in
            EtcdMember(
                id: member.id, name: "", node: "", peerURLs: member.peerURLs, clientURLs: [], running: false,
                dbSize: max(data.size, 20_480), dbSizeInUse: max(data.size, 20_480) * 9 / 10)
        }
        var adopted = EtcdCluster(
            clusterID: clusterID, version: etcd.version, members: members, leaderID: nil, term: 1,
            raftIndex: UInt64(members.count + data.keys.count), revision: data.revision)
        adopted.keys = Dictionary(data.keys.map { ($0.key, $0) }, uniquingKeysWith: { _, last in last })
        adopted.systemKeys = data.systemKeys
        record(
            "etcd",
            "cluster \(String(clusterID, radix: 16)) from \(group.map(\.node).sorted().joined(separator: ", ")) replaces cluster \(String(etcd.clusterID, radix: 16)) (revision \(data.revision))"
        )
        etcd = adopted
        pendingElection = nil
    }
}
