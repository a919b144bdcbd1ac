import Benchmark
import Workloads
import Foundation
import Progress

/// Opening a new progress database file and running every migration (a learner's first start).
func registerStoreBenchmarks() {
    let folder = NSTemporaryDirectory() + "kubedojo-bench-store-\(getpid())"
    Benchmark(
        "store.open-migrate",
        configuration: .init(maxDuration: .seconds(1), maxIterations: 200)
    ) { benchmark in
        let path = folder + "/progress-\(benchmark.currentIteration).sqlite"
        for _ in benchmark.scaledIterations {
            do {
                blackHole(try Store(path: path))
            } catch {
                fail("open \(path): \(error)")
            }
        }
    } setup: {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    } teardown: {
        try? FileManager.default.removeItem(atPath: folder)
    }
}
