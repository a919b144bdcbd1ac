import ClusterSim

/// Reads `Content/clusters/*.yaml` into cluster specs.
enum ClusterLoader {
    static func load(_ root: YAMLNode, file: String) -> (ClusterSpec?, [ContentError]) {
        var reader = FieldReader(root, file: file, what: "a cluster")
        let id = reader.string("id")
        let description = reader.string("description", required: false) ?? ""
        let kubernetes = reader.string("kubernetesVersion", required: false) ?? "v1.31.4"
        let etcdVersion = reader.string("etcdVersion", required: false) ?? "3.5.15"
        var topology = ClusterSpec.Topology.stacked
        if let text = reader.string("topology", required: false) {
            if let parsed = ClusterSpec.Topology(rawValue: text) {
                topology = parsed
            } else {
                reader.add(
                    reader.error(
                        at: reader.node("topology") ?? root,
                        "unknown topology '\(text)'; use one of \(ClusterSpec.Topology.allCases.map(\.rawValue).joined(separator: ", "))"
                    ))
            }
        }
        let initialized = reader.bool("initialized") ?? true
        let podSubnet = reader.string("podSubnet", required: false) ?? "10.244.0.0/16"
        let serviceSubnet = reader.string("serviceSubnet", required: false) ?? "10.96.0.0/12"
        var nodes: [ClusterSpec.NodeSpec] = []
        for item in reader.sequence("nodes", required: true) ?? [] {
            var nodeReader = FieldReader(item, file: file, what: "a node")
            let name = nodeReader.string("name")
            let ip = nodeReader.string("ip")
            let roleText = nodeReader.string("role")
            let role = roleText.flatMap(ClusterSpec.Role.init(rawValue:))
            if let roleText, role == nil {
                nodeReader.add(
                    nodeReader.error(
                        at: item,
                        "unknown role '\(roleText)'; use one of \(ClusterSpec.Role.allCases.map(\.rawValue).joined(separator: ", "))"
                    ))
            }
            reader.add(nodeReader.finish())
            if let name, let ip, let role {
                if nodes.contains(where: { $0.name == name || $0.ip == ip }) {
                    reader.add(reader.error(at: item, "node '\(name)' repeats a name or IP address of an earlier node"))
                }
                nodes.append(ClusterSpec.NodeSpec(name: name, ip: ip, role: role))
            }
        }
        let errors = reader.finish()
        guard let id, errors.isEmpty else { return (nil, errors) }
        return (
            ClusterSpec(
                id: id, description: description, kubernetesVersion: kubernetes, etcdVersion: etcdVersion,
                topology: topology, nodes: nodes, initialized: initialized, podSubnet: podSubnet, serviceSubnet: serviceSubnet),
            errors
        )
    }
}
