import Benchmark
import Workloads
import Catalog

/// `verify` of the whole catalogue on its five default seeds, in process (the catalogue is
/// already loaded). The first run is the cold one; later runs find fresh clusters and parsed
/// certificates in the caches. `make bench` times the whole `kubedojo verify` process too.
func registerVerifyBenchmarks() {
    Benchmark(
        "verify.catalogue",
        configuration: .init(warmupIterations: 0, maxDuration: .seconds(10), maxIterations: 3)
    ) { benchmark in
        for _ in benchmark.scaledIterations {
            let findings = Verifier.verify(Content.catalog)
            if !findings.isEmpty { fail("verify finds: \(findings.map(\.description))") }
        }
    }
}
