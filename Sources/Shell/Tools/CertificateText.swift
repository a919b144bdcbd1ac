import ClusterSim

/// Renders a simulated certificate the way OpenSSL 3.0's `x509` prints one. Key material and
/// signatures are not modelled, so their bytes come from the key ids (stable per certificate).
enum CertificateText {
    /// `O = kubeadm:cluster-admins, CN = kube-apiserver-kubelet-client`
    static func subject(_ cert: Certificate) -> String {
        (cert.organization.map { "O = \($0), " } ?? "") + "CN = \(cert.subjectCN)"
    }

    static func issuer(_ cert: Certificate) -> String { "CN = \(cert.issuerCN)" }

    /// The serial as `-serial` prints it: upper-case hex of its big-endian bytes.
    static func serialHex(_ serial: UInt64) -> String {
        var hex = String(serial, radix: 16, uppercase: true)
        if hex.count % 2 == 1 { hex = "0" + hex }
        // DER integers are signed: a leading byte >= 0x80 gets a zero byte in front.
        if let first = hex.first, "89ABCDEF".contains(first) { hex = "00" + hex }
        return hex
    }

    /// Deterministic pseudo-random bytes for a label.
    static func bytes(_ label: String, count: Int) -> [UInt8] {
        var rng = SeededGenerator(seed: 0, label: label)
        var result: [UInt8] = []
        while result.count < count {
            let value = rng.next()
            for shift in stride(from: 0, to: 64, by: 8) where result.count < count {
                result.append(UInt8(truncatingIfNeeded: value >> UInt64(shift)))
            }
        }
        return result
    }

    private static func hex(_ byte: UInt8, upper: Bool) -> String {
        let text = String(byte, radix: 16, uppercase: upper)
        return text.count == 1 ? "0" + text : text
    }

    /// Colon-separated hex lines, `perLine` bytes each, every line but the last ending in `:`.
    static func hexBlock(_ bytes: [UInt8], perLine: Int, indent: Int) -> String {
        var lines: [String] = []
        var index = 0
        while index < bytes.count {
            let chunk = bytes[index..<min(index + perLine, bytes.count)].map { hex($0, upper: false) }
            index += perLine
            lines.append(String(repeating: " ", count: indent) + chunk.joined(separator: ":") + (index < bytes.count ? ":" : ""))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func keyIdentifier(_ keyID: String) -> String {
        bytes("ski/" + keyID, count: 20).map { hex($0, upper: true) }.joined(separator: ":")
    }

    /// The X.509v3 extensions in the order Go's crypto/x509 (and so kubeadm) writes them:
    /// (header, critical, value).
    static func extensions(_ cert: Certificate) -> [(name: String, critical: Bool, value: String)] {
        var list: [(name: String, critical: Bool, value: String)] = []
        let usage = cert.isCA ? "Digital Signature, Key Encipherment, Certificate Sign" : "Digital Signature, Key Encipherment"
        list.append(("X509v3 Key Usage", true, usage))
        if !cert.usages.isEmpty {
            let names = cert.usages.map { $0 == .serverAuth ? "TLS Web Server Authentication" : "TLS Web Client Authentication" }
            list.append(("X509v3 Extended Key Usage", false, names.joined(separator: ", ")))
        }
        list.append(("X509v3 Basic Constraints", true, cert.isCA ? "CA:TRUE" : "CA:FALSE"))
        if cert.isCA {
            list.append(("X509v3 Subject Key Identifier", false, keyIdentifier(cert.keyID)))
        } else {
            list.append(("X509v3 Authority Key Identifier", false, keyIdentifier(cert.issuerKeyID)))
        }
        let sans = cert.dnsNames.map { "DNS:\($0)" } + cert.ipAddresses.map { "IP Address:\($0)" }
        if !sans.isEmpty { list.append(("X509v3 Subject Alternative Name", false, sans.joined(separator: ", "))) }
        return list
    }

    /// Maps `-ext` names to extension headers.
    static let extensionNames: [String: String] = [
        "keyUsage": "X509v3 Key Usage", "extendedKeyUsage": "X509v3 Extended Key Usage",
        "basicConstraints": "X509v3 Basic Constraints", "subjectKeyIdentifier": "X509v3 Subject Key Identifier",
        "authorityKeyIdentifier": "X509v3 Authority Key Identifier", "subjectAltName": "X509v3 Subject Alternative Name",
    ]

    /// `-ext a,b`: the named extensions the certificate has, in certificate order.
    static func selected(_ cert: Certificate, names: [String]) -> String {
        let wanted = Set(names.compactMap { extensionNames[$0] })
        return extensions(cert).filter { wanted.contains($0.name) }.map { ext in
            "\(ext.name): \(ext.critical ? "critical" : "")\n    \(ext.value)\n"
        }.joined()
    }

    /// `-text`: OpenSSL 3.0's full layout.
    static func text(_ cert: Certificate) -> String {
        var text = """
            Certificate:
                Data:
                    Version: 3 (0x2)
                    Serial Number: \(cert.serial) (0x\(String(cert.serial, radix: 16)))
                    Signature Algorithm: sha256WithRSAEncryption
                    Issuer: \(issuer(cert))
                    Validity
                        Not Before: \(cert.notBefore.civil.opensslDate)
                        Not After : \(cert.notAfter.civil.opensslDate)
                    Subject: \(subject(cert))
                    Subject Public Key Info:
                        Public Key Algorithm: rsaEncryption
                            Public-Key: (2048 bit)
                            Modulus:

            """
        var modulus = bytes("modulus/" + cert.keyID, count: 256)
        modulus[0] |= 0x80
        text += hexBlock([0] + modulus, perLine: 15, indent: 20)
        text += "                Exponent: 65537 (0x10001)\n"
        text += "        X509v3 extensions:\n"
        for ext in extensions(cert) {
            text += "            \(ext.name): \(ext.critical ? "critical" : "")\n                \(ext.value)\n"
        }
        text += "    Signature Algorithm: sha256WithRSAEncryption\n    Signature Value:\n"
        text += hexBlock(bytes("signature/\(cert.issuerKeyID)/\(cert.serial)", count: 256), perLine: 18, indent: 8)
        return text
    }
}
