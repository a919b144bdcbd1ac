import ClusterSim

/// kubectl's describers for namespaces, services, endpoints, configmaps, secrets and deployments
/// (k8s.io/kubectl/pkg/describe, v1.32): the fields in the order and form they print them.
extension Describer {
    /// `labels.FormatLabels`: `k=v,k2=v2` sorted, or `<none>`.
    static func formatLabels(_ pairs: [(String, String)]) -> String {
        pairs.isEmpty ? "<none>" : pairs.sorted { $0.0 < $1.0 }.map { "\($0.0)=\($0.1)" }.joined(separator: ",")
    }

    func header(_ object: ServerObject, namespace: Bool = true) -> String {
        var text = "Name:\t\(object.name)\n"
        if namespace { text += "Namespace:\t\(object.namespace ?? "")\n" }
        text += multiline("Labels", object.labels, separator: "=")
        text += multiline("Annotations", object.body.at("metadata.annotations")?.stringMap ?? [], separator: ": ")
        return text
    }

    func namespace(_ object: ServerObject) -> String {
        var text = header(object, namespace: false)
        text += "Status:\t\(object.body.string("status.phase") ?? "")\n"
        text += "\nNo resource quota.\n\nNo LimitRange resource."
        return text
    }

    func service(_ object: ServerObject) -> String {
        let spec = object.body["spec"] ?? .object([])
        var text = header(object)
        text += "Selector:\t\(Self.formatLabels(spec["selector"]?.stringMap ?? []))\n"
        text += "Type:\t\(spec.string("type") ?? "")\n"
        if let policy = spec.string("ipFamilyPolicy") { text += "IP Family Policy:\t\(policy)\n" }
        let families = (spec["ipFamilies"]?.items ?? []).map(\.text)
        text += "IP Families:\t\(families.isEmpty ? "<none>" : families.joined(separator: ","))\n"
        text += "IP:\t\(spec.string("clusterIP") ?? "")\n"
        let ips = (spec["clusterIPs"]?.items ?? []).map(\.text)
        text += "IPs:\t\(ips.isEmpty ? "<none>" : ips.joined(separator: ","))\n"
        let endpoints = api.list(named: "endpoints").first {
            $0.namespace == object.namespace && $0.name == object.name
        }
        for port in spec["ports"]?.items ?? [] {
            let name = port.string("name").flatMap { $0.isEmpty ? nil : $0 } ?? "<unset>"
            let proto = port.string("protocol") ?? "TCP"
            text += "Port:\t\(name)\t\(port["port"]?.text ?? "")/\(proto)\n"
            text += "TargetPort:\t\(port["targetPort"]?.text ?? "")/\(proto)\n"
            if let nodePort = port["nodePort"]?.text { text += "NodePort:\t\(name)\t\(nodePort)/\(proto)\n" }
            text +=
                "Endpoints:\t\(endpoints.map { Self.endpoints($0.body, portName: port.string("name") ?? "") } ?? "<none>")\n"
        }
        text += "Session Affinity:\t\(spec.string("sessionAffinity") ?? "")\n"
        if let policy = spec.string("externalTrafficPolicy") { text += "External Traffic Policy:\t\(policy)\n" }
        if let policy = spec.string("internalTrafficPolicy") { text += "Internal Traffic Policy:\t\(policy)\n" }
        return text + "Events:\t<none>"
    }

    /// `formatEndpoints` for one service port (by name): up to three `ip:port`, then ` + N more...`.
    static func endpoints(_ body: ObjectValue, portName: String) -> String {
        let subsets = body["subsets"]?.items ?? []
        guard !subsets.isEmpty else { return "<none>" }
        var list: [String] = []
        var count = 0
        for subset in subsets {
            let addresses = (subset["addresses"]?.items ?? []).compactMap { $0.string("ip") }
            let ports = subset["ports"]?.items ?? []
            let entries =
                ports.isEmpty
                ? addresses
                : ports.filter { ($0.string("name") ?? "") == portName }.flatMap { port in
                    addresses.map { "\($0):\(port["port"]?.text ?? "")" }
                }
            for entry in entries where list.count < 3 { list.append(entry) }
            count += entries.count
        }
        let joined = list.joined(separator: ",")
        if count > 3 { return "\(joined) + \(count - 3) more..." }
        return joined
    }

    func endpointsObject(_ object: ServerObject) -> String {
        var text = header(object) + "Subsets:\n"
        for subset in object.body["subsets"]?.items ?? [] {
            let ready = (subset["addresses"]?.items ?? []).compactMap { $0.string("ip") }
            let notReady = (subset["notReadyAddresses"]?.items ?? []).compactMap { $0.string("ip") }
            text += "  Addresses:\t\(ready.isEmpty ? "<none>" : ready.joined(separator: ","))\n"
            text += "  NotReadyAddresses:\t\(notReady.isEmpty ? "<none>" : notReady.joined(separator: ","))\n"
            let ports = subset["ports"]?.items ?? []
            if !ports.isEmpty {
                text += "  Ports:\n    Name\tPort\tProtocol\n    ----\t----\t--------\n"
                for port in ports {
                    let name = port.string("name").flatMap { $0.isEmpty ? nil : $0 } ?? "<unset>"
                    text += "    \(name)\t\(port["port"]?.text ?? "")\t\(port.string("protocol") ?? "TCP")\n"
                }
            }
            text += "\n"
        }
        return text + "Events:\t<none>"
    }

    func configMap(_ object: ServerObject) -> String {
        var text = header(object) + "\nData\n====\n"
        for (key, value) in (object.body["data"]?.fields ?? []).sorted(by: { $0.0 < $1.0 }) {
            text += "\(key):\n----\n\(value.text)\n\n"
        }
        text += "\nBinaryData\n====\n"
        for (key, value) in (object.body["binaryData"]?.fields ?? []).sorted(by: { $0.0 < $1.0 }) {
            text += "\(key): \(Self.decodedLength(value.text)) bytes\n"
        }
        return text + "\nEvents:\t<none>"
    }

    /// The byte count of a base64 text, as the API's `[]byte` field holds it decoded.
    static func decodedLength(_ base64: String) -> Int {
        let characters = base64.filter { !$0.isWhitespace }
        let padding = characters.reversed().prefix { $0 == "=" }.count
        return characters.count / 4 * 3 - padding
    }

    func secret(_ object: ServerObject) -> String {
        let type = object.body.string("type") ?? "Opaque"
        var text = header(object) + "\nType:\t\(type)\n\nData\n====\n"
        for (key, value) in (object.body["data"]?.fields ?? []).sorted(by: { $0.0 < $1.0 }) {
            if key == "token" && type == "kubernetes.io/service-account-token", let decoded = KubectlBase64.decode(value.text) {
                text += "\(key):\t\(decoded)\n"
            } else {
                text += "\(key):\t\(Self.decodedLength(value.text)) bytes\n"
            }
        }
        // The secret describer prints no events; the text ends with the data's last line.
        return String(text.dropLast())
    }

    func deployment(_ object: ServerObject) -> String {
        let body = object.body
        let spec = body["spec"] ?? .object([])
        let status = body["status"] ?? .object([])
        func number(_ value: ObjectValue?) -> String { value?.text ?? "0" }
        var text = "Name:\t\(object.name)\nNamespace:\t\(object.namespace ?? "")\n"
        text += "CreationTimestamp:\t\(Self.rfc1123(object.creation))\n"
        text += multiline("Labels", object.labels, separator: "=")
        text += multiline("Annotations", body.at("metadata.annotations")?.stringMap ?? [], separator: ": ")
        text += "Selector:\t\(Self.formatLabels(spec.at("selector.matchLabels")?.stringMap ?? []))\n"
        text +=
            "Replicas:\t\(number(spec["replicas"])) desired | \(number(status["updatedReplicas"])) updated | "
            + "\(number(status["replicas"])) total | \(number(status["availableReplicas"])) available | "
            + "\(number(status["unavailableReplicas"])) unavailable\n"
        text += "StrategyType:\t\(spec.string("strategy.type") ?? "")\n"
        text += "MinReadySeconds:\t\(number(spec["minReadySeconds"]))\n"
        if let rolling = spec.at("strategy.rollingUpdate") {
            text +=
                "RollingUpdateStrategy:\t\(rolling["maxUnavailable"]?.text ?? "") max unavailable, \(rolling["maxSurge"]?.text ?? "") max surge\n"
        }
        text += podTemplate(spec["template"] ?? .object([]))
        let conditions = status["conditions"]?.items ?? []
        if !conditions.isEmpty {
            text += "Conditions:\n  Type\tStatus\tReason\n  ----\t------\t------\n"
            for condition in conditions {
                text +=
                    "  \(condition.string("type") ?? "") \t\(condition.string("status") ?? "")\t\(condition.string("reason") ?? "")\n"
            }
        }
        let owned = api.list(named: "replicasets").filter { replicaSet in
            replicaSet.namespace == object.namespace
                && replicaSet.body.at("metadata.ownerReferences")?.items.contains {
                    $0.string("kind") == "Deployment" && $0.string("name") == object.name
                } == true
        }
        if let newest = owned.last {
            text += "OldReplicaSets:\t<none>\n"
            text +=
                "NewReplicaSet:\t\(newest.name) (\(number(newest.body.at("status.replicas")))/\(number(newest.body.at("spec.replicas"))) replicas created)\n"
        }
        return text + "Events:\t<none>"
    }

    /// `DescribePodTemplate`: labels, containers, volumes, node selectors and tolerations of a template.
    func podTemplate(_ template: ObjectValue) -> String {
        let spec = template["spec"] ?? .object([])
        var text = "Pod Template:\n"
        text += multiline("  Labels", template.at("metadata.labels")?.stringMap ?? [], separator: "=")
        let annotations = template.at("metadata.annotations")?.stringMap ?? []
        if !annotations.isEmpty { text += multiline("  Annotations", annotations, separator: ": ") }
        if let account = spec.string("serviceAccountName") { text += "  Service Account:\t\(account)\n" }
        let containers = spec["containers"]?.items ?? []
        text += "  Containers:\(containers.isEmpty ? " <none>" : "")\n"
        for container in containers {
            text += "   \(container.string("name") ?? ""):\n"
            text += "    Image:\t\(container.string("image") ?? "")\n"
            let ports = (container["ports"]?.items ?? []).map {
                "\($0["containerPort"]?.text ?? "")/\($0.string("protocol") ?? "TCP")"
            }
            let hostPorts = (container["ports"]?.items ?? []).map {
                "\($0["hostPort"]?.text ?? "0")/\($0.string("protocol") ?? "TCP")"
            }
            text += ports.count > 1 ? "    Ports:\t\(ports.joined(separator: ", "))\n" : "    Port:\t\(ports.first ?? "<none>")\n"
            text +=
                hostPorts.count > 1
                ? "    Host Ports:\t\(hostPorts.joined(separator: ", "))\n" : "    Host Port:\t\(hostPorts.first ?? "<none>")\n"
            for key in ["command", "args"] {
                let items = container[key]?.items ?? []
                guard !items.isEmpty else { continue }
                text += "    \(key == "command" ? "Command" : "Args"):\n" + items.map { "      \($0.text)\n" }.joined()
            }
            for (key, title) in [("limits", "Limits"), ("requests", "Requests")] {
                let values = container.at("resources." + key)?.fields ?? []
                guard !values.isEmpty else { continue }
                text += "    \(title):\n" + values.sorted { $0.0 < $1.0 }.map { "      \($0.0):\t\($0.1.text)\n" }.joined()
            }
            for (key, title) in [("livenessProbe", "Liveness"), ("readinessProbe", "Readiness"), ("startupProbe", "Startup")] {
                guard let probe = container[key] else { continue }
                text += "    \(title):\t\(Self.probe(probe))\n"
            }
            let env = container["env"]?.items ?? []
            text += env.isEmpty ? "    Environment:\t<none>\n" : "    Environment:\n"
            for variable in env {
                text += "      \(variable.string("name") ?? ""):\t\(variable.string("value") ?? "")\n"
            }
            let mounts = container["volumeMounts"]?.items ?? []
            text += mounts.isEmpty ? "    Mounts:\t<none>\n" : "    Mounts:\n"
            for mount in mounts.sorted(by: { ($0.string("mountPath") ?? "") < ($1.string("mountPath") ?? "") }) {
                let mode = mount["readOnly"] == .bool(true) ? "ro" : "rw"
                text += "      \(mount.string("mountPath") ?? "") from \(mount.string("name") ?? "") (\(mode))\n"
            }
        }
        let volumes = spec["volumes"]?.items ?? []
        text += volumes.isEmpty ? "  Volumes:\t<none>\n" : "  Volumes:\n"
        for volume in volumes {
            text += "   \(volume.string("name") ?? ""):\n"
            if let configMap = volume["configMap"] {
                text += "    Type:\tConfigMap (a volume populated by a ConfigMap)\n"
                text += "    Name:\t\(configMap.string("name") ?? "")\n"
                text += "    Optional:\t\(configMap["optional"] == .bool(true) ? "true" : "false")\n"
            } else if let hostPath = volume["hostPath"] {
                text += "    Type:\tHostPath (bare host directory volume)\n"
                text += "    Path:\t\(hostPath.string("path") ?? "")\n"
                text += "    HostPathType:\t\(hostPath.string("type") ?? "")\n"
            }
        }
        if let priorityClass = spec.string("priorityClassName") { text += "  Priority Class Name:\t\(priorityClass)\n" }
        text += multiline("  Node-Selectors", spec["nodeSelector"]?.stringMap ?? [], separator: "=")
        let tolerations = (spec["tolerations"]?.items ?? []).map(Self.toleration)
        text += "  Tolerations:\t" + (tolerations.isEmpty ? "<none>\n" : tolerations.joined(separator: "\n\t") + "\n")
        return text
    }

    /// `key=value:Effect`, `key:Effect op=Exists`, with ` for Ns` when a toleration is timed.
    static func toleration(_ toleration: ObjectValue) -> String {
        var text = toleration.string("key") ?? ""
        if let value = toleration.string("value"), !value.isEmpty { text += "=" + value }
        if let effect = toleration.string("effect"), !effect.isEmpty { text += ":" + effect }
        if toleration.string("operator") == "Exists" && (toleration.string("value") ?? "").isEmpty {
            text += text.isEmpty ? "op=Exists" : " op=Exists"
        }
        if let seconds = toleration["tolerationSeconds"]?.text { text += " for \(seconds)s" }
        return text
    }
}
