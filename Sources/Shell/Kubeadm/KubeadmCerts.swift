import ClusterSim

/// `kubeadm certs check-expiration` and `kubeadm certs renew`.
enum KubeadmCerts {
    private static func header(_ prefix: String, _ arguments: KubeadmArguments, _ context: inout ToolContext) -> String {
        switch Kubeadm.connect(arguments, &context) {
        case .success: return KubeadmText.readingConfiguration(prefix) + "\n"
        case .failure:
            return "[\(prefix)] Error reading configuration from the Cluster. Falling back to default configuration\n\n"
        }
    }

    static func checkExpiration(_ arguments: KubeadmArguments, _ context: inout ToolContext) -> Int32 {
        let cluster = context.cluster
        let host = context.host
        let local = cluster.kubeadmLocalEtcd
        var rows: [[String]] = [["CERTIFICATE", "EXPIRES", "RESIDUAL TIME", "CERTIFICATE AUTHORITY", "EXTERNALLY MANAGED"]]
        let now = cluster.now.milliseconds
        for entry in KubeadmManagedCertificate.all(localEtcd: local) {
            guard let certificate = cluster.managedCertificate(entry, on: host) else {
                // super-admin.conf exists only on the node that ran `kubeadm init`.
                if entry.name != "super-admin.conf" { rows.append(["!MISSING! \(entry.name)", "", "", "", ""]) }
                continue
            }
            rows.append([
                entry.name, KubeadmText.expiryDate(certificate.notAfter),
                KubeadmText.shortDuration(milliseconds: certificate.notAfter.milliseconds - now), entry.authority, "no      ",
            ])
        }
        rows.append([])
        rows.append(["CERTIFICATE AUTHORITY", "EXPIRES", "RESIDUAL TIME", "EXTERNALLY MANAGED"])
        for (name, path) in KubeadmManagedCertificate.authorities(localEtcd: local) {
            guard let ca = context.read(path).success.flatMap(Certificate.parse(pem:)) else {
                rows.append(["!MISSING! \(name)", "", "", ""])
                continue
            }
            rows.append([
                name, KubeadmText.expiryDate(ca.notAfter),
                KubeadmText.shortDuration(milliseconds: ca.notAfter.milliseconds - now),
                "no      ",
            ])
        }
        let head = header("check-expiration", arguments, &context)
        context.out(head + KubeadmText.tabwrite(rows))
        return 0
    }

    static func renew(_ arguments: KubeadmArguments, _ context: inout ToolContext) -> Int32 {
        let entries = KubeadmManagedCertificate.all(localEtcd: context.cluster.kubeadmLocalEtcd)
        guard let target = arguments.words.dropFirst(2).first else {
            context.err(KubeadmText.error(phase: nil, "missing subcommand; \"renew\" is not meant to be run on its own"))
            return 1
        }
        let chosen = target == "all" ? entries : entries.filter { $0.name == target }
        guard !chosen.isEmpty else {
            context.err(KubeadmText.error(phase: nil, "invalid subcommand: \"\(target)\""))
            return 1
        }
        var out = header("renew", arguments, &context)
        let host = context.host
        for entry in chosen {
            if context.cluster.renewManagedCertificate(entry, on: host) {
                out += "\(entry.longName) renewed\n"
            } else if entry.name != "super-admin.conf" {
                out += "MISSING! \(entry.longName)\n"
            }
        }
        if target == "all" {
            out +=
                "\nDone renewing certificates. You must restart the kube-apiserver, kube-controller-manager, kube-scheduler and etcd, so that they can use the new certificates.\n"
        }
        context.cluster.advance(milliseconds: 400)
        context.out(out)
        return 0
    }
}
