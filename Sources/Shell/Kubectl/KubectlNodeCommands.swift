import ClusterSim

/// `cordon`, `uncordon`, `drain`, `label`, `top`, `auth can-i` and `api-resources`: commands that
/// read or change a few fields of the objects the API server holds.
extension KubectlSession {
    /// Connects, checks credentials and, for reads and writes that reach etcd, its quorum.
    mutating func reachServer(
        _ context: inout ToolContext, discoveryAttempts: Int = 5, needsEtcd: Bool = true
    ) -> Result<ClientConfig, KubectlExit> {
        let connection: (ClientConfig, APIServerSession)
        switch connect(&context, discoveryAttempts: discoveryAttempts) {
        case .failure(let exit): return .failure(exit)
        case .success(let pair): connection = pair
        }
        if let status = serverRefuses(connection.1, &context) { return .failure(KubectlExit(status)) }
        if needsEtcd, !context.cluster.etcd.hasQuorum {
            context.cluster.advance(milliseconds: 7_000)
            context.err("Error from server: etcdserver: request timed out\n")
            return .failure(KubectlExit(1))
        }
        return .success(connection.0)
    }

    /// The nodes named on the command line (`NODE`, `node/NODE`), or by `-l`.
    func namedNodes(_ context: inout ToolContext, api: APIObjects) -> [ServerObject]? {
        let nodes = api.list(named: "nodes")
        if let raw = arguments.last("selector") {
            guard case .success(let selector) = LabelSelector.parse(raw) else {
                context.err("error: unable to parse requirement: \(raw)\n")
                return nil
            }
            return nodes.filter { selector.matches($0.labels) }
        }
        var found: [ServerObject] = []
        for word in arguments.positional {
            let name =
                word.hasPrefix("node/") ? String(word.dropFirst(5)) : word.hasPrefix("nodes/") ? String(word.dropFirst(6)) : word
            guard let node = nodes.first(where: { $0.name == name }) else {
                context.err("Error from server (NotFound): nodes \"\(name)\" not found\n")
                return nil
            }
            found.append(node)
        }
        return found
    }

    mutating func cordon(_ context: inout ToolContext, unschedulable: Bool) -> Int32 {
        let verb = unschedulable ? "cordon" : "uncordon"
        if arguments.positional.isEmpty && !arguments.has("selector") {
            context.err("error: USAGE: \(verb) NODE [flags]\nSee 'kubectl \(verb) -h' for help and examples\n")
            return 1
        }
        if case .failure(let exit) = reachServer(&context) { return exit.status }
        guard let nodes = namedNodes(&context, api: APIObjects(cluster: context.cluster)) else { return 1 }
        let dryRun = arguments.last("dry-run").map { $0 != "none" && $0 != "false" } ?? false
        for node in nodes {
            let already = context.cluster.apiStore.unschedulable.contains(node.name) == unschedulable
            if already {
                context.out("node/\(node.name) already \(verb)ed\n")
                continue
            }
            if !dryRun {
                if unschedulable {
                    context.cluster.apiStore.unschedulable.insert(node.name)
                } else {
                    context.cluster.apiStore.unschedulable.remove(node.name)
                }
            }
            context.out("node/\(node.name) \(verb)ed\(dryRun ? " (dry run)" : "")\n")
        }
        return 0
    }

    mutating func drain(_ context: inout ToolContext) -> Int32 {
        guard arguments.positional.count == 1 || arguments.has("selector") else {
            context.err("error: USAGE: drain NODE [flags]\nSee 'kubectl drain -h' for help and examples\n")
            return 1
        }
        if case .failure(let exit) = reachServer(&context, discoveryAttempts: 4) { return exit.status }
        var api = APIObjects(cluster: context.cluster)
        guard let nodes = namedNodes(&context, api: api) else { return 1 }
        for node in nodes {
            if context.cluster.apiStore.unschedulable.contains(node.name) {
                context.out("node/\(node.name) already cordoned\n")
            } else {
                context.cluster.apiStore.unschedulable.insert(node.name)
                context.out("node/\(node.name) cordoned\n")
            }
            let pods = api.list(named: "pods").filter { $0.body.string("spec.nodeName") == node.name }
            // Mirror pods are skipped silently; DaemonSet pods need --ignore-daemonsets.
            let daemons = pods.filter { $0.body.at("metadata.ownerReferences")?.items.first?.string("kind") == "DaemonSet" }
            let mirrors = pods.filter { $0.body.at("metadata.ownerReferences")?.items.first?.string("kind") == "Node" }
            let others = pods.filter { pod in
                !daemons.contains { $0.name == pod.name } && !mirrors.contains { $0.name == pod.name }
            }
            let daemonList = daemons.map { "\($0.namespace ?? "")/\($0.name)" }.joined(separator: ", ")
            if !daemons.isEmpty && !arguments.isOn("ignore-daemonsets") {
                let reason = "cannot delete DaemonSet-managed Pods (use --ignore-daemonsets to ignore): \(daemonList)"
                context.err(
                    "error: unable to drain node \"\(node.name)\" due to error: \(reason), continuing command...\nThere are pending nodes to be drained:\n \(node.name)\n\(reason)\n"
                )
                return 1
            }
            if !daemons.isEmpty { context.err("Warning: ignoring DaemonSet-managed Pods: \(daemonList)\n") }
            for pod in others { context.out("evicting pod \(pod.namespace ?? "")/\(pod.name)\n") }
            if !others.isEmpty { context.cluster.advance(milliseconds: 5_000) }
            for pod in others { context.out("pod/\(pod.name) evicted\n") }
            context.out("node/\(node.name) drained\n")
            api = APIObjects(cluster: context.cluster)
        }
        return 0
    }

    mutating func label(_ context: inout ToolContext) -> Int32 {
        var words = arguments.positional
        guard !words.isEmpty else {
            context.err(
                "error: one or more resources must be specified as <resource> <name> or <resource>/<name>\nSee 'kubectl label -h' for help and examples\n"
            )
            return 1
        }
        var targets: [(typed: String, name: String)] = []
        let first = words.removeFirst()
        if let slash = first.firstIndex(of: "/") {
            targets.append((String(first[..<slash]), String(first[first.index(after: slash)...])))
        } else if let name = words.first, !name.contains("=") && !name.hasSuffix("-") {
            words.removeFirst()
            targets.append((first, name))
        } else {
            context.err(
                "error: one or more resources must be specified as <resource> <name> or <resource>/<name>\nSee 'kubectl label -h' for help and examples\n"
            )
            return 1
        }
        var changes: [(String, String?)] = []
        for word in words {
            if word.hasSuffix("-"), !word.contains("=") {
                changes.append((String(word.dropLast()), nil))
            } else if let equals = word.firstIndex(of: "=") {
                changes.append((String(word[..<equals]), String(word[word.index(after: equals)...])))
            } else {
                context.err("error: at least one label update is required\nSee 'kubectl label -h' for help and examples\n")
                return 1
            }
        }
        guard !changes.isEmpty else {
            context.err("error: at least one label update is required\nSee 'kubectl label -h' for help and examples\n")
            return 1
        }
        let config: ClientConfig
        switch reachServer(&context) {
        case .failure(let exit): return exit.status
        case .success(let resolved): config = resolved
        }
        for target in targets {
            guard let type = APIObjects.resourceType(target.typed), type.plural != "all" else {
                context.err("error: the server doesn't have a resource type \"\(target.typed)\"\n")
                return 1
            }
            guard type.simulated else { return notSimulated("kubectl label \(type.plural)", &context) }
            let namespace = type.namespaced ? config.namespace : nil
            guard
                let object = APIObjects(cluster: context.cluster).list(type).first(where: {
                    $0.name == target.name && $0.namespace == namespace
                })
            else {
                context.err("Error from server (NotFound): \(type.qualifiedPlural) \"\(target.name)\" not found\n")
                return 1
            }
            var labels = Dictionary(object.labels, uniquingKeysWith: { _, last in last })
            let before = labels
            for (key, value) in changes {
                if let value {
                    if let existing = labels[key], existing != value, !arguments.isOn("overwrite") {
                        context.err("error: '\(key)' already has a value (\(existing)), and --overwrite is false\n")
                        return 1
                    }
                    labels[key] = value
                } else {
                    labels[key] = nil
                }
            }
            let verb = changes.allSatisfy { $0.1 == nil } ? "unlabeled" : "labeled"
            guard labels != before else {
                context.out("\(type.qualifiedSingular)/\(object.name) not labeled\n")
                continue
            }
            context.cluster.apiStore.setLabels(of: object, to: labels)
            context.out("\(type.qualifiedSingular)/\(object.name) \(verb)\n")
        }
        return 0
    }

    mutating func top(_ context: inout ToolContext) -> Int32 {
        guard let what = arguments.positional.first, ["node", "nodes", "no", "pod", "pods", "po"].contains(what) else {
            if let what = arguments.positional.first {
                context.err("error: unknown command \"\(what)\" for \"kubectl top\"\n")
                return 1
            }
            return notSimulated("kubectl top", &context)
        }
        if case .failure(let exit) = reachServer(&context, needsEtcd: false) { return exit.status }
        // kubeadm does not install metrics-server: the metrics.k8s.io group is not served.
        context.err("error: Metrics API not available\n")
        return 1
    }

    mutating func authCanI(_ context: inout ToolContext) -> Int32 {
        guard arguments.positional.first == "can-i" else {
            return notSimulated("kubectl auth \(arguments.positional.first ?? "")", &context)
        }
        let rest = Array(arguments.positional.dropFirst())
        guard arguments.isOn("list") || rest.count >= 2 else {
            context.err(
                "error: you must specify two arguments: verb resource or verb resource/resourceName.\nSee 'kubectl auth can-i -h' for help and examples\n"
            )
            return 1
        }
        if case .failure(let exit) = reachServer(&context, needsEtcd: false) { return exit.status }
        guard !arguments.isOn("list") else {
            // The SelfSubjectRulesReview of kubeadm's admin (cluster-admin, plus what every authenticated
            // user may do), compacted and sorted as kubectl prints it.
            let header = [["Resources", "Non-Resource URLs", "Resource Names", "Verbs"]]
            context.out(KubectlTable.render((arguments.isOn("no-headers") ? [] : header) + Self.adminRules))
            return 0
        }
        // The kubeadm admin credentials are in system:masters (or bound to cluster-admin): everything is allowed.
        if !arguments.isOn("quiet") { context.out("yes\n") }
        return 0
    }

    /// cluster-admin's two rules, system:basic-user's self-reviews, then the non-resource URLs of
    /// system:discovery, system:public-info-viewer and system:service-account-issuer-discovery.
    static let adminRules: [[String]] = {
        var rows: [[String]] = [["*.*", "[]", "[]", "[*]"], ["", "[*]", "[]", "[*]"]]
        for resource in [
            "selfsubjectreviews.authentication.k8s.io", "selfsubjectaccessreviews.authorization.k8s.io",
            "selfsubjectrulesreviews.authorization.k8s.io",
        ] {
            rows.append([resource, "[]", "[]", "[create]"])
        }
        for url in [
            "/.well-known/openid-configuration/", "/.well-known/openid-configuration", "/api/*", "/api", "/apis/*", "/apis",
            "/healthz", "/healthz", "/livez", "/livez", "/openapi/*", "/openapi", "/openid/v1/jwks/", "/openid/v1/jwks",
            "/readyz", "/readyz", "/version/", "/version/", "/version", "/version",
        ] {
            rows.append(["", "[\(url)]", "[]", "[get]"])
        }
        return rows
    }()

    mutating func apiResources(_ context: inout ToolContext) -> Int32 {
        if case .failure(let exit) = reachServer(&context, discoveryAttempts: 1, needsEtcd: false) {
            // The table's header is written before discovery fails.
            if !arguments.isOn("no-headers") && arguments.last("output") == nil {
                context.out("NAME   SHORTNAMES   APIVERSION   NAMESPACED   KIND\n")
            }
            return exit.status
        }
        var rows = APIResourceTable.rows
        if let namespaced = arguments.last("namespaced") {
            rows = rows.filter { $0[3] == namespaced }
        }
        if let group = arguments.last("api-group") {
            rows = rows.filter { row in
                let version = row[2]
                let rowGroup = version.contains("/") ? String(version[..<(version.lastIndex(of: "/") ?? version.endIndex)]) : ""
                return rowGroup == group
            }
        }
        switch arguments.last("output") ?? "" {
        case "name":
            context.out(
                rows.map { row in
                    let version = row[2]
                    let group = version.contains("/") ? "." + version[..<(version.lastIndex(of: "/") ?? version.endIndex)] : ""
                    return row[0] + group + "\n"
                }.joined())
            return 0
        case "": break
        case let other: return notSimulated("kubectl api-resources -o \(other)", &context)
        }
        let header = ["NAME", "SHORTNAMES", "APIVERSION", "NAMESPACED", "KIND"]
        context.out(KubectlTable.render((arguments.isOn("no-headers") ? [] : [header]) + rows))
        return 0
    }
}

extension APIObjectStore {
    /// Replaces an object's labels: in its stored JSON when kubectl created it, as an overlay otherwise.
    mutating func setLabels(of object: ServerObject, to labels: [String: String]) {
        let key = object.key
        if let json = created[key], var body = JSONText.parse(json) {
            body.set(
                ["metadata", "labels"],
                to: labels.isEmpty ? nil : .object(labels.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) }))
            created[key] = body.sortedKeys.compactJSON
        } else {
            self.labels[key] = labels
        }
    }
}

/// `kubectl api-resources` against a v1.31 kubeadm cluster (no add-ons): the built-in groups in
/// discovery order.
enum APIResourceTable {
    static let rows: [[String]] = [
        ["bindings", "", "v1", "true", "Binding"],
        ["componentstatuses", "cs", "v1", "false", "ComponentStatus"],
        ["configmaps", "cm", "v1", "true", "ConfigMap"],
        ["endpoints", "ep", "v1", "true", "Endpoints"],
        ["events", "ev", "v1", "true", "Event"],
        ["limitranges", "limits", "v1", "true", "LimitRange"],
        ["namespaces", "ns", "v1", "false", "Namespace"],
        ["nodes", "no", "v1", "false", "Node"],
        ["persistentvolumeclaims", "pvc", "v1", "true", "PersistentVolumeClaim"],
        ["persistentvolumes", "pv", "v1", "false", "PersistentVolume"],
        ["pods", "po", "v1", "true", "Pod"],
        ["podtemplates", "", "v1", "true", "PodTemplate"],
        ["replicationcontrollers", "rc", "v1", "true", "ReplicationController"],
        ["resourcequotas", "quota", "v1", "true", "ResourceQuota"],
        ["secrets", "", "v1", "true", "Secret"],
        ["serviceaccounts", "sa", "v1", "true", "ServiceAccount"],
        ["services", "svc", "v1", "true", "Service"],
        ["mutatingwebhookconfigurations", "", "admissionregistration.k8s.io/v1", "false", "MutatingWebhookConfiguration"],
        ["validatingadmissionpolicies", "", "admissionregistration.k8s.io/v1", "false", "ValidatingAdmissionPolicy"],
        [
            "validatingadmissionpolicybindings", "", "admissionregistration.k8s.io/v1", "false",
            "ValidatingAdmissionPolicyBinding",
        ],
        ["validatingwebhookconfigurations", "", "admissionregistration.k8s.io/v1", "false", "ValidatingWebhookConfiguration"],
        ["customresourcedefinitions", "crd,crds", "apiextensions.k8s.io/v1", "false", "CustomResourceDefinition"],
        ["apiservices", "", "apiregistration.k8s.io/v1", "false", "APIService"],
        ["controllerrevisions", "", "apps/v1", "true", "ControllerRevision"],
        ["daemonsets", "ds", "apps/v1", "true", "DaemonSet"],
        ["deployments", "deploy", "apps/v1", "true", "Deployment"],
        ["replicasets", "rs", "apps/v1", "true", "ReplicaSet"],
        ["statefulsets", "sts", "apps/v1", "true", "StatefulSet"],
        ["selfsubjectreviews", "", "authentication.k8s.io/v1", "false", "SelfSubjectReview"],
        ["tokenreviews", "", "authentication.k8s.io/v1", "false", "TokenReview"],
        ["localsubjectaccessreviews", "", "authorization.k8s.io/v1", "true", "LocalSubjectAccessReview"],
        ["selfsubjectaccessreviews", "", "authorization.k8s.io/v1", "false", "SelfSubjectAccessReview"],
        ["selfsubjectrulesreviews", "", "authorization.k8s.io/v1", "false", "SelfSubjectRulesReview"],
        ["subjectaccessreviews", "", "authorization.k8s.io/v1", "false", "SubjectAccessReview"],
        ["horizontalpodautoscalers", "hpa", "autoscaling/v2", "true", "HorizontalPodAutoscaler"],
        ["cronjobs", "cj", "batch/v1", "true", "CronJob"],
        ["jobs", "", "batch/v1", "true", "Job"],
        ["certificatesigningrequests", "csr", "certificates.k8s.io/v1", "false", "CertificateSigningRequest"],
        ["leases", "", "coordination.k8s.io/v1", "true", "Lease"],
        ["endpointslices", "", "discovery.k8s.io/v1", "true", "EndpointSlice"],
        ["events", "ev", "events.k8s.io/v1", "true", "Event"],
        ["flowschemas", "", "flowcontrol.apiserver.k8s.io/v1", "false", "FlowSchema"],
        ["prioritylevelconfigurations", "", "flowcontrol.apiserver.k8s.io/v1", "false", "PriorityLevelConfiguration"],
        ["ingressclasses", "", "networking.k8s.io/v1", "false", "IngressClass"],
        ["ingresses", "ing", "networking.k8s.io/v1", "true", "Ingress"],
        ["networkpolicies", "netpol", "networking.k8s.io/v1", "true", "NetworkPolicy"],
        ["runtimeclasses", "", "node.k8s.io/v1", "false", "RuntimeClass"],
        ["poddisruptionbudgets", "pdb", "policy/v1", "true", "PodDisruptionBudget"],
        ["clusterrolebindings", "", "rbac.authorization.k8s.io/v1", "false", "ClusterRoleBinding"],
        ["clusterroles", "", "rbac.authorization.k8s.io/v1", "false", "ClusterRole"],
        ["rolebindings", "", "rbac.authorization.k8s.io/v1", "true", "RoleBinding"],
        ["roles", "", "rbac.authorization.k8s.io/v1", "true", "Role"],
        ["priorityclasses", "pc", "scheduling.k8s.io/v1", "false", "PriorityClass"],
        ["csidrivers", "", "storage.k8s.io/v1", "false", "CSIDriver"],
        ["csinodes", "", "storage.k8s.io/v1", "false", "CSINode"],
        ["csistoragecapacities", "", "storage.k8s.io/v1", "true", "CSIStorageCapacity"],
        ["storageclasses", "sc", "storage.k8s.io/v1", "false", "StorageClass"],
        ["volumeattachments", "", "storage.k8s.io/v1", "false", "VolumeAttachment"],
    ]
}
