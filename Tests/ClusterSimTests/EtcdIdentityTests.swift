import Testing

@testable import ClusterSim

@Suite struct EtcdIdentityTests {
    @Test func sha1MatchesTheStandardVectors() {
        func hex(_ text: String) -> String {
            SHA1.digest(Array(text.utf8)).map { (($0 < 16 ? "0" : "") + String($0, radix: 16)) }.joined()
        }
        #expect(hex("abc") == "a9993e364706816aba3e25717850c26c9cd0d89d")
        #expect(hex("") == "da39a3ee5e6b4b0d3255bfef95601890afd80709")
        #expect(
            hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")
                == "84983e441c3bd26ebaae4aa1f95129e5e54670f1")
    }

    /// `etcdutl snapshot restore` with every default: member `default` at http://localhost:2380,
    /// token `etcd-cluster` (values from the real restore in the reference captures).
    @Test func defaultRestoreIDsAreEtcds() {
        let member = EtcdCluster.memberID(peerURLs: ["http://localhost:2380"], token: "etcd-cluster")
        #expect(String(member, radix: 16) == "8e9e05c52164694d")
        #expect(String(EtcdCluster.clusterID(memberIDs: [member]), radix: 16) == "cdf818194e3a8c32")
    }

    /// The three-member restore of the capture 60-snapshot/06-restore-etcd1 (token oracle-restored).
    @Test func threeMemberRestoreIDsAreEtcds() {
        let ids = (1...3).map {
            EtcdCluster.memberID(peerURLs: ["http://127.0.0.1\($0):2380"], token: "oracle-restored")
        }
        #expect(ids.map { String($0, radix: 16) } == ["ae5bc60fdb35b55f", "76272fd4e6688dd0", "48be1dca9f53301d"])
        #expect(String(EtcdCluster.clusterID(memberIDs: ids), radix: 16) == "5b6396258a41a889")
    }
}
