import ClusterSim

/// Reading API objects: fields by name and path, the text kubectl shows for a scalar, key
/// sorting as Go's encoding/json does for unstructured objects, and conversion from parsed YAML.
extension ObjectValue {
    subscript(key: String) -> ObjectValue? {
        guard case .object(let fields) = self else { return nil }
        // String against String: short keys compare as two words, longer ones with memcmp.
        return fields.first { $0.0 == key }?.1
    }

    /// The value at a dotted path of field names (`metadata.name`).
    func at(_ path: String) -> ObjectValue? {
        // Walked in place: tables read a few paths of every object on every listing.
        var current = self
        var rest = Substring(path)
        while !rest.isEmpty {
            let dot = rest.utf8.firstIndex(of: UInt8(ascii: "."))
            let part = rest[..<(dot ?? rest.endIndex)]
            rest = dot.map { rest[rest.utf8.index(after: $0)...] } ?? ""
            guard !part.isEmpty else { continue }
            guard let next = current[String(part)] else { return nil }
            current = next
        }
        return current
    }

    func string(_ path: String) -> String? {
        guard case .string(let text) = at(path) else { return nil }
        return text
    }

    var items: [ObjectValue] {
        if case .array(let items) = self { return items }
        return []
    }

    var fields: [(String, ObjectValue)] {
        if case .object(let fields) = self { return fields }
        return []
    }

    /// A map of strings (`metadata.labels`).
    var stringMap: [(String, String)] {
        fields.compactMap { key, value in
            if case .string(let text) = value { return (key, text) }
            return nil
        }
    }

    /// A scalar as jsonpath and custom-columns print it; collections print as JSON.
    var text: String {
        switch self {
        case .string(let text): text
        case .int(let number): String(number)
        case .bool(let flag): flag ? "true" : "false"
        case .null: "<nil>"
        case .object, .array: compactJSON
        }
    }

    /// One-line JSON, as Go's json.Marshal writes it (jsonpath prints collections this way).
    var compactJSON: String {
        switch self {
        case .string(let text): Klog.quoted(text)
        case .int(let number): String(number)
        case .bool(let flag): flag ? "true" : "false"
        case .null: "null"
        case .object(let fields): "{" + fields.map { Klog.quoted($0.0) + ":" + $0.1.compactJSON }.joined(separator: ",") + "}"
        case .array(let items): "[" + items.map(\.compactJSON).joined(separator: ",") + "]"
        }
    }

    /// Keys in byte order at every level, as an unstructured object marshals.
    var sortedKeys: ObjectValue {
        switch self {
        case .object(let fields): .object(fields.map { ($0.0, $0.1.sortedKeys) }.sorted { $0.0 < $1.0 })
        case .array(let items): .array(items.map(\.sortedKeys))
        default: self
        }
    }

    /// Sets the value at a dotted path, creating objects on the way.
    mutating func set(_ path: [String], to value: ObjectValue?) {
        guard let key = path.first else {
            if let value { self = value }
            return
        }
        var fields = self.fields
        let index = fields.firstIndex { $0.0 == key }
        if path.count == 1 {
            if let index {
                if let value { fields[index].1 = value } else { fields.remove(at: index) }
            } else if let value {
                fields.append((key, value))
            }
        } else {
            var child = index.map { fields[$0].1 } ?? .object([])
            if case .object = child {} else { child = .object([]) }
            child.set(Array(path.dropFirst()), to: value)
            if let index { fields[index].1 = child } else { fields.append((key, child)) }
        }
        self = .object(fields)
    }

    /// A parsed YAML or JSON document, with YAML 1.1's plain scalars typed as the API server reads them.
    init(_ tree: YAMLTree) {
        switch tree {
        case .null: self = .null
        case .scalar(let text):
            if let number = Int(text) {
                self = .int(number)
            } else if ["true", "True", "TRUE"].contains(text) {
                self = .bool(true)
            } else if ["false", "False", "FALSE"].contains(text) {
                self = .bool(false)
            } else if ["null", "~"].contains(text) {
                self = .null
            } else {
                self = .string(text)
            }
        case .sequence(let items): self = .array(items.map(ObjectValue.init))
        case .mapping(let entries): self = .object(entries.map { ($0.key, ObjectValue($0.value)) })
        }
    }
}
