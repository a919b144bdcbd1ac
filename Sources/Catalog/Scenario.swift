import ClusterSim
import Grading
import Shell

/// A hands-on drill as an instructor writes it in `Content/scenarios/<topic>/<id>.yaml`.
public struct Scenario: Sendable, Hashable {
    public static let topics = [
        "etcd", "control-plane", "load-balancing", "kubeadm", "leader-election", "recovery", "certificates",
        "monitoring", "security", "operations",
    ]

    /// A per-attempt variable, chosen from the attempt's seed: one of several values (`pick`), or
    /// a node of the cluster with a given role (`node`), never one another variable already holds.
    /// A node variable `v` also fills `{{v.ip}}`.
    public struct Variable: Sendable, Hashable {
        public var name: String
        public var choices: [String]
        public var role: ClusterSpec.Role?
        public var except: [String]

        public init(name: String, choices: [String], role: ClusterSpec.Role? = nil, except: [String] = []) {
            self.name = name
            self.choices = choices
            self.role = role
            self.except = except
        }
    }

    /// A step run before the attempt starts, as the exam's author prepared the host: a command
    /// (on `host`, the scenario's host when not given) or a fault as `:fault` takes it.
    public struct SetupStep: Sendable, Hashable {
        public var host: String?
        public var command: String?
        public var fault: String?

        public init(host: String? = nil, command: String? = nil, fault: String? = nil) {
            self.host = host
            self.command = command
            self.fault = fault
        }
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
    /// The hosts the task's work belongs on (templates); empty: any host of the cluster.
    public var hosts: [String] = []
    /// The kube context the task's kubectl work belongs in (a template); nil: any context.
    public var context: String?
    /// The guide's known errors (numbers in CATALOG.md's list) this drill teaches the correct fact for.
    public var errata: [Int] = []
    /// Faults and changes applied to the fresh cluster before the learner starts.
    public var setup: [SetupStep] = []
    /// Where the scenario was read from, for messages.
    public var file: String

    /// The attempt's variable values for a seed: the same seed always picks the same values.
    /// Node variables need the cluster's `spec`; without it they stay unset.
    public func values(seed: UInt64, spec: ClusterSpec? = nil) -> [String: String] {
        var values: [String: String] = [:]
        for variable in variables {
            var rng = SeededGenerator(seed: seed, label: "variables/\(id)/\(variable.name)")
            if let role = variable.role {
                let taken = Set(variable.except.compactMap { values[$0] })
                let nodes = (spec?.nodes ?? []).filter { $0.role == role && !taken.contains($0.name) }
                guard !nodes.isEmpty else { continue }
                let node = nodes[rng.int(in: 0...(nodes.count - 1))]
                values[variable.name] = node.name
                values[variable.name + ".ip"] = node.ip
            } else if !variable.choices.isEmpty {
                values[variable.name] = variable.choices[rng.int(in: 0...(variable.choices.count - 1))]
            }
        }
        return values
    }

    /// The host the learner starts on, with the attempt's values filled in.
    public func startHost(_ values: [String: String]) -> String { Template.render(host, values) }

    /// Every text a template becomes over all seeds, for lint: rendered under each combination of
    /// the `pick` values it names (up to 4096; past that the remaining variables keep seed 1's
    /// value). A node variable names a node of its role on every seed or on none, so seed 1's
    /// value stands for it.
    public func renderings(_ template: String, spec: ClusterSpec) -> [String] {
        let named = Set(Template.names(in: template))
        var combinations = [values(seed: 1, spec: spec)]
        for variable in variables where variable.role == nil && named.contains(variable.name) {
            guard combinations.count * variable.choices.count <= 4096 else { break }
            combinations = combinations.flatMap { values in
                variable.choices.map { values.merging([variable.name: $0]) { _, choice in choice } }
            }
        }
        var seen: Set<String> = []
        return combinations.map { Template.render(template, $0) }.filter { seen.insert($0).inserted }
    }
}

extension Scenario {
    /// The attempt's cluster: the base cluster for the seed with the setup applied. Setup
    /// commands run in their own shells, so they never appear in the learner's history.
    public func cluster(spec: ClusterSpec, seed: UInt64) -> Cluster {
        var cluster = Cluster.build(spec: spec, seed: seed)
        let values = self.values(seed: seed, spec: spec).merging(Grader.facts(cluster)) { variable, _ in variable }
        for step in setup {
            if let fault = step.fault {
                let words = Template.render(fault, values).split(whereSeparator: \.isWhitespace).map(String.init)
                if case .success(let parsed) = Fault.parse(words) { _ = cluster.inject(parsed) }
            }
            if let command = step.command {
                var shell = ShellState(host: Template.render(step.host ?? host, values))
                for text in Shell.commands(in: Template.render(command, values)) {
                    _ = Shell.run(text, state: &shell, cluster: &cluster)
                }
            }
        }
        return cluster
    }
}
