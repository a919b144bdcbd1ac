import Foundation

/// Runs the built `kubedojo` binary, as a user would from a shell.
enum Binary {
    static var repository: URL {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url = url.deletingLastPathComponent() }
        return url
    }

    static var path: String {
        let besideRunner = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent("kubedojo").path
        if FileManager.default.isExecutableFile(atPath: besideRunner) { return besideRunner }
        return repository.appendingPathComponent(".build/debug/kubedojo").path
    }

    struct Output {
        var stdout: String
        var stderr: String
        var status: Int32
    }

    /// Runs with `input` on stdin (a pipe, so no terminal), from a neutral working directory.
    static func run(_ arguments: [String], input: String = "", environment extra: [String: String] = [:]) throws -> Output {
        try run(arguments, bytes: Data(input.utf8), environment: extra)
    }

    /// Runs with raw bytes on stdin (which need not be UTF-8).
    static func run(_ arguments: [String], bytes input: Data, environment extra: [String: String] = [:]) throws -> Output {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        process.currentDirectoryURL = FileManager.default.temporaryDirectory
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = "1"
        for (key, value) in extra { environment[key] = value }
        process.environment = environment
        let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        stdin.fileHandleForWriting.write(input)
        try stdin.fileHandleForWriting.close()
        let out = stdout.fileHandleForReading.readDataToEndOfFile()
        let err = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Output(
            stdout: String(decoding: out, as: UTF8.self), stderr: String(decoding: err, as: UTF8.self),
            status: process.terminationStatus)
    }
}

/// A scratch folder removed when the test ends.
final class Scratch {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("kubedojo-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    /// A content root with the bundled clusters, graders and etcd drills only (no cards), for
    /// tests that count or order the catalogue; as `KUBEDOJO_CONTENT` in an environment.
    func etcdContent() throws -> [String: String] {
        let root = url.appendingPathComponent("content")
        let manager = FileManager.default
        try manager.createDirectory(at: root.appendingPathComponent("Content/scenarios"), withIntermediateDirectories: true)
        for folder in ["Content/clusters", "Content/scenarios/etcd", "Graders"] {
            try manager.copyItem(
                at: Binary.repository.appendingPathComponent(folder), to: root.appendingPathComponent(folder))
        }
        return ["KUBEDOJO_CONTENT": root.path]
    }

    deinit { try? FileManager.default.removeItem(at: url) }
}
