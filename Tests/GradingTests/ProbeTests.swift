import ClusterSim
import Shell
import Testing

@testable import Grading

/// Every probe kind read against a real seeded cluster, and faults injected on a copy.
@Suite struct ProbeTests {
    static let spec = ClusterSpec(
        id: "stacked-3", topology: .stacked,
        nodes: [
            ClusterSpec.NodeSpec(name: "lb", ip: "10.0.1.100", role: .loadBalancer),
            ClusterSpec.NodeSpec(name: "master1", ip: "10.0.1.10", role: .controlPlane),
            ClusterSpec.NodeSpec(name: "master2", ip: "10.0.1.11", role: .controlPlane),
            ClusterSpec.NodeSpec(name: "master3", ip: "10.0.1.12", role: .controlPlane),
            ClusterSpec.NodeSpec(name: "worker1", ip: "10.0.1.20", role: .worker),
        ])

    func session(_ lines: [String] = [], seed: UInt64 = 7) -> (Cluster, ShellState) {
        var cluster = Cluster.build(spec: Self.spec, seed: seed)
        var shell = ShellState(host: "master1")
        for line in lines { _ = Shell.run(line, state: &shell, cluster: &cluster) }
        return (cluster, shell)
    }

    func read(_ kind: String, _ settings: [String: String], _ cluster: Cluster, _ shell: ShellState = ShellState(host: "master1"))
        -> String
    {
        ProbeReader(cluster: cluster, shell: shell, values: [:]).read(Probe(kind: kind, settings: settings)).description
    }

    /// Grades one check built from a probe and a matcher.
    func passes(
        _ kind: String, _ settings: [String: String], _ matcher: Matcher, _ cluster: Cluster, inject: [String] = []
    ) -> Bool {
        let grader = GraderDefinition(
            name: "g", summary: "", parameters: [], probe: Probe(kind: kind, settings: settings), matcher: matcher,
            passFeedback: "", failFeedback: "{{actual}}")
        let check = Check(id: "c", grader: grader, arguments: [:], points: 1, coaching: false, inject: inject)
        return Grader.grade([check], cluster: cluster, shell: ShellState(host: "master1"), variables: [:]).results[0].passed
    }

    @Test func etcdFields() throws {
        let (cluster, _) = session()
        let leader = try #require(cluster.etcd.leader)
        #expect(read("etcd", ["field": "quorum"], cluster) == "true")
        #expect(read("etcd", ["field": "leader"], cluster) == leader.name)
        #expect(read("etcd", ["field": "leader-node"], cluster) == leader.node)
        #expect(read("etcd", ["field": "members"], cluster) == "3")
        #expect(passes("etcd", ["field": "names"], .includes(["master1", "master2", "master3"]), cluster))
        #expect(passes("etcd", ["field": "names"], .count("3"), cluster))
        #expect(read("etcd", ["field": "healthy"], cluster) == "3")
        #expect(read("etcd", ["field": "learners"], cluster) == "nothing")
        #expect(read("etcd", ["field": "peer-url", "member": "master2"], cluster) == "https://10.0.1.11:2380")
        #expect(read("etcd", ["field": "data-dir", "member": "master2"], cluster) == "/var/lib/etcd")
        #expect(read("etcd", ["field": "id", "member": "master3"], cluster) == cluster.etcd.member(onNode: "master3")?.hexID)
        #expect(read("etcd", ["field": "running", "member": "nobody"], cluster) == "none")
    }

    @Test func nodeUnitAndStaticPodFields() {
        let (cluster, _) = session([
            "ssh master2 systemctl stop kubelet",
            "ssh master3 mv /etc/kubernetes/manifests/kube-scheduler.yaml /root/", "sleep 30",
        ])
        #expect(read("node", ["name": "master2", "field": "powered"], cluster) == "true")
        #expect(read("node", ["name": "master2", "field": "kubelet"], cluster) == "inactive")
        #expect(read("unit", ["host": "master2", "unit": "kubelet", "field": "state"], cluster) == "inactive")
        #expect(read("unit", ["host": "master1", "unit": "kubelet", "field": "state"], cluster) == "active")
        #expect(read("unit", ["host": "master1", "unit": "nope", "field": "state"], cluster) == "none")
        // The kubelet being stopped leaves its static pods running.
        #expect(read("static-pod", ["host": "master2", "component": "kube-apiserver", "field": "running"], cluster) == "true")
        #expect(read("static-pod", ["host": "master3", "component": "kube-scheduler", "field": "running"], cluster) == "false")
        #expect(read("static-pod", ["host": "master3", "component": "kube-scheduler", "field": "manifest"], cluster) == "none")
        #expect(
            read("static-pod", ["host": "master1", "component": "etcd", "field": "manifest"], cluster)
                == "/etc/kubernetes/manifests/etcd.yaml")
        #expect(
            read("static-pod", ["host": "master1", "component": "etcd", "field": "flag", "flag": "data-dir"], cluster)
                == "/var/lib/etcd")
        #expect(
            read(
                "static-pod",
                ["host": "master1", "component": "kube-controller-manager", "field": "flag", "flag": "leader-elect"], cluster)
                == "true")
        #expect(
            read("static-pod", ["host": "master1", "component": "etcd", "field": "volume", "volume": "etcd-data"], cluster)
                == "/var/lib/etcd")
    }

    @Test func apiServerAndLeaseFields() throws {
        let (healthy, _) = session()
        #expect(read("apiserver", ["host": "master1", "field": "readyz"], healthy) == "ok")
        let holder = try #require(healthy.lease("kube-scheduler")?.holderNode)
        #expect(read("lease", ["name": "kube-scheduler", "field": "holder"], healthy) == holder)
        #expect(read("lease", ["name": "kube-scheduler", "field": "duration"], healthy) == "15")
        // Two members gone: every API server stays up but fails its etcd readiness check.
        let (broken, _) = session([
            "ssh master2 mv /etc/kubernetes/manifests/etcd.yaml /root/",
            "ssh master3 mv /etc/kubernetes/manifests/etcd.yaml /root/", "sleep 30",
        ])
        #expect(read("etcd", ["field": "quorum"], broken) == "false")
        #expect(read("apiserver", ["host": "master1", "field": "readyz"], broken) == "etcd; etcd-readiness")
        #expect(read("apiserver", ["host": "master1", "field": "livez"], broken) == "etcd")
        #expect(read("apiserver", ["host": "worker1", "field": "livez"], broken) == "none")
    }

    @Test func loadBalancerFields() {
        let (cluster, _) = session()
        #expect(read("lb", ["host": "lb", "field": "running"], cluster) == "true")
        #expect(read("lb", ["host": "lb", "field": "servers"], cluster) == "10.0.1.10:6443; 10.0.1.11:6443; 10.0.1.12:6443")
        #expect(read("lb", ["host": "lb", "field": "check"], cluster) == "tcp")
        #expect(read("lb", ["host": "master1", "field": "running"], cluster) == "false")
        #expect(passes("lb", ["host": "lb", "field": "servers"], .count("3"), cluster))
        #expect(passes("lb", ["host": "lb", "field": "servers"], .includes(["10.0.1.10:6443", "10.0.1.12:6443"]), cluster))
        #expect(!passes("lb", ["host": "lb", "field": "servers"], .includes(["10.0.1.13:6443"]), cluster))
        #expect(passes("lb", ["host": "lb", "field": "up"], .each(.matches(":6443$")), cluster))
    }

    @Test func filesYamlPathsAndAnswers() {
        let (cluster, _) = session([
            "printf '  master2 \\n\\n' > /root/a.txt",
            "printf 'a: 1\\n---\\nkind: X\\nspec:\\n  list: [p, q]\\n' > /root/two.yaml",
        ])
        #expect(read("answer", ["host": "master1", "path": "/root/a.txt"], cluster) == "\"master2\"")
        #expect(read("file", ["host": "master1", "path": "/root/two.yaml", "yaml": "a"], cluster) == "1")
        #expect(
            read("file", ["host": "master1", "path": "/root/two.yaml", "yaml": "spec.list", "document": "1"], cluster) == "p; q")
        #expect(
            read("file", ["host": "master1", "path": "/root/two.yaml", "yaml": "spec.list[1]", "document": "1"], cluster) == "q")
        #expect(
            read("file", ["host": "master1", "path": "/root/two.yaml", "yaml": "spec.nope", "document": "1"], cluster) == "none")
        #expect(
            read(
                "file",
                ["host": "master1", "path": "/etc/kubernetes/manifests/etcd.yaml", "yaml": "spec.volumes[0].hostPath.path"],
                cluster) == "/etc/kubernetes/pki/etcd")
        #expect(read("answer", ["host": "master1", "path": "/root/none.txt"], cluster) == "nothing (the file does not exist)")
    }

    @Test func runAndHistoryProbes() {
        let (cluster, shell) = session(["k get nodes", "ssh master2", "etcdctl member list"])
        #expect(read("run", ["host": "master1", "command": "hostname", "field": "stdout"], cluster) == "\"master1\n\"")
        #expect(read("run", ["host": "master1", "command": "cat /nope", "field": "status"], cluster) == "1")
        #expect(read("history", ["command": "kubectl"], cluster, shell) == "kubectl get nodes")
        #expect(read("history", ["command": "etcdctl", "host": "master1"], cluster, shell) == "nothing")
        #expect(read("history", ["command": "etcdctl", "host": "master2"], cluster, shell) == "etcdctl member list")
    }

    @Test func numericMatchers() {
        let (cluster, _) = session()
        #expect(passes("etcd", ["field": "members"], .atLeast("3"), cluster))
        #expect(!passes("etcd", ["field": "members"], .atLeast("4"), cluster))
        #expect(passes("etcd", ["field": "members"], .atMost("3"), cluster))
        #expect(!passes("etcd", ["field": "leader"], .atLeast("1"), cluster))
    }

    /// Faults go to a copy: the check sees the cluster lose two members, the learner's does not.
    @Test func injectedFaultsActOnACopy() throws {
        let (cluster, _) = session()
        let leader = try #require(cluster.etcd.leader?.node)
        let allRunning = cluster.etcd.members.allSatisfy { $0.running }
        let others = ["master1", "master2", "master3"].filter { $0 != leader }
        #expect(passes("etcd", ["field": "quorum"], .equals("true"), cluster, inject: ["kill-etcd \(others[0])", "advance 30s"]))
        #expect(
            passes(
                "etcd", ["field": "quorum"], .equals("false"), cluster,
                inject: ["kill-etcd \(others[0])", "kill-etcd \(others[1])", "advance 30s"]))
        #expect(allRunning && cluster.etcd.members.allSatisfy { $0.running })
        // After losing the leader's node, the survivors elect one of themselves.
        #expect(
            passes(
                "etcd", ["field": "leader-node"], .oneOf(others), cluster,
                inject: ["power-off {{etcd.leader.node}}", "advance 10s"]))
        let grader = GraderDefinition(
            name: "g", summary: "", parameters: [], probe: .etcd(field: "quorum"), matcher: .equals("true"),
            passFeedback: "", failFeedback: "")
        let bad = Check(id: "c", grader: grader, arguments: [:], points: 2, coaching: false, inject: ["explode master1"])
        let result = Grader.grade([bad], cluster: cluster, shell: ShellState(host: "master1"), variables: [:]).results[0]
        #expect(!result.passed && result.points == 2)
        #expect(result.feedback.hasPrefix("the check's fault 'explode master1' is invalid: no fault named 'explode'"))
    }
}
