#if canImport(Glibc)
    import Glibc
#endif
import Catalog
import ClusterSim
import Foundation
import Progress
import Shell

/// Settings every command shares: where the database and the content are.
public struct TrainerOptions: Sendable {
    public var databasePath: String?
    public var contentRoot: String?
    public var environment: [String: String]
    public var executable: String

    public init(databasePath: String?, contentRoot: String?, environment: [String: String], executable: String) {
        self.databasePath = databasePath
        self.contentRoot = contentRoot
        self.environment = environment
        self.executable = executable
    }

    /// `$XDG_DATA_HOME/kubedojo`, else `~/.local/share/kubedojo`.
    var dataDirectory: String {
        if let xdg = environment["XDG_DATA_HOME"], !xdg.isEmpty { return xdg + "/kubedojo" }
        return (environment["HOME"] ?? NSHomeDirectory()) + "/.local/share/kubedojo"
    }
}

/// What the command-line entry points do; each returns an exit status.
public enum App {
    static func wallClock() -> Int64 {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return Int64(now.tv_sec) * 1000 + Int64(now.tv_nsec) / 1_000_000
    }

    public static func loadCatalog(_ options: TrainerOptions) throws(TrainerError) -> Catalog {
        guard
            let root = ContentLocator.locate(
                explicit: options.contentRoot, environment: options.environment,
                executable: options.executable)
        else {
            throw TrainerError("kubedojo: cannot find the bundled content; pass --content DIR or set KUBEDOJO_CONTENT")
        }
        let files = try ContentLocator.read(root: root)
        let (catalog, errors) = Catalog.load(files)
        if !errors.isEmpty {
            throw TrainerError(errors.map { "\(root)/\($0)" }.joined(separator: "\n"))
        }
        return catalog
    }

    /// `kubedojo lint`: loads every content file and reports what it found.
    public static func lint(_ options: TrainerOptions) throws(TrainerError) -> String {
        let catalog = try loadCatalog(options)
        return "No problems: \(count(catalog.clusters.count, "cluster")), \(count(catalog.graders.count, "grader")), "
            + "\(count(catalog.scenarios.count, "scenario")).\n"
    }

    /// `kubedojo verify`: every solution must score 100 % and every mistake fail its checks.
    public static func verify(_ options: TrainerOptions, seeds: [UInt64]) throws(TrainerError) -> String {
        let catalog = try loadCatalog(options)
        let findings = Verifier.verify(catalog, seeds: seeds)
        guard findings.isEmpty else {
            throw TrainerError(findings.map(\.description).joined(separator: "\n"))
        }
        let mistakes = catalog.scenarios.map(\.mistakes.count).reduce(0, +)
        return "Verified \(count(catalog.scenarios.count, "scenario")) over \(count(seeds.count, "seed")): "
            + "every solution scores 100 % and every listed mistake (\(mistakes)) fails exactly the checks it names.\n"
    }

    /// `1 scenario`, `2 scenarios`.
    static func count(_ number: Int, _ noun: String) -> String { "\(number) \(noun)\(number == 1 ? "" : "s")" }

    public static func openStore(_ options: TrainerOptions) throws(TrainerError) -> Store {
        let path: String
        if let explicit = options.databasePath {
            path = explicit
        } else {
            try? FileManager.default.createDirectory(atPath: options.dataDirectory, withIntermediateDirectories: true)
            path = options.dataDirectory + "/progress.sqlite"
        }
        do {
            return try Store(path: path)
        } catch {
            throw TrainerError("kubedojo: \(error)")
        }
    }

    public static func home(_ options: TrainerOptions) throws(TrainerError) -> String {
        let catalog = try loadCatalog(options)
        let store = try openStore(options)
        let console = Console(environment: options.environment)
        do {
            return Screens.home(catalog, progress: try store.progress(), console: console)
        } catch {
            throw TrainerError("kubedojo: \(error)")
        }
    }

    public static func list(_ options: TrainerOptions) throws(TrainerError) -> String {
        let catalog = try loadCatalog(options)
        let store = try openStore(options)
        do {
            return Screens.list(catalog, progress: try store.progress())
        } catch {
            throw TrainerError("kubedojo: \(error)")
        }
    }

    /// Runs a drill until `:quit` or end of input.
    public static func drill(id: String, seed: UInt64?, options: TrainerOptions) throws(TrainerError) {
        let catalog = try loadCatalog(options)
        guard let scenario = catalog.scenario(id: id) else {
            throw TrainerError("kubedojo: no scenario '\(id)'; `kubedojo list` shows them all")
        }
        guard let spec = catalog.clusters[scenario.cluster] else {
            throw TrainerError("kubedojo: scenario '\(id)' needs cluster '\(scenario.cluster)', which is missing")
        }
        let store = try openStore(options)
        let console = Console(environment: options.environment)
        var systemRandom = SystemRandomNumberGenerator()
        let seed = seed ?? UInt64.random(in: 1...999_999, using: &systemRandom)
        let session = try DrillSession(
            scenario: scenario, spec: spec, seed: seed, store: store, console: console, now: wallClock())
        signal(SIGPIPE, SIG_IGN)

        let reader: LineReader
        if console.isInteractive,
            let editor = EditLineReader(historyPath: options.dataDirectory + "/history", completer: Completion.complete)
        {
            reader = editor
        } else {
            reader = PlainLineReader()
        }
        console.out(session.banner + "\n")
        var last = wallClock()
        loop: while true {
            let event = reader.read(prompt: console.isInteractive ? session.prompt : "")
            switch event {
            case .interrupted: session.interrupt()
            case .tooLong:
                console.err("kubedojo: a line longer than 1 MiB was ignored; nothing was run\n")
            case .endOfInput:
                for segment in session.endOfInput().segments {
                    if segment.stream == .stdout { console.out(segment.text) } else { console.err(segment.text) }
                }
                if console.isInteractive { console.out("\n") }
                break loop
            case .line(let line):
                reader.remember(line)
                let now = wallClock()
                let reply = session.process(line, elapsedMilliseconds: console.isInteractive ? max(0, now - last) : 0)
                for segment in reply.segments {
                    if segment.stream == .stdout { console.out(segment.text) } else { console.err(segment.text) }
                }
                last = wallClock()
                if reply.quit { break loop }
            }
        }
        let scheduled = session.finish(now: wallClock())
        if console.isInteractive {
            console.out("Attempt \(session.attemptID) saved.\n" + (scheduled ?? ""))
        }
    }
}

/// Tab completion of command words (and of trainer commands after `:`).
enum Completion {
    static let metaCommands = [":check", ":help", ":hint", ":quit", ":rate", ":task"]

    @Sendable static func complete(_ before: String) -> [String] {
        let words = before.split(separator: " ", omittingEmptySubsequences: false)
        guard words.count == 1, let word = words.first.map(String.init) else { return [] }
        let pool = word.hasPrefix(":") ? metaCommands : Tools.commandNames + ["k"]
        return pool.filter { $0.hasPrefix(word) }
    }
}
