// swift-tools-version:6.1
// The libFuzzer targets of `make fuzz`, kept out of the main package so that `make test` and CI
// never build them. Built with `swift build -c release -Xswiftc -sanitize=fuzzer` (libFuzzer
// supplies `main`); each target only hands the input to FuzzHarness, whose regression tests in
// the main package replay what the fuzzers found.
import PackageDescription

let harness: [Target.Dependency] = ["CFuzzerDriver", .product(name: "FuzzHarness", package: "kubedojo")]

let package = Package(
    name: "KubedojoFuzz",
    platforms: [.macOS(.v13)],
    dependencies: [.package(name: "kubedojo", path: "..")],
    targets: [
        // Declares LLVMFuzzerRunDriver, which each main calls (SwiftPM renames an executable's
        // main, so libFuzzer's own is not linked and `-parse-as-library` cannot stand in).
        .target(name: "CFuzzerDriver"),
        .executableTarget(name: "fuzz-shell", dependencies: harness),
        .executableTarget(name: "fuzz-content", dependencies: harness),
        .executableTarget(name: "fuzz-graders", dependencies: harness),
        .executableTarget(name: "fuzz-regex", dependencies: harness),
    ]
)
