import Testing

@testable import ClusterSim

@Suite struct ParseCacheTests {
    @Test func base64MatchesTheRFCVectors() {
        let vectors = [
            "": "", "f": "Zg==", "fo": "Zm8=", "foo": "Zm9v", "foob": "Zm9vYg==", "fooba": "Zm9vYmE=", "foobar": "Zm9vYmFy",
        ]
        for (plain, encoded) in vectors {
            #expect(String(decoding: Base64Codec.encode(Array(plain.utf8)), as: UTF8.self) == encoded)
            let decoded = Base64Codec.decode(symbols: Array(encoded.utf8))
            #expect(decoded.valid)
            #expect(String(decoding: decoded.bytes, as: UTF8.self) == plain)
        }
        // A bad quartet keeps what decoded before it, as gnulib does.
        let bad = Base64Codec.decode(symbols: Array("Zm9v*A==".utf8))
        #expect(!bad.valid)
        #expect(String(decoding: bad.bytes, as: UTF8.self) == "foo")
        #expect(!Base64Codec.decode(symbols: Array("Zm9".utf8)).valid)
    }

    @Test func pemBlocksAreWrappedAt64ColumnsAndReadBackWhateverTheWhiteSpace() throws {
        let certificate = Certificate(
            subjectCN: "kube-apiserver", issuerCN: "kubernetes", serial: 42, notBefore: SimTime(milliseconds: 0),
            notAfter: SimTime(milliseconds: 1_000), dnsNames: ["kubernetes", "localhost"], ipAddresses: ["10.0.1.10"],
            usages: [.serverAuth], keyID: "k1", issuerKeyID: "ca")
        let pem = certificate.pem
        let lines = pem.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.first == "-----BEGIN CERTIFICATE-----")
        #expect(lines.dropLast().last == "-----END CERTIFICATE-----")
        #expect(lines.last == "")
        #expect(lines.dropFirst().dropLast(2).allSatisfy { $0.count <= 64 })
        #expect(lines.dropFirst().dropLast(3).allSatisfy { $0.count == 64 })
        #expect(Certificate.parse(pem: pem) == certificate)
        // CRLF line ends, indentation and text around the block, as in a pasted file.
        let pasted = "subject=x\r\n" + pem.replacingOccurrences(of: "\n", with: "\r\n  ") + "trailer"
        #expect(Certificate.parse(pem: pasted) == certificate)
        // A damaged body or a missing end marker reads as no certificate.
        #expect(Certificate.parse(pem: pem.replacingOccurrences(of: "-----END CERTIFICATE-----", with: "")) == nil)
        let body = try #require(lines.dropFirst().first)
        #expect(Certificate.parse(pem: pem.replacingOccurrences(of: body, with: "!" + body.dropFirst())) == nil)
        let key = PrivateKey(keyID: "k1")
        #expect(PrivateKey.parse(pem: key.pem) == key)
        #expect(PrivateKey.parse(pem: pem) == nil)
    }

    @Test func aCacheAnswersAsItsParserAndStaysBounded() {
        let cache = ParseCache<Int, Int>(limit: 3)
        var calls = 0
        func square(_ n: Int) -> Int {
            calls += 1
            return n * n
        }
        #expect(cache.value(for: 4, parse: square) == 16)
        #expect(cache.value(for: 4, parse: square) == 16)
        #expect(calls == 1)
        for n in 5...7 { _ = cache.value(for: n, parse: square) }
        // Past the limit the cache started afresh, so 4 is parsed again.
        #expect(cache.value(for: 4, parse: square) == 16)
        #expect(calls == 5)
    }

    @Test func aRememberedClusterIsTheClusterBuiltAfresh() {
        let spec = stacked3
        var remembered = Cluster.build(spec: spec, seed: 11)
        #expect(remembered == Cluster.assemble(spec: spec, seed: 11))
        // Changing a copy leaves the remembered one as it was.
        _ = remembered.inject(.killEtcd(node: "master1"))
        #expect(Cluster.build(spec: spec, seed: 11) == Cluster.assemble(spec: spec, seed: 11))
        #expect(Cluster.build(spec: spec, seed: 11) != remembered)
    }
}
