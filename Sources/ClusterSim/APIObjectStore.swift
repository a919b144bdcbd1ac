/// What kubectl changed in the API beyond what the model derives: objects created with
/// `apply`/`create -f`, deletions, label edits and cordoned nodes, keyed `plural/namespace/name`
/// (an empty namespace for cluster-scoped objects).
///
/// Objects are kept as their JSON text so the store stays a plain value that forks with `Cluster`.
public struct APIObjectStore: Sendable, Hashable, Codable {
    /// Objects created through the API, as JSON, by key.
    public var created: [String: String] = [:]
    /// Keys of model-derived objects deleted through the API.
    public var deleted: Set<String> = []
    /// Label sets that replace a model-derived object's labels, by key.
    public var labels: [String: [String: String]] = [:]
    /// Nodes marked unschedulable (`kubectl cordon`).
    public var unschedulable: Set<String> = []

    public init() {}

    /// `plural/namespace/name`.
    public static func key(_ plural: String, namespace: String?, name: String) -> String {
        "\(plural)/\(namespace ?? "")/\(name)"
    }
}

extension Cluster {
    /// `kubectl delete node`: the Node object goes, with what kubectl recorded about it; a later
    /// `kubeadm join` registers the machine again.
    public mutating func deleteNodeObject(_ name: String) {
        kubeadm.registeredNodes[name] = nil
        apiStore.unschedulable.remove(name)
        apiStore.labels[APIObjectStore.key("nodes", namespace: nil, name: name)] = nil
    }
}
