import Benchmark
import Catalog
import ClusterSim
import Grading
import Shell

/// Grading every scenario of the catalogue on the end state its reference solution leaves
/// (seed 1). Checks that inject a fault grade on a fork of the cluster with the fault applied,
/// so the forks are inside what is timed.
func registerGradingBenchmarks() {
    for scenario in Content.catalog.scenarios {
        Benchmark(
            "grade.\(scenario.id)",
            configuration: .init(maxDuration: .milliseconds(400), maxIterations: 200)
        ) { (benchmark: Benchmark, end: EndState) in
            for _ in benchmark.scaledIterations {
                blackHole(Grader.grade(scenario.checks, cluster: end.cluster, shell: end.shell, variables: end.variables))
            }
        } setup: {
            let end = EndState(scenario: scenario, seed: 1)
            let report = Grader.grade(scenario.checks, cluster: end.cluster, shell: end.shell, variables: end.variables)
            guard report.percent == 100 else {
                fail("the solution of \(scenario.id) scores \(report.earned)/\(report.maximum) on seed 1")
            }
            return end
        }
    }
}

/// The cluster and shell a scenario's reference solution leaves, as `verify` plays it.
struct EndState {
    var cluster: Cluster
    var shell: ShellState
    var variables: [String: String]

    init(scenario: Scenario, seed: UInt64) {
        let spec = Content.spec(scenario.cluster)
        cluster = scenario.cluster(spec: spec, seed: seed)
        variables = scenario.values(seed: seed, spec: spec)
        shell = ShellState(host: scenario.startHost(variables))
        let values = variables.merging(Grader.facts(cluster)) { variable, _ in variable }
        for command in Shell.commands(in: Template.render(scenario.solution, values)) {
            _ = Shell.run(command, state: &shell, cluster: &cluster)
        }
    }
}
