import ClusterSim
import Shell
import Testing

@testable import Grading

@Suite struct GraderTests {
    static let spec = ClusterSpec(
        id: "c", topology: .stacked,
        nodes: [
            ClusterSpec.NodeSpec(name: "master1", ip: "10.0.1.10", role: .controlPlane),
            ClusterSpec.NodeSpec(name: "master2", ip: "10.0.1.11", role: .controlPlane),
            ClusterSpec.NodeSpec(name: "master3", ip: "10.0.1.12", role: .controlPlane),
        ])

    static let answer = GraderDefinition(
        name: "answer-file", summary: "", parameters: ["host", "path", "equals"],
        probe: .file(host: "{{host}}", path: "{{path}}"), matcher: .equals("{{equals}}"),
        passFeedback: "ok", failFeedback: "{{path}} holds {{actual}}, not {{equals}}")

    static let tls = GraderDefinition(
        name: "tls", summary: "", parameters: [], probe: .history(command: "etcdctl"),
        matcher: .all([.matches("--cacert="), .matches("--cert="), .matches("--key=")]),
        passFeedback: "ok", failFeedback: "no")

    func run(_ lines: [String], seed: UInt64 = 7) -> (Cluster, ShellState) {
        var cluster = Cluster.build(spec: Self.spec, seed: seed)
        var shell = ShellState(host: "master1")
        for line in lines { _ = Shell.run(line, state: &shell, cluster: &cluster) }
        return (cluster, shell)
    }

    var checks: [Check] {
        [
            Check(
                id: "leader", grader: Self.answer,
                arguments: ["host": "master1", "path": "/root/leader.txt", "equals": "{{etcd.leader.name}}"], points: 3,
                coaching: false),
            Check(id: "tls", grader: Self.tls, arguments: [:], points: 0, coaching: true),
        ]
    }

    @Test func rightAnswerScoresFullMarks() throws {
        let leader = try #require(Cluster.build(spec: Self.spec, seed: 7).etcd.leader?.name)
        let (cluster, shell) = run(["echo \(leader) > /root/leader.txt"])
        let report = Grader.grade(checks, cluster: cluster, shell: shell, variables: [:])
        #expect(report.scoreLine == "Score: 3/3 (100%)")
        #expect(report.results.map(\.passed) == [true, false])
    }

    @Test func wrongAnswerSaysWhy() throws {
        let (cluster, shell) = run(["echo nobody > /root/leader.txt"])
        let report = Grader.grade(checks, cluster: cluster, shell: shell, variables: [:])
        let leader = try #require(cluster.etcd.leader?.name)
        #expect(report.scoreLine == "Score: 0/3 (0%)")
        #expect(report.results[0].feedback == "/root/leader.txt holds \"nobody\", not \(leader)")
    }

    @Test func tlsFlagsMustComeTogetherInOneCommand() {
        let split = run(["etcdctl --cacert=/a member list", "etcdctl --cert=/b --key=/c member list"]).1
        let together = run(["ETCDCTL_CACERT=/a etcdctl --cert /b --key=/c member list"]).1
        let cluster = Cluster.build(spec: Self.spec, seed: 7)
        #expect(Grader.grade(checks, cluster: cluster, shell: split, variables: [:]).results[1].passed == false)
        #expect(Grader.grade(checks, cluster: cluster, shell: together, variables: [:]).results[1].passed == true)
    }

    @Test(arguments: [(1, 3, 33), (2, 3, 67), (0, 0, 0), (5, 5, 100), (1, 8, 13)])
    func percentRoundsHalfUp(earned: Int, maximum: Int, percent: Int) {
        var results = [CheckResult]()
        if maximum > 0 {
            results = [CheckResult(id: "a", passed: true, earned: earned, points: maximum, coaching: false, feedback: "")]
        }
        #expect(GradeReport(results: results).percent == percent)
    }

    @Test func historyNormalisationFoldsSpellings() {
        let invocation = Invocation(
            host: "master1", argv: ["etcdctl", "-w", "table", "--key", "/k", "member", "list"],
            environment: ["ETCDCTL_CACERT": "/ca", "ETCDCTL_API": "3"], status: 0)
        #expect(HistoryNormalizer.normalize(invocation) == "etcdctl member list --cacert=/ca --key=/k --write-out=table")
    }

    @Test func templatesLeaveUnknownNamesVisible() {
        #expect(Template.render("{{a}} and {{ b }} and {{c}}", ["a": "1", "b": "2"]) == "1 and 2 and {{c}}")
        #expect(Template.names(in: "x {{a}} {{ b.c }}") == ["a", "b.c"])
    }

    /// Values that are templates themselves (an instructor's `{{a}}` whose value is `{{a}}`) are
    /// filled in once: substitution never loops or grows.
    @Test func templatesReferringToThemselvesAreFilledOnce() {
        let values = ["a": "{{a}}", "b": "{{b}}{{b}}", "c": "{{a}}"]
        #expect(Template.render("{{a}}|{{b}}|{{c}}|{{", values) == "{{a}}|{{b}}{{b}}|{{a}}|{{")
        var text = "{{b}}"
        for _ in 0..<10 { text = Template.render(text, values) }
        #expect(text.count == 5 * 1024, "each pass doubles it at most, one level a pass")
    }
}

@Suite struct HistoryNormalizerTests {
    func normal(_ argv: [String], _ environment: [String: String] = [:]) -> String {
        HistoryNormalizer.normalize(Invocation(host: "m1", argv: argv, environment: environment, status: 0))
    }

    @Test func kubectlSpellingsAgree() {
        let forms = [
            ["kubectl", "get", "pods", "-n", "kube-system", "-o", "wide"],
            ["kubectl", "-n", "kube-system", "get", "pods", "--output=wide"],
            ["kubectl", "get", "--namespace=kube-system", "pods", "-owide"],
            ["kubectl", "get", "pods", "--output", "wide", "-nkube-system"],
        ]
        for form in forms { #expect(normal(form) == "kubectl get pods --namespace=kube-system --output=wide", "\(form)") }
        #expect(
            normal(["kubectl", "exec", "-it", "-n", "kube-system", "etcd-m1", "--", "etcdctl", "-w", "table", "member", "list"])
                == "kubectl exec etcd-m1 -- etcdctl -w table member list --namespace=kube-system --stdin=true --tty=true")
        #expect(
            normal(["kubectl", "get", "nodes", "-A", "-l", "a=b"]) == "kubectl get nodes --all-namespaces=true --selector=a=b")
    }

    @Test func etcdctlAndOtherCommands() {
        #expect(
            normal(["etcdctl", "-wtable", "endpoint", "status", "--endpoints", "https://a:2379"], ["ETCDCTL_CACERT": "/ca"])
                == "etcdctl endpoint status --cacert=/ca --endpoints=https://a:2379 --write-out=table")
        #expect(normal(["systemctl", "restart", "-q", "kubelet"]) == "systemctl restart -q kubelet")
    }
}
