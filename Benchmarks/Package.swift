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
        .executableTarget(
            name: "KubedojoBenchmarks",
            dependencies: [
                .product(name: "KubedojoModules", package: "kubedojo"),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/KubedojoBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        )
    ]
)
