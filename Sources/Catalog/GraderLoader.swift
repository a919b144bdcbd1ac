import ClusterSim
import Grading

/// Reads `Graders/*.yaml`: a `graders:` mapping of names to probe, expectation and feedback.
enum GraderLoader {
    static func load(_ root: YAMLNode, file: String) -> ([GraderDefinition], [ContentError]) {
        var reader = FieldReader(root, file: file, what: "a grader file")
        var definitions: [GraderDefinition] = []
        if let graders = reader.node("graders") {
            if case .mapping(let pairs) = graders.value {
                for (key, value) in pairs {
                    let (definition, errors) = definition(named: key.scalar ?? "", value, file: file)
                    reader.add(errors)
                    if let definition { definitions.append(definition) }
                }
            } else {
                reader.add(reader.error(at: graders, "'graders' must map grader names to their definitions"))
            }
        } else {
            reader.add(reader.error(at: root, "missing required key 'graders'"))
        }
        return (definitions, reader.finish())
    }

    private static func definition(named name: String, _ node: YAMLNode, file: String) -> (GraderDefinition?, [ContentError]) {
        var reader = FieldReader(node, file: file, what: "grader '\(name)'")
        let summary = reader.string("summary") ?? ""
        let parameters = reader.strings("params") ?? []
        var probe: Probe?
        if let probeNode = reader.node("probe") {
            let (parsed, errors) = parseProbe(probeNode, file: file)
            probe = parsed
            reader.add(errors)
        } else {
            reader.add(reader.error(at: node, "missing required key 'probe'"))
        }
        var matcher: Matcher?
        if let expectNode = reader.node("expect") {
            let (parsed, errors) = parseMatcher(expectNode, file: file)
            matcher = parsed
            reader.add(errors)
        } else {
            reader.add(reader.error(at: node, "missing required key 'expect'"))
        }
        let pass = reader.string("pass") ?? ""
        let fail = reader.string("fail") ?? ""
        let inject = reader.strings("inject") ?? []
        for fault in inject {
            if let error = FaultLint.problem(fault) { reader.add(reader.error(at: reader.node("inject") ?? node, error)) }
        }
        let errors = reader.finish()
        guard let probe, let matcher, errors.isEmpty else { return (nil, errors) }
        return (
            GraderDefinition(
                name: name, summary: summary, parameters: parameters, probe: probe, matcher: matcher,
                passFeedback: pass, failFeedback: fail, inject: inject), errors
        )
    }

    static var probeKinds: [String] { Probe.schemas.map(\.kind) }

    static func parseProbe(_ node: YAMLNode, file: String) -> (Probe?, [ContentError]) {
        guard case .mapping(let pairs) = node.value, pairs.count == 1, let kind = pairs[0].key.scalar else {
            return (
                nil,
                [
                    ContentError(
                        file: file, line: node.line, column: node.column,
                        message: "a probe is one of \(probeKinds.joined(separator: ", ")) with its settings")
                ]
            )
        }
        guard let schema = Probe.schema(kind) else {
            return (
                nil,
                [
                    ContentError(
                        file: file, line: pairs[0].key.line, column: pairs[0].key.column,
                        message: "unknown probe '\(kind)'; use one of \(probeKinds.joined(separator: ", "))")
                ]
            )
        }
        var reader = FieldReader(pairs[0].value, file: file, what: "probe '\(kind)'")
        var settings: [String: String] = [:]
        for name in schema.required { settings[name] = reader.string(name) }
        for name in schema.optional { settings[name] = reader.string(name, required: false) }
        if !schema.fields.isEmpty, let field = reader.string("field") {
            settings["field"] = field
            let names = schema.fields.map(\.name)
            if !field.contains("{{"), !names.contains(field) {
                reader.add(
                    reader.error(
                        at: reader.node("field") ?? node,
                        "unknown \(kind) field '\(field)'; use one of \(names.joined(separator: ", "))"))
            }
        }
        if let document = settings["document"], !document.contains("{{"), Int(document) == nil {
            reader.add(reader.error(at: reader.node("document") ?? node, "'document' is a number counted from 0"))
        }
        let errors = reader.finish()
        return (errors.isEmpty ? Probe(kind: kind, settings: settings) : nil, errors)
    }

    static let matcherKinds = [
        "equals", "contains", "matches", "one-of", "includes", "count", ">=", "<=", "absent", "present", "all", "any",
        "each", "not",
    ]

    static func parseMatcher(_ node: YAMLNode, file: String) -> (Matcher?, [ContentError]) {
        func failure(_ at: YAMLNode, _ message: String) -> (Matcher?, [ContentError]) {
            (nil, [ContentError(file: file, line: at.line, column: at.column, message: message)])
        }
        if let word = node.scalar {
            switch word {
            case "absent": return (.absent, [])
            case "present": return (.present, [])
            default: return failure(node, "unknown matcher '\(word)'; use one of \(matcherKinds.joined(separator: ", "))")
            }
        }
        guard case .mapping(let pairs) = node.value, pairs.count == 1, let kind = pairs[0].key.scalar else {
            return failure(node, "a matcher is one of \(matcherKinds.joined(separator: ", ")) with its value")
        }
        let argument = pairs[0].value
        switch kind {
        case "equals", "contains", "matches":
            guard let text = argument.scalar else { return failure(argument, "'\(kind)' takes a single value") }
            if kind == "matches", !text.contains("{{"), let problem = RegexCache.problem(text) {
                return failure(argument, problem)
            }
            return (kind == "equals" ? .equals(text) : kind == "contains" ? .contains(text) : .matches(text), [])
        case "one-of", "includes":
            guard case .sequence(let items) = argument.value else { return failure(argument, "'\(kind)' takes a list") }
            let values = items.compactMap(\.scalar)
            return (kind == "one-of" ? .oneOf(values) : .includes(values), [])
        case "count", ">=", "<=":
            guard let text = argument.scalar, text.contains("{{") || Double(text) != nil else {
                return failure(argument, "'\(kind)' takes a number")
            }
            return (kind == "count" ? .count(text) : kind == ">=" ? .atLeast(text) : .atMost(text), [])
        case "all", "any":
            guard case .sequence(let items) = argument.value else {
                return failure(argument, "'\(kind)' takes a list of matchers")
            }
            var inner: [Matcher] = []
            var errors: [ContentError] = []
            for item in items {
                let (parsed, more) = parseMatcher(item, file: file)
                errors += more
                if let parsed { inner.append(parsed) }
            }
            return (errors.isEmpty ? (kind == "all" ? .all(inner) : .any(inner)) : nil, errors)
        case "not", "each":
            let (parsed, errors) = parseMatcher(argument, file: file)
            return (parsed.map(kind == "not" ? Matcher.not : Matcher.each), errors)
        default:
            return failure(pairs[0].key, "unknown matcher '\(kind)'; use one of \(matcherKinds.joined(separator: ", "))")
        }
    }
}

/// Checks a fault line as `:fault` takes it; templated arguments are checked when they run.
enum FaultLint {
    static func problem(_ text: String) -> String? {
        let words = text.split(whereSeparator: \.isWhitespace).map(String.init)
        guard let name = words.first else { return "an empty fault; a fault is NAME ARGS as :fault takes it" }
        guard Fault.usage.contains(where: { $0.name == name }) else {
            return "unknown fault '\(name)'; use one of \(Fault.usage.map(\.name).joined(separator: ", "))"
        }
        guard !text.contains("{{") else { return nil }
        if case .failure(let error) = Fault.parse(words) {
            let usage = Fault.usage.first { $0.name == name }.map { "\($0.name) \($0.arguments)" } ?? name
            return "fault '\(text)': \(error == .usage ? "takes \(usage)" : error.description)"
        }
        return nil
    }
}
