import ClusterSim
import Grading
import Shell

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

    /// A command run before the attempt starts, as the exam's author prepared the host.
    public struct SetupStep: Sendable, Hashable {
        /// The node to run on (a template); the scenario's host when not given.
        public var host: String?
        public var command: String
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
    /// Faults and changes applied to the fresh cluster before the learner starts.
    public var setup: [SetupStep] = []
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

extension Scenario {
    /// The attempt's cluster: the base cluster for the seed with the setup applied. Setup
    /// commands run in their own shells, so they never appear in the learner's history.
    public func cluster(spec: ClusterSpec, seed: UInt64) -> Cluster {
        var cluster = Cluster.build(spec: spec, seed: seed)
        let values = self.values(seed: seed)
        for step in setup {
            var shell = ShellState(host: Template.render(step.host ?? host, values))
            _ = Shell.run(Template.render(step.command, values), state: &shell, cluster: &cluster)
        }
        return cluster
    }
}
