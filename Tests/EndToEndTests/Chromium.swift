import Foundation

/// Debian's headless Chromium, as the report tests drive it.
enum Chromium {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// The `chromium` binary on `$PATH`; a missing browser fails the test (`make test-deps` installs it).
    static func binary() throws -> String {
        let folders = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":").map(String.init)
        guard let path = (folders + ["/usr/bin"]).map({ $0 + "/chromium" }).first(where: FileManager.default.isExecutableFile)
        else {
            throw Failure(
                description: "chromium is not installed: the report tests need Debian's chromium package "
                    + "(make test-deps, or apt-get install chromium)")
        }
        return path
    }

    /// Runs headless Chromium on `file` with a private profile and console logging on stderr; `extra` adds
    /// `--dump-dom` or `--screenshot=...`. Gives up after `seconds`.
    static func run(_ extra: [String], file: String, profile: String, seconds: Double = 60) throws -> (
        stdout: String, stderr: String
    ) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try binary())
        process.arguments =
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--user-data-dir=\(profile)", "--enable-logging=stderr",
                "--v=0", "--no-first-run", "--disable-extensions",
            ] + extra + ["file://" + file]
        let stdout = Pipe()
        let stderr = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(seconds)
        // Read both pipes while it runs, so a chatty browser never blocks on a full pipe.
        let group = DispatchGroup()
        nonisolated(unsafe) var out = Data()
        nonisolated(unsafe) var err = Data()
        DispatchQueue.global().async(group: group) { out = stdout.fileHandleForReading.readDataToEndOfFile() }
        DispatchQueue.global().async(group: group) { err = stderr.fileHandleForReading.readDataToEndOfFile() }
        while process.isRunning, Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
            throw Failure(description: "chromium did not finish within \(Int(seconds)) s")
        }
        group.wait()
        return (String(decoding: out, as: UTF8.self), String(decoding: err, as: UTF8.self))
    }

    /// The lines of Chromium's log that report the page itself: console messages, which for a page
    /// without script are only errors such as Content-Security-Policy violations and failed loads.
    /// (The browser's own complaints, e.g. about a missing D-Bus, are not about the page.)
    static func pageProblems(_ log: String) -> [String] {
        log.split(separator: "\n").map(String.init).filter { line in
            line.contains(":CONSOLE") || line.contains("Content Security Policy") || line.contains("net::ERR_")
        }
    }

    /// The markup of the element `<svg id="ID" ...>...</svg>` in a dumped DOM.
    static func svg(_ id: String, in dom: String) -> String? {
        guard let start = dom.range(of: "<svg id=\"\(id)\"") else { return nil }
        guard let end = dom.range(of: "</svg>", range: start.upperBound..<dom.endIndex) else { return nil }
        return String(dom[start.lowerBound..<end.upperBound])
    }

    /// The `data-value`s of the elements in `markup` whose class list holds `name` (a data point: "pt").
    static func points(_ markup: String, named name: String = "pt") -> [String] {
        var values: [String] = []
        var rest = markup[...]
        while let found = rest.range(of: "class=\"") {
            let tail = rest[found.upperBound...]
            let tagEnd = tail.firstIndex(of: ">") ?? tail.endIndex
            let tag = tail[..<tagEnd]
            let classes = tag.prefix { $0 != "\"" }.split(separator: " ")
            if classes.contains(Substring(name)) {
                let value = tag.range(of: "data-value=\"").map { String(tag[$0.upperBound...].prefix { $0 != "\"" }) }
                values.append(value ?? "")
            }
            rest = tail[tagEnd...]
        }
        return values
    }
}
