/// The shape of a base cluster, as an instructor declares it in `Content/clusters/*.yaml`.
public struct ClusterSpec: Sendable, Hashable {
    public enum Role: String, Sendable, Hashable, CaseIterable {
        case loadBalancer = "load-balancer"
        case controlPlane = "control-plane"
        case worker
        case etcd
    }

    public enum Topology: String, Sendable, Hashable, CaseIterable {
        case stacked, external, none
    }

    public struct NodeSpec: Sendable, Hashable {
        public var name: String
        public var ip: String
        public var role: Role

        public init(name: String, ip: String, role: Role) {
            self.name = name
            self.ip = ip
            self.role = role
        }
    }

    public var id: String
    public var description: String
    public var kubernetesVersion: String
    public var etcdVersion: String
    public var topology: Topology
    public var nodes: [NodeSpec]

    public init(
        id: String, description: String = "", kubernetesVersion: String = "v1.31.4",
        etcdVersion: String = "3.5.15", topology: Topology = .stacked, nodes: [NodeSpec]
    ) {
        self.id = id
        self.description = description
        self.kubernetesVersion = kubernetesVersion
        self.etcdVersion = etcdVersion
        self.topology = topology
        self.nodes = nodes
    }

    /// The nodes that host an etcd member in this topology, in declaration order.
    public var etcdHosts: [NodeSpec] {
        switch topology {
        case .stacked: nodes.filter { $0.role == .controlPlane }
        case .external: nodes.filter { $0.role == .etcd }
        case .none: []
        }
    }
}
