import ClusterSim

/// Nodes and the pods kubeadm runs on them (static pods, kube-proxy, CoreDNS).
extension APIObjects {
    // MARK: Nodes

    var registeredNodes: [Node] { cluster.nodes.filter { cluster.isRegistered($0.name) } }

    /// Ready as the node controller sees it: NotReady only after the node-monitor grace period.
    func nodeIsReady(_ node: Node) -> Bool { cluster.nodeReady(node.name) }

    var nodeObjects: [ServerObject] {
        registeredNodes.enumerated().map { index, node in
            let created = cluster.kubeadm.registeredNodes[node.name] ?? cluster.createdAt
            var labels: [(String, String)] = [
                ("beta.kubernetes.io/arch", "amd64"), ("beta.kubernetes.io/os", "linux"), ("kubernetes.io/arch", "amd64"),
                ("kubernetes.io/hostname", node.name), ("kubernetes.io/os", "linux"),
            ]
            var taints: [ObjectValue] = []
            if node.role == .controlPlane {
                labels += [
                    ("node-role.kubernetes.io/control-plane", ""),
                    ("node.kubernetes.io/exclude-from-external-load-balancers", ""),
                ]
                taints.append(
                    .object([("effect", .string("NoSchedule")), ("key", .string("node-role.kubernetes.io/control-plane"))]))
            }
            let unschedulable = cluster.apiStore.unschedulable.contains(node.name)
            if unschedulable {
                taints.append(
                    .object([
                        ("effect", .string("NoSchedule")), ("key", .string("node.kubernetes.io/unschedulable")),
                        ("timeAdded", .string(timestamp(cluster.now))),
                    ]))
            }
            let ready = nodeIsReady(node)
            if !ready {
                taints.append(.object([("effect", .string("NoSchedule")), ("key", .string("node.kubernetes.io/unreachable"))]))
            }
            let annotations: [(String, String)] = [
                ("kubeadm.alpha.kubernetes.io/cri-socket", "unix:///var/run/containerd/containerd.sock"),
                ("node.alpha.kubernetes.io/ttl", "0"),
                ("volumes.kubernetes.io/controller-managed-attach-detach", "true"),
            ]
            var spec: [(String, ObjectValue)] = []
            let podCIDR = podCIDR(index: index)
            if let podCIDR { spec += [("podCIDR", .string(podCIDR)), ("podCIDRs", .array([.string(podCIDR)]))] }
            if !taints.isEmpty { spec.append(("taints", .array(taints))) }
            if unschedulable { spec.append(("unschedulable", .bool(true))) }
            let heartbeat = timestamp(cluster.now.adding(milliseconds: -(cluster.now.milliseconds % 60_000)))
            func condition(_ type: String, _ status: String, _ reason: String, _ message: String) -> ObjectValue {
                .object([
                    ("lastHeartbeatTime", .string(heartbeat)), ("lastTransitionTime", .string(timestamp(created))),
                    ("message", .string(message)), ("reason", .string(reason)), ("status", .string(status)),
                    ("type", .string(type)),
                ])
            }
            let stopped = "Kubelet stopped posting node status."
            let conditions: [ObjectValue] =
                ready
                ? [
                    condition("MemoryPressure", "False", "KubeletHasSufficientMemory", "kubelet has sufficient memory available"),
                    condition("DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure"),
                    condition("PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available"),
                    condition("Ready", "True", "KubeletReady", "kubelet is posting ready status"),
                ]
                : ["MemoryPressure", "DiskPressure", "PIDPressure", "Ready"].map {
                    condition($0, "Unknown", "NodeStatusUnknown", stopped)
                }
            let status: [(String, ObjectValue)] = [
                (
                    "addresses",
                    .array([
                        .object([("address", .string(node.ip)), ("type", .string("InternalIP"))]),
                        .object([("address", .string(node.name)), ("type", .string("Hostname"))]),
                    ])
                ),
                ("conditions", .array(conditions)),
                (
                    "nodeInfo",
                    .object([
                        ("architecture", .string("amd64")), ("kubeletVersion", .string(cluster.spec.kubernetesVersion)),
                        ("operatingSystem", .string("linux")),
                    ])
                ),
            ]
            return object(
                "nodes", "v1", kind: "Node", namespace: nil, name: node.name,
                metadata("nodes", namespace: nil, name: node.name, created: created, labels: labels, annotations: annotations),
                [("spec", .object(spec)), ("status", .object(status))])
        }
    }

    /// The node's share of the pod subnet: a /24 per node in registration order, when a pod subnet is set.
    func podCIDR(index: Int) -> String? {
        guard let subnet = cluster.kubeadm.configuration?.podSubnet ?? (cluster.spec.initialized ? cluster.spec.podSubnet : nil)
        else { return nil }
        let parts = (subnet.split(separator: "/").first ?? "").split(separator: ".").compactMap { Int($0) }
        guard parts.count == 4 else { return nil }
        return "\(parts[0]).\(parts[1]).\(parts[2] + index).0/24"
    }

    // MARK: Pods

    /// `registry.k8s.io/etcd@sha256:<digest>`, a digest fixed per image for the seed.
    func imageID(_ image: String) -> String {
        let repository = image.split(separator: ":").first.map(String.init) ?? image
        var rng = SeededGenerator(seed: cluster.seed, label: "digest/" + image)
        let digest = (0..<4).map { _ in
            let hex = String(rng.next(), radix: 16)
            return String(repeating: "0", count: 16 - hex.count) + hex
        }.joined()
        return "\(repository)@sha256:\(digest)"
    }

    func pod(
        namespace: String, name: String, labels: [(String, String)], annotations: [(String, String)],
        owner: ObjectValue, spec: ObjectValue, node: Node, podIP: String, started: SimTime, ready: Bool
    ) -> ServerObject {
        var spec = spec
        spec.set(["nodeName"], to: .string(node.name))
        let readyText = ready ? "True" : "False"
        let conditions: [ObjectValue] = ["PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady", "PodScheduled"]
            .map { type in
                .object([
                    ("lastProbeTime", .null), ("lastTransitionTime", .string(timestamp(started))),
                    ("status", .string(["Ready", "ContainersReady"].contains(type) ? readyText : "True")),
                    ("type", .string(type)),
                ])
            }
        let containers = spec["containers"]?.items ?? []
        let statuses: [ObjectValue] = containers.map { container in
            .object([
                (
                    "containerID",
                    .string(
                        "containerd://" + uid("container/" + namespace + "/" + name).replacingOccurrences(of: "-", with: "")
                            + uid("c2/" + name).replacingOccurrences(of: "-", with: ""))
                ),
                ("image", .string(container.string("image") ?? "")),
                ("imageID", .string(imageID(container.string("image") ?? ""))),
                ("name", .string(container.string("name") ?? "")),
                ("ready", .bool(ready)),
                ("restartCount", .int(0)),
                ("started", .bool(true)),
                ("state", .object([("running", .object([("startedAt", .string(timestamp(started)))]))])),
            ])
        }
        let status: [(String, ObjectValue)] = [
            ("conditions", .array(conditions)),
            ("containerStatuses", .array(statuses)),
            ("hostIP", .string(node.ip)),
            ("hostIPs", .array([.object([("ip", .string(node.ip))])])),
            ("phase", .string("Running")),
            ("podIP", .string(podIP)),
            ("podIPs", .array([.object([("ip", .string(podIP))])])),
            ("qosClass", .string("Burstable")),
            ("startTime", .string(timestamp(started))),
        ]
        return object(
            "pods", "v1", kind: "Pod", namespace: namespace, name: name,
            metadata(
                "pods", namespace: namespace, name: name, created: started, labels: labels, annotations: annotations,
                extra: [("ownerReferences", .array([owner]))]),
            [("spec", spec), ("status", .object(status))])
    }

    /// Mirror pods of the static pods of registered nodes, kube-proxy on every node and CoreDNS.
    /// Static pod manifests as objects, remembered by text (every listing reads them all).
    private static let manifestObjects = ParseCache<String, ObjectValue>()

    /// What a generated pod is made from, beyond what its caller fixes: a pod is a pure function
    /// of these, and every `get pods` lists them all, so each is built once per process.
    struct PodKey: Hashable, Sendable {
        var seed: UInt64
        /// The kind of pod and what it is made from (a static pod's manifest text, kube-proxy's version...).
        var source: String
        var node: String
        var nodeIP: String
        var started: SimTime
        var ready: Bool
    }

    private static let pods = ParseCache<PodKey, ServerObject>(limit: 4096)

    /// The pod for `key`, made by `make` the first time.
    func cachedPod(_ key: PodKey, _ make: () -> ServerObject) -> ServerObject {
        Self.pods.value(for: key) { _ in make() }
    }

    var podObjects: [ServerObject] {
        var result: [ServerObject] = []
        for node in registeredNodes {
            let ready = nodeIsReady(node)
            for running in node.staticPods.values {
                let key = PodKey(
                    seed: cluster.seed, source: "static\u{0}" + running.pod.name + "\u{0}" + running.manifest, node: node.name,
                    nodeIP: node.ip, started: running.startedAt, ready: ready)
                result.append(cachedPod(key) { staticPod(running, on: node, ready: ready) })
            }
            let proxy = PodKey(
                seed: cluster.seed, source: "kube-proxy\u{0}" + kubernetesVersion, node: node.name, nodeIP: node.ip,
                started: cluster.kubeadm.registeredNodes[node.name] ?? cluster.createdAt, ready: ready)
            result.append(cachedPod(proxy) { kubeProxyPod(node) })
        }
        result += corednsPods
        return result
    }

    /// The mirror pod of a static pod.
    func staticPod(_ running: RunningStaticPod, on node: Node, ready: Bool) -> ServerObject {
        let nodeOwner = ObjectValue.object([
            ("apiVersion", .string("v1")), ("controller", .bool(true)), ("kind", .string("Node")),
            ("name", .string(node.name)), ("uid", .string(uid(APIObjectStore.key("nodes", namespace: nil, name: node.name)))),
        ])
        let manifest = Self.manifestObjects.value(for: running.manifest) { text in
            (try? YAMLTree.parse(text).get()).map(ObjectValue.init) ?? .object([])
        }
        let name = "\(running.pod.name)-\(node.name)"
        // The kubelet's config hash is an md5 (32 hex digits) of the manifest.
        let hash = String(SeededGenerator.fnv1a(running.manifest), radix: 16)
        let half = String(repeating: "0", count: 16 - hash.count) + hash
        let configHash = half + String(half.reversed())
        var annotations = (manifest.at("metadata.annotations")?.stringMap ?? [])
        annotations += [
            ("kubernetes.io/config.hash", String(configHash.prefix(32))),
            ("kubernetes.io/config.mirror", String(configHash.prefix(32))),
            ("kubernetes.io/config.seen", String(running.startedAt.civil.iso8601Milliseconds.dropLast()) + "000000Z"),
            ("kubernetes.io/config.source", "file"),
        ]
        var spec = manifest["spec"] ?? .object([])
        spec.set(["enableServiceLinks"], to: .bool(true))
        spec.set(["restartPolicy"], to: .string("Always"))
        spec.set(["schedulerName"], to: .string("default-scheduler"))
        spec.set(["terminationGracePeriodSeconds"], to: .int(30))
        return pod(
            namespace: manifest.string("metadata.namespace") ?? "kube-system", name: name,
            labels: manifest.at("metadata.labels")?.stringMap ?? [], annotations: annotations, owner: nodeOwner,
            spec: spec, node: node, podIP: node.ip, started: running.startedAt, ready: ready)
    }

    func daemonOwner(_ kind: String, _ name: String, plural: String, namespace: String) -> ObjectValue {
        .object([
            ("apiVersion", .string("apps/v1")), ("blockOwnerDeletion", .bool(true)), ("controller", .bool(true)),
            ("kind", .string(kind)), ("name", .string(name)),
            ("uid", .string(uid(APIObjectStore.key(plural, namespace: namespace, name: name)))),
        ])
    }

    var kubernetesVersion: String { cluster.kubeadm.configuration?.kubernetesVersion ?? cluster.spec.kubernetesVersion }

    func kubeProxyPod(_ node: Node) -> ServerObject {
        let name = "kube-proxy-" + suffix("kube-proxy/" + node.name, length: 5)
        let spec = ObjectValue.object([
            (
                "containers",
                .array([
                    .object([
                        (
                            "command",
                            .array([
                                .string("/usr/local/bin/kube-proxy"), .string("--config=/var/lib/kube-proxy/config.conf"),
                                .string("--hostname-override=$(NODE_NAME)"),
                            ])
                        ),
                        ("image", .string("registry.k8s.io/kube-proxy:\(kubernetesVersion)")),
                        ("imagePullPolicy", .string("IfNotPresent")), ("name", .string("kube-proxy")),
                        ("securityContext", .object([("privileged", .bool(true))])),
                    ])
                ])
            ),
            ("dnsPolicy", .string("ClusterFirst")), ("hostNetwork", .bool(true)),
            ("nodeSelector", .object([("kubernetes.io/os", .string("linux"))])),
            ("priorityClassName", .string("system-node-critical")), ("restartPolicy", .string("Always")),
            ("serviceAccountName", .string("kube-proxy")),
        ])
        return pod(
            namespace: "kube-system", name: name,
            labels: [
                ("controller-revision-hash", suffix("kube-proxy-revision", length: 10)), ("k8s-app", "kube-proxy"),
                ("pod-template-generation", "1"),
            ], annotations: [], owner: daemonOwner("DaemonSet", "kube-proxy", plural: "daemonsets", namespace: "kube-system"),
            spec: spec, node: node, podIP: node.ip,
            started: cluster.kubeadm.registeredNodes[node.name] ?? cluster.createdAt, ready: nodeIsReady(node))
    }

    /// Where the scheduler keeps CoreDNS: the first schedulable control-plane node, else any schedulable node.
    var corednsNode: Node? {
        let schedulable = registeredNodes.filter { !cluster.apiStore.unschedulable.contains($0.name) }
        return schedulable.first { $0.role == .controlPlane } ?? schedulable.first
    }

    var corednsReplicaSet: String { "coredns-" + suffix("coredns-rs", length: 10) }

    /// The two CoreDNS replicas kubeadm deploys, on the first control-plane node with pod addresses.
    var corednsPods: [ServerObject] {
        guard cluster.kubeadm.configuration != nil,
            let node = corednsNode,
            let cidr = podCIDR(index: registeredNodes.firstIndex(of: node) ?? 0)
        else { return [] }
        let base = cidr.split(separator: ".").prefix(3).joined(separator: ".")
        let replicaSet = corednsReplicaSet
        let ready = nodeIsReady(node)
        return (0..<2).map { replica in
            let key = PodKey(
                seed: cluster.seed, source: "coredns\u{0}\(replica)\u{0}\(base)", node: node.name, nodeIP: node.ip,
                started: cluster.createdAt, ready: ready)
            return cachedPod(key) { corednsPod(replica, replicaSet: replicaSet, base: base, on: node, ready: ready) }
        }
    }

    /// One CoreDNS replica on `node`, its address in the node's pod range `base`.
    func corednsPod(_ replica: Int, replicaSet: String, base: String, on node: Node, ready: Bool) -> ServerObject {
        // A replica evicted by a drain comes back elsewhere under a new name.
        let name = replicaSet + "-" + suffix("coredns/\(replica)/\(node.name)", length: 5)
        let spec = ObjectValue.object([
            (
                "containers",
                .array([
                    .object([
                        ("args", .array([.string("-conf"), .string("/etc/coredns/Corefile")])),
                        ("image", .string("registry.k8s.io/coredns/coredns:v1.11.3")),
                        ("imagePullPolicy", .string("IfNotPresent")), ("name", .string("coredns")),
                    ])
                ])
            ),
            ("dnsPolicy", .string("Default")), ("nodeSelector", .object([("kubernetes.io/os", .string("linux"))])),
            ("priorityClassName", .string("system-cluster-critical")), ("restartPolicy", .string("Always")),
            ("serviceAccountName", .string("coredns")),
        ])
        return pod(
            namespace: "kube-system", name: name,
            labels: [("k8s-app", "kube-dns"), ("pod-template-hash", String(replicaSet.dropFirst("coredns-".count)))],
            annotations: [], owner: daemonOwner("ReplicaSet", replicaSet, plural: "replicasets", namespace: "kube-system"),
            spec: spec, node: node, podIP: "\(base).\(replica + 2)", started: cluster.createdAt, ready: ready)
    }
}
