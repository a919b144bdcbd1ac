import ClusterSim
import Testing

@testable import Shell

@Suite struct KubectlTests {
    @Test func getNodesThroughTheLoadBalancer() {
        var session = Session(seed: 7)
        let result = session.run("kubectl get nodes")
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("NAME      STATUS   ROLES           AGE") == true)
        #expect(lines.first?.hasSuffix("   VERSION") == true)
        #expect(lines.count == 6)
        #expect(
            lines.dropFirst().map { String($0.prefix { $0 != " " }) } == ["master1", "master2", "master3", "worker1", "worker2"])
        #expect(lines[1].contains("master1   Ready    control-plane   "))
        #expect(lines[4].contains("worker1   Ready    <none>          "))
        #expect(lines.allSatisfy { !$0.hasSuffix(" ") })
    }

    @Test func stoppedKubeletMakesTheNodeNotReady() {
        var session = Session(seed: 7)
        session.cluster.updateNode("worker1") { $0.units["kubelet"] = .inactive }
        let result = session.run("kubectl get nodes --no-headers -o wide")
        #expect(result.stdout.split(separator: "\n").contains { $0.hasPrefix("worker1   NotReady   <none>") })
        #expect(result.stdout.contains("10.0.1.20"))
        #expect(!result.stdout.contains("NAME"))
    }

    @Test func mirrorPodsAndLeasesInKubeSystem() {
        var session = Session(seed: 7)
        let pods = session.run("kubectl get pods -n kube-system")
        #expect(pods.stdout.hasPrefix("NAME "))
        #expect(pods.stdout.contains("READY   STATUS    RESTARTS   AGE\n"))
        #expect(pods.stdout.contains("etcd-master1 "))
        #expect(pods.stdout.contains("kube-apiserver-master3 "))
        // 12 mirror pods, 5 kube-proxy pods, 2 CoreDNS replicas and the header.
        #expect(pods.stdout.split(separator: "\n").count == 20)
        let all = session.run("k get po -A -o name -l component")
        #expect(all.stdout.split(separator: "\n").first == "pod/etcd-master1")
        let none = session.run("kubectl get pods")
        #expect(none.status == 0 && none.stdout.isEmpty)
        #expect(none.stderr == "No resources found in default namespace.\n")
        let leases = session.run("kubectl -n kube-system get leases")
        let rows = leases.stdout.split(separator: "\n").map(String.init)
        #expect(rows.first?.hasPrefix("NAME                      HOLDER") == true)
        #expect(rows.dropFirst().map { String($0.prefix { $0 != " " }) } == ["kube-controller-manager", "kube-scheduler"])
        let missing = session.run("kubectl -n kube-system get lease nope")
        #expect(missing.stderr == "Error from server (NotFound): leases.coordination.k8s.io \"nope\" not found\n")
        #expect(session.run("kubectl get nodez").stderr == "error: the server doesn't have a resource type \"nodez\"\n")
    }

    @Test func watchIsRefusedPolitely() {
        var session = Session(seed: 7)
        let result = session.run("kubectl get pods -w")
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("kubedojo: 'kubectl get --watch' is not simulated"))
    }

    @Test func lostQuorumTimesOutOnTheServer() {
        var session = Session(seed: 7)
        for node in ["master2", "master3"] {
            _ = session.run("ssh \(node)")
            _ = session.run("mv /etc/kubernetes/manifests/etcd.yaml /root/")
            _ = session.run("exit")
        }
        _ = session.run("sleep 30")
        let before = session.cluster.now
        let result = session.run("kubectl get nodes")
        #expect(result.stderr == "Error from server: etcdserver: request timed out\n")
        #expect(session.cluster.now.milliseconds - before.milliseconds >= 7_000)
    }

    @Test func kubeconfigViewRedactsAndUseContextWritesBack() {
        var session = Session(seed: 7)
        let view = session.run("kubectl config view")
        #expect(view.stdout.contains("    certificate-authority-data: DATA+OMITTED\n    server: https://10.0.1.100:6443\n"))
        #expect(view.stdout.contains("    client-key-data: DATA+OMITTED\n"))
        let raw = session.run("kubectl config view --raw")
        #expect(!raw.stdout.contains("DATA+OMITTED"))
        #expect(
            session.run("kubectl config set-context other --cluster=kubernetes --user=kubernetes-admin").stdout
                == "Context \"other\" created.\n")
        #expect(session.run("kubectl config use-context other").status == 0)
        let file = session.cluster.node(named: "master1")?.files.read("/root/.kube/config").success ?? ""
        #expect(file.contains("current-context: other\n"))
        #expect(session.run("kubectl config current-context").stdout == "other\n")
    }

    @Test func explicitKubeconfigMustExist() {
        var session = Session(seed: 7)
        let result = session.run("kubectl --kubeconfig=/nope get nodes")
        #expect(result.stderr == "error: stat /nope: no such file or directory\n")
    }

    @Test func workersHaveNoKubectl() {
        var session = Session(seed: 7, host: "worker1")
        #expect(session.run("kubectl get nodes").status == 127)
    }

    @Test func kubeconfigParsingAndRendering() throws {
        let text =
            "apiVersion: v1\nkind: Config\ncurrent-context: a\ncontexts:\n- name: a\n  context: {cluster: c, user: u, namespace: ns}\nclusters:\n- name: c\n  cluster: {server: https://x:6443}\nusers:\n- name: u\n  user: {token: t}\n"
        let config = try #require(Kubeconfig.parse(text).success)
        #expect(config.context("a")?.fields["namespace"] == "ns")
        let rendered = config.render(redacted: true)
        #expect(rendered.contains("    token: REDACTED\n"))
        #expect(Kubeconfig.parse(rendered).success?.contexts == config.contexts)
        #expect(
            Kubeconfig().render(redacted: true)
                == "apiVersion: v1\nclusters: null\ncontexts: null\ncurrent-context: \"\"\nkind: Config\npreferences: {}\nusers: null\n"
        )
    }

    @Test(
        arguments: [
            (0, "0s"), (119_000, "119s"), (125_000, "2m5s"), (600_000, "10m"), (3 * 3_600_000 + 60_000, "3h1m"),
            (10 * 3_600_000, "10h"), (50 * 3_600_000, "2d2h"), (95 * 86_400_000, "95d"), (800 * 86_400_000, "2y70d"),
        ] as [(Int64, String)])
    func humanDuration(_ milliseconds: Int64, _ expected: String) {
        #expect(HumanDuration.format(milliseconds: milliseconds) == expected)
    }

    @Test(arguments: [
        "kubectl", "kubectl -", "kubectl --", "kubectl -n", "kubectl get -o", "kubectl get nodes -o",
        "kubectl --request-timeout=99999999999999999999 get nodes", "kubectl config", "kubectl config use-context",
        "kubectl create deployment", "kubectl run", "kubectl apply -f", "kubectl get node/", "kubectl get /x",
        "kubectl -v=abc get nodes", "kubectl config set-context --current --namespace", "kubectl version -o xml",
        "kubectl create deployment x --image=a --replicas=-1 --dry-run=client", "kubectl get ,",
        "KUBECONFIG=:::: kubectl config view", "kubectl get pods --request-timeout=1ms",
    ])
    func oddInputNeverCrashes(_ line: String) {
        var session = Session(seed: 3)
        let result = session.run(line)
        #expect(result.status >= 0)
    }
}

/// Commands that change what the API server holds: the changes live in `Cluster.apiStore`.
@Suite struct KubectlWriteTests {
    @Test func editKeepsLabelsAndSchedulabilityOfModelObjects() {
        var session = Session(seed: 7)
        let editor = EditorTests.FakeEditor { text in
            text.replacingOccurrences(of: "    kubernetes.io/os: linux\n", with: "    kubernetes.io/os: linux\n    disk: ssd\n")
                .replacingOccurrences(of: "spec:\n", with: "spec:\n  unschedulable: true\n")
        }
        let result = Shell.run("kubectl edit node worker1", state: &session.state, cluster: &session.cluster, editor: editor)
        #expect(result.stdout == "node/worker1 edited\n", "\(result.stderr)")
        #expect(session.cluster.apiStore.unschedulable == ["worker1"])
        #expect(session.run("kubectl get nodes -l disk=ssd -o name").stdout == "node/worker1\n")
        let unchanged = Shell.run(
            "kubectl edit node worker1", state: &session.state, cluster: &session.cluster, editor: EditorTests.FakeEditor { $0 })
        #expect(unchanged.stdout == "Edit cancelled, no changes made.\n")
    }

    @Test func applyFromAHeredocStoresTheObjectInTheFork() {
        var session = Session(seed: 7)
        let before = session.cluster
        let applied = session.run(
            "cat <<EOF | kubectl apply -f -\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: demo\n  namespace: kube-system\ndata:\n  a: \"1\"\nEOF"
        )
        #expect(applied.stdout == "configmap/demo created\n", "\(applied.stderr)")
        #expect(session.run("kubectl -n kube-system get cm demo -o jsonpath='{.data.a}'").stdout == "1")
        #expect(before.apiStore.created.isEmpty, "the cluster value before the apply is untouched")
        #expect(session.run("kubectl -n kube-system delete configmap demo").stdout == "configmap \"demo\" deleted\n")
        #expect(
            session.run("kubectl -n kube-system get cm demo").stderr
                == "Error from server (NotFound): configmaps \"demo\" not found\n")
    }

    @Test func drainMovesCoreDNSAndUncordonRestoresScheduling() {
        var session = Session(seed: 7)
        let drained = session.run("kubectl drain master1 --ignore-daemonsets")
        #expect(drained.status == 0)
        #expect(drained.stdout.hasSuffix("node/master1 drained\n"))
        let nodes = Set(
            session.run("kubectl -n kube-system get pods -l k8s-app=kube-dns -o jsonpath='{.items[*].spec.nodeName}'").stdout
                .split(separator: " "))
        #expect(nodes == ["master2"])
        #expect(session.run("kubectl uncordon master1").stdout == "node/master1 uncordoned\n")
        #expect(session.cluster.apiStore.unschedulable.isEmpty)
    }

    @Test func deletingANodeRemovesItAndItsPods() {
        var session = Session(seed: 7)
        #expect(session.run("kubectl delete node worker2").stdout == "node \"worker2\" deleted\n")
        #expect(!session.cluster.isRegistered("worker2"))
        #expect(!session.run("kubectl get nodes").stdout.contains("worker2"))
        #expect(session.run("kubectl get pods -A --field-selector spec.nodeName=worker2").stderr == "No resources found\n")
    }

    @Test func execRunsEtcdctlInTheEtcdContainer() {
        var session = Session(seed: 7)
        let result = session.run(
            "kubectl -n kube-system exec etcd-master2 -- etcdctl --cacert /etc/kubernetes/pki/etcd/ca.crt --cert /etc/kubernetes/pki/etcd/server.crt --key /etc/kubernetes/pki/etcd/server.key endpoint health"
        )
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("127.0.0.1:2379 is healthy"))
        #expect(session.state.host == "master1", "the shell stays on its host")
    }
}
