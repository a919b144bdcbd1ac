// swift-tools-version:6.1
// The performance suites of `make bench` (DESIGN §7), kept out of the main package so that
// `make test` and CI never build package-benchmark. Run them through `make bench`.
import PackageDescription

let package = Package(
    name: "KubedojoBenchmarks",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(name: "kubedojo", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.0.0", traits: ["MallocInterposer"]),
    ],
    targets: [
        // What the benchmarks measure, shared with the profiling tool.
        .target(name: "Workloads", dependencies: [.product(name: "KubedojoModules", package: "kubedojo")]),
        .executableTarget(
            name: "KubedojoBenchmarks",
            dependencies: [
                "Workloads",
                .product(name: "KubedojoModules", package: "kubedojo"),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/KubedojoBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        // One workload N times in a plain process, for callgrind or perf (see its main.swift).
        .executableTarget(
            name: "kubedojo-profile",
            dependencies: ["Workloads", .product(name: "KubedojoModules", package: "kubedojo")]),
    ]
)
