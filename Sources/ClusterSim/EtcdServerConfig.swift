/// How one etcd member serves clients, read from its static pod manifest (stacked) or its
/// systemd unit (external) — the files are the truth.
public struct EtcdServerConfig: Sendable, Hashable {
    public var name: String?
    public var certFile: String?
    /// `--peer-cert-file`: the certificate a member presents to its peers, both ways.
    public var peerCertFile: String?
    public var keyFile: String?
    public var trustedCAFile: String?
    /// `--client-cert-auth=true`: clients must present a certificate signed by the trusted CA.
    public var clientCertAuth: Bool
    public var dataDir: String?
    public var initialAdvertisePeerURLs: [String]
    public var advertiseClientURLs: [String]
    /// `new` (the default) or `existing`.
    public var initialClusterState: String
    /// `--quota-backend-bytes` (0 or absent: the 2 GiB default).
    public var quotaBackendBytes: Int64?
    /// `--initial-cluster-token` (default `etcd-cluster`).
    public var initialClusterToken: String
    /// `--initial-cluster` as `name=peerURL` pairs.
    public var initialCluster: [(name: String, peerURL: String)]

    public static func == (a: Self, b: Self) -> Bool {
        a.name == b.name && a.certFile == b.certFile && a.keyFile == b.keyFile && a.trustedCAFile == b.trustedCAFile
            && a.clientCertAuth == b.clientCertAuth && a.dataDir == b.dataDir
            && a.initialAdvertisePeerURLs == b.initialAdvertisePeerURLs
            && a.advertiseClientURLs == b.advertiseClientURLs && a.initialClusterState == b.initialClusterState
            && a.initialClusterToken == b.initialClusterToken && a.quotaBackendBytes == b.quotaBackendBytes
            && a.initialCluster.map { "\($0.name)=\($0.peerURL)" } == b.initialCluster.map { "\($0.name)=\($0.peerURL)" }
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(name)
        hasher.combine(dataDir)
    }

    private static let parsed = ParseCache<[String], EtcdServerConfig>()

    /// The configuration a command line gives (remembered: the same pod is read on every tick).
    static func from(flags: [String]) -> EtcdServerConfig { parsed.value(for: flags, parse: EtcdServerConfig.init(flags:)) }

    init(flags: [String]) {
        let value = flags.flagValue
        func list(_ flag: String) -> [String] {
            (value(flag) ?? "").split(separator: ",").map { String($0) }.filter { !$0.isEmpty }
        }
        name = value("name")
        dataDir = value("data-dir")
        initialAdvertisePeerURLs = list("initial-advertise-peer-urls")
        advertiseClientURLs = list("advertise-client-urls")
        initialClusterState = value("initial-cluster-state") ?? "new"
        initialClusterToken = value("initial-cluster-token") ?? "etcd-cluster"
        quotaBackendBytes = value("quota-backend-bytes").flatMap { Int64($0) }
        initialCluster = list("initial-cluster").compactMap { pair in
            guard let eq = pair.firstIndex(of: "=") else { return nil }
            return (String(pair[..<eq]), String(pair[pair.index(after: eq)...]))
        }
        certFile = value("cert-file")
        peerCertFile = value("peer-cert-file")
        keyFile = value("key-file")
        trustedCAFile = value("trusted-ca-file")
        clientCertAuth = value("client-cert-auth") == "true"
    }
}

extension Cluster {
    /// The unit file of an external etcd member.
    public static let etcdUnitPath = "/etc/systemd/system/etcd.service"

    /// The configuration the member's process runs with, or nil when it is not running.
    public func etcdServerConfig(for member: EtcdMember) -> EtcdServerConfig? {
        guard let node = node(named: member.node) else { return nil }
        return etcdServerConfig(on: node)
    }

    /// The configuration of the etcd process a node runs: its `etcd` static pod (stacked) or
    /// its unit file (external), whether or not it is running.
    public func etcdServerConfig(on node: Node) -> EtcdServerConfig? {
        switch spec.topology {
        case .stacked:
            return node.staticPods.values.first { $0.pod.name == "etcd" }.map { EtcdServerConfig.from(flags: $0.pod.command) }
        case .external:
            return node.files.read(Self.etcdUnitPath).success.map { EtcdServerConfig.from(flags: SystemFiles.execStartWords($0)) }
        case .none:
            return nil
        }
    }
}
