import ClusterSim

/// `openssl version` and `openssl x509 [-in FILE] [-noout] [-text] [-subject] [-issuer] [-serial]
/// [-startdate] [-enddate] [-dates] [-ext LIST] [-checkend SECONDS]` and `openssl s_client` (`SClient`)
/// as OpenSSL 3.0 on Debian 12.
enum Openssl {
    /// `openssl version` on the reference host (versions/openssl).
    static let version = "OpenSSL 3.0.19 27 Jan 2026 (Library: OpenSSL 3.0.19 27 Jan 2026)"

    static func run(_ context: inout ToolContext) -> Int32 {
        guard context.args.count > 1 else { return context.notSimulated("openssl (interactive)") }
        switch context.args[1] {
        case "version":
            context.out(version + "\n")
            return 0
        case "x509":
            return x509(Array(context.args.dropFirst(2)), &context)
        case "s_client":
            return SClient.run(Array(context.args.dropFirst(2)), &context)
        default:
            return context.notSimulated("openssl \(context.args[1])")
        }
    }

    /// A print request, in command-line order (OpenSSL prints in the order the options came).
    private enum Print: Equatable {
        case text, subject, issuer, serial, startDate, endDate
        case ext([String])
    }

    private static func usage(_ context: inout ToolContext, _ message: String) -> Int32 {
        context.err("x509: \(message)\nx509: Use -help for summary.\n")
        return 1
    }

    private static func x509(_ arguments: [String], _ context: inout ToolContext) -> Int32 {
        var input: String?
        var noout = false
        var prints: [Print] = []
        var checkend: Int64?
        var rest = arguments[...]
        while let word = rest.popFirst() {
            let option = word.hasPrefix("--") ? String(word.dropFirst()) : word
            func value() -> String? { rest.popFirst() }
            switch option {
            case "-in":
                guard let file = value() else { return usage(&context, "Option -in needs a value") }
                input = file
            case "-noout": noout = true
            case "-text": prints.append(.text)
            case "-subject": prints.append(.subject)
            case "-issuer": prints.append(.issuer)
            case "-serial": prints.append(.serial)
            case "-startdate": prints.append(.startDate)
            case "-enddate": prints.append(.endDate)
            case "-dates": prints += [.startDate, .endDate]
            case "-ext":
                guard let list = value() else { return usage(&context, "Option -ext needs a value") }
                prints.append(.ext(list.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }))
            case "-checkend":
                guard let text = value() else { return usage(&context, "Option -checkend needs a value") }
                guard let seconds = Int64(text), seconds >= 0, seconds < 1 << 40 else {
                    return usage(&context, "Invalid number \"\(text)\" for option -checkend")
                }
                checkend = seconds
            case "-inform":
                guard let format = value() else { return usage(&context, "Option -inform needs a value") }
                if format.uppercased() != "PEM" { return context.notSimulated("openssl x509 -inform \(format)") }
            case "-nameopt", "-certopt":
                guard value() != nil else { return usage(&context, "Option \(option) needs a value") }
            case "-fingerprint", "-pubkey", "-modulus", "-purpose", "-hash", "-email", "-ocspid", "-req", "-signkey",
                "-x509toreq", "-CA", "-CAkey", "-days", "-out":
                return context.notSimulated("openssl x509 \(option)")
            case "-help":
                return context.notSimulated("openssl x509 -help")
            default:
                if !word.hasPrefix("-") { return usage(&context, "Extra option: \"\(word)\"") }
                return usage(&context, "Unknown option: \(word)")
            }
        }
        let source = input ?? "<stdin>"
        let text: String
        if let input {
            switch context.read(input) {
            case .success(let content): text = content
            case .failure(let failure):
                context.err("Could not open file or uri for loading certificate from \(input)\n")
                let thread = threadID(context.cluster.seed)
                context.err(
                    "\(thread):error:16000069:STORE routines:ossl_store_get0_loader_int:unregistered scheme:"
                        + "../crypto/store/store_register.c:237:scheme=file\n")
                context.err(
                    "\(thread):error:80000002:system library:file_open:\(failure.message):"
                        + "../providers/implementations/storemgmt/file_store.c:267:calling stat(\(input))\n")
                return 1
            }
        } else {
            text = context.stdin
        }
        guard let cert = Certificate.parse(pem: text) else {
            context.err("Could not read certificate from \(source)\nUnable to load certificate\n")
            return 1
        }
        for print in prints {
            switch print {
            case .text: context.out(CertificateText.text(cert))
            case .subject: context.out("subject=\(CertificateText.subject(cert))\n")
            case .issuer: context.out("issuer=\(CertificateText.issuer(cert))\n")
            case .serial: context.out("serial=\(CertificateText.serialHex(cert.serial))\n")
            case .startDate: context.out("notBefore=\(cert.notBefore.civil.opensslDate)\n")
            case .endDate: context.out("notAfter=\(cert.notAfter.civil.opensslDate)\n")
            case .ext(let names): context.out(CertificateText.selected(cert, names: names))
            }
        }
        var status: Int32 = 0
        if let checkend {
            let expires = context.cluster.now.adding(milliseconds: checkend * 1000) > cert.notAfter
            context.out(expires ? "Certificate will expire\n" : "Certificate will not expire\n")
            status = expires ? 1 : 0
        }
        if !noout { context.out(cert.pem) }
        return status
    }

    /// The thread id OpenSSL prefixes its error lines with: a pointer printed byte-swapped.
    static func threadID(_ seed: UInt64) -> String {
        var rng = SeededGenerator(seed: seed, label: "openssl/thread")
        let pointer = 0x7F00_0000_0000 | (rng.next() & 0xFF_FFFF_FF00) | 0x40
        let swapped = pointer.byteSwapped
        let hex = String(swapped, radix: 16, uppercase: true)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
