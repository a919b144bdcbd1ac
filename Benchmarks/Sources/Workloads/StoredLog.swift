import Catalog
import ClusterSim
import Foundation
import Progress
import Trainer

/// An attempt at find-etcd-leader with `lines` commands in a fresh database file.
public struct StoredLog {
    public static let folder = NSTemporaryDirectory() + "kubedojo-bench-resume-\(getpid())"

    /// What a learner types while working on HA drills: reads, etcdctl with TLS, hops to
    /// another node, a file written.
    public static let typed = [
        "export KUBECONFIG=/etc/kubernetes/admin.conf",
        "export ETCDCTL_API=3",
        "kubectl get nodes",
        "kubectl get pods -n kube-system -o wide",
        "etcdctl --endpoints=https://10.0.1.10:2379,https://10.0.1.11:2379,https://10.0.1.12:2379"
            + " --cacert=/etc/kubernetes/pki/etcd/ca.crt --cert=/etc/kubernetes/pki/etcd/healthcheck-client.crt"
            + " --key=/etc/kubernetes/pki/etcd/healthcheck-client.key endpoint status -w table",
        "etcdctl --endpoints=https://10.0.1.10:2379 --cacert=/etc/kubernetes/pki/etcd/ca.crt"
            + " --cert=/etc/kubernetes/pki/etcd/healthcheck-client.crt"
            + " --key=/etc/kubernetes/pki/etcd/healthcheck-client.key member list",
        "cat /etc/kubernetes/manifests/etcd.yaml",
        "grep -n advertise /etc/kubernetes/manifests/kube-apiserver.yaml",
        "ls -l /etc/kubernetes/pki",
        "systemctl status kubelet",
        "crictl ps",
        "openssl x509 -in /etc/kubernetes/pki/apiserver.crt -noout -dates",
        "journalctl -u kubelet -n 5 --no-pager",
        "ssh master2",
        "crictl ps",
        "exit",
        "echo master2 > /root/etcd-leader.txt",
    ]

    public let store: Store
    public let attempt: AttemptRecord
    public let scenario: Scenario
    public let spec: ClusterSpec
    public let console = Console(environment: ["NO_COLOR": "1", "TERM": "dumb"])

    public init(lines: Int) throws {
        try FileManager.default.createDirectory(atPath: Self.folder, withIntermediateDirectories: true)
        store = try Store(path: Self.folder + "/progress.sqlite")
        scenario = Content.scenario("find-etcd-leader")
        spec = Content.spec(scenario.cluster)
        let session = try DrillSession(scenario: scenario, spec: spec, seed: 1, store: store, console: console, now: 0)
        for index in 0..<lines {
            _ = session.process(Self.typed[index % Self.typed.count], elapsedMilliseconds: 3_000)
        }
        guard let attempt = try store.attempt(id: session.attemptID),
            try store.commands(attempt: attempt.id).count == lines
        else {
            fail("the attempt did not store \(lines) lines")
        }
        self.attempt = attempt
    }

    /// Resumes the attempt: its lines read back and replayed on a fresh cluster.
    public func resume() -> DrillSession {
        do {
            return try DrillSession.resume(attempt, scenario: scenario, spec: spec, store: store, console: console)
        } catch {
            fail("resume: \(error)")
        }
    }
}
