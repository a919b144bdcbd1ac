import ClusterSim

/// One object the API server holds: its type, namespace, name and full body.
struct ServerObject {
    var type: APIObjects.ResourceType
    var namespace: String?
    var name: String
    var body: ObjectValue

    var key: String { APIObjectStore.key(type.plural, namespace: namespace, name: name) }
    var labels: [(String, String)] { body.at("metadata.labels")?.stringMap ?? [] }
    var creation: String { body.string("metadata.creationTimestamp") ?? "" }
}

/// The objects a kubeadm cluster's API server holds, derived from the model (nodes, static pods,
/// leases, kubeadm's ConfigMap and Secrets) plus what kubectl stored in `Cluster.apiStore`.
extension APIObjects {
    static let systemNamespaces = ["default", "kube-node-lease", "kube-public", "kube-system"]

    /// Every object of a type named by its plural (`pods`).
    func list(named plural: String) -> [ServerObject] { APIObjects.resourceType(plural).map(list) ?? [] }

    /// Every object of a type, in name order within each namespace (as the API lists them).
    func list(_ type: ResourceType) -> [ServerObject] {
        var result: [ServerObject]
        switch type.plural {
        case "nodes": result = nodeObjects
        case "pods": result = podObjects
        case "leases": result = leaseObjects
        case "namespaces": result = namespaceObjects
        case "services": result = serviceObjects
        case "endpoints": result = endpointsObjects
        case "configmaps": result = configMapObjects
        case "secrets": result = secretObjects
        case "deployments": result = deploymentObjects
        case "daemonsets": result = daemonSetObjects
        case "replicasets": result = replicaSetObjects
        case "events": result = eventObjects
        default: result = []
        }
        let store = cluster.apiStore
        result = result.filter { !store.deleted.contains($0.key) }
        for index in result.indices {
            if let labels = store.labels[result[index].key] {
                result[index].body.set(
                    ["metadata", "labels"],
                    to: labels.isEmpty ? nil : .object(labels.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) }))
            }
        }
        let prefix = type.plural + "/"
        for (key, json) in store.created where key.hasPrefix(prefix) {
            guard let body = JSONText.parse(json) else { continue }
            let namespace = body.string("metadata.namespace")
            result.append(ServerObject(type: type, namespace: namespace, name: body.string("metadata.name") ?? "", body: body))
        }
        return result.sorted { ($0.namespace ?? "", $0.name) < ($1.namespace ?? "", $1.name) }
    }

    // MARK: Identity

    func timestamp(_ time: SimTime) -> String { APIConnection.rfc3339(time) }
    func microTimestamp(_ time: SimTime) -> String {
        let iso = time.civil.iso8601Milliseconds
        return String(iso.prefix(23)) + "000Z"
    }

    /// A stable UID per object, from the cluster's seed.
    func uid(_ key: String) -> String {
        var rng = SeededGenerator(seed: cluster.seed, label: "uid/" + key)
        let hex = (0..<4).map { _ in String(rng.next(), radix: 16) }.map { String(repeating: "0", count: 16 - $0.count) + $0 }
            .joined()
        let characters = Array(hex)
        let groups = [0..<8, 8..<12, 12..<16, 16..<20, 20..<32]
        return groups.map { String(characters[$0]) }.joined(separator: "-")
    }

    /// Lowercase letters and digits kubernetes uses in generated names (`bcdfghjklmnpqrstvwxz2456789`).
    func suffix(_ label: String, length: Int) -> String {
        let alphabet = Array("bcdfghjklmnpqrstvwxz2456789")
        var rng = SeededGenerator(seed: cluster.seed, label: "name/" + label)
        return String((0..<length).map { _ in alphabet[rng.int(in: 0...(alphabet.count - 1))] })
    }

    func resourceVersion(_ key: String) -> String {
        var rng = SeededGenerator(seed: cluster.seed, label: "rv/" + key)
        return String(rng.int(in: 200...900))
    }

    func metadata(
        _ plural: String, namespace: String?, name: String, created: SimTime, labels: [(String, String)] = [],
        annotations: [(String, String)] = [], extra: [(String, ObjectValue)] = []
    ) -> ObjectValue {
        let key = APIObjectStore.key(plural, namespace: namespace, name: name)
        var fields: [(String, ObjectValue)] = [("creationTimestamp", .string(timestamp(created))), ("name", .string(name))]
        if !labels.isEmpty { fields.append(("labels", .object(labels.map { ($0.0, .string($0.1)) }))) }
        if !annotations.isEmpty { fields.append(("annotations", .object(annotations.map { ($0.0, .string($0.1)) }))) }
        if let namespace { fields.append(("namespace", .string(namespace))) }
        fields.append(("resourceVersion", .string(resourceVersion(key))))
        fields.append(("uid", .string(uid(key))))
        return .object(fields + extra)
    }

    func object(
        _ typeName: String, _ apiVersion: String, kind: String, namespace: String?, name: String,
        _ metadata: ObjectValue, _ rest: [(String, ObjectValue)]
    ) -> ServerObject {
        let type =
            APIObjects.resourceType(typeName)
            ?? ResourceType(
                plural: typeName, qualifiedSingular: typeName, qualifiedPlural: typeName, namespaced: namespace != nil,
                simulated: true)
        let body = ObjectValue.object(
            [("apiVersion", .string(apiVersion)), ("kind", .string(kind)), ("metadata", metadata)] + rest
        ).sortedKeys
        return ServerObject(type: type, namespace: namespace, name: name, body: body)
    }

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
    var podObjects: [ServerObject] {
        var result: [ServerObject] = []
        for node in registeredNodes {
            let nodeOwner = ObjectValue.object([
                ("apiVersion", .string("v1")), ("controller", .bool(true)), ("kind", .string("Node")),
                ("name", .string(node.name)), ("uid", .string(uid(APIObjectStore.key("nodes", namespace: nil, name: node.name)))),
            ])
            for running in node.staticPods.values {
                let manifest = (try? YAMLTree.parse(running.manifest).get()).map(ObjectValue.init) ?? .object([])
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
                result.append(
                    pod(
                        namespace: manifest.string("metadata.namespace") ?? "kube-system", name: name,
                        labels: manifest.at("metadata.labels")?.stringMap ?? [], annotations: annotations, owner: nodeOwner,
                        spec: spec, node: node, podIP: node.ip, started: running.startedAt, ready: nodeIsReady(node)))
            }
            result.append(kubeProxyPod(node))
        }
        result += corednsPods
        return result
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
        return (0..<2).map { replica in
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
                spec: spec, node: node, podIP: "\(base).\(replica + 2)", started: cluster.createdAt, ready: nodeIsReady(node))
        }
    }

    // MARK: Leases

    var leaseObjects: [ServerObject] {
        var result: [ServerObject] = []
        for lease in LeaderElection.components.compactMap({ cluster.lease($0) }) {
            guard let created = lease.created else { continue }
            var spec: [(String, ObjectValue)] = [
                ("acquireTime", .string(microTimestamp(lease.acquireTime))),
                ("leaseDurationSeconds", .int(lease.leaseDurationSeconds)),
                ("leaseTransitions", .int(lease.leaseTransitions)),
                ("renewTime", .string(microTimestamp(lease.renewTime))),
            ]
            if let holder = lease.holderIdentity { spec.append(("holderIdentity", .string(holder))) }
            result.append(
                object(
                    "leases", "coordination.k8s.io/v1", kind: "Lease", namespace: "kube-system", name: lease.name,
                    metadata("leases", namespace: "kube-system", name: lease.name, created: created),
                    [("spec", .object(spec))]))
        }
        let renewal = cluster.now.adding(milliseconds: -(cluster.now.milliseconds % 10_000))
        for node in registeredNodes {
            let renewed = nodeIsReady(node) ? renewal : cluster.createdAt
            result.append(
                object(
                    "leases", "coordination.k8s.io/v1", kind: "Lease", namespace: "kube-node-lease", name: node.name,
                    metadata(
                        "leases", namespace: "kube-node-lease", name: node.name,
                        created: cluster.kubeadm.registeredNodes[node.name] ?? cluster.createdAt,
                        extra: [
                            (
                                "ownerReferences",
                                .array([
                                    .object([
                                        ("apiVersion", .string("v1")), ("kind", .string("Node")), ("name", .string(node.name)),
                                        ("uid", .string(uid(APIObjectStore.key("nodes", namespace: nil, name: node.name)))),
                                    ])
                                ])
                            )
                        ]),
                    [
                        (
                            "spec",
                            .object([
                                ("holderIdentity", .string(node.name)), ("leaseDurationSeconds", .int(40)),
                                ("renewTime", .string(microTimestamp(renewed))),
                            ])
                        )
                    ]))
        }
        return result
    }

    // MARK: Namespaces, Services, Endpoints

    var namespaceObjects: [ServerObject] {
        Self.systemNamespaces.map { name in
            object(
                "namespaces", "v1", kind: "Namespace", namespace: nil, name: name,
                metadata(
                    "namespaces", namespace: nil, name: name, created: cluster.createdAt,
                    labels: [("kubernetes.io/metadata.name", name)]),
                [
                    ("spec", .object([("finalizers", .array([.string("kubernetes")]))])),
                    ("status", .object([("phase", .string("Active"))])),
                ])
        }
    }

    /// An address of the service subnet: the base plus `offset` (1 for `kubernetes`, 10 for `kube-dns`).
    func serviceIP(_ offset: Int) -> String {
        let subnet = cluster.kubeadm.configuration?.serviceSubnet ?? cluster.spec.serviceSubnet
        let parts = (subnet.split(separator: "/").first ?? "").split(separator: ".").compactMap { Int($0) }
        guard parts.count == 4 else { return subnet }
        return "\(parts[0]).\(parts[1]).\(parts[2]).\(parts[3] + offset)"
    }

    func servicePort(_ name: String, _ port: Int, _ proto: String, target: ObjectValue) -> ObjectValue {
        .object([("name", .string(name)), ("port", .int(port)), ("protocol", .string(proto)), ("targetPort", target)])
    }

    var dnsPorts: [(String, Int, String)] { [("dns", 53, "UDP"), ("dns-tcp", 53, "TCP"), ("metrics", 9153, "TCP")] }

    func service(
        namespace: String, name: String, ip: String, labels: [(String, String)], ports: [ObjectValue],
        selector: [(String, String)]?
    ) -> ServerObject {
        var spec: [(String, ObjectValue)] = [
            ("clusterIP", .string(ip)), ("clusterIPs", .array([.string(ip)])),
            ("internalTrafficPolicy", .string("Cluster")), ("ipFamilies", .array([.string("IPv4")])),
            ("ipFamilyPolicy", .string("SingleStack")), ("ports", .array(ports)),
            ("sessionAffinity", .string("None")), ("type", .string("ClusterIP")),
        ]
        if let selector { spec.append(("selector", .object(selector.map { ($0.0, .string($0.1)) }))) }
        return object(
            "services", "v1", kind: "Service", namespace: namespace, name: name,
            metadata("services", namespace: namespace, name: name, created: cluster.createdAt, labels: labels),
            [("spec", .object(spec)), ("status", .object([("loadBalancer", .object([]))]))])
    }

    var serviceObjects: [ServerObject] {
        guard cluster.kubeadm.configuration != nil else { return [] }
        return [
            service(
                namespace: "default", name: "kubernetes", ip: serviceIP(1),
                labels: [("component", "apiserver"), ("provider", "kubernetes")],
                ports: [servicePort("https", 443, "TCP", target: .int(6443))], selector: nil),
            service(
                namespace: "kube-system", name: "kube-dns", ip: serviceIP(10),
                labels: [("k8s-app", "kube-dns"), ("kubernetes.io/cluster-service", "true"), ("kubernetes.io/name", "CoreDNS")],
                ports: dnsPorts.map { servicePort($0.0, $0.1, $0.2, target: .int($0.1)) }, selector: [("k8s-app", "kube-dns")]),
        ]
    }

    var endpointsObjects: [ServerObject] {
        guard cluster.kubeadm.configuration != nil else { return [] }
        let apiServers = cluster.nodes.filter { node in
            node.role == .controlPlane && cluster.isRegistered(node.name) && cluster.apiServerStatus(node: node.name).listening
        }.sorted { $0.ip < $1.ip }
        var kubernetesSubsets: [ObjectValue] = []
        if !apiServers.isEmpty {
            kubernetesSubsets = [
                .object([
                    ("addresses", .array(apiServers.map { .object([("ip", .string($0.ip))]) })),
                    (
                        "ports",
                        .array([.object([("name", .string("https")), ("port", .int(6443)), ("protocol", .string("TCP"))])])
                    ),
                ])
            ]
        }
        let dns = corednsPods.map { pod -> ObjectValue in
            .object([
                ("ip", .string(pod.body.string("status.podIP") ?? "")),
                ("nodeName", .string(pod.body.string("spec.nodeName") ?? "")),
                (
                    "targetRef",
                    .object([
                        ("kind", .string("Pod")), ("name", .string(pod.name)), ("namespace", .string("kube-system")),
                        ("uid", .string(pod.body.string("metadata.uid") ?? "")),
                    ])
                ),
            ])
        }
        var dnsSubsets: [ObjectValue] = []
        if !dns.isEmpty {
            dnsSubsets = [
                .object([
                    ("addresses", .array(dns)),
                    (
                        "ports",
                        .array(
                            dnsPorts.map {
                                .object([("name", .string($0.0)), ("port", .int($0.1)), ("protocol", .string($0.2))])
                            })
                    ),
                ])
            ]
        }
        func endpoints(_ namespace: String, _ name: String, _ labels: [(String, String)], _ subsets: [ObjectValue])
            -> ServerObject
        {
            object(
                "endpoints", "v1", kind: "Endpoints", namespace: namespace, name: name,
                metadata("endpoints", namespace: namespace, name: name, created: cluster.createdAt, labels: labels),
                subsets.isEmpty ? [] : [("subsets", .array(subsets))])
        }
        return [
            endpoints("default", "kubernetes", [("endpointslice.kubernetes.io/skip-mirror", "true")], kubernetesSubsets),
            endpoints(
                "kube-system", "kube-dns",
                [("k8s-app", "kube-dns"), ("kubernetes.io/cluster-service", "true"), ("kubernetes.io/name", "CoreDNS")],
                dnsSubsets),
        ]
    }

    // MARK: ConfigMaps, Secrets, Deployments, Events

    var configMapObjects: [ServerObject] {
        guard let configuration = cluster.kubeadm.configuration else { return [] }
        func configMap(_ namespace: String, _ name: String, _ data: [(String, String)], annotations: [(String, String)] = [])
            -> ServerObject
        {
            object(
                "configmaps", "v1", kind: "ConfigMap", namespace: namespace, name: name,
                metadata("configmaps", namespace: namespace, name: name, created: cluster.createdAt, annotations: annotations),
                [("data", .object(data.map { ($0.0, .string($0.1)) }))])
        }
        let caPEM = cluster.nodes.first { $0.role == .controlPlane }.flatMap {
            $0.files.read("/etc/kubernetes/pki/ca.crt").success
        }
        var result: [ServerObject] = []
        for namespace in Self.systemNamespaces {
            if let caPEM {
                result.append(
                    configMap(
                        namespace, "kube-root-ca.crt", [("ca.crt", caPEM)],
                        annotations: [("kubernetes.io/description", Self.rootCADescription)]))
            }
        }
        result.append(
            configMap("kube-system", "kubeadm-config", [("ClusterConfiguration", configuration.clusterConfigurationYAML)]))
        return result
    }

    static let rootCADescription =
        "Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters."

    func base64(_ text: String) -> ObjectValue { .string(Base64.encode(Array(text.utf8))) }

    var secretObjects: [ServerObject] {
        var result: [ServerObject] = []
        for token in cluster.bootstrapTokens {
            var data: [(String, ObjectValue)] = [
                ("auth-extra-groups", base64(token.groups.joined(separator: ","))),
                ("token-id", base64(token.id)), ("token-secret", base64(token.secret)),
            ]
            if !token.description.isEmpty { data.append(("description", base64(token.description))) }
            if let expires = token.expires { data.append(("expiration", base64(timestamp(expires)))) }
            for usage in token.usages { data.append(("usage-bootstrap-" + usage, base64("true"))) }
            let name = "bootstrap-token-" + token.id
            result.append(
                object(
                    "secrets", "v1", kind: "Secret", namespace: "kube-system", name: name,
                    metadata("secrets", namespace: "kube-system", name: name, created: cluster.createdAt),
                    [("data", .object(data)), ("type", .string("bootstrap.kubernetes.io/token"))]))
        }
        if let certificates = cluster.uploadedCertificates {
            let data = certificates.files.keys.sorted().map { path -> (String, ObjectValue) in
                (path.replacingOccurrences(of: "/", with: "-"), base64(certificates.files[path] ?? ""))
            }
            result.append(
                object(
                    "secrets", "v1", kind: "Secret", namespace: "kube-system", name: "kubeadm-certs",
                    metadata(
                        "secrets", namespace: "kube-system", name: "kubeadm-certs",
                        created: certificates.expires.adding(milliseconds: -UploadedCertificates.lifetimeMilliseconds)),
                    [("data", .object(data)), ("type", .string("Opaque"))]))
        }
        return result
    }

    var deploymentObjects: [ServerObject] {
        let pods = corednsPods
        guard !pods.isEmpty else { return [] }
        let ready = pods.filter { $0.body.at("status.containerStatuses")?.items.first?["ready"] == .bool(true) }.count
        let labels: [(String, ObjectValue)] = [("k8s-app", .string("kube-dns"))]
        let container = pods[0].body.at("spec.containers")?.items.first ?? .object([])
        var status: [(String, ObjectValue)] = [
            ("observedGeneration", .int(1)), ("replicas", .int(2)), ("updatedReplicas", .int(2)),
        ]
        if ready > 0 { status += [("availableReplicas", .int(ready)), ("readyReplicas", .int(ready))] }
        if ready < 2 { status.append(("unavailableReplicas", .int(2 - ready))) }
        // kubeadm's CoreDNS Deployment allows one unavailable replica: it is Available with one ready.
        let created = timestamp(cluster.createdAt)
        func condition(_ type: String, _ value: Bool, _ reason: String, _ message: String) -> ObjectValue {
            .object([
                ("lastTransitionTime", .string(created)), ("lastUpdateTime", .string(created)), ("message", .string(message)),
                ("reason", .string(reason)), ("status", .string(value ? "True" : "False")), ("type", .string(type)),
            ])
        }
        status.append(
            (
                "conditions",
                .array([
                    ready > 0
                        ? condition("Available", true, "MinimumReplicasAvailable", "Deployment has minimum availability.")
                        : condition(
                            "Available", false, "MinimumReplicasUnavailable", "Deployment does not have minimum availability."),
                    condition(
                        "Progressing", true, "NewReplicaSetAvailable",
                        "ReplicaSet \"\(corednsReplicaSet)\" has successfully progressed."),
                ])
            ))
        return [
            object(
                "deployments", "apps/v1", kind: "Deployment", namespace: "kube-system", name: "coredns",
                metadata(
                    "deployments", namespace: "kube-system", name: "coredns", created: cluster.createdAt,
                    labels: [("k8s-app", "kube-dns")], annotations: [("deployment.kubernetes.io/revision", "1")],
                    extra: [("generation", .int(1))]),
                [
                    (
                        "spec",
                        .object([
                            ("progressDeadlineSeconds", .int(600)), ("replicas", .int(2)), ("revisionHistoryLimit", .int(10)),
                            ("selector", .object([("matchLabels", .object(labels))])),
                            (
                                "strategy",
                                .object([
                                    (
                                        "rollingUpdate",
                                        .object([("maxSurge", .string("25%")), ("maxUnavailable", .int(1))])
                                    ),
                                    ("type", .string("RollingUpdate")),
                                ])
                            ),
                            (
                                "template",
                                .object([
                                    ("metadata", .object([("labels", .object(labels))])),
                                    ("spec", .object([("containers", .array([container]))])),
                                ])
                            ),
                        ])
                    ),
                    ("status", .object(status)),
                ])
        ]
    }

    /// A workload's counts: desired, current, ready, up to date and available.
    func workload(
        _ plural: String, kind: String, name: String, labels: [(String, ObjectValue)], podSpec: ObjectValue,
        spec: [(String, ObjectValue)], status: [(String, ObjectValue)], owner: ObjectValue? = nil
    ) -> ServerObject {
        object(
            plural, "apps/v1", kind: kind, namespace: "kube-system", name: name,
            metadata(
                plural, namespace: "kube-system", name: name, created: cluster.createdAt,
                labels: labels.map { ($0.0, $0.1.text) },
                extra: [("generation", .int(1))] + (owner.map { [("ownerReferences", .array([$0]))] } ?? [])),
            [
                (
                    "spec",
                    .object(
                        spec + [
                            ("selector", .object([("matchLabels", .object(labels))])),
                            (
                                "template",
                                .object([
                                    ("metadata", .object([("labels", .object(labels))])),
                                    ("spec", podSpec),
                                ])
                            ),
                        ])
                ),
                ("status", .object(status)),
            ])
    }

    /// A pod's spec as its controller's template holds it (no node yet).
    func template(of pod: ServerObject) -> ObjectValue {
        var spec = pod.body["spec"] ?? .object([])
        spec.set(["nodeName"], to: nil)
        return spec
    }

    var daemonSetObjects: [ServerObject] {
        let pods = podObjects.filter { $0.name.hasPrefix("kube-proxy-") }
        guard let first = pods.first else { return [] }
        let ready = pods.filter { $0.body.at("status.containerStatuses")?.items.first?["ready"] == .bool(true) }.count
        let count = pods.count
        return [
            workload(
                "daemonsets", kind: "DaemonSet", name: "kube-proxy", labels: [("k8s-app", .string("kube-proxy"))],
                podSpec: template(of: first),
                spec: [("revisionHistoryLimit", .int(10))],
                status: [
                    ("currentNumberScheduled", .int(count)), ("desiredNumberScheduled", .int(count)),
                    ("numberAvailable", .int(ready)), ("numberMisscheduled", .int(0)), ("numberReady", .int(ready)),
                    ("observedGeneration", .int(1)), ("updatedNumberScheduled", .int(count)),
                ])
        ]
    }

    var replicaSetObjects: [ServerObject] {
        let pods = corednsPods
        guard let first = pods.first else { return [] }
        let ready = pods.filter { $0.body.at("status.containerStatuses")?.items.first?["ready"] == .bool(true) }.count
        let hash = String(corednsReplicaSet.dropFirst("coredns-".count))
        return [
            workload(
                "replicasets", kind: "ReplicaSet", name: corednsReplicaSet,
                labels: [("k8s-app", .string("kube-dns")), ("pod-template-hash", .string(hash))],
                podSpec: template(of: first), spec: [("replicas", .int(2))],
                status: [
                    ("availableReplicas", .int(ready)), ("fullyLabeledReplicas", .int(2)), ("observedGeneration", .int(1)),
                    ("readyReplicas", .int(ready)), ("replicas", .int(2)),
                ],
                owner: daemonOwner("Deployment", "coredns", plural: "deployments", namespace: "kube-system"))
        ]
    }

    /// Events live an hour: the leader elections of the last hour, from the leases.
    var eventObjects: [ServerObject] {
        LeaderElection.components.compactMap { cluster.lease($0) }.compactMap { lease -> ServerObject? in
            guard let holder = lease.holderIdentity, cluster.now.milliseconds - lease.acquireTime.milliseconds < 3_600_000
            else { return nil }
            let hex = String(SeededGenerator.fnv1a(holder), radix: 16)
            let name = lease.name + "." + String(repeating: "0", count: 16 - hex.count) + hex
            let time = timestamp(lease.acquireTime)
            return object(
                "events", "v1", kind: "Event", namespace: "kube-system", name: name,
                metadata("events", namespace: "kube-system", name: name, created: lease.acquireTime),
                [
                    ("count", .int(1)), ("eventTime", .null), ("firstTimestamp", .string(time)),
                    (
                        "involvedObject",
                        .object([
                            ("apiVersion", .string("coordination.k8s.io/v1")), ("kind", .string("Lease")),
                            ("name", .string(lease.name)), ("namespace", .string("kube-system")),
                            ("uid", .string(uid(APIObjectStore.key("leases", namespace: "kube-system", name: lease.name)))),
                        ])
                    ),
                    ("lastTimestamp", .string(time)), ("message", .string("\(holder) became leader")),
                    ("reason", .string("LeaderElection")), ("reportingComponent", .string(lease.name)),
                    ("reportingInstance", .string("")), ("source", .object([("component", .string(lease.name))])),
                    ("type", .string("Normal")),
                ])
        }
    }
}
