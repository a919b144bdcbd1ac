/// Which etcd members run, and who leads: the part of Raft the trainer's tasks observe.
extension Cluster {
    /// The etcd election timeout (`--election-timeout`, 1000 ms); a follower campaigns after a
    /// randomised wait between one and two timeouts.
    static let electionTimeoutMilliseconds: Int64 = 1_000

    /// Derives each member's process state from the nodes — which node runs an etcd process
    /// (static pod or unit) and whose data its data directory holds — and reacts to the change.
    mutating func reconcileEtcd() {
        let running = runningEtcdMembers()
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
        markIsolatedMembers()
        if let leader = etcd.leader, leader.isolated || !etcd.hasQuorum {
            // check-quorum: a leader that no longer hears from a majority steps down.
            etcd.leaderID = nil
            record("etcd", "\(leader.name) (\(leader.hexID)) stepped down: it no longer reaches a quorum")
        }
        scheduleElectionIfNeeded()
        scheduleDiskStall()
    }

    /// Members that cannot exchange Raft messages with a quorum of voters are isolated: they run,
    /// but cannot commit or lead. Peer links follow the network (power, partitions, and iptables
    /// rules on the peer port 2380); a member belongs to the group of members it is linked to,
    /// directly or through others, and only a group holding a majority of all voters works — an
    /// even split leaves no side with a leader.
    mutating func markIsolatedMembers() {
        let running = etcd.members.filter(\.running)
        var groups: [[EtcdMember]] = []
        for member in running {
            let linked = groups.indices.filter { index in groups[index].contains { peersConnected($0.node, member.node) } }
            var merged = linked.flatMap { groups[$0] } + [member]
            merged.sort { $0.id < $1.id }
            for index in linked.reversed() { groups.remove(at: index) }
            groups.append(merged)
        }
        var isolatedIDs = Set<UInt64>()
        for group in groups where group.filter({ !$0.isLearner }).count < etcd.quorumSize {
            isolatedIDs.formUnion(group.map(\.id))
        }
        for member in etcd.members where member.isolated != isolatedIDs.contains(member.id) {
            etcd.update(memberID: member.id) { $0.isolated = isolatedIDs.contains(member.id) }
            record(
                "etcd",
                "member \(member.name) (\(member.hexID)) \(isolatedIDs.contains(member.id) ? "is cut off from the quorum" : "reaches its peers again")"
            )
        }
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

    mutating func scheduleElectionIfNeeded() {
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
        let candidates = etcd.voters.filter { $0.running && !$0.isolated }
        guard !candidates.isEmpty else { return }
        let winner = candidates[rng.int(in: 0...(candidates.count - 1))]
        etcd.term += 1
        etcd.leaderID = winner.id
        record("etcd", "\(winner.name) (\(winner.hexID)) elected leader at term \(etcd.term)")
        scheduleDiskStall()
    }
}
