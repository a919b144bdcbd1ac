import Benchmark
import Workloads
import ClusterSim

/// A fresh seeded cluster of every base shape in Content/clusters.
func registerClusterBenchmarks() {
    for id in Content.catalog.clusters.keys.sorted() {
        Benchmark("cluster.assemble.\(id)") { (benchmark: Benchmark, spec: ClusterSpec) in
            // `Cluster.build` remembers clusters by shape and seed (a drill, its resets and verify
            // share one copy), so it would time a cache hit: `assemble` builds afresh. A new seed
            // each iteration also keeps the parse caches (certificates, manifests) cold.
            let seed = UInt64(benchmark.currentIteration) &+ 1
            for _ in benchmark.scaledIterations {
                blackHole(Cluster.assemble(spec: spec, seed: seed))
            }
        } setup: {
            Content.spec(id)
        }
    }
}
