/// Files the OS packages and the guide's set-up steps leave on a node: units, HAProxy config.
enum SystemFiles {
    static let kubeletUnit = """
        [Unit]
        Description=kubelet: The Kubernetes Node Agent
        Documentation=https://kubernetes.io/docs/
        Wants=network-online.target
        After=network-online.target

        [Service]
        ExecStart=/usr/bin/kubelet
        Restart=always
        StartLimitInterval=0
        RestartSec=10

        [Install]
        WantedBy=multi-user.target

        """

    static let kubeletDropIn = """
        # Note: This dropin only works with kubeadm and kubelet v1.11+
        [Service]
        Environment="KUBELET_KUBECONFIG_ARGS=--bootstrap-kubeconfig=/etc/kubernetes/bootstrap-kubelet.conf --kubeconfig=/etc/kubernetes/kubelet.conf"
        Environment="KUBELET_CONFIG_ARGS=--config=/var/lib/kubelet/config.yaml"
        # This is a file that "kubeadm init" and "kubeadm join" generates at runtime, populating the KUBELET_KUBEADM_ARGS variable dynamically
        EnvironmentFile=-/var/lib/kubelet/kubeadm-flags.env
        # This is a file that the user can use for overrides of the kubelet args as a last resort. Preferably, the user should use
        # the .NodeRegistration.KubeletExtraArgs object in the configuration files instead. KUBELET_EXTRA_ARGS should be sourced from this file.
        EnvironmentFile=-/etc/default/kubelet
        ExecStart=
        ExecStart=/usr/bin/kubelet $KUBELET_KUBECONFIG_ARGS $KUBELET_CONFIG_ARGS $KUBELET_KUBEADM_ARGS $KUBELET_EXTRA_ARGS

        """

    /// The kubelet unit and kubeadm's drop-in, as the Debian packages install them.
    static func installKubelet(_ files: inout FileSystem) {
        files.install("/usr/lib/systemd/system/kubelet.service", kubeletUnit)
        files.install("/usr/lib/systemd/system/kubelet.service.d/10-kubeadm.conf", kubeletDropIn)
        files.makeDirectories("/var/lib/kubelet/pki")
    }

    /// The guide's HAProxy example: TCP checks against every control plane.
    static func haproxyConfig(spec: ClusterSpec) -> String {
        var text = """
            global
                log stdout local0

            defaults
                mode tcp
                timeout connect 5000ms
                timeout client 50000ms
                timeout server 50000ms

            frontend k8s-api
                bind *:6443
                default_backend k8s-api-backend

            backend k8s-api-backend
                balance roundrobin
                option tcp-check

            """
        for node in spec.nodes where node.role == .controlPlane {
            text += "    server \(node.name) \(node.ip):6443 check fall 3 rise 2\n"
        }
        return text
    }

    /// An external etcd member's unit, in the guide's layout with client certificates required.
    static func etcdUnit(node: ClusterSpec.NodeSpec, spec: ClusterSpec) -> String {
        let cluster = spec.etcdHosts.map { "\($0.name)=https://\($0.ip):2380" }.joined(separator: ",")
        let pki = "/etc/etcd/pki"
        let flags = [
            "--name=\(node.name)", "--data-dir=/var/lib/etcd", "--listen-peer-urls=https://\(node.ip):2380",
            "--listen-client-urls=https://\(node.ip):2379,https://127.0.0.1:2379",
            "--advertise-client-urls=https://\(node.ip):2379", "--initial-advertise-peer-urls=https://\(node.ip):2380",
            "--initial-cluster=\(cluster)", "--initial-cluster-token=etcd-cluster-1", "--initial-cluster-state=new",
            "--cert-file=\(pki)/\(node.name).pem", "--key-file=\(pki)/\(node.name)-key.pem",
            "--peer-cert-file=\(pki)/\(node.name).pem", "--peer-key-file=\(pki)/\(node.name)-key.pem",
            "--trusted-ca-file=\(pki)/ca.pem", "--peer-trusted-ca-file=\(pki)/ca.pem", "--client-cert-auth=true",
            "--peer-client-cert-auth=true",
        ]
        return """
            [Unit]
            Description=etcd
            Documentation=https://github.com/etcd-io/etcd

            [Service]
            Type=notify
            User=etcd
            ExecStart=/usr/local/bin/etcd \\
            \(flags.map { "  " + $0 }.joined(separator: " \\\n"))
            Restart=on-failure
            RestartSec=5

            [Install]
            WantedBy=multi-user.target

            """
    }

    /// The flags of a unit's `ExecStart=` (continuation lines joined), as `--flag=value` words.
    public static func execStartWords(_ unit: String) -> [String] { execStarts.value(for: unit, parse: readExecStart) }

    private static let execStarts = ParseCache<String, [String]>()

    private static func readExecStart(_ unit: String) -> [String] {
        var joined = ""
        var inExec = false
        for line in unit.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.trimmed()
            if trimmed.hasPrefix("ExecStart=") {
                inExec = true
                joined = String(trimmed.dropFirst("ExecStart=".count))
            } else if inExec {
                joined += " " + trimmed
            }
            if inExec, !trimmed.hasSuffix("\\") { inExec = false }
        }
        return joined.split(whereSeparator: { $0 == " " || $0 == "\\" }).map(String.init)
    }
}
