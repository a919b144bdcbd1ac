import ClusterSim

/// kubeadm v1.31's fixed output texts and formats.
enum KubeadmText {
    static let stackTrace = "To see the stack trace of this error execute with --v=5 or higher\n"

    /// `error execution phase X: ...` (or the bare message) and the stack-trace hint.
    static func error(phase: String?, _ message: String) -> String {
        (phase.map { "error execution phase \($0): " } ?? "") + message + "\n" + stackTrace
    }

    /// client-go's `duration.ShortHumanDuration`.
    static func shortDuration(milliseconds: Int64) -> String {
        let seconds = milliseconds / 1000
        if seconds < -1 { return "<invalid>" }
        if seconds < 0 { return "0s" }
        if seconds < 60 { return "\(seconds)s" }
        if seconds < 3600 { return "\(seconds / 60)m" }
        let hours = seconds / 3600
        if hours < 24 { return "\(hours)h" }
        if hours < 24 * 365 { return "\(hours / 24)d" }
        return "\(hours / 24 / 365)y"
    }

    /// Go's `Jan 02, 2006 15:04 MST` in UTC.
    static func expiryDate(_ time: SimTime) -> String {
        let civil = time.civil
        func pad(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        let month = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"][civil.month - 1]
        return "\(month) \(pad(civil.day)), \(civil.year) \(pad(civil.hour)):\(pad(civil.minute)) UTC"
    }

    /// Go's `time.Duration` string for a whole number of milliseconds (`1.501s`, `732ms`).
    static func goDuration(milliseconds: Int64, nanos: Int64) -> String {
        if milliseconds < 1000 { return "\(milliseconds).\(String(nanos).leftPadded(6))ms" }
        let whole = milliseconds / 1000
        let fraction = String(milliseconds % 1000).leftPadded(3) + String(nanos).leftPadded(6)
        return "\(whole).\(fraction)s"
    }

    /// Go's text/tabwriter with kubeadm's settings (minwidth 10, tabwidth 4, padding 3, spaces):
    /// rows of cells aligned per block of consecutive rows that have cells.
    static func tabwrite(_ rows: [[String]]) -> String {
        var out = ""
        var block: [[String]] = []
        func flush() {
            var widths: [Int] = []
            for row in block {
                for (column, cell) in row.dropLast().enumerated() {
                    if widths.count <= column { widths.append(0) }
                    widths[column] = max(widths[column], cell.count + 3, 10)
                }
            }
            for row in block {
                var line = ""
                for (column, cell) in row.enumerated() {
                    line += column < row.count - 1 ? cell.padding(toLength: widths[column], withPad: " ", startingAt: 0) : cell
                }
                out += line + "\n"
            }
            block = []
        }
        for row in rows {
            if row.count <= 1 {
                flush()
                out += (row.first ?? "") + "\n"
            } else {
                block.append(row)
            }
        }
        flush()
        return out
    }

    /// The join command kubeadm prints (continuation lines start with a tab).
    static func joinCommand(endpoint: String, token: String, hash: String, certificateKey: String?, controlPlane: Bool)
        -> String
    {
        var text = "kubeadm join \(endpoint) --token \(token) \\\n\t--discovery-token-ca-cert-hash \(hash) "
        if controlPlane {
            text += "\\\n\t--control-plane " + (certificateKey.map { "--certificate-key \($0)" } ?? "")
        }
        return text
    }

    /// `--print-join-command`: the same command on one line.
    static func oneLine(_ command: String) -> String {
        command.replacingOccurrences(of: "\\\n", with: "").replacingOccurrences(of: "\t", with: "")
    }

    static func readingConfiguration(_ prefix: String) -> String {
        """
        [\(prefix)] Reading configuration from the "kubeadm-config" ConfigMap in namespace "kube-system"...
        [\(prefix)] Use 'kubeadm init phase upload-config --config your-config.yaml' to re-upload it.

        """
    }

    static let pullingImages = """
        [preflight] Pulling images required for setting up a Kubernetes cluster
        [preflight] This might take a minute or two, depending on the speed of your internet connection
        [preflight] You can also perform this action beforehand using 'kubeadm config images pull'

        """

    static let kubeletStart = """
        [kubelet-start] Writing kubelet configuration to file "/var/lib/kubelet/config.yaml"
        [kubelet-start] Writing kubelet environment file with flags to file "/var/lib/kubelet/kubeadm-flags.env"
        [kubelet-start] Starting the kubelet
        [kubelet-check] Waiting for a healthy kubelet at http://127.0.0.1:10248/healthz. This can take up to 4m0s

        """

    static let workerJoined = """

        This node has joined the cluster:
        * Certificate signing request was sent to apiserver and a response was received.
        * The Kubelet was informed of the new secure connection details.

        Run 'kubectl get nodes' on the control-plane to see this node join the cluster.


        """

    static func controlPlaneJoined(etcd: Bool) -> String {
        var text = """

            This node has joined the cluster and a new control plane instance was created:

            * Certificate signing request was sent to apiserver and approval was received.
            * The Kubelet was informed of the new secure connection details.
            * Control plane label and taint were applied to the new node.
            * The Kubernetes control plane instances scaled up.

            """
        if etcd { text += "* A new etcd member was added to the local/stacked etcd cluster.\n" }
        text += """

            To start administering your cluster from this node, you need to run the following as a regular user:

            \tmkdir -p $HOME/.kube
            \tsudo cp -i /etc/kubernetes/admin.conf $HOME/.kube/config
            \tsudo chown $(id -u):$(id -g) $HOME/.kube/config

            Run 'kubectl get nodes' to see this node join the cluster.


            """
        return text
    }

    static func markControlPlane(_ node: String) -> String {
        """
        [mark-control-plane] Marking the node \(node) as control-plane by adding the labels: [node-role.kubernetes.io/control-plane node.kubernetes.io/exclude-from-external-load-balancers]
        [mark-control-plane] Marking the node \(node) as control-plane by adding the taints [node-role.kubernetes.io/control-plane:NoSchedule]

        """
    }

    static let timeouts = """
        timeouts:
          controlPlaneComponentHealthCheck: 4m0s
          discovery: 5m0s
          etcdAPICall: 2m0s
          kubeletHealthCheck: 4m0s
          kubernetesAPICall: 1m0s
          tlsBootstrap: 5m0s
          upgradeManifests: 5m0s

        """

    static let initDefaults =
        """
        apiVersion: kubeadm.k8s.io/v1beta4
        bootstrapTokens:
        - groups:
          - system:bootstrappers:kubeadm:default-node-token
          token: abcdef.0123456789abcdef
          ttl: 24h0m0s
          usages:
          - signing
          - authentication
        kind: InitConfiguration
        localAPIEndpoint:
          advertiseAddress: 1.2.3.4
          bindPort: 6443
        nodeRegistration:
          criSocket: unix:///var/run/containerd/containerd.sock
          imagePullPolicy: IfNotPresent
          imagePullSerial: true
          name: node
          taints: null

        """ + timeouts + "---\n"
        + {
            var config = KubeadmConfiguration(kubernetesVersion: "1.31.0")
            config.podSubnet = nil
            return config.clusterConfigurationYAML
        }()

    static let joinDefaults =
        """
        apiVersion: kubeadm.k8s.io/v1beta4
        caCertPath: /etc/kubernetes/pki/ca.crt
        discovery:
          bootstrapToken:
            apiServerEndpoint: kube-apiserver:6443
            token: abcdef.0123456789abcdef
            unsafeSkipCAVerification: true
          tlsBootstrapToken: abcdef.0123456789abcdef
        kind: JoinConfiguration
        nodeRegistration:
          criSocket: unix:///var/run/containerd/containerd.sock
          imagePullPolicy: IfNotPresent
          imagePullSerial: true
          name: node
          taints: null

        """ + timeouts

    static let resetNotes = """

        The reset process does not clean CNI configuration. To do so, you must remove /etc/cni/net.d

        The reset process does not reset or clean up iptables rules or IPVS tables.
        If you wish to reset iptables, you must do so manually by using the "iptables" command.

        If your cluster was setup to utilize IPVS, run ipvsadm --clear (or similar)
        to reset your system's IPVS tables.

        The reset process does not clean your kubeconfig files and you must remove them manually.
        Please, check the contents of the $HOME/.kube/config file.

        """
}

extension String {
    func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
