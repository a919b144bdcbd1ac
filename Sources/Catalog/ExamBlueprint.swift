import ClusterSim

/// The shape of a mock exam, as an instructor writes it in `Content/exams/<id>.yaml`: either a
/// number of tasks drawn to topic weights, or a fixed list of scenarios with their own weights.
/// Weights total 100 either way.
public struct ExamBlueprint: Sendable, Hashable {
    /// One task of a fixed list.
    public struct FixedTask: Sendable, Hashable {
        public var scenario: String
        public var weight: Int

        public init(scenario: String, weight: Int) {
            self.scenario = scenario
            self.weight = weight
        }
    }

    public var id: String
    public var title: String
    public var minutes: Int
    /// How many tasks weighted sampling draws (the length of `fixed` for a fixed list).
    public var taskCount: Int
    /// Topic weights for sampling, in file order; empty for a fixed list.
    public var topics: [(topic: String, weight: Int)]
    /// A fixed task list; empty for weighted sampling.
    public var fixed: [FixedTask]
    public var file: String

    public init(
        id: String, title: String, minutes: Int, taskCount: Int, topics: [(topic: String, weight: Int)],
        fixed: [FixedTask], file: String
    ) {
        self.id = id
        self.title = title
        self.minutes = minutes
        self.taskCount = taskCount
        self.topics = topics
        self.fixed = fixed
        self.file = file
    }

    public static func == (a: ExamBlueprint, b: ExamBlueprint) -> Bool {
        a.id == b.id && a.title == b.title && a.minutes == b.minutes && a.taskCount == b.taskCount
            && a.topics.map(\.topic) == b.topics.map(\.topic) && a.topics.map(\.weight) == b.topics.map(\.weight)
            && a.fixed == b.fixed && a.file == b.file
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(id)
        hasher.combine(file)
    }
}

/// One sampled task of an exam: a scenario, the seed of its fresh variant and its weight.
public struct ExamTaskPlan: Sendable, Hashable {
    public var scenario: String
    public var topic: String
    public var seed: UInt64
    public var weight: Int

    public init(scenario: String, topic: String, seed: UInt64, weight: Int) {
        self.scenario = scenario
        self.topic = topic
        self.seed = seed
        self.weight = weight
    }
}

extension ExamBlueprint {
    /// The exam's tasks for a seed: the same seed always draws the same scenarios, variants, order
    /// and weights. `tasks` overrides the blueprint's count (weighted sampling only); no scenario is
    /// drawn twice. Fails with a reason when the catalogue cannot fill the blueprint.
    public func plan(seed: UInt64, tasks requested: Int? = nil, scenarios: [Scenario]) -> Result<[ExamTaskPlan], PlanError> {
        var rng = SeededGenerator(seed: seed, label: "exam/\(id)")
        var chosen: [(scenario: Scenario, weight: Int)] = []
        if !fixed.isEmpty {
            if requested != nil {
                return .failure(PlanError("--tasks does not apply to blueprint '\(id)': it lists its tasks"))
            }
            for task in fixed {
                guard let scenario = scenarios.first(where: { $0.id == task.scenario }) else {
                    return .failure(PlanError("blueprint '\(id)' names scenario '\(task.scenario)', which is missing"))
                }
                chosen.append((scenario, task.weight))
            }
        } else {
            let count = requested ?? taskCount
            let pools = topics.map { topic in scenarios.filter { $0.topic == topic.topic } }
            let available = pools.map(\.count).reduce(0, +)
            guard count >= 1, count <= available else {
                return .failure(PlanError("blueprint '\(id)' can draw 1 to \(available) tasks, not \(count)"))
            }
            let counts = Self.apportion(count, weights: topics.map(\.weight), limits: pools.map(\.count))
            // Topics that drew tasks share 100 in proportion to their weights; each topic's share is
            // split evenly over its tasks, the first ones taking the remainder.
            let drawn = counts.indices.filter { counts[$0] > 0 }
            let shares = Self.roundToHundred(drawn.map { Double(topics[$0].weight) })
            for (index, share) in zip(drawn, shares) {
                let picked = Self.shuffled(pools[index], using: &rng).prefix(counts[index])
                for (offset, scenario) in picked.enumerated() {
                    chosen.append((scenario, share / counts[index] + (offset < share % counts[index] ? 1 : 0)))
                }
            }
            chosen = Self.shuffled(chosen, using: &rng)
        }
        return .success(
            chosen.enumerated().map { index, entry in
                var taskRandom = SeededGenerator(seed: seed, label: "exam/\(id)/task/\(index)")
                return ExamTaskPlan(
                    scenario: entry.scenario.id, topic: entry.scenario.topic,
                    seed: taskRandom.next() % 999_999 + 1, weight: entry.weight)
            })
    }

    public struct PlanError: Error, Sendable, CustomStringConvertible {
        public var description: String
        init(_ description: String) { self.description = description }
    }

    /// Splits `total` tasks over topics in proportion to their weights (largest remainder), every
    /// weighted topic at least one task while tasks remain, none beyond its number of scenarios.
    static func apportion(_ total: Int, weights: [Int], limits: [Int]) -> [Int] {
        var counts = [Int](repeating: 0, count: weights.count)
        let weightSum = max(1, weights.reduce(0, +))
        var left = total
        // Everyone with weight gets one, heaviest first, while tasks last.
        for index in weights.indices.sorted(by: { weights[$0] > weights[$1] })
        where left > 0 && weights[index] > 0 && limits[index] > 0 {
            counts[index] = 1
            left -= 1
        }
        while left > 0 {
            // The topic furthest below its share that can take another task.
            let candidates = weights.indices.filter { counts[$0] < limits[$0] && weights[$0] > 0 }
            guard
                let next = candidates.max(by: {
                    let a = Double(weights[$0]) * Double(total) / Double(weightSum) - Double(counts[$0])
                    let b = Double(weights[$1]) * Double(total) / Double(weightSum) - Double(counts[$1])
                    return a != b ? a < b : $0 > $1
                })
            else { break }
            counts[next] += 1
            left -= 1
        }
        return counts
    }

    /// Whole-number weights in proportion to `raw` that total exactly 100 (largest remainder).
    static func roundToHundred(_ raw: [Double]) -> [Int] {
        let sum = raw.reduce(0, +)
        guard sum > 0 else { return raw.map { _ in 0 } }
        let exact = raw.map { $0 * 100 / sum }
        var result = exact.map { Int($0.rounded(.down)) }
        var left = 100 - result.reduce(0, +)
        for index in exact.indices.sorted(by: { exact[$0] - Double(result[$0]) > exact[$1] - Double(result[$1]) }) {
            guard left > 0 else { break }
            result[index] += 1
            left -= 1
        }
        return result
    }

    static func shuffled<T>(_ items: [T], using rng: inout SeededGenerator) -> [T] {
        var items = items
        guard items.count > 1 else { return items }
        for index in stride(from: items.count - 1, to: 0, by: -1) {
            let other = rng.int(in: 0...index)
            items.swapAt(index, other)
        }
        return items
    }
}
