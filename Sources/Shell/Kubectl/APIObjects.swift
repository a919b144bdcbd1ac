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
        let table = resourceTable
        if let found = table.first(where: { $0.0.contains(name) })?.1 { return found }
        // `deployments.apps`, `lease.v1.coordination.k8s.io`: a name qualified with its own group.
        for (names, type) in table {
            let group = type.qualifiedPlural.drop { $0 != "." }
            guard !group.isEmpty else { continue }
            for base in names where name == base + group || name == base + ".v1" + group { return type }
        }
        return nil
    }

    /// Every resource type discovery lists (what `kubectl get <Tab>` offers).
    static var resourceTypes: [ResourceType] { resourceTable.map(\.1).filter { $0.plural != "all" } }

    private static func type(
        _ plural: String, _ singular: String, group: String = "", namespaced: Bool, simulated: Bool = false
    ) -> ResourceType {
        let suffix = group.isEmpty ? "" : "." + group
        return ResourceType(
            plural: plural, qualifiedSingular: singular + suffix, qualifiedPlural: plural + suffix,
            namespaced: namespaced, simulated: simulated)
    }

    private static let resourceTable: [([String], ResourceType)] = [
        (["nodes", "node", "no"], type("nodes", "node", namespaced: false, simulated: true)),
        (["pods", "pod", "po"], type("pods", "pod", namespaced: true, simulated: true)),
        (
            ["leases", "lease", "leases.coordination.k8s.io", "lease.coordination.k8s.io"],
            type("leases", "lease", group: "coordination.k8s.io", namespaced: true, simulated: true)
        ),
        (["namespaces", "namespace", "ns"], type("namespaces", "namespace", namespaced: false, simulated: true)),
        (["services", "service", "svc"], type("services", "service", namespaced: true, simulated: true)),
        (
            ["deployments", "deployment", "deploy"],
            type("deployments", "deployment", group: "apps", namespaced: true, simulated: true)
        ),
        (
            ["replicasets", "replicaset", "rs"],
            type("replicasets", "replicaset", group: "apps", namespaced: true, simulated: true)
        ),
        (
            ["daemonsets", "daemonset", "ds"],
            type("daemonsets", "daemonset", group: "apps", namespaced: true, simulated: true)
        ),
        (["statefulsets", "statefulset", "sts"], type("statefulsets", "statefulset", group: "apps", namespaced: true)),
        (["configmaps", "configmap", "cm"], type("configmaps", "configmap", namespaced: true, simulated: true)),
        (["secrets", "secret"], type("secrets", "secret", namespaced: true, simulated: true)),
        (["endpoints", "endpoint", "ep"], type("endpoints", "endpoints", namespaced: true, simulated: true)),
        (["events", "event", "ev"], type("events", "event", namespaced: true, simulated: true)),
        (["serviceaccounts", "serviceaccount", "sa"], type("serviceaccounts", "serviceaccount", namespaced: true)),
        (["jobs", "job"], type("jobs", "job", group: "batch", namespaced: true)),
        (["cronjobs", "cronjob", "cj"], type("cronjobs", "cronjob", group: "batch", namespaced: true)),
        (["persistentvolumes", "persistentvolume", "pv"], type("persistentvolumes", "persistentvolume", namespaced: false)),
        (
            ["persistentvolumeclaims", "persistentvolumeclaim", "pvc"],
            type("persistentvolumeclaims", "persistentvolumeclaim", namespaced: true)
        ),
        (["componentstatuses", "componentstatus", "cs"], type("componentstatuses", "componentstatus", namespaced: false)),
        (["all"], type("all", "all", namespaced: true, simulated: true)),
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

}
