/// The files, units and installed tools of one node, as kubeadm and the OS packages leave them.
enum NodeLayout {
    static func build(_ node: ClusterSpec.NodeSpec, spec: ClusterSpec, etcd: EtcdCluster, pki: inout PKIFactory) -> Node {
        var files = FileSystem()
        files.makeDirectories("/root")
        files.makeDirectories("/tmp")
        files.install("/etc/hostname", node.name + "\n")
        var units: [String: Node.UnitState] = [:]
        var binaries: Set<String> = []

        switch node.role {
        case .controlPlane:
            units = ["kubelet": .active, "containerd": .active]
            binaries = ["kubectl", "kubeadm", "kubelet", "crictl", "etcdctl"]
            installControlPlanePKI(node, spec: spec, files: &files, pki: &pki)
            files.makeDirectories("/etc/kubernetes/manifests")
            if spec.topology == .stacked {
                files.makeDirectories("/var/lib/etcd/member")
                files.install("/etc/kubernetes/manifests/etcd.yaml", Manifests.etcd(node: node, spec: spec, etcd: etcd))
            }
        case .worker:
            units = ["kubelet": .active, "containerd": .active]
            binaries = ["kubeadm", "kubelet", "crictl"]
            files.install("/etc/kubernetes/pki/ca.crt", pki.authority("kubernetes").pem)
            files.makeDirectories("/etc/kubernetes/manifests")
        case .loadBalancer:
            units = ["haproxy": .active]
            binaries = ["haproxy"]
        case .etcd:
            units = ["etcd": .active]
            binaries = ["etcdctl", "etcd"]
            files.makeDirectories("/var/lib/etcd/member")
        }
        return Node(name: node.name, ip: node.ip, role: node.role, files: files, units: units, binaries: binaries)
    }

    private static func installControlPlanePKI(
        _ node: ClusterSpec.NodeSpec, spec: ClusterSpec, files: inout FileSystem, pki: inout PKIFactory
    ) {
        let dir = "/etc/kubernetes/pki"
        let endpointIPs = spec.nodes.filter { $0.role == .loadBalancer }.map(\.ip)
        for (name, cn) in [("ca", "kubernetes"), ("front-proxy-ca", "front-proxy-ca"), ("etcd/ca", "etcd-ca")] {
            files.installPair("\(dir)/\(name)", pki.authority(cn))
        }
        files.installPair(
            "\(dir)/apiserver",
            pki.leaf(
                "kube-apiserver", issuer: "kubernetes",
                dns: [
                    node.name, "kubernetes", "kubernetes.default", "kubernetes.default.svc",
                    "kubernetes.default.svc.cluster.local",
                ],
                ips: ["10.96.0.1", node.ip] + endpointIPs, usages: [.serverAuth]))
        files.installPair(
            "\(dir)/apiserver-kubelet-client",
            pki.leaf(
                "kube-apiserver-kubelet-client", organization: "kubeadm:cluster-admins", issuer: "kubernetes",
                usages: [.clientAuth]))
        files.installPair(
            "\(dir)/front-proxy-client",
            pki.leaf(
                "front-proxy-client", issuer: "front-proxy-ca", usages: [.clientAuth]))
        files.install("\(dir)/sa.key", PrivateKey(keyID: "sa-\(spec.id)").pem, mode: 0o600)
        files.install(
            "\(dir)/sa.pub",
            "-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA\n-----END PUBLIC KEY-----\n")
        guard spec.topology == .stacked else { return }
        files.installPair(
            "\(dir)/apiserver-etcd-client",
            pki.leaf(
                "kube-apiserver-etcd-client", issuer: "etcd-ca", usages: [.clientAuth]))
        let sans = (dns: [node.name, "localhost"], ips: [node.ip, "127.0.0.1", "0:0:0:0:0:0:0:1"])
        files.installPair(
            "\(dir)/etcd/server",
            pki.leaf(
                node.name, issuer: "etcd-ca", dns: sans.dns, ips: sans.ips, usages: [.serverAuth, .clientAuth]))
        files.installPair(
            "\(dir)/etcd/peer",
            pki.leaf(
                node.name, issuer: "etcd-ca", dns: sans.dns, ips: sans.ips, usages: [.serverAuth, .clientAuth]))
        files.installPair(
            "\(dir)/etcd/healthcheck-client",
            pki.leaf(
                "kube-etcd-healthcheck-client", issuer: "etcd-ca", usages: [.clientAuth]))
    }
}
