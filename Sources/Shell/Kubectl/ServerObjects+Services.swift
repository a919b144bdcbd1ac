import ClusterSim

/// Leases, namespaces, services and endpoints.
extension APIObjects {
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
}
