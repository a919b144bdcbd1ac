import ClusterSim

/// How etcdctl reaches one endpoint: address resolution, then the TLS handshake both ways.
///
/// As with the real client, most mistakes are invisible: the request waits for the command
/// timeout and fails with `context deadline exceeded`; only local file problems fail at once.
struct EtcdConnection {
    enum Failure: Error, Equatable {
        /// A local problem reported before any request (exit 128): `open X: no such file or directory`.
        case local(String)
        /// The request never succeeds; `desc` is gRPC's last connection error for the warning line.
        case unreachable(desc: String)
    }

    struct Endpoint {
        var raw: String
        var scheme: String?
        var host: String
        var port: Int
        /// `host:port`, as the client's balancer names the target.
        var authority: String { "\(host):\(port)" }
    }

    struct TLSMaterial {
        var caFile: String?
        var certFile: String?
        var keyFile: String?
        var insecureSkipVerify: Bool
        var any: Bool { caFile != nil || certFile != nil || keyFile != nil }
    }

    static func parse(_ raw: String) -> Endpoint {
        var rest = Substring(raw)
        var scheme: String?
        if let range = rest.range(of: "://") {
            scheme = String(rest[..<range.lowerBound])
            rest = rest[range.upperBound...]
        }
        if let slash = rest.firstIndex(of: "/") { rest = rest[..<slash] }
        var host = String(rest)
        var port = 2379
        if let colon = rest.lastIndex(of: ":"), let parsed = Int(rest[rest.index(after: colon)...]) {
            host = String(rest[..<colon])
            port = parsed
        }
        return Endpoint(raw: raw, scheme: scheme, host: host, port: port)
    }

    /// Checks the local TLS files before any connection, as clientv3 does when building its config.
    static func loadLocal(_ tls: TLSMaterial, context: ToolContext) -> Result<Void, Failure> {
        if (tls.certFile == nil) != (tls.keyFile == nil) {
            return .failure(
                .local("KeyFile and CertFile must both be present[key: \(tls.keyFile ?? ""), cert: \(tls.certFile ?? "")]"))
        }
        if let certFile = tls.certFile, let keyFile = tls.keyFile {
            guard case .success(let certText) = context.read(certFile) else {
                return .failure(.local("open \(certFile): no such file or directory"))
            }
            guard case .success(let keyText) = context.read(keyFile) else {
                return .failure(.local("open \(keyFile): no such file or directory"))
            }
            guard let certificate = Certificate.parse(pem: certText) else {
                return .failure(.local("tls: failed to find any PEM data in certificate input"))
            }
            guard let key = PrivateKey.parse(pem: keyText) else {
                return .failure(.local("tls: failed to find any PEM data in key input"))
            }
            if key.keyID != certificate.keyID { return .failure(.local("tls: private key does not match public key")) }
        }
        if let caFile = tls.caFile, case .failure = context.read(caFile) {
            return .failure(.local("open \(caFile): no such file or directory"))
        }
        return .success(())
    }

    /// Connects to one endpoint from the current host and returns the member that answers.
    static func connect(_ endpoint: Endpoint, tls: TLSMaterial, context: ToolContext) -> Result<EtcdMember, Failure> {
        let cluster = context.cluster
        let isLoopback = endpoint.host == "127.0.0.1" || endpoint.host == "localhost"
        guard let node = isLoopback ? context.node : cluster.node(withIP: endpoint.host) ?? cluster.node(named: endpoint.host)
        else {
            return .failure(.unreachable(desc: "transport: Error while dialing: dial tcp \(endpoint.authority): i/o timeout"))
        }
        let refused = Failure.unreachable(
            desc: "transport: Error while dialing: dial tcp \(endpoint.authority): connect: connection refused")
        switch cluster.connectivity(from: context.host, to: node.name, port: endpoint.port) {
        case .open: break
        case .refused: return .failure(refused)
        case .timeout:
            return .failure(.unreachable(desc: "transport: Error while dialing: dial tcp \(endpoint.authority): i/o timeout"))
        }
        guard endpoint.port == 2379 || endpoint.port == 2380,
            let member = cluster.etcd.member(onNode: node.name), member.running
        else { return .failure(refused) }

        let usesTLS = endpoint.scheme == "https" || (endpoint.scheme == nil && tls.any)
        guard usesTLS else {
            return .failure(
                .unreachable(
                    desc:
                        "error reading server preface: read tcp \(context.node?.ip ?? "127.0.0.1"):\(ephemeralPort(context))->\(endpoint.authority): read: connection reset by peer"
                ))
        }
        // The member's own files, as its manifest or unit names them.
        let config = cluster.etcdServerConfig(for: member)
        func certificate(_ path: String?, on files: FileSystem) -> Certificate? {
            path.flatMap { files.read($0).success }.flatMap(Certificate.parse(pem:))
        }
        let serverCertificate = certificate(config?.certFile, on: node.files)
        let clientTrust = certificate(config?.trustedCAFile, on: node.files)
        let handshake = "transport: authentication handshake failed: tls: failed to verify certificate: x509: "
        // The client verifies the server first.
        if !tls.insecureSkipVerify {
            let trusted = tls.caFile.flatMap { context.read($0).success }.flatMap(Certificate.parse(pem:))
            // Go's x509 checks the validity period before the chain and the host name.
            if let serverCertificate, let expiry = serverCertificate.validityProblem(at: cluster.now) {
                return .failure(.unreachable(desc: handshake + expiry))
            }
            guard let trusted, let serverCertificate, serverCertificate.isSigned(by: trusted) else {
                return .failure(.unreachable(desc: handshake + "certificate signed by unknown authority"))
            }
            let host = isLoopback ? "127.0.0.1" : endpoint.host
            if !serverCertificate.covers(host: host) {
                let names = host.first?.isNumber == true ? serverCertificate.ipAddresses : serverCertificate.dnsNames
                return .failure(
                    .unreachable(
                        desc: handshake + "certificate is valid for \(names.joined(separator: ", ")), not \(host)"))
            }
        }
        // Then the server verifies the client, when it was started with --client-cert-auth=true.
        if config?.clientCertAuth == true {
            guard let certFile = tls.certFile, let client = context.read(certFile).success.flatMap(Certificate.parse(pem:))
            else {
                return .failure(.unreachable(desc: "error reading server preface: remote error: tls: certificate required"))
            }
            let accepted =
                clientTrust.map { client.isSigned(by: $0) } == true && client.isValid(at: cluster.now)
                && client.usages.contains(.clientAuth)
            if !accepted {
                return .failure(.unreachable(desc: "error reading server preface: remote error: tls: bad certificate"))
            }
        }
        return .success(member)
    }

    private static func ephemeralPort(_ context: ToolContext) -> Int {
        var rng = SeededGenerator(seed: UInt64(context.cluster.now.milliseconds), label: "ephemeral-port")
        return rng.int(in: 32_768...60_999)
    }
}
