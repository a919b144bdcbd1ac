/// One machine of the simulated cluster: its identity, its files and its systemd units.
public struct Node: Sendable, Hashable, Codable {
    public enum UnitState: String, Sendable, Hashable, Codable {
        case active, inactive, failed
    }

    public var name: String
    public var ip: String
    public var role: ClusterSpec.Role
    public var files: FileSystem
    public var units: [String: UnitState]
    /// Commands installed on this machine beyond the shell's built-ins (`etcdctl` on control planes...).
    public var binaries: Set<String>
    /// Static pods the kubelet runs, by manifest path.
    public var staticPods: [String: RunningStaticPod] = [:]
    /// What systemd remembers about each unit in `units` (start times, PIDs, enablement).
    public var unitRecords: [String: UnitRecord] = [:]
    /// False while the machine is switched off: nothing runs, nothing answers.
    public var powered = true
    /// iptables rules added with `iptables -A/-I`, per chain in order.
    public var firewall: [FirewallRule] = []
    /// How long an fsync takes on this machine's disk (the `fsync-latency` fault), and since when.
    public var fsyncLatencyMilliseconds: Int64 = Cluster.baselineFsyncMilliseconds
    public var fsyncLatencySince: SimTime?

    public init(
        name: String, ip: String, role: ClusterSpec.Role, files: FileSystem = FileSystem(),
        units: [String: UnitState] = [:], binaries: Set<String> = []
    ) {
        self.name = name
        self.ip = ip
        self.role = role
        self.files = files
        self.units = units
        self.binaries = binaries
    }
}

/// A static pod the kubelet started, with the manifest text it started from.
public struct RunningStaticPod: Sendable, Hashable, Codable {
    public var pod: StaticPod
    public var manifest: String
    public var startedAt: SimTime
}
