import Testing

@testable import ClusterSim

@Suite struct APIServerTests {
    /// Moves a manifest of a node away, as `mv` does.
    func remove(_ cluster: inout Cluster, _ node: String, _ file: String) {
        cluster.updateNode(node) { node in
            let path = "/etc/kubernetes/manifests/\(file)"
            guard let text = node.files.read(path).success else { return }
            _ = node.files.write("/root/\(file)", text)
            _ = node.files.remove(path)
        }
    }

    @Test func healthyClusterPassesEveryEndpoint() {
        let cluster = Cluster.build(spec: stacked3, seed: 7)
        for node in ["master1", "master2", "master3"] {
            let status = cluster.apiServerStatus(node: node)
            #expect(status.listening && status.healthy, "seed 7 \(node)")
            for endpoint in APIServerStatus.Endpoint.allCases { #expect(status.passes(endpoint)) }
        }
        #expect(!cluster.apiServerStatus(node: "worker1").listening)
    }

    @Test func lostQuorumFailsTheEtcdChecksOfLivezAndReadyz() {
        var cluster = Cluster.build(spec: stacked3, seed: 7)
        remove(&cluster, "master2", "etcd.yaml")
        remove(&cluster, "master3", "etcd.yaml")
        cluster.advance(milliseconds: 25_000)
        let status = cluster.apiServerStatus(node: "master1")
        #expect(status.listening && !status.healthy, "seed 7")
        #expect(!status.passes(.livez) && !status.passes(.readyz) && !status.passes(.healthz))
        let failed = status.checks(.readyz).filter { !$0.passed }.map(\.name)
        #expect(failed == ["etcd", "etcd-readiness"])
        #expect(status.checks(.livez).filter { !$0.passed }.map(\.name) == ["etcd"])
        #expect(status.checks(.livez).prefix(3).map(\.name) == ["ping", "log", "etcd"])
        #expect(status.checks(.readyz).last?.name == "shutdown")
    }

    @Test func theLocalMemberDownIsEnoughWithTheKubeadmEtcdServers() {
        // kubeadm points each API server at its own member only (https://127.0.0.1:2379).
        var cluster = Cluster.build(spec: stacked3, seed: 7)
        remove(&cluster, "master1", "etcd.yaml")
        cluster.advance(milliseconds: 25_000)
        #expect(cluster.etcd.hasQuorum)
        #expect(!cluster.apiServerStatus(node: "master1").healthy, "seed 7")
        #expect(cluster.apiServerStatus(node: "master2").healthy, "seed 7")
    }

    @Test func wrongEtcdClientCertificateMakesTheServerUnready() {
        var cluster = Cluster.build(spec: stacked3, seed: 7)
        cluster.updateNode("master1") { node in
            let ca = node.files.read("/etc/kubernetes/pki/ca.crt").success ?? ""
            _ = node.files.write("/etc/kubernetes/pki/apiserver-etcd-client.crt", ca)
        }
        #expect(!cluster.apiServerStatus(node: "master1").healthy, "seed 7")
    }
}

@Suite struct HAProxyRuntimeTests {
    let backend = "k8s-api-backend"

    func remove(_ cluster: inout Cluster, _ node: String) {
        APIServerTests().remove(&cluster, node, "kube-apiserver.yaml")
    }

    @Test func theGuideConfigStartsWithEveryServerUp() throws {
        let cluster = Cluster.build(spec: stacked3, seed: 7)
        let runtime = try #require(cluster.loadBalancers["lb"])
        #expect(runtime.health.available(backend: backend).map(\.name) == ["master1", "master2", "master3"])
    }

    /// `check fall 3 rise 2` with the default `inter 2s`: the kubelet stops the pod at its next file
    /// check, then the third failed check (4-6 s later) takes the server DOWN.
    @Test(arguments: [UInt64(7), 11, 23, 99])
    func aStoppedAPIServerGoesDownAfterThreeFailedChecks(seed: UInt64) throws {
        var cluster = Cluster.build(spec: stacked3, seed: seed)
        let start = cluster.now.milliseconds
        remove(&cluster, "master1")
        cluster.advance(milliseconds: 60_000)
        let sync = (start / Kubelet.fileCheckMilliseconds + 1) * Kubelet.fileCheckMilliseconds
        let stopped = try #require(cluster.events.first { $0.message.hasPrefix("static pod kube-apiserver-master1 stopped") })
        #expect(stopped.time.milliseconds == sync, "seed \(seed)")
        let down = try #require(cluster.events.first { $0.message.contains("Server \(backend)/master1 is DOWN") })
        #expect(down.time.milliseconds > sync + 4_000 && down.time.milliseconds <= sync + 6_000, "seed \(seed)")
        #expect(
            down.message.hasSuffix(
                "reason: Layer4 connection problem, info: \"Connection refused at initial connection step of tcp-check\", check duration: 0ms. 2 active and 0 backup servers left. 0 sessions active, 0 requeued, 0 remaining in queue."
            ), "seed \(seed)")
        #expect(cluster.loadBalancers["lb"]?.health.state(backend: backend, server: "master1") == .down)
    }

    @Test func aReturningServerComesBackUpAfterTwoGoodChecks() throws {
        var cluster = Cluster.build(spec: stacked3, seed: 7)
        remove(&cluster, "master2")
        cluster.advance(milliseconds: 40_000)
        cluster.updateNode("master2") { node in
            let text = node.files.read("/root/kube-apiserver.yaml").success ?? ""
            _ = node.files.write("/etc/kubernetes/manifests/kube-apiserver.yaml", text)
        }
        cluster.advance(milliseconds: 40_000)
        let up = try #require(cluster.events.last { $0.message.contains("Server \(backend)/master2 is UP") })
        #expect(
            up.message.hasSuffix(
                "reason: Layer4 check passed, check duration: 0ms. 3 active and 0 backup servers online. 0 sessions requeued, 0 total in queue."
            ))
    }

    @Test func allDownRaisesTheAlertAndRoutesNowhere() {
        var cluster = Cluster.build(spec: stacked3, seed: 7)
        for node in ["master1", "master2", "master3"] { remove(&cluster, node) }
        cluster.advance(milliseconds: 30_000)
        #expect(cluster.events.contains { $0.message.hasSuffix("backend '\(backend)' has no server available!") })
        let result1 = cluster.routeThroughHAProxy(on: "lb", port: 6443)
        #expect(result1 == .noServer(backend: backend))
        let result2 = cluster.routeThroughHAProxy(on: "lb", port: 8443)
        #expect(result2 == .refused)
    }

    @Test func roundRobinSkipsTheDownServer() {
        var cluster = Cluster.build(spec: stacked3, seed: 7)
        remove(&cluster, "master2")
        cluster.advance(milliseconds: 30_000)
        var chosen: [String] = []
        for _ in 0..<4 {
            if case .server(_, let name, _, _) = cluster.routeThroughHAProxy(on: "lb", port: 6443) { chosen.append(name) }
        }
        #expect(chosen == ["master1", "master3", "master1", "master3"])
    }

    @Test func editsWaitForAReloadAndABrokenFileKeepsTheOldConfig() {
        var cluster = Cluster.build(spec: stacked3, seed: 7)
        cluster.updateNode("lb") { node in
            let text = node.files.read(HAProxyRuntime.configPath).success ?? ""
            _ = node.files.write(HAProxyRuntime.configPath, text.replacingOccurrences(of: "bind *:6443", with: "bind *:7443"))
        }
        let result3 = cluster.routeThroughHAProxy(on: "lb", port: 6443)
        #expect(result3 != .refused, "nothing changes before a reload")
        let result4 = cluster.reloadUnit("haproxy", on: "lb")
        #expect(result4)
        let result5 = cluster.routeThroughHAProxy(on: "lb", port: 6443)
        #expect(result5 == .refused)
        cluster.updateNode("lb") { node in _ = node.files.write(HAProxyRuntime.configPath, "frontend x\n    bindd *:1\n") }
        let reloaded = cluster.reloadUnit("haproxy", on: "lb")
        #expect(!reloaded)
        let result6 = cluster.routeThroughHAProxy(on: "lb", port: 7443)
        #expect(result6 != .refused, "the old configuration stays")
        cluster.stopUnit("haproxy", on: "lb")
        let result7 = cluster.routeThroughHAProxy(on: "lb", port: 7443)
        #expect(result7 == .refused)
        cluster.startUnit("haproxy", on: "lb")
        #expect(cluster.node(named: "lb")?.units["haproxy"] == .failed)
    }

    @Test func idleJumpsStayCheap() {
        var cluster = Cluster.build(spec: stacked3, seed: 7)
        cluster.advance(milliseconds: 30 * 86_400_000)
        #expect(cluster.loadBalancers["lb"]?.health.available(backend: backend).count == 3)
    }
}
