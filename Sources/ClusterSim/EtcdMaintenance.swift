/// Quota, compaction, defragmentation, alarms, leadership transfer and hashes.
extension Cluster {
    /// etcd's default backend quota (`--quota-backend-bytes`): 2 GiB.
    public static let defaultEtcdQuota: Int64 = 2_147_483_648

    /// The quota the member's process runs with.
    public func etcdQuota(for member: EtcdMember) -> Int64 {
        etcdServerConfig(for: member).flatMap { $0.quotaBackendBytes }.flatMap { $0 > 0 ? $0 : nil }
            ?? Self.defaultEtcdQuota
    }

    private func leaderBacked(via member: EtcdMember) -> EtcdRequestError? {
        if member.isLearner { return .learner }
        guard etcd.hasQuorum, etcd.leaderID != nil else { return .timedOut }
        return nil
    }

    /// `compaction REV`: discards history up to REV; the freed pages wait for a defrag.
    public mutating func etcdCompact(revision: Int64, via member: EtcdMember) -> Result<EtcdHeader, EtcdRequestError> {
        if let error = leaderBacked(via: member) { return .failure(error) }
        if revision > etcd.revision { return .failure(.futureRevision) }
        if revision <= etcd.compactedRevision { return .failure(.compacted) }
        etcd.compactedRevision = revision
        commitProposal()
        for index in etcd.members.indices where etcd.members[index].running {
            let live = etcd.members[index].dbSizeInUse
            etcd.members[index].dbSizeInUse = max(20_480, live - live / 3)
        }
        return .success(etcdHeader(member))
    }

    /// `defrag` on one member: the file shrinks to the pages in use. No quorum needed.
    public mutating func etcdDefragment(memberID: UInt64) {
        etcd.update(memberID: memberID) { member in
            member.dbSize = max(20_480, (member.dbSizeInUse + 4_095) / 4_096 * 4_096)
            member.dbSizeInUse = min(member.dbSizeInUse, member.dbSize)
        }
        if let member = etcd.member(id: memberID) {
            record("etcd", "\(member.name) (\(member.hexID)) defragmented: \(member.dbSize) bytes")
        }
    }

    /// `alarm list`: the raised alarms, by member ID.
    public func etcdAlarms(via member: EtcdMember) -> Result<[(UInt64, String)], EtcdRequestError> {
        if let error = leaderBacked(via: member) { return .failure(error) }
        return .success(etcd.alarms.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
    }

    /// `alarm disarm`: clears every alarm, returning those it cleared.
    public mutating func etcdDisarm(via member: EtcdMember) -> Result<[(UInt64, String)], EtcdRequestError> {
        if let error = leaderBacked(via: member) { return .failure(error) }
        let cleared = etcd.alarms.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        etcd.alarms = [:]
        commitProposal()
        if !cleared.isEmpty { record("etcd", "alarms disarmed") }
        return .success(cleared)
    }

    /// `move-leader`: the leader hands over to a caught-up voting member, one term later.
    public mutating func etcdMoveLeader(to target: UInt64) -> Result<UInt64, EtcdRequestError> {
        guard let leader = etcd.leader else { return .failure(.timedOut) }
        guard let transferee = etcd.member(id: target), !transferee.isLearner, transferee.running else {
            return .failure(.badLeaderTransferee)
        }
        if transferee.id != leader.id {
            etcd.term += 1
            etcd.leaderID = transferee.id
            commitProposal()
            record("etcd", "leadership moved from \(leader.name) to \(transferee.name) at term \(etcd.term)")
        }
        return .success(leader.id)
    }

    /// The hash of the key space up to the current revision (`endpoint hashkv`): equal on
    /// every member that has applied the same log.
    public func etcdHashKV() -> UInt32 {
        var snapshot = EtcdDataFile(
            clusterID: etcd.clusterID, memberID: 0, revision: etcd.revision, systemKeys: etcd.systemKeys, size: 0)
        snapshot.keys = etcd.keys.values.sorted { Array($0.key.utf8).lexicographicallyPrecedes(Array($1.key.utf8)) }
        return snapshot.contentHash
    }
}
