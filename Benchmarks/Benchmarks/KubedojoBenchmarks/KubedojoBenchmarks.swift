import Benchmark

/// The suites of DESIGN §7, run by `make bench` (through `swift package benchmark`).
///
/// package-benchmark runs every benchmark in a process of its own, so each starts with empty
/// parse caches; the names are what `Benchmarks/bench_table.py` looks for.
let benchmarks: @Sendable () -> Void = {
    // Raw nanoseconds in every export, so the table script never meets rounded, scaled units.
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .mallocCountTotal],
        timeUnits: .nanoseconds,
        warmupIterations: 1,
        maxDuration: .seconds(1),
        maxIterations: 1_000)
    registerClusterBenchmarks()
    registerCommandBenchmarks()
    registerGradingBenchmarks()
    registerVerifyBenchmarks()
    registerResumeBenchmarks()
    registerFSRSBenchmarks()
    registerStoreBenchmarks()
}
