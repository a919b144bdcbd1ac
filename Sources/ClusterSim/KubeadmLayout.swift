import Foundation

/// The files `kubeadm init` and `kubeadm join` write on a node.
enum KubeadmLayout {
    static let pkiDir = "/etc/kubernetes/pki"

    /// The SANs kubeadm prints for the serving certificates it generated.
    struct ServingNames: Sendable, Hashable, Codable {
        var apiServerDNS: [String] = []
        var apiServerIPs: [String] = []
        var etcdDNS: [String] = []
        var etcdIPs: [String] = []
    }

    /// The first address of the service subnet: the `kubernetes` Service's cluster IP.
    static func firstServiceIP(_ subnet: String) -> String {
        let base = subnet.split(separator: "/").first.map(String.init) ?? subnet
        var octets = base.split(separator: ".").map(String.init)
        guard octets.count == 4, let last = Int(octets[3]) else { return "10.96.0.1" }
        octets[3] = String(last + 1)
        return octets.joined(separator: ".")
    }

    static func host(of endpoint: String) -> String {
        guard let colon = endpoint.lastIndex(of: ":") else { return endpoint }
        return String(endpoint[..<colon])
    }

    /// The node's own leaf certificates, signed by the CAs in `pki`; CAs are created when
    /// `pki` has none yet (init) and adopted otherwise (join).
    static func writeLeaves(
        node: ClusterSpec.NodeSpec, config: KubeadmConfiguration, files: inout FileSystem, pki: inout PKIFactory
    ) -> ServingNames {
        var names = ServingNames()
        let endpointHost = config.controlPlaneEndpoint.map(host(of:))
        var dns = [
            node.name, "kubernetes", "kubernetes.default", "kubernetes.default.svc", "kubernetes.default.svc.\(config.dnsDomain)",
        ]
        var ips = [firstServiceIP(config.serviceSubnet), node.ip]
        for extra in [endpointHost].compactMap({ $0 }) + config.certSANs {
            if extra.first?.isNumber == true {
                if !ips.contains(extra) { ips.append(extra) }
            } else if !dns.contains(extra) {
                dns.append(extra)
            }
        }
        dns.sort()
        names.apiServerDNS = dns
        names.apiServerIPs = ips
        files.installPair(
            "\(pkiDir)/apiserver", pki.leaf("kube-apiserver", issuer: "kubernetes", dns: dns, ips: ips, usages: [.serverAuth]))
        files.installPair(
            "\(pkiDir)/apiserver-kubelet-client",
            pki.leaf(
                "kube-apiserver-kubelet-client", organization: "kubeadm:cluster-admins", issuer: "kubernetes",
                usages: [.clientAuth]))
        files.installPair(
            "\(pkiDir)/front-proxy-client", pki.leaf("front-proxy-client", issuer: "front-proxy-ca", usages: [.clientAuth]))
        guard !config.etcd.isExternal else { return names }
        let etcdDNS = [node.name, "localhost"].sorted()
        let etcdIPs = [node.ip, "127.0.0.1", "0:0:0:0:0:0:0:1"]
        names.etcdDNS = etcdDNS
        names.etcdIPs = [node.ip, "127.0.0.1", "::1"]
        for (file, usages) in [("server", [Certificate.Usage.serverAuth, .clientAuth]), ("peer", [.serverAuth, .clientAuth])] {
            files.installPair(
                "\(pkiDir)/etcd/\(file)", pki.leaf(node.name, issuer: "etcd-ca", dns: etcdDNS, ips: etcdIPs, usages: usages))
        }
        files.installPair(
            "\(pkiDir)/etcd/healthcheck-client",
            pki.leaf("kube-etcd-healthcheck-client", issuer: "etcd-ca", usages: [.clientAuth]))
        files.installPair(
            "\(pkiDir)/apiserver-etcd-client", pki.leaf("kube-apiserver-etcd-client", issuer: "etcd-ca", usages: [.clientAuth]))
        return names
    }

    /// admin.conf, (super-admin.conf on the first control plane), controller-manager.conf,
    /// scheduler.conf and kubelet.conf.
    static func writeKubeconfigs(
        node: ClusterSpec.NodeSpec, config: KubeadmConfiguration, first: Bool, files: inout FileSystem,
        pki: inout PKIFactory
    ) {
        let ca = pki.authority("kubernetes")
        let endpoint = config.controlPlaneEndpoint ?? "\(node.ip):6443"
        let local = "\(node.ip):6443"
        func client(_ cn: String, _ organization: String? = nil) -> Certificate {
            pki.leaf(cn, organization: organization, issuer: "kubernetes", usages: [.clientAuth])
        }
        let admin = Kubeconfigs.render(
            server: endpoint, ca: ca, user: "kubernetes-admin", client: client("kubernetes-admin", "kubeadm:cluster-admins"))
        files.install("/etc/kubernetes/admin.conf", admin, mode: 0o600)
        if first {
            let superAdmin = Kubeconfigs.render(
                server: local, ca: ca, user: "kubernetes-super-admin", client: client("kubernetes-super-admin", "system:masters"))
            files.install("/etc/kubernetes/super-admin.conf", superAdmin, mode: 0o600)
        }
        for (file, user) in [
            ("controller-manager.conf", "system:kube-controller-manager"), ("scheduler.conf", "system:kube-scheduler"),
        ] {
            files.install(
                "/etc/kubernetes/\(file)", Kubeconfigs.render(server: local, ca: ca, user: user, client: client(user)),
                mode: 0o600)
        }
        writeKubelet(node: node, server: endpoint, files: &files, pki: &pki)
    }

    /// kubelet.conf pointing at the rotated client certificate, and the kubelet's configuration.
    static func writeKubelet(node: ClusterSpec.NodeSpec, server: String, files: inout FileSystem, pki: inout PKIFactory) {
        let ca = pki.authority("kubernetes")
        let user = "system:node:\(node.name)"
        let current = "/var/lib/kubelet/pki/kubelet-client-current.pem"
        files.install(
            "/etc/kubernetes/kubelet.conf",
            Kubeconfigs.render(server: server, ca: ca, user: user, client: nil, clientFiles: current), mode: 0o600)
        let cert = pki.leaf(user, organization: "system:nodes", issuer: "kubernetes", usages: [.clientAuth])
        files.install(current, cert.pem + PrivateKey(keyID: cert.keyID).pem, mode: 0o600)
        files.install("\(pkiDir)/ca.crt", ca.pem)
        files.install(
            "/var/lib/kubelet/kubeadm-flags.env",
            "KUBELET_KUBEADM_ARGS=\"--container-runtime-endpoint=unix:///var/run/containerd/containerd.sock --pod-infra-container-image=registry.k8s.io/pause:3.10\"\n"
        )
        files.install("/var/lib/kubelet/config.yaml", kubeletConfiguration)
    }

    /// An abridged KubeletConfiguration as kubeadm writes it (the fields the trainer's tasks read).
    static let kubeletConfiguration = """
        apiVersion: kubelet.config.k8s.io/v1beta1
        authentication:
          anonymous:
            enabled: false
          webhook:
            cacheTTL: 0s
            enabled: true
          x509:
            clientCAFile: /etc/kubernetes/pki/ca.crt
        authorization:
          mode: Webhook
        cgroupDriver: systemd
        clusterDNS:
        - 10.96.0.10
        clusterDomain: cluster.local
        containerRuntimeEndpoint: ""
        healthzBindAddress: 127.0.0.1
        healthzPort: 10248
        kind: KubeletConfiguration
        rotateCertificates: true
        staticPodPath: /etc/kubernetes/manifests

        """

    /// The control-plane manifests with the configuration's subnets and `extraArgs` applied
    /// (kubeadm overrides its defaults with them and sorts the flags).
    static func controlPlaneManifests(
        node: ClusterSpec.NodeSpec, spec: ClusterSpec, config: KubeadmConfiguration
    ) -> [(file: String, manifest: Manifest)] {
        var local = spec
        local.serviceSubnet = config.serviceSubnet
        local.podSubnet = config.podSubnet ?? spec.podSubnet
        local.kubernetesVersion = config.kubernetesVersion
        var api = ControlPlaneManifests.apiServer(node: node, spec: local)
        var apiArgs = [KubeadmConfiguration.Argument(name: "advertise-address", value: config.advertiseAddress ?? node.ip)]
        if case .external(let endpoints, let ca, let cert, let key) = config.etcd {
            apiArgs += [
                .init(name: "etcd-servers", value: endpoints.joined(separator: ",")), .init(name: "etcd-cafile", value: ca),
                .init(name: "etcd-certfile", value: cert), .init(name: "etcd-keyfile", value: key),
            ]
        } else {
            apiArgs += [
                .init(name: "etcd-servers", value: "https://127.0.0.1:2379"),
                .init(name: "etcd-cafile", value: "/etc/kubernetes/pki/etcd/ca.crt"),
                .init(name: "etcd-certfile", value: "/etc/kubernetes/pki/apiserver-etcd-client.crt"),
                .init(name: "etcd-keyfile", value: "/etc/kubernetes/pki/apiserver-etcd-client.key"),
            ]
        }
        api = override(api, apiArgs + config.apiServerExtraArgs)
        var controllerManager = ControlPlaneManifests.controllerManager(spec: local)
        var cmArgs = config.controllerManagerExtraArgs
        if config.podSubnet == nil {
            // Without a pod subnet kubeadm leaves node CIDR allocation off.
            controllerManager = remove(controllerManager, ["allocate-node-cidrs", "cluster-cidr"])
        }
        cmArgs.insert(.init(name: "cluster-name", value: config.clusterName), at: 0)
        controllerManager = override(controllerManager, cmArgs)
        let scheduler = override(ControlPlaneManifests.scheduler(spec: local), config.schedulerExtraArgs)
        return [
            ("kube-apiserver.yaml", api), ("kube-controller-manager.yaml", controllerManager),
            ("kube-scheduler.yaml", scheduler),
        ]
    }

    /// The etcd manifest with the configuration's `etcd.local.extraArgs` applied.
    static func etcdManifest(
        node: ClusterSpec.NodeSpec, version: String, initialCluster: String, existing: Bool, config: KubeadmConfiguration
    ) -> Manifest {
        let manifest = Manifests.etcd(node: node, version: version, initialCluster: initialCluster, existing: existing)
        guard case .local(_, let extraArgs) = config.etcd else { return manifest }
        return override(manifest, extraArgs)
    }

    /// Replaces the command flags of a manifest: same-named flags are overridden, new ones added,
    /// and every flag after the binary is sorted as kubeadm sorts them.
    static func override(_ manifest: Manifest, _ arguments: [KubeadmConfiguration.Argument]) -> Manifest {
        guard !arguments.isEmpty, let binary = manifest.pod.command.first else { return manifest }
        var flags: [(String, String)] = manifest.pod.command.dropFirst().map { word in
            let body = word.drop { $0 == "-" }
            guard let eq = body.firstIndex(of: "=") else { return (String(body), "") }
            return (String(body[..<eq]), String(body[body.index(after: eq)...]))
        }
        for argument in arguments {
            if let index = flags.firstIndex(where: { $0.0 == argument.name }) {
                flags[index].1 = argument.value
            } else {
                flags.append((argument.name, argument.value))
            }
        }
        flags.sort { $0.0 < $1.0 }
        return replaceCommand(manifest, [binary] + flags.map { "--\($0.0)=\($0.1)" })
    }

    static func remove(_ manifest: Manifest, _ names: [String]) -> Manifest {
        let command = manifest.pod.command.filter { word in
            !names.contains { word.hasPrefix("--\($0)=") }
        }
        return replaceCommand(manifest, command)
    }

    private static func replaceCommand(_ manifest: Manifest, _ command: [String]) -> Manifest {
        var lines = manifest.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let start = lines.firstIndex(of: "  - command:") else { return manifest }
        var end = start + 1
        while end < lines.count, lines[end].hasPrefix("    - ") { end += 1 }
        lines.replaceSubrange((start + 1)..<end, with: command.map { "    - \($0)" })
        let text = lines.joined(separator: "\n")
        var pod = manifest.pod
        pod.command = command
        return Manifest(text: text, pod: pod)
    }
}
