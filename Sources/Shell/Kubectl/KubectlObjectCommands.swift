import ClusterSim

/// `logs`, `exec`, `apply -f`/`create -f`, `delete` and `edit`.
extension KubectlSession {
    // MARK: logs

    mutating func logs(_ context: inout ToolContext) -> Int32 {
        guard var target = arguments.positional.first else {
            context.err(
                "error: expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\nPOD or TYPE/NAME is a required argument for the logs command\nSee 'kubectl logs -h' for help and examples\n"
            )
            return 1
        }
        if arguments.isOn("follow") {
            context.err(
                "kubedojo: 'kubectl logs -f' is not simulated: following would never return here; use 'kubectl logs --tail 50 POD'\n"
            )
            return 1
        }
        for prefix in ["pod/", "pods/", "po/"] where target.hasPrefix(prefix) { target = String(target.dropFirst(prefix.count)) }
        let config: ClientConfig
        switch reachServer(&context) {
        case .failure(let exit): return exit.status
        case .success(let resolved): config = resolved
        }
        guard let pod = findPod(target, namespace: config.namespace, context, &context) else { return 1 }
        let containers = (pod.body.at("spec.containers")?.items ?? []).compactMap { $0.string("name") }
        let container = arguments.last("container") ?? arguments.positional.dropFirst().first ?? containers.first ?? ""
        guard containers.contains(container) else {
            context.err("error: container \(container) is not valid for pod \(pod.name)\n")
            return 1
        }
        guard let nodeName = pod.body.string("spec.nodeName"), let node = context.cluster.node(named: nodeName) else { return 0 }
        guard node.powered, node.units["kubelet"] == .active else {
            context.err(
                "Error from server: Get \"https://\(node.ip):10250/containerLogs/\(pod.namespace ?? "")/\(pod.name)/\(container)\": dial tcp \(node.ip):10250: connect: connection refused\n"
            )
            return 1
        }
        var lines: [String] = []
        // etcd logs JSON lines (zap); the simulation logs what the member saw happen.
        if container == "etcd", let running = node.staticPods.values.first(where: { $0.pod.name == "etcd" }) {
            let member = running.pod.flag("name") ?? node.name
            for event in context.cluster.events where event.source == "etcd" && event.time >= running.startedAt {
                guard event.message.hasPrefix(member + " ") || event.message.contains(" \(member) ") else { continue }
                lines.append(
                    "{\"level\":\"info\",\"ts\":\"\(event.time.civil.iso8601Milliseconds)\",\"msg\":\(Klog.quoted(event.message))}"
                )
            }
        }
        // kube-controller-manager and kube-scheduler log their leader election (client-go v0.31's klog lines).
        if LeaderElection.components.contains(container),
            let running = node.staticPods.values.first(where: { $0.pod.name == container })
        {
            let lease = "kube-system/\(container)"
            lines.append(
                String(
                    Klog.line(
                        "I", at: running.startedAt, pid: 1, source: "leaderelection.go:254",
                        "attempting to acquire leader lease \(lease)..."
                    )
                    .dropLast()))
            if let held = context.cluster.lease(container), held.holderNode == node.name, held.holderIdentity != nil,
                held.acquireTime >= running.startedAt
            {
                lines.append(
                    String(
                        Klog.line(
                            "I", at: held.acquireTime, pid: 1, source: "leaderelection.go:268",
                            "successfully acquired lease \(lease)"
                        )
                        .dropLast()))
            }
        }
        if let raw = arguments.last("tail"), let tail = Int(raw), tail >= 0 { lines = Array(lines.suffix(tail)) }
        context.out(lines.map { $0 + "\n" }.joined())
        return 0
    }

    /// A pod by name in a namespace; prints kubectl's NotFound when there is none.
    func findPod(_ name: String, namespace: String, _ view: ToolContext, _ context: inout ToolContext) -> ServerObject? {
        let pods = APIObjects(cluster: view.cluster).list(named: "pods")
        guard let pod = pods.first(where: { $0.name == name && $0.namespace == namespace }) else {
            context.err("Error from server (NotFound): pods \"\(name)\" not found\n")
            return nil
        }
        return pod
    }

    // MARK: exec

    /// The programs in each control-plane image (distroless: no shell).
    static let imagePrograms: [String: Set<String>] = [
        "etcd": ["etcd", "etcdctl", "etcdutl", "/usr/local/bin/etcd", "/usr/local/bin/etcdctl", "/usr/local/bin/etcdutl"],
        "kube-apiserver": ["kube-apiserver", "/usr/local/bin/kube-apiserver"],
        "kube-controller-manager": ["kube-controller-manager", "/usr/local/bin/kube-controller-manager"],
        "kube-scheduler": ["kube-scheduler", "/usr/local/bin/kube-scheduler"],
    ]

    mutating func exec(_ context: inout ToolContext) -> Int32 {
        var words = arguments.positional
        guard !words.isEmpty else {
            context.err(
                "error: expected 'exec (POD | TYPE/NAME) [-c CONTAINER] [flags] -- COMMAND [args...]'.\nPOD or TYPE/NAME is a required argument for the exec command\nSee 'kubectl exec -h' for help and examples\n"
            )
            return 1
        }
        var target = words.removeFirst()
        for prefix in ["pod/", "pods/", "po/"] where target.hasPrefix(prefix) { target = String(target.dropFirst(prefix.count)) }
        guard let program = words.first else {
            context.err("error: you must specify at least one command for the container\n")
            return 1
        }
        let config: ClientConfig
        switch reachServer(&context) {
        case .failure(let exit): return exit.status
        case .success(let resolved): config = resolved
        }
        guard let pod = findPod(target, namespace: config.namespace, context, &context) else { return 1 }
        let containers = (pod.body.at("spec.containers")?.items ?? []).compactMap { $0.string("name") }
        let container = arguments.last("container") ?? containers.first ?? ""
        guard containers.contains(container) else {
            context.err("error: unable to upgrade connection: container not found (\"\(container)\")\n")
            return 1
        }
        if arguments.isOn("tty") && !context.stdoutIsTerminal {
            context.err("Unable to use a TTY - input is not a terminal or the right kind of file\n")
        }
        guard let nodeName = pod.body.string("spec.nodeName"), let node = context.cluster.node(named: nodeName),
            let running = node.staticPods.values.first(where: { $0.pod.name == container })
        else {
            return notSimulated("kubectl exec into \(pod.name)", &context)
        }
        let programs = Self.imagePrograms[container] ?? []
        guard programs.contains(program) else {
            var rng = SeededGenerator(seed: context.cluster.seed, label: "exec/\(context.cluster.now.milliseconds)")
            let id = (0..<4).map { _ in
                let hex = String(rng.next(), radix: 16)
                return String(repeating: "0", count: 16 - hex.count) + hex
            }.joined()
            context.err(
                "error: Internal error occurred: error executing command in container: failed to exec in container: failed to start exec \"\(id)\": OCI runtime exec failed: exec failed: unable to start container process: exec: \"\(program)\": executable file not found in $PATH: unknown\n"
            )
            return 1
        }
        guard program.hasSuffix("etcdctl") else { return notSimulated("kubectl exec \(pod.name) -- \(program)", &context) }
        _ = running
        // etcdctl runs inside the etcd container: on the node, with the container's empty environment;
        // the certificates it names are the node's through the pod's hostPath mounts.
        var inner = context
        inner.args = ["etcdctl"] + words.dropFirst()
        inner.environment = [:]
        inner.state.push(host: node.name)
        inner.state.current.cwd = "/"
        let status = Etcdctl.run(&inner)
        context.cluster = inner.cluster
        for segment in inner.output.dropFirst(context.output.count) {
            if segment.stream == .stdout { context.out(segment.text) } else { context.err(segment.text) }
        }
        return status
    }

    // MARK: apply -f / create -f

    /// The documents of the `-f` files (`-` reads standard input), with the name each came from.
    func manifestDocuments(_ context: inout ToolContext) -> [(source: String, object: ObjectValue)]? {
        var result: [(String, ObjectValue)] = []
        for file in arguments.values["filename"] ?? [] {
            let text: String
            if file == "-" {
                text = context.stdin
            } else {
                guard let read = context.node?.files.read(context.path(file)).success else {
                    context.err("error: the path \"\(file)\" does not exist\n")
                    return nil
                }
                text = read
            }
            var documents: [String] = []
            var current = ""
            for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
                if line.hasPrefix("---") {
                    documents.append(current)
                    current = ""
                } else {
                    current += line + "\n"
                }
            }
            documents.append(current)
            for document in documents where !document.trimmed().isEmpty {
                let parsed: ObjectValue
                if document.trimmed().hasPrefix("{"), let json = JSONText.parse(document) {
                    parsed = json
                } else {
                    switch YAMLTree.parse(document) {
                    case .failure(let error):
                        context.err("error: error parsing \(file): error converting YAML to JSON: yaml: \(error.message)\n")
                        return nil
                    case .success(let tree): parsed = ObjectValue(tree)
                    }
                }
                if case .null = parsed { continue }
                guard parsed.string("kind") != nil else {
                    context.err(
                        "error: error validating \"\(file)\": error validating data: kind not set; if you choose to ignore these errors, turn validation off with --validate=false\n"
                    )
                    return nil
                }
                guard parsed.string("apiVersion") != nil else {
                    context.err(
                        "error: error validating \"\(file)\": error validating data: apiVersion not set; if you choose to ignore these errors, turn validation off with --validate=false\n"
                    )
                    return nil
                }
                result.append((file == "-" ? "STDIN" : file, parsed))
            }
        }
        return result
    }

    static let kinds: [String: String] = [
        "ConfigMap": "configmaps", "Secret": "secrets", "Namespace": "namespaces", "Service": "services", "Pod": "pods",
        "Deployment": "deployments", "Lease": "leases", "Endpoints": "endpoints", "Node": "nodes", "Event": "events",
        "DaemonSet": "daemonsets", "ReplicaSet": "replicasets",
    ]

    mutating func createFromFiles(_ context: inout ToolContext, apply: Bool) -> Int32 {
        let verb = apply ? "apply" : "create"
        guard let files = arguments.values["filename"], !files.isEmpty else {
            if apply {
                context.err("error: must specify one of -f and -k\n\nSee 'kubectl apply -h' for help and examples\n")
            } else {
                context.err("error: must specify one of -f and -k\n\nSee 'kubectl create -h' for help and examples\n")
            }
            return 1
        }
        if let url = files.first(where: { $0.hasPrefix("http://") || $0.hasPrefix("https://") }) {
            context.err(
                "kubedojo: 'kubectl \(verb) -f \(url)' is not simulated: the exam hosts have no Internet access here; write the manifest with a heredoc and apply the file\n"
            )
            return 1
        }
        for file in files where file != "-" {
            guard context.node?.files.exists(context.path(file)) == true else {
                context.err("error: the path \"\(file)\" does not exist\n")
                return 1
            }
        }
        let mode: DryRun
        switch dryRun(&context) {
        case .failure(let exit): return exit.status
        case .success(let value): mode = value
        }
        let config: ClientConfig
        switch clientConfig(&context) {
        case .success(let resolved): config = resolved
        case .failure(let exit): return exit.status
        }
        let url = APIServerURL.parse(config.server)
        let tls = APIConnection.ClientTLS(
            caPEM: config.caPEM, insecure: config.insecure, clientCertificatePEM: config.clientCertificatePEM)
        let session: APIServerSession
        switch APIConnection.open(server: url, tls: tls, context: &context) {
        case .failure(let failure):
            if arguments.last("validate") != "false" {
                context.cluster.advance(milliseconds: failure.attemptMilliseconds)
                context.err(
                    "error: error validating \"\(files[0])\": error validating data: failed to download openapi: Get \"\(url.base)/openapi/v2?timeout=32s\": \(failure.cause); if you choose to ignore these errors, turn validation off with --validate=false\n"
                )
                return 1
            }
            return report(failure, url: url, attempts: 1, &context)
        case .success(let opened): session = opened
        }
        if let status = serverRefuses(session, &context) { return status }
        guard let documents = manifestDocuments(&context) else { return 1 }
        if documents.isEmpty {
            context.err("error: no objects passed to \(verb)\n")
            return 1
        }
        var status: Int32 = 0
        for (source, document) in documents {
            let kind = document.string("kind") ?? ""
            guard let plural = Self.kinds[kind], let type = APIObjects.resourceType(plural) else {
                context.err(
                    "error: resource mapping not found for name: \"\(document.string("metadata.name") ?? "")\" namespace: \"\(document.string("metadata.namespace") ?? "")\" from \"\(source)\": no matches for kind \"\(kind)\" in version \"\(document.string("apiVersion") ?? "")\"\nensure CRDs are installed first\n"
                )
                status = 1
                continue
            }
            guard let name = document.string("metadata.name"), !name.isEmpty else {
                context.err(
                    "error: error when retrieving current configuration of:\nResource: \"\(type.qualifiedPlural)\"\nfrom server for: \"\(source)\": resource name may not be empty\n"
                )
                status = 1
                continue
            }
            let namespace = type.namespaced ? (document.string("metadata.namespace") ?? config.namespace) : nil
            let display = "\(type.qualifiedSingular)/\(name)"
            if !context.cluster.etcd.hasQuorum {
                context.cluster.advance(milliseconds: 7_000)
                if apply {
                    let group =
                        type.qualifiedPlural.contains(".") ? String(type.qualifiedPlural.drop { $0 != "." }.dropFirst()) : ""
                    let version = (document.string("apiVersion") ?? "v1").split(separator: "/").last.map(String.init) ?? "v1"
                    context.err(
                        "Error from server: error when retrieving current configuration of:\nResource: \"\(group)/\(version), Resource=\(type.plural)\", GroupVersionKind: \"\(group)/\(version), Kind=\(kind)\"\nName: \"\(name)\", Namespace: \"\(namespace ?? "")\"\nfrom server for: \"\(source)\": etcdserver: request timed out\n"
                    )
                } else {
                    context.err("Error from server: error when creating \"\(source)\": etcdserver: request timed out\n")
                }
                status = 1
                continue
            }
            let api = APIObjects(cluster: context.cluster)
            if let namespace {
                let namespaces = api.list(named: "namespaces").map(\.name)
                guard namespaces.contains(namespace) else {
                    context.err(
                        "Error from server (NotFound): error when creating \"\(source)\": namespaces \"\(namespace)\" not found\n"
                    )
                    status = 1
                    continue
                }
            }
            let existing = api.list(type).first { $0.name == name && $0.namespace == namespace }
            if existing != nil && !apply {
                context.err(
                    "Error from server (AlreadyExists): error when creating \"\(source)\": \(type.qualifiedPlural) \"\(name)\" already exists\n"
                )
                status = 1
                continue
            }
            var stored = document
            if apply {
                var lastApplied = document
                lastApplied.set(["metadata", "annotations", "kubectl.kubernetes.io/last-applied-configuration"], to: nil)
                if namespace != nil, lastApplied.string("metadata.namespace") == nil {
                    lastApplied.set(["metadata", "namespace"], to: .string(namespace ?? ""))
                }
                stored.set(
                    ["metadata", "annotations", "kubectl.kubernetes.io/last-applied-configuration"],
                    to: .string(lastApplied.sortedKeys.compactJSON + "\n"))
            }
            let key = APIObjectStore.key(type.plural, namespace: namespace, name: name)
            if let existing {
                let previous = existing.body.string("metadata.annotations.kubectl\\.kubernetes\\.io/last-applied-configuration")
                _ = previous
                let before = existing.body["metadata"]?["annotations"]?["kubectl.kubernetes.io/last-applied-configuration"]
                let after = stored["metadata"]?["annotations"]?["kubectl.kubernetes.io/last-applied-configuration"]
                if before == after {
                    context.out("\(display) unchanged\n")
                    continue
                }
                stored.set(["metadata", "creationTimestamp"], to: .string(existing.creation))
                stored.set(["metadata", "uid"], to: existing.body.at("metadata.uid"))
            }
            let body = serverDefaults(stored, type: type, namespace: namespace, key: key, context.cluster)
            if mode == .none {
                context.cluster.apiStore.created[key] = body.compactJSON
                context.cluster.apiStore.deleted.remove(key)
            }
            let suffix = mode == .client ? " (dry run)" : mode == .server ? " (server dry run)" : ""
            context.out("\(display) \(existing == nil ? "created" : "configured")\(suffix)\n")
        }
        return status
    }

    /// What the API server adds to a created object: identity, time and each kind's defaults.
    func serverDefaults(
        _ document: ObjectValue, type: APIObjects.ResourceType, namespace: String?, key: String, _ cluster: Cluster
    )
        -> ObjectValue
    {
        var body = document
        let api = APIObjects(cluster: cluster)
        if body.string("metadata.creationTimestamp") == nil {
            body.set(["metadata", "creationTimestamp"], to: .string(api.timestamp(cluster.now)))
        }
        if body.at("metadata.uid") == nil {
            body.set(["metadata", "uid"], to: .string(api.uid(key + "/\(cluster.now.milliseconds)")))
        }
        body.set(["metadata", "resourceVersion"], to: .string(String(cluster.etcd.revision + 1)))
        if let namespace { body.set(["metadata", "namespace"], to: .string(namespace)) }
        switch type.plural {
        case "namespaces":
            body.set(["metadata", "labels", "kubernetes.io/metadata.name"], to: .string(body.string("metadata.name") ?? ""))
            body.set(["spec", "finalizers"], to: .array([.string("kubernetes")]))
            body.set(["status", "phase"], to: .string("Active"))
        case "secrets":
            if body["type"] == nil { body.set(["type"], to: .string("Opaque")) }
            for (key, value) in body["stringData"]?.fields ?? [] {
                body.set(["data", key], to: .string(Base64.encode(Array(value.text.utf8))))
            }
            body.set(["stringData"], to: nil)
        case "pods":
            // No scheduler or kubelet acts on pods created here: they stay Pending.
            body.set(["status", "phase"], to: .string("Pending"))
            body.set(["status", "qosClass"], to: .string("BestEffort"))
        default: break
        }
        return body.sortedKeys
    }

    // MARK: delete

    mutating func delete(_ context: inout ToolContext) -> Int32 {
        var targets: [(typed: String, name: String)] = []
        var words = arguments.positional
        if arguments.values["filename"] != nil {
            guard let documents = manifestDocuments(&context) else { return 1 }
            for (_, document) in documents {
                let plural = Self.kinds[document.string("kind") ?? ""] ?? (document.string("kind") ?? "").lowercased()
                targets.append((plural, document.string("metadata.name") ?? ""))
            }
        } else if let first = words.first {
            words.removeFirst()
            if first.contains("/") {
                for word in [first] + words {
                    let parts = word.split(separator: "/", maxSplits: 1).map(String.init)
                    targets.append((parts[0], parts.count > 1 ? parts[1] : ""))
                }
            } else if words.isEmpty && !arguments.isOn("all") && !arguments.has("selector") {
                context.err(
                    "error: resource(s) were provided, but no name was specified\nSee 'kubectl delete -h' for help and examples\n"
                )
                return 1
            } else {
                for typed in first.split(separator: ",") {
                    for name in words { targets.append((String(typed), name)) }
                }
            }
        } else {
            context.err(
                "error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'\n"
            )
            return 1
        }
        let config: ClientConfig
        switch reachServer(&context) {
        case .failure(let exit): return exit.status
        case .success(let resolved): config = resolved
        }
        var status: Int32 = 0
        for target in targets {
            guard let type = APIObjects.resourceType(target.typed), type.plural != "all" else {
                context.err("error: the server doesn't have a resource type \"\(target.typed)\"\n")
                return 1
            }
            guard type.simulated else { return notSimulated("kubectl delete \(type.plural)", &context) }
            let namespace = type.namespaced ? config.namespace : nil
            let objects = APIObjects(cluster: context.cluster).list(type)
            guard let object = objects.first(where: { $0.name == target.name && $0.namespace == namespace }) else {
                if !arguments.isOn("ignore-not-found") {
                    context.err("Error from server (NotFound): \(type.qualifiedPlural) \"\(target.name)\" not found\n")
                    status = 1
                }
                continue
            }
            if type.plural == "namespaces", APIObjects.systemNamespaces.contains(object.name) {
                context.err(
                    "Error from server (Forbidden): namespaces \"\(object.name)\" is forbidden: this namespace may not be deleted\n"
                )
                status = 1
                continue
            }
            let key = object.key
            if type.plural == "nodes" {
                context.cluster.deleteNodeObject(object.name)
            } else if context.cluster.apiStore.created.removeValue(forKey: key) == nil {
                // Mirror pods come back at once (the kubelet recreates them); other model objects stay deleted.
                let owner = object.body.at("metadata.ownerReferences")?.items.first?.string("kind")
                if type.plural != "pods" || owner == nil { context.cluster.apiStore.deleted.insert(key) }
            }
            context.out("\(type.qualifiedSingular) \"\(object.name)\" deleted\n")
        }
        return status
    }

    // MARK: edit

    mutating func edit(_ context: inout ToolContext) -> Int32 {
        guard let editor = context.editor else {
            context.err(
                "kubedojo: kubectl edit needs an interactive terminal. Here, use 'kubectl get TYPE NAME -o yaml > FILE', change FILE with sed -i, then 'kubectl apply -f FILE'\n"
            )
            return 1
        }
        var words = arguments.positional
        guard let first = words.first else {
            context.err("error: you must provide one or more resources by argument or filename\n")
            return 1
        }
        words.removeFirst()
        var typed = first
        var name = words.first ?? ""
        if let slash = first.firstIndex(of: "/") {
            typed = String(first[..<slash])
            name = String(first[first.index(after: slash)...])
        }
        let config: ClientConfig
        switch reachServer(&context) {
        case .failure(let exit): return exit.status
        case .success(let resolved): config = resolved
        }
        guard let type = APIObjects.resourceType(typed), type.simulated, type.plural != "all" else {
            context.err("error: the server doesn't have a resource type \"\(typed)\"\n")
            return 1
        }
        let namespace = type.namespaced ? config.namespace : nil
        guard
            let object = APIObjects(cluster: context.cluster).list(type).first(where: {
                $0.name == name && $0.namespace == namespace
            })
        else {
            context.err("Error from server (NotFound): \(type.qualifiedPlural) \"\(name)\" not found\n")
            return 1
        }
        let header =
            "# Please edit the object below. Lines beginning with a '#' will be ignored,\n# and an empty file will abort the edit. If an error occurs while saving this file will be\n# reopened with the relevant failures.\n#\n"
        let before = header + object.body.yaml()
        switch editor.edit(
            before, name: "kubectl-edit.yaml",
            command: "vi")
        {
        case .failure(let failure):
            context.err("kubedojo: \(failure.message)\n")
            return 1
        case .success(let after):
            let kept = after.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.hasPrefix("#") }.joined(
                separator: "\n")
            guard after != before, !kept.trimmed().isEmpty else {
                context.out("Edit cancelled, no changes made.\n")
                return 0
            }
            guard case .success(let tree) = YAMLTree.parse(kept) else {
                context.err("error: edit cancelled, the file could not be parsed as YAML\n")
                return 1
            }
            let edited = ObjectValue(tree).sortedKeys
            if edited.compactJSON == object.body.compactJSON {
                context.out("Edit cancelled, no changes made.\n")
                return 0
            }
            let key = object.key
            if context.cluster.apiStore.created[key] != nil {
                context.cluster.apiStore.created[key] = edited.compactJSON
            } else {
                // Objects the model derives keep their labels and schedulability from an edit.
                context.cluster.apiStore.setLabels(
                    of: object, to: Dictionary(edited.at("metadata.labels")?.stringMap ?? [], uniquingKeysWith: { $1 }))
                if type.plural == "nodes" {
                    if edited.at("spec.unschedulable") == .bool(true) {
                        context.cluster.apiStore.unschedulable.insert(name)
                    } else {
                        context.cluster.apiStore.unschedulable.remove(name)
                    }
                }
            }
            context.out("\(type.qualifiedSingular)/\(name) edited\n")
            return 0
        }
    }
}
