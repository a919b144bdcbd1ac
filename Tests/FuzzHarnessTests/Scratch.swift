import Testing
import ClusterSim

@Test func scratchLinear() {
    let cases: [(String, String)] = [("(a|aa)*c", String(repeating: "a", count: 60)), ("a*", "baaac"), ("a|(b)*", "abba"), ("(a|)*b", "aab"), ("^(.*.*)*xyz$", String(repeating: "x", count: 40)), ("(?<![A-Za-z0-9_])(?:etcd)(?![A-Za-z0-9_])", "an etcd-server etcdctl"), ("[[:digit:]]+", "ab123c45"), ("x{2,3}", "xxxxxxx"), ("(a)(b)?", "ab a")]
    for (p, t) in cases {
        guard let r = RegexCache.regex(p) else { print("RX", p, "nil"); continue }
        let m = r.allMatches(in: t).map { m in m.groups.map { $0.map { "\(t.distance(from: t.startIndex, to: $0.lowerBound))-\(t.distance(from: t.startIndex, to: $0.upperBound))" } ?? "nil" }.joined(separator: ",") }
        print("RX", p, r.hasMatch(in: t), m)
    }
}
