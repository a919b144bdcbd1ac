/// How one etcd member serves clients, read from its static pod manifest (stacked) or its
/// systemd unit (external) — the files are the truth.
public struct EtcdServerConfig: Sendable, Hashable {
    public var name: String?
    public var certFile: String?
    public var keyFile: String?
    public var trustedCAFile: String?
    /// `--client-cert-auth=true`: clients must present a certificate signed by the trusted CA.
    public var clientCertAuth: Bool

    init(flags: [String]) {
        let value = flags.flagValue
        name = value("name")
        certFile = value("cert-file")
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
        switch spec.topology {
        case .stacked:
            return node.staticPods.values.first { $0.pod.name == "etcd" }.map { EtcdServerConfig(flags: $0.pod.command) }
        case .external:
            return node.files.read(Self.etcdUnitPath).success.map { EtcdServerConfig(flags: SystemFiles.execStartWords($0)) }
        case .none:
            return nil
        }
    }
}
