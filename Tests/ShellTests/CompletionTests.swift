import ClusterSim
import Testing

@testable import Shell

@Suite struct CompletionScanTests {
    @Test(arguments: [
        ("kubectl get po", ["kubectl", "get"], "po", nil as Character?, false),
        ("kubectl get ", ["kubectl", "get"], "", nil, false),
        ("echo 'a b", ["echo"], "a b", "'", false),
        ("echo \"x\\\"y", ["echo"], "x\"y", "\"", false),
        ("cat a\\ b", ["cat"], "a b", nil, false),
        ("kubectl get pods | gr", [], "gr", nil, false),
        ("a && b; c || d", [], "d", nil, false),
        ("echo $(kube", [], "kube", nil, false),
        ("echo x > /etc/ku", ["echo", "x"], "/etc/ku", nil, true),
        ("echo x 2>&1 ", ["echo", "x"], "", nil, false),
        ("cat < ", ["cat"], "", nil, true),
        ("", [], "", nil, false),
    ])
    func scans(line: String, words: [String], current: String, quote: Character?, redirection: Bool) {
        let scan = CompletionScan(line)
        #expect(scan.words == words)
        #expect(scan.current == current)
        #expect(scan.quote == quote)
        #expect(scan.redirection == redirection)
    }

    @Test func escapesForTheOpenQuote() {
        #expect(CompletionScan("cat ").escaped("a b$") == "a\\ b\\$")
        #expect(CompletionScan("cat 'x").escaped("a b$") == "a b$")
        #expect(CompletionScan("cat \"x").escaped("a\"b$") == "a\\\"b\\$")
    }
}

@Suite struct CompleterTests {
    let session = Session(seed: 7)

    func complete(_ line: String, host: String = "master1") -> Completion {
        var state = session.state
        if host != state.host { state = ShellState(host: host) }
        return Completer.complete(line: line, cursor: line.count, state: state, cluster: session.cluster)
    }

    @Test(arguments: [
        ("etcdc", "tl "),
        ("kubect", "l "),
        ("cat /etc/kubernetes/ma", "nifests/"),
        ("ls /etc/kubernetes/pki/etcd/ca.c", "rt "),
        ("kubectl get pods -n kube-system etcd-m", "aster"),
        ("kubectl get no", "des "),
        ("kubectl get nodes mas", "ter"),
        ("k get nodes worker", ""),
        ("kubectl -n kube-system get lease kube-s", "cheduler "),
        ("kubectl config use-", "context "),
        ("kubectl config cur", "rent-context "),
        ("kubectl get pods --all-n", "amespaces "),
        ("kubectl get pods -o ya", "ml "),
        ("kubectl get pods --output=js", "on"),
        ("kubectl get pods --namespace=kube-sy", "stem "),
        ("kubectl -n kube-sys", "tem "),
        ("kubectl logs -n kube-system kube-sch", "eduler-master"),
        ("kubectl -n kube-system exec etcd-master1 -- etcdct", "l "),
        ("kubectl cordon work", "er"),
        ("kubectl config use-context kubernetes-a", "dmin@kubernetes "),
        ("kubectl --context kubernetes-a", "dmin@kubernetes "),
        ("kubectl get pods --context=kubernetes-a", "dmin@kubernetes "),
        ("etcdctl mem", "ber "),
        ("etcdctl member li", "st "),
        ("etcdctl snapshot sa", "ve "),
        ("etcdctl --write-out=ta", "ble "),
        ("etcdctl -w js", "on "),
        ("etcdctl get --pre", "fix "),
        ("etcdctl --cacert /etc/kubernetes/pki/etcd/ca.c", "rt "),
        ("etcdutl snapshot res", "tore "),
        ("kubeadm to", "ken "),
        ("kubeadm token cr", "eate "),
        ("kubeadm certs check", "-expiration "),
        ("kubeadm certs renew apiserver-k", "ubelet-client "),
        ("kubeadm init phase upload-", "c"),
        ("kubeadm init phase upload-ce", "rts "),
        ("kubeadm token create --print", "-join-command "),
        ("systemctl resta", "rt "),
        ("systemctl restart kube", "let "),
        ("systemctl --no-p", "ager "),
        ("journalctl -u kub", "elet "),
        ("journalctl --unit=kub", "elet "),
        ("journalctl --no-p", "ager "),
        ("crictl p", ""),
        ("crictl --na", "me"),
        ("crictl --names", "pace "),
        ("openssl s_c", "lient "),
        ("openssl x509 -in /etc/kubernetes/pki/apiserver.c", "rt "),
        ("openssl x509 -no", "out "),
        ("openssl s_client -conn", "ect "),
        ("openssl s_client -connect mast", "er"),
        ("openssl s_client -connect master1", ":"),
        ("curl --cac", "ert "),
        ("curl --cacert /etc/kubernetes/pki/ca.c", "rt "),
        ("ssh mast", "er"),
        ("ssh root@work", "er"),
        ("ssh master2 systemctl sto", "p "),
        ("scp /etc/kubernetes/admin.conf mast", "er"),
        ("scp master2:/etc/kubernetes/adm", "in.conf "),
        ("sudo systemctl resta", "rt "),
        ("ETCDCTL_API=3 etcdc", "tl "),
        ("kubectl get pods | gre", "p "),
        ("echo hi > /etc/kubernetes/ad", "min.conf "),
        ("cat '/etc/kubernetes/adm", "in.conf' "),
        ("cat \"/etc/kubernetes/adm", "in.conf\" "),
        ("cd /etc/kuber", "netes/"),
        ("sort --rev", "erse "),
        ("grep x /etc/host", "name "),
        ("which kubea", "dm "),
    ])
    func insertion(line: String, expected: String) {
        #expect(complete(line).insertion == expected, "line: \(line)")
    }

    @Test func listsWhatASecondTabShows() {
        #expect(complete("etc").insertion == "d", "the common prefix first")
        #expect(complete("etcd").listing == ["etcdctl", "etcdutl"])
        #expect(complete("etcd").insertion == "")
        #expect(complete("ls /etc/kubernetes/").listing.contains("manifests/"))
        #expect(complete("ls /etc/kubernetes/").listing.contains("admin.conf"))
        #expect(complete("kubectl get nodes ").listing == ["master1", "master2", "master3", "worker1", "worker2"])
        #expect(complete("ssh ").listing == ["lb", "master1", "master2", "master3", "worker1", "worker2"])
        #expect(complete("kubectl get pods -n kube-system etcd-").listing == ["etcd-master1", "etcd-master2", "etcd-master3"])
        #expect(complete("kubectl get pods etcd-").isEmpty, "the default namespace has no pods")
        #expect(complete("kubectl get pods -A etcd-").listing.count == 3)
        #expect(complete("etcdctl member ").listing == ["add", "list", "promote", "remove", "update"])
        #expect(complete("kubectl get ").listing.contains("leases"))
        #expect(complete("kubectl get ").listing.contains("pods"))
        #expect(complete("kubectl get no/").listing == ["no/master1", "no/master2", "no/master3", "no/worker1", "no/worker2"])
        #expect(complete("kubectl ").listing.contains("cluster-info"))
        #expect(complete("kubectl config ").listing.contains("get-contexts"))
        #expect(complete("crictl p").listing == ["pods", "ps"])
        #expect(complete("journalctl -u ").listing.contains("kubelet"))
        #expect(complete("kubectl get --").listing.contains("--output="))
        #expect(complete("kubectl get --").listing.contains("--show-labels"))
        #expect(complete("etcdctl --endpoints=").listing.contains("https://10.0.1.11:2379"))
    }

    @Test func kubectlFlagsComeFromItsTables() {
        // Every flag of `kubectl get` in kubectl's own table is offered.
        let offered = Set(complete("kubectl get --").listing)
        for flag in KubectlCommands.global + KubectlCommands.get {
            #expect(offered.contains("--" + flag.name) || offered.contains("--" + flag.name + "="), "--\(flag.name)")
        }
    }

    @Test func theCurrentContextsNamespaceIsTheDefault() {
        var changed = session
        #expect(changed.run("kubectl config set-context --current --namespace=kube-system").status == 0)
        let line = "kubectl get pods etcd-m"
        let completion = Completer.complete(line: line, cursor: line.count, state: changed.state, cluster: changed.cluster)
        #expect(completion.insertion == "aster")
    }

    @Test func completesOnTheHostTheShellIsOn() {
        // The lb has no kubeadm manifests; the worker has no kubectl installed.
        #expect(complete("ls /etc/kubernetes/man", host: "lb").isEmpty)
        #expect(!complete("kub", host: "worker1").listing.contains("kubectl"))
        #expect(complete("ls /etc/kubernetes/man", host: "master2").insertion == "ifests/")
    }

    @Test func theCursorBoundsTheWord() {
        let line = "etcdc --version"
        let completion = Completer.complete(line: line, cursor: 5, state: session.state, cluster: session.cluster)
        #expect(completion.insertion == "tl ")
    }

    /// Seeded random lines from shell fragments: completion returns, whatever the mix.
    @Test func randomLinesNeverTrapOrHang() {
        let pieces = [
            "k", "kubectl", "get", "-n", "kube-system", "pods", "etcd-", "|", "&&", ";", "'", "\"", "\\", "$(", ")",
            "--", "-o", "=", "/etc/", "~/", "..", ">", "2>&1", "<", "ssh", "master1", "scp", ":", "etcdctl", "member",
            "sudo", "A=1", "openssl", "s_client", "-connect", " ", "  ", "\t", "é", "*", "{", "}",
        ]
        var rng = SeededGenerator(seed: 11, label: "completion-fuzz")
        for _ in 0..<400 {
            let count = rng.int(in: 0...8)
            let line = (0..<count).map { _ in pieces[rng.int(in: 0...(pieces.count - 1))] }.joined(
                separator: rng.int(in: 0...2) == 0 ? "" : " ")
            let completion = Completer.complete(
                line: line, cursor: rng.int(in: 0...(line.count + 1)), state: session.state, cluster: session.cluster)
            #expect(completion.listing.count < 10_000)
        }
    }

    @Test(arguments: [
        "", " ", "'", "\"", "\\", "|", "||", "&&", ";", "$(", "$((", "((", "`", ">", "2>&", "<<EOF", "'\"\\",
        "kubectl '--namespace=", "kubectl -n", "kubectl --", "k -- -- --", "ssh", "ssh -i", "scp :", "scp nohost:",
        "sudo sudo sudo sudo sudo sudo k", "cat ~/", "cat ~", "cat ../../../../", "cd //", "etcdctl -", "kubeadm --",
        "openssl", "openssl x509 -in", "env A=1 B=2", "A=", "=x", "\u{0}", "é ü", "kubectl get pods/", "x\ny\tz",
    ])
    func neverFailsOnOddInput(line: String) {
        for cursor in [-3, 0, line.count / 2, line.count, line.count + 5] {
            _ = Completer.complete(line: line, cursor: cursor, state: session.state, cluster: session.cluster)
        }
    }
}
