/// Reads one exam blueprint (`Content/exams/*.yaml`) and checks it against the scenarios.
enum ExamBlueprintLoader {
    static func load(_ root: YAMLNode, file: String, scenarios: [Scenario]) -> (ExamBlueprint?, [ContentError]) {
        var reader = FieldReader(root, file: file, what: "an exam blueprint")
        let id = reader.string("id")
        let title = reader.string("title")
        let minutes = reader.int("minutes", range: 1...600)
        var count: Int?
        var fixed: [ExamBlueprint.FixedTask] = []
        var topics: [(topic: String, weight: Int)] = []
        let tasksNode = reader.node("tasks")
        let topicsNode = reader.node("topics")
        switch tasksNode?.value {
        case nil:
            reader.add(reader.error(at: root, "missing required key 'tasks' (a number of tasks to draw, or a list)"))
        case .scalar(let text):
            if let number = Int(text), (1...60).contains(number) {
                count = number
            } else {
                reader.add(reader.error(at: tasksNode ?? root, "'tasks' must be a whole number from 1 to 60, not '\(text)'"))
            }
        case .sequence(let items):
            for item in items {
                var taskReader = FieldReader(item, file: file, what: "a task")
                let scenario = taskReader.string("scenario")
                let weight = taskReader.int("weight", range: 1...100)
                if let scenario, !scenarios.contains(where: { $0.id == scenario }) {
                    taskReader.add(
                        taskReader.error(at: taskReader.node("scenario") ?? item, "unknown scenario '\(scenario)'"))
                } else if let scenario, fixed.contains(where: { $0.scenario == scenario }) {
                    taskReader.add(
                        taskReader.error(
                            at: taskReader.node("scenario") ?? item, "scenario '\(scenario)' is listed twice"))
                }
                reader.add(taskReader.finish())
                if let scenario, let weight { fixed.append(.init(scenario: scenario, weight: weight)) }
            }
            if items.isEmpty { reader.add(reader.error(at: tasksNode ?? root, "'tasks' lists no task")) }
            let total = fixed.map(\.weight).reduce(0, +)
            if fixed.count == items.count, !items.isEmpty, total != 100 {
                reader.add(reader.error(at: tasksNode ?? root, "the task weights total \(total); they must total 100"))
            }
            if topicsNode != nil {
                reader.add(
                    reader.error(at: topicsNode ?? root, "'topics' weighs drawn tasks; a fixed task list has its own weights"))
            }
        case .mapping:
            reader.add(reader.error(at: tasksNode ?? root, "'tasks' must be a number of tasks to draw or a list of tasks"))
        }
        if count != nil {
            topics = readTopics(topicsNode, root: root, reader: &reader, scenarios: scenarios)
            let available = topics.map { topic in scenarios.filter { $0.topic == topic.topic }.count }.reduce(0, +)
            if let wanted = count, !topics.isEmpty, wanted > available {
                reader.add(
                    reader.error(
                        at: tasksNode ?? root,
                        "'tasks' asks for \(wanted) tasks, but the weighted topics have only \(available) scenarios"))
            }
        }
        let errors = reader.finish()
        guard let id, let title, let minutes, errors.isEmpty else { return (nil, errors) }
        return (
            ExamBlueprint(
                id: id, title: title, minutes: minutes, taskCount: count ?? fixed.count, topics: topics, fixed: fixed,
                file: file),
            errors
        )
    }

    private static func readTopics(
        _ node: YAMLNode?, root: YAMLNode, reader: inout FieldReader, scenarios: [Scenario]
    ) -> [(topic: String, weight: Int)] {
        guard let node else {
            reader.add(reader.error(at: root, "missing required key 'topics' (the weight of each topic, totalling 100)"))
            return []
        }
        guard case .mapping(let pairs) = node.value else {
            reader.add(reader.error(at: node, "'topics' must map each topic to its weight"))
            return []
        }
        var topics: [(topic: String, weight: Int)] = []
        for (key, value) in pairs {
            let topic = key.scalar ?? ""
            guard Scenario.topics.contains(topic) else {
                reader.add(
                    reader.error(at: key, "unknown topic '\(topic)'; use one of \(Scenario.topics.joined(separator: ", "))"))
                continue
            }
            guard let text = value.scalar, let weight = Int(text), (1...100).contains(weight) else {
                reader.add(
                    reader.error(at: value, "the weight of '\(topic)' must be a whole number from 1 to 100"))
                continue
            }
            if !scenarios.contains(where: { $0.topic == topic }) {
                reader.add(reader.error(at: key, "topic '\(topic)' has no scenario to draw"))
            }
            topics.append((topic, weight))
        }
        let total = topics.map(\.weight).reduce(0, +)
        if topics.count == pairs.count, total != 100 {
            reader.add(reader.error(at: node, "the topic weights total \(total); they must total 100"))
        }
        return topics
    }
}
