/// One key in etcd's MVCC store.
public struct EtcdKeyValue: Sendable, Hashable, Codable {
    public var key: String
    public var value: String
    public var createRevision: Int64
    public var modRevision: Int64
    public var version: Int64
}

/// Why etcd refused a request: the gRPC status code and etcd's own message.
public enum EtcdRequestError: Error, Sendable, Hashable, Codable {
    /// The proposal was accepted but never committed (no leader, no quorum): the client waits
    /// for its deadline.
    case timedOut
    /// Refused at once with a gRPC code and an `etcdserver: ...` description.
    case refused(code: String, message: String)

    public static let learner = refused(code: "Unavailable", message: "etcdserver: rpc not supported for learner")
    public static let unhealthy = refused(code: "Unavailable", message: "etcdserver: unhealthy cluster")
    public static let memberNotFound = refused(code: "NotFound", message: "etcdserver: member not found")
    public static let peerURLExists = refused(
        code: "FailedPrecondition", message: "etcdserver: Peer URLs already exists")
    public static let notLearner = refused(
        code: "FailedPrecondition", message: "etcdserver: can only promote a learner member")
    public static let learnerNotReady = refused(
        code: "FailedPrecondition", message: "etcdserver: can only promote a learner member which is in sync with leader")
    public static let tooManyLearners = refused(
        code: "FailedPrecondition", message: "etcdserver: too many learner members in cluster")
    public static let notEnoughStarted = refused(
        code: "FailedPrecondition", message: "etcdserver: re-configuration failed due to not enough started members")
    public static let noSpace = refused(code: "ResourceExhausted", message: "etcdserver: mvcc: database space exceeded")
    public static let futureRevision = refused(
        code: "OutOfRange", message: "etcdserver: mvcc: required revision is a future revision")
    public static let compacted = refused(
        code: "OutOfRange", message: "etcdserver: mvcc: required revision has been compacted")
    public static let badLeaderTransferee = refused(
        code: "FailedPrecondition", message: "etcdserver: bad leader transferee")
}

/// The response header every etcd answer carries.
public struct EtcdHeader: Sendable, Hashable, Codable {
    public var clusterID: UInt64
    public var memberID: UInt64
    public var revision: Int64
    public var raftTerm: UInt64
}

/// The key space: put, range and delete as the v3 API performs them.
extension Cluster {
    /// Whether a write through `member` can commit now: the member runs as a voter and the
    /// cluster has a leader backed by a quorum.
    private func writable(via member: EtcdMember) -> Result<Void, EtcdRequestError> {
        if member.isLearner { return .failure(.learner) }
        guard etcd.hasQuorum, etcd.leaderID != nil, !member.isolated else { return .failure(.timedOut) }
        if !etcd.alarms.isEmpty { return .failure(.noSpace) }
        return .success(())
    }

    public func etcdHeader(_ member: EtcdMember) -> EtcdHeader {
        EtcdHeader(clusterID: etcd.clusterID, memberID: member.id, revision: etcd.revision, raftTerm: etcd.term)
    }

    /// One committed proposal: the Raft log grows and every member applies it.
    mutating func commitProposal() {
        etcd.raftIndex += 1
        etcd.appliedIndex = etcd.raftIndex
    }

    public mutating func etcdPut(_ key: String, _ value: String, via member: EtcdMember) -> Result<
        EtcdHeader, EtcdRequestError
    > {
        if case .failure(let error) = writable(via: member) { return .failure(error) }
        let growth = Int64(key.utf8.count + value.utf8.count + 64)
        let over = etcd.members.filter { $0.running && $0.dbSize + growth > etcdQuota(for: $0) }
        if !over.isEmpty {
            // Every member that would pass its quota raises NOSPACE; the cluster then only
            // serves reads, deletes, compaction, defragmentation and disarming.
            for member in over where etcd.alarms[member.id] == nil {
                etcd.alarms[member.id] = "NOSPACE"
                record("etcd", "\(member.name) (\(member.hexID)) raised alarm NOSPACE: database space exceeded")
            }
            commitProposal()
            return .failure(.noSpace)
        }
        etcd.revision += 1
        commitProposal()
        let previous = etcd.keys[key]
        etcd.keys[key] = EtcdKeyValue(
            key: key, value: value, createRevision: previous?.createRevision ?? etcd.revision,
            modRevision: etcd.revision, version: (previous?.version ?? 0) + 1)
        etcd.growDatabase(by: growth)
        return .success(etcdHeader(member))
    }

    /// The keys a range selects: one key, every key with a prefix, or `[key, end)`.
    public func etcdRange(_ key: String, prefix: Bool, fromKey: Bool = false) -> [EtcdKeyValue] {
        if !prefix && !fromKey { return etcd.keys[key].map { [$0] } ?? [] }
        return etcd.keys.values.filter { kv in
            fromKey ? Array(kv.key.utf8).lexicographicallyPrecedes(Array(key.utf8)) == false : kv.key.hasPrefix(key)
        }.sorted { Array($0.key.utf8).lexicographicallyPrecedes(Array($1.key.utf8)) }
    }

    /// A linearizable read needs the leader to confirm it still leads; a serializable read is
    /// answered from the member's own copy.
    public func etcdRead(_ key: String, prefix: Bool, fromKey: Bool = false, serializable: Bool, via member: EtcdMember)
        -> Result<(EtcdHeader, [EtcdKeyValue]), EtcdRequestError>
    {
        if !serializable {
            if member.isLearner { return .failure(.learner) }
            guard etcd.hasQuorum, etcd.leaderID != nil, !member.isolated else { return .failure(.timedOut) }
        }
        return .success((etcdHeader(member), etcdRange(key, prefix: prefix, fromKey: fromKey)))
    }

    public mutating func etcdDelete(_ key: String, prefix: Bool, fromKey: Bool = false, via member: EtcdMember)
        -> Result<(EtcdHeader, Int), EtcdRequestError>
    {
        if case .failure(let error) = writable(via: member) {
            // A delete is allowed under NOSPACE: it frees space.
            guard error == .noSpace else { return .failure(error) }
        }
        let doomed = etcdRange(key, prefix: prefix, fromKey: fromKey)
        commitProposal()
        if !doomed.isEmpty {
            etcd.revision += 1
            for kv in doomed { etcd.keys[kv.key] = nil }
        }
        return .success((etcdHeader(member), doomed.count))
    }
}

extension EtcdCluster {
    /// The backend file grows with writes; `dbSizeInUse` tracks live data.
    mutating func growDatabase(by bytes: Int64) {
        for index in members.indices where members[index].running {
            members[index].dbSizeInUse += bytes
            if members[index].dbSizeInUse > members[index].dbSize {
                // bbolt grows its file in steps.
                members[index].dbSize = (members[index].dbSizeInUse / 32_768 + 1) * 32_768
            }
        }
    }
}
