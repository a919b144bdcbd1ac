/// The Ready condition the node lifecycle controller keeps for each registered node.
extension Cluster {
    /// kube-controller-manager's `--node-monitor-grace-period` default up to v1.31 (50 s from v1.32).
    public static let nodeMonitorGraceMilliseconds: Int64 = 40_000

    /// Whether the node counts as Ready: its kubelet runs, or stopped (or lost power) less than
    /// the node-monitor grace period ago, so the controller has not yet given up on its lease.
    public func nodeReady(_ name: String) -> Bool {
        guard let node = node(named: name) else { return false }
        if node.powered, node.units["kubelet"] == .active { return true }
        guard let since = node.unitRecords["kubelet"]?.since else { return false }
        return now.milliseconds - since.milliseconds < Self.nodeMonitorGraceMilliseconds
    }
}
