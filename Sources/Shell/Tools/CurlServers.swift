import ClusterSim

/// What answers an HTTP(S) request in the simulated cluster: API servers (directly or through
/// HAProxy), etcd's client and metrics ports, and the controller-manager and scheduler.
enum CurlServers {
    /// An HTTP answer.
    struct Reply {
        var code: Int
        var body: String
    }

    /// How one request ended: an answer, or curl's error (exit code and message).
    enum Exchange {
        case reply(Reply)
        case failure(Int32, String)
    }

    /// One request as curl sends it.
    struct Request {
        var scheme: String
        var host: String
        var port: Int
        var path: String
        var method: String
        var insecure: Bool
        var caFile: String?
        var certFile: String?
        var keyFile: String?
    }

    /// The TLS side of a listener: its certificate, and whom it accepts as clients.
    struct TLSServer {
        var certificate: Certificate?
        /// Sends its own CA along (self-signed chains of the controller-manager and scheduler).
        var selfSigned = false
        var clientCA: Certificate?
        var requiresClientCert = false
    }

    /// What listens on a port.
    enum Listener {
        case apiServer(String)
        case etcd(EtcdMember, metrics: Bool, tls: Bool)
        case component(String)
        case closes
    }

    static let advice = """
        More details here: https://curl.se/docs/sslcerts.html

        curl failed to verify the legitimacy of the server and therefore could not
        establish a secure connection to it. To learn more about this situation and
        how to fix it, please visit the web page mentioned above.
        """

    static func exchange(_ request: Request, _ context: inout ToolContext) -> Exchange {
        let loopback = ["127.0.0.1", "localhost", "::1", "[::1]"].contains(request.host)
        let target: Node
        if loopback, let here = context.node {
            target = here
        } else if let found = context.cluster.node(resolving: request.host) {
            target = found
        } else if request.host.first?.isNumber == true {
            return .failure(
                28, "Failed to connect to \(request.host) port \(request.port) after 130000 ms: Couldn't connect to server")
        } else {
            return .failure(6, "Could not resolve host: \(request.host)")
        }
        let refused = Exchange.failure(
            7, "Failed to connect to \(request.host) port \(request.port) after 0 ms: Couldn't connect to server")
        switch context.cluster.connectivity(from: context.host, to: target.name, port: request.port) {
        case .open: break
        case .refused: return refused
        case .timeout:
            return .failure(
                28, "Failed to connect to \(request.host) port \(request.port) after 130000 ms: Couldn't connect to server")
        }
        guard let listener = listener(on: target, port: request.port, loopback: loopback, &context) else { return refused }
        if case .closes = listener {
            if request.scheme == "https" {
                return .failure(
                    35, "OpenSSL SSL_connect: SSL_ERROR_SYSCALL in connection to \(request.host):\(request.port) ")
            }
            return .failure(52, "Empty reply from server")
        }
        let cluster = context.cluster
        let tls = tlsServer(listener, cluster)
        switch (request.scheme, tls) {
        case ("http", nil): break
        case ("http", _):
            if case .etcd = listener { return .failure(52, "Empty reply from server") }
            return .reply(Reply(code: 400, body: "Client sent an HTTP request to an HTTPS server.\n"))
        case (_, nil):
            return .failure(35, "error:0A00010B:SSL routines::wrong version number")
        case (_, let tls?):
            if let failure = handshake(request, tls: tls, loopback: loopback, context) { return failure }
        }
        let client = request.certFile.flatMap { context.read($0).success }.flatMap(Certificate.parse(pem:))
        switch listener {
        case .apiServer(let node):
            return .reply(apiServerReply(request, node: node, client: client, tls: tls, cluster))
        case .etcd(let member, let metrics, _):
            return .reply(EtcdEndpoints.reply(path: request.path, member: member, metricsPort: metrics, cluster))
        case .component:
            let bare = String(request.path.prefix { $0 != "?" })
            if ["/healthz", "/livez", "/readyz"].contains(bare), request.method == "GET" {
                return .reply(Reply(code: 200, body: "ok"))
            }
            return .reply(Reply(code: 403, body: forbidden(path: bare, method: request.method)))
        case .closes:
            return .failure(52, "Empty reply from server")
        }
    }

    /// What accepts connections on `port` of `node`; nil when the connection is refused.
    static func listener(on node: Node, port: Int, loopback: Bool, _ context: inout ToolContext) -> Listener? {
        let cluster = context.cluster
        switch port {
        case 6443:
            if node.role == .loadBalancer {
                switch context.cluster.routeThroughHAProxy(on: node.name, port: port) {
                case .refused: return nil
                case .noServer: return .closes
                case .server(_, _, let address, let serverPort):
                    guard let backend = context.cluster.node(resolving: address), backend.role == .controlPlane,
                        serverPort == 6443, context.cluster.apiServerStatus(node: backend.name).listening
                    else { return .closes }
                    return .apiServer(backend.name)
                }
            }
            return cluster.apiServerStatus(node: node.name).listening ? .apiServer(node.name) : nil
        case 2379, 2381:
            guard let member = cluster.etcd.member(onNode: node.name), member.running else { return nil }
            let flags = cluster.etcdProcessFlags(on: node)
            let urls = (flags.flagValue(port == 2379 ? "listen-client-urls" : "listen-metrics-urls") ?? "")
                .split(separator: ",").map(String.init)
            let host = loopback ? "127.0.0.1" : node.ip
            guard
                let url = urls.first(where: { url in
                    url.hasSuffix(":\(port)") && (url.contains("//\(host):") || url.contains("//0.0.0.0:"))
                })
            else { return nil }
            return .etcd(member, metrics: port == 2381, tls: url.hasPrefix("https://"))
        case 10257, 10259:
            let name = port == 10257 ? "kube-controller-manager" : "kube-scheduler"
            guard let pod = node.staticPods.values.first(where: { $0.pod.name == name }) else { return nil }
            let bind = pod.pod.flag("bind-address") ?? "0.0.0.0"
            guard bind == "0.0.0.0" || (loopback ? bind == "127.0.0.1" : bind == node.ip) else { return nil }
            return .component(name)
        default:
            return nil
        }
    }

    static func tlsServer(_ listener: Listener, _ cluster: Cluster) -> TLSServer? {
        func certificate(_ path: String?, on nodeName: String) -> Certificate? {
            guard let path, let node = cluster.node(named: nodeName) else { return nil }
            return node.files.read(path).success.flatMap(Certificate.parse(pem:))
        }
        switch listener {
        case .apiServer(let node):
            let pod = cluster.apiServerPod(on: node)?.pod
            return TLSServer(
                certificate: certificate(pod?.flag("tls-cert-file") ?? "/etc/kubernetes/pki/apiserver.crt", on: node),
                clientCA: certificate(pod?.flag("client-ca-file") ?? "/etc/kubernetes/pki/ca.crt", on: node))
        case .etcd(let member, _, let tls):
            guard tls, let config = cluster.etcdServerConfig(for: member) else { return nil }
            return TLSServer(
                certificate: certificate(config.certFile, on: member.node),
                clientCA: certificate(config.trustedCAFile, on: member.node), requiresClientCert: config.clientCertAuth)
        case .component:
            return TLSServer(certificate: nil, selfSigned: true)
        case .closes:
            return nil
        }
    }

    /// curl's checks of the server, then the server's check of the client certificate.
    static func handshake(_ request: Request, tls: TLSServer, loopback: Bool, _ context: ToolContext) -> Exchange? {
        if let caFile = request.caFile, !(context.node?.files.isFile(context.path(caFile)) ?? false) {
            return .failure(77, "error setting certificate verify locations:  CAfile: \(caFile) CApath: /etc/ssl/certs")
        }
        var clientCertificate: Certificate?
        if let certFile = request.certFile {
            guard let text = context.read(certFile).success, let certificate = Certificate.parse(pem: text) else {
                return .failure(
                    58,
                    "could not load PEM client certificate, OpenSSL error error:80000002:system library::No such file or directory, (no key found, wrong pass phrase, or wrong file format?)"
                )
            }
            let keyFile = request.keyFile ?? certFile
            guard let key = context.read(keyFile).success.flatMap(PrivateKey.parse(pem:)), key.keyID == certificate.keyID
            else { return .failure(58, "unable to set private key file: '\(keyFile)' type PEM") }
            clientCertificate = certificate
        }
        if !request.insecure {
            guard let served = tls.certificate, !tls.selfSigned else {
                return .failure(60, "SSL certificate problem: self-signed certificate in certificate chain\n" + advice)
            }
            let trusted = request.caFile.flatMap { context.read($0).success }.flatMap(Certificate.parse(pem:))
            guard let trusted, served.isSigned(by: trusted) else {
                return .failure(60, "SSL certificate problem: unable to get local issuer certificate\n" + advice)
            }
            if !served.isValid(at: context.cluster.now) {
                return .failure(60, "SSL certificate problem: certificate has expired\n" + advice)
            }
            let host = loopback && request.host == "localhost" ? "localhost" : request.host
            if !served.covers(host: host) {
                return .failure(
                    60, "SSL: no alternative certificate subject name matches target host name '\(host)'\n" + advice)
            }
        }
        if let clientCertificate {
            let accepted =
                tls.clientCA.map { clientCertificate.isSigned(by: $0) } == true
                && clientCertificate.isValid(at: context.cluster.now) && clientCertificate.usages.contains(.clientAuth)
            if !accepted {
                return .failure(56, "OpenSSL SSL_read: error:0A000412:SSL routines::sslv3 alert bad certificate, errno 0")
            }
        } else if tls.requiresClientCert {
            return .failure(55, "getpeername() failed with errno 107: Transport endpoint is not connected")
        }
        return nil
    }

    static func apiServerReply(
        _ request: Request, node: String, client: Certificate?, tls: TLSServer?, _ cluster: Cluster
    ) -> Reply {
        let status = cluster.apiServerStatus(node: node)
        let bare = String(request.path.prefix { $0 != "?" })
        let query = request.path.drop { $0 != "?" }.dropFirst()
        let authenticated =
            client.map { certificate in
                tls?.clientCA.map { certificate.isSigned(by: $0) } == true
            } == true
        if request.method == "GET", let endpoint = APIServerStatus.Endpoint(rawValue: String(bare.dropFirst())),
            bare.hasPrefix("/")
        {
            let verbose = query.split(separator: "&").contains { $0 == "verbose" || $0.hasPrefix("verbose=") }
            let checks = status.checks(endpoint)
            let passed = status.passes(endpoint)
            if passed, !verbose { return Reply(code: 200, body: "ok") }
            var body = checks.map { "[\($0.passed ? "+" : "-")]\($0.name) \($0.passed ? "ok" : "failed: reason withheld")\n" }
                .joined()
            body += "\(endpoint.rawValue) check \(passed ? "passed" : "failed")\n"
            return Reply(code: passed ? 200 : 500, body: body)
        }
        if request.method == "GET", bare == "/version" || bare == "/version/" {
            let version = cluster.spec.kubernetesVersion
            let parts = version.dropFirst().split(separator: ".")
            let minor = parts.count > 1 ? String(parts[1]) : ""
            let fields = [
                ("major", parts.first.map(String.init) ?? ""), ("minor", minor), ("gitVersion", version),
                ("gitCommit", version == "v1.31.4" ? "a78aa47129b8539636eb86a9d00e31b2720fe06b" : ""),
                ("gitTreeState", "clean"), ("buildDate", version == "v1.31.4" ? "2024-12-10T18:05:47Z" : ""),
                ("goVersion", "go1.22.9"), ("compiler", "gc"), ("platform", "linux/amd64"),
            ]
            return Reply(
                code: 200, body: "{\n" + fields.map { "  \"\($0.0)\": \"\($0.1)\"" }.joined(separator: ",\n") + "\n}\n")
        }
        if authenticated {
            return Reply(code: -1, body: "")
        }
        return Reply(code: 403, body: forbidden(path: bare, method: request.method))
    }

    /// The Status a v1.31 API server sends an anonymous client that RBAC does not allow.
    static func forbidden(path: String, method: String) -> String {
        let segments = path.split(separator: "/").map(String.init)
        var verb = method == "HEAD" ? "get" : method.lowercased()
        var message = "forbidden: User \\\"system:anonymous\\\" cannot \(verb) path \\\"\(path)\\\""
        var details: [(String, String)] = []
        let apiLength = segments.first == "api" ? 2 : segments.first == "apis" ? 3 : 0
        if apiLength > 0, segments.count > apiLength {
            let group = segments.first == "apis" ? segments[1] : ""
            var rest = Array(segments.dropFirst(apiLength))
            var namespace: String?
            if rest.count >= 3, rest[0] == "namespaces" {
                namespace = rest[1]
                rest = Array(rest.dropFirst(2))
            }
            let resource = rest[0]
            let name = rest.count > 1 ? rest[1] : nil
            if verb == "get", name == nil { verb = "list" }
            if verb == "post" { verb = "create" }
            let scope = namespace.map { " in the namespace \\\"\($0)\\\"" } ?? " at the cluster scope"
            let subject = name.map { "\(resource) \\\"\($0)\\\"" } ?? resource
            let groupText = group.isEmpty ? "" : "\(group)"
            message =
                "\(subject) is forbidden: User \\\"system:anonymous\\\" cannot \(verb) resource \\\"\(resource)\\\" in API group \\\"\(groupText)\\\"\(scope)"
            if let name { details.append(("name", name)) }
            if !group.isEmpty { details.append(("group", group)) }
            details.append(("kind", resource))
        }
        let detailText =
            details.isEmpty
            ? "{}" : "{\n" + details.map { "    \"\($0.0)\": \"\($0.1)\"" }.joined(separator: ",\n") + "\n  }"
        return """
            {
              "kind": "Status",
              "apiVersion": "v1",
              "metadata": {},
              "status": "Failure",
              "message": "\(message)",
              "reason": "Forbidden",
              "details": \(detailText),
              "code": 403
            }

            """
    }
}
