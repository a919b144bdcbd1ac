import Foundation

/// The kubeconfig files kubeadm writes to `/etc/kubernetes` (and the admin's `~/.kube/config`).
enum Kubeconfigs {
    static func render(server: String, ca: Certificate, user: String, client: Certificate?, clientFiles: String? = nil) -> String
    {
        func data(_ text: String) -> String { Base64Codec.encode(text) }
        var text = "apiVersion: v1\nclusters:\n- cluster:\n    certificate-authority-data: \(data(ca.pem))\n"
        text += "    server: https://\(server)\n  name: kubernetes\ncontexts:\n- context:\n    cluster: kubernetes\n"
        text += "    user: \(user)\n  name: \(user)@kubernetes\ncurrent-context: \(user)@kubernetes\nkind: Config\n"
        text += "preferences: {}\nusers:\n- name: \(user)\n  user:\n"
        if let clientFiles {
            text += "    client-certificate: \(clientFiles)\n    client-key: \(clientFiles)\n"
        } else if let client {
            text += "    client-certificate-data: \(data(client.pem))\n"
            text += "    client-key-data: \(data(PrivateKey(keyID: client.keyID).pem))\n"
        }
        return text
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
