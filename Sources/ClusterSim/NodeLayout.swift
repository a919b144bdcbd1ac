/// The files, units and installed tools of one node, as kubeadm and the OS packages leave them.
enum NodeLayout {
    static func build(
        _ node: ClusterSpec.NodeSpec, spec: ClusterSpec, etcd: EtcdCluster, startedAt: SimTime, pki: inout PKIFactory
    ) -> Node {
        let template = templates.value(for: TemplateKey(spec: spec, node: node.name)) { _ in Self.template(node, spec: spec) }
        var files = template.files
        var staticPods: [String: RunningStaticPod] = [:]
        // The kubelet started these when kubeadm wrote them: the pods run from the start.
        func run(_ path: String, _ manifest: Manifest) {
            files.install(path, manifest.text)
            staticPods[path] = RunningStaticPod(pod: manifest.pod, manifest: manifest.text, startedAt: startedAt)
        }
        for (path, manifest) in template.manifests { run(path, manifest) }

        let initialized = spec.initialized
        switch node.role {
        case .controlPlane:
            guard initialized else { break }
            installControlPlanePKI(node, spec: spec, files: &files, pki: &pki)
            let first = spec.nodes.first { $0.role == .controlPlane }?.name == node.name
            Kubeconfigs.installControlPlane(node, first: first, spec: spec, files: &files, pki: &pki)
            if spec.topology == .stacked {
                installEtcdData(node: node.name, etcd: etcd, files: &files)
                run(Kubelet.manifestDirectory + "/etcd.yaml", Manifests.etcd(node: node, spec: spec, etcd: etcd))
            } else if spec.topology == .external {
                let ca = pki.authority("etcd-ca")
                files.install("/etc/kubernetes/pki/etcd/ca.pem", ca.pem)
                let client = pki.leaf("kube-apiserver-etcd-client", issuer: "etcd-ca", usages: [.clientAuth])
                files.install("/etc/kubernetes/pki/etcd/client.pem", client.pem)
                files.install("/etc/kubernetes/pki/etcd/client-key.pem", PrivateKey(keyID: client.keyID).pem, mode: 0o600)
            }
        case .worker:
            guard initialized else { break }
            files.install("/etc/kubernetes/pki/ca.crt", pki.authority("kubernetes").pem)
            Kubeconfigs.installKubelet(node, spec: spec, files: &files, pki: &pki)
        case .loadBalancer:
            break
        case .etcd:
            installEtcdData(node: node.name, etcd: etcd, files: &files)
            let ca = pki.authority("etcd-ca")
            files.install("/etc/etcd/pki/ca.pem", ca.pem)
            let server = pki.leaf(
                node.name, issuer: "etcd-ca", dns: [node.name, "localhost"], ips: ["127.0.0.1", node.ip],
                usages: [.serverAuth, .clientAuth])
            files.install("/etc/etcd/pki/\(node.name).pem", server.pem)
            files.install("/etc/etcd/pki/\(node.name)-key.pem", PrivateKey(keyID: server.keyID).pem, mode: 0o600)
        }
        var built = Node(
            name: node.name, ip: node.ip, role: node.role, files: files, units: template.units, binaries: template.binaries)
        built.staticPods = staticPods
        return built
    }

    /// What a node holds whatever the seed: directories, packages' files and units, configuration
    /// rendered from the spec, the control plane's manifests. Made once per shape and node.
    private struct Template: Sendable {
        var files = FileSystem()
        var units: [String: Node.UnitState] = [:]
        var binaries: Set<String> = []
        var manifests: [(path: String, manifest: Manifest)] = []
        /// The text each unit loads with (its file and drop-ins); no seeded file is a unit file.
        var unitTexts: [String: String] = [:]
    }

    /// The texts the node's units load with, as laid out for this shape.
    static func unitTexts(_ node: ClusterSpec.NodeSpec, spec: ClusterSpec) -> [String: String] {
        templates.value(for: TemplateKey(spec: spec, node: node.name)) { _ in Self.template(node, spec: spec) }.unitTexts
    }

    private struct TemplateKey: Hashable, Sendable {
        var spec: ClusterSpec
        var node: String
    }

    private static let templates = ParseCache<TemplateKey, Template>(limit: 256)

    private static func template(_ node: ClusterSpec.NodeSpec, spec: ClusterSpec) -> Template {
        var layout = Template()
        // The directories every Debian host has that learners write answers and backups to.
        for directory in ["/root", "/tmp", "/opt", "/home", "/var/log", "/var/lib", "/usr/local/bin", "/srv", "/mnt"] {
            layout.files.makeDirectories(directory)
        }
        layout.files.install("/etc/hostname", node.name + "\n")
        let initialized = spec.initialized
        switch node.role {
        case .controlPlane:
            layout.units = ["kubelet": initialized ? .active : .failed, "containerd": .active]
            layout.binaries = ["kubectl", "kubeadm", "kubelet", "crictl", "etcdctl", "etcdutl"]
            SystemFiles.installKubelet(&layout.files)
            layout.files.makeDirectories("/etc/kubernetes/manifests")
            guard initialized else { break }
            let directory = Kubelet.manifestDirectory + "/"
            layout.manifests = [
                (directory + "kube-apiserver.yaml", ControlPlaneManifests.apiServer(node: node, spec: spec)),
                (directory + "kube-controller-manager.yaml", ControlPlaneManifests.controllerManager(spec: spec)),
                (directory + "kube-scheduler.yaml", ControlPlaneManifests.scheduler(spec: spec)),
            ]
        case .worker:
            layout.units = ["kubelet": initialized ? .active : .failed, "containerd": .active]
            layout.binaries = ["kubeadm", "kubelet", "crictl"]
            SystemFiles.installKubelet(&layout.files)
            layout.files.makeDirectories("/etc/kubernetes/manifests")
        case .loadBalancer:
            layout.units = ["haproxy": .active]
            layout.binaries = ["haproxy", "nginx"]
            layout.files.install("/etc/haproxy/haproxy.cfg", SystemFiles.haproxyConfig(spec: spec))
            NginxPackageFiles.install(&layout.files, spec: spec)
        case .etcd:
            layout.units = ["etcd": .active]
            layout.binaries = ["etcdctl", "etcdutl", "etcd"]
            layout.files.install("/etc/systemd/system/etcd.service", SystemFiles.etcdUnit(node: node, spec: spec))
        }
        for unit in layout.units.keys {
            Systemd.installPackagedUnit(unit, in: &layout.files)
            layout.unitTexts[unit] = Systemd.unitText(unit, in: layout.files) ?? ""
        }
        return layout
    }

    private static func installControlPlanePKI(
        _ node: ClusterSpec.NodeSpec, spec: ClusterSpec, files: inout FileSystem, pki: inout PKIFactory
    ) {
        let dir = "/etc/kubernetes/pki"
        let endpointIPs = spec.nodes.filter { $0.role == .loadBalancer }.map(\.ip)
        var authorities = [("ca", "kubernetes"), ("front-proxy-ca", "front-proxy-ca")]
        if spec.topology == .stacked { authorities.append(("etcd/ca", "etcd-ca")) }
        for (name, cn) in authorities {
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

    /// The member's data directory as etcd left it: `member/snap/db` and a WAL segment.
    private static func installEtcdData(node: String, etcd: EtcdCluster, files: inout FileSystem) {
        files.makeDirectories("/var/lib/etcd/member/wal")
        files.makeDirectories("/var/lib/etcd/member/snap")
        guard let member = etcd.member(onNode: node) else { return }
        let data = EtcdDataFile(
            clusterID: etcd.clusterID, memberID: member.id, revision: etcd.revision, systemKeys: etcd.systemKeys,
            size: member.dbSize)
        files.install(EtcdDataFile.dbPath(dataDir: "/var/lib/etcd"), data.render(), mode: 0o600)
        files.install("/var/lib/etcd/member/wal/0000000000000000-0000000000000000.wal", "", mode: 0o600)
    }
}
