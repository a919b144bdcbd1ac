/// kube-apiserver, kube-controller-manager and kube-scheduler manifests as kubeadm v1.31 writes them.
enum ControlPlaneManifests {
    struct Probe {
        var kind: String
        var failureThreshold: Int
        var path: String
        var initialDelay: Bool = true
        var period = 10
    }

    struct HostVolume {
        var name: String
        var path: String
        var mountPath: String? = nil
        var type = "DirectoryOrCreate"
        var readOnly = true
    }

    /// Shared CA trust directories every control-plane container mounts.
    static let caVolumes = [
        HostVolume(name: "ca-certs", path: "/etc/ssl/certs"),
        HostVolume(name: "etc-ca-certificates", path: "/etc/ca-certificates"),
        HostVolume(name: "usr-local-share-ca-certificates", path: "/usr/local/share/ca-certificates"),
        HostVolume(name: "usr-share-ca-certificates", path: "/usr/share/ca-certificates"),
    ]

    static func render(
        name: String, annotation: String?, command: [String], version: String, probeHost: String, port: Int,
        probes: [Probe], cpu: String, volumes: [HostVolume]
    ) -> Manifest {
        var text = "apiVersion: v1\nkind: Pod\nmetadata:\n"
        if let annotation { text += "  annotations:\n    \(annotation)\n" }
        text += "  creationTimestamp: null\n  labels:\n    component: \(name)\n    tier: control-plane\n"
        text += "  name: \(name)\n  namespace: kube-system\nspec:\n  containers:\n  - command:\n"
        text += command.map { "    - \($0)\n" }.joined()
        let image = "registry.k8s.io/\(name):\(version)"
        text += "    image: \(image)\n    imagePullPolicy: IfNotPresent\n"
        func probe(_ probe: Probe) -> String {
            var text = "    \(probe.kind):\n      failureThreshold: \(probe.failureThreshold)\n      httpGet:\n"
            text += "        host: \(probeHost)\n        path: \(probe.path)\n        port: \(port)\n        scheme: HTTPS\n"
            if probe.initialDelay { text += "      initialDelaySeconds: 10\n" }
            return text + "      periodSeconds: \(probe.period)\n      timeoutSeconds: 15\n"
        }
        text += probes.filter { $0.kind == "livenessProbe" }.map(probe).joined()
        text += "    name: \(name)\n"
        text += probes.filter { $0.kind == "readinessProbe" }.map(probe).joined()
        text += "    resources:\n      requests:\n        cpu: \(cpu)\n"
        text += probes.filter { $0.kind == "startupProbe" }.map(probe).joined()
        let sorted = volumes.sorted { $0.name < $1.name }
        text += "    volumeMounts:\n"
        for volume in sorted.sorted(by: { ($0.mountPath ?? $0.path) < ($1.mountPath ?? $1.path) }) {
            text += "    - mountPath: \(volume.mountPath ?? volume.path)\n      name: \(volume.name)\n"
            if volume.readOnly { text += "      readOnly: true\n" }
        }
        text += "  hostNetwork: true\n  priority: 2000001000\n  priorityClassName: system-node-critical\n"
        text += "  securityContext:\n    seccompProfile:\n      type: RuntimeDefault\n  volumes:\n"
        for volume in sorted {
            text += "  - hostPath:\n      path: \(volume.path)\n      type: \(volume.type)\n    name: \(volume.name)\n"
        }
        let pod = StaticPod(
            name: name, image: image, command: command,
            hostPaths: Dictionary(volumes.map { ($0.name, $0.path) }, uniquingKeysWith: { first, _ in first }),
            mounts: Dictionary(volumes.map { ($0.mountPath ?? $0.path, $0.name) }, uniquingKeysWith: { first, _ in first }))
        return Manifest(text: text + "status: {}\n", pod: pod)
    }

    static func apiServer(node: ClusterSpec.NodeSpec, spec: ClusterSpec) -> Manifest {
        let ip = node.ip
        let etcd =
            spec.topology == .external
            ? (
                servers: spec.nodes.filter { $0.role == .etcd }.map { "https://\($0.ip):2379" }.joined(separator: ","),
                ca: "/etc/kubernetes/pki/etcd/ca.pem", cert: "/etc/kubernetes/pki/etcd/client.pem",
                key: "/etc/kubernetes/pki/etcd/client-key.pem"
            )
            : (
                servers: "https://127.0.0.1:2379", ca: "/etc/kubernetes/pki/etcd/ca.crt",
                cert: "/etc/kubernetes/pki/apiserver-etcd-client.crt", key: "/etc/kubernetes/pki/apiserver-etcd-client.key"
            )
        let command = [
            "kube-apiserver", "--advertise-address=\(ip)", "--allow-privileged=true", "--authorization-mode=Node,RBAC",
            "--client-ca-file=/etc/kubernetes/pki/ca.crt", "--enable-admission-plugins=NodeRestriction",
            "--enable-bootstrap-token-auth=true", "--etcd-cafile=\(etcd.ca)", "--etcd-certfile=\(etcd.cert)",
            "--etcd-keyfile=\(etcd.key)", "--etcd-servers=\(etcd.servers)",
            "--kubelet-client-certificate=/etc/kubernetes/pki/apiserver-kubelet-client.crt",
            "--kubelet-client-key=/etc/kubernetes/pki/apiserver-kubelet-client.key",
            "--kubelet-preferred-address-types=InternalIP,ExternalIP,Hostname",
            "--proxy-client-cert-file=/etc/kubernetes/pki/front-proxy-client.crt",
            "--proxy-client-key-file=/etc/kubernetes/pki/front-proxy-client.key",
            "--requestheader-allowed-names=front-proxy-client",
            "--requestheader-client-ca-file=/etc/kubernetes/pki/front-proxy-ca.crt",
            "--requestheader-extra-headers-prefix=X-Remote-Extra-", "--requestheader-group-headers=X-Remote-Group",
            "--requestheader-username-headers=X-Remote-User", "--secure-port=6443",
            "--service-account-issuer=https://kubernetes.default.svc.cluster.local",
            "--service-account-key-file=/etc/kubernetes/pki/sa.pub",
            "--service-account-signing-key-file=/etc/kubernetes/pki/sa.key",
            "--service-cluster-ip-range=\(spec.serviceSubnet)", "--tls-cert-file=/etc/kubernetes/pki/apiserver.crt",
            "--tls-private-key-file=/etc/kubernetes/pki/apiserver.key",
        ]
        return render(
            name: "kube-apiserver",
            annotation: "kubeadm.kubernetes.io/kube-apiserver.advertise-address.endpoint: \(ip):6443", command: command,
            version: spec.kubernetesVersion, probeHost: ip, port: 6443,
            probes: [
                Probe(kind: "livenessProbe", failureThreshold: 8, path: "/livez"),
                Probe(kind: "readinessProbe", failureThreshold: 3, path: "/readyz", initialDelay: false, period: 1),
                Probe(kind: "startupProbe", failureThreshold: 24, path: "/livez"),
            ], cpu: "250m", volumes: caVolumes + [HostVolume(name: "k8s-certs", path: "/etc/kubernetes/pki")])
    }

    static func controllerManager(spec: ClusterSpec) -> Manifest {
        let kubeconfig = "/etc/kubernetes/controller-manager.conf"
        let command = [
            "kube-controller-manager", "--allocate-node-cidrs=true", "--authentication-kubeconfig=\(kubeconfig)",
            "--authorization-kubeconfig=\(kubeconfig)", "--bind-address=127.0.0.1",
            "--client-ca-file=/etc/kubernetes/pki/ca.crt", "--cluster-cidr=\(spec.podSubnet)", "--cluster-name=kubernetes",
            "--cluster-signing-cert-file=/etc/kubernetes/pki/ca.crt", "--cluster-signing-key-file=/etc/kubernetes/pki/ca.key",
            "--controllers=*,bootstrapsigner,tokencleaner", "--kubeconfig=\(kubeconfig)", "--leader-elect=true",
            "--requestheader-client-ca-file=/etc/kubernetes/pki/front-proxy-ca.crt",
            "--root-ca-file=/etc/kubernetes/pki/ca.crt", "--service-account-private-key-file=/etc/kubernetes/pki/sa.key",
            "--service-cluster-ip-range=\(spec.serviceSubnet)", "--use-service-account-credentials=true",
        ]
        let volumes =
            caVolumes + [
                HostVolume(
                    name: "flexvolume-dir", path: "/usr/libexec/kubernetes/kubelet-plugins/volume/exec", readOnly: false),
                HostVolume(name: "k8s-certs", path: "/etc/kubernetes/pki"),
                HostVolume(name: "kubeconfig", path: kubeconfig, type: "FileOrCreate"),
            ]
        return render(
            name: "kube-controller-manager", annotation: nil, command: command, version: spec.kubernetesVersion,
            probeHost: "127.0.0.1", port: 10257,
            probes: [
                Probe(kind: "livenessProbe", failureThreshold: 8, path: "/healthz"),
                Probe(kind: "startupProbe", failureThreshold: 24, path: "/healthz"),
            ], cpu: "200m", volumes: volumes)
    }

    static func scheduler(spec: ClusterSpec) -> Manifest {
        let kubeconfig = "/etc/kubernetes/scheduler.conf"
        let command = [
            "kube-scheduler", "--authentication-kubeconfig=\(kubeconfig)", "--authorization-kubeconfig=\(kubeconfig)",
            "--bind-address=127.0.0.1", "--kubeconfig=\(kubeconfig)", "--leader-elect=true",
        ]
        return render(
            name: "kube-scheduler", annotation: nil, command: command, version: spec.kubernetesVersion,
            probeHost: "127.0.0.1", port: 10259,
            probes: [
                Probe(kind: "livenessProbe", failureThreshold: 8, path: "/healthz"),
                Probe(kind: "startupProbe", failureThreshold: 24, path: "/healthz"),
            ], cpu: "100m", volumes: [HostVolume(name: "kubeconfig", path: kubeconfig, type: "FileOrCreate")])
    }
}
