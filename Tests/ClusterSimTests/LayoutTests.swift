import Testing

@testable import ClusterSim

/// The kubeadm file layout of each base cluster shape.
@Suite struct LayoutTests {
    static let external = ClusterSpec(
        id: "external-etcd-3", topology: .external,
        nodes: [
            ClusterSpec.NodeSpec(name: "lb", ip: "10.0.1.100", role: .loadBalancer),
            ClusterSpec.NodeSpec(name: "master1", ip: "10.0.1.10", role: .controlPlane),
            ClusterSpec.NodeSpec(name: "master2", ip: "10.0.1.11", role: .controlPlane),
            ClusterSpec.NodeSpec(name: "etcd1", ip: "10.0.1.20", role: .etcd),
            ClusterSpec.NodeSpec(name: "etcd2", ip: "10.0.1.21", role: .etcd),
            ClusterSpec.NodeSpec(name: "etcd3", ip: "10.0.1.22", role: .etcd),
        ])

    @Test func stackedControlPlaneRunsFourStaticPods() throws {
        let cluster = Cluster.build(spec: stacked3, seed: 9)
        let master = try #require(cluster.node(named: "master2"))
        #expect(
            master.staticPods.values.map(\.pod.name).sorted() == [
                "etcd", "kube-apiserver", "kube-controller-manager", "kube-scheduler",
            ])
        let apiserver = try #require(master.staticPods["/etc/kubernetes/manifests/kube-apiserver.yaml"]?.pod)
        #expect(apiserver.flag("etcd-servers") == "https://127.0.0.1:2379")
        #expect(apiserver.flag("advertise-address") == "10.0.1.11")
        let cm = try #require(master.staticPods["/etc/kubernetes/manifests/kube-controller-manager.yaml"]?.pod)
        #expect(cm.flag("leader-elect") == "true" && cm.flag("cluster-cidr") == "10.244.0.0/16")
        #expect(cm.hostPaths["kubeconfig"] == "/etc/kubernetes/controller-manager.conf")
    }

    @Test func kubeconfigsPointWhereKubeadmPointsThem() throws {
        let cluster = Cluster.build(spec: stacked3, seed: 9)
        let first = try #require(cluster.node(named: "master1")).files
        let second = try #require(cluster.node(named: "master2")).files
        #expect(try first.read("/etc/kubernetes/admin.conf").get().contains("    server: https://10.0.1.100:6443\n"))
        #expect(try second.read("/etc/kubernetes/scheduler.conf").get().contains("    server: https://10.0.1.11:6443\n"))
        #expect(first.isFile("/etc/kubernetes/super-admin.conf") && !second.isFile("/etc/kubernetes/super-admin.conf"))
        #expect(first.isFile("/root/.kube/config"))
        let kubelet = try #require(cluster.node(named: "worker1")).files
        #expect(
            try kubelet.read("/etc/kubernetes/kubelet.conf").get().contains(
                "client-certificate: /var/lib/kubelet/pki/kubelet-client-current.pem\n"))
    }

    @Test func loadBalancerHasTheGuidesHAProxyConfig() throws {
        let cluster = Cluster.build(spec: stacked3, seed: 9)
        let config = try #require(cluster.node(named: "lb")).files.read("/etc/haproxy/haproxy.cfg").get()
        #expect(
            config.hasSuffix(
                """
                    option tcp-check
                    server master1 10.0.1.10:6443 check fall 3 rise 2
                    server master2 10.0.1.11:6443 check fall 3 rise 2
                    server master3 10.0.1.12:6443 check fall 3 rise 2

                """))
    }

    @Test func externalEtcdRunsFromSystemdUnits() throws {
        var cluster = Cluster.build(spec: Self.external, seed: 4)
        #expect(cluster.etcd.members.map(\.node).sorted() == ["etcd1", "etcd2", "etcd3"])
        let unit = try #require(cluster.node(named: "etcd2")).files.read(Cluster.etcdUnitPath).get()
        let words = SystemFiles.execStartWords(unit)
        #expect(words.first == "/usr/local/bin/etcd" && words.contains("--name=etcd2"))
        #expect(
            words.contains(
                "--initial-cluster=etcd1=https://10.0.1.20:2380,etcd2=https://10.0.1.21:2380,etcd3=https://10.0.1.22:2380"))
        let member = try #require(cluster.etcd.member(onNode: "etcd2"))
        let config = try #require(cluster.etcdServerConfig(for: member))
        #expect(
            config.certFile == "/etc/etcd/pki/etcd2.pem" && config.trustedCAFile == "/etc/etcd/pki/ca.pem"
                && config.clientCertAuth)
        let master = try #require(cluster.node(named: "master1"))
        #expect(master.staticPods.count == 3, "no etcd static pod on an external-etcd control plane")
        #expect(
            master.files.isFile("/etc/kubernetes/pki/etcd/client.pem") && !master.files.isFile("/etc/kubernetes/pki/etcd/ca.crt"))
        cluster.updateNode("etcd1") { $0.units["etcd"] = .inactive }
        cluster.advance(milliseconds: Kubelet.fileCheckMilliseconds)
        #expect(cluster.etcd.member(onNode: "etcd1")?.running == false && cluster.etcd.hasQuorum)
    }

    @Test func bareMachinesAreNotInitialised() throws {
        var spec = stacked3
        spec.initialized = false
        let cluster = Cluster.build(spec: spec, seed: 1)
        #expect(cluster.etcd.members.isEmpty && cluster.etcd.leader == nil)
        let master = try #require(cluster.node(named: "master1"))
        #expect(master.units["kubelet"] == .failed && master.staticPods.isEmpty)
        #expect(!master.files.exists("/etc/kubernetes/admin.conf") && master.files.isDirectory("/etc/kubernetes/manifests"))
        #expect(master.files.isFile("/usr/lib/systemd/system/kubelet.service.d/10-kubeadm.conf"))
    }
}

@Suite struct PrefilledPodTests {
    /// The builder starts pods from the manifests it writes without parsing them; what it
    /// assumes must be exactly what the kubelet reads from the files.
    @Test(arguments: [true, false])
    func prefilledPodsMatchTheirManifests(external: Bool) throws {
        let cluster = Cluster.build(spec: external ? LayoutTests.external : stacked3, seed: 21)
        var checked = 0
        for node in cluster.nodes {
            for (path, running) in node.staticPods {
                let text = try node.files.read(path).get()
                #expect(running.manifest == text)
                #expect(try StaticPod.parse(text, path: path).get() == running.pod, "\(node.name) \(path)")
                checked += 1
            }
        }
        #expect(checked == (external ? 6 : 12))
    }
}
