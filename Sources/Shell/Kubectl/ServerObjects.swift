import ClusterSim

/// One object the API server holds: its type, namespace, name and full body.
struct ServerObject {
    var type: APIObjects.ResourceType
    var namespace: String?
    var name: String
    var body: ObjectValue

    var key: String { APIObjectStore.key(type.plural, namespace: namespace, name: name) }
    var labels: [(String, String)] { body.at("metadata.labels")?.stringMap ?? [] }
    var creation: String { body.string("metadata.creationTimestamp") ?? "" }
}

/// The objects a kubeadm cluster's API server holds, derived from the model (nodes, static pods,
/// leases, kubeadm's ConfigMap and Secrets) plus what kubectl stored in `Cluster.apiStore`.
extension APIObjects {
    static let systemNamespaces = ["default", "kube-node-lease", "kube-public", "kube-system"]

    /// Every object of a type named by its plural (`pods`).
    func list(named plural: String) -> [ServerObject] { APIObjects.resourceType(plural).map(list) ?? [] }

    /// Every object of a type, in name order within each namespace (as the API lists them).
    func list(_ type: ResourceType) -> [ServerObject] {
        var result: [ServerObject]
        switch type.plural {
        case "nodes": result = nodeObjects
        case "pods": result = podObjects
        case "leases": result = leaseObjects
        case "namespaces": result = namespaceObjects
        case "services": result = serviceObjects
        case "endpoints": result = endpointsObjects
        case "configmaps": result = configMapObjects
        case "secrets": result = secretObjects
        case "deployments": result = deploymentObjects
        case "daemonsets": result = daemonSetObjects
        case "replicasets": result = replicaSetObjects
        case "events": result = eventObjects
        default: result = []
        }
        let store = cluster.apiStore
        if !store.deleted.isEmpty { result = result.filter { !store.deleted.contains($0.key) } }
        for index in result.indices where !store.labels.isEmpty {
            if let labels = store.labels[result[index].key] {
                result[index].body.set(
                    ["metadata", "labels"],
                    to: labels.isEmpty ? nil : .object(labels.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) }))
            }
        }
        let prefix = type.plural + "/"
        for (key, json) in store.created where key.hasPrefix(prefix) {
            guard let body = JSONText.parse(json) else { continue }
            let namespace = body.string("metadata.namespace")
            result.append(ServerObject(type: type, namespace: namespace, name: body.string("metadata.name") ?? "", body: body))
        }
        return result.sorted { ($0.namespace ?? "", $0.name) < ($1.namespace ?? "", $1.name) }
    }

    // MARK: Identity

    func timestamp(_ time: SimTime) -> String { APIConnection.rfc3339(time) }
    func microTimestamp(_ time: SimTime) -> String {
        let iso = time.civil.iso8601Milliseconds
        return String(iso.prefix(23)) + "000Z"
    }

    /// A stable UID per object, from the cluster's seed.
    func uid(_ key: String) -> String {
        Self.uids.value(for: UIDKey(seed: cluster.seed, key: key)) { Self.makeUID(seed: $0.seed, key: $0.key) }
    }

    private struct UIDKey: Hashable, Sendable {
        var seed: UInt64
        var key: String
    }

    /// UIDs are asked for on every listing (pods own containers, nodes own pods): made once.
    private static let uids = ParseCache<UIDKey, String>(limit: 16_384)

    private static func makeUID(seed: UInt64, key: String) -> String {
        var rng = SeededGenerator(seed: seed, label: "uid/" + key)
        let hex = (0..<4).map { _ in String(rng.next(), radix: 16) }.map { String(repeating: "0", count: 16 - $0.count) + $0 }
            .joined()
        let characters = Array(hex)
        let groups = [0..<8, 8..<12, 12..<16, 16..<20, 20..<32]
        return groups.map { String(characters[$0]) }.joined(separator: "-")
    }

    /// Lowercase letters and digits kubernetes uses in generated names (`bcdfghjklmnpqrstvwxz2456789`).
    func suffix(_ label: String, length: Int) -> String {
        let alphabet = Array("bcdfghjklmnpqrstvwxz2456789")
        var rng = SeededGenerator(seed: cluster.seed, label: "name/" + label)
        return String((0..<length).map { _ in alphabet[rng.int(in: 0...(alphabet.count - 1))] })
    }

    func resourceVersion(_ key: String) -> String {
        var rng = SeededGenerator(seed: cluster.seed, label: "rv/" + key)
        return String(rng.int(in: 200...900))
    }

    func metadata(
        _ plural: String, namespace: String?, name: String, created: SimTime, labels: [(String, String)] = [],
        annotations: [(String, String)] = [], extra: [(String, ObjectValue)] = []
    ) -> ObjectValue {
        let key = APIObjectStore.key(plural, namespace: namespace, name: name)
        var fields: [(String, ObjectValue)] = [("creationTimestamp", .string(timestamp(created))), ("name", .string(name))]
        if !labels.isEmpty { fields.append(("labels", .object(labels.map { ($0.0, .string($0.1)) }))) }
        if !annotations.isEmpty { fields.append(("annotations", .object(annotations.map { ($0.0, .string($0.1)) }))) }
        if let namespace { fields.append(("namespace", .string(namespace))) }
        fields.append(("resourceVersion", .string(resourceVersion(key))))
        fields.append(("uid", .string(uid(key))))
        return .object(fields + extra)
    }

    func object(
        _ typeName: String, _ apiVersion: String, kind: String, namespace: String?, name: String,
        _ metadata: ObjectValue, _ rest: [(String, ObjectValue)]
    ) -> ServerObject {
        let type =
            APIObjects.resourceType(typeName)
            ?? ResourceType(
                plural: typeName, qualifiedSingular: typeName, qualifiedPlural: typeName, namespaced: namespace != nil,
                simulated: true)
        let body = ObjectValue.object(
            [("apiVersion", .string(apiVersion)), ("kind", .string(kind)), ("metadata", metadata)] + rest
        ).sortedKeys
        return ServerObject(type: type, namespace: namespace, name: name, body: body)
    }

}
