/// Issues the certificates and keys of a kubeadm cluster, deterministically from the seed.
///
/// Cluster-wide CAs are created once and shared (as `--upload-certs` shares them); each node
/// gets its own leaf certificates. Leaves last one year and CAs ten years, as kubeadm sets them.
struct PKIFactory {
    let createdAt: SimTime
    var rng: SeededGenerator
    private var authorities: [String: Certificate] = [:]

    init(createdAt: SimTime, rng: SeededGenerator) {
        self.createdAt = createdAt
        self.rng = rng
    }

    private mutating func keyID() -> String {
        String(rng.next(), radix: 16)
    }

    /// The CA with this common name, created on first use.
    mutating func authority(_ commonName: String) -> Certificate {
        if let existing = authorities[commonName] { return existing }
        let ca = Certificate(
            subjectCN: commonName, issuerCN: commonName, serial: rng.next() >> 1, notBefore: createdAt,
            notAfter: createdAt.adding(days: 3650), isCA: true, keyID: keyID())
        authorities[commonName] = ca
        return ca
    }

    /// Uses an existing CA (one copied from another node) instead of creating one.
    mutating func adopt(_ ca: Certificate) {
        authorities[ca.subjectCN] = ca
    }

    mutating func leaf(
        _ commonName: String, organization: String? = nil, issuer: String, dns: [String] = [],
        ips: [String] = [], usages: [Certificate.Usage]
    ) -> Certificate {
        let ca = authority(issuer)
        return Certificate(
            subjectCN: commonName, organization: organization, issuerCN: ca.subjectCN, serial: rng.next() >> 1,
            notBefore: createdAt, notAfter: createdAt.adding(days: 365), dnsNames: dns, ipAddresses: ips,
            usages: usages, keyID: keyID(), issuerKeyID: ca.keyID)
    }
}

extension FileSystem {
    /// Installs `<base>.crt` and `<base>.key` for a certificate.
    mutating func installPair(_ base: String, _ certificate: Certificate) {
        install(base + ".crt", certificate.pem)
        install(base + ".key", PrivateKey(keyID: certificate.keyID).pem, mode: 0o600)
    }
}
