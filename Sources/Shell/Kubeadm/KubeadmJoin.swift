import ClusterSim

/// `kubeadm join ENDPOINT --token T --discovery-token-ca-cert-hash H [--control-plane --certificate-key K]`.
enum KubeadmJoin {
    static func run(_ arguments: KubeadmArguments, _ context: inout ToolContext) -> Int32 {
        guard let endpoint = arguments.words.dropFirst().first else {
            context.err(
                KubeadmText.error(
                    phase: nil,
                    "discovery: Invalid value: \"\": bootstrapToken or file must be set"))
            return 1
        }
        guard let token = arguments.value("token") ?? arguments.value("discovery-token") else {
            context.err(KubeadmText.error(phase: nil, "discovery: Invalid value: \"\": bootstrapToken or file must be set"))
            return 1
        }
        let hashes = arguments.all("discovery-token-ca-cert-hash")
        let unsafe = arguments.has("discovery-token-unsafe-skip-ca-verification")
        if hashes.isEmpty && !unsafe {
            context.err(
                KubeadmText.error(
                    phase: nil,
                    "discovery.bootstrapToken: Invalid value: \"\": using token-based discovery without caCertHashes can be unsafe. Set unsafeSkipCAVerification as true in your kubeadm config file or pass --discovery-token-unsafe-skip-ca-verification flag to continue"
                ))
            return 1
        }
        let controlPlane = arguments.has("control-plane")
        var out = ""
        if !controlPlane, arguments.value("certificate-key") != nil {
            context.err(
                "W0000 00:00:00.000000       1 join.go:377] [preflight] WARNING: --control-plane is also required when passing control-plane related flags such as [certificate-key, apiserver-advertise-address, apiserver-bind-port]\n"
            )
        }
        out += "[preflight] Running pre-flight checks\n"
        // Discovery talks to the endpoint without trusting it yet.
        let url = APIServerURL.parse("https://" + endpoint)
        let tls = APIConnection.ClientTLS(caPEM: nil, insecure: true, clientCertificatePEM: nil)
        if case .failure(let failure) = APIConnection.open(server: url, tls: tls, context: &context) {
            context.cluster.advance(milliseconds: Cluster.kubeadmDiscoveryTimeoutMilliseconds)
            context.out(out)
            context.err(
                KubeadmText.error(
                    phase: "preflight",
                    "couldn't validate the identity of the API Server: failed to request the cluster-info ConfigMap: Get \"https://\(endpoint)/api/v1/namespaces/kube-public/configmaps/cluster-info?timeout=10s\": \(failure.cause)"
                ))
            return 1
        }
        var request = KubeadmJoinRequest(node: context.host, endpoint: endpoint, token: token)
        request.caCertHashes = hashes
        request.unsafeSkipCAVerification = unsafe
        request.controlPlane = controlPlane
        request.certificateKey = arguments.value("certificate-key")
        request.ignoredPreflightErrors = Set(arguments.all("ignore-preflight-errors").map { $0.lowercased() })
        let result = context.cluster.kubeadmJoin(request)
        if case .failure(let failure) = result, failure.phase == "preflight", failure.output.isEmpty {
            context.out(out)
            context.err(KubeadmText.error(phase: failure.phase, failure.message))
            return 1
        }
        out += KubeadmText.readingConfiguration("preflight")
        if controlPlane {
            out += "[preflight] Running pre-flight checks before initializing the new control plane instance\n"
            out += KubeadmText.pullingImages
            if request.certificateKey != nil {
                out +=
                    "[download-certs] Downloading the certificates in Secret \"kubeadm-certs\" in the \"kube-system\" Namespace\n"
            }
        }
        let report: KubeadmJoinReport
        switch result {
        case .success(let done): report = done
        case .failure(let failure):
            context.out(out)
            context.err(KubeadmText.error(phase: failure.phase, failure.message))
            return 1
        }
        let healthy =
            "[kubelet-check] The kubelet is healthy after \(KubeadmText.goDuration(milliseconds: report.kubeletHealthyMilliseconds, nanos: 206_415))\n"
        guard controlPlane, let names = report.names else {
            out += KubeadmText.kubeletStart + healthy
            out += "[kubelet-start] Waiting for the kubelet to perform the TLS Bootstrap\n" + KubeadmText.workerJoined
            context.out(out)
            return 0
        }
        if request.certificateKey != nil {
            out += "[download-certs] Saving the certificates to the folder: \"/etc/kubernetes/pki\"\n"
        }
        out += "[certs] Using certificateDir folder \"/etc/kubernetes/pki\"\n"
        func generated(_ cert: String) { out += "[certs] Generating \"\(cert)\" certificate and key\n" }
        func signed(_ cert: String, _ dns: [String], _ ips: [String]) {
            out +=
                "[certs] \(cert) serving cert is signed for DNS names [\(dns.joined(separator: " "))] and IPs [\(ips.joined(separator: " "))]\n"
        }
        if report.addedEtcdMember || !names.etcdDNS.isEmpty {
            generated("etcd/server")
            signed("etcd/server", names.etcdDNS, names.etcdIPs)
            generated("etcd/peer")
            signed("etcd/peer", names.etcdDNS, names.etcdIPs)
            generated("apiserver-etcd-client")
            generated("etcd/healthcheck-client")
        }
        generated("apiserver")
        signed("apiserver", names.apiServerDNS, names.apiServerIPs)
        generated("apiserver-kubelet-client")
        generated("front-proxy-client")
        out += """
            [certs] Valid certificates and keys now exist in "/etc/kubernetes/pki"
            [certs] Using the existing "sa" key
            [kubeconfig] Generating kubeconfig files
            [kubeconfig] Using kubeconfig folder "/etc/kubernetes"
            [kubeconfig] Writing "admin.conf" kubeconfig file
            [kubeconfig] Writing "controller-manager.conf" kubeconfig file
            [kubeconfig] Writing "scheduler.conf" kubeconfig file
            [control-plane] Using manifest folder "/etc/kubernetes/manifests"
            [control-plane] Creating static Pod manifest for "kube-apiserver"
            [control-plane] Creating static Pod manifest for "kube-controller-manager"
            [control-plane] Creating static Pod manifest for "kube-scheduler"

            """
        if report.addedEtcdMember { out += "[check-etcd] Checking that the etcd cluster is healthy\n" }
        out += KubeadmText.kubeletStart + healthy + "[kubelet-start] Waiting for the kubelet to perform the TLS Bootstrap\n"
        if report.addedEtcdMember {
            out += """
                [etcd] Announced new etcd member joining to the existing etcd cluster
                [etcd] Creating static Pod manifest for "etcd"
                [etcd] Waiting for the new etcd member to join the cluster. This can take up to 40s

                """
        }
        out += KubeadmText.markControlPlane(context.host) + KubeadmText.controlPlaneJoined(etcd: report.addedEtcdMember)
        context.out(out)
        return 0
    }
}
