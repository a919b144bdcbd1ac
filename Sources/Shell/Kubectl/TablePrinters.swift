import ClusterSim

/// The server-side table columns of each kind, as kube-apiserver's printers
/// (pkg/printers/internalversion) compute them for `kubectl get`.
struct TablePrinters {
    let now: SimTime

    func age(_ timestamp: String) -> String {
        guard let time = Self.parse(timestamp) else { return "<unknown>" }
        return HumanDuration.format(milliseconds: now.milliseconds - time.milliseconds)
    }

    /// `2026-11-20T10:00:00Z` (fractions ignored) back to virtual time.
    static func parse(_ timestamp: String) -> SimTime? {
        parsedTimes.value(for: timestamp) { timestamp in
            let digits = timestamp.split(whereSeparator: { "-T:.Z".contains($0) }).compactMap { Int($0) }
            guard digits.count >= 6 else { return nil }
            return SimTime.from(
                year: digits[0], month: digits[1], day: digits[2], hour: digits[3], minute: digits[4], second: digits[5])
        }
    }

    /// Every listing reads the same creation times back for its AGE column.
    private static let parsedTimes = ParseCache<String, SimTime?>(limit: 8192)

    func header(_ type: APIObjects.ResourceType, wide: Bool) -> [String] {
        switch type.plural {
        case "nodes":
            ["NAME", "STATUS", "ROLES", "AGE", "VERSION"]
                + (wide ? ["INTERNAL-IP", "EXTERNAL-IP", "OS-IMAGE", "KERNEL-VERSION", "CONTAINER-RUNTIME"] : [])
        case "pods":
            ["NAME", "READY", "STATUS", "RESTARTS", "AGE"] + (wide ? ["IP", "NODE", "NOMINATED NODE", "READINESS GATES"] : [])
        case "leases": ["NAME", "HOLDER", "AGE"]
        case "namespaces": ["NAME", "STATUS", "AGE"]
        case "services":
            ["NAME", "TYPE", "CLUSTER-IP", "EXTERNAL-IP", "PORT(S)", "AGE"] + (wide ? ["SELECTOR"] : [])
        case "endpoints": ["NAME", "ENDPOINTS", "AGE"]
        case "configmaps": ["NAME", "DATA", "AGE"]
        case "secrets": ["NAME", "TYPE", "DATA", "AGE"]
        case "deployments":
            ["NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE"] + (wide ? ["CONTAINERS", "IMAGES", "SELECTOR"] : [])
        case "daemonsets":
            ["NAME", "DESIRED", "CURRENT", "READY", "UP-TO-DATE", "AVAILABLE", "NODE SELECTOR", "AGE"]
                + (wide ? ["CONTAINERS", "IMAGES", "SELECTOR"] : [])
        case "replicasets": ["NAME", "DESIRED", "CURRENT", "READY", "AGE"] + (wide ? ["CONTAINERS", "IMAGES", "SELECTOR"] : [])
        case "events":
            ["LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"]
                + (wide ? ["SUBOBJECT", "SOURCE", "FIRST SEEN", "COUNT", "NAME"] : [])
        default: ["NAME", "AGE"]
        }
    }

    /// The row of one object, NAME first (events have no NAME column first).
    func row(_ object: ServerObject, wide: Bool) -> [String] {
        let body = object.body
        let created = age(object.creation)
        let name = object.name
        switch object.type.plural {
        case "nodes":
            let ready = body.at("status.conditions")?.items.first { $0.string("type") == "Ready" }
            var status = ready?.string("status") == "True" ? "Ready" : ready == nil ? "Unknown" : "NotReady"
            if body.at("spec.unschedulable") == .bool(true) { status += ",SchedulingDisabled" }
            let roles = object.labels.compactMap { key, _ -> String? in
                key.hasPrefix("node-role.kubernetes.io/") ? String(key.dropFirst("node-role.kubernetes.io/".count)) : nil
            }.filter { !$0.isEmpty }.sorted()
            var cells = [
                name, status, roles.isEmpty ? "<none>" : roles.joined(separator: ","), created,
                body.string("status.nodeInfo.kubeletVersion") ?? "",
            ]
            if wide {
                let addresses = body.at("status.addresses")?.items ?? []
                func address(_ type: String) -> String {
                    addresses.first { $0.string("type") == type }?.string("address") ?? "<none>"
                }
                func info(_ key: String) -> String {
                    let value = body.string("status.nodeInfo." + key) ?? ""
                    return value.isEmpty ? "<unknown>" : value
                }
                cells += [
                    address("InternalIP"), address("ExternalIP"), info("osImage"), info("kernelVersion"),
                    info("containerRuntimeVersion"),
                ]
            }
            return cells
        case "pods":
            let statuses = body.at("status.containerStatuses")?.items ?? []
            let total = body.at("spec.containers")?.items.count ?? 0
            let ready = statuses.filter { $0["ready"] == .bool(true) }.count
            let restarts = statuses.reduce(0) { total, status in
                if case .int(let count) = status["restartCount"] { return total + count }
                return total
            }
            var cells = [name, "\(ready)/\(total)", body.string("status.phase") ?? "Pending", String(restarts), created]
            if wide {
                cells += [body.string("status.podIP") ?? "<none>", body.string("spec.nodeName") ?? "<none>", "<none>", "<none>"]
            }
            return cells
        case "leases": return [name, body.string("spec.holderIdentity") ?? "", created]
        case "namespaces": return [name, body.string("status.phase") ?? "", created]
        case "services":
            let ports = (body.at("spec.ports")?.items ?? []).map { port -> String in
                "\(port["port"]?.text ?? "")/\(port.string("protocol") ?? "TCP")"
            }
            let selector = body.at("spec.selector")?.stringMap.map { "\($0.0)=\($0.1)" }.joined(separator: ",") ?? ""
            var cells = [
                name, body.string("spec.type") ?? "ClusterIP", body.string("spec.clusterIP") ?? "<none>", "<none>",
                ports.isEmpty ? "<none>" : ports.joined(separator: ","), created,
            ]
            if wide { cells.append(selector.isEmpty ? "<none>" : selector) }
            return cells
        case "endpoints": return [name, Self.formatEndpoints(body), created]
        case "configmaps": return [name, String(body["data"]?.fields.count ?? 0), created]
        case "secrets":
            return [name, body.string("type") ?? "Opaque", String(body["data"]?.fields.count ?? 0), created]
        case "deployments":
            func count(_ key: String) -> String {
                if case .int(let number) = body.at("status." + key) { return String(number) }
                return "0"
            }
            let desired = body.at("spec.replicas")?.text ?? "1"
            var cells = [
                name, "\(count("readyReplicas"))/\(desired)", count("updatedReplicas"), count("availableReplicas"), created,
            ]
            if wide {
                let containers = body.at("spec.template.spec.containers")?.items ?? []
                let selector = body.at("spec.selector.matchLabels")?.stringMap.map { "\($0.0)=\($0.1)" } ?? []
                cells += [
                    containers.compactMap { $0.string("name") }.joined(separator: ","),
                    containers.compactMap { $0.string("image") }.joined(separator: ","),
                    selector.isEmpty ? "<none>" : selector.joined(separator: ","),
                ]
            }
            return cells
        case "daemonsets", "replicasets":
            func count(_ key: String) -> String { body.at("status." + key)?.text ?? "0" }
            var cells: [String]
            if object.type.plural == "daemonsets" {
                let selector = body.at("spec.template.spec.nodeSelector")?.stringMap.map { "\($0.0)=\($0.1)" } ?? []
                cells = [
                    name, count("desiredNumberScheduled"), count("currentNumberScheduled"), count("numberReady"),
                    count("updatedNumberScheduled"), count("numberAvailable"),
                    selector.isEmpty ? "<none>" : selector.joined(separator: ","), created,
                ]
            } else {
                cells = [name, body.at("spec.replicas")?.text ?? "0", count("replicas"), count("readyReplicas"), created]
            }
            if wide {
                let containers = body.at("spec.template.spec.containers")?.items ?? []
                let selector = body.at("spec.selector.matchLabels")?.stringMap.map { "\($0.0)=\($0.1)" } ?? []
                cells += [
                    containers.compactMap { $0.string("name") }.joined(separator: ","),
                    containers.compactMap { $0.string("image") }.joined(separator: ","),
                    selector.isEmpty ? "<none>" : selector.joined(separator: ","),
                ]
            }
            return cells
        case "events":
            let involved = body["involvedObject"] ?? .object([])
            let kind = (involved.string("kind") ?? "").lowercased()
            var cells = [
                age(body.string("lastTimestamp") ?? object.creation), body.string("type") ?? "", body.string("reason") ?? "",
                "\(kind)/\(involved.string("name") ?? "")", body.string("message") ?? "",
            ]
            if wide {
                cells += [
                    involved.string("fieldPath") ?? "", body.string("source.component") ?? "",
                    age(body.string("firstTimestamp") ?? object.creation), body["count"]?.text ?? "1", name,
                ]
            }
            return cells
        default: return [name, created]
        }
    }

    /// kubectl's formatEndpoints: up to three `ip:port`, then ` + N more...`.
    static func formatEndpoints(_ body: ObjectValue) -> String {
        let subsets = body["subsets"]?.items ?? []
        guard !subsets.isEmpty else { return "<none>" }
        var list: [String] = []
        var count = 0
        var more = false
        for subset in subsets {
            let addresses = (subset["addresses"]?.items ?? []).compactMap { $0.string("ip") }
            let ports = subset["ports"]?.items ?? []
            if ports.isEmpty {
                count += addresses.count
                for address in addresses {
                    if list.count == 3 {
                        more = true
                        break
                    }
                    list.append(address)
                }
                continue
            }
            for port in ports {
                count += addresses.count
                for address in addresses {
                    if list.count == 3 {
                        more = true
                        break
                    }
                    list.append("\(address):\(port["port"]?.text ?? "")")
                }
            }
        }
        let joined = list.joined(separator: ",")
        return more ? "\(joined) + \(count - 3) more..." : joined
    }
}
