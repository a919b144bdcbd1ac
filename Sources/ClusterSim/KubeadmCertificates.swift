import Foundation

/// One certificate kubeadm manages on a control-plane node, as `kubeadm certs` lists them.
public struct KubeadmManagedCertificate: Sendable, Hashable, Codable {
    public var name: String
    /// The phrase `certs renew` prints (`certificate for serving the Kubernetes API`).
    public var longName: String
    /// The `.crt` file under /etc/kubernetes/pki, or the kubeconfig file that embeds it.
    public var path: String
    public var authority: String
    public var inKubeconfig: Bool

    /// kubeadm's renewal handlers, sorted by name as its renewal manager lists them.
    public static func all(localEtcd: Bool) -> [KubeadmManagedCertificate] {
        func pki(_ name: String, _ file: String, _ ca: String, _ long: String) -> KubeadmManagedCertificate {
            KubeadmManagedCertificate(
                name: name, longName: long, path: "/etc/kubernetes/pki/\(file).crt", authority: ca, inKubeconfig: false)
        }
        func conf(_ name: String, _ long: String) -> KubeadmManagedCertificate {
            KubeadmManagedCertificate(
                name: name, longName: "certificate embedded in the kubeconfig file for the \(long)",
                path: "/etc/kubernetes/\(name)", authority: "ca", inKubeconfig: true)
        }
        var list = [
            conf("admin.conf", "admin to use and for kubeadm itself"),
            pki("apiserver", "apiserver", "ca", "certificate for serving the Kubernetes API"),
            pki(
                "apiserver-kubelet-client", "apiserver-kubelet-client", "ca",
                "certificate for the API server to connect to kubelet"),
            conf("controller-manager.conf", "controller manager to use"),
            pki("front-proxy-client", "front-proxy-client", "front-proxy-ca", "certificate for the front proxy client"),
            conf("scheduler.conf", "scheduler manager to use"),
            conf("super-admin.conf", "super-admin"),
        ]
        if localEtcd {
            list += [
                pki("apiserver-etcd-client", "apiserver-etcd-client", "etcd-ca", "certificate the apiserver uses to access etcd"),
                pki(
                    "etcd-healthcheck-client", "etcd/healthcheck-client", "etcd-ca",
                    "certificate for liveness probes to healthcheck etcd"),
                pki("etcd-peer", "etcd/peer", "etcd-ca", "certificate for etcd nodes to communicate with each other"),
                pki("etcd-server", "etcd/server", "etcd-ca", "certificate for serving etcd"),
            ]
        }
        return list.sorted { $0.name < $1.name }
    }

    /// The CAs: name and certificate file.
    public static func authorities(localEtcd: Bool) -> [(name: String, path: String)] {
        [("ca", "/etc/kubernetes/pki/ca.crt")] + (localEtcd ? [("etcd-ca", "/etc/kubernetes/pki/etcd/ca.crt")] : [])
            + [("front-proxy-ca", "/etc/kubernetes/pki/front-proxy-ca.crt")]
    }
}

extension Cluster {
    /// Whether kubeadm manages a local (stacked) etcd in this cluster.
    public var kubeadmLocalEtcd: Bool {
        if let configuration = kubeadm.configuration { return !configuration.etcd.isExternal }
        return spec.topology != .external
    }

    /// The certificate a managed entry names on a node (from its file or embedded in its kubeconfig).
    public func managedCertificate(_ entry: KubeadmManagedCertificate, on nodeName: String) -> Certificate? {
        guard let text = node(named: nodeName)?.files.read(entry.path).success else { return nil }
        guard entry.inKubeconfig else { return Certificate.parse(pem: text) }
        guard let data = Self.embeddedValue("client-certificate-data", in: text),
            let decoded = Data(base64Encoded: data).map({ String(decoding: $0, as: UTF8.self) })
        else { return nil }
        return Certificate.parse(pem: decoded)
    }

    static func embeddedValue(_ key: String, in text: String) -> String? {
        for line in text.split(separator: "\n") {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix(key + ":") {
                return trimmed.dropFirst(key.count + 1).trimmingCharacters(in: .whitespaces)
            }
        }
        return nil
    }

    /// `kubeadm certs renew NAME`: a new key and certificate, valid for a year from now, signed by
    /// the local CA. False when the certificate is missing on the node.
    public mutating func renewManagedCertificate(_ entry: KubeadmManagedCertificate, on nodeName: String) -> Bool {
        guard let old = managedCertificate(entry, on: nodeName), let text = node(named: nodeName)?.files.read(entry.path).success
        else { return false }
        var rng = kubeadmRNG()
        var renewed = old
        renewed.serial = rng.next() >> 1
        renewed.notBefore = now
        renewed.notAfter = now.adding(days: 365)
        renewed.keyID = String(rng.next(), radix: 16)
        let key = PrivateKey(keyID: renewed.keyID).pem
        updateNode(nodeName) { node in
            if entry.inKubeconfig {
                var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
                for index in lines.indices {
                    let indent = String(lines[index].prefix { $0 == " " })
                    let trimmed = lines[index].trimmingCharacters(in: .whitespaces)
                    if trimmed.hasPrefix("client-certificate-data:") {
                        lines[index] = indent + "client-certificate-data: " + Base64Codec.encode(renewed.pem)
                    } else if trimmed.hasPrefix("client-key-data:") {
                        lines[index] = indent + "client-key-data: " + Base64Codec.encode(key)
                    }
                }
                node.files.install(entry.path, lines.joined(separator: "\n"), mode: 0o600)
            } else {
                node.files.install(entry.path, renewed.pem)
                node.files.install(String(entry.path.dropLast(4)) + ".key", key, mode: 0o600)
            }
        }
        record("kubeadm", "\(entry.name) renewed on \(nodeName), valid until \(renewed.notAfter.civil.opensslDate)")
        return true
    }

    /// What `kubeadm reset` did.
    public struct KubeadmResetReport: Sendable, Hashable, Codable {
        public var etcdDataDir: String?
        /// Why the node's etcd member could not be removed (nil when it was, or there was none).
        public var memberRemovalFailure: String?
    }

    /// `kubeadm reset -f`: the node's etcd member leaves (when the cluster can take the change),
    /// its data, manifests, certificates and kubeconfigs are deleted, and the kubelet stops.
    public mutating func kubeadmReset(on nodeName: String) -> KubeadmResetReport {
        var report = KubeadmResetReport()
        guard let node = node(named: nodeName) else { return report }
        let hasEtcd =
            node.staticPods.values.contains { $0.pod.name == "etcd" } || node.files.isFile("/etc/kubernetes/manifests/etcd.yaml")
        if hasEtcd, let member = etcd.member(onNode: nodeName) {
            let via =
                etcd.leader.flatMap { $0.id == member.id ? nil : $0 } ?? etcd.voters.first { $0.running && $0.id != member.id }
            if let via, case .success = etcdMemberRemove(id: member.id, via: via) {
                report.memberRemovalFailure = nil
            } else {
                report.memberRemovalFailure = "etcd cluster is not reachable or the member cannot be removed"
            }
        }
        if hasEtcd || node.files.isDirectory("/var/lib/etcd") { report.etcdDataDir = hasEtcd ? "/var/lib/etcd" : nil }
        stopUnit("kubelet", on: nodeName)
        updateNode(nodeName) { node in
            node.staticPods = [:]
            if hasEtcd { _ = node.files.removeTree("/var/lib/etcd"); node.files.makeDirectories("/var/lib/etcd") }
            for directory in ["/etc/kubernetes/manifests", "/var/lib/kubelet", "/etc/kubernetes/pki"] {
                _ = node.files.removeTree(directory)
                node.files.makeDirectories(directory)
            }
            for file in [
                "admin.conf", "super-admin.conf", "kubelet.conf", "bootstrap-kubelet.conf", "controller-manager.conf",
                "scheduler.conf",
            ] {
                _ = node.files.remove("/etc/kubernetes/\(file)")
            }
        }
        record("kubeadm", "kubeadm reset on \(nodeName)")
        reconcileEtcd()
        reconcileLeases()
        return report
    }
}
