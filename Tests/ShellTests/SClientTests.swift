import ClusterSim
import Testing

@testable import Shell

/// `openssl s_client` against the simulated listeners, pinned to OpenSSL 3.0's layout.
@Suite struct SClientTests {
    static let goSigalgs =
        "RSA-PSS+SHA256:ECDSA+SHA256:Ed25519:RSA-PSS+SHA384:RSA-PSS+SHA512:RSA+SHA256:RSA+SHA384:RSA+SHA512:ECDSA+SHA384:ECDSA+SHA512"

    @Test func theAPIServerWithoutACAFile() {
        var session = Session(seed: 7)
        let pem = session.run("cat /etc/kubernetes/pki/apiserver.crt").stdout
        let result = session.run("openssl s_client -connect 10.0.1.10:6443")
        #expect(result.status == 0)
        // No SNI goes to an address: s_client's servername callback says so first.
        #expect(
            result.stderr == """
                Can't use SSL_get_servername
                depth=0 CN = kube-apiserver
                verify error:num=20:unable to get local issuer certificate
                verify return:1
                depth=0 CN = kube-apiserver
                verify error:num=21:unable to verify the first certificate
                verify return:1
                depth=0 CN = kube-apiserver
                verify return:1
                DONE

                """)
        #expect(
            result.stdout == """
                CONNECTED(00000003)
                ---
                Certificate chain
                 0 s:CN = kube-apiserver
                   i:CN = kubernetes
                   a:PKEY: rsaEncryption, 2048 (bit); sigalg: RSA-SHA256
                   v:NotBefore: Jun 29 04:28:26 2026 GMT; NotAfter: Jun 29 04:28:26 2027 GMT
                ---
                Server certificate
                \(pem)subject=CN = kube-apiserver
                issuer=CN = kubernetes
                ---
                Acceptable client certificate CA names
                CN = kubernetes
                CN = front-proxy-ca
                Requested Signature Algorithms: \(Self.goSigalgs):RSA+SHA1:ECDSA+SHA1
                Shared Requested Signature Algorithms: \(Self.goSigalgs)
                Peer signing digest: SHA256
                Peer signature type: RSA-PSS
                Server Temp Key: X25519, 253 bits
                ---
                SSL handshake has read 1573 bytes and written 394 bytes
                Verification error: unable to verify the first certificate
                ---
                New, TLSv1.3, Cipher is TLS_AES_128_GCM_SHA256
                Server public key is 2048 bit
                Secure Renegotiation IS NOT supported
                Compression: NONE
                Expansion: NONE
                No ALPN negotiated
                Early data was not sent
                Verify return code: 21 (unable to verify the first certificate)
                ---

                """)
    }

    @Test func theLoadBalancerPassesTheAPIServersCertificateAndTheCAVerifiesIt() {
        var session = Session(seed: 7)
        let result = session.run("openssl s_client -connect 10.0.1.100:6443 -CAfile /etc/kubernetes/pki/ca.crt")
        #expect(result.status == 0)
        #expect(
            result.stderr
                == "Can't use SSL_get_servername\ndepth=1 CN = kubernetes\nverify return:1\ndepth=0 CN = kube-apiserver\nverify return:1\nDONE\n"
        )
        #expect(result.stdout.contains("\nVerification: OK\n"))
        #expect(result.stdout.contains("\nVerify return code: 0 (ok)\n"))
        #expect(result.stdout.contains(" 0 s:CN = kube-apiserver\n   i:CN = kubernetes\n"))
    }

    @Test func etcdWantsAClientCertificate() {
        var session = Session(seed: 7)
        let bare = session.run("openssl s_client -connect 10.0.1.11:2379 -brief")
        #expect(bare.status == 1)
        #expect(bare.stdout.isEmpty)
        #expect(
            bare.stderr == """
                Can't use SSL_get_servername
                depth=0 CN = master2
                verify error:num=20:unable to get local issuer certificate
                depth=0 CN = master2
                verify error:num=21:unable to verify the first certificate
                CONNECTION ESTABLISHED
                Protocol version: TLSv1.3
                Ciphersuite: TLS_AES_128_GCM_SHA256
                Requested Signature Algorithms: \(Self.goSigalgs):RSA+SHA1:ECDSA+SHA1
                Peer certificate: CN = master2
                Hash used: SHA256
                Signature type: RSA-PSS
                Verification error: unable to verify the first certificate
                Server Temp Key: X25519, 253 bits
                4075BCA5AB7F0000:error:0A00045C:SSL routines:ssl3_read_bytes:tlsv13 alert certificate required:../ssl/record/rec_layer_s3.c:1601:SSL alert number 116

                """)
        let pki = "/etc/kubernetes/pki/etcd/"
        let good = session.run(
            "openssl s_client -connect 10.0.1.11:2379 -brief -CAfile \(pki)ca.crt -cert \(pki)healthcheck-client.crt -key \(pki)healthcheck-client.key"
        )
        #expect(good.status == 0)
        #expect(good.stderr.hasPrefix("Can't use SSL_get_servername\nCONNECTION ESTABLISHED\n"))
        #expect(good.stderr.contains("\nVerification: OK\n"))
        #expect(good.stderr.hasSuffix("Server Temp Key: X25519, 253 bits\nDONE\n"))
        // A certificate from another CA is refused by the server after the handshake.
        let wrong = session.run(
            "openssl s_client -connect 10.0.1.11:2379 -cert /etc/kubernetes/pki/apiserver-kubelet-client.crt -key /etc/kubernetes/pki/apiserver-kubelet-client.key"
        )
        #expect(wrong.status == 1)
        #expect(
            wrong.stderr.hasSuffix(
                ":error:0A000412:SSL routines:ssl3_read_bytes:sslv3 alert bad certificate:../ssl/record/rec_layer_s3.c:1601:SSL alert number 42\n"
            ))
    }

    @Test func theSchedulerServesASelfSignedPair() {
        var session = Session(seed: 7)
        let result = session.run("openssl s_client -connect 127.0.0.1:10259 -showcerts")
        #expect(result.status == 0)
        let start =
            (session.cluster.node(named: "master1")?.staticPods.values.first { $0.pod.name == "kube-scheduler" }?
                .startedAt.milliseconds ?? 0) / 1000
        #expect(
            result.stderr.hasPrefix(
                """
                Can't use SSL_get_servername
                depth=1 CN = localhost-ca@\(start)
                verify error:num=19:self-signed certificate in certificate chain
                verify return:1
                depth=1 CN = localhost-ca@\(start)
                verify return:1
                depth=0 CN = localhost@\(start)
                verify return:1

                """))
        #expect(result.stdout.contains(" 1 s:CN = localhost-ca@\(start)\n   i:CN = localhost-ca@\(start)\n"))
        #expect(result.stdout.contains("---\nServer certificate\nsubject=CN = localhost@\(start)\n"), "-showcerts: no second PEM")
        #expect(result.stdout.components(separatedBy: "-----BEGIN CERTIFICATE-----").count == 3)
        #expect(result.stdout.contains("Verify return code: 19 (self-signed certificate in certificate chain)\n"))
    }

    @Test func refusedUnreachableAndMalformed() {
        var session = Session(seed: 7)
        let refused = session.run("openssl s_client -connect 10.0.1.10:2381")
        #expect(refused.status == 1)
        let closed = session.run("openssl s_client -connect master1:7777")
        #expect(closed.stdout.isEmpty)
        #expect(
            closed.stderr == """
                4075BCA5AB7F0000:error:8000006F:system library:BIO_connect:Connection refused:../crypto/bio/bio_sock2.c:125:calling connect()
                4075BCA5AB7F0000:error:10000067:BIO routines:BIO_connect:connect error:../crypto/bio/bio_sock2.c:127:
                connect:errno=111

                """)
        let before = session.cluster.now
        let away = session.run("openssl s_client -connect 10.0.9.9:443")
        #expect(away.stderr.hasSuffix("connect:errno=110\n"))
        #expect(session.cluster.now.milliseconds - before.milliseconds == 130_000)
        #expect(
            session.run("openssl s_client -connect nowhere:443").stderr.hasSuffix("Name or service not known\nconnect:errno=0\n"))
        #expect(
            session.run("openssl s_client -connect master1").stderr
                == "s_client: -connect argument or target parameter malformed or ambiguous\ns_client: Use -help for summary.\n")
        #expect(
            session.run("openssl s_client -connect").stderr
                == "s_client: Option -connect needs a value\ns_client: Use -help for summary.\n")
        #expect(
            session.run("openssl s_client -bogus").stderr
                == "s_client: Unknown option: -bogus\ns_client: Use -help for summary.\n")
        #expect(session.run("openssl s_client -tls1_2 -connect master1:6443").stderr.contains("is not simulated"))
    }

    @Test func aStoppedAPIServerBehindTheLoadBalancer() {
        var session = Session(seed: 7)
        for host in ["master1", "master2", "master3"] {
            _ = session.run("ssh \(host) mv /etc/kubernetes/manifests/kube-apiserver.yaml /root/")
        }
        _ = session.run("sleep 30")
        let result = session.run("openssl s_client -connect 10.0.1.100:6443")
        #expect(result.status == 1)
        #expect(result.stdout.hasPrefix("CONNECTED(00000003)\n---\nno peer certificate available\n"))
        #expect(result.stdout.contains("\nNew, (NONE), Cipher is (NONE)\n"))
        #expect(result.stderr.contains(":error:0A000126:SSL routines:ssl3_read_n:unexpected eof while reading:"))
    }

    @Test func anExpiredServingCertificate() {
        var session = Session(seed: 7)
        session.cluster.advance(milliseconds: 366 * 86_400_000)
        let result = session.run("openssl s_client -connect 10.0.1.10:6443 -CAfile /etc/kubernetes/pki/ca.crt")
        #expect(
            result.stderr.hasPrefix(
                """
                Can't use SSL_get_servername
                depth=1 CN = kubernetes
                verify return:1
                depth=0 CN = kube-apiserver
                verify error:num=10:certificate has expired
                notAfter=Jun 29 04:28:26 2027 GMT
                verify return:1
                depth=0 CN = kube-apiserver
                verify return:1

                """))
        #expect(result.stdout.contains("\nVerification error: certificate has expired\n"))
        #expect(result.stdout.contains("\nVerify return code: 10 (certificate has expired)\n"))
    }

    @Test func theCertificatePipesIntoX509() {
        var session = Session(seed: 7)
        let result = session.run(
            "openssl s_client -connect 10.0.1.100:6443 </dev/null 2>/dev/null | openssl x509 -noout -subject -enddate")
        #expect(result.stdout == "subject=CN = kube-apiserver\nnotAfter=Jun 29 04:28:26 2027 GMT\n")
    }

    @Test func plainHTTPOnEtcdsMetricsPort() {
        var session = Session(seed: 7)
        let result = session.run("openssl s_client -connect 127.0.0.1:2381")
        #expect(result.status == 1)
        #expect(
            result.stderr
                == "4075BCA5AB7F0000:error:0A00010B:SSL routines:ssl3_get_record:wrong version number:../ssl/record/ssl3_record.c:354:\n"
        )
        #expect(result.stdout.hasPrefix("CONNECTED(00000003)\n---\nno peer certificate available\n"))
        #expect(result.stdout.contains("\nSSL handshake has read 5 bytes and written 300 bytes\n"))
    }

    @Test func aMissingClientCertificateFile() {
        var session = Session(seed: 7)
        let result = session.run("openssl s_client -connect master1:6443 -cert /root/nope.crt")
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.hasPrefix("Could not open file or uri for loading client certificate from /root/nope.crt\n"))
    }
}
