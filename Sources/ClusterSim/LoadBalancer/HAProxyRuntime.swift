/// A running HAProxy on a load-balancer node: the configuration it read when it (re)started and
/// the health of its servers, advanced by the cluster's clock.
public struct HAProxyRuntime: Sendable, Hashable, Codable {
    public static let configPath = "/etc/haproxy/haproxy.cfg"

    /// The configuration as read at the last start or reload; later edits change nothing.
    public var config: HAProxyConfig
    public var health: HAProxyHealth
    /// Next server index per backend for `balance roundrobin`.
    var cursor: [String: Int] = [:]

    /// What a health check found, with the words HAProxy logs for it.
    struct CheckOutcome {
        var passed: Bool
        /// `Layer4 connection problem, info: "Connection refused"`, `Layer7 check passed, code: 200` ...
        var reason: String
        var durationMs: Int
    }

    /// Where the frontend that accepts `port` sends a new connection.
    public enum Route: Sendable, Hashable, Codable {
        /// No frontend binds that port: the connection is refused.
        case refused
        /// A frontend accepts but its backend has no server UP: HAProxy closes the connection.
        case noServer(backend: String)
        /// The chosen server.
        case server(backend: String, name: String, address: String, port: Int)
    }
}

extension Cluster {
    /// A configuration text and the host names that resolve: all `haproxy -c` depends on.
    private struct ConfigKey: Hashable, Sendable {
        var text: String
        var hosts: [String]
    }

    /// Checked configurations: every cluster of a shape starts its load balancers from the same text.
    private static let checkedConfigs = ParseCache<ConfigKey, HAProxyCheck>(limit: 256)

    /// Reads the HAProxy configuration on a node; nil with HAProxy's alerts when it cannot start.
    func loadHAProxyConfig(on nodeName: String) -> Result<HAProxyConfig, HAProxyCheckFailure> {
        guard let node = node(named: nodeName) else { return .failure(HAProxyCheckFailure(messages: [])) }
        guard let text = node.files.read(HAProxyRuntime.configPath).success else {
            return .failure(
                HAProxyCheckFailure(messages: [
                    HAProxyMessage(
                        .alert,
                        "Cannot open configuration file/directory \(HAProxyRuntime.configPath) : No such file or directory")
                ]))
        }
        let check = Self.checkedConfigs.value(for: ConfigKey(text: text, hosts: nodes.map(\.name))) { key in
            let names = Set(key.hosts + ["localhost"])
            return HAProxyCheck.run(files: [(HAProxyRuntime.configPath, key.text)]) { names.contains($0) }
        }
        guard check.outcome == .valid else {
            return .failure(HAProxyCheckFailure(messages: check.messages.filter { $0.level == .alert }))
        }
        return .success(check.config)
    }

    /// Starts (or restarts) the HAProxy process of a node from its configuration file.
    @discardableResult
    mutating func startHAProxy(on nodeName: String) -> Bool {
        switch loadHAProxyConfig(on: nodeName) {
        case .success(let config):
            loadBalancers[nodeName] = HAProxyRuntime(
                config: config, health: HAProxyHealth(config: config, startMs: now.milliseconds))
            return true
        case .failure(let failure):
            loadBalancers[nodeName] = nil
            for message in failure.messages { recordHAProxy(nodeName, message) }
            return false
        }
    }

    /// Starts the runtime of every load balancer whose haproxy unit is active (cluster build).
    mutating func startLoadBalancers() {
        for node in nodes where node.units["haproxy"] == .active {
            if !startHAProxy(on: node.name) { updateNode(node.name) { $0.units["haproxy"] = .failed } }
        }
    }

    mutating func recordHAProxy(_ nodeName: String, _ message: HAProxyMessage) {
        var label = "[\(message.level.rawValue)]"
        while label.count < 11 { label += " " }
        let pid = node(named: nodeName)?.unitRecords["haproxy"]?.mainPID ?? 0
        record("haproxy/\(nodeName)", "\(label)(\(pid)) : \(message.text)")
    }

    /// Runs every load balancer's health checks due up to `time`, against the world as it is now.
    /// What one health check probes; servers that share it share its outcome.
    private struct CheckTarget: Hashable {
        var address: String
        var port: Int
        var kind: HAProxyConfig.CheckKind
    }

    mutating func advanceLoadBalancers(to time: SimTime) {
        for name in loadBalancers.keys.sorted() {
            guard var runtime = loadBalancers[name], let balancer = node(named: name) else { continue }
            // Each target is checked once per call (the world stands still during it), and only
            // when a check falls due: most calls pass no check time at all.
            var outcomes: [CheckTarget: HAProxyRuntime.CheckOutcome] = [:]
            let servers = runtime.health.servers
            let config = runtime.config
            func outcome(_ key: CheckTarget) -> HAProxyRuntime.CheckOutcome? {
                if let known = outcomes[key] { return known }
                guard
                    let server = servers.first(where: {
                        $0.address == key.address && $0.checkPort == key.port && $0.check == key.kind
                    })
                else { return nil }
                var tcpCheck = false
                if case .tcp? = config.backend(named: server.backend)?.checkOption { tcpCheck = true }
                let checked = healthCheck(
                    from: balancer, address: key.address, port: key.port, kind: key.kind, tcpCheckRule: tcpCheck)
                outcomes[key] = checked
                return checked
            }
            var states = Dictionary(
                runtime.health.servers.map { ("\($0.backend)/\($0.name)", $0.state) }, uniquingKeysWith: { a, _ in a })
            let transitions = runtime.health.advance(to: time.milliseconds) { address, port, kind in
                outcome(CheckTarget(address: address, port: port, kind: kind))?.passed ?? false
            }
            loadBalancers[name] = runtime
            for transition in transitions {
                states["\(transition.backend)/\(transition.server)"] = transition.state
                guard
                    let server = runtime.health.servers.first(where: {
                        $0.backend == transition.backend && $0.name == transition.server
                    }), let kind = server.check, let port = server.checkPort,
                    let outcome = outcome(CheckTarget(address: server.address, port: port, kind: kind))
                else { continue }
                let up = runtime.health.servers.filter {
                    $0.backend == transition.backend && states["\($0.backend)/\($0.name)"] == .up
                }.count
                let at = SimTime(milliseconds: transition.atMs)
                let head =
                    "Server \(transition.backend)/\(transition.server) is \(transition.state.rawValue), reason: "
                    + "\(outcome.reason), check duration: \(outcome.durationMs)ms. "
                let pid = node(named: name)?.unitRecords["haproxy"]?.pid(at: at) ?? 0
                if transition.state == .down {
                    record(
                        "haproxy/\(name)",
                        "[WARNING]  (\(pid)) : " + head
                            + "\(up) active and 0 backup servers left. 0 sessions active, 0 requeued, 0 remaining in queue.",
                        at: at)
                    if up == 0 {
                        record(
                            "haproxy/\(name)", "[ALERT]    (\(pid)) : backend '\(transition.backend)' has no server available!",
                            at: at)
                    }
                } else {
                    record(
                        "haproxy/\(name)",
                        "[WARNING]  (\(pid)) : " + head
                            + "\(up) active and 0 backup servers online. 0 sessions requeued, 0 total in queue.",
                        at: at)
                }
            }
        }
    }

    /// One health check from the load balancer to `address:port`, as the model answers it.
    func healthCheck(
        from balancer: Node, address: String, port: Int, kind: HAProxyConfig.CheckKind, tcpCheckRule: Bool
    ) -> HAProxyRuntime.CheckOutcome {
        let target = ["127.0.0.1", "localhost"].contains(address) ? balancer : node(resolving: address)
        guard let target else {
            return HAProxyRuntime.CheckOutcome(passed: false, reason: "Layer4 timeout", durationMs: 2001)
        }
        switch connectivity(from: balancer.name, to: target.name, port: port) {
        case .open: break
        case .timeout:
            // No answer to the SYN: the check gives up after `timeout check` (default: inter).
            return HAProxyRuntime.CheckOutcome(passed: false, reason: "Layer4 timeout", durationMs: 2001)
        case .refused:
            return HAProxyRuntime.CheckOutcome(
                passed: false, reason: "Layer4 connection problem, info: \"Connection refused\"", durationMs: 0)
        }
        let status = apiServerStatus(node: target.name)
        guard port == 6443, target.role == .controlPlane, status.listening else {
            let step = tcpCheckRule ? " at initial connection step of tcp-check" : ""
            return HAProxyRuntime.CheckOutcome(
                passed: false, reason: "Layer4 connection problem, info: \"Connection refused\(step)\"", durationMs: 0)
        }
        switch kind {
        case .tcp(let ssl):
            return HAProxyRuntime.CheckOutcome(
                passed: true, reason: ssl ? "Layer6 check passed" : "Layer4 check passed", durationMs: ssl ? 2 : 0)
        case .sslHello:
            return HAProxyRuntime.CheckOutcome(passed: true, reason: "Layer6 check passed", durationMs: 1)
        case .http(_, let path, let expect, let ssl):
            let code: Int
            if !ssl {
                code = 400
            } else {
                code = apiServerAnswer(status, path: path).code
            }
            let passed = expect.map { $0.contains(code) } ?? (200..<400).contains(code)
            let reason =
                passed
                ? "Layer7 check passed, code: \(code)"
                : "Layer7 wrong status, code: \(code), info: \"\(HTTPStatus.reason(code))\""
            return HAProxyRuntime.CheckOutcome(passed: passed, reason: reason, durationMs: ssl ? 3 : 1)
        }
    }

    /// The status code an anonymous request for `path` gets from an API server.
    func apiServerAnswer(_ status: APIServerStatus, path: String) -> (code: Int, endpoint: APIServerStatus.Endpoint?) {
        let bare = String(path.prefix { $0 != "?" })
        if let endpoint = APIServerStatus.Endpoint(rawValue: String(bare.dropFirst())), bare.hasPrefix("/") {
            return (status.passes(endpoint) ? 200 : 500, endpoint)
        }
        return (bare == "/version" ? 200 : 403, nil)
    }

    /// Where HAProxy on `nodeName` sends a new connection to `port`; advances round-robin.
    public mutating func routeThroughHAProxy(on nodeName: String, port: Int) -> HAProxyRuntime.Route {
        guard var runtime = loadBalancers[nodeName] else { return .refused }
        guard
            let frontend = runtime.config.frontends.first(where: { proxy in
                proxy.binds.contains { $0.port == port }
            })
        else { return .refused }
        let backendName =
            frontend.kind == .listen ? frontend.name : (frontend.defaultBackend ?? frontend.useBackends.first?.name ?? "")
        guard let backend = runtime.config.backend(named: backendName) else { return .noServer(backend: backendName) }
        let available = runtime.health.available(backend: backend.name)
        guard !available.isEmpty else { return .noServer(backend: backend.name) }
        var chosen = available[0]
        if backend.balance != "first" {
            let index = (runtime.cursor[backend.name] ?? 0) % available.count
            chosen = available[index]
            runtime.cursor[backend.name] = index + 1
            loadBalancers[nodeName] = runtime
        }
        let serverPort = backend.servers.first { $0.name == chosen.name }?.port ?? port
        // A server its last check still counts UP may have dropped off the network since: HAProxy's
        // connection attempts time out and the client's connection is closed.
        let loopback = ["127.0.0.1", "localhost"].contains(chosen.address)
        if let target = loopback ? node(named: nodeName) : node(resolving: chosen.address),
            connectivity(from: nodeName, to: target.name, port: serverPort) != .open
        {
            return .noServer(backend: backend.name)
        }
        return .server(backend: backend.name, name: chosen.name, address: chosen.address, port: serverPort)
    }
}

/// HAProxy refused its configuration: the alerts it printed.
struct HAProxyCheckFailure: Error {
    var messages: [HAProxyMessage]
}

/// Reason phrases of the HTTP status codes the model produces.
public enum HTTPStatus {
    public static func reason(_ code: Int) -> String {
        switch code {
        case 200: "OK"
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 500: "Internal Server Error"
        case 503: "Service Unavailable"
        default: "Unknown"
        }
    }
}
