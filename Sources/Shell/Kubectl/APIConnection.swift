import ClusterSim

/// Why kubectl could not talk to the API server, with the Go error text it reports.
enum APIFailure: Error, Equatable, Sendable {
    /// Nothing listens on the address (`dial tcp 10.0.1.10:6443: connect: connection refused`).
    case refused(address: String)
    /// The peer accepted and closed the connection (a load balancer without a healthy backend).
    case closed
    /// The peer accepted the connection and never answered the TLS handshake.
    case handshakeTimeout
    /// No machine answers at that address.
    case dialTimeout(address: String)
    /// The host name does not resolve.
    case noSuchHost(String)
    /// The server's certificate was refused: `certificate signed by unknown authority` ...
    case x509(String)

    /// The cause as Go's net/http and crypto/tls word it.
    var cause: String {
        switch self {
        case .refused(let address): "dial tcp \(address): connect: connection refused"
        case .closed: "EOF"
        case .handshakeTimeout: "net/http: TLS handshake timeout"
        case .dialTimeout(let address): "dial tcp \(address): i/o timeout"
        case .noSuchHost(let host): "dial tcp: lookup \(host) on 127.0.0.53:53: no such host"
        case .x509(let reason): "tls: failed to verify certificate: x509: \(reason)"
        }
    }

    /// How long one attempt takes before it fails, in milliseconds (without `--request-timeout`).
    var attemptMilliseconds: Int64 {
        switch self {
        case .refused, .noSuchHost: 1
        case .x509: 2
        case .closed, .handshakeTimeout: 10_000
        case .dialTimeout: 30_000
        }
    }
}

/// The parsed `server:` URL of a kubeconfig cluster.
struct APIServerURL: Sendable, Equatable {
    var scheme: String
    var host: String
    var port: Int

    /// `host:port` as kubectl names the server in its messages.
    var authority: String { "\(host):\(port)" }
    var base: String { "\(scheme)://\(authority)" }

    static func parse(_ raw: String) -> APIServerURL {
        var rest = Substring(raw)
        var scheme = "https"
        if let range = rest.range(of: "://") {
            scheme = String(rest[..<range.lowerBound]).lowercased()
            rest = rest[range.upperBound...]
        }
        if let slash = rest.firstIndex(of: "/") { rest = rest[..<slash] }
        var host = String(rest)
        var port = scheme == "http" ? 80 : 443
        if let colon = rest.lastIndex(of: ":"), let parsed = Int(rest[rest.index(after: colon)...]), (0...65_535).contains(parsed)
        {
            host = String(rest[..<colon])
            port = parsed
        }
        return APIServerURL(scheme: scheme, host: host, port: port)
    }
}

/// The API server that answered, and what it knows about the caller.
struct APIServerSession: Sendable {
    /// The control-plane node whose kube-apiserver serves the request.
    var node: String
    /// Whether the client presented a certificate the API server accepts.
    var authenticated: Bool
}

/// The one place that decides whether kubectl reaches an API server: name resolution, the
/// listener on the target node (a kube-apiserver static pod, or the load balancer in front of
/// them), then TLS as the client and the server see it.
enum APIConnection {
    /// What the client brings to the TLS handshake.
    struct ClientTLS: Sendable {
        var caPEM: String?
        var insecure: Bool
        var clientCertificatePEM: String?
    }

    static func open(server: APIServerURL, tls: ClientTLS, context: inout ToolContext) -> Result<APIServerSession, APIFailure> {
        let isLoopback = ["127.0.0.1", "localhost", "::1", "[::1]"].contains(server.host)
        let dialed = isLoopback ? "127.0.0.1" : server.host
        let target: Node
        if isLoopback, let here = context.node {
            target = here
        } else if let found = context.cluster.node(resolving: server.host) {
            target = found
        } else if server.host.first?.isNumber == true {
            return .failure(.dialTimeout(address: "\(server.host):\(server.port)"))
        } else {
            return .failure(.noSuchHost(server.host))
        }
        let address = "\(isLoopback ? dialed : target.ip):\(server.port)"
        switch context.cluster.connectivity(from: context.host, to: target.name, port: server.port) {
        case .open: break
        case .timeout: return .failure(.dialTimeout(address: address))
        case .refused: return .failure(.refused(address: address))
        }
        let apiServer: Node
        switch listener(on: target, port: server.port, cluster: &context.cluster) {
        case .nothing: return .failure(.refused(address: address))
        case .closesConnection: return .failure(.closed)
        case .apiServer(let node): apiServer = node
        }
        guard server.scheme == "https" else {
            // An http:// URL against the TLS port: the server answers with a 400 the client cannot use.
            return .failure(.closed)
        }
        let cluster = context.cluster
        let certificate = servingCertificate(of: apiServer)
        if !tls.insecure {
            // Go's x509 checks validity, then the host name, then the chain.
            guard let certificate else { return .failure(.x509("certificate signed by unknown authority")) }
            let now = cluster.now
            if !certificate.isValid(at: now) {
                let bound = now < certificate.notBefore ? certificate.notBefore : certificate.notAfter
                return .failure(
                    .x509(
                        "certificate has expired or is not yet valid: current time \(rfc3339(now)) is \(now < bound ? "before" : "after") \(rfc3339(bound))"
                    ))
            }
            if !certificate.covers(host: dialed) {
                if dialed.first?.isNumber == true {
                    guard !certificate.ipAddresses.isEmpty else {
                        return .failure(.x509("cannot validate certificate for \(dialed) because it doesn't contain any IP SANs"))
                    }
                    return .failure(
                        .x509("certificate is valid for \(certificate.ipAddresses.joined(separator: ", ")), not \(dialed)"))
                }
                return .failure(
                    .x509("certificate is valid for \(certificate.dnsNames.joined(separator: ", ")), not \(dialed)"))
            }
            let trusted = tls.caPEM.flatMap(Certificate.parse(pem:))
            guard let trusted, certificate.isSigned(by: trusted) else {
                return .failure(.x509("certificate signed by unknown authority"))
            }
        }
        return .success(
            APIServerSession(node: apiServer.name, authenticated: authenticates(tls.clientCertificatePEM, at: apiServer, cluster))
        )
    }

    /// What accepts a connection on one port of one node.
    enum Listener: Equatable {
        /// Nothing: the connection is refused.
        case nothing
        /// Something accepts and closes at once (a load balancer with no backend up).
        case closesConnection
        /// The API server of this control-plane node answers.
        case apiServer(Node)
    }

    static func listener(on node: Node, port: Int, cluster: inout Cluster) -> Listener {
        switch node.role {
        case .controlPlane:
            guard port == 6443, cluster.apiServerStatus(node: node.name).listening else { return .nothing }
            return .apiServer(node)
        case .loadBalancer:
            return loadBalancerBackend(node, port: port, cluster: &cluster)
        case .worker, .etcd:
            return .nothing
        }
    }

    /// The load balancer's choice of backend: HAProxy's configuration as it last read it, and the
    /// servers its health checks consider UP (round-robin unless `balance first`).
    ///
    /// A chosen server that has died since its last check cannot be connected to: HAProxy gives
    /// up after its retries and closes the client's connection, as when no server is UP.
    static func loadBalancerBackend(_ balancer: Node, port: Int, cluster: inout Cluster) -> Listener {
        switch cluster.routeThroughHAProxy(on: balancer.name, port: port) {
        case .refused: return .nothing
        case .noServer: return .closesConnection
        case .server(_, _, let address, let serverPort):
            let loopback = ["127.0.0.1", "localhost"].contains(address)
            guard let target = loopback ? balancer : cluster.node(resolving: address), target.role == .controlPlane
            else { return .closesConnection }
            guard case .apiServer(let node) = listener(on: target, port: serverPort, cluster: &cluster) else {
                return .closesConnection
            }
            return .apiServer(node)
        }
    }

    static func rfc3339(_ time: SimTime) -> String {
        let iso = time.civil.iso8601Milliseconds
        return String(iso.prefix(19)) + "Z"
    }

    static func apiServerPod(on node: Node) -> RunningStaticPod? {
        node.staticPods.values.first { $0.pod.name == "kube-apiserver" }
    }

    /// The certificate the API server presents (`--tls-cert-file` of its manifest).
    static func servingCertificate(of node: Node) -> Certificate? {
        let path = apiServerPod(on: node)?.pod.flag("tls-cert-file") ?? "/etc/kubernetes/pki/apiserver.crt"
        return node.files.read(path).success.flatMap(Certificate.parse(pem:))
    }

    /// Whether the API server's `--client-ca-file` signed a valid client certificate.
    static func authenticates(_ pem: String?, at node: Node, _ cluster: Cluster) -> Bool {
        guard let pem, let client = Certificate.parse(pem: pem) else { return false }
        let caPath = apiServerPod(on: node)?.pod.flag("client-ca-file") ?? "/etc/kubernetes/pki/ca.crt"
        guard let ca = node.files.read(caPath).success.flatMap(Certificate.parse(pem:)) else { return false }
        return client.isSigned(by: ca) && client.isValid(at: cluster.now) && client.usages.contains(.clientAuth)
    }
}
