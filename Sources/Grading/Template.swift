/// `{{name}}` substitution over per-attempt variables, grader parameters and cluster facts.
public enum Template {
    /// Replaces every `{{ name }}` whose name is known; unknown names are left as written so that
    /// lint can report them and a learner never sees a silently empty value.
    public static func render(_ text: String, _ values: [String: String]) -> String {
        guard text.contains("{{") else { return text }
        var result = ""
        var rest = Substring(text)
        // Bounded: each turn consumes at least the opening braces.
        while let open = rest.firstRange(of: "{{") {
            result += rest[..<open.lowerBound]
            guard let close = rest[open.upperBound...].firstRange(of: "}}") else {
                result += rest[open.lowerBound...]
                return result
            }
            let name = rest[open.upperBound..<close.lowerBound].trimmed()
            if let value = values[name] {
                result += value
            } else {
                result += rest[open.lowerBound..<close.upperBound]
            }
            rest = rest[close.upperBound...]
        }
        return result + rest
    }

    /// The names a template refers to, for lint.
    public static func names(in text: String) -> [String] {
        var names: [String] = []
        var rest = Substring(text)
        while let open = rest.firstRange(of: "{{"), let close = rest[open.upperBound...].firstRange(of: "}}") {
            names.append(rest[open.upperBound..<close.lowerBound].trimmed())
            rest = rest[close.upperBound...]
        }
        return names
    }
}
