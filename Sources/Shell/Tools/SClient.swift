import ClusterSim

/// `openssl s_client` as OpenSSL 3.0 (Debian 12) prints it against the simulated listeners, with
/// standard input at its end (as in the simulator): the handshake, then `DONE`.
///
/// Layout and wording follow apps/s_client.c and apps/lib/s_cb.c (verify callback, `print_stuff`,
/// `print_ssl_summary`). The peers are Go 1.22 TLS servers: TLS 1.3, TLS_AES_128_GCM_SHA256, an
/// X25519 key share, RSA-PSS signatures, a CertificateRequest listing Go's signature algorithms.
/// What cannot be real is derived deterministically: byte counts are computed from the messages'
/// sizes as the model knows them, not measured.
enum SClient {
    /// The options simulated (and offered by Tab completion).
    static let optionNames = [
        "-CAfile", "-brief", "-cert", "-connect", "-key", "-servername", "-showcerts",
    ]

    struct Options {
        var connect = "localhost:4433"
        var serverName: String?
        var caFile: String?
        var certFile: String?
        var keyFile: String?
        var showCerts = false
        var brief = false
    }

    /// What answered on the far side.
    struct Peer {
        var chain: [Certificate]
        /// CA names of the CertificateRequest (nil: no client certificate requested).
        var clientCANames: [String]?
        var requiresClientCert: Bool
        var clientCA: Certificate?
    }

    static func usage(_ context: inout ToolContext, _ message: String) -> Int32 {
        context.err("s_client: \(message)\ns_client: Use -help for summary.\n")
        return 1
    }

    static func run(_ arguments: [String], _ context: inout ToolContext) -> Int32 {
        var options = Options()
        var rest = arguments[...]
        var target: String?
        while let word = rest.popFirst() {
            let option = word.hasPrefix("--") ? String(word.dropFirst()) : word
            func value() -> String? { rest.popFirst() }
            switch option {
            case "-connect", "-servername", "-CAfile", "-cert", "-key":
                guard let given = value() else { return usage(&context, "Option \(option) needs a value") }
                switch option {
                case "-connect": options.connect = given
                case "-servername": options.serverName = given
                case "-CAfile": options.caFile = given
                case "-cert": options.certFile = given
                default: options.keyFile = given
                }
            case "-showcerts": options.showCerts = true
            case "-brief": options.brief = true
            case "-no_ign_eof": break
            case "-quiet", "-ign_eof":
                // Both keep reading after standard input ends: s_client would wait for the server.
                return context.notSimulated("openssl s_client \(option) (it waits for the server to close)")
            case "-help": return context.notSimulated("openssl s_client -help")
            default:
                if !word.hasPrefix("-") {
                    guard target == nil else { return usage(&context, "Extra option: \"\(word)\"") }
                    target = word
                    continue
                }
                if option.hasPrefix("-tls") || option.hasPrefix("-starttls") || option == "-alpn" || option == "-msg"
                    || option == "-state" || option == "-debug" || option == "-verify_return_error"
                {
                    return context.notSimulated("openssl s_client \(option)")
                }
                return usage(&context, "Unknown option: \(word)")
            }
        }
        if let target { options.connect = target }
        return connect(options, &context)
    }

    /// `host:port`, with `[v6]:port`; nil when malformed.
    static func split(_ text: String) -> (host: String, port: Int)? {
        guard let colon = text.lastIndex(of: ":") else { return nil }
        var host = String(text[..<colon])
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty, let port = Int(text[text.index(after: colon)...]), (1...65535).contains(port) else {
            return nil
        }
        return (host, port)
    }

    private static func connect(_ options: Options, _ context: inout ToolContext) -> Int32 {
        let thread = Openssl.threadID(context.cluster.seed)
        // Client credentials load before connecting, as s_client does.
        var client: Certificate?
        if let certFile = options.certFile {
            guard let text = context.read(certFile).success, let certificate = Certificate.parse(pem: text) else {
                return loadFailure("client certificate", certFile, thread, &context)
            }
            let keyFile = options.keyFile ?? certFile
            guard let key = context.read(keyFile).success.flatMap(PrivateKey.parse(pem:)) else {
                return loadFailure("client certificate private key", keyFile, thread, &context)
            }
            guard key.keyID == certificate.keyID else {
                context.err("Private key does not match the certificate public key\n")
                return 1
            }
            client = certificate
        }
        var trusted: Certificate?
        if let caFile = options.caFile {
            guard let text = context.read(caFile).success else {
                context.err(
                    "\(thread):error:80000002:system library:file_open:No such file or directory:../providers/implementations/storemgmt/file_store.c:267:calling stat(\(caFile))\n"
                )
                return 1
            }
            trusted = Certificate.parse(pem: text)
        }
        guard let (host, port) = split(options.connect) else {
            return usage(&context, "-connect argument or target parameter malformed or ambiguous")
        }
        let loopback = ["127.0.0.1", "localhost", "::1"].contains(host)
        let node: Node
        if loopback, let here = context.node {
            node = here
        } else if let found = context.cluster.node(resolving: host) {
            node = found
        } else if host.first?.isNumber == true {
            context.cluster.advance(milliseconds: 130_000)
            return connectFailure(errno: 110, "8000006E", "Connection timed out", thread, &context)
        } else {
            context.err(
                "\(thread):error:10080002:BIO routines:BIO_lookup_ex:system lib:../crypto/bio/bio_addr.c:738:Name or service not known\nconnect:errno=0\n"
            )
            return 1
        }
        guard let listener = Self.listener(on: node, port: port, loopback: loopback, &context) else {
            return connectFailure(errno: 111, "8000006F", "Connection refused", thread, &context)
        }
        if !options.brief { context.out("CONNECTED(00000003)\n") }
        let written = 300 + (options.serverName ?? (host.first?.isNumber == true ? "" : host)).utf8.count
        switch listener {
        case .closes:
            context.err(
                "\(thread):error:0A000126:SSL routines:ssl3_read_n:unexpected eof while reading:../ssl/record/rec_layer_s3.c:318:\n"
            )
            if !options.brief { context.out(noPeer(read: 0, written: written)) }
            return 1
        case .plain:
            context.err(
                "\(thread):error:0A00010B:SSL routines:ssl3_get_record:wrong version number:../ssl/record/ssl3_record.c:354:\n"
            )
            if !options.brief { context.out(noPeer(read: 5, written: written)) }
            return 1
        case .tls(let peer):
            return handshake(peer, client: client, trusted: trusted, written: written, options, thread, &context)
        }
    }

    private static func loadFailure(_ what: String, _ file: String, _ thread: String, _ context: inout ToolContext) -> Int32 {
        context.err("Could not open file or uri for loading \(what) from \(file)\n")
        if case .failure(let failure) = context.read(file) {
            context.err(
                "\(thread):error:16000069:STORE routines:ossl_store_get0_loader_int:unregistered scheme:../crypto/store/store_register.c:237:scheme=file\n"
                    + "\(thread):error:80000002:system library:file_open:\(failure.message):../providers/implementations/storemgmt/file_store.c:267:calling stat(\(file))\n"
            )
        }
        return 1
    }

    private static func connectFailure(
        errno: Int, _ code: String, _ reason: String, _ thread: String, _ context: inout ToolContext
    ) -> Int32 {
        context.err(
            "\(thread):error:\(code):system library:BIO_connect:\(reason):../crypto/bio/bio_sock2.c:125:calling connect()\n"
                + "\(thread):error:10000067:BIO routines:BIO_connect:connect error:../crypto/bio/bio_sock2.c:127:\n"
                + "connect:errno=\(errno)\n")
        return 1
    }

    /// `print_stuff` after a handshake that failed before any certificate arrived.
    static func noPeer(read: Int, written: Int) -> String {
        """
        ---
        no peer certificate available
        ---
        No client certificate CA names sent
        ---
        SSL handshake has read \(read) bytes and written \(written) bytes
        Verification: OK
        ---
        New, (NONE), Cipher is (NONE)
        Secure Renegotiation IS NOT supported
        Compression: NONE
        Expansion: NONE
        No ALPN negotiated
        Early data was not sent
        Verify return code: 0 (ok)
        ---

        """
    }
}
