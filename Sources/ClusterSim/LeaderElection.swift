/// A `coordination.k8s.io/v1` Lease in kube-system, as client-go's leader election keeps it.
public struct Lease: Sendable, Hashable, Codable {
    public var name: String
    /// `<node>_<uuid>` of the process holding the lease, or nil before anyone acquired it.
    public var holderIdentity: String?
    public var holderNode: String?
    public var leaseDurationSeconds: Int
    public var acquireTime: SimTime
    /// The last renewal, computed for a live holder that renews every retry period.
    public var renewTime: SimTime
    public var leaseTransitions: Int
    /// When the Lease object was created: at the first acquisition (nil: nobody ever held it,
    /// so the API has no such object yet).
    public var created: SimTime? = nil
}

/// The leader election of kube-controller-manager and kube-scheduler, driven by their manifests'
/// `--leader-elect*` flags, the local API server and etcd's quorum.
public enum LeaderElection {
    public static let components = ["kube-controller-manager", "kube-scheduler"]

    /// The election settings a running component uses (client-go defaults 15 s / 10 s / 2 s).
    public struct Settings: Sendable, Hashable, Codable {
        public var enabled: Bool
        public var leaseDurationMilliseconds: Int64
        public var renewDeadlineMilliseconds: Int64
        public var retryPeriodMilliseconds: Int64

        init(_ pod: StaticPod) {
            func duration(_ flag: String, _ fallback: Int64) -> Int64 {
                pod.flag(flag).flatMap(GoDuration.milliseconds) ?? fallback
            }
            enabled = pod.flag("leader-elect").map { $0 != "false" } ?? true
            leaseDurationMilliseconds = duration("leader-elect-lease-duration", 15_000)
            renewDeadlineMilliseconds = duration("leader-elect-renew-deadline", 10_000)
            retryPeriodMilliseconds = max(1, duration("leader-elect-retry-period", 2_000))
        }
    }
}

/// The stored state of one election: the lease plus the holder's process and renewal status.
struct ElectionState: Sendable, Hashable, Codable {
    var lease: Lease
    /// When the holder's process started; a restarted process has a new identity.
    var holderStartedAt: SimTime?
    /// Set when the holder stopped renewing: its last renewal.
    var stoppedRenewingAt: SimTime?
    /// When a waiting candidate will next find the lease free and take it.
    var pendingAcquisition: SimTime?
    /// The holder's `--leader-elect-retry-period`: how often it renews.
    var retryPeriodMilliseconds: Int64 = 2_000
}

extension Cluster {
    /// The lease of a component as `kubectl -n kube-system get lease NAME` would show it now.
    public func lease(_ name: String) -> Lease? {
        guard var state = elections[name] else { return nil }
        if state.lease.holderIdentity != nil {
            let until = state.stoppedRenewingAt ?? now
            let periods = (until.milliseconds - state.lease.acquireTime.milliseconds) / state.retryPeriodMilliseconds
            state.lease.renewTime = state.lease.acquireTime.adding(milliseconds: periods * state.retryPeriodMilliseconds)
        }
        return state.lease
    }

    /// The running component pod on a node, with its election settings.
    func settings(_ component: String, on node: String?) -> LeaderElection.Settings? {
        componentPod(component, on: node).map { LeaderElection.Settings($0.pod) }
    }

    func componentPod(_ component: String, on node: String?) -> RunningStaticPod? {
        guard let node, let found = self.node(named: node) else { return nil }
        return found.staticPods.values.first { $0.pod.name == component }
    }

    /// A component on `node` can reach the API (its kubeconfig names the local API server) and
    /// the API can write (etcd has quorum).
    func canWriteLeases(from node: String) -> Bool {
        componentPod("kube-apiserver", on: node) != nil && etcd.hasQuorum
    }

    /// Re-evaluates every election after the world changed.
    mutating func reconcileLeases() {
        for component in LeaderElection.components {
            guard var state = elections[component] else { continue }
            let holder = state.lease.holderNode
            let holderPod = componentPod(component, on: holder)
            // A holder that once failed to renew past its deadline has exited; it never resumes.
            let holderHealthy =
                state.stoppedRenewingAt == nil && holder.map { canWriteLeases(from: $0) } == true
                && holderPod?.startedAt == state.holderStartedAt
                && holderPod.map { LeaderElection.Settings($0.pod).enabled } == true
            if holderHealthy {
                state.stoppedRenewingAt = nil
                state.pendingAcquisition = nil
            } else {
                if state.stoppedRenewingAt == nil {
                    // The last renewal on the holder's retry grid before it stopped.
                    state.stoppedRenewingAt = lease(component)?.renewTime ?? now
                    if let holder { record("leader-election", "\(component): \(holder) stopped renewing its lease") }
                }
                if state.pendingAcquisition == nil, let candidate = candidates(for: component).first,
                    let settings = settings(component, on: candidate)
                {
                    let expiry = (state.stoppedRenewingAt ?? now).adding(
                        milliseconds: Int64(state.lease.leaseDurationSeconds) * 1000)
                    let jitter = Int64(rng.int(in: 0...Int(settings.retryPeriodMilliseconds)))
                    state.pendingAcquisition = max(expiry, now).adding(milliseconds: jitter)
                }
            }
            elections[component] = state
        }
    }

    /// Nodes whose component runs with leader election on and can write, in node order.
    func candidates(for component: String) -> [String] {
        nodes.map(\.name).filter { name in
            settings(component, on: name)?.enabled == true && canWriteLeases(from: name)
        }
    }

    /// A waiting candidate finds the lease expired and takes it.
    mutating func acquireLease(_ component: String) {
        guard var state = elections[component] else { return }
        state.pendingAcquisition = nil
        let candidates = candidates(for: component)
        guard !candidates.isEmpty, case let first = candidates[rng.int(in: 0...(candidates.count - 1))],
            let pod = componentPod(component, on: first)
        else {
            elections[component] = state
            return
        }
        let settings = LeaderElection.Settings(pod.pod)
        let identity = "\(first)_\(Self.uuid(&rng))"
        if state.lease.holderIdentity != nil { state.lease.leaseTransitions += 1 }
        if state.lease.created == nil { state.lease.created = now }
        state.lease.holderIdentity = identity
        state.lease.holderNode = first
        state.lease.leaseDurationSeconds = Int(settings.leaseDurationMilliseconds / 1000)
        state.lease.acquireTime = now
        state.lease.renewTime = now
        state.holderStartedAt = pod.startedAt
        state.stoppedRenewingAt = nil
        state.retryPeriodMilliseconds = settings.retryPeriodMilliseconds
        elections[component] = state
        record("leader-election", "\(component): \(identity) acquired the lease")
    }

    /// The initial holders, as after `kubeadm init` and the joins.
    mutating func seedLeases() {
        for component in LeaderElection.components {
            elections[component] = ElectionState(
                lease: Lease(
                    name: component, holderIdentity: nil, holderNode: nil, leaseDurationSeconds: 15,
                    acquireTime: createdAt, renewTime: createdAt, leaseTransitions: 0))
            guard !candidates(for: component).isEmpty else { continue }
            acquireLease(component)
            elections[component]?.lease.leaseTransitions = rng.int(in: 0...2)
            elections[component]?.lease.created = createdAt
        }
    }

    /// A random version-4 UUID, as client-go appends to the holder identity.
    static func uuid(_ rng: inout SeededGenerator) -> String {
        let hex = (0..<32).map { _ in String(rng.int(in: 0...15), radix: 16) }
        let text = hex.joined()
        let chars = Array(text)
        func part(_ from: Int, _ to: Int) -> String { String(chars[from..<to]) }
        return "\(part(0, 8))-\(part(8, 12))-4\(part(13, 16))-a\(part(17, 20))-\(part(20, 32))"
    }
}
