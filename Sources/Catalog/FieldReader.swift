/// Reads the keys of one YAML mapping, collecting errors with positions and flagging any key
/// the schema does not know (so a typo is an error, not a silently ignored setting).
struct FieldReader {
    let file: String
    let node: YAMLNode
    private var pairs: [(key: String, node: YAMLNode, keyNode: YAMLNode)] = []
    private var used: Set<String> = []
    private(set) var errors: [ContentError] = []

    init(_ node: YAMLNode, file: String, what: String) {
        self.file = file
        self.node = node
        if case .mapping(let mapping) = node.value {
            for (key, value) in mapping { pairs.append((key.scalar ?? "", value, key)) }
        } else {
            errors.append(error(at: node, "\(what) must be a mapping of keys to values"))
        }
    }

    func error(at node: YAMLNode, _ message: String) -> ContentError {
        ContentError(file: file, line: node.line, column: node.column, message: message)
    }

    mutating func add(_ error: ContentError) { errors.append(error) }
    mutating func add(_ more: [ContentError]) { errors += more }

    mutating func node(_ key: String) -> YAMLNode? {
        used.insert(key)
        return pairs.first { $0.key == key }?.node
    }

    mutating func string(_ key: String, required: Bool = true) -> String? {
        guard let value = node(key) else {
            if required { errors.append(error(at: node, "missing required key '\(key)'")) }
            return nil
        }
        guard let text = value.scalar else {
            errors.append(error(at: value, "'\(key)' must be a single value"))
            return nil
        }
        return text
    }

    mutating func int(_ key: String, required: Bool = true, range: ClosedRange<Int>? = nil) -> Int? {
        guard let text = string(key, required: required) else { return nil }
        guard let value = Int(text), range.map({ $0.contains(value) }) ?? true else {
            let expected = range.map { "a whole number from \($0.lowerBound) to \($0.upperBound)" } ?? "a whole number"
            errors.append(error(at: node(key) ?? node, "'\(key)' must be \(expected), not '\(text)'"))
            return nil
        }
        return value
    }

    mutating func bool(_ key: String) -> Bool? {
        guard let text = string(key, required: false) else { return nil }
        switch text {
        case "true", "yes": return true
        case "false", "no": return false
        default:
            errors.append(error(at: node(key) ?? node, "'\(key)' must be true or false, not '\(text)'"))
            return nil
        }
    }

    mutating func strings(_ key: String, required: Bool = false) -> [String]? {
        guard let items = sequence(key, required: required) else { return nil }
        var result: [String] = []
        for item in items {
            guard let text = item.scalar else {
                errors.append(error(at: item, "each item of '\(key)' must be a single value"))
                continue
            }
            result.append(text)
        }
        return result
    }

    mutating func sequence(_ key: String, required: Bool = false) -> [YAMLNode]? {
        guard let value = node(key) else {
            if required { errors.append(error(at: node, "missing required key '\(key)'")) }
            return nil
        }
        guard case .sequence(let items) = value.value else {
            errors.append(error(at: value, "'\(key)' must be a list"))
            return nil
        }
        return items
    }

    /// A mapping of names to single values (`with: {host: master1}`).
    mutating func stringMap(_ key: String) -> [String: String]? {
        guard let value = node(key) else { return nil }
        guard case .mapping(let pairs) = value.value else {
            errors.append(error(at: value, "'\(key)' must be a mapping"))
            return nil
        }
        var result: [String: String] = [:]
        for (k, v) in pairs {
            guard let name = k.scalar, let text = v.scalar else {
                errors.append(error(at: v, "each value under '\(key)' must be a single value"))
                continue
            }
            result[name] = text
        }
        return result
    }

    /// Reports every key that was never asked for. Call once, after reading all known keys.
    mutating func finish(known extra: [String] = []) -> [ContentError] {
        for pair in pairs where !used.contains(pair.key) && !extra.contains(pair.key) {
            errors.append(error(at: pair.keyNode, "unknown key '\(pair.key)'"))
        }
        return errors
    }
}
