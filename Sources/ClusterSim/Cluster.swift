/// Something the model did, with the virtual time it happened: what `journalctl` and `:events` read.
public struct SimEvent: Sendable, Hashable, Codable {
    public var time: SimTime
    public var source: String
    public var message: String

    public init(time: SimTime, source: String, message: String) {
        self.time = time
        self.source = source
        self.message = message
    }
}

/// The whole simulated cluster as one value: copying it forks the world.
///
/// All randomness comes from `rng` and all time from `now`, so the same seed and the same
/// inputs always produce byte-identical results.
public struct Cluster: Sendable, Hashable, Codable {
    public let spec: ClusterSpec
    public let seed: UInt64
    public private(set) var nodes: [Node]
    public var etcd: EtcdCluster
    /// When `kubeadm init` ran: certificates are dated from here.
    public let createdAt: SimTime
    public private(set) var now: SimTime
    public var rng: SeededGenerator
    public private(set) var events: [SimEvent] = []
    /// When the etcd members still running will have elected a new leader.
    var pendingElection: SimTime?
    /// When the followers of a leader stalled on a slow disk stop waiting for its heartbeats.
    var pendingDiskStall: SimTime?
    /// Leader election of the control-plane components, by component name.
    var elections: [String: ElectionState] = [:]
    /// Why a node's etcd process cannot serve (logged once per reason), by node name.
    var etcdProcessFailures: [String: String] = [:]
    /// Nodes cut off from the rest of the network (nil: no partition).
    public internal(set) var partition: Set<String>?
    /// Running HAProxy processes by load-balancer node name.
    public internal(set) var loadBalancers: [String: HAProxyRuntime] = [:]
    /// What kubeadm stored in the cluster: its configuration, tokens, uploaded certificates, nodes.
    public internal(set) var kubeadm = KubeadmState()
    /// Objects kubectl created, deleted, labelled or cordoned through the API.
    public var apiStore = APIObjectStore()

    init(
        spec: ClusterSpec, seed: UInt64, nodes: [Node], etcd: EtcdCluster, createdAt: SimTime,
        now: SimTime, rng: SeededGenerator
    ) {
        self.spec = spec
        self.seed = seed
        self.nodes = nodes
        self.etcd = etcd
        self.createdAt = createdAt
        self.now = now
        self.rng = rng
    }

    public func node(named name: String) -> Node? { nodes.first { $0.name == name } }
    public func node(withIP ip: String) -> Node? { nodes.first { $0.ip == ip } }

    /// Finds a node by its host name or IP address, as `ssh` does.
    public func node(resolving host: String) -> Node? { node(named: host) ?? node(withIP: host) }

    public mutating func updateNode(_ name: String, _ change: (inout Node) -> Void) {
        guard let index = nodes.firstIndex(where: { $0.name == name }) else { return }
        change(&nodes[index])
    }

    /// Moves the virtual clock forward; components react at the moments they would have.
    public mutating func advance(milliseconds: Int64) {
        guard milliseconds > 0 else { return }
        let target = now.adding(milliseconds: milliseconds)
        // Bounded: a turn per election, lease takeover or kubelet sync that changes something;
        // files cannot change while time passes, so once a sync changes nothing and nothing is
        // pending, every later sync is the same and the clock jumps to the target.
        for _ in 0..<10_000 {
            let nextSync = SimTime(
                milliseconds: (now.milliseconds / Kubelet.fileCheckMilliseconds + 1) * Kubelet.fileCheckMilliseconds)
            let acquisitions = elections.values.compactMap(\.pendingAcquisition)
            let next = ([nextSync] + [pendingElection, pendingDiskStall].compactMap { $0 } + acquisitions).min() ?? target
            guard next <= target else { break }
            // Health checks up to this instant see the world as it was before it.
            advanceLoadBalancers(to: next)
            now = next
            let before = (nodes.map(\.staticPods), etcd, elections)
            if next == pendingDiskStall { stallSlowLeader() }
            if next == pendingElection { electLeader() }
            for component in LeaderElection.components where elections[component]?.pendingAcquisition == next {
                acquireLease(component)
            }
            if next == nextSync { syncKubelets() }
            reconcileLeases()
            let settled =
                pendingElection == nil && pendingDiskStall == nil && elections.values.allSatisfy { $0.pendingAcquisition == nil }
            if next == nextSync, settled, before == (nodes.map(\.staticPods), etcd, elections) { break }
        }
        advanceLoadBalancers(to: target)
        now = target
    }

    /// Appends an event at `time` (default: now), keeping the log in time order.
    public mutating func record(_ source: String, _ message: String, at time: SimTime? = nil) {
        let event = SimEvent(time: time ?? now, source: source, message: message)
        let index = events.lastIndex { $0.time <= event.time }.map { $0 + 1 } ?? 0
        events.insert(event, at: index)
    }
}
