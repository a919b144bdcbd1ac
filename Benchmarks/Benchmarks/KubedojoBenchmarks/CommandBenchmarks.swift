import Benchmark
import Workloads

/// One typed command, parsed, run and rendered, on master1 of a fresh stacked-3 cluster: the
/// same cluster and shell go on from one iteration to the next, as in a session at the prompt.
/// (Repeated commands find their certificates and manifests in the parse caches after the first
/// run, as the second command of a session does; p99 over hundreds of runs is the budget.)
func registerCommandBenchmarks() {
    for command in TypedCommands.all {
        Benchmark("command.\(command.name)") { (benchmark: Benchmark, session: PromptSession) in
            for _ in benchmark.scaledIterations {
                blackHole(session.run(command.line))
            }
        } setup: {
            PromptSession.checked(command.name, command.line)
        }
    }
}
