import ClusterSim

/// `kubeadm init`, `kubeadm join` and `kubeadm reset` on the current host.
enum KubeadmInit {
    static func run(_ arguments: KubeadmArguments, _ context: inout ToolContext) -> Int32 {
        let cluster = context.cluster
        var config = KubeadmConfiguration(kubernetesVersion: cluster.spec.kubernetesVersion)
        if let path = arguments.value("config") {
            guard let text = context.read(path).success else {
                context.err(
                    KubeadmText.error(
                        phase: nil, "unable to read config from \"\(path)\" : open \(path): no such file or directory"))
                return 1
            }
            switch KubeadmConfiguration.parse(text, defaultVersion: cluster.spec.kubernetesVersion) {
            case .success(let parsed): config = parsed
            case .failure(let error):
                context.err(KubeadmText.error(phase: nil, error.message))
                return 1
            }
        }
        if let version = arguments.value("kubernetes-version") {
            config.kubernetesVersion = version.hasPrefix("v") ? version : "v" + version
        }
        // kubeadm deploys its own minor version and the one before (NormalizeKubernetesVersion).
        let parts = config.kubernetesVersion.dropFirst().split(separator: ".").compactMap { Int($0) }
        if parts.count == 3, parts[0] == 1, parts[1] < Kubeadm.minimumControlPlaneMinor {
            context.err(
                KubeadmText.error(
                    phase: nil,
                    "this version of kubeadm only supports deploying clusters with the control plane version >= 1.\(Kubeadm.minimumControlPlaneMinor).0. Current version: \(config.kubernetesVersion)"
                ))
            return 1
        }
        if let endpoint = arguments.value("control-plane-endpoint") {
            config.controlPlaneEndpoint = endpoint.contains(":") ? endpoint : endpoint + ":6443"
        }
        if let cidr = arguments.value("pod-network-cidr") { config.podSubnet = cidr }
        if let cidr = arguments.value("service-cidr") { config.serviceSubnet = cidr }
        if let address = arguments.value("apiserver-advertise-address") { config.advertiseAddress = address }
        config.certSANs += arguments.all("apiserver-cert-extra-sans")
        guard context.node?.role == .controlPlane, cluster.kubeadm.configuration == nil || true else {
            return Kubeadm.notSimulated(["init"], &context)
        }
        var request = KubeadmInitRequest(node: context.host, configuration: config)
        request.uploadCerts = arguments.has("upload-certs")
        request.certificateKey = arguments.value("certificate-key")
        request.token = arguments.value("token")
        request.ignoredPreflightErrors = Set(arguments.all("ignore-preflight-errors").map { $0.lowercased() })
        context.out("[init] Using Kubernetes version: \(config.kubernetesVersion)\n[preflight] Running pre-flight checks\n")
        let report: KubeadmInitReport
        switch context.cluster.kubeadmInit(request) {
        case .success(let done): report = done
        case .failure(let failure):
            context.err(KubeadmText.error(phase: failure.phase, failure.message))
            return 1
        }
        context.out(initOutput(report, node: context.node, config: config, uploadCerts: request.uploadCerts))
        return 0
    }

    private static func initOutput(_ report: KubeadmInitReport, node: Node?, config: KubeadmConfiguration, uploadCerts: Bool)
        -> String
    {
        let name = node?.name ?? ""
        let names = report.names
        var text = KubeadmText.pullingImages
        text += "[certs] Using certificateDir folder \"/etc/kubernetes/pki\"\n"
        func generated(_ cert: String) { text += "[certs] Generating \"\(cert)\" certificate and key\n" }
        func signed(_ cert: String, _ dns: [String], _ ips: [String]) {
            text +=
                "[certs] \(cert) serving cert is signed for DNS names [\(dns.joined(separator: " "))] and IPs [\(ips.joined(separator: " "))]\n"
        }
        generated("ca")
        generated("apiserver")
        signed("apiserver", names.apiServerDNS, names.apiServerIPs)
        generated("apiserver-kubelet-client")
        generated("front-proxy-ca")
        generated("front-proxy-client")
        let local = !config.etcd.isExternal
        if local {
            generated("etcd/ca")
            generated("etcd/server")
            signed("etcd/server", names.etcdDNS, names.etcdIPs)
            generated("etcd/peer")
            signed("etcd/peer", names.etcdDNS, names.etcdIPs)
            generated("etcd/healthcheck-client")
            generated("apiserver-etcd-client")
        } else {
            text += "[certs] External etcd mode: Skipping etcd/ca certificate authority generation\n"
        }
        text += "[certs] Generating \"sa\" key and public key\n[kubeconfig] Using kubeconfig folder \"/etc/kubernetes\"\n"
        for file in ["admin.conf", "super-admin.conf", "kubelet.conf", "controller-manager.conf", "scheduler.conf"] {
            text += "[kubeconfig] Writing \"\(file)\" kubeconfig file\n"
        }
        if local { text += "[etcd] Creating static Pod manifest for local etcd in \"/etc/kubernetes/manifests\"\n" }
        text += "[control-plane] Using manifest folder \"/etc/kubernetes/manifests\"\n"
        for component in ["kube-apiserver", "kube-controller-manager", "kube-scheduler"] {
            text += "[control-plane] Creating static Pod manifest for \"\(component)\"\n"
        }
        text += """
            [kubelet-start] Writing kubelet environment file with flags to file "/var/lib/kubelet/kubeadm-flags.env"
            [kubelet-start] Writing kubelet configuration to file "/var/lib/kubelet/config.yaml"
            [kubelet-start] Starting the kubelet
            [wait-control-plane] Waiting for the kubelet to boot up the control plane as static Pods from directory "/etc/kubernetes/manifests"
            [kubelet-check] Waiting for a healthy kubelet at http://127.0.0.1:10248/healthz. This can take up to 4m0s
            [kubelet-check] The kubelet is healthy after \(KubeadmText.goDuration(milliseconds: report.kubeletHealthyMilliseconds, nanos: 412_807))
            [api-check] Waiting for a healthy API server. This can take up to 4m0s
            [api-check] The API server is healthy after \(KubeadmText.goDuration(milliseconds: report.apiHealthyMilliseconds, nanos: 530_114))
            [upload-config] Storing the configuration used in ConfigMap "kubeadm-config" in the "kube-system" Namespace
            [kubelet] Creating a ConfigMap "kubelet-config" in namespace kube-system with the configuration for the kubelets in the cluster

            """
        if let key = report.certificateKey {
            text += """
                [upload-certs] Storing the certificates in Secret "kubeadm-certs" in the "kube-system" Namespace
                [upload-certs] Using certificate key:
                \(key)

                """
        } else {
            text += "[upload-certs] Skipping phase. Please see --upload-certs\n"
        }
        text += KubeadmText.markControlPlane(name)
        text += """
            [bootstrap-token] Using token: \(report.token)
            [bootstrap-token] Configuring bootstrap tokens, cluster-info ConfigMap, RBAC Roles
            [bootstrap-token] Configured RBAC rules to allow Node Bootstrap tokens to get nodes
            [bootstrap-token] Configured RBAC rules to allow Node Bootstrap tokens to post CSRs in order for nodes to get long term certificate credentials
            [bootstrap-token] Configured RBAC rules to allow the csrapprover controller automatically approve CSRs from a Node Bootstrap Token
            [bootstrap-token] Configured RBAC rules to allow certificate rotation for all node client certificates in the cluster
            [bootstrap-token] Creating the "cluster-info" ConfigMap in the "kube-public" namespace
            [kubelet-finalize] Updating "/etc/kubernetes/kubelet.conf" to point to a rotatable kubelet client certificate and key
            [addons] Applied essential addon: CoreDNS
            [addons] Applied essential addon: kube-proxy

            Your Kubernetes control-plane has initialized successfully!

            To start using your cluster, you need to run the following as a regular user:

              mkdir -p $HOME/.kube
              sudo cp -i /etc/kubernetes/admin.conf $HOME/.kube/config
              sudo chown $(id -u):$(id -g) $HOME/.kube/config

            Alternatively, if you are the root user, you can run:

              export KUBECONFIG=/etc/kubernetes/admin.conf

            You should now deploy a pod network to the cluster.
            Run "kubectl apply -f [podnetwork].yaml" with one of the options listed at:
              https://kubernetes.io/docs/concepts/cluster-administration/addons/


            """
        let worker = KubeadmText.joinCommand(
            endpoint: report.joinEndpoint, token: report.token, hash: report.caCertHash, certificateKey: nil,
            controlPlane: false)
        if config.controlPlaneEndpoint != nil {
            let controlPlane = KubeadmText.joinCommand(
                endpoint: report.joinEndpoint, token: report.token, hash: report.caCertHash,
                certificateKey: report.certificateKey, controlPlane: true)
            if report.certificateKey != nil {
                text += """
                    You can now join any number of the control-plane node running the following command on each as root:

                      \(controlPlane)

                    Please note that the certificate-key gives access to cluster sensitive data, keep it secret!
                    As a safeguard, uploaded-certs will be deleted in two hours; If necessary, you can use
                    "kubeadm init phase upload-certs --upload-certs" to reload certs afterward.


                    """
            } else {
                text += """
                    You can now join any number of control-plane nodes by copying certificate authorities
                    and service account keys on each node and then running the following as root:

                      \(controlPlane)


                    """
            }
        }
        text += "Then you can join any number of worker nodes by running the following on each as root:\n\n\(worker)\n"
        return text
    }

    static func reset(_ arguments: KubeadmArguments, _ context: inout ToolContext) -> Int32 {
        var out = ""
        if case .success = Kubeadm.connect(arguments, &context) { out += KubeadmText.readingConfiguration("reset") }
        guard arguments.has("force") || arguments.has("f") || context.stdin.lowercased().hasPrefix("y") else {
            context.out(out)
            context.err(
                "W0000 00:00:00.000000       1 reset.go:123] [reset] WARNING: Changes made to this host by 'kubeadm init' or 'kubeadm join' will be reverted.\n"
            )
            context.out("[reset] Are you sure you want to proceed? [y/N]: ")
            context.err(
                KubeadmText.error(
                    phase: "preflight", "won't proceed; the user didn't answer (Y|y) in order to continue"))
            return 1
        }
        out += "[preflight] Running pre-flight checks\n"
        let report = context.cluster.kubeadmReset(on: context.host)
        var warning = ""
        if report.memberRemovalFailure != nil {
            warning =
                "[reset] Failed to remove etcd member: etcd cluster is not reachable. Please manually remove this etcd member using etcdctl\n"
        }
        if let dir = report.etcdDataDir { out += "[reset] Deleted contents of the etcd data directory: \(dir)\n" }
        out += """
            [reset] Stopping the kubelet service
            [reset] Unmounting mounted directories in "/var/lib/kubelet"
            [reset] Deleting contents of directories: [/etc/kubernetes/manifests /var/lib/kubelet /etc/kubernetes/pki]
            [reset] Deleting files: [/etc/kubernetes/admin.conf /etc/kubernetes/super-admin.conf /etc/kubernetes/kubelet.conf /etc/kubernetes/bootstrap-kubelet.conf /etc/kubernetes/controller-manager.conf /etc/kubernetes/scheduler.conf]

            """
        out += KubeadmText.resetNotes
        if !warning.isEmpty { context.err(warning) }
        context.cluster.advance(milliseconds: 2_300)
        context.out(out)
        return 0
    }
}
