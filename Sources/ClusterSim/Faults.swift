/// Things that go wrong, as scenario setup, graders and the sandbox inject them. Each fault
/// acts on the files and processes the way the real event would; the model reacts as usual.
public enum Fault: Sendable, Hashable, Codable {
    case stopUnit(node: String, unit: String)
    case startUnit(node: String, unit: String)
    /// Moves `/etc/kubernetes/manifests/<component>.yaml` to `/root/<component>.yaml`.
    case moveManifest(node: String, component: String)
    case restoreManifest(node: String, component: String)
    /// Breaks the manifest's YAML so the kubelet refuses it.
    case corruptManifest(node: String, component: String)
    /// The etcd process of the member on `node` dies (its pod or unit stops).
    case killEtcd(node: String)
    /// Deletes the etcd data directory (`/var/lib/etcd/member`) on `node`.
    case wipeEtcdData(node: String)
    case powerOff(node: String)
    case powerOn(node: String)
    /// Splits the network: the listed nodes can reach each other but not the rest.
    case partition(nodes: [String])
    case heal
    /// Fills etcd's backend by `bytes` on every running member.
    case fillEtcd(bytes: Int64)
    /// `iptables -A INPUT -p tcp --dport PORT -j DROP` on the node: connections to the port time out.
    case dropPort(node: String, port: Int)
    /// Moves a certificate's notAfter a day into the past; `certificate` names a file under the
    /// node's PKI directory without `.crt` (`apiserver`, `etcd/server`) or an absolute path.
    case expireCertificate(node: String, certificate: String)
    /// Every fsync on the node's disk takes this long (a slow or overloaded disk under etcd).
    case fsyncLatency(node: String, milliseconds: Int64)
    case advance(milliseconds: Int64)

    /// Every fault's name and arguments, for `:fault` help and parsing.
    public static let usage: [(name: String, arguments: String, summary: String)] = [
        ("stop-unit", "NODE UNIT", "systemctl stop UNIT on NODE"),
        ("start-unit", "NODE UNIT", "systemctl start UNIT on NODE"),
        ("move-manifest", "NODE COMPONENT", "move a static pod manifest to /root (etcd, kube-apiserver, ...)"),
        ("restore-manifest", "NODE COMPONENT", "move it back from /root"),
        ("corrupt-manifest", "NODE COMPONENT", "break the manifest's YAML"),
        ("kill-etcd", "NODE", "the etcd process on NODE dies"),
        ("wipe-etcd-data", "NODE", "delete /var/lib/etcd/member on NODE"),
        ("power-off", "NODE", "the machine loses power"),
        ("power-on", "NODE", "the machine boots again"),
        ("partition", "NODE[,NODE...]", "these nodes can reach only each other"),
        ("heal", "", "the network is whole again"),
        ("fill-etcd", "BYTES", "grow every running member's database"),
        ("drop-port", "NODE PORT", "iptables DROP of tcp PORT on NODE (2379, 2380, 6443 ...)"),
        ("expire-cert", "NODE CERT", "CERT expired a day ago (apiserver, etcd/server, /etc/etcd/pki/peer.crt ...)"),
        ("fsync-latency", "NODE MS", "every fsync on NODE's disk takes MS milliseconds (1 restores a fast disk)"),
        ("advance", "DURATION", "let time pass (5s, 2m, 1h)"),
    ]

    /// Parses `NAME ARGS...` as typed after `:fault`.
    public static func parse(_ words: [String]) -> Result<Fault, FaultError> {
        guard let name = words.first else { return .failure(.usage) }
        let args = Array(words.dropFirst())
        func need(_ count: Int) -> Bool { args.count == count }
        switch name {
        case "stop-unit" where need(2): return .success(.stopUnit(node: args[0], unit: args[1]))
        case "start-unit" where need(2): return .success(.startUnit(node: args[0], unit: args[1]))
        case "move-manifest" where need(2): return .success(.moveManifest(node: args[0], component: args[1]))
        case "restore-manifest" where need(2): return .success(.restoreManifest(node: args[0], component: args[1]))
        case "corrupt-manifest" where need(2): return .success(.corruptManifest(node: args[0], component: args[1]))
        case "kill-etcd" where need(1): return .success(.killEtcd(node: args[0]))
        case "wipe-etcd-data" where need(1): return .success(.wipeEtcdData(node: args[0]))
        case "power-off" where need(1): return .success(.powerOff(node: args[0]))
        case "power-on" where need(1): return .success(.powerOn(node: args[0]))
        case "partition" where need(1):
            return .success(.partition(nodes: args[0].split(separator: ",").map(String.init)))
        case "heal" where need(0): return .success(.heal)
        case "fill-etcd" where need(1):
            guard let bytes = Int64(args[0]), bytes > 0, bytes < 1 << 40 else { return .failure(.badArgument(args[0])) }
            return .success(.fillEtcd(bytes: bytes))
        case "drop-port" where need(2):
            guard let port = Int(args[1]), (1...65_535).contains(port) else { return .failure(.badArgument(args[1])) }
            return .success(.dropPort(node: args[0], port: port))
        case "expire-cert" where need(2):
            guard !args[1].isEmpty else { return .failure(.badArgument(args[1])) }
            return .success(.expireCertificate(node: args[0], certificate: args[1]))
        case "fsync-latency" where need(2):
            let text = args[1].hasSuffix("ms") ? String(args[1].dropLast(2)) : args[1]
            guard let milliseconds = Int64(text), (1...600_000).contains(milliseconds) else {
                return .failure(.badArgument(args[1]))
            }
            return .success(.fsyncLatency(node: args[0], milliseconds: milliseconds))
        case "advance" where need(1):
            guard let milliseconds = GoDuration.milliseconds(args[0]), milliseconds >= 0, milliseconds < 400 * 86_400_000
            else { return .failure(.badArgument(args[0])) }
            return .success(.advance(milliseconds: milliseconds))
        default:
            return .failure(usage.contains { $0.name == name } ? .usage : .unknown(name))
        }
    }
}

public enum FaultError: Error, Sendable, Hashable, Codable, CustomStringConvertible {
    case usage
    case unknown(String)
    case badArgument(String)
    case noSuchNode(String)
    case nothingToDo(String)

    public var description: String {
        switch self {
        case .usage: return "wrong arguments; :fault with no arguments lists the faults"
        case .unknown(let name): return "no fault named '\(name)'; :fault with no arguments lists the faults"
        case .badArgument(let text): return "cannot use '\(text)' here"
        case .noSuchNode(let name): return "no node named '\(name)'"
        case .nothingToDo(let why): return why
        }
    }
}

extension Cluster {
    /// Injects a fault. The cluster reacts as it would (elections, pods stopping, leases).
    public mutating func inject(_ fault: Fault) -> Result<Void, FaultError> {
        let result = apply(fault)
        // A lease holder that died with this fault stopped renewing now, not when the clock next moves.
        if case .success = result { reconcileLeases() }
        return result
    }

    private mutating func apply(_ fault: Fault) -> Result<Void, FaultError> {
        func check(_ name: String) -> Result<Void, FaultError> {
            node(named: name) == nil ? .failure(.noSuchNode(name)) : .success(())
        }
        let manifests = Kubelet.manifestDirectory
        switch fault {
        case .stopUnit(let name, let unit), .startUnit(let name, let unit):
            if case .failure(let error) = check(name) { return .failure(error) }
            guard node(named: name)?.units[unit] != nil else {
                return .failure(.nothingToDo("\(name) has no unit \(unit)"))
            }
            if case .stopUnit = fault { stopUnit(unit, on: name) } else { startUnit(unit, on: name) }
        case .moveManifest(let name, let component), .restoreManifest(let name, let component):
            if case .failure(let error) = check(name) { return .failure(error) }
            let live = "\(manifests)/\(component).yaml", parked = "/root/\(component).yaml"
            let (from, to) = { if case .moveManifest = fault { return (live, parked) } else { return (parked, live) } }()
            guard let text = node(named: name)?.files.read(from).success else {
                return .failure(.nothingToDo("\(name) has no \(from)"))
            }
            updateNode(name) { node in
                _ = node.files.remove(from)
                node.files.install(to, text)
            }
            record("fault", "\(from) moved to \(to) on \(name)")
        case .corruptManifest(let name, let component):
            if case .failure(let error) = check(name) { return .failure(error) }
            let path = "\(manifests)/\(component).yaml"
            guard let text = node(named: name)?.files.read(path).success else {
                return .failure(.nothingToDo("\(name) has no \(path)"))
            }
            // A tab where YAML wants spaces: the kind of slip an editor makes.
            updateNode(name) { $0.files.install(path, text.replacingOccurrences(of: "\n  containers:", with: "\n\tcontainers:")) }
            record("fault", "\(path) on \(name) no longer parses")
        case .killEtcd(let name):
            if case .failure(let error) = check(name) { return .failure(error) }
            switch spec.topology {
            case .external: stopUnit("etcd", on: name)
            case .stacked:
                guard let path = node(named: name)?.staticPods.first(where: { $0.value.pod.name == "etcd" })?.key else {
                    return .failure(.nothingToDo("etcd does not run on \(name)"))
                }
                // The container dies and the kubelet would restart it; model a lasting crash
                // by taking the manifest away, as a candidate's own mistake would.
                return apply(
                    .moveManifest(node: name, component: String(path.split(separator: "/").last?.dropLast(5) ?? "etcd")))
            case .none: return .failure(.nothingToDo("this cluster has no etcd"))
            }
        case .wipeEtcdData(let name):
            if case .failure(let error) = check(name) { return .failure(error) }
            let dir = node(named: name).flatMap(etcdHostDataDir(on:)) ?? "/var/lib/etcd"
            updateNode(name) { _ = $0.files.removeTree(dir + "/member") }
            record("fault", "\(dir)/member deleted on \(name)")
        case .powerOff(let name):
            if case .failure(let error) = check(name) { return .failure(error) }
            guard node(named: name)?.powered == true else { return .failure(.nothingToDo("\(name) is already off")) }
            let at = now
            updateNode(name) { node in
                node.powered = false
                node.staticPods = [:]
                for (unit, state) in node.units where state != .inactive {
                    node.units[unit] = .inactive
                    node.unitRecords[unit]?.since = at
                }
            }
            record("fault", "\(name) lost power")
            reconcileEtcd()
        case .powerOn(let name):
            if case .failure(let error) = check(name) { return .failure(error) }
            guard node(named: name)?.powered == false else { return .failure(.nothingToDo("\(name) is already on")) }
            updateNode(name) { $0.powered = true }
            record("fault", "\(name) boots")
            for unit in (node(named: name)?.units.keys.sorted() ?? [])
            where node(named: name)?.unitRecords[unit]?.enabled != false {
                startUnit(unit, on: name)
            }
        case .partition(let names):
            for name in names { if case .failure(let error) = check(name) { return .failure(error) } }
            partition = Set(names)
            record("fault", "network partition: \(names.sorted().joined(separator: ", ")) | the rest")
            reconcileEtcd()
        case .heal:
            guard partition != nil else { return .failure(.nothingToDo("the network is not partitioned")) }
            partition = nil
            record("fault", "network healed")
            reconcileEtcd()
        case .fillEtcd(let bytes):
            etcd.growDatabase(by: bytes)
            record("fault", "etcd databases grew by \(bytes) bytes")
        case .dropPort(let name, let port):
            if case .failure(let error) = check(name) { return .failure(error) }
            updateFirewall(on: name) { $0.append(FirewallRule(chain: "INPUT", proto: "tcp", port: port, target: .drop)) }
            record("fault", "iptables on \(name) drops tcp port \(port)")
        case .expireCertificate(let name, let certificate):
            if case .failure(let error) = check(name) { return .failure(error) }
            return expireCertificate(certificate, on: name)
        case .fsyncLatency(let name, let milliseconds):
            if case .failure(let error) = check(name) { return .failure(error) }
            record("fault", "fsync on \(name)'s disk takes \(milliseconds) ms")
            setFsyncLatency(milliseconds, on: name)
        case .advance(let milliseconds):
            advance(milliseconds: milliseconds)
        }
        return .success(())
    }

    /// Whether two nodes can talk: false across a partition or to a machine without power.
    public func reachable(_ a: String, _ b: String) -> Bool {
        guard node(named: a)?.powered != false, node(named: b)?.powered != false else { return false }
        guard let partition else { return true }
        return partition.contains(a) == partition.contains(b)
    }
}

extension Cluster {
    /// Where a certificate named by `expire-cert` lives on a node: an absolute path, else the
    /// first of the kubeadm and external-etcd PKI directories that holds `<name>.crt`.
    func certificatePath(_ name: String, on node: Node) -> String? {
        if name.hasPrefix("/") { return node.files.read(name).success == nil ? nil : name }
        let file = name.hasSuffix(".crt") ? name : name + ".crt"
        return ["/etc/kubernetes/pki/", "/etc/etcd/pki/"].map { $0 + file }.first { node.files.read($0).success != nil }
    }

    mutating func expireCertificate(_ name: String, on nodeName: String) -> Result<Void, FaultError> {
        guard let node = node(named: nodeName), let path = certificatePath(name, on: node),
            let text = node.files.read(path).success, var certificate = Certificate.parse(pem: text)
        else { return .failure(.nothingToDo("\(nodeName) has no certificate '\(name)'")) }
        certificate.notAfter = now.adding(days: -1)
        if certificate.notBefore >= certificate.notAfter { certificate.notBefore = certificate.notAfter.adding(days: -365) }
        updateNode(nodeName) { $0.files.install(path, certificate.pem) }
        record("fault", "\(path) on \(nodeName) expired a day ago")
        // Peers present their certificates on every new stream: an expired one cuts them off.
        reconcileEtcd()
        return .success(())
    }
}
