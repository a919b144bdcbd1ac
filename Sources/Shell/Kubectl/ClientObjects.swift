/// An API object built on the client, with its fields in Go struct order (as JSON prints them);
/// YAML sorts the keys, as kubectl's printer converts through JSON.
indirect enum ObjectValue: Equatable, Sendable {
    case string(String)
    case int(Int)
    case bool(Bool)
    case null
    case object([(String, ObjectValue)])
    case array([ObjectValue])

    /// Equal when they print the same JSON: same values, fields in the same order.
    static func == (lhs: ObjectValue, rhs: ObjectValue) -> Bool {
        switch (lhs, rhs) {
        case (.string(let a), .string(let b)): a == b
        case (.int(let a), .int(let b)): a == b
        case (.bool(let a), .bool(let b)): a == b
        case (.null, .null): true
        case (.object(let a), .object(let b)): a.count == b.count && zip(a, b).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        case (.array(let a), .array(let b)): a == b
        default: false
        }
    }

    /// `json.MarshalIndent` with four spaces, as `-o json` prints.
    func json(indent: String = "") -> String {
        let inner = indent + "    "
        switch self {
        case .string(let text): return Klog.quoted(text)
        case .int(let number): return String(number)
        case .bool(let flag): return flag ? "true" : "false"
        case .null: return "null"
        case .object(let fields):
            guard !fields.isEmpty else { return "{}" }
            return "{\n" + fields.map { "\(inner)\"\($0.0)\": \($0.1.json(indent: inner))" }.joined(separator: ",\n")
                + "\n\(indent)}"
        case .array(let items):
            guard !items.isEmpty else { return "[]" }
            return "[\n" + items.map { inner + $0.json(indent: inner) }.joined(separator: ",\n") + "\n\(indent)]"
        }
    }

    /// The object as go-yaml writes it: sorted keys, lists at their key's indentation.
    func yaml() -> String {
        guard case .object(let fields) = self else { return inlineYAML + "\n" }
        return Self.mappingLines(fields, indent: "")
    }

    private var inlineYAML: String {
        switch self {
        case .string(let text): YAMLText.scalar(text)
        case .int(let number): String(number)
        case .bool(let flag): flag ? "true" : "false"
        case .null: "null"
        case .object: "{}"
        case .array: "[]"
        }
    }

    private var isEmptyCollection: Bool {
        switch self {
        case .object(let fields): fields.isEmpty
        case .array(let items): items.isEmpty
        default: true
        }
    }

    private static func mappingLines(_ fields: [(String, ObjectValue)], indent: String) -> String {
        var text = ""
        for (key, value) in fields.sorted(by: { $0.0 < $1.0 }) {
            switch value {
            case .object(let children) where !children.isEmpty:
                text += "\(indent)\(key):\n" + mappingLines(children, indent: indent + "  ")
            case .array(let items) where !items.isEmpty:
                text += "\(indent)\(key):\n" + sequenceLines(items, indent: indent)
            case .string(let multiline) where multiline.contains("\n"):
                text += "\(indent)\(key): " + literalBlock(multiline, indent: indent + "  ")
            default:
                text += "\(indent)\(key): \(value.inlineYAML)\n"
            }
        }
        return text
    }

    /// go-yaml's literal style for strings with line breaks: `|` keeps the final newline, `|-` has none.
    private static func literalBlock(_ text: String, indent: String) -> String {
        let keepsNewline = text.hasSuffix("\n")
        let body = keepsNewline ? String(text.dropLast()) : text
        let lines = body.split(separator: "\n", omittingEmptySubsequences: false).map {
            $0.isEmpty ? "" : indent + $0
        }
        return (keepsNewline ? "|\n" : "|-\n") + lines.joined(separator: "\n") + "\n"
    }

    private static func sequenceLines(_ items: [ObjectValue], indent: String) -> String {
        var text = ""
        for item in items {
            if case .object(let fields) = item, !fields.isEmpty {
                let body = mappingLines(fields, indent: indent + "  ")
                // The first key goes on the dash line.
                text += indent + "- " + body.dropFirst(indent.count + 2)
            } else {
                text += "\(indent)- \(item.inlineYAML)\n"
            }
        }
        return text
    }
}

/// The objects `kubectl create deployment` and `kubectl run` generate.
enum ClientObjects {
    /// The container name kubectl derives from an image: its last path part without tag or digest.
    static func containerName(_ image: String) -> String {
        var name = image.split(separator: "/").last.map(String.init) ?? image
        if let colon = name.firstIndex(of: ":") { name = String(name[..<colon]) }
        if let at = name.firstIndex(of: "@") { name = String(name[..<at]) }
        return name.replacingOccurrences(of: "_", with: "-")
    }

    static func deployment(name: String, images: [String], replicas: Int, port: Int?) -> ObjectValue {
        let labels: ObjectValue = .object([("app", .string(name))])
        let containers: [ObjectValue] = images.enumerated().map { index, image in
            var fields: [(String, ObjectValue)] = [("name", .string(containerName(image))), ("image", .string(image))]
            if let port, index == 0 { fields.append(("ports", .array([.object([("containerPort", .int(port))])]))) }
            fields.append(("resources", .object([])))
            return .object(fields)
        }
        return .object([
            ("kind", .string("Deployment")), ("apiVersion", .string("apps/v1")),
            ("metadata", .object([("name", .string(name)), ("creationTimestamp", .null), ("labels", labels)])),
            (
                "spec",
                .object([
                    ("replicas", .int(replicas)), ("selector", .object([("matchLabels", labels)])),
                    (
                        "template",
                        .object([
                            ("metadata", .object([("creationTimestamp", .null), ("labels", labels)])),
                            ("spec", .object([("containers", .array(containers))])),
                        ])
                    ),
                    ("strategy", .object([])),
                ])
            ),
            ("status", .object([])),
        ])
    }

    static func pod(name: String, image: String, port: Int?) -> ObjectValue {
        var container: [(String, ObjectValue)] = [("name", .string(name)), ("image", .string(image))]
        if let port { container.append(("ports", .array([.object([("containerPort", .int(port))])]))) }
        container.append(("resources", .object([])))
        return .object([
            ("kind", .string("Pod")), ("apiVersion", .string("v1")),
            (
                "metadata",
                .object([("name", .string(name)), ("creationTimestamp", .null), ("labels", .object([("run", .string(name))]))])
            ),
            (
                "spec",
                .object([
                    ("containers", .array([.object(container)])), ("restartPolicy", .string("Always")),
                    ("dnsPolicy", .string("ClusterFirst")),
                ])
            ),
            ("status", .object([])),
        ])
    }
}
