// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "kubedojo",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "kubedojo", targets: ["kubedojo"]),
        // The modules, for the separate benchmark package in Benchmarks/ (not built by `make test`).
        .library(name: "KubedojoModules", targets: ["ClusterSim", "Shell", "Grading", "Catalog", "Progress", "Trainer"]),
        // The fuzzed entry points, for the separate libFuzzer package in Fuzz/ (`make fuzz`); no GRDB or libedit.
        .library(name: "FuzzHarness", targets: ["FuzzHarness"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CEditLine", path: "Sources/CEditLine", pkgConfig: "libedit",
            providers: [.apt(["libedit-dev"])]),
        .target(name: "ClusterSim", dependencies: [.product(name: "Yams", package: "Yams")]),
        .target(name: "Shell", dependencies: ["ClusterSim"]),
        .target(name: "Grading", dependencies: ["Shell", "ClusterSim"]),
        .target(name: "Catalog", dependencies: ["Grading", "ClusterSim", .product(name: "Yams", package: "Yams")]),
        .target(name: "Progress", dependencies: [.product(name: "GRDB", package: "GRDB.swift")]),
        .target(name: "Trainer", dependencies: ["Catalog", "Progress", "Grading", "Shell", "ClusterSim", "CEditLine"]),
        .target(name: "FuzzHarness", dependencies: ["Catalog", "Grading", "Shell", "ClusterSim"]),
        .executableTarget(
            name: "kubedojo",
            dependencies: [
                "Trainer", "Catalog", "Progress",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        .testTarget(name: "ClusterSimTests", dependencies: ["ClusterSim"]),
        .testTarget(
            name: "ShellTests", dependencies: ["Shell", "ClusterSim", "Catalog"], exclude: ["Guide", "Reference", "Transcripts"]),
        .testTarget(name: "GradingTests", dependencies: ["Grading", "Shell", "ClusterSim"]),
        .testTarget(name: "CatalogTests", dependencies: ["Catalog", "Grading", "ClusterSim"]),
        .testTarget(name: "ProgressTests", dependencies: ["Progress"], exclude: ["Fixtures"]),
        .testTarget(name: "TrainerTests", dependencies: ["Trainer", "Catalog", "Progress"]),
        .testTarget(name: "FuzzHarnessTests", dependencies: ["FuzzHarness"], exclude: ["Regressions"]),
        .testTarget(name: "EndToEndTests", dependencies: ["kubedojo", "Progress"]),
    ]
)
