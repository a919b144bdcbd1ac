import ClusterSim
import Foundation
import Shell

/// The stacked-3 shape of `Content/clusters/stacked-3.yaml`.
let stackedThree = ClusterSpec(
    id: "stacked-3", etcdVersion: "3.5.15", topology: .stacked,
    nodes: [
        ClusterSpec.NodeSpec(name: "lb", ip: "10.0.1.100", role: .loadBalancer),
        ClusterSpec.NodeSpec(name: "master1", ip: "10.0.1.10", role: .controlPlane),
        ClusterSpec.NodeSpec(name: "master2", ip: "10.0.1.11", role: .controlPlane),
        ClusterSpec.NodeSpec(name: "master3", ip: "10.0.1.12", role: .controlPlane),
        ClusterSpec.NodeSpec(name: "worker1", ip: "10.0.1.20", role: .worker),
        ClusterSpec.NodeSpec(name: "worker2", ip: "10.0.1.21", role: .worker),
    ])

/// A shell on a fresh cluster, for running lines in tests.
struct Session {
    var cluster: Cluster
    var state: ShellState

    init(seed: UInt64, host: String = "master1") {
        cluster = Cluster.build(spec: stackedThree, seed: seed)
        state = ShellState(host: host)
    }

    mutating func run(_ line: String) -> ShellResult {
        Shell.run(line, state: &state, cluster: &cluster)
    }
}

let tls =
    "--cacert=/etc/kubernetes/pki/etcd/ca.crt --cert=/etc/kubernetes/pki/etcd/healthcheck-client.crt --key=/etc/kubernetes/pki/etcd/healthcheck-client.key"
let allEndpoints = "--endpoints=https://10.0.1.10:2379,https://10.0.1.11:2379,https://10.0.1.12:2379"

/// A real capture: `../shared/reference/transcripts/<relative>` beside the project when present,
/// else the copy under `Tests/ShellTests/Reference/`.
func referenceCapture(_ relative: String) -> (stdout: String, stderr: String)? {
    guard let text = referenceText(relative),
        let out = text.range(of: "--- stdout ---\n"), let err = text.range(of: "--- stderr ---\n")
    else { return nil }
    var stderr = String(text[err.upperBound...])
    if let server = stderr.range(of: "--- server log") { stderr = String(stderr[..<server.lowerBound]) }
    return (String(text[out.upperBound..<err.lowerBound]), stderr)
}

/// The exit code a real capture recorded.
func referenceExitCode(_ relative: String) -> Int32? {
    guard let text = referenceText(relative),
        let line = text.split(separator: "\n").first(where: { $0.hasPrefix("# exit code: ") })
    else { return nil }
    return Int32(line.dropFirst("# exit code: ".count))
}

private func referenceText(_ relative: String) -> String? {
    let here = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    let repository = here.deletingLastPathComponent().deletingLastPathComponent()
    let candidates = [
        repository.appendingPathComponent("../shared/reference/transcripts/" + relative).standardized.path,
        here.appendingPathComponent("Reference/" + relative).path,
    ]
    return candidates.lazy.compactMap({ try? String(contentsOfFile: $0, encoding: .utf8) }).first
}
