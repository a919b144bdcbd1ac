/// The shape of a base cluster, as an instructor declares it in `Content/clusters/*.yaml`.
public struct ClusterSpec: Sendable, Hashable, Codable {
    public enum Role: String, Sendable, Hashable, Codable, CaseIterable {
        case loadBalancer = "load-balancer"
        case controlPlane = "control-plane"
        case worker
        case etcd
    }

    public enum Topology: String, Sendable, Hashable, Codable, CaseIterable {
        case stacked, external, none
    }

    public struct NodeSpec: Sendable, Hashable, Codable {
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
    /// False for machines with the packages installed but no `kubeadm init` run yet.
    public var initialized: Bool
    public var podSubnet: String
    public var serviceSubnet: String

    public init(
        id: String, description: String = "", kubernetesVersion: String = "v1.31.4",
        etcdVersion: String = "3.5.15", topology: Topology = .stacked, nodes: [NodeSpec], initialized: Bool = true,
        podSubnet: String = "10.244.0.0/16", serviceSubnet: String = "10.96.0.0/12"
    ) {
        self.initialized = initialized
        self.podSubnet = podSubnet
        self.serviceSubnet = serviceSubnet
        self.id = id
        self.description = description
        self.kubernetesVersion = kubernetesVersion
        self.etcdVersion = etcdVersion
        self.topology = topology
        self.nodes = nodes
    }

    /// `host:port` every node uses to reach the API: the load balancer when there is one.
    public var controlPlaneEndpoint: String {
        if let lb = nodes.first(where: { $0.role == .loadBalancer }) { return "\(lb.ip):6443" }
        return "\(nodes.first { $0.role == .controlPlane }?.ip ?? "127.0.0.1"):6443"
    }

    /// The nodes that host an etcd member in this topology, in declaration order.
    public var etcdHosts: [NodeSpec] {
        guard initialized else { return [] }
        switch topology {
        case .stacked: return nodes.filter { $0.role == .controlPlane }
        case .external: return nodes.filter { $0.role == .etcd }
        case .none: return []
        }
    }
}
