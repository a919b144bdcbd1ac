/// One rule of a node's iptables `filter` table, as `iptables -A/-I` stores it.
public struct FirewallRule: Sendable, Hashable, Codable {
    public enum Target: String, Sendable, Hashable, Codable, CaseIterable {
        case accept = "ACCEPT", drop = "DROP", reject = "REJECT"
    }

    /// `INPUT`, `OUTPUT` or `FORWARD`.
    public var chain: String
    /// `tcp`, `udp`, `icmp` or `all`.
    public var proto: String
    /// `--dport`, for tcp and udp.
    public var port: Int?
    /// `-s` as typed: an address, `a.b.c.d/n`, or nil for any.
    public var source: String?
    /// `-i` as typed: `lo` matches a node's traffic to itself, any other name traffic from elsewhere.
    public var inInterface: String?
    public var target: Target

    public init(chain: String, proto: String = "all", port: Int? = nil, source: String? = nil, target: Target) {
        self.chain = chain
        self.proto = proto
        self.port = port
        self.source = source
        self.target = target
    }

    /// Whether a packet of `proto` from `address` to `port` meets this rule.
    public func matches(proto packet: String, from address: String, port destination: Int?, local: Bool = false) -> Bool {
        guard proto == "all" || proto == packet else { return false }
        if let inInterface, (inInterface == "lo") != local { return false }
        if let port, port != destination { return false }
        if let source, !Self.contains(source, address) { return false }
        return true
    }

    /// Whether `address` lies in `network` (`10.0.1.0/24`, or one address).
    static func contains(_ network: String, _ address: String) -> Bool {
        let parts = network.split(separator: "/")
        guard let base = parts.first.flatMap({ ipv4(String($0)) }), let value = ipv4(address) else { return false }
        let bits = parts.count > 1 ? Int(parts[1]) ?? 32 : 32
        guard (0...32).contains(bits) else { return false }
        let mask: UInt32 = bits == 0 ? 0 : ~UInt32(0) << UInt32(32 - bits)
        return base & mask == value & mask
    }

    static func ipv4(_ text: String) -> UInt32? {
        let octets = text.split(separator: ".", omittingEmptySubsequences: false).compactMap { UInt32($0) }
        guard octets.count == 4, octets.allSatisfy({ $0 < 256 }) else { return nil }
        return octets.reduce(0) { $0 << 8 | $1 }
    }
}

extension Cluster {
    /// Whether the firewall of node `to` stops a packet of `proto` that node `from` sends to
    /// `port`: the first matching rule of `to`'s INPUT chain decides; the policy accepts.
    /// Pure; connection models ask it through `connectivity(from:to:port:)`.
    public func isBlocked(from: String, to: String, port: Int?, proto: String = "tcp") -> Bool {
        guard let target = node(named: to) else { return false }
        let address = from == to ? "127.0.0.1" : node(named: from)?.ip ?? from
        for rule in target.firewall where rule.chain == "INPUT" {
            if rule.matches(proto: proto, from: address, port: port, local: from == to) { return rule.target != .accept }
        }
        return false
    }
}

/// How a TCP connection attempt ends at the network level, before any program answers it.
public enum Connectivity: Sendable, Hashable, Codable {
    /// The SYN arrives: whatever listens on the port (or nothing) answers.
    case open
    /// The SYN is lost (no power, a partition, an iptables DROP): the client waits for its timeout.
    case timeout
    /// An iptables REJECT answers for the port: the client sees "connection refused" at once.
    case refused
}

extension Cluster {
    /// Whether a TCP connection from node `from` reaches `port` on node `to`: both machines must
    /// have power and sit on the same side of a partition, then `to`'s INPUT chain decides.
    /// Every connection model (etcd peers and clients, API servers, HAProxy checks, kubectl,
    /// curl) asks this one question.
    public func connectivity(from: String, to: String, port: Int) -> Connectivity {
        guard from == to || reachable(from, to), node(named: to)?.powered != false else { return .timeout }
        guard let target = node(named: to) else { return .open }
        let address = from == to ? "127.0.0.1" : node(named: from)?.ip ?? from
        for rule in target.firewall where rule.chain == "INPUT" {
            guard rule.matches(proto: "tcp", from: address, port: port, local: from == to) else { continue }
            switch rule.target {
            case .accept: return .open
            case .drop: return .timeout
            case .reject: return .refused
            }
        }
        return .open
    }

    /// Whether two nodes' etcd members exchange Raft messages: each dials the other's peer port,
    /// and each side refuses the other's peer certificate once it has expired.
    func peersConnected(_ a: String, _ b: String) -> Bool {
        a == b
            || (connectivity(from: a, to: b, port: EtcdPorts.peer) == .open
                && connectivity(from: b, to: a, port: EtcdPorts.peer) == .open
                && peerCertificateValid(on: a) && peerCertificateValid(on: b))
    }

    /// Whether the peer certificate of the member on a node (if it uses peer TLS) is in date.
    func peerCertificateValid(on nodeName: String) -> Bool {
        guard let member = etcd.member(onNode: nodeName), let node = node(named: nodeName),
            let path = etcdServerConfig(for: member)?.peerCertFile,
            let certificate = node.files.read(path).success.flatMap(Certificate.parse(pem:))
        else { return true }
        return certificate.isValid(at: now)
    }

    /// Changes a node's iptables rules; etcd members whose peer traffic the change cuts or
    /// restores react at once, as their streams break or reconnect.
    public mutating func updateFirewall(on name: String, _ change: (inout [FirewallRule]) -> Void) {
        updateNode(name) { change(&$0.firewall) }
        reconcileEtcd()
    }
}

/// The ports a kubeadm etcd member listens on.
public enum EtcdPorts {
    public static let client = 2379
    public static let peer = 2380
    public static let metrics = 2381
}
