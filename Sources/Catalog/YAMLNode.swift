import Yams

/// A parsed YAML value with its position, converted from Yams at the boundary so the rest of
/// the catalogue works with plain `Sendable` values.
public indirect enum YAMLValue: Sendable, Hashable {
    case scalar(String)
    case sequence([YAMLNode])
    case mapping([(key: YAMLNode, value: YAMLNode)])

    public static func == (lhs: YAMLValue, rhs: YAMLValue) -> Bool {
        switch (lhs, rhs) {
        case (.scalar(let a), .scalar(let b)): a == b
        case (.sequence(let a), .sequence(let b)): a == b
        case (.mapping(let a), .mapping(let b)): a.map(\.key) == b.map(\.key) && a.map(\.value) == b.map(\.value)
        default: false
        }
    }

    public func hash(into hasher: inout Hasher) {
        switch self {
        case .scalar(let text): hasher.combine(text)
        case .sequence(let items): hasher.combine(items)
        case .mapping(let pairs): for pair in pairs { hasher.combine(pair.key) }
        }
    }
}

public struct YAMLNode: Sendable, Hashable {
    public var value: YAMLValue
    public var line: Int
    public var column: Int

    /// Nodes visited while converting; bounds alias expansion ("billion laughs").
    static let maximumNodes = 200_000

    /// Parses one YAML document; errors carry the position Yams reports.
    public static func parse(_ text: String, file: String) -> Result<YAMLNode, ContentError> {
        do {
            // Only the text of scalars is read, so no implicit typing (`.basic`): the default
            // resolver runs a regular expression per scalar, most of the catalogue's load time.
            // UTF-8 is named: the default encoding is looked up in the environment on every call.
            guard let root = try Yams.compose(yaml: text, .basic, .default, .utf8) else {
                return .failure(ContentError(file: file, line: 1, column: 1, message: "the file is empty"))
            }
            var budget = Budget(left: maximumNodes)
            guard let node = convert(root, budget: &budget, end: end(of: text)) else {
                // Named where the limit was crossed: inside what an alias (`*name`) repeats.
                let (line, column) = budget.crossedAt ?? (1, 1)
                return .failure(
                    ContentError(
                        file: file, line: line, column: column,
                        message: "the document expands to more than \(maximumNodes) values (are aliases repeating an anchor?)"))
            }
            return .success(node)
        } catch let error as YamlError {
            return .failure(position(of: error, file: file, end: end(of: text)))
        } catch {
            return .failure(ContentError(file: file, line: 1, column: 1, message: "cannot parse YAML"))
        }
    }

    private static func position(of error: YamlError, file: String, end: Position) -> ContentError {
        switch error {
        case .parser(_, let problem, let mark, _) where problem.hasPrefix("Maximum nesting level reached"):
            // libyaml's own wording names a C function; say what it means.
            let (line, column) = end.clamp(mark)
            return ContentError(file: file, line: line, column: column, message: "YAML syntax: nested more than 1000 levels deep")
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _):
            let detail = context.map { "\($0.text) " } ?? ""
            let (line, column) = end.clamp(mark)
            return ContentError(file: file, line: line, column: column, message: "YAML syntax: \(detail)\(problem)")
        case .composer(let context, let problem, let mark, _):
            let detail = context.map { "\($0.text) " } ?? ""
            let (line, column) = end.clamp(mark)
            return ContentError(file: file, line: line, column: column, message: "YAML: \(detail)\(problem)")
        default:
            return ContentError(file: file, line: 1, column: 1, message: "YAML: \(error)")
        }
    }

    /// A line and column of the text.
    struct Position {
        var line: Int
        var column: Int

        /// libyaml ends the stream on a line of its own, past the last line of a text that ends in
        /// a line break or has none: what it finds there (an empty value, an unclosed bracket) is
        /// put at the end of the last line (`self`), so every position names a place in the file.
        func clamp(_ mark: Mark?) -> (line: Int, column: Int) {
            guard let mark else { return (1, 1) }
            return mark.line > line ? (line, column) : (mark.line, mark.column)
        }
    }

    /// Where the text ends: its last line (a break that ends the text starts none) and the column
    /// after it, counted as libyaml does: Unicode scalars, and CR LF, CR, LF, NEL, LS and PS as breaks.
    static func end(of text: String) -> Position {
        var end = Position(line: 1, column: 1)
        var afterBreak = false
        var previous: Unicode.Scalar = " "
        for scalar in text.unicodeScalars {
            defer { previous = scalar }
            if scalar == "\n", previous == "\r" { continue }
            if afterBreak { (end, afterBreak) = (Position(line: end.line + 1, column: 1), false) }
            switch scalar {
            case "\r", "\n", "\u{85}", "\u{2028}", "\u{2029}": afterBreak = true
            default: end.column += 1
            }
        }
        return end
    }

    /// What conversion may still visit, and where it first ran out.
    private struct Budget {
        var left: Int
        var crossedAt: (line: Int, column: Int)?
    }

    private static func convert(_ node: Yams.Node, budget: inout Budget, end: Position) -> YAMLNode? {
        let (line, column) = end.clamp(node.mark)
        budget.left -= 1
        guard budget.left >= 0 else {
            if budget.crossedAt == nil { budget.crossedAt = (line, column) }
            return nil
        }
        switch node {
        case .scalar(let scalar):
            return YAMLNode(value: .scalar(scalar.string), line: line, column: column)
        case .sequence(let sequence):
            var items: [YAMLNode] = []
            for item in sequence {
                guard let converted = convert(item, budget: &budget, end: end) else { return nil }
                items.append(converted)
            }
            return YAMLNode(value: .sequence(items), line: line, column: column)
        case .mapping(let mapping):
            var pairs: [(key: YAMLNode, value: YAMLNode)] = []
            for (key, value) in mapping {
                guard let k = convert(key, budget: &budget, end: end), let v = convert(value, budget: &budget, end: end)
                else { return nil }
                pairs.append((k, v))
            }
            return YAMLNode(value: .mapping(pairs), line: line, column: column)
        case .alias:
            return YAMLNode(value: .scalar(""), line: line, column: column)
        }
    }

    public var scalar: String? {
        if case .scalar(let text) = value { return text }
        return nil
    }
}
