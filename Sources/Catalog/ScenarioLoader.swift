import ClusterSim
import Grading

/// Reads one scenario file, resolving its checks against the grader library.
enum ScenarioLoader {
    static func load(_ root: YAMLNode, file: String, graders: [String: GraderDefinition]) -> (Scenario?, [ContentError]) {
        var reader = FieldReader(root, file: file, what: "a scenario")
        let id = reader.string("id")
        let title = reader.string("title")
        let topic = reader.string("topic")
        if let topic, !Scenario.topics.contains(topic) {
            reader.add(
                reader.error(
                    at: reader.node("topic") ?? root,
                    "unknown topic '\(topic)'; use one of \(Scenario.topics.joined(separator: ", "))"))
        }
        let guide = reader.string("guide")
        let curriculum = reader.string("curriculum", required: false)
        let difficulty = reader.int("difficulty", range: 1...5)
        let minutes = reader.int("minutes", range: 1...180)
        let cluster = reader.string("cluster")
        let host = reader.string("host")
        let hosts = reader.strings("hosts") ?? []
        let kubeContext = reader.string("context", required: false)
        let task = reader.string("task")
        let hints = reader.strings("hints") ?? []
        let solution = reader.string("solution")
        var errata: [Int] = []
        for text in reader.strings("errata") ?? [] {
            if let number = Int(text), (1...RecallCard.errataCount).contains(number) {
                errata.append(number)
            } else {
                reader.add(
                    reader.error(
                        at: reader.node("errata") ?? root,
                        "'errata' lists the guide's known errors by number, 1 to \(RecallCard.errataCount); '\(text)' is not one")
                )
            }
        }

        var variables: [Scenario.Variable] = []
        if let node = reader.node("variables") {
            if case .mapping(let pairs) = node.value {
                for (key, value) in pairs {
                    let name = key.scalar ?? ""
                    var variableReader = FieldReader(value, file: file, what: "variable '\(name)'")
                    if variableReader.node("node") != nil {
                        var nodeReader = FieldReader(
                            variableReader.node("node") ?? value, file: file, what: "node variable '\(name)'")
                        let roleName = nodeReader.string("role")
                        let role = roleName.flatMap(ClusterSpec.Role.init(rawValue:))
                        if let roleName, role == nil {
                            nodeReader.add(
                                nodeReader.error(
                                    at: nodeReader.node("role") ?? value,
                                    "unknown role '\(roleName)'; use one of \(ClusterSpec.Role.allCases.map(\.rawValue).joined(separator: ", "))"
                                ))
                        }
                        let except = nodeReader.strings("except") ?? []
                        for other in except where !variables.contains(where: { $0.name == other }) {
                            nodeReader.add(
                                nodeReader.error(
                                    at: nodeReader.node("except") ?? value,
                                    "'except' names '\(other)', which is not an earlier variable"))
                        }
                        variableReader.add(nodeReader.finish())
                        reader.add(variableReader.finish())
                        variables.append(Scenario.Variable(name: name, choices: [], role: role ?? .controlPlane, except: except))
                        continue
                    }
                    let choices = variableReader.strings("pick", required: true) ?? []
                    if choices.isEmpty, variableReader.errors.isEmpty {
                        variableReader.add(variableReader.error(at: value, "'pick' needs at least one value"))
                    }
                    reader.add(variableReader.finish())
                    variables.append(Scenario.Variable(name: name, choices: choices))
                }
            } else {
                reader.add(reader.error(at: node, "'variables' must map names to { pick: [...] }"))
            }
        }

        var checks: [Check] = []
        for item in reader.sequence("checks", required: true) ?? [] {
            let (check, errors) = loadCheck(
                item, file: file, graders: graders,
                variables: Set(variables.flatMap { $0.role == nil ? [$0.name] : [$0.name, $0.name + ".ip"] }))
            reader.add(errors)
            if let check {
                if checks.contains(where: { $0.id == check.id }) {
                    reader.add(reader.error(at: item, "two checks are named '\(check.id)'; give one an 'id'"))
                }
                checks.append(check)
            }
        }

        var setup: [Scenario.SetupStep] = []
        for item in reader.sequence("setup") ?? [] {
            var stepReader = FieldReader(item, file: file, what: "a setup step")
            let host = stepReader.string("host", required: false)
            let command = stepReader.string("run", required: false)
            let fault = stepReader.string("fault", required: false)
            if (command == nil) == (fault == nil) {
                stepReader.add(stepReader.error(at: item, "a setup step has either 'run' (a command) or 'fault'"))
            }
            if let fault, let problem = FaultLint.problem(fault) {
                stepReader.add(stepReader.error(at: stepReader.node("fault") ?? item, problem))
            }
            reader.add(stepReader.finish())
            setup.append(Scenario.SetupStep(host: host, command: command, fault: fault))
        }

        var mistakes: [Scenario.Mistake] = []
        for item in reader.sequence("mistakes") ?? [] {
            var mistakeReader = FieldReader(item, file: file, what: "a mistake")
            let name = mistakeReader.string("name")
            let commands = mistakeReader.string("commands")
            let fails = mistakeReader.strings("fails", required: true) ?? []
            for failed in fails where !checks.contains(where: { $0.id == failed }) {
                mistakeReader.add(mistakeReader.error(at: item, "mistake lists unknown check '\(failed)'"))
            }
            reader.add(mistakeReader.finish())
            if let name, let commands { mistakes.append(Scenario.Mistake(name: name, commands: commands, fails: fails)) }
        }

        // Templates may only name what exists: a typo would reach the learner as `{{...}}`.
        let variableNames = Set(variables.flatMap { $0.role == nil ? [$0.name] : [$0.name, $0.name + ".ip"] })
        for (key, texts) in [("task", [task].compactMap { $0 }), ("hints", hints), ("context", [kubeContext].compactMap { $0 })] {
            for text in texts {
                for name in Template.names(in: text) where !variableNames.contains(name) {
                    let detail =
                        Grader.factNames.contains(name)
                        ? "cluster facts such as {{\(name)}} would give the answer away and are not filled in here"
                        : "it is not one of this scenario's variables"
                    reader.add(reader.error(at: reader.node(key) ?? root, "\(key) refers to {{\(name)}}: \(detail)"))
                }
            }
        }
        let errors = reader.finish()
        guard errors.isEmpty, let id, let title, let topic, let guide, let difficulty, let minutes, let cluster,
            let host, let task, let solution
        else { return (nil, errors) }
        return (
            Scenario(
                id: id, title: title, topic: topic, guide: guide, curriculum: curriculum, difficulty: difficulty,
                minutes: minutes, cluster: cluster, host: host, variables: variables, task: task, hints: hints,
                checks: checks, solution: solution, mistakes: mistakes, hosts: hosts, context: kubeContext, errata: errata,
                setup: setup, file: file),
            []
        )
    }

    private static func loadCheck(
        _ node: YAMLNode, file: String, graders: [String: GraderDefinition], variables: Set<String>
    ) -> (Check?, [ContentError]) {
        var reader = FieldReader(node, file: file, what: "a check")
        guard let use = reader.string("use") else { return (nil, reader.finish()) }
        let id = reader.string("id", required: false) ?? use
        let arguments = reader.stringMap("with") ?? [:]
        let coaching = reader.bool("coaching") ?? false
        let inject = reader.strings("inject") ?? []
        for fault in inject {
            if let problem = FaultLint.problem(fault) { reader.add(reader.error(at: reader.node("inject") ?? node, problem)) }
        }
        let points = reader.int("points", required: !coaching, range: 0...100) ?? 0
        var feedback: [String: String] = [:]
        if let node = reader.node("feedback") {
            var feedbackReader = FieldReader(node, file: file, what: "feedback")
            feedback["pass"] = feedbackReader.string("pass", required: false)
            feedback["fail"] = feedbackReader.string("fail", required: false)
            reader.add(feedbackReader.finish())
        }
        guard var grader = graders[use] else {
            reader.add(
                reader.error(
                    at: reader.node("use") ?? node,
                    "unknown grader '\(use)'; graders are defined in Graders/*.yaml"))
            return (nil, reader.finish())
        }
        for parameter in grader.parameters where arguments[parameter] == nil {
            reader.add(reader.error(at: node, "grader '\(use)' needs '\(parameter)' under 'with'"))
        }
        for name in arguments.keys where !grader.parameters.contains(name) {
            reader.add(reader.error(at: reader.node("with") ?? node, "grader '\(use)' takes no parameter '\(name)'"))
        }
        let known = Grader.factNames.union(grader.parameters).union(variables).union(["actual"])
        for text in Array(arguments.values) + Array(feedback.values) + inject {
            for name in Template.names(in: text) where !known.contains(name) {
                reader.add(
                    reader.error(
                        at: node, "check '\(id)' refers to {{\(name)}}, which is not a variable, a parameter or a cluster fact"))
            }
        }
        if let pass = feedback["pass"] { grader.passFeedback = pass }
        if let fail = feedback["fail"] { grader.failFeedback = fail }
        let errors = reader.finish()
        guard errors.isEmpty else { return (nil, errors) }
        return (
            Check(id: id, grader: grader, arguments: arguments, points: points, coaching: coaching, inject: inject), []
        )
    }
}
