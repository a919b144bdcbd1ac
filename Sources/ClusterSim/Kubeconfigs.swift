import Foundation

/// The kubeconfig files kubeadm writes to `/etc/kubernetes` (and the admin's `~/.kube/config`).
enum Kubeconfigs {
    static func render(server: String, ca: Certificate, user: String, client: Certificate?, clientFiles: String? = nil) -> String
    {
        // Built as bytes, the certificate data base64-encoded in place: every fresh control plane writes five.
        var text: [UInt8] = []
        text.reserveCapacity(6_000)
        func add(_ piece: String) { text.append(contentsOf: piece.utf8) }
        func data(_ pem: String) { text.append(contentsOf: Base64Codec.encode(pem.utf8)) }
        add("apiVersion: v1\nclusters:\n- cluster:\n    certificate-authority-data: ")
        data(ca.pem)
        add("\n    server: https://")
        add(server)
        add("\n  name: kubernetes\ncontexts:\n- context:\n    cluster: kubernetes\n    user: ")
        add(user)
        add("\n  name: ")
        add(user)
        add("@kubernetes\ncurrent-context: ")
        add(user)
        add("@kubernetes\nkind: Config\npreferences: {}\nusers:\n- name: ")
        add(user)
        add("\n  user:\n")
        if let clientFiles {
            add("    client-certificate: ")
            add(clientFiles)
            add("\n    client-key: ")
            add(clientFiles)
            add("\n")
        } else if let client {
            add("    client-certificate-data: ")
            data(client.pem)
            add("\n    client-key-data: ")
            data(PrivateKey(keyID: client.keyID).pem)
            add("\n")
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// admin.conf, super-admin.conf (first control plane only, as since v1.29), controller-manager.conf,
    /// scheduler.conf and kubelet.conf of a control-plane node.
    static func installControlPlane(
        _ node: ClusterSpec.NodeSpec, first: Bool, spec: ClusterSpec, files: inout FileSystem, pki: inout PKIFactory
    ) {
        let ca = pki.authority("kubernetes")
        let endpoint = spec.controlPlaneEndpoint
        let local = "\(node.ip):6443"
        let admin = render(
            server: endpoint, ca: ca, user: "kubernetes-admin",
            client: pki.leaf(
                "kubernetes-admin", organization: "kubeadm:cluster-admins", issuer: "kubernetes", usages: [.clientAuth]))
        files.install("/etc/kubernetes/admin.conf", admin, mode: 0o600)
        if first {
            files.install(
                "/etc/kubernetes/super-admin.conf",
                render(
                    server: endpoint, ca: ca, user: "kubernetes-super-admin",
                    client: pki.leaf(
                        "kubernetes-super-admin", organization: "system:masters", issuer: "kubernetes", usages: [.clientAuth])),
                mode: 0o600)
            files.install("/root/.kube/config", admin, mode: 0o600)
        }
        files.install(
            "/etc/kubernetes/controller-manager.conf",
            render(
                server: local, ca: ca, user: "system:kube-controller-manager",
                client: pki.leaf("system:kube-controller-manager", issuer: "kubernetes", usages: [.clientAuth])),
            mode: 0o600)
        files.install(
            "/etc/kubernetes/scheduler.conf",
            render(
                server: local, ca: ca, user: "system:kube-scheduler",
                client: pki.leaf("system:kube-scheduler", issuer: "kubernetes", usages: [.clientAuth])),
            mode: 0o600)
        installKubelet(node, spec: spec, files: &files, pki: &pki)
    }

    /// kubelet.conf points at the rotated client certificate under /var/lib/kubelet/pki.
    static func installKubelet(_ node: ClusterSpec.NodeSpec, spec: ClusterSpec, files: inout FileSystem, pki: inout PKIFactory) {
        let ca = pki.authority("kubernetes")
        let user = "system:node:\(node.name)"
        let current = "/var/lib/kubelet/pki/kubelet-client-current.pem"
        files.install(
            "/etc/kubernetes/kubelet.conf",
            render(server: spec.controlPlaneEndpoint, ca: ca, user: user, client: nil, clientFiles: current), mode: 0o600)
        let client = pki.leaf(user, organization: "system:nodes", issuer: "kubernetes", usages: [.clientAuth])
        files.install(current, client.pem + PrivateKey(keyID: client.keyID).pem, mode: 0o600)
    }
}
