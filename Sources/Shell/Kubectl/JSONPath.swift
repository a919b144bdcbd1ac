/// The JSONPath dialect of kubectl's `-o jsonpath=` (k8s.io/client-go/util/jsonpath): text with
/// `{...}` actions; fields, `..` recursion, `[n]`, `[a:b]`, `[*]`, `['key']`, filters
/// `[?(@.type=="InternalIP")]`, string literals and `{range ...}...{end}`. Missing keys print
/// nothing, as kubectl allows them by default.
struct JSONPath {
    indirect enum Segment: Equatable {
        case root
        /// `@`: the value being filtered or ranged over.
        case current
        case field(String)
        case wildcard
        case recursive(String?)
        case index(Int)
        case slice(Int?, Int?)
        case filter(path: [Segment], op: String?, literal: String?)
    }

    indirect enum Part: Equatable {
        case text(String)
        case literal(String)
        case path([Segment])
        case range([Segment], [Part])
    }

    var parts: [Part]

    /// Parses a template; a failure carries client-go's parser message.
    static func parse(_ template: String) -> Result<JSONPath, KubectlMessage> {
        var stack: [([Segment], [Part])] = []
        var current: [Part] = []
        var rest = Substring(template)
        var text = ""
        while let first = rest.first {
            guard first == "{" else {
                text.append(first)
                rest = rest.dropFirst()
                continue
            }
            if !text.isEmpty {
                current.append(.text(text))
                text = ""
            }
            guard let close = closingBrace(rest) else { return .failure(KubectlMessage("unclosed action")) }
            let body = String(rest[rest.index(after: rest.startIndex)..<close]).trimmed()
            rest = rest[rest.index(after: close)...]
            if body == "end" {
                guard let (path, outer) = stack.popLast() else { return .failure(KubectlMessage("not in range, nothing to end")) }
                let inner = current
                current = outer
                current.append(.range(path, inner))
                continue
            }
            if body.hasPrefix("range ") || body == "range" {
                switch segments(String(body.dropFirst(5)).trimmed()) {
                case .failure(let error): return .failure(error)
                case .success(let path):
                    stack.append((path, current))
                    current = []
                }
                continue
            }
            if body.hasPrefix("\"") || body.hasPrefix("'") {
                guard body.count >= 2, body.last == body.first else {
                    return .failure(KubectlMessage("unterminated quoted string"))
                }
                current.append(.literal(unescape(String(body.dropFirst().dropLast()))))
                continue
            }
            switch segments(body) {
            case .failure(let error): return .failure(error)
            case .success(let path): current.append(.path(path))
            }
        }
        if !text.isEmpty { current.append(.text(text)) }
        guard stack.isEmpty else { return .failure(KubectlMessage("unclosed range")) }
        return .success(JSONPath(parts: current))
    }

    /// The `}` closing the action that opens the text, skipping quoted strings.
    private static func closingBrace(_ text: Substring) -> Substring.Index? {
        var quote: Character?
        var index = text.index(after: text.startIndex)
        while index < text.endIndex {
            let character = text[index]
            if let open = quote {
                if character == "\\" {
                    index = text.index(after: index)
                    if index == text.endIndex { return nil }
                } else if character == open {
                    quote = nil
                }
            } else if character == "\"" || character == "'" {
                quote = character
            } else if character == "}" {
                return index
            }
            index = text.index(after: index)
        }
        return nil
    }

    static func unescape(_ text: String) -> String {
        var out = ""
        var escaping = false
        for character in text {
            if escaping {
                switch character {
                case "n": out.append("\n")
                case "t": out.append("\t")
                case "r": out.append("\r")
                default: out.append(character)
                }
                escaping = false
            } else if character == "\\" {
                escaping = true
            } else {
                out.append(character)
            }
        }
        return out
    }

    /// The segments of one path (`.items[*].metadata.name`).
    static func segments(_ text: String) -> Result<[Segment], KubectlMessage> {
        var result: [Segment] = []
        let characters = Array(text)
        var index = 0
        func name() -> String {
            var word = ""
            while index < characters.count, !".[".contains(characters[index]) {
                word.append(characters[index])
                index += 1
            }
            return word
        }
        while index < characters.count {
            let character = characters[index]
            switch character {
            case "$":
                result.append(.root)
                index += 1
            case "@":
                result.append(.current)
                index += 1
            case ".":
                index += 1
                if index < characters.count, characters[index] == "." {
                    index += 1
                    let field = name()
                    result.append(.recursive(field.isEmpty || field == "*" ? nil : field))
                } else {
                    let field = name()
                    if field == "*" {
                        result.append(.wildcard)
                    } else if !field.isEmpty {
                        result.append(.field(field))
                    }
                }
            case "[":
                var depth = 0
                var end = index
                var quote: Character?
                while end < characters.count {
                    let current = characters[end]
                    if let open = quote {
                        if current == open { quote = nil }
                    } else if current == "\"" || current == "'" {
                        quote = current
                    } else if current == "[" {
                        depth += 1
                    } else if current == "]" {
                        depth -= 1
                        if depth == 0 { break }
                    }
                    end += 1
                }
                guard end < characters.count else { return .failure(KubectlMessage("unclosed array expect ]")) }
                let inner = String(characters[(index + 1)..<end]).trimmed()
                index = end + 1
                switch bracket(inner) {
                case .failure(let error): return .failure(error)
                case .success(let segment): result.append(segment)
                }
            case " ":
                index += 1
            default:
                if result.isEmpty {
                    // A path without a leading dot (`{metadata.name}`) reads a field.
                    let field = name()
                    result.append(.field(field))
                } else {
                    return .failure(
                        KubectlMessage("unrecognized character in action: \(unicodeDescription(character))"))
                }
            }
        }
        return .success(result)
    }

    /// Go's `%#U`: `U+0023 '#'`.
    static func unicodeDescription(_ character: Character) -> String {
        let scalar = character.unicodeScalars.first?.value ?? 0
        let hex = String(scalar, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex + " '\(character)'"
    }

    private static func bracket(_ inner: String) -> Result<Segment, KubectlMessage> {
        if inner == "*" { return .success(.wildcard) }
        if inner.hasPrefix("?(") && inner.hasSuffix(")") {
            let condition = String(inner.dropFirst(2).dropLast()).trimmed()
            for op in ["==", "!=", "<=", ">=", "<", ">"] {
                if let range = condition.range(of: op) {
                    let left = String(condition[..<range.lowerBound]).trimmed()
                    var right = String(condition[range.upperBound...]).trimmed()
                    if (right.hasPrefix("\"") && right.hasSuffix("\"")) || (right.hasPrefix("'") && right.hasSuffix("'")),
                        right.count >= 2
                    {
                        right = String(right.dropFirst().dropLast())
                    }
                    switch segments(left) {
                    case .failure(let error): return .failure(error)
                    case .success(let path): return .success(.filter(path: path, op: op, literal: right))
                    }
                }
            }
            switch segments(condition) {
            case .failure(let error): return .failure(error)
            case .success(let path): return .success(.filter(path: path, op: nil, literal: nil))
            }
        }
        if (inner.hasPrefix("'") && inner.hasSuffix("'")) || (inner.hasPrefix("\"") && inner.hasSuffix("\"")), inner.count >= 2 {
            return .success(.field(String(inner.dropFirst().dropLast())))
        }
        if inner.contains(":") {
            let bounds = inner.split(separator: ":", omittingEmptySubsequences: false).map { Int($0.trimmed()) }
            return .success(.slice(bounds.first ?? nil, bounds.count > 1 ? bounds[1] : nil))
        }
        if let number = Int(inner) { return .success(.index(number)) }
        return .success(.field(inner))
    }

    // MARK: Evaluation

    func execute(_ data: ObjectValue) -> String {
        Self.render(parts, root: data, current: data, depth: 0)
    }

    private static func render(_ parts: [Part], root: ObjectValue, current: ObjectValue, depth: Int) -> String {
        guard depth < 20 else { return "" }
        var out = ""
        for part in parts {
            switch part {
            case .text(let text): out += text
            case .literal(let text): out += text
            case .path(let path):
                out += evaluate(path, root: root, current: current).map(\.text).joined(separator: " ")
            case .range(let path, let inner):
                for item in evaluate(path, root: root, current: current) {
                    out += render(inner, root: root, current: item, depth: depth + 1)
                }
            }
        }
        return out
    }

    static func evaluate(_ path: [Segment], root: ObjectValue, current: ObjectValue) -> [ObjectValue] {
        var values = [current]
        for segment in path {
            values = values.flatMap { value -> [ObjectValue] in
                switch segment {
                case .root: return [root]
                case .current: return [value]
                case .field(let name): return value[name].map { [$0] } ?? []
                case .wildcard:
                    if case .array(let items) = value { return items }
                    return value.fields.map(\.1)
                case .recursive(let name): return descendants(value, name: name, depth: 0)
                case .index(let number):
                    let items = value.items
                    let position = number < 0 ? items.count + number : number
                    return items.indices.contains(position) ? [items[position]] : []
                case .slice(let start, let end):
                    let items = value.items
                    func clamp(_ bound: Int?, _ fallback: Int) -> Int {
                        guard let bound else { return fallback }
                        return min(max(bound < 0 ? items.count + bound : bound, 0), items.count)
                    }
                    let lower = clamp(start, 0)
                    let upper = clamp(end, items.count)
                    return lower < upper ? Array(items[lower..<upper]) : []
                case .filter(let inner, let op, let literal):
                    let candidates: [ObjectValue]
                    if case .array(let items) = value { candidates = items } else { candidates = [value] }
                    return candidates.filter { candidate in
                        let found = evaluate(inner, root: root, current: candidate)
                        guard let op, let literal else { return !found.isEmpty }
                        guard let first = found.first else { return false }
                        return compare(first, op, literal)
                    }
                }
            }
        }
        return values
    }

    private static func descendants(_ value: ObjectValue, name: String?, depth: Int) -> [ObjectValue] {
        guard depth < 64 else { return [] }
        var found: [ObjectValue] = []
        switch value {
        case .object(let fields):
            for (key, child) in fields {
                if name == nil || key == name { found.append(child) }
            }
            for (_, child) in fields { found += descendants(child, name: name, depth: depth + 1) }
        case .array(let items):
            for item in items {
                if name == nil { found.append(item) }
                found += descendants(item, name: name, depth: depth + 1)
            }
        default: break
        }
        return found
    }

    private static func compare(_ value: ObjectValue, _ op: String, _ literal: String) -> Bool {
        if case .int(let number) = value, let other = Int(literal) {
            switch op {
            case "==": return number == other
            case "!=": return number != other
            case "<": return number < other
            case ">": return number > other
            case "<=": return number <= other
            default: return number >= other
            }
        }
        let text = value.text
        switch op {
        case "==": return text == literal
        case "!=": return text != literal
        case "<": return text < literal
        case ">": return text > literal
        case "<=": return text <= literal
        default: return text >= literal
        }
    }
}
