/// Membership changes as etcd 3.5 performs them, with its strict reconfiguration checks.
extension Cluster {
    /// etcd's health interval: a peer counts as connected only after 5 s of connection.
    static let etcdHealthIntervalMilliseconds: Int64 = 5_000

    /// Whether every voting member has been connected for the health interval.
    private var votersConnectedFully: Bool {
        etcd.voters.allSatisfy { member in
            guard let since = member.runningSince else { return false }
            return now.milliseconds - since.milliseconds >= Self.etcdHealthIntervalMilliseconds
        }
    }

    private var startedVoters: Int { etcd.voters.filter(\.isStarted).count }

    /// Adds a member (unstarted until its process joins). Learners need no quorum check.
    public mutating func etcdMemberAdd(peerURLs: [String], learner: Bool, via member: EtcdMember) -> Result<
        EtcdMember, EtcdRequestError
    > {
        if member.isLearner { return .failure(.learner) }
        // etcd checks health first, then commits the change, then validates it while applying.
        if !learner, startedVoters < (etcd.voters.count + 1) / 2 + 1 { return .failure(.notEnoughStarted) }
        if !votersConnectedFully { return .failure(.unhealthy) }
        guard etcd.hasQuorum, etcd.leaderID != nil else { return .failure(.timedOut) }
        let existing = Set(etcd.members.flatMap(\.peerURLs))
        if peerURLs.contains(where: existing.contains) { return .failure(.peerURLExists) }
        if learner, etcd.members.filter(\.isLearner).count >= 1 { return .failure(.tooManyLearners) }
        var id: UInt64
        repeat { id = rng.next() | (1 << 60) } while etcd.member(id: id) != nil || etcd.removedIDs.contains(id)
        let host = peerURLs.first.map(Self.host(of:)) ?? ""
        let added = EtcdMember(
            id: id, name: "", node: node(withIP: host)?.name ?? "", peerURLs: peerURLs, clientURLs: [],
            isLearner: learner, running: false, dbSize: 0, dbSizeInUse: 0)
        etcd.members.append(added)
        etcd.members.sort { $0.id < $1.id }
        commitProposal()
        record(
            "etcd",
            "member \(added.hexID) added as \(learner ? "a learner" : "a voting member") (peer \(peerURLs.joined(separator: ",")))"
        )
        reconcileEtcd()
        return .success(added)
    }

    public mutating func etcdMemberRemove(id: UInt64, via member: EtcdMember) -> Result<Void, EtcdRequestError> {
        if member.isLearner { return .failure(.learner) }
        if let doomed = etcd.member(id: id), !doomed.isLearner {
            let remaining = etcd.voters.filter { $0.id != id }
            if remaining.filter(\.isStarted).count < remaining.count / 2 + 1 { return .failure(.notEnoughStarted) }
            // A member that is down can go; removing a live one must leave a connected quorum.
            if doomed.running {
                let active = etcd.voters.filter(\.running).count
                if active - 1 < 1 + (etcd.voters.count - 1) / 2 { return .failure(.unhealthy) }
            }
        }
        guard etcd.hasQuorum, etcd.leaderID != nil else { return .failure(.timedOut) }
        guard let doomed = etcd.member(id: id) else { return .failure(.memberNotFound) }
        etcd.members.removeAll { $0.id == id }
        etcd.removedIDs.insert(id)
        commitProposal()
        record("etcd", "member \(doomed.name.isEmpty ? doomed.hexID : doomed.name) (\(doomed.hexID)) removed")
        if etcd.leaderID == id {
            etcd.leaderID = nil
            record("etcd", "the removed member was the leader; the others elect a new one")
        }
        reconcileEtcd()
        return .success(())
    }

    public mutating func etcdMemberPromote(id: UInt64, via member: EtcdMember) -> Result<Void, EtcdRequestError> {
        if member.isLearner { return .failure(.learner) }
        guard let learner = etcd.member(id: id) else { return .failure(.memberNotFound) }
        guard learner.isLearner else { return .failure(.notLearner) }
        // In sync: running and caught up with the leader's log.
        guard learner.running else { return .failure(.learnerNotReady) }
        guard etcd.hasQuorum, etcd.leaderID != nil else { return .failure(.timedOut) }
        etcd.update(memberID: id) { $0.isLearner = false }
        commitProposal()
        record("etcd", "learner \(learner.name) (\(learner.hexID)) promoted to a voting member")
        reconcileEtcd()
        return .success(())
    }

    /// The host of a URL such as `https://10.0.1.13:2380`.
    static func host(of url: String) -> String {
        var rest = Substring(url)
        if let range = rest.range(of: "://") { rest = rest[range.upperBound...] }
        if let slash = rest.firstIndex(of: "/") { rest = rest[..<slash] }
        if let colon = rest.lastIndex(of: ":") { rest = rest[..<colon] }
        return String(rest)
    }
}
