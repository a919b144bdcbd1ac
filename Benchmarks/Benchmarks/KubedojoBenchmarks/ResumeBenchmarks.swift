import Benchmark
import Foundation
import Workloads

/// Resuming an interrupted attempt: the 500 lines it stored are read back from the database and
/// replayed, with their thinking time, on a fresh cluster from the attempt's seed.
func registerResumeBenchmarks() {
    Benchmark(
        "resume.replay-500",
        configuration: .init(maxDuration: .seconds(2), maxIterations: 100)
    ) { (benchmark: Benchmark, log: StoredLog) in
        for _ in benchmark.scaledIterations {
            blackHole(log.resume())
        }
    } setup: {
        try StoredLog(lines: 500)
    } teardown: {
        try? FileManager.default.removeItem(atPath: StoredLog.folder)
    }
}
