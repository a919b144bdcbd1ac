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
        let errors = reader.finish()
        guard let probe, let matcher, errors.isEmpty else { return (nil, errors) }
        return (
            GraderDefinition(
                name: name, summary: summary, parameters: parameters, probe: probe, matcher: matcher,
                passFeedback: pass, failFeedback: fail), errors
        )
    }

    static let probeKinds = ["file", "history", "etcd"]
    static let etcdFields = ["quorum", "running", "members", "leader"]

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
        var reader = FieldReader(pairs[0].value, file: file, what: "probe '\(kind)'")
        let probe: Probe?
        switch kind {
        case "file":
            let host = reader.string("host")
            let path = reader.string("path")
            probe = host.flatMap { h in path.map { Probe.file(host: h, path: $0) } }
        case "history":
            probe = reader.string("command").map(Probe.history(command:))
        case "etcd":
            let field = reader.string("field")
            if let field, !etcdFields.contains(field) {
                reader.add(
                    reader.error(
                        at: reader.node("field") ?? node,
                        "unknown etcd field '\(field)'; use one of \(etcdFields.joined(separator: ", "))"))
            }
            probe = field.map(Probe.etcd(field:))
        default:
            return (
                nil,
                [
                    ContentError(
                        file: file, line: pairs[0].key.line, column: pairs[0].key.column,
                        message: "unknown probe '\(kind)'; use one of \(probeKinds.joined(separator: ", "))")
                ]
            )
        }
        return (probe, reader.finish())
    }

    static let matcherKinds = ["equals", "contains", "matches", "one-of", "absent", "present", "all", "any", "not"]

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
            if kind == "matches", !text.contains("{{"), (try? Regex(text)) == nil {
                return failure(argument, "'\(text)' is not a valid regular expression")
            }
            return (kind == "equals" ? .equals(text) : kind == "contains" ? .contains(text) : .matches(text), [])
        case "one-of":
            guard case .sequence(let items) = argument.value else { return failure(argument, "'one-of' takes a list") }
            return (.oneOf(items.compactMap(\.scalar)), [])
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
        case "not":
            let (parsed, errors) = parseMatcher(argument, file: file)
            return (parsed.map(Matcher.not), errors)
        default:
            return failure(pairs[0].key, "unknown matcher '\(kind)'; use one of \(matcherKinds.joined(separator: ", "))")
        }
    }
}
