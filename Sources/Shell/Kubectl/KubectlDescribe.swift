import ClusterSim

/// `kubectl describe`, laid out as kubectl's describers write them (the generic describer for
/// leases and events).
extension KubectlSession {
    mutating func describe(_ context: inout ToolContext) -> Int32 {
        var words = arguments.positional
        guard let first = words.first else {
            context.err(
                "You must specify the type of resource to describe. Use \"kubectl api-resources\" for a complete list of supported resources.\n\nerror: Required resource not specified.\nSee 'kubectl describe -h' for help and examples\n"
            )
            return 1
        }
        words.removeFirst()
        var typed = first
        if let slash = first.firstIndex(of: "/") {
            typed = String(first[..<slash])
            words.insert(String(first[first.index(after: slash)...]), at: 0)
        }
        let config: ClientConfig
        switch reachServer(&context) {
        case .failure(let exit): return exit.status
        case .success(let resolved): config = resolved
        }
        guard let type = APIObjects.resourceType(typed), type.plural != "all" else {
            context.err("error: the server doesn't have a resource type \"\(typed)\"\n")
            return 1
        }
        let described = [
            "nodes", "pods", "leases", "events", "namespaces", "services", "endpoints", "configmaps", "secrets", "deployments",
        ]
        guard described.contains(type.plural) else {
            return notSimulated("kubectl describe \(type.plural)", &context)
        }
        let api = APIObjects(cluster: context.cluster)
        var objects = api.list(type)
        if type.namespaced && !arguments.isOn("all-namespaces") { objects = objects.filter { $0.namespace == config.namespace } }
        if let raw = arguments.last("selector"), case .success(let selector) = LabelSelector.parse(raw) {
            objects = objects.filter { selector.matches($0.labels) }
        }
        if !words.isEmpty {
            var found: [ServerObject] = []
            for name in words {
                // describe matches a name prefix when no object has the exact name.
                let matches = objects.first { $0.name == name }.map { [$0] } ?? objects.filter { $0.name.hasPrefix(name) }
                guard !matches.isEmpty else {
                    context.err("Error from server (NotFound): \(type.qualifiedPlural) \"\(name)\" not found\n")
                    return 1
                }
                found += matches
            }
            objects = found
        }
        guard !objects.isEmpty else {
            context.err(
                type.namespaced && !arguments.isOn("all-namespaces")
                    ? "No resources found in \(config.namespace) namespace.\n" : "No resources found\n")
            return 0
        }
        let describer = Describer(api: api, now: context.cluster.now)
        let texts = objects.map { object -> String in
            switch type.plural {
            case "nodes": describer.node(object)
            case "pods": describer.pod(object)
            case "namespaces": describer.namespace(object)
            case "services": describer.service(object)
            case "endpoints": describer.endpointsObject(object)
            case "configmaps": describer.configMap(object)
            case "secrets": describer.secret(object)
            case "deployments": describer.deployment(object)
            default: describer.generic(object)
            }
        }
        context.out(texts.map { GoTabWriter.format($0) }.joined(separator: "\n\n\n") + "\n")
        return 0
    }
}

/// The text of one described object, with tabs where kubectl's describers put them.
struct Describer {
    let api: APIObjects
    let now: SimTime

    static let weekdays = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"]

    /// Go's RFC1123Z: `Mon, 02 Jan 2006 15:04:05 +0000`.
    static func rfc1123(_ timestamp: String) -> String {
        guard let time = TablePrinters.parse(timestamp) else { return timestamp }
        let civil = time.civil
        let days = Int((time.milliseconds / 86_400_000) % 7)
        func pad(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        return "\(weekdays[(days + 7) % 7]), \(pad(civil.day)) \(months[civil.month - 1]) \(civil.year) "
            + "\(pad(civil.hour)):\(pad(civil.minute)):\(pad(civil.second)) +0000"
    }

    /// kubectl's printLabelsMultiline (`k=v`) and printAnnotationsMultiline (`k: v`): annotations
    /// skip the last-applied configuration, and a value longer than 140 bytes with its key, or of
    /// several lines, goes under the key, each line cut at 138 bytes with `...`.
    func multiline(_ title: String, _ pairs: [(String, String)], separator: String, indent: String = "") -> String {
        let annotations = separator == ": "
        let shown = annotations ? pairs.filter { $0.0 != "kubectl.kubernetes.io/last-applied-configuration" } : pairs
        var text = "\(indent)\(title):\t"
        guard !shown.isEmpty else { return text + "<none>\n" }
        for (index, pair) in shown.sorted(by: { $0.0 < $1.0 }).enumerated() {
            if index > 0 { text += indent + "\t" }
            let value = pair.1.hasSuffix("\n") ? String(pair.1.dropLast()) : pair.1
            if annotations, value.utf8.count + pair.0.utf8.count + 2 > 140 || value.contains("\n") {
                text += "\(pair.0):\n"
                for line in value.split(separator: "\n", omittingEmptySubsequences: false) {
                    let bytes = Array(line.utf8)
                    let cut = bytes.count > 138 ? String(decoding: bytes.prefix(138), as: UTF8.self) + "..." : String(line)
                    text += "\(indent)\t  \(cut)\n"
                }
                continue
            }
            text += "\(pair.0)\(separator)\(annotations ? value : pair.1)\n"
        }
        return text
    }

    func node(_ object: ServerObject) -> String {
        let body = object.body
        let roles = object.labels.compactMap { key, _ -> String? in
            key.hasPrefix("node-role.kubernetes.io/") ? String(key.dropFirst("node-role.kubernetes.io/".count)) : nil
        }.sorted()
        var text = "Name:\t\(object.name)\n"
        text += "Roles:\t\(roles.isEmpty ? "<none>" : roles.joined(separator: ","))\n"
        text += multiline("Labels", object.labels, separator: "=")
        text += multiline("Annotations", body.at("metadata.annotations")?.stringMap ?? [], separator: ": ")
        text += "CreationTimestamp:\t\(Self.rfc1123(object.creation))\n"
        let taints = (body.at("spec.taints")?.items ?? []).map { taint -> String in
            let value = taint.string("value").map { "=" + $0 } ?? ""
            return "\(taint.string("key") ?? "")\(value):\(taint.string("effect") ?? "")"
        }
        text += "Taints:\t" + (taints.isEmpty ? "<none>\n" : taints.joined(separator: "\n\t") + "\n")
        text += "Unschedulable:\t\(body.at("spec.unschedulable") == .bool(true) ? "true" : "false")\n"
        if let lease = api.list(named: "leases").first(where: {
            $0.namespace == "kube-node-lease" && $0.name == object.name
        }) {
            text += "Lease:\n"
            text += "  HolderIdentity:\t\(lease.body.string("spec.holderIdentity") ?? "<unset>")\n"
            text += "  AcquireTime:\t\(lease.body.string("spec.acquireTime").map(Self.rfc1123) ?? "<unset>")\n"
            text += "  RenewTime:\t\(lease.body.string("spec.renewTime").map(Self.rfc1123) ?? "<unset>")\n"
        }
        text += "Conditions:\n  Type\tStatus\tLastHeartbeatTime\tLastTransitionTime\tReason\tMessage\n"
        text += "  ----\t------\t-----------------\t------------------\t------\t-------\n"
        for condition in body.at("status.conditions")?.items ?? [] {
            text +=
                "  \(condition.string("type") ?? "") \t\(condition.string("status") ?? "") \t"
                + "\(Self.rfc1123(condition.string("lastHeartbeatTime") ?? "")) \t"
                + "\(Self.rfc1123(condition.string("lastTransitionTime") ?? "")) \t"
                + "\(condition.string("reason") ?? "") \t\(condition.string("message") ?? "")\n"
        }
        text += "Addresses:\n"
        for address in body.at("status.addresses")?.items ?? [] {
            text += "  \(address.string("type") ?? ""):\t\(address.string("address") ?? "")\n"
        }
        if let cidr = body.string("spec.podCIDR") {
            text += "PodCIDR:\t\(cidr)\n"
            text += "PodCIDRs:\t\((body.at("spec.podCIDRs")?.items ?? []).map(\.text).joined(separator: ","))\n"
        }
        let pods = api.list(named: "pods").filter { $0.body.string("spec.nodeName") == object.name }
        text += "Non-terminated Pods:\t(\(pods.count) in total)\n"
        text += "  Namespace\tName\tAge\n  ---------\t----\t---\n"
        let printers = TablePrinters(now: now)
        for pod in pods {
            text += "  \(pod.namespace ?? "")\t\(pod.name)\t\(printers.age(pod.creation))\n"
        }
        text += "Events:\t<none>"
        return text
    }

    func pod(_ object: ServerObject) -> String {
        let body = object.body
        let spec = body["spec"] ?? .object([])
        let printers = TablePrinters(now: now)
        _ = printers
        var text = "Name:\t\(object.name)\nNamespace:\t\(object.namespace ?? "")\n"
        if case .int(let priority) = spec["priority"] {
            text += "Priority:\t\(priority)\n"
        } else if spec.string("priorityClassName") == "system-node-critical" {
            text += "Priority:\t2000001000\n"
        } else if spec.string("priorityClassName") == "system-cluster-critical" {
            text += "Priority:\t2000000000\n"
        }
        if let priorityClass = spec.string("priorityClassName") { text += "Priority Class Name:\t\(priorityClass)\n" }
        if let account = spec.string("serviceAccountName") { text += "Service Account:\t\(account)\n" }
        text += "Node:\t\(spec.string("nodeName").map { "\($0)/\(body.string("status.hostIP") ?? "")" } ?? "<none>")\n"
        if let start = body.string("status.startTime") { text += "Start Time:\t\(Self.rfc1123(start))\n" }
        text += multiline("Labels", object.labels, separator: "=")
        text += multiline("Annotations", body.at("metadata.annotations")?.stringMap ?? [], separator: ": ")
        text += "Status:\t\(body.string("status.phase") ?? "Pending")\n"
        text += "IP:\t\(body.string("status.podIP") ?? "")\n"
        let ips = (body.at("status.podIPs")?.items ?? []).compactMap { $0.string("ip") }
        text += ips.isEmpty ? "IPs:\t<none>\n" : "IPs:\n" + ips.map { "  IP:\t\($0)\n" }.joined()
        if let owner = body.at("metadata.ownerReferences")?.items.first {
            text += "Controlled By:\t\(owner.string("kind") ?? "")/\(owner.string("name") ?? "")\n"
        }
        text += "Containers:\n"
        let statuses = body.at("status.containerStatuses")?.items ?? []
        for container in spec["containers"]?.items ?? [] {
            let name = container.string("name") ?? ""
            let status = statuses.first { $0.string("name") == name }
            text += "  \(name):\n"
            if let status { text += "    Container ID:\t\(status.string("containerID") ?? "")\n" }
            text += "    Image:\t\(container.string("image") ?? "")\n"
            if let status { text += "    Image ID:\t\(status.string("imageID") ?? "")\n" }
            let ports = (container["ports"]?.items ?? []).map {
                "\($0["containerPort"]?.text ?? "")/\($0.string("protocol") ?? "TCP")"
            }
            text +=
                (ports.count > 1 ? "    Ports:\t" : "    Port:\t") + (ports.isEmpty ? "<none>" : ports.joined(separator: ", "))
                + "\n"
            text +=
                (ports.count > 1 ? "    Host Ports:\t" : "    Host Port:\t")
                + (ports.isEmpty ? "<none>" : ports.map { _ in "0/TCP" }.joined(separator: ", ")) + "\n"
            for key in ["command", "args"] {
                let items = container[key]?.items ?? []
                guard !items.isEmpty else { continue }
                text += "    \(key == "command" ? "Command" : "Args"):\n" + items.map { "      \($0.text)\n" }.joined()
            }
            if let status {
                if let started = status.at("state.running.startedAt")?.text {
                    text += "    State:\tRunning\n      Started:\t\(Self.rfc1123(started))\n"
                } else {
                    text += "    State:\tWaiting\n"
                }
                text += "    Ready:\t\(status["ready"] == .bool(true) ? "True" : "False")\n"
                text += "    Restart Count:\t\(status["restartCount"]?.text ?? "0")\n"
            }
            for (key, title) in [("limits", "Limits"), ("requests", "Requests")] {
                let values = container.at("resources." + key)?.fields ?? []
                guard !values.isEmpty else { continue }
                text += "    \(title):\n" + values.map { "      \($0.0):\t\($0.1.text)\n" }.joined()
            }
            for (key, title) in [("livenessProbe", "Liveness"), ("readinessProbe", "Readiness"), ("startupProbe", "Startup")] {
                guard let probe = container[key] else { continue }
                text += "    \(title):\t\(Self.probe(probe))\n"
            }
            text += "    Environment:\t<none>\n"
            let mounts = container["volumeMounts"]?.items ?? []
            if mounts.isEmpty {
                text += "    Mounts:\t<none>\n"
            } else {
                text += "    Mounts:\n"
                for mount in mounts {
                    let mode = mount["readOnly"] == .bool(true) ? "ro" : "rw"
                    text += "      \(mount.string("mountPath") ?? "") from \(mount.string("name") ?? "") (\(mode))\n"
                }
            }
        }
        text += "Conditions:\n  Type\tStatus\n"
        for condition in body.at("status.conditions")?.items ?? [] {
            text += "  \(condition.string("type") ?? "") \t\(condition.string("status") ?? "") \n"
        }
        let volumes = spec["volumes"]?.items ?? []
        if volumes.isEmpty {
            text += "Volumes:\t<none>\n"
        } else {
            text += "Volumes:\n"
            for volume in volumes {
                text += "  \(volume.string("name") ?? ""):\n"
                if let hostPath = volume["hostPath"] {
                    text += "    Type:\tHostPath (bare host directory volume)\n"
                    text += "    Path:\t\(hostPath.string("path") ?? "")\n"
                    text += "    HostPathType:\t\(hostPath.string("type") ?? "")\n"
                }
            }
        }
        text += "QoS Class:\t\(body.string("status.qosClass") ?? "BestEffort")\n"
        text += multiline("Node-Selectors", spec["nodeSelector"]?.stringMap ?? [], separator: "=")
        let isMirror = body.at("metadata.ownerReferences")?.items.first?.string("kind") == "Node"
        text += "Tolerations:\t" + (isMirror ? ":NoExecute op=Exists\n" : "<none>\n")
        text += "Events:\t<none>"
        return text
    }

    /// `http-get https://10.0.1.10:6443/livez delay=10s timeout=15s period=10s #success=1 #failure=8`.
    static func probe(_ probe: ObjectValue) -> String {
        func number(_ key: String, _ fallback: Int) -> Int {
            if case .int(let value) = probe[key] { return value }
            return fallback
        }
        let attributes =
            "delay=\(number("initialDelaySeconds", 0))s timeout=\(number("timeoutSeconds", 1))s "
            + "period=\(number("periodSeconds", 10))s #success=\(number("successThreshold", 1)) #failure=\(number("failureThreshold", 3))"
        if let get = probe["httpGet"] {
            let scheme = (get.string("scheme") ?? "HTTP").lowercased()
            return
                "http-get \(scheme)://\(get.string("host") ?? ""):\(get["port"]?.text ?? "")\(get.string("path") ?? "") \(attributes)"
        }
        if let tcp = probe["tcpSocket"] { return "tcp-socket :\(tcp["port"]?.text ?? "") \(attributes)" }
        return "unknown \(attributes)"
    }

    /// The generic describer: top-level fields in order, camelCase keys split into words.
    func generic(_ object: ServerObject) -> String {
        let body = object.body
        var text = "Name:\t\(object.name)\n"
        if let namespace = object.namespace { text += "Namespace:\t\(namespace)\n" }
        text += multiline("Labels", object.labels, separator: "=")
        text += multiline("Annotations", body.at("metadata.annotations")?.stringMap ?? [], separator: ": ")
        text += "API Version:\t\(body.string("apiVersion") ?? "")\nKind:\t\(body.string("kind") ?? "")\n"
        var metadata = body["metadata"] ?? .object([])
        for skipped in ["name", "namespace", "labels", "annotations", "managedFields"] { metadata.set([skipped], to: nil) }
        text += Self.fields(
            [("metadata", metadata)] + body.fields.filter { !["apiVersion", "kind", "metadata"].contains($0.0) }, level: 0)
        text += "Events:\t<none>"
        return text
    }

    static func fields(_ fields: [(String, ObjectValue)], level: Int) -> String {
        let indent = String(repeating: "  ", count: level)
        var text = ""
        for (key, value) in fields {
            switch value {
            case .object(let children):
                text += "\(indent)\(label(key)):\n" + Self.fields(children, level: level + 1)
            case .array(let items):
                text += "\(indent)\(label(key)):\n"
                for item in items {
                    if case .object(let children) = item {
                        text += Self.fields(children, level: level + 1)
                    } else {
                        text += "\(indent)  \(item.text)\n"
                    }
                }
            default:
                text += "\(indent)\(label(key)):\t\(value.text)\n"
            }
        }
        return text
    }

    /// `holderIdentity` → `Holder Identity`, `uid` → `UID`.
    static func label(_ key: String) -> String {
        var words: [String] = []
        var current = ""
        for character in key {
            if character.isUppercase, !current.isEmpty {
                words.append(current)
                current = ""
            }
            current.append(character)
        }
        if !current.isEmpty { words.append(current) }
        let initialisms: Set<String> = ["uid", "api", "ip", "url", "id", "cidr", "dns"]
        return words.map { word in
            initialisms.contains(word.lowercased()) ? word.uppercased() : word.prefix(1).uppercased() + word.dropFirst()
        }.joined(separator: " ")
    }
}
