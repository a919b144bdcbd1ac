import Benchmark
import Workloads

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
                blackHole(end.grade())
            }
        } setup: {
            EndState.checked(scenario)
        }
    }
}
