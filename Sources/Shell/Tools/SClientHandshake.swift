import ClusterSim

/// The TLS side of `openssl s_client`: which peer answers, OpenSSL's certificate verification as
/// its verify callback reports it, and the session summary.
extension SClient {
    enum Listener {
        case tls(Peer)
        /// A plain-HTTP listener: the first bytes back are not a TLS record.
        case plain
        /// The connection is accepted and closed (HAProxy without a usable backend).
        case closes
    }

    /// Go's `supportedSignatureAlgorithms`, as OpenSSL names them.
    static let goSignatureAlgorithms = [
        "RSA-PSS+SHA256", "ECDSA+SHA256", "Ed25519", "RSA-PSS+SHA384", "RSA-PSS+SHA512", "RSA+SHA256", "RSA+SHA384",
        "RSA+SHA512", "ECDSA+SHA384", "ECDSA+SHA512", "RSA+SHA1", "ECDSA+SHA1",
    ]

    static func listener(on node: Node, port: Int, loopback: Bool, _ context: inout ToolContext) -> Listener? {
        let cluster = context.cluster
        func read(_ path: String?, on name: String) -> Certificate? {
            guard let path else { return nil }
            return cluster.node(named: name)?.files.read(path).success.flatMap(Certificate.parse(pem:))
        }
        if port == 2380 {
            guard let member = cluster.etcd.member(onNode: node.name), member.running else { return nil }
            let flags = cluster.etcdProcessFlags(on: node)
            let host = loopback ? "127.0.0.1" : node.ip
            let urls = (flags.flagValue("listen-peer-urls") ?? "").split(separator: ",").map(String.init)
            guard
                let url = urls.first(where: { $0.hasSuffix(":2380") && ($0.contains("//\(host):") || $0.contains("//0.0.0.0:")) })
            else { return nil }
            guard url.hasPrefix("https://"), let served = read(flags.flagValue("peer-cert-file"), on: node.name) else {
                return .plain
            }
            let clientCA = read(flags.flagValue("peer-trusted-ca-file"), on: node.name)
            let required = flags.flagValue("peer-client-cert-auth") == "true"
            return .tls(
                Peer(
                    chain: [served], clientCANames: required ? clientCA.map { [CertificateText.subject($0)] } ?? [] : nil,
                    requiresClientCert: required, clientCA: clientCA))
        }
        guard let found = CurlServers.listener(on: node, port: port, loopback: loopback, &context) else { return nil }
        switch found {
        case .closes: return .closes
        case .apiServer(let name):
            guard let tls = CurlServers.tlsServer(found, cluster), let served = tls.certificate else { return .closes }
            let pod = cluster.apiServerPod(on: name)?.pod
            let frontProxy = read(pod?.flag("requestheader-client-ca-file"), on: name)
            let names = [tls.clientCA, frontProxy].compactMap { $0.map(CertificateText.subject) }
            return .tls(Peer(chain: [served], clientCANames: names, requiresClientCert: false, clientCA: tls.clientCA))
        case .etcd:
            guard let tls = CurlServers.tlsServer(found, cluster) else { return .plain }
            guard let served = tls.certificate else { return .closes }
            let names = tls.requiresClientCert ? [tls.clientCA].compactMap { $0.map(CertificateText.subject) } : nil
            return .tls(
                Peer(chain: [served], clientCANames: names, requiresClientCert: tls.requiresClientCert, clientCA: tls.clientCA))
        case .component(let name):
            let started = node.staticPods.values.first { $0.pod.name == name }?.startedAt ?? cluster.createdAt
            return .tls(
                Peer(
                    chain: selfSigned(startedAt: started, label: "\(node.name)/\(name)"), clientCANames: nil,
                    requiresClientCert: false, clientCA: nil))
        }
    }

    /// The certificate pair client-go's `GenerateSelfSignedCertKey` makes for `localhost` when a
    /// component starts without `--tls-cert-file`: a CA `localhost-ca@<unix>` and the serving
    /// certificate `localhost@<unix>`, valid from an hour before the start for a year.
    static func selfSigned(startedAt: SimTime, label: String) -> [Certificate] {
        let unix = startedAt.milliseconds / 1000
        let from = startedAt.adding(milliseconds: -3_600_000)
        let until = from.adding(days: 365)
        var rng = SeededGenerator(seed: UInt64(bitPattern: unix), label: "selfsigned/" + label)
        let caKey = "selfsigned-ca/\(label)/\(unix)"
        let ca = Certificate(
            subjectCN: "localhost-ca@\(unix)", issuerCN: "localhost-ca@\(unix)", serial: rng.next() >> 1, notBefore: from,
            notAfter: until, isCA: true, keyID: caKey)
        let leaf = Certificate(
            subjectCN: "localhost@\(unix)", issuerCN: "localhost-ca@\(unix)", serial: rng.next() >> 1, notBefore: from,
            notAfter: until, dnsNames: ["localhost"], ipAddresses: ["127.0.0.1"], usages: [.serverAuth],
            keyID: "selfsigned/\(label)/\(unix)", issuerKeyID: caKey)
        return [leaf, ca]
    }

    /// The verify callback's lines (standard error) and the final verify result.
    static func verify(_ chain: [Certificate], trusted: Certificate?, now: SimTime, quiet: Bool) -> (String, Int) {
        var text = ""
        var result = 0
        func report(_ depth: Int, _ cert: Certificate, error: (Int, String)? = nil, extra: String = "") {
            if !quiet || error != nil { text += "depth=\(depth) \(CertificateText.subject(cert))\n" }
            if let (number, message) = error {
                text += "verify error:num=\(number):\(message)\n" + extra
                result = number
            }
            if !quiet { text += "verify return:1\n" }
        }
        guard let leaf = chain.first else { return ("", 0) }
        let anchor = chain.count > 1 ? chain[chain.count - 1] : nil
        if let anchor {
            if let trusted, trusted.keyID == anchor.keyID {
                report(1, anchor)
            } else {
                report(1, anchor, error: (19, "self-signed certificate in certificate chain"))
                report(1, anchor)
            }
        } else if let trusted, leaf.isSigned(by: trusted) {
            report(1, trusted)
        } else {
            report(0, leaf, error: (20, "unable to get local issuer certificate"))
            report(0, leaf, error: (21, "unable to verify the first certificate"))
            report(0, leaf)
            return (text, result)
        }
        if now < leaf.notBefore {
            report(0, leaf, error: (9, "certificate is not yet valid"), extra: "notBefore=\(leaf.notBefore.civil.opensslDate)\n")
        } else if leaf.notAfter < now {
            report(0, leaf, error: (10, "certificate has expired"), extra: "notAfter=\(leaf.notAfter.civil.opensslDate)\n")
        }
        report(0, leaf)
        return (text, result)
    }

    static let verifyMessages = [
        0: "ok", 9: "certificate is not yet valid", 10: "certificate has expired",
        19: "self-signed certificate in certificate chain", 20: "unable to get local issuer certificate",
        21: "unable to verify the first certificate",
    ]

    /// An estimate of a certificate's DER size from what it names (the model holds no DER).
    static func derSize(_ cert: Certificate) -> Int {
        let names = cert.dnsNames.reduce(0) { $0 + $1.utf8.count + 2 } + cert.ipAddresses.count * 6
        return 760 + 2 * cert.subjectCN.utf8.count + (cert.organization?.utf8.count ?? 0) + names
    }

    static func handshake(
        _ peer: Peer, client: Certificate?, trusted: Certificate?, written hello: Int, _ options: Options,
        _ thread: String, _ context: inout ToolContext
    ) -> Int32 {
        let now = context.cluster.now
        let (verifyText, result) = verify(peer.chain, trusted: trusted, now: now, quiet: options.brief)
        // Without SNI (an address to -connect and no -servername) s_client's servername callback
        // complains as soon as the server's extensions are in, before the certificate checks.
        let host = options.connect.hasPrefix("[") ? "::" : String(options.connect.split(separator: ":").first ?? "")
        let isAddress = host.contains(":") || (!host.isEmpty && host.allSatisfy { $0.isNumber || $0 == "." })
        if options.serverName == nil, isAddress { context.err("Can't use SSL_get_servername\n") }
        context.err(verifyText)
        guard let leaf = peer.chain.first else { return 1 }
        var read = 127 + 6 + 28 + 286 + 58 + peer.chain.reduce(0) { $0 + derSize($1) + 5 } + 30
        var written = hello + 6 + 58
        var requestText = ""
        var brief = "CONNECTION ESTABLISHED\nProtocol version: TLSv1.3\nCiphersuite: TLS_AES_128_GCM_SHA256\n"
        if let names = peer.clientCANames {
            read += 60 + names.reduce(0) { $0 + $1.utf8.count + 15 }
            written += client.map { derSize($0) + 300 } ?? 30
            let requested = "Requested Signature Algorithms: " + goSignatureAlgorithms.joined(separator: ":") + "\n"
            brief += requested
            requestText =
                (names.isEmpty
                    ? "---\nNo client certificate CA names sent\n"
                    : "---\nAcceptable client certificate CA names\n" + names.map { $0 + "\n" }.joined())
                + requested + "Shared Requested Signature Algorithms: "
                + goSignatureAlgorithms.filter { !$0.hasSuffix("SHA1") }.joined(separator: ":") + "\n"
        } else {
            requestText = "---\nNo client certificate CA names sent\n"
        }
        let verification =
            result == 0 ? "Verification: OK\n" : "Verification error: \(verifyMessages[result] ?? "")\n"
        if options.brief {
            brief += "Peer certificate: \(CertificateText.subject(leaf))\nHash used: SHA256\nSignature type: RSA-PSS\n"
            // print_ssl_summary: no CA names in the brief form (checked against OpenSSL 3.0.19).
            brief += verification
            brief += "Server Temp Key: X25519, 253 bits\n"
            context.err(brief)
        } else {
            var text = "---\nCertificate chain\n"
            for (index, cert) in peer.chain.enumerated() {
                text += " \(index) s:\(CertificateText.subject(cert))\n   i:\(CertificateText.issuer(cert))\n"
                text += "   a:PKEY: rsaEncryption, 2048 (bit); sigalg: RSA-SHA256\n"
                text += "   v:NotBefore: \(cert.notBefore.civil.opensslDate); NotAfter: \(cert.notAfter.civil.opensslDate)\n"
                if options.showCerts { text += cert.pem }
            }
            text += "---\nServer certificate\n"
            if !options.showCerts { text += leaf.pem }
            text += "subject=\(CertificateText.subject(leaf))\nissuer=\(CertificateText.issuer(leaf))\n"
            text += requestText
            text += "Peer signing digest: SHA256\nPeer signature type: RSA-PSS\nServer Temp Key: X25519, 253 bits\n"
            text += "---\nSSL handshake has read \(read) bytes and written \(written) bytes\n" + verification
            text += """
                ---
                New, TLSv1.3, Cipher is TLS_AES_128_GCM_SHA256
                Server public key is 2048 bit
                Secure Renegotiation IS NOT supported
                Compression: NONE
                Expansion: NONE
                No ALPN negotiated
                Early data was not sent
                Verify return code: \(result) (\(verifyMessages[result] ?? ""))
                ---

                """
            context.out(text)
        }
        // The server checks the client's certificate after the client's Finished: its alert is
        // the next thing s_client reads.
        if let client {
            let accepted =
                peer.clientCA.map { client.isSigned(by: $0) } == true && client.isValid(at: now)
                && client.usages.contains(.clientAuth)
            if peer.clientCANames != nil, !accepted {
                context.err(
                    "\(thread):error:0A000412:SSL routines:ssl3_read_bytes:sslv3 alert bad certificate:../ssl/record/rec_layer_s3.c:1601:SSL alert number 42\n"
                )
                return 1
            }
        } else if peer.requiresClientCert {
            context.err(
                "\(thread):error:0A00045C:SSL routines:ssl3_read_bytes:tlsv13 alert certificate required:../ssl/record/rec_layer_s3.c:1601:SSL alert number 116\n"
            )
            return 1
        }
        context.err("DONE\n")
        return 0
    }
}
