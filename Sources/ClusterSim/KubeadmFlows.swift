/// Why a kubeadm workflow stopped: the phase it failed in and kubeadm's error text.
public struct KubeadmFailure: Error, Sendable, Hashable, Codable {
    /// `preflight`, `control-plane-prepare/download-certs` ... (nil for errors outside a phase).
    public var phase: String?
    public var message: String
    /// Lines printed before the failure (the phases that completed).
    public var output: [String] = []

    public init(phase: String?, message: String, output: [String] = []) {
        self.phase = phase
        self.message = message
        self.output = output
    }
}

/// What `kubeadm init` needs besides the configuration.
public struct KubeadmInitRequest: Sendable {
    public var node: String
    public var configuration: KubeadmConfiguration
    public var uploadCerts = false
    public var certificateKey: String?
    public var token: String?
    /// Preflight checks to ignore, lower-cased (`all` ignores every one).
    public var ignoredPreflightErrors: Set<String> = []

    public init(node: String, configuration: KubeadmConfiguration) {
        self.node = node
        self.configuration = configuration
    }
}

/// What `kubeadm init` did, for the output.
public struct KubeadmInitReport: Sendable, Hashable, Codable {
    public var names: KubeadmServingNames
    public var token: String
    public var certificateKey: String?
    public var caCertHash: String
    public var joinEndpoint: String
    public var kubeletHealthyMilliseconds: Int64
    public var apiHealthyMilliseconds: Int64
}

/// The SANs of the serving certificates kubeadm generated.
public struct KubeadmServingNames: Sendable, Hashable, Codable {
    public var apiServerDNS: [String]
    public var apiServerIPs: [String]
    public var etcdDNS: [String]
    public var etcdIPs: [String]
}

extension Cluster {
    /// The preflight errors that stop init or join on a node, as `[ERROR Name]: text` pairs.
    func preflightErrors(on nodeName: String, join: Bool, controlPlane: Bool, ignored: Set<String>) -> [(String, String)] {
        guard let node = node(named: nodeName) else { return [] }
        var errors: [(String, String)] = []
        func file(_ path: String) {
            if node.files.exists(path) {
                let name = "FileAvailable-" + path.replacingOccurrences(of: "/", with: "-")
                errors.append((name, "\(path) already exists"))
            }
        }
        func port(_ number: Int, _ pod: String) {
            if node.staticPods.values.contains(where: { $0.pod.name == pod }) {
                errors.append(("Port-\(number)", "Port \(number) is in use"))
            }
        }
        if controlPlane {
            port(6443, "kube-apiserver")
            port(10259, "kube-scheduler")
            port(10257, "kube-controller-manager")
            for name in ["kube-apiserver", "kube-controller-manager", "kube-scheduler", "etcd"] {
                file("/etc/kubernetes/manifests/\(name).yaml")
            }
        }
        if join { file("/etc/kubernetes/kubelet.conf") }
        if node.units["kubelet"] == .active { errors.append(("Port-10250", "Port 10250 is in use")) }
        if join && !controlPlane { file("/etc/kubernetes/pki/ca.crt") }
        if controlPlane, !(kubeadm.configuration?.etcd.isExternal ?? false) {
            port(2379, "etcd")
            port(2380, "etcd")
            if let entries = node.files.list("/var/lib/etcd").success, !entries.isEmpty {
                errors.append(("DirAvailable--var-lib-etcd", "/var/lib/etcd is not empty"))
            }
        }
        if ignored.contains("all") { return [] }
        return errors.filter { !ignored.contains($0.0.lowercased()) }
    }

    static func preflightFailure(_ errors: [(String, String)], output: [String]) -> KubeadmFailure {
        let list = errors.map { "\t[ERROR \($0.0)]: \($0.1)\n" }.joined()
        return KubeadmFailure(
            phase: "preflight",
            message:
                "[preflight] Some fatal errors occurred:\n\(list)[preflight] If you know what you are doing, you can make a check non-fatal with `--ignore-preflight-errors=...`",
            output: output)
    }

    /// Milliseconds in `range`, drawn from kubeadm's own generator.
    mutating func kubeadmDuration(_ range: ClosedRange<Int>) -> Int64 {
        var rng = kubeadmRNG()
        return Int64(rng.int(in: range))
    }

    /// `kubeadm init` on a machine with nothing initialised: certificates, kubeconfigs and static
    /// pod manifests; the kubelet starts them; etcd bootstraps a one-member cluster; then the
    /// configuration, the bootstrap token and (with `--upload-certs`) the certificates are stored.
    public mutating func kubeadmInit(_ request: KubeadmInitRequest) -> Result<KubeadmInitReport, KubeadmFailure> {
        guard let nodeSpec = spec.nodes.first(where: { $0.name == request.node }) else {
            return .failure(KubeadmFailure(phase: nil, message: "unknown node \(request.node)"))
        }
        let errors = preflightErrors(on: request.node, join: false, controlPlane: true, ignored: request.ignoredPreflightErrors)
        guard errors.isEmpty else { return .failure(Self.preflightFailure(errors, output: [])) }
        let config = request.configuration
        // Pulling the control-plane images.
        advance(milliseconds: kubeadmDuration(8_000...20_000))

        var pki = PKIFactory(createdAt: now, rng: kubeadmRNG())
        var names = KubeadmLayout.ServingNames()
        let first = kubeadm.configuration == nil
        var manifests = KubeadmLayout.controlPlaneManifests(node: nodeSpec, spec: spec, config: config)
        if case .local = config.etcd {
            let manifest = KubeadmLayout.etcdManifest(
                node: nodeSpec, version: etcd.version, initialCluster: "\(nodeSpec.name)=https://\(nodeSpec.ip):2380",
                existing: false, config: config)
            manifests.insert(("etcd.yaml", manifest), at: 0)
        }
        updateNode(request.node) { node in
            for (path, ca) in [("ca", "kubernetes"), ("front-proxy-ca", "front-proxy-ca")] {
                node.files.installPair("\(KubeadmLayout.pkiDir)/\(path)", pki.authority(ca))
            }
            if !config.etcd.isExternal { node.files.installPair("\(KubeadmLayout.pkiDir)/etcd/ca", pki.authority("etcd-ca")) }
            names = KubeadmLayout.writeLeaves(node: nodeSpec, config: config, files: &node.files, pki: &pki)
            node.files.install("\(KubeadmLayout.pkiDir)/sa.key", PrivateKey(keyID: "sa-\(pki.rng.next())").pem, mode: 0o600)
            node.files.install(
                "\(KubeadmLayout.pkiDir)/sa.pub",
                "-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA\n-----END PUBLIC KEY-----\n")
            KubeadmLayout.writeKubeconfigs(node: nodeSpec, config: config, first: first, files: &node.files, pki: &pki)
            for (file, manifest) in manifests {
                node.files.install("\(Kubelet.manifestDirectory)/\(file)", manifest.text)
            }
        }
        record("kubeadm", "kubeadm init on \(request.node): certificates, kubeconfigs and static pod manifests written")
        startUnit("kubelet", on: request.node)
        let kubeletHealthy = kubeadmDuration(500...1_600)
        advance(milliseconds: kubeletHealthy)
        let apiHealthy = kubeadmDuration(5_500...9_800)
        advance(milliseconds: apiHealthy)

        kubeadm.configuration = config
        kubeadm.registeredNodes[request.node] = now
        let token = createBootstrapToken(request.token, description: BootstrapToken.initDescription)
        var key: String?
        if request.uploadCerts { key = uploadCertificates(from: request.node, key: request.certificateKey) }
        advance(milliseconds: kubeadmDuration(1_200...2_600))
        let ca = node(named: request.node)?.files.read("\(KubeadmLayout.pkiDir)/ca.crt").success.flatMap(Certificate.parse(pem:))
        record("kubeadm", "the control plane on \(request.node) is initialized")
        return .success(
            KubeadmInitReport(
                names: KubeadmServingNames(
                    apiServerDNS: names.apiServerDNS, apiServerIPs: names.apiServerIPs, etcdDNS: names.etcdDNS,
                    etcdIPs: names.etcdIPs),
                token: token.token, certificateKey: key, caCertHash: ca.map(CACertHash.of) ?? "",
                joinEndpoint: config.controlPlaneEndpoint ?? "\(nodeSpec.ip):6443",
                kubeletHealthyMilliseconds: kubeletHealthy, apiHealthyMilliseconds: apiHealthy))
    }

    /// The discovery hash of the cluster CA, read from a control-plane node that has it.
    public var clusterCACertHash: String? {
        for node in nodes where node.role == .controlPlane {
            if let ca = node.files.read("\(KubeadmLayout.pkiDir)/ca.crt").success.flatMap(Certificate.parse(pem:)) {
                return CACertHash.of(ca)
            }
        }
        return nil
    }
}
