import ClusterSim

/// The objects the API server can show from the model, and the resource types it knows.
struct APIObjects {
    let cluster: Cluster

    /// A resource type as discovery resolves it.
    struct ResourceType: Equatable {
        var plural: String
        /// `kind.group` as `-o name` and NotFound errors write it (`lease.coordination.k8s.io`).
        var qualifiedSingular: String
        var qualifiedPlural: String
        var namespaced: Bool
        var simulated: Bool
    }

    /// Resolves a typed resource name (`no`, `pod`, `leases.coordination.k8s.io` ...).
    static func resourceType(_ typed: String) -> ResourceType? {
        let name = typed.lowercased()
        func type(_ plural: String, _ singular: String, group: String = "", namespaced: Bool, simulated: Bool = false)
            -> ResourceType
        {
            let suffix = group.isEmpty ? "" : "." + group
            return ResourceType(
                plural: plural, qualifiedSingular: singular + suffix, qualifiedPlural: plural + suffix,
                namespaced: namespaced, simulated: simulated)
        }
        let table: [([String], ResourceType)] = [
            (["nodes", "node", "no"], type("nodes", "node", namespaced: false, simulated: true)),
            (["pods", "pod", "po"], type("pods", "pod", namespaced: true, simulated: true)),
            (
                ["leases", "lease", "leases.coordination.k8s.io", "lease.coordination.k8s.io"],
                type("leases", "lease", group: "coordination.k8s.io", namespaced: true, simulated: true)
            ),
            (["namespaces", "namespace", "ns"], type("namespaces", "namespace", namespaced: false)),
            (["services", "service", "svc"], type("services", "service", namespaced: true)),
            (["deployments", "deployment", "deploy"], type("deployments", "deployment", group: "apps", namespaced: true)),
            (["replicasets", "replicaset", "rs"], type("replicasets", "replicaset", group: "apps", namespaced: true)),
            (["daemonsets", "daemonset", "ds"], type("daemonsets", "daemonset", group: "apps", namespaced: true)),
            (["statefulsets", "statefulset", "sts"], type("statefulsets", "statefulset", group: "apps", namespaced: true)),
            (["configmaps", "configmap", "cm"], type("configmaps", "configmap", namespaced: true)),
            (["secrets", "secret"], type("secrets", "secret", namespaced: true)),
            (["endpoints", "endpoint", "ep"], type("endpoints", "endpoints", namespaced: true)),
            (["events", "event", "ev"], type("events", "event", namespaced: true)),
            (["serviceaccounts", "serviceaccount", "sa"], type("serviceaccounts", "serviceaccount", namespaced: true)),
            (["jobs", "job"], type("jobs", "job", group: "batch", namespaced: true)),
            (["cronjobs", "cronjob", "cj"], type("cronjobs", "cronjob", group: "batch", namespaced: true)),
            (["persistentvolumes", "persistentvolume", "pv"], type("persistentvolumes", "persistentvolume", namespaced: false)),
            (
                ["persistentvolumeclaims", "persistentvolumeclaim", "pvc"],
                type("persistentvolumeclaims", "persistentvolumeclaim", namespaced: true)
            ),
            (["componentstatuses", "componentstatus", "cs"], type("componentstatuses", "componentstatus", namespaced: false)),
            (["all"], type("all", "all", namespaced: true)),
            (
                ["ingresses", "ingress", "ing"],
                type("ingresses", "ingress", group: "networking.k8s.io", namespaced: true)
            ),
            (
                ["storageclasses", "storageclass", "sc"],
                type("storageclasses", "storageclass", group: "storage.k8s.io", namespaced: false)
            ),
            (
                ["certificatesigningrequests", "certificatesigningrequest", "csr"],
                type("certificatesigningrequests", "certificatesigningrequest", group: "certificates.k8s.io", namespaced: false)
            ),
            (
                ["roles", "role"], type("roles", "role", group: "rbac.authorization.k8s.io", namespaced: true)
            ),
            (
                ["clusterroles", "clusterrole"],
                type("clusterroles", "clusterrole", group: "rbac.authorization.k8s.io", namespaced: false)
            ),
            (
                ["rolebindings", "rolebinding"],
                type("rolebindings", "rolebinding", group: "rbac.authorization.k8s.io", namespaced: true)
            ),
            (
                ["clusterrolebindings", "clusterrolebinding"],
                type("clusterrolebindings", "clusterrolebinding", group: "rbac.authorization.k8s.io", namespaced: false)
            ),
        ]
        return table.first { $0.0.contains(name) }?.1
    }

    /// One object as a table row source: its namespace, name and the cells after NAME.
    struct Object {
        var namespace: String?
        var name: String
        var cells: [String]
        var wideCells: [String]
    }

    func age(since time: SimTime) -> String {
        HumanDuration.format(milliseconds: cluster.now.milliseconds - time.milliseconds)
    }

    /// Nodes registered with the API: the control planes and workers.
    var nodes: [Object] {
        cluster.nodes.filter { cluster.isRegistered($0.name) }.sorted { $0.name < $1.name }.map {
            node in
            Object(
                namespace: nil, name: node.name,
                cells: [
                    cluster.nodeReady(node.name) ? "Ready" : "NotReady",
                    node.role == .controlPlane ? "control-plane" : "<none>",
                    age(since: cluster.kubeadm.registeredNodes[node.name] ?? cluster.createdAt),
                    cluster.spec.kubernetesVersion,
                ],
                // The model has no OS image, kernel or runtime version: kubectl's placeholder for unset fields.
                wideCells: [node.ip, "<none>", "<unknown>", "<unknown>", "<unknown>"])
        }
    }

    static let nodeHeader = ["NAME", "STATUS", "ROLES", "AGE", "VERSION"]
    static let nodeWideHeader = ["INTERNAL-IP", "EXTERNAL-IP", "OS-IMAGE", "KERNEL-VERSION", "CONTAINER-RUNTIME"]

    /// The mirror pods of the static pods every kubelet runs, all in kube-system.
    var pods: [Object] {
        var result: [Object] = []
        for node in cluster.nodes {
            for running in node.staticPods.values {
                result.append(
                    Object(
                        namespace: "kube-system", name: "\(running.pod.name)-\(node.name)",
                        cells: ["1/1", "Running", "0", age(since: running.startedAt)],
                        wideCells: [node.ip, node.name, "<none>", "<none>"]))
            }
        }
        return result.sorted { $0.name < $1.name }
    }

    static let podHeader = ["NAME", "READY", "STATUS", "RESTARTS", "AGE"]
    static let podWideHeader = ["IP", "NODE", "NOMINATED NODE", "READINESS GATES"]

    /// The leader-election leases of kube-controller-manager and kube-scheduler.
    var leases: [Object] {
        LeaderElection.components.compactMap { cluster.lease($0) }.map { lease in
            Object(
                namespace: "kube-system", name: lease.name,
                cells: [lease.holderIdentity ?? "", age(since: cluster.createdAt)], wideCells: [])
        }
    }

    static let leaseHeader = ["NAME", "HOLDER", "AGE"]

    func objects(of type: ResourceType) -> [Object] {
        switch type.plural {
        case "nodes": nodes
        case "pods": pods
        case "leases": leases
        default: []
        }
    }

    static func header(of type: ResourceType, wide: Bool) -> [String] {
        switch type.plural {
        case "nodes": nodeHeader + (wide ? nodeWideHeader : [])
        case "pods": podHeader + (wide ? podWideHeader : [])
        default: leaseHeader
        }
    }
}
