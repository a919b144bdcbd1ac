import ClusterSim

/// `kubeadm token create|list|delete` and `kubeadm init phase upload-certs`.
enum KubeadmTokens {
    static func create(_ arguments: KubeadmArguments, _ context: inout ToolContext) -> Int32 {
        if case .failure(let message) = Kubeadm.connect(arguments, &context) {
            context.err(KubeadmText.error(phase: nil, message.text))
            return 1
        }
        let given = arguments.words.dropFirst(2).first
        if let given, !BootstrapToken.isValid(given) {
            context.err(
                KubeadmText.error(
                    phase: nil, "the bootstrap token \"\(given)\" was not of the form \"^([a-z0-9]{6})\\\\.([a-z0-9]{16})$\""))
            return 1
        }
        var ttl = BootstrapToken.defaultTTLMilliseconds
        if let raw = arguments.value("ttl") {
            guard let parsed = GoDuration.milliseconds(raw) else {
                context.err(
                    KubeadmText.error(
                        phase: nil, "invalid argument \"\(raw)\" for \"--ttl\" flag: time: invalid duration \"\(raw)\""))
                return 1
            }
            ttl = parsed
        }
        let key = arguments.value("certificate-key")
        if key != nil && !arguments.has("print-join-command") {
            context.err(KubeadmText.error(phase: nil, "cannot use --certificate-key without --print-join-command"))
            return 1
        }
        let usages = arguments.all("usages")
        let groups = arguments.all("groups")
        let token = context.cluster.createBootstrapToken(
            given, ttlMilliseconds: ttl, description: arguments.value("description") ?? "",
            usages: usages.isEmpty ? BootstrapToken.defaultUsages : usages,
            groups: groups.isEmpty ? BootstrapToken.defaultGroups : groups)
        context.cluster.advance(milliseconds: 120)
        guard arguments.has("print-join-command") else {
            context.out(token.token + "\n")
            return 0
        }
        let endpoint = context.cluster.kubeadm.configuration?.controlPlaneEndpoint ?? "\(context.node?.ip ?? ""):6443"
        let command = KubeadmText.joinCommand(
            endpoint: endpoint, token: token.token, hash: context.cluster.clusterCACertHash ?? "", certificateKey: key,
            controlPlane: key != nil)
        context.out(KubeadmText.oneLine(command) + "\n")
        return 0
    }

    static func list(_ arguments: KubeadmArguments, _ context: inout ToolContext) -> Int32 {
        if case .failure(let message) = Kubeadm.connect(arguments, &context) {
            context.err(KubeadmText.error(phase: nil, message.text))
            return 1
        }
        let now = context.cluster.now
        var out = ""
        // kubeadm prints each token with its own tabwriter; the header shares the first one's.
        for (index, token) in context.cluster.bootstrapTokens.enumerated() {
            let ttl =
                token.expires.map { KubeadmText.shortDuration(milliseconds: $0.milliseconds - now.milliseconds) } ?? "<forever>"
            let expires = token.expires.map(APIConnection.rfc3339) ?? "<never>"
            let usages = token.usages.isEmpty ? "<none>" : token.usages.joined(separator: ",")
            let description = token.description.isEmpty ? "<none>" : token.description
            let groups = token.groups.isEmpty ? "<none>" : token.groups.joined(separator: ",")
            var rows: [[String]] = []
            if index == 0 { rows.append(["TOKEN", "TTL", "EXPIRES", "USAGES", "DESCRIPTION", "EXTRA GROUPS"]) }
            rows.append([
                token.token, ttl.padding(toLength: max(9, ttl.count), withPad: " ", startingAt: 0), expires,
                usages.padding(toLength: max(22, usages.count), withPad: " ", startingAt: 0),
                description.padding(toLength: max(56, description.count), withPad: " ", startingAt: 0), groups,
            ])
            out += KubeadmText.tabwrite(rows)
        }
        context.out(out)
        return 0
    }

    static func delete(_ arguments: KubeadmArguments, _ context: inout ToolContext) -> Int32 {
        let values = Array(arguments.words.dropFirst(2))
        guard !values.isEmpty else {
            context.err(
                KubeadmText.error(
                    phase: nil,
                    "missing argument; 'token delete' is missing token of form \"^([a-z0-9]{6})\\\\.([a-z0-9]{16})$\" or \"^([a-z0-9]{6})$\""
                ))
            return 1
        }
        if case .failure(let message) = Kubeadm.connect(arguments, &context) {
            context.err(KubeadmText.error(phase: nil, message.text))
            return 1
        }
        for value in values {
            let id: String
            if BootstrapToken.isValidID(value) {
                id = value
            } else if BootstrapToken.isValid(value) {
                id = String(value.prefix(6))
            } else {
                context.err(
                    KubeadmText.error(
                        phase: nil,
                        "given token didn't match pattern \"^([a-z0-9]{6})\\\\.([a-z0-9]{16})$\" or \"^([a-z0-9]{6})$\""))
                return 1
            }
            guard context.cluster.deleteBootstrapToken(id: id) else {
                context.err(
                    KubeadmText.error(
                        phase: nil,
                        "failed to delete bootstrap token \"\(id)\": secrets \"bootstrap-token-\(id)\" not found"))
                return 1
            }
            context.out("bootstrap token \"\(id)\" deleted\n")
        }
        return 0
    }

    /// `kubeadm init phase upload-certs --upload-certs [--certificate-key K]`.
    static func uploadCerts(_ arguments: KubeadmArguments, _ context: inout ToolContext) -> Int32 {
        guard arguments.has("upload-certs") else {
            context.out("[upload-certs] Skipping phase. Please see --upload-certs\n")
            return 0
        }
        if case .failure(let message) = Kubeadm.connect(arguments, &context) {
            context.err(KubeadmText.error(phase: "upload-certs", message.text))
            return 1
        }
        let host = context.host
        let key = context.cluster.uploadCertificates(from: host, key: arguments.value("certificate-key"))
        context.cluster.advance(milliseconds: 180)
        context.out(
            """
            [upload-certs] Storing the certificates in Secret "kubeadm-certs" in the "kube-system" Namespace
            [upload-certs] Using certificate key:
            \(key)

            """)
        return 0
    }
}
