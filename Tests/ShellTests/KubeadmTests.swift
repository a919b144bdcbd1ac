import ClusterSim
import Foundation
import Shell
import Testing

/// The bare-3 shape of `Content/clusters/bare-3.yaml`: nothing initialised.
let bareThree = ClusterSpec(
    id: "bare-3", topology: .stacked,
    nodes: [
        ClusterSpec.NodeSpec(name: "lb", ip: "10.0.1.100", role: .loadBalancer),
        ClusterSpec.NodeSpec(name: "master1", ip: "10.0.1.10", role: .controlPlane),
        ClusterSpec.NodeSpec(name: "master2", ip: "10.0.1.11", role: .controlPlane),
        ClusterSpec.NodeSpec(name: "master3", ip: "10.0.1.12", role: .controlPlane),
        ClusterSpec.NodeSpec(name: "worker1", ip: "10.0.1.20", role: .worker),
        ClusterSpec.NodeSpec(name: "worker2", ip: "10.0.1.21", role: .worker),
    ], initialized: false)

extension ShellResult {
    var out: String { segments.filter { $0.stream == .stdout }.map(\.text).joined() }
    var err: String { segments.filter { $0.stream == .stderr }.map(\.text).joined() }
}

@Suite struct KubeadmTests {
    /// A bare-3 shell after `kubeadm init` on master1 with the LB endpoint and `--upload-certs`,
    /// plus the two join commands it printed.
    static func initialized(seed: UInt64 = 11) -> (Session, worker: String, controlPlane: String) {
        var session = Session(seed: seed)
        session.cluster = Cluster.build(spec: bareThree, seed: seed)
        let result = session.run(
            "kubeadm init --control-plane-endpoint 10.0.1.100:6443 --upload-certs --pod-network-cidr 10.244.0.0/16")
        #expect(result.status == 0, "\(result.err)")
        let lines = result.out.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        var commands: [String] = []
        var index = 0
        while index < lines.count {
            if lines[index].hasPrefix("kubeadm join") {
                var command = ""
                while index < lines.count {
                    let line = lines[index]
                    command += line.hasSuffix("\\") ? String(line.dropLast()) : line
                    index += 1
                    if !line.hasSuffix("\\") { break }
                }
                commands.append(command)
            } else {
                index += 1
            }
        }
        return (session, commands.last ?? "", commands.first ?? "")
    }

    @Test func initPrintsBothJoinCommands() {
        let (session, worker, controlPlane) = Self.initialized()
        #expect(controlPlane.contains("--control-plane --certificate-key"))
        #expect(worker.hasPrefix("kubeadm join 10.0.1.100:6443 --token "))
        #expect(session.cluster.etcd.voters.count == 1)
        #expect(session.cluster.etcd.leader?.name == "master1")
    }

    /// The Lease objects appear when the first controller-manager and scheduler take them, so
    /// their age counts from `kubeadm init`, not from when the machines were made.
    @Test func leasesAreAsOldAsTheInit() {
        var (session, _, _) = Self.initialized()
        _ = session.run("sleep 90")
        let leases = session.run("kubectl --kubeconfig /etc/kubernetes/admin.conf -n kube-system get lease --no-headers")
        let ages = leases.out.split(separator: "\n").map { $0.split(separator: " ").last.map(String.init) ?? "" }
        #expect(ages.count == 2, "\(leases.out)\(leases.err)")
        #expect(
            ages.allSatisfy { ["90s", "91s", "92s", "93s", "94s", "95s", "96s", "97s", "98s", "99s"].contains($0) }, "\(ages)")
    }

    @Test func workerJoinsAndBecomesReady() {
        var (session, worker, _) = Self.initialized()
        _ = session.run("ssh worker1")
        let joined = session.run(worker)
        #expect(joined.status == 0, "\(joined.err)")
        #expect(joined.out.contains("This node has joined the cluster:"))
        _ = session.run("exit")
        let nodes = session.run("kubectl --kubeconfig /etc/kubernetes/admin.conf get nodes")
        #expect(nodes.out.contains("worker1   Ready"), "\(nodes.out)\(nodes.err)")
    }

    @Test func controlPlaneJoinsAddEtcdVoters() {
        var (session, _, controlPlane) = Self.initialized()
        for (host, voters) in [("master2", 2), ("master3", 3)] {
            _ = session.run("ssh \(host)")
            let joined = session.run(controlPlane)
            #expect(joined.status == 0, "\(joined.out)\(joined.err)")
            _ = session.run("exit")
            #expect(session.cluster.etcd.voters.count == voters)
            #expect(session.cluster.etcd.voters.allSatisfy { $0.running })
            #expect(session.cluster.etcd.member(onNode: host)?.name == host)
        }
    }

    @Test func expiredTokenIsRefused() {
        var (session, worker, _) = Self.initialized()
        _ = session.run("sleep 25h")
        _ = session.run("ssh worker1")
        let joined = session.run(worker)
        #expect(joined.status == 1)
        #expect(joined.err.contains("could not find a JWS signature in the cluster-info ConfigMap for token ID"))
    }

    @Test func certificateKeyExpiresAfterTwoHours() {
        var (session, _, controlPlane) = Self.initialized()
        _ = session.run("sleep 2h")
        _ = session.run("ssh master2")
        let joined = session.run(controlPlane)
        #expect(joined.status == 1)
        #expect(
            joined.err.contains(
                "Secret \"kubeadm-certs\" was not found in the \"kube-system\" Namespace. This Secret might have expired."))
        _ = session.run("exit")
        let upload = session.run("kubeadm init phase upload-certs --upload-certs")
        let key = upload.out.split(separator: "\n").last.map(String.init) ?? ""
        #expect(key.count == 64)
        let token = session.run("kubeadm token create --print-join-command --certificate-key \(key)")
        _ = session.run("ssh master2")
        let retried = session.run(token.out.trimmingCharacters(in: .whitespacesAndNewlines))
        #expect(retried.status == 0, "\(retried.err)")
    }

    @Test func renewChangesExpiryDates() {
        var session = Session(seed: 5)
        let before = session.run("openssl x509 -enddate -noout -in /etc/kubernetes/pki/apiserver.crt").out
        _ = session.run("sleep 30d")
        let renewed = session.run("kubeadm certs renew all")
        #expect(renewed.out.contains("certificate for serving the Kubernetes API renewed"))
        #expect(renewed.out.hasSuffix("so that they can use the new certificates.\n"))
        let after = session.run("openssl x509 -enddate -noout -in /etc/kubernetes/pki/apiserver.crt").out
        #expect(before != after)
        let table = session.run("kubeadm certs check-expiration").out
        #expect(table.contains("apiserver                  "))
        #expect(table.contains("364d"))
    }

    @Test func tokenListShowsCreatedTokens() {
        var session = Session(seed: 5)
        #expect(session.run("kubeadm token list").out.isEmpty)
        let token = session.run("kubeadm token create").out
        let list = session.run("kubeadm token list").out
        #expect(
            list.hasPrefix("TOKEN                     TTL         EXPIRES                USAGES                   DESCRIPTION"))
        #expect(list.contains(token.trimmingCharacters(in: .newlines) + "   23h"))
    }

    @Test(arguments: [
        "kubeadm", "kubeadm bogus", "kubeadm --nope", "kubeadm join", "kubeadm join x --token", "kubeadm token delete",
        "kubeadm init --config /nope", "kubeadm certs renew nothing",
        "kubeadm join 10.0.1.100:6443 --token a.b --discovery-token-ca-cert-hash x",
        "kubeadm reset", "kubeadm version -o bogus", "kubeadm upgrade plan", "kubeadm token create bad",
    ])
    func badInputNeverCrashes(_ line: String) {
        var session = Session(seed: 3)
        let result = session.run(line)
        #expect(result.status != 0 || !result.out.isEmpty)
    }
}
