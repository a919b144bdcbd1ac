/// What `kubeadm join` was told on its command line.
public struct KubeadmJoinRequest: Sendable {
    public var node: String
    public var endpoint: String
    public var token: String
    public var caCertHashes: [String] = []
    public var unsafeSkipCAVerification = false
    public var controlPlane = false
    public var certificateKey: String?
    public var ignoredPreflightErrors: Set<String> = []

    public init(node: String, endpoint: String, token: String) {
        self.node = node
        self.endpoint = endpoint
        self.token = token
    }
}

/// What a successful join did, for the output.
public struct KubeadmJoinReport: Sendable, Hashable, Codable {
    public var names: KubeadmServingNames?
    public var kubeletHealthyMilliseconds: Int64
    public var addedEtcdMember: Bool
}

extension Cluster {
    /// How long kubeadm polls for the cluster-info signature of an unknown token (`timeouts.discovery`).
    public static let kubeadmDiscoveryTimeoutMilliseconds: Int64 = 5 * 60_000

    /// `kubeadm join`: discovery checks the token and the CA hash, a control plane downloads the
    /// shared certificates with the certificate key and gets its own certificates, kubeconfigs,
    /// manifests and (stacked) an etcd member; then the kubelet starts and the node registers.
    public mutating func kubeadmJoin(_ request: KubeadmJoinRequest) -> Result<KubeadmJoinReport, KubeadmFailure> {
        guard let nodeSpec = spec.nodes.first(where: { $0.name == request.node }), let config = kubeadm.configuration
        else {
            return .failure(KubeadmFailure(phase: "preflight", message: "couldn't validate the identity of the API Server"))
        }
        let errors = preflightErrors(
            on: request.node, join: true, controlPlane: request.controlPlane, ignored: request.ignoredPreflightErrors)
        guard errors.isEmpty else { return .failure(Self.preflightFailure(errors, output: [])) }
        if let failure = discover(request) { return .failure(failure) }
        let external = config.etcd.isExternal
        var output: [String] = []
        var shared: [String: String] = [:]
        if request.controlPlane {
            guard config.controlPlaneEndpoint != nil else {
                return .failure(
                    Self.controlPlaneConditions(
                        "unable to add a new control plane instance to a cluster that doesn't have a stable controlPlaneEndpoint address"
                    ))
            }
            output.append("pull")
            advance(milliseconds: kubeadmDuration(3_000...8_000))
            if let key = request.certificateKey {
                output.append("download")
                guard let secret = uploadedCertificates else {
                    return .failure(
                        KubeadmFailure(
                            phase: "control-plane-prepare/download-certs",
                            message:
                                "error downloading certs: error downloading the secret: Secret \"kubeadm-certs\" was not found in the \"kube-system\" Namespace. This Secret might have expired. Please, run `kubeadm init phase upload-certs --upload-certs` on a control plane to generate a new one",
                            output: output))
                }
                guard secret.key == key.lowercased() else {
                    return .failure(
                        KubeadmFailure(
                            phase: "control-plane-prepare/download-certs",
                            message:
                                "error downloading certs: error decoding secret data with provided key: cipher: message authentication failed",
                            output: output))
                }
                shared = secret.files
            } else if let missing = missingSharedCertificates(on: request.node, external: external) {
                return .failure(Self.controlPlaneConditions("[\(missing)]", output: output))
            }
        }
        var pki = PKIFactory(createdAt: now, rng: kubeadmRNG())
        var names: KubeadmLayout.ServingNames?
        let endpoint = config.controlPlaneEndpoint ?? request.endpoint
        var manifests: [(String, Manifest)] = []
        if request.controlPlane {
            manifests = KubeadmLayout.controlPlaneManifests(node: nodeSpec, spec: spec, config: config)
        }
        updateNode(request.node) { node in
            for (path, text) in shared {
                node.files.install("\(KubeadmLayout.pkiDir)/\(path)", text, mode: path.hasSuffix(".key") ? 0o600 : 0o644)
            }
            for path in ["ca.crt", "front-proxy-ca.crt", "etcd/ca.crt"] {
                if let ca = node.files.read("\(KubeadmLayout.pkiDir)/\(path)").success.flatMap(Certificate.parse(pem:)) {
                    pki.adopt(ca)
                }
            }
            if request.controlPlane {
                names = KubeadmLayout.writeLeaves(node: nodeSpec, config: config, files: &node.files, pki: &pki)
                KubeadmLayout.writeKubeconfigs(node: nodeSpec, config: config, first: false, files: &node.files, pki: &pki)
                for (file, manifest) in manifests {
                    node.files.install("\(Kubelet.manifestDirectory)/\(file)", manifest.text)
                }
            } else {
                KubeadmLayout.writeKubelet(node: nodeSpec, server: endpoint, files: &node.files, pki: &pki)
            }
        }
        if !request.controlPlane, let ca = clusterCA {
            // A worker trusts the CA discovery handed it.
            updateNode(request.node) { $0.files.install("\(KubeadmLayout.pkiDir)/ca.crt", ca.pem) }
        }
        var addedMember = false
        if request.controlPlane, !external {
            switch addEtcdMember(for: nodeSpec, config: config) {
            case .failure(let failure):
                return .failure(KubeadmFailure(phase: failure.phase, message: failure.message, output: output))
            case .success: addedMember = true
            }
        }
        record("kubeadm", "kubeadm join on \(request.node)\(request.controlPlane ? " (control plane)" : "")")
        startUnit("kubelet", on: request.node)
        let kubeletHealthy = kubeadmDuration(500...1_500)
        advance(milliseconds: kubeletHealthy + kubeadmDuration(1_000...3_000))
        if addedMember, let failure = promoteLearner(on: request.node) {
            return .failure(KubeadmFailure(phase: failure.phase, message: failure.message, output: output))
        }
        kubeadm.registeredNodes[request.node] = now
        advance(milliseconds: kubeadmDuration(300...900))
        return .success(
            KubeadmJoinReport(
                names: names.map {
                    KubeadmServingNames(
                        apiServerDNS: $0.apiServerDNS, apiServerIPs: $0.apiServerIPs, etcdDNS: $0.etcdDNS, etcdIPs: $0.etcdIPs)
                }, kubeletHealthyMilliseconds: kubeletHealthy, addedEtcdMember: addedMember))
    }

    /// The cluster CA as a control plane holds it.
    var clusterCA: Certificate? {
        for node in nodes where node.role == .controlPlane && isRegistered(node.name) {
            if let ca = node.files.read("\(KubeadmLayout.pkiDir)/ca.crt").success.flatMap(Certificate.parse(pem:)) {
                return ca
            }
        }
        return nil
    }

    /// Token discovery: the token's signature in cluster-info, then the pinned CA hash.
    private mutating func discover(_ request: KubeadmJoinRequest) -> KubeadmFailure? {
        let parts = request.token.split(separator: ".", maxSplits: 1).map(String.init)
        let id = parts.first ?? ""
        guard let token = bootstrapTokens.first(where: { $0.id == id }) else {
            // kubeadm polls cluster-info for the token's signature until the discovery timeout.
            advance(milliseconds: Self.kubeadmDiscoveryTimeoutMilliseconds)
            return KubeadmFailure(
                phase: "preflight",
                message:
                    "couldn't validate the identity of the API Server: could not find a JWS signature in the cluster-info ConfigMap for token ID \"\(id)\""
            )
        }
        for hash in request.caCertHashes {
            let pieces = hash.split(separator: ":", maxSplits: 1)
            guard pieces.count == 2, pieces[0] == "sha256" else {
                return KubeadmFailure(
                    phase: "preflight",
                    message:
                        "couldn't validate the identity of the API Server: invalid discovery token CA certificate hash: invalid hash \"\(hash)\", expected \"format:hex-value\". Known format(s) are: sha256"
                )
            }
            guard pieces[1].count == 64, pieces[1].allSatisfy(\.isHexDigit) else {
                return KubeadmFailure(
                    phase: "preflight",
                    message:
                        "couldn't validate the identity of the API Server: invalid discovery token CA certificate hash: expected a 32 byte SHA-256 hash, found \(pieces[1].count / 2) bytes"
                )
            }
        }
        guard parts.count == 2, token.secret == parts[1] else {
            return KubeadmFailure(
                phase: "preflight",
                message:
                    "couldn't validate the identity of the API Server: failed to verify JWS signature of received cluster info object, can't trust this API Server"
            )
        }
        guard !request.caCertHashes.isEmpty, let actual = clusterCACertHash else { return nil }
        if !request.caCertHashes.contains(where: { $0.lowercased() == actual }) {
            return KubeadmFailure(
                phase: "preflight",
                message:
                    "couldn't validate the identity of the API Server: cluster CA found in cluster-info ConfigMap is invalid: none of the public keys \"\(actual)\" are pinned"
            )
        }
        return nil
    }

    /// The shared files a control plane needs when no certificate key is given.
    private func missingSharedCertificates(on nodeName: String, external: Bool) -> String? {
        guard let node = node(named: nodeName) else { return nil }
        var failures: [String] = []
        let required: [(String, String)] =
            [
                ("ca.crt", "failure loading certificate for CA"), ("sa.key", "failure loading key for service account"),
                ("front-proxy-ca.crt", "failure loading certificate for front-proxy CA"),
            ] + (external ? [] : [("etcd/ca.crt", "failure loading certificate for etcd CA")])
        for (file, what) in required where !node.files.isFile("\(KubeadmLayout.pkiDir)/\(file)") {
            let path = "\(KubeadmLayout.pkiDir)/\(file)"
            let kind = file.hasSuffix(".key") ? "private key" : "certificate"
            failures.append("\(what): couldn't load the \(kind) file \(path): open \(path): no such file or directory")
        }
        return failures.isEmpty ? nil : failures.joined(separator: ", ")
    }

    static func controlPlaneConditions(_ reason: String, output: [String] = []) -> KubeadmFailure {
        KubeadmFailure(
            phase: "preflight",
            message: """

                One or more conditions for hosting a new control plane instance is not satisfied.

                \(reason)

                Please ensure that:
                * The cluster has a stable controlPlaneEndpoint address.
                * The certificates that must be shared among control plane instances are provided.


                """, output: output)
    }

    /// Announces the new member (as a learner, kubeadm 1.31's default) and writes its manifest
    /// with the full initial cluster and `--initial-cluster-state=existing`.
    private mutating func addEtcdMember(for node: ClusterSpec.NodeSpec, config: KubeadmConfiguration) -> Result<
        Void, KubeadmFailure
    > {
        let peerURL = "https://\(node.ip):2380"
        guard let via = etcd.leader ?? etcd.voters.first(where: \.running) else {
            advance(milliseconds: 40_000)
            return .failure(
                KubeadmFailure(
                    phase: "control-plane-join/etcd",
                    message: "error creating local etcd static pod manifest file: context deadline exceeded"))
        }
        if etcd.members.contains(where: { $0.peerURLs.contains(peerURL) }) == false {
            if case .failure(let error) = etcdMemberAdd(peerURLs: [peerURL], learner: true, via: via) {
                let text: String
                switch error {
                case .refused(_, let message): text = message
                case .timedOut: text = "context deadline exceeded"
                }
                return .failure(
                    KubeadmFailure(
                        phase: "control-plane-join/etcd", message: "error creating local etcd static pod manifest file: \(text)"))
            }
        }
        var initial: [String] = []
        for member in etcd.members {
            let name = member.name.isEmpty ? node.name : member.name
            initial += member.peerURLs.map { "\(name)=\($0)" }
        }
        let manifest = KubeadmLayout.etcdManifest(
            node: node, version: etcd.version, initialCluster: initial.joined(separator: ","), existing: true,
            config: config)
        updateNode(node.name) { $0.files.install("\(Kubelet.manifestDirectory)/etcd.yaml", manifest.text) }
        return .success(())
    }

    /// Waits (up to 40 s) for the learner on `node` to catch up, then promotes it.
    private mutating func promoteLearner(on nodeName: String) -> KubeadmFailure? {
        for _ in 0..<80 {
            guard let learner = etcd.members.first(where: { $0.node == nodeName && $0.isLearner }) else { return nil }
            if let via = etcd.leader, case .success = etcdMemberPromote(id: learner.id, via: via) { return nil }
            advance(milliseconds: 500)
        }
        return KubeadmFailure(
            phase: "control-plane-join/etcd",
            message: "error creating local etcd static pod manifest file: timeout waiting for etcd cluster to be available")
    }
}
