import ClusterSim

/// kubeadm's ConfigMaps and Secrets, the workloads and events.
extension APIObjects {
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
