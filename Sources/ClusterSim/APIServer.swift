/// What one kube-apiserver reports about itself: whether it listens, and its health checks.
public struct APIServerStatus: Sendable, Hashable, Codable {
    /// One named check of `/livez`, `/readyz` or `/healthz`.
    public struct Check: Sendable, Hashable, Codable {
        public var name: String
        public var passed: Bool
    }

    /// Which health endpoint a list belongs to.
    public enum Endpoint: String, Sendable, Hashable, Codable, CaseIterable {
        case livez, readyz, healthz
    }

    /// The node whose API server this is.
    public var node: String
    /// Its static pod runs, so port 6443 accepts connections.
    public var listening: Bool
    /// Why the etcd checks fail, or nil when the server reaches an etcd quorum.
    public var etcdProblem: String?

    /// The checks of an endpoint, in the order a v1.31 kube-apiserver prints them.
    public func checks(_ endpoint: Endpoint) -> [Check] {
        let etcdOK = etcdProblem == nil
        var list = [Check(name: "ping", passed: true), Check(name: "log", passed: true), Check(name: "etcd", passed: etcdOK)]
        if endpoint == .readyz {
            list += [Check(name: "etcd-readiness", passed: etcdOK), Check(name: "informer-sync", passed: true)]
        }
        list += APIServerStatus.postStartHooks.map { Check(name: $0, passed: true) }
        if endpoint == .readyz { list.append(Check(name: "shutdown", passed: true)) }
        return list
    }

    /// Whether every check of the endpoint passes (HTTP 200 rather than 500).
    public func passes(_ endpoint: Endpoint) -> Bool { listening && checks(endpoint).allSatisfy(\.passed) }

    /// Live, ready: what load balancer checks and clients care about.
    public var healthy: Bool { listening && etcdProblem == nil }

    /// The post-start hooks a kubeadm v1.31 kube-apiserver registers (no encryption config,
    /// default feature gates), as its verbose health output lists them.
    static let postStartHooks = [
        "poststarthook/start-apiserver-admission-initializer", "poststarthook/generic-apiserver-start-informers",
        "poststarthook/priority-and-fairness-config-consumer", "poststarthook/priority-and-fairness-filter",
        "poststarthook/storage-object-count-tracker-hook", "poststarthook/start-apiextensions-informers",
        "poststarthook/start-apiextensions-controllers", "poststarthook/crd-informer-synced",
        "poststarthook/start-system-namespaces-controller", "poststarthook/start-cluster-authentication-info-controller",
        "poststarthook/start-kube-apiserver-identity-lease-controller",
        "poststarthook/start-kube-apiserver-identity-lease-garbage-collector",
        "poststarthook/start-legacy-token-tracking-controller", "poststarthook/start-service-ip-repair-controllers",
        "poststarthook/rbac/bootstrap-roles", "poststarthook/scheduling/bootstrap-system-priority-classes",
        "poststarthook/priority-and-fairness-config-producer", "poststarthook/bootstrap-controller",
        "poststarthook/aggregator-reload-proxy-client-cert", "poststarthook/start-kube-aggregator-informers",
        "poststarthook/apiservice-status-local-available-controller",
        "poststarthook/apiservice-status-remote-available-controller",
        "poststarthook/apiservice-registration-controller", "poststarthook/apiservice-discovery-controller",
        "poststarthook/kube-apiserver-autoregistration", "autoregister-completion",
        "poststarthook/apiservice-openapi-controller", "poststarthook/apiservice-openapiv3-controller",
    ]
}

extension Cluster {
    /// The running kube-apiserver static pod of a node, if any.
    public func apiServerPod(on nodeName: String) -> RunningStaticPod? {
        node(named: nodeName)?.staticPods.values.first { $0.pod.name == "kube-apiserver" }
    }

    /// The API server of a node as its health endpoints would describe it now.
    ///
    /// It listens while its static pod runs; its etcd checks pass when one of its
    /// `--etcd-servers` is a running member it can authenticate to, and the cluster has a leader.
    public func apiServerStatus(node nodeName: String) -> APIServerStatus {
        guard let pod = apiServerPod(on: nodeName) else {
            return APIServerStatus(node: nodeName, listening: false, etcdProblem: "not running")
        }
        return APIServerStatus(node: nodeName, listening: true, etcdProblem: etcdProblem(of: pod.pod, on: nodeName))
    }

    /// Why the API server's storage backend is unusable, or nil when it works.
    func etcdProblem(of pod: StaticPod, on nodeName: String) -> String? {
        guard let node = node(named: nodeName) else { return "no node" }
        let servers = (pod.flag("etcd-servers") ?? "").split(separator: ",").map(String.init)
        guard !servers.isEmpty else { return "no --etcd-servers" }
        func certificate(_ flag: String) -> Certificate? {
            pod.flag(flag).flatMap { node.files.read($0).success }.flatMap(Certificate.parse(pem:))
        }
        let trusted = certificate("etcd-cafile")
        let client = certificate("etcd-certfile")
        let key = pod.flag("etcd-keyfile").flatMap { node.files.read($0).success }.flatMap(PrivateKey.parse(pem:))
        var reachable = false
        for server in servers {
            guard let member = etcdMember(serving: server, from: node), member.running,
                connectivity(from: nodeName, to: member.node, port: Self.urlPort(of: server) ?? EtcdPorts.client) == .open
            else { continue }
            if server.hasPrefix("https://") {
                guard let config = etcdServerConfig(for: member), let memberNode = self.node(named: member.node) else {
                    continue
                }
                let serving = config.certFile.flatMap { memberNode.files.read($0).success }.flatMap(Certificate.parse(pem:))
                let host = Self.urlHost(of: server)
                guard let trusted, let serving, serving.isValid(at: now), serving.isSigned(by: trusted),
                    serving.covers(host: host)
                else {
                    continue
                }
                if config.clientCertAuth {
                    let clientTrust = config.trustedCAFile.flatMap { memberNode.files.read($0).success }
                        .flatMap(Certificate.parse(pem:))
                    guard let client, let key, key.keyID == client.keyID, let clientTrust, client.isSigned(by: clientTrust),
                        client.isValid(at: now), client.usages.contains(.clientAuth)
                    else { continue }
                }
            }
            reachable = true
            break
        }
        guard reachable else { return "no etcd server reachable" }
        guard etcd.hasQuorum, etcd.leaderID != nil else { return "etcd has no leader" }
        return nil
    }

    /// The member that listens on an `--etcd-servers` URL, seen from `node` (127.0.0.1 is the node itself).
    func etcdMember(serving url: String, from node: Node) -> EtcdMember? {
        let host = Self.urlHost(of: url)
        let port = Self.urlPort(of: url) ?? 2379
        guard port == 2379 else { return nil }
        let target = ["127.0.0.1", "localhost"].contains(host) ? node : self.node(resolving: host)
        guard let target else { return nil }
        return etcd.member(onNode: target.name)
    }

    static func urlHost(of url: String) -> String {
        let authority = urlAuthority(url)
        guard let colon = authority.utf8.lastIndex(of: UInt8(ascii: ":")) else { return String(authority) }
        return String(authority[..<colon])
    }

    static func urlPort(of url: String) -> Int? {
        let authority = urlAuthority(url)
        guard let colon = authority.utf8.lastIndex(of: UInt8(ascii: ":")) else { return nil }
        return Int(authority[authority.utf8.index(after: colon)...])
    }

    /// `host:port` of a URL, found on its bytes (health checks read URLs on every tick).
    private static func urlAuthority(_ url: String) -> Substring {
        var rest = Substring(url)
        let utf8 = rest.utf8
        var from = utf8.startIndex
        while let colon = utf8[from...].firstIndex(of: UInt8(ascii: ":")) {
            let after = utf8.index(after: colon)
            if utf8[after...].starts(with: "//".utf8) {
                rest = rest[utf8.index(after, offsetBy: 2)...]
                break
            }
            from = after
        }
        if let slash = rest.utf8.firstIndex(of: UInt8(ascii: "/")) { rest = rest[..<slash] }
        return rest
    }
}

extension Cluster {
    /// The command-line flags of the node's etcd process: its static pod's command (stacked) or
    /// its unit's `ExecStart` (external), whether or not it runs.
    public func etcdProcessFlags(on node: Node) -> [String] {
        if let pod = node.staticPods.values.first(where: { $0.pod.name == "etcd" }) { return pod.pod.command }
        return etcdUnitDefinition(on: node).map(SystemFiles.execStartWords) ?? []
    }
}
