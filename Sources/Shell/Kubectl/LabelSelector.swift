import ClusterSim

/// A label selector as `-l` takes it (k8s.io/apimachinery/pkg/labels): `key`, `!key`, `key=v`,
/// `key==v`, `key!=v`, `key in (a,b)`, `key notin (a,b)`, joined by commas (all must match).
struct LabelSelector: Equatable {
    enum Requirement: Equatable {
        case exists(String)
        case absent(String)
        case equals(String, String)
        case notEquals(String, String)
        case inSet(String, [String])
        case notInSet(String, [String])
    }

    var requirements: [Requirement]

    /// Parses a selector; a failure carries the reason kubectl prints after `error: `.
    static func parse(_ text: String) -> Result<LabelSelector, KubectlMessage> {
        var parts: [String] = []
        var current = ""
        var depth = 0
        for character in text {
            if character == "(" { depth += 1 }
            if character == ")" { depth -= 1 }
            if character == ",", depth == 0 {
                parts.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        parts.append(current)
        var requirements: [Requirement] = []
        for raw in parts {
            let part = raw.trimmed()
            if part.isEmpty {
                if text.trimmed().isEmpty { continue }
                return .failure(KubectlMessage("found '', expected: !, identifier, or 'end of string'"))
            }
            if part.hasPrefix("!") {
                requirements.append(.absent(String(part.dropFirst()).trimmed()))
                continue
            }
            if let range = part.range(of: "!=") {
                requirements.append(
                    .notEquals(
                        part[..<range.lowerBound].trimmed(),
                        part[range.upperBound...].trimmed()))
                continue
            }
            if let range = part.range(of: "==") ?? part.range(of: "=") {
                requirements.append(
                    .equals(
                        part[..<range.lowerBound].trimmed(),
                        part[range.upperBound...].trimmed()))
                continue
            }
            let words = part.split(separator: " ", maxSplits: 1).map(String.init)
            if words.count == 2 {
                let rest = words[1].trimmed()
                for (keyword, notIn) in [("notin", true), ("in", false)] where rest.hasPrefix(keyword) {
                    let list = rest.dropFirst(keyword.count).trimmed()
                    guard list.hasPrefix("("), list.hasSuffix(")") else {
                        return .failure(KubectlMessage("found '\(list.prefix(1))', expected: '('"))
                    }
                    let values = list.dropFirst().dropLast().split(separator: ",").map {
                        $0.trimmed()
                    }
                    requirements.append(notIn ? .notInSet(words[0], values) : .inSet(words[0], values))
                }
                guard requirements.count > 0, rest.hasPrefix("in") || rest.hasPrefix("notin") else {
                    return .failure(
                        KubectlMessage(
                            "found '\(rest.split(separator: " ").first ?? "")', expected: in, notin, =, ==, !=, gt, lt, or end of string"
                        ))
                }
                continue
            }
            requirements.append(.exists(part))
        }
        return .success(LabelSelector(requirements: requirements))
    }

    func matches(_ labels: [(String, String)]) -> Bool {
        func value(_ key: String) -> String? { labels.first { $0.0 == key }?.1 }
        return requirements.allSatisfy { requirement in
            switch requirement {
            case .exists(let key): value(key) != nil
            case .absent(let key): value(key) == nil
            case .equals(let key, let expected): value(key) == expected
            case .notEquals(let key, let expected): value(key) != expected
            case .inSet(let key, let values): value(key).map(values.contains) ?? false
            case .notInSet(let key, let values): value(key).map { !values.contains($0) } ?? true
            }
        }
    }
}
