import ClusterSim
import Dispatch
import Grading
import Shell
import Synchronization

/// Replays every scenario's reference solution and listed mistakes on fresh clusters: the
/// solution must score 100 %, each mistake must fail exactly the checks it names.
public enum Verifier {
    /// One way a scenario did not behave as its author said.
    public struct Finding: Sendable, Hashable, CustomStringConvertible {
        public var scenario: String
        public var file: String
        public var seed: UInt64
        public var message: String

        public var description: String { "\(file): \(scenario) (seed \(seed)): \(message)" }
    }

    /// The default seeds: a handful, so per-attempt variation (leader, paths) is exercised.
    public static let defaultSeeds: [UInt64] = [1, 7, 42, 2024, 31_337]

    public static func verify(_ catalog: Catalog, seeds: [UInt64] = defaultSeeds) -> [Finding] {
        let runs = catalog.scenarios.flatMap { scenario in
            catalog.clusters[scenario.cluster].map { spec in seeds.map { (scenario, spec, $0) } } ?? []
        }
        // Runs are independent (each plays on its own copy of a cluster): spread them over the
        // cores, and report in catalogue order whatever order they finish in.
        let results = Mutex([[Finding]](repeating: [], count: runs.count))
        DispatchQueue.concurrentPerform(iterations: runs.count) { index in
            let (scenario, spec, seed) = runs[index]
            let found = verify(scenario, spec: spec, seed: seed)
            results.withLock { $0[index] = found }
        }
        return results.withLock { $0.flatMap { $0 } }
    }

    /// The findings of one scenario on one seed. The fresh cluster (base and setup) is built
    /// once and copied for the solution and every mistake: it is a value.
    static func verify(_ scenario: Scenario, spec: ClusterSpec, seed: UInt64) -> [Finding] {
        func finding(_ message: String) -> Finding {
            Finding(scenario: scenario.id, file: scenario.file, seed: seed, message: message)
        }
        var findings: [Finding] = []
        let fresh = scenario.cluster(spec: spec, seed: seed)
        let variables = scenario.values(seed: seed, spec: spec)
        let solution = play(scenario.solution, scenario: scenario, cluster: fresh, variables: variables)
        if solution.percent != 100 {
            let failed = solution.results.filter { !$0.passed && !$0.coaching }
            findings.append(
                finding(
                    "the solution scores \(solution.earned)/\(solution.maximum); failing: "
                        + failed.map { "\($0.id) (\($0.feedback))" }.joined(separator: "; ")))
        }
        for mistake in scenario.mistakes {
            let failed = play(mistake.commands, scenario: scenario, cluster: fresh, variables: variables).results
                .filter { !$0.passed && !$0.coaching }.map(\.id)
            if failed != mistake.fails {
                findings.append(
                    finding(
                        "mistake '\(mistake.name)' fails [\(failed.joined(separator: ", "))], "
                            + "but it lists [\(mistake.fails.joined(separator: ", "))]"))
            }
        }
        return findings
    }

    /// Runs commands (templates over the attempt's variables and the fresh cluster's facts) on
    /// the scenario's host and grades the result.
    public static func play(_ commands: String, scenario: Scenario, spec: ClusterSpec, seed: UInt64) -> GradeReport {
        play(
            commands, scenario: scenario, cluster: scenario.cluster(spec: spec, seed: seed),
            variables: scenario.values(seed: seed, spec: spec))
    }

    static func play(_ commands: String, scenario: Scenario, cluster fresh: Cluster, variables: [String: String])
        -> GradeReport
    {
        var cluster = fresh
        var shell = ShellState(host: scenario.startHost(variables))
        let values = variables.merging(Grader.facts(cluster)) { variable, _ in variable }
        // Bounded by the number of lines in the author's text.
        for command in Shell.commands(in: Template.render(commands, values)) {
            _ = Shell.run(command, state: &shell, cluster: &cluster)
        }
        return Grader.grade(scenario.checks, cluster: cluster, shell: shell, variables: variables)
    }
}
