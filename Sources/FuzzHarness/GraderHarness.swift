import Catalog
import ClusterSim
import Grading
import Shell

/// A `Graders/*.yaml` file loaded and linted, then every grader that passes lint graded, as a
/// scenario's check, on a cluster a learner has worked on.
enum GraderHarness {
    static let path = "Graders/fuzz.yaml"

    /// Arguments for the parameters the bundled graders name; any other parameter gets `master1`.
    static let arguments: [String: String] = [
        "host": "master1", "node": "master2", "member": "master3", "ip": "10.0.1.11",
        "path": "/etc/kubernetes/manifests/etcd.yaml",
        "pattern": "etcd", "component": "etcd", "count": "3", "command": "etcdctl", "lease": "kube-scheduler",
        "port": "2379", "unit": "kubelet", "cert": "apiserver", "key": "/registry", "equals": "true", "seconds": "15",
        "bytes": "1024", "document": "0", "first": "{{etcd.leader.name}}", "server": "https://10.0.1.10:2379",
    ]

    /// stacked-3 after a short session on master1, so history and file probes have something to read.
    static let worked: (cluster: Cluster, shell: ShellState) = {
        var cluster = BundledContent.clusters.first { $0.id == "stacked-3" }?.cluster ?? BundledContent.clusters[0].cluster
        var shell = ShellState(host: "master1")
        let lines = [
            "export ETCDCTL_API=3", "etcdctl member list", "cp /etc/kubernetes/manifests/etcd.yaml /root/etcd.yaml",
            "ssh master2", "systemctl stop kubelet", "exit", "sleep 45",
        ]
        for line in lines { _ = Shell.run(line, state: &shell, cluster: &cluster) }
        return (cluster, shell)
    }()

    static func run(_ bytes: [UInt8]) -> [String] {
        let file = ContentFile(path: path, kind: .graders, text: String(decoding: bytes, as: UTF8.self))
        let (catalog, errors) = Catalog.load([file])
        var violations = ContentHarness.misplaced(errors, in: [file])
        let checks = catalog.graders.values.sorted { $0.name < $1.name }.enumerated().map { index, grader in
            Check(
                id: grader.name, grader: grader,
                arguments: Dictionary(grader.parameters.map { ($0, arguments[$0] ?? "master1") }) { first, _ in first },
                points: index + 1, coaching: index % 4 == 3)
        }
        let report = Grader.grade(checks, cluster: worked.cluster, shell: worked.shell, variables: ["node": "master2"])
        violations += misgraded(report, checks: checks.count)
        return violations.map { "graders: \($0)" }
    }

    /// A report that does not add up: one result per check, and each earns its points or nothing.
    static func misgraded(_ report: GradeReport, checks: Int) -> [String] {
        var violations: [String] = []
        if report.results.count != checks {
            violations.append("\(checks) checks graded into \(report.results.count) results")
        }
        for result in report.results {
            let expected = result.passed && !result.coaching ? result.points : 0
            if result.earned != expected || result.points < 0 {
                violations.append("check \(result.id) earns \(result.earned) of \(result.points) (passed: \(result.passed))")
            }
        }
        if !(0...100).contains(report.percent) { violations.append("the score is \(report.percent)%") }
        return violations
    }
}
