import ClusterSim
import Grading

/// A hands-on drill as an instructor writes it in `Content/scenarios/<topic>/<id>.yaml`.
public struct Scenario: Sendable, Hashable {
    public static let topics = [
        "etcd", "control-plane", "load-balancing", "kubeadm", "leader-election", "recovery", "certificates",
        "monitoring", "security", "operations",
    ]

    /// A per-attempt variable: one of several values, chosen from the attempt's seed.
    public struct Variable: Sendable, Hashable {
        public var name: String
        public var choices: [String]
    }

    /// A known wrong answer that `verify` replays; it must fail exactly the listed checks.
    public struct Mistake: Sendable, Hashable {
        public var name: String
        public var commands: String
        public var fails: [String]
    }

    public var id: String
    public var title: String
    public var topic: String
    public var guide: String
    public var curriculum: String?
    public var difficulty: Int
    public var minutes: Int
    public var cluster: String
    public var host: String
    public var variables: [Variable]
    public var task: String
    public var hints: [String]
    public var checks: [Check]
    public var solution: String
    public var mistakes: [Mistake]
    /// Where the scenario was read from, for messages.
    public var file: String

    /// The attempt's variable values for a seed: the same seed always picks the same values.
    public func values(seed: UInt64) -> [String: String] {
        var values: [String: String] = [:]
        for variable in variables where !variable.choices.isEmpty {
            var rng = SeededGenerator(seed: seed, label: "variables/\(id)/\(variable.name)")
            values[variable.name] = variable.choices[rng.int(in: 0...(variable.choices.count - 1))]
        }
        return values
    }
}
