import ClusterSim
import Shell

/// A probed value: one text (nil when missing), a fact read from the model, or a list of items.
enum ProbeValue: CustomStringConvertible {
    case text(String?)
    /// A value read from the model rather than a file: shown as it is.
    case fact(String?)
    case list([String])

    var description: String {
        switch self {
        case .text(let text): text.map { $0.isEmpty ? "an empty file" : "\"\($0)\"" } ?? "nothing (the file does not exist)"
        case .fact(let value): value ?? "none"
        case .list(let items): items.isEmpty ? "nothing" : items.joined(separator: "; ")
        }
    }
}

/// Reads what a probe names from a cluster and the learner's shell.
struct ProbeReader {
    let cluster: Cluster
    let shell: ShellState
    let values: [String: String]

    func read(_ probe: Probe) -> ProbeValue {
        func setting(_ name: String) -> String { probe.setting(name, values) ?? "" }
        let field = setting("field")
        switch probe.kind {
        case "file":
            return file(
                host: setting("host"), path: setting("path"), yaml: probe.setting("yaml", values),
                document: Int(setting("document")) ?? 0)
        case "answer":
            guard case .text(let text?) = file(host: setting("host"), path: setting("path"), yaml: nil, document: 0)
            else { return .text(nil) }
            return .text(text.split(separator: "\n").map { $0.trimmed() }.filter { !$0.isEmpty }.joined(separator: "\n"))
        case "history":
            let name = setting("command")
            let host = probe.setting("host", values)
            return .list(
                shell.invocations.filter { $0.argv.first == name && (host == nil || $0.host == host) }
                    .map(HistoryNormalizer.normalize))
        case "etcd": return etcd(field, member: probe.setting("member", values))
        case "node": return node(setting("name"), field)
        case "unit":
            guard let node = cluster.node(named: setting("host")), let state = node.units[setting("unit")] else {
                return .fact(nil)
            }
            return .fact(field == "enabled" ? String(node.unitRecords[setting("unit")]?.enabled ?? true) : state.rawValue)
        case "static-pod": return staticPod(host: setting("host"), component: setting("component"), field, probe)
        case "apiserver":
            guard cluster.node(named: setting("host")) != nil else { return .fact(nil) }
            let status = cluster.apiServerStatus(node: setting("host"))
            guard status.listening else { return .fact(nil) }
            let endpoint: APIServerStatus.Endpoint = field == "livez" ? .livez : .readyz
            let failing = status.checks(endpoint).filter { !$0.passed }.map(\.name)
            return failing.isEmpty ? .fact("ok") : .list(failing)
        case "lb": return loadBalancer(host: setting("host"), backend: probe.setting("backend", values), field)
        case "lease":
            guard let lease = cluster.lease(setting("name")) else { return .fact(nil) }
            switch field {
            case "holder": return .fact(lease.holderNode)
            case "identity": return .fact(lease.holderIdentity)
            case "duration": return .fact(String(lease.leaseDurationSeconds))
            default: return .fact(String(lease.leaseTransitions))
            }
        case "kube-object":
            var words = ["get", setting("kind")]
            if let name = probe.setting("name", values) { words.append(name) }
            if let namespace = probe.setting("namespace", values) { words += ["-n", namespace] }
            return .fact(adminKubectl(words + ["-o=jsonpath=" + setting("jsonpath")]))
        case "run":
            guard let result = run(setting("command"), on: setting("host")) else { return .fact(nil) }
            switch field {
            case "stderr": return .text(result.stderr)
            case "status": return .fact(String(result.status))
            default: return .text(result.stdout)
            }
        default: return .fact(nil)
        }
    }

    /// The first powered control plane: where the admin kubeconfig lives.
    var adminHost: String? {
        cluster.nodes.first { $0.role == .controlPlane && $0.powered }?.name
    }

    /// What `kubectl ARGS` prints as the admin on the first powered control plane; nil when it fails.
    func adminKubectl(_ arguments: [String]) -> String? {
        let words = ["kubectl", "--kubeconfig", "/etc/kubernetes/admin.conf"] + arguments
        guard let host = adminHost, let result = run(words.map(Self.quoted).joined(separator: " "), on: host),
            result.status == 0
        else { return nil }
        return result.stdout
    }

    static func quoted(_ word: String) -> String { "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'" }

    /// Runs a command text on a copy of the cluster; nil when the host does not exist.
    func run(_ command: String, on host: String) -> (stdout: String, stderr: String, status: Int32)? {
        guard cluster.node(named: host) != nil else { return nil }
        var fork = cluster
        var state = ShellState(host: host)
        let result = Shell.run(command, state: &state, cluster: &fork)
        return (result.stdout, result.stderr, result.status)
    }

    func file(host: String, path: String, yaml: String?, document: Int) -> ProbeValue {
        let resolved = FileSystem.resolve(path)
        guard case .success(let text)? = cluster.node(named: host)?.files.read(resolved) else { return .text(nil) }
        guard let yaml else { return .text(text.trimmed()) }
        let documents = text.components(separatedBy: "\n---").map { $0.hasPrefix("---") ? String($0.dropFirst(3)) : $0 }
        guard documents.indices.contains(document), case .success(let tree) = YAMLTree.parse(documents[document]) else {
            return .fact(nil)
        }
        return YAMLPath.lookup(yaml, in: tree)
    }

    func etcd(_ field: String, member name: String?) -> ProbeValue {
        let etcd = cluster.etcd
        if let name {
            guard let member = etcd.member(named: name) ?? etcd.member(onNode: name) else { return .fact(nil) }
            switch field {
            case "running": return .fact(String(member.running))
            case "id": return .fact(member.hexID)
            case "peer-url": return .fact(member.peerURLs.first)
            case "client-url": return .fact(member.clientURLs.first)
            case "learner": return .fact(String(member.isLearner))
            case "data-dir": return .fact(cluster.node(named: member.node).flatMap(cluster.etcdHostDataDir(on:)))
            case "leader": return .fact(String(etcd.leaderID == member.id))
            default: break
            }
        }
        switch field {
        case "quorum": return .fact(String(etcd.hasQuorum && etcd.leader != nil))
        case "leader": return .fact(etcd.leader?.name)
        case "leader-node": return .fact(etcd.leader?.node)
        case "members": return .fact(String(etcd.members.count))
        case "voting": return .fact(String(etcd.voters.count))
        case "learners": return .list(etcd.members.filter(\.isLearner).map(\.name))
        case "names": return .list(etcd.members.map(\.name))
        case "running": return .fact(String(etcd.members.filter(\.running).count))
        case "healthy":
            let healthy = etcd.hasQuorum && etcd.leader != nil ? etcd.members.filter { $0.running && !$0.isolated }.count : 0
            return .fact(String(healthy))
        case "alarms": return .list(etcd.alarms.values.sorted())
        case "cluster-id": return .fact(String(etcd.clusterID, radix: 16))
        case "revision": return .fact(String(etcd.revision))
        case "db-size": return .fact(String(etcd.members.map(\.dbSize).max() ?? 0))
        default: return .fact(nil)
        }
    }

    func node(_ name: String, _ field: String) -> ProbeValue {
        guard let node = cluster.node(named: name) else { return .fact(nil) }
        switch field {
        case "powered": return .fact(String(node.powered))
        case "kubelet": return .fact(node.units["kubelet"]?.rawValue)
        case "ready":
            let status = adminKubectl([
                "get", "node", name, "-o=jsonpath={.status.conditions[?(@.type==\"Ready\")].status}",
            ])
            return .fact(status == "True" ? "Ready" : status == "False" ? "NotReady" : "Unknown")
        default:
            guard let unschedulable = adminKubectl(["get", "node", name, "-o=jsonpath={.spec.unschedulable}"]) else {
                return .fact(nil)
            }
            return .fact(unschedulable == "true" ? "false" : "true")
        }
    }

    func staticPod(host: String, component: String, _ field: String, _ probe: Probe) -> ProbeValue {
        guard let node = cluster.node(named: host) else { return .fact(nil) }
        let running = node.staticPods.first { $0.value.pod.name == component }
        switch field {
        case "running": return .fact(String(running != nil))
        case "manifest":
            let names = node.files.list(Kubelet.manifestDirectory).success ?? []
            let path = names.filter { !$0.hasPrefix(".") }.map { Kubelet.manifestDirectory + "/" + $0 }.first { path in
                guard let text = node.files.read(path).success, case .success(let pod) = StaticPod.parse(text, path: path)
                else { return false }
                return pod.name == component
            }
            return .fact(path)
        case "flag":
            guard let pod = running?.value.pod else { return .fact(nil) }
            let name = probe.setting("flag", values) ?? ""
            let dashed = name.hasPrefix("--") ? name : "--" + name
            if pod.command.contains(dashed) { return .fact("true") }
            return .fact(pod.flag(String(dashed.dropFirst(2))))
        case "volume":
            return .fact(running?.value.pod.hostPaths[probe.setting("volume", values) ?? ""])
        default: return .fact(running?.value.pod.image)
        }
    }

    func loadBalancer(host: String, backend: String?, _ field: String) -> ProbeValue {
        guard let runtime = cluster.loadBalancers[host] else {
            return field == "running" ? .fact("false") : field == "check" ? .fact(nil) : .list([])
        }
        let proxies = runtime.config.proxies.filter { !$0.servers.isEmpty && (backend == nil || $0.name == backend) }
        func address(_ server: HAProxyConfig.Server) -> String { server.address + (server.port.map { ":\($0)" } ?? "") }
        switch field {
        case "running": return .fact("true")
        case "servers": return .list(proxies.flatMap { $0.servers.map(address) })
        case "up":
            return .list(
                proxies.flatMap { proxy in
                    proxy.servers.filter { runtime.health.state(backend: proxy.name, server: $0.name) != .down }.map(address)
                })
        default:
            guard let proxy = proxies.first, let server = proxy.servers.first else { return .fact(nil) }
            guard server.check else { return .fact("none") }
            switch proxy.check {
            case .tcp(let ssl): return .fact(ssl || server.checkSSL ? "tcp-ssl" : "tcp")
            case .sslHello: return .fact("ssl-hello")
            case .http(let method, let path, let expect, let ssl):
                var text = "\(method) \(path)"
                if ssl || server.checkSSL { text += " https" }
                if let expect { text += " expect " + expect.map(String.init).joined(separator: ",") }
                return .fact(text)
            }
        }
    }
}

/// A dotted path into a YAML document: `spec.containers[0].command`, `etcd.local.dataDir`.
/// A sequence or mapping found at the end reads as a list of its scalar items.
enum YAMLPath {
    static func lookup(_ path: String, in tree: YAMLTree) -> ProbeValue {
        var current = tree
        // Bounded by the path's length.
        for part in path.split(separator: ".") {
            var name = Substring(part)
            var indices: [Int] = []
            while name.hasSuffix("]"), let open = name.lastIndex(of: "[") {
                guard let index = Int(name[name.index(after: open)..<name.index(before: name.endIndex)]) else {
                    return .fact(nil)
                }
                indices.insert(index, at: 0)
                name = name[..<open]
            }
            if !name.isEmpty {
                guard let next = current[String(name)] else { return .fact(nil) }
                current = next
            }
            for index in indices {
                guard let items = current.items, items.indices.contains(index) else { return .fact(nil) }
                current = items[index]
            }
        }
        switch current {
        case .null: return .fact(nil)
        case .scalar(let text): return .fact(text)
        case .sequence(let items): return .list(items.compactMap(\.string))
        case .mapping(let entries): return .list(entries.map { "\($0.key)=\($0.value.string ?? "")" })
        }
    }
}
