import ClusterSim
import Grading
import Shell

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
        var findings: [Finding] = []
        for scenario in catalog.scenarios {
            guard let spec = catalog.clusters[scenario.cluster] else { continue }
            for seed in seeds {
                func finding(_ message: String) -> Finding {
                    Finding(scenario: scenario.id, file: scenario.file, seed: seed, message: message)
                }
                let solution = play(scenario.solution, scenario: scenario, spec: spec, seed: seed)
                if solution.percent != 100 {
                    let failed = solution.results.filter { !$0.passed && !$0.coaching }
                    findings.append(
                        finding(
                            "the solution scores \(solution.earned)/\(solution.maximum); failing: "
                                + failed.map { "\($0.id) (\($0.feedback))" }.joined(separator: "; ")))
                }
                for mistake in scenario.mistakes {
                    let failed = play(mistake.commands, scenario: scenario, spec: spec, seed: seed).results
                        .filter { !$0.passed && !$0.coaching }.map(\.id)
                    if failed != mistake.fails {
                        findings.append(
                            finding(
                                "mistake '\(mistake.name)' fails [\(failed.joined(separator: ", "))], "
                                    + "but it lists [\(mistake.fails.joined(separator: ", "))]"))
                    }
                }
            }
        }
        return findings
    }

    /// Runs commands (templates over the attempt's variables and the fresh cluster's facts) on
    /// the scenario's host and grades the result.
    public static func play(_ commands: String, scenario: Scenario, spec: ClusterSpec, seed: UInt64) -> GradeReport {
        var cluster = scenario.cluster(spec: spec, seed: seed)
        let variables = scenario.values(seed: seed, spec: spec)
        var shell = ShellState(host: scenario.startHost(variables))
        let values = variables.merging(Grader.facts(cluster)) { variable, _ in variable }
        // Bounded by the number of lines in the author's text.
        for command in Shell.commands(in: Template.render(commands, values)) {
            _ = Shell.run(command, state: &shell, cluster: &cluster)
        }
        return Grader.grade(scenario.checks, cluster: cluster, shell: shell, variables: variables)
    }
}
