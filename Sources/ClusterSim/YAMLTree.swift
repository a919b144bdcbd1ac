import Yams

/// A YAML document as plain values, for tools outside ClusterSim that read YAML files (kubectl
/// reading a kubeconfig) without depending on the YAML library themselves.
public indirect enum YAMLTree: Sendable, Hashable, Codable {
    case null
    case scalar(String)
    case sequence([YAMLTree])
    case mapping([YAMLEntry])

    /// The value under `key` of a mapping.
    public subscript(key: String) -> YAMLTree? {
        guard case .mapping(let entries) = self else { return nil }
        return entries.first { $0.key == key }?.value
    }

    public var string: String? {
        if case .scalar(let text) = self { return text }
        return nil
    }

    public var items: [YAMLTree]? {
        if case .sequence(let items) = self { return items }
        return nil
    }

    /// Parses one document; an empty text is `.null`. A failure carries go-yaml's wording
    /// (`yaml: line 3: did not find expected node content`), which libyaml shares.
    public static func parse(_ text: String) -> Result<YAMLTree, YAMLTreeError> { parsed.value(for: text, parse: decode) }

    private static let parsed = ParseCache<String, Result<YAMLTree, YAMLTreeError>>()

    private static func decode(_ text: String) -> Result<YAMLTree, YAMLTreeError> {
        do {
            guard let root = try Yams.compose(yaml: text, .default, .default, .utf8) else { return .success(.null) }
            return .success(convert(root, depth: 0))
        } catch let error as YamlError {
            // go-yaml numbers scanner errors from 1 but parser errors from 0 (libyaml's own marks).
            switch error {
            case .scanner(_, let problem, let mark, _), .composer(_, let problem, let mark, _):
                return .failure(YAMLTreeError(message: "yaml: line \(mark.line): \(problem)"))
            case .parser(_, let problem, let mark, _):
                return .failure(YAMLTreeError(message: "yaml: line \(max(0, mark.line - 1)): \(problem)"))
            default:
                return .failure(YAMLTreeError(message: "yaml: \(error)"))
            }
        } catch {
            return .failure(YAMLTreeError(message: "yaml: \(error)"))
        }
    }

    private static func convert(_ node: Yams.Node, depth: Int) -> YAMLTree {
        // Deeper nesting than any config file has is cut off rather than followed.
        guard depth < 64 else { return .null }
        switch node {
        case .scalar(let scalar):
            if scalar.style == .plain, ["", "~", "null", "Null", "NULL"].contains(scalar.string) { return .null }
            return .scalar(scalar.string)
        case .sequence(let sequence):
            return .sequence(sequence.map { convert($0, depth: depth + 1) })
        case .mapping(let mapping):
            return .mapping(
                mapping.map { key, value in
                    YAMLEntry(key: key.scalar?.string ?? "", value: convert(value, depth: depth + 1))
                })
        case .alias:
            return .null
        }
    }
}

/// One `key: value` pair of a YAML mapping, in document order.
public struct YAMLEntry: Sendable, Hashable, Codable {
    public var key: String
    public var value: YAMLTree
}

/// Why a YAML text could not be read.
public struct YAMLTreeError: Error, Sendable, Hashable, Codable {
    public var message: String
}
