import Yams

/// The ClusterConfiguration kubeadm stores in `kube-system/kubeadm-config`, and the parts of an
/// InitConfiguration that `kubeadm init --config` reads.
public struct KubeadmConfiguration: Sendable, Hashable, Codable {
    public enum Etcd: Sendable, Hashable, Codable {
        case local(dataDir: String, extraArgs: [Argument])
        case external(endpoints: [String], caFile: String, certFile: String, keyFile: String)

        public var isExternal: Bool {
            if case .external = self { return true }
            return false
        }
    }

    /// One `--name=value` of `extraArgs` (v1beta4 writes them as a list, v1beta3 as a map).
    public struct Argument: Sendable, Hashable, Codable {
        public var name: String
        public var value: String
    }

    public var kubernetesVersion: String
    public var clusterName = "kubernetes"
    /// `host:port`, or nil when none was set (then join commands name the first API server).
    public var controlPlaneEndpoint: String?
    public var podSubnet: String?
    public var serviceSubnet = "10.96.0.0/12"
    public var dnsDomain = "cluster.local"
    public var etcd: Etcd = .local(dataDir: "/var/lib/etcd", extraArgs: [])
    public var certSANs: [String] = []
    public var apiServerExtraArgs: [Argument] = []
    public var controllerManagerExtraArgs: [Argument] = []
    public var schedulerExtraArgs: [Argument] = []
    /// From the InitConfiguration: the address this API server advertises.
    public var advertiseAddress: String?

    public init(kubernetesVersion: String) {
        self.kubernetesVersion = kubernetesVersion
    }

    /// The configuration a base cluster was built with.
    init(spec: ClusterSpec) {
        kubernetesVersion = spec.kubernetesVersion
        controlPlaneEndpoint = spec.nodes.contains { $0.role == .loadBalancer } ? spec.controlPlaneEndpoint : nil
        podSubnet = spec.podSubnet
        serviceSubnet = spec.serviceSubnet
        if spec.topology == .external {
            etcd = .external(
                endpoints: spec.nodes.filter { $0.role == .etcd }.map { "https://\($0.ip):2379" },
                caFile: "/etc/kubernetes/pki/etcd/ca.pem", certFile: "/etc/kubernetes/pki/etcd/client.pem",
                keyFile: "/etc/kubernetes/pki/etcd/client-key.pem")
        }
    }

    /// The `ClusterConfiguration` document as kubeadm v1.31 uploads it (v1beta4, keys sorted).
    public var clusterConfigurationYAML: String {
        func args(_ list: [Argument], indent: String) -> String {
            list.map { "\(indent)- name: \($0.name)\n\(indent)  value: \(YAMLQuote.scalar($0.value))\n" }.joined()
        }
        var text = ""
        if certSANs.isEmpty && apiServerExtraArgs.isEmpty {
            text += "apiServer: {}\n"
        } else {
            text += "apiServer:\n"
            if !certSANs.isEmpty { text += "  certSANs:\n" + certSANs.map { "  - \($0)\n" }.joined() }
            if !apiServerExtraArgs.isEmpty { text += "  extraArgs:\n" + args(apiServerExtraArgs, indent: "  ") }
        }
        text += "apiVersion: kubeadm.k8s.io/v1beta4\ncaCertificateValidityPeriod: 87600h0m0s\n"
        text += "certificateValidityPeriod: 8760h0m0s\ncertificatesDir: /etc/kubernetes/pki\n"
        text += "clusterName: \(clusterName)\n"
        if let controlPlaneEndpoint { text += "controlPlaneEndpoint: \(controlPlaneEndpoint)\n" }
        text +=
            controllerManagerExtraArgs.isEmpty
            ? "controllerManager: {}\n" : "controllerManager:\n  extraArgs:\n" + args(controllerManagerExtraArgs, indent: "  ")
        text += "dns: {}\nencryptionAlgorithm: RSA-2048\netcd:\n"
        switch etcd {
        case .local(let dataDir, let extraArgs):
            text += "  local:\n    dataDir: \(dataDir)\n"
            if !extraArgs.isEmpty { text += "    extraArgs:\n" + args(extraArgs, indent: "    ") }
        case .external(let endpoints, let ca, let cert, let key):
            text += "  external:\n    caFile: \(ca)\n    certFile: \(cert)\n    endpoints:\n"
            text += endpoints.map { "    - \($0)\n" }.joined() + "    keyFile: \(key)\n"
        }
        text += "imageRepository: registry.k8s.io\nkind: ClusterConfiguration\nkubernetesVersion: \(kubernetesVersion)\n"
        text += "networking:\n  dnsDomain: \(dnsDomain)\n"
        if let podSubnet { text += "  podSubnet: \(podSubnet)\n" }
        text += "  serviceSubnet: \(serviceSubnet)\nproxy: {}\n"
        text +=
            schedulerExtraArgs.isEmpty ? "scheduler: {}\n" : "scheduler:\n  extraArgs:\n" + args(schedulerExtraArgs, indent: "  ")
        return text
    }

    /// Why a `--config` file was refused, in kubeadm's words where the model knows them.
    public struct ParseError: Error, Sendable, Hashable, Codable {
        public var message: String
    }

    /// Reads the InitConfiguration and ClusterConfiguration documents of a `--config` file
    /// (v1beta3 or v1beta4; other kinds, such as KubeProxyConfiguration, are skipped).
    public static func parse(_ text: String, defaultVersion: String) -> Result<KubeadmConfiguration, ParseError> {
        var config = KubeadmConfiguration(kubernetesVersion: defaultVersion)
        let documents: [Yams.Node]
        do {
            documents = try Array(Yams.compose_all(yaml: text, .default, .default, .utf8))
        } catch {
            return .failure(ParseError(message: "yaml: unmarshal errors: \(error)"))
        }
        var sawKubeadm = false
        for document in documents.prefix(64) {
            let apiVersion = document["apiVersion"]?.string ?? ""
            let kind = document["kind"]?.string ?? ""
            guard apiVersion.hasPrefix("kubeadm.k8s.io/") else { continue }
            guard apiVersion == "kubeadm.k8s.io/v1beta3" || apiVersion == "kubeadm.k8s.io/v1beta4" else {
                return .failure(
                    ParseError(message: "no kind \"\(kind)\" is registered for version \"\(apiVersion)\" in scheme"))
            }
            sawKubeadm = true
            switch kind {
            case "InitConfiguration":
                config.advertiseAddress = document["localAPIEndpoint"]?["advertiseAddress"]?.string
            case "ClusterConfiguration":
                config.read(document)
            default: continue
            }
        }
        guard sawKubeadm else {
            return .failure(ParseError(message: "no InitConfiguration or ClusterConfiguration kind was found in the YAML file"))
        }
        return .success(config)
    }

    private mutating func read(_ document: Yams.Node) {
        if let version = document["kubernetesVersion"]?.string {
            kubernetesVersion = version.hasPrefix("v") ? version : "v" + version
        }
        if let name = document["clusterName"]?.string { clusterName = name }
        if let endpoint = document["controlPlaneEndpoint"]?.string, !endpoint.isEmpty {
            controlPlaneEndpoint = endpoint.contains(":") ? endpoint : endpoint + ":6443"
        }
        if let networking = document["networking"] {
            podSubnet = networking["podSubnet"]?.string ?? podSubnet
            serviceSubnet = networking["serviceSubnet"]?.string ?? serviceSubnet
            dnsDomain = networking["dnsDomain"]?.string ?? dnsDomain
        }
        certSANs = document["apiServer"]?["certSANs"]?.sequence?.compactMap(\.string) ?? []
        apiServerExtraArgs = Self.arguments(document["apiServer"]?["extraArgs"])
        controllerManagerExtraArgs = Self.arguments(document["controllerManager"]?["extraArgs"])
        schedulerExtraArgs = Self.arguments(document["scheduler"]?["extraArgs"])
        if let external = document["etcd"]?["external"] {
            etcd = .external(
                endpoints: external["endpoints"]?.sequence?.compactMap(\.string) ?? [],
                caFile: external["caFile"]?.string ?? "", certFile: external["certFile"]?.string ?? "",
                keyFile: external["keyFile"]?.string ?? "")
        } else if let local = document["etcd"]?["local"] {
            etcd = .local(
                dataDir: local["dataDir"]?.string ?? "/var/lib/etcd", extraArgs: Self.arguments(local["extraArgs"]))
        }
    }

    /// `extraArgs` as a v1beta4 list of `name`/`value` or a v1beta3 map.
    private static func arguments(_ node: Yams.Node?) -> [Argument] {
        guard let node else { return [] }
        if let list = node.sequence {
            return list.compactMap { item in
                item["name"]?.string.map { Argument(name: $0, value: item["value"]?.string ?? "") }
            }
        }
        if let mapping = node.mapping {
            return mapping.compactMap { key, value in
                key.string.map { Argument(name: $0, value: value.string ?? "") }
            }
        }
        return []
    }
}

/// Quotes a YAML scalar the way Go's yaml encoder does for the values kubeadm writes.
enum YAMLQuote {
    static func scalar(_ value: String) -> String {
        if value.isEmpty { return "\"\"" }
        let special = value.first.map { "!&*-:?{}[],#|>@`\"'% ".contains($0) } ?? false
        let looksTyped = Int(value) != nil || Double(value) != nil || ["true", "false", "null", "yes", "no"].contains(value)
        if special || looksTyped || value.contains(": ") || value.contains(" #") {
            return "\"" + value.replacingOccurrences(of: "\"", with: "\\\"") + "\""
        }
        return value
    }
}
