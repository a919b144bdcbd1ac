/// Which etcd members run, and who leads: the part of Raft the trainer's tasks observe.
extension Cluster {
    /// The etcd election timeout (`--election-timeout`, 1000 ms); a follower campaigns after a
    /// randomised wait between one and two timeouts.
    static let electionTimeoutMilliseconds: Int64 = 1_000

    /// Derives each member's process state from the node (a stacked member runs while its
    /// node's kubelet runs an `etcd` static pod named after it, an external one while its
    /// `etcd` unit is active) and reacts to the change.
    mutating func reconcileEtcd() {
        var running = Set<UInt64>()
        for node in nodes where etcdProcessRuns(on: node) {
            guard let config = etcdServerConfig(on: node) else { continue }
            if let member = etcd.members.first(where: { $0.isStarted && $0.name == config.name }) {
                if member.node == node.name { running.insert(member.id) }
            } else if let member = etcd.members.first(where: { member in
                !member.isStarted && !member.peerURLs.filter(config.initialAdvertisePeerURLs.contains).isEmpty
            }), config.initialClusterState == "existing", let name = config.name {
                // A member added with `member add` joins when its process starts with
                // --initial-cluster-state=existing and publishes its name and client URLs.
                etcd.update(memberID: member.id) {
                    $0.name = name
                    $0.node = node.name
                    $0.clientURLs = config.advertiseClientURLs
                }
                record("etcd", "member \(name) (\(member.hexID)) joined the cluster")
                running.insert(member.id)
            }
        }
        for member in etcd.members {
            let isRunning = running.contains(member.id)
            guard isRunning != member.running else { continue }
            etcd.update(memberID: member.id) {
                $0.running = isRunning
                $0.runningSince = isRunning ? now : nil
            }
            record("etcd", "member \(member.name) (\(member.hexID)) \(isRunning ? "started" : "stopped")")
            if !isRunning, etcd.leaderID == member.id {
                etcd.leaderID = nil
                record("etcd", "\(member.name) was the leader; the followers lose their leader")
            }
        }
        if !etcd.hasQuorum, let leader = etcd.leader {
            // check-quorum: a leader that no longer hears from a majority steps down.
            etcd.leaderID = nil
            record("etcd", "\(leader.name) (\(leader.hexID)) stepped down: it no longer reaches a quorum")
        }
        scheduleElectionIfNeeded()
    }

    /// Whether the node's etcd process is up: its static pod runs (stacked) or its `etcd` unit
    /// is active (external).
    func etcdProcessRuns(on node: Node) -> Bool {
        switch spec.topology {
        case .stacked: return node.staticPods.values.contains { $0.pod.name == "etcd" }
        case .external: return node.units["etcd"] == .active
        case .none: return false
        }
    }

    private mutating func scheduleElectionIfNeeded() {
        if etcd.leaderID != nil || !etcd.hasQuorum {
            pendingElection = nil
            return
        }
        if pendingElection == nil {
            let wait = Self.electionTimeoutMilliseconds + Int64(rng.int(in: 0...Int(Self.electionTimeoutMilliseconds)))
            pendingElection = now.adding(milliseconds: wait)
        }
    }

    /// The first follower whose randomised timeout fires wins, one term later.
    mutating func electLeader() {
        pendingElection = nil
        guard etcd.leaderID == nil, etcd.hasQuorum else { return }
        let candidates = etcd.voters.filter(\.running)
        guard !candidates.isEmpty else { return }
        let winner = candidates[rng.int(in: 0...(candidates.count - 1))]
        etcd.term += 1
        etcd.leaderID = winner.id
        record("etcd", "\(winner.name) (\(winner.hexID)) elected leader at term \(etcd.term)")
    }
}
