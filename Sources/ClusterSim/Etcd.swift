/// One etcd member as the cluster's membership list records it.
public struct EtcdMember: Sendable, Hashable, Codable {
    public var id: UInt64
    public var name: String
    /// The node whose process serves this member.
    public var node: String
    public var peerURLs: [String]
    public var clientURLs: [String]
    public var isLearner: Bool
    /// Whether the etcd process of this member is running.
    public var running: Bool
    public var dbSize: Int64
    public var dbSizeInUse: Int64
    /// Running, but cut off from the side of the network that holds the quorum.
    public var isolated = false
    /// Since when the process has been running and connected to its peers (nil while down).
    public var runningSince: SimTime?

    public init(
        id: UInt64, name: String, node: String, peerURLs: [String], clientURLs: [String],
        isLearner: Bool = false, running: Bool = true, dbSize: Int64, dbSizeInUse: Int64,
        runningSince: SimTime? = nil
    ) {
        self.runningSince = running ? runningSince : nil
        self.id = id
        self.name = name
        self.node = node
        self.peerURLs = peerURLs
        self.clientURLs = clientURLs
        self.isLearner = isLearner
        self.running = running
        self.dbSize = dbSize
        self.dbSizeInUse = dbSizeInUse
    }

    /// A member added with `member add` whose process has not joined yet has no name.
    public var isStarted: Bool { !name.isEmpty }

    /// The ID as etcdctl prints it: lower-case hex without padding (`%x`).
    public var hexID: String { String(id, radix: 16) }
}

/// The replicated state of one etcd cluster: membership, Raft progress and key-space revision.
public struct EtcdCluster: Sendable, Hashable, Codable {
    public var clusterID: UInt64
    public var version: String
    /// Members in the order etcd lists them (ascending ID).
    public internal(set) var members: [EtcdMember]
    public var leaderID: UInt64?
    public var term: UInt64
    public var raftIndex: UInt64
    public var appliedIndex: UInt64
    public var revision: Int64
    /// The key space (MVCC keeps only the latest version here).
    public var keys: [String: EtcdKeyValue] = [:]
    /// Raised alarms by member ID (`NOSPACE`).
    public var alarms: [UInt64: String] = [:]
    /// The revision up to which history was compacted.
    public var compactedRevision: Int64 = 0
    /// Kubernetes' own keys (`/registry/...`), counted in snapshots but not modelled one by one.
    public var systemKeys = 0
    /// IDs of members removed from the cluster: their processes may not rejoin.
    public var removedIDs: Set<UInt64> = []

    public init(
        clusterID: UInt64, version: String, members: [EtcdMember], leaderID: UInt64?,
        term: UInt64, raftIndex: UInt64, revision: Int64
    ) {
        self.clusterID = clusterID
        self.version = version
        self.members = members.sorted { $0.id < $1.id }
        self.leaderID = leaderID
        self.term = term
        self.raftIndex = raftIndex
        self.appliedIndex = raftIndex
        self.revision = revision
    }

    public var leader: EtcdMember? { leaderID.flatMap(member(id:)) }
    public func member(id: UInt64) -> EtcdMember? { members.first { $0.id == id } }
    public func member(onNode node: String) -> EtcdMember? { members.first { $0.node == node } }
    public func member(named name: String) -> EtcdMember? { members.first { $0.name == name } }

    public var voters: [EtcdMember] { members.filter { !$0.isLearner } }
    /// ⌊voters/2⌋ + 1: the number of voting members that must agree to commit anything.
    public var quorumSize: Int { voters.count / 2 + 1 }
    public var hasQuorum: Bool { voters.filter { $0.running && !$0.isolated }.count >= quorumSize }

    public mutating func update(memberID: UInt64, _ change: (inout EtcdMember) -> Void) {
        guard let index = members.firstIndex(where: { $0.id == memberID }) else { return }
        change(&members[index])
    }
}
