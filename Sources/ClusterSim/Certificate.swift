import Foundation

/// What the simulation knows about an X.509 certificate; stored in a node's files as PEM.
///
/// The PEM body encodes these fields (not real DER), so a certificate copied, moved or
/// overwritten on a node keeps or loses its identity exactly as the file does.
public struct Certificate: Sendable, Hashable, Codable {
    public enum Usage: String, Sendable, Hashable, Codable, CaseIterable {
        case serverAuth, clientAuth
    }

    public var subjectCN: String
    public var organization: String?
    public var issuerCN: String
    public var serial: UInt64
    public var notBefore: SimTime
    public var notAfter: SimTime
    public var dnsNames: [String]
    public var ipAddresses: [String]
    public var usages: [Usage]
    public var isCA: Bool
    /// Identifies the key pair: a certificate and a key match when their key ids are equal.
    public var keyID: String
    /// The key id of the CA that signed this certificate (its own for a self-signed CA).
    public var issuerKeyID: String

    public init(
        subjectCN: String, organization: String? = nil, issuerCN: String, serial: UInt64,
        notBefore: SimTime, notAfter: SimTime, dnsNames: [String] = [], ipAddresses: [String] = [],
        usages: [Usage] = [], isCA: Bool = false, keyID: String, issuerKeyID: String? = nil
    ) {
        self.issuerKeyID = issuerKeyID ?? keyID
        self.subjectCN = subjectCN
        self.organization = organization
        self.issuerCN = issuerCN
        self.serial = serial
        self.notBefore = notBefore
        self.notAfter = notAfter
        self.dnsNames = dnsNames
        self.ipAddresses = ipAddresses
        self.usages = usages
        self.isCA = isCA
        self.keyID = keyID
    }

    /// Whether `authority` (a CA certificate) signed this certificate.
    public func isSigned(by authority: Certificate) -> Bool {
        authority.isCA && authority.keyID == issuerKeyID
    }

    /// Whether the certificate names `host` (an IP address or DNS name) among its SANs.
    public func covers(host: String) -> Bool {
        ipAddresses.contains(host) || dnsNames.contains(host) || (host == "localhost" && dnsNames.contains("localhost"))
    }

    /// Whether `time` lies inside the validity period.
    public func isValid(at time: SimTime) -> Bool { notBefore <= time && time <= notAfter }

    /// Go's crypto/x509 error for a certificate used outside its validity period (without the
    /// `x509: ` prefix), or nil while it is valid; times in RFC 3339, as Go formats them in UTC.
    public func validityProblem(at time: SimTime) -> String? {
        guard !isValid(at: time) else { return nil }
        func rfc3339(_ time: SimTime) -> String { String(time.civil.iso8601Milliseconds.prefix(19)) + "Z" }
        let (relation, bound) = time < notBefore ? ("before", notBefore) : ("after", notAfter)
        return "certificate has expired or is not yet valid: current time \(rfc3339(time)) is \(relation) \(rfc3339(bound))"
    }

    static let beginMarker = "-----BEGIN CERTIFICATE-----"
    static let endMarker = "-----END CERTIFICATE-----"

    /// The certificate as a PEM block, body wrapped at 64 columns like OpenSSL writes it. Rendered
    /// once per certificate and process: a cluster installs each CA on every node and in every kubeconfig.
    public var pem: String {
        Self.rendered.value(for: self) { certificate in
            let text = certificate.render()
            // What parsing the text gives is known: the next read of the file skips decoding it.
            if certificate.roundTrips { Self.parsed.remember(certificate, for: text) }
            return text
        }
    }

    private static let rendered = ParseCache<Certificate, String>()

    /// Whether the PEM body's `name=value` lines (lists joined by commas) read back as this certificate.
    private var roundTrips: Bool {
        let texts = [subjectCN, issuerCN, keyID, issuerKeyID] + (organization.map { [$0] } ?? [])
        let items = dnsNames + ipAddresses
        return texts.allSatisfy { !$0.utf8.contains(10) } && !keyID.isEmpty
            && items.allSatisfy { !$0.isEmpty && !$0.utf8.contains(44) && !$0.utf8.contains(10) }
    }

    private func render() -> String {
        // Built as bytes: this runs for every certificate of every fresh cluster.
        var body: [UInt8] = []
        body.reserveCapacity(320)
        func field(_ name: String, _ value: String) {
            if !body.isEmpty { body.append(10) }
            body.append(contentsOf: name.utf8)
            body.append(61)
            body.append(contentsOf: value.utf8)
        }
        func list(_ name: String, _ values: [String]) {
            field(name, "")
            for (index, value) in values.enumerated() {
                if index > 0 { body.append(44) }
                body.append(contentsOf: value.utf8)
            }
        }
        field("v", "1")
        field("subject", subjectCN)
        field("issuer", issuerCN)
        field("serial", String(serial))
        field("notBefore", String(notBefore.milliseconds))
        field("notAfter", String(notAfter.milliseconds))
        list("dns", dnsNames)
        list("ip", ipAddresses)
        list("usage", usages.map(\.rawValue))
        field("ca", isCA ? "true" : "false")
        field("key", keyID)
        field("issuerKey", issuerKeyID)
        if let organization { field("o", organization) }
        return PEM.wrap(body, begin: Self.beginMarker, end: Self.endMarker)
    }

    private static let parsed = ParseCache<String, Certificate?>()

    /// Reads the first certificate of a PEM file, or nil when the text holds none.
    public static func parse(pem text: String) -> Certificate? { parsed.value(for: text, parse: decode(pem:)) }

    private static func decode(pem text: String) -> Certificate? {
        guard let body = PEM.body(of: text, begin: beginMarker, end: endMarker) else { return nil }
        var fields: [String: String] = [:]
        for line in body.split(separator: "\n") {
            guard let eq = line.firstIndex(of: "=") else { continue }
            fields[String(line[..<eq])] = String(line[line.index(after: eq)...])
        }
        guard let subject = fields["subject"], let issuer = fields["issuer"], let key = fields["key"],
            let serial = fields["serial"].flatMap(UInt64.init),
            let notBefore = fields["notBefore"].flatMap(Int64.init),
            let notAfter = fields["notAfter"].flatMap(Int64.init)
        else { return nil }
        func list(_ name: String) -> [String] {
            (fields[name] ?? "").split(separator: ",").map(String.init)
        }
        return Certificate(
            subjectCN: subject, organization: fields["o"], issuerCN: issuer, serial: serial,
            notBefore: SimTime(milliseconds: notBefore), notAfter: SimTime(milliseconds: notAfter),
            dnsNames: list("dns"), ipAddresses: list("ip"), usages: list("usage").compactMap(Usage.init),
            isCA: fields["ca"] == "true", keyID: key, issuerKeyID: fields["issuerKey"] ?? key)
    }
}

/// A private key file: only its identity matters to the simulation.
public struct PrivateKey: Sendable, Hashable, Codable {
    public var keyID: String

    public init(keyID: String) {
        self.keyID = keyID
    }

    /// Makes a key file about as long as a real 2048-bit key's.
    private static let padding = String(repeating: "k", count: 96)

    static let beginMarker = "-----BEGIN RSA PRIVATE KEY-----"
    static let endMarker = "-----END RSA PRIVATE KEY-----"

    public var pem: String {
        Self.rendered.value(for: keyID) { keyID in
            PEM.wrap(Array("v=1\nkey=\(keyID)\npad=\(Self.padding)".utf8), begin: Self.beginMarker, end: Self.endMarker)
        }
    }

    private static let rendered = ParseCache<String, String>()

    private static let parsed = ParseCache<String, PrivateKey?>()

    public static func parse(pem text: String) -> PrivateKey? { parsed.value(for: text, parse: decode(pem:)) }

    private static func decode(pem text: String) -> PrivateKey? {
        guard let body = PEM.body(of: text, begin: beginMarker, end: endMarker) else { return nil }
        for line in body.split(separator: "\n") where line.hasPrefix("key=") {
            return PrivateKey(keyID: String(line.dropFirst(4)))
        }
        return nil
    }
}

enum PEM {
    /// The block for `data`: the markers around its base64, 64 columns a line as OpenSSL writes.
    static func wrap(_ data: [UInt8], begin: String, end: String) -> String {
        let encoded = Base64Codec.encode(data)
        var out: [UInt8] = Array(begin.utf8)
        out.reserveCapacity(begin.utf8.count + end.utf8.count + encoded.count + encoded.count / 64 + 4)
        var index = 0
        while index < encoded.count {
            out.append(10)
            out.append(contentsOf: encoded[index..<min(index + 64, encoded.count)])
            index += 64
        }
        out.append(10)
        out.append(contentsOf: end.utf8)
        out.append(10)
        return String(decoding: out, as: UTF8.self)
    }

    /// The decoded text between the first `begin` marker and the `end` marker after it, white
    /// space ignored; nil when a marker is missing or the base64 is malformed.
    static func body(of text: String, begin: String, end: String) -> String? {
        let bytes = Array(text.utf8)
        let beginBytes = Array(begin.utf8), endBytes = Array(end.utf8)
        guard let start = firstIndex(of: beginBytes, in: bytes, from: 0),
            let stop = firstIndex(of: endBytes, in: bytes, from: start + beginBytes.count)
        else { return nil }
        var symbols: [UInt8] = []
        symbols.reserveCapacity(stop - start)
        for byte in bytes[(start + beginBytes.count)..<stop] {
            switch byte {
            case 9, 10, 11, 12, 13, 32: continue
            default: symbols.append(byte)
            }
        }
        let (decoded, valid) = Base64Codec.decode(symbols: symbols)
        guard valid else { return nil }
        return String(decoding: decoded, as: UTF8.self)
    }

    private static func firstIndex(of needle: [UInt8], in haystack: [UInt8], from offset: Int) -> Int? {
        guard let first = needle.first, haystack.count - offset >= needle.count else { return nil }
        var index = offset
        let last = haystack.count - needle.count
        while index <= last {
            if haystack[index] == first && haystack[index..<(index + needle.count)].elementsEqual(needle) { return index }
            index += 1
        }
        return nil
    }
}
