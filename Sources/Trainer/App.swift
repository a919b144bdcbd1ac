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
    /// A folder of the instructor's own drills, cards, clusters or graders, loaded beside the content.
    public var extraContent: String?
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
    /// Milliseconds on a clock that never jumps, for measuring thinking time.
    static func monotonicClock() -> Int64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return Int64(now.tv_sec) * 1000 + Int64(now.tv_nsec) / 1_000_000
    }

    /// The catalogue. With `scenario`, only what that drill needs when its file is named after it
    /// (graders, clusters and that file: a drill starts in milliseconds); anything else, or any
    /// problem, loads everything so every error is reported.
    public static func loadCatalog(_ options: TrainerOptions, scenario: String? = nil) throws(TrainerError) -> Catalog {
        let root = try contentRoot(options)
        if let scenario {
            // Only the graders, the clusters and files named after the scenario are read.
            func needed(_ kind: ContentFile.Kind, _ path: String) -> Bool {
                switch kind {
                case .graders, .cluster: true
                case .scenario:
                    ["\(scenario).yaml", "\(scenario).yml"].contains(path.split(separator: "/").last.map(String.init) ?? "")
                case .cards, .guide, .exam: false
                }
            }
            var files = try ContentLocator.read(root: root, keep: needed)
            if let extra = options.extraContent { files += try ContentLocator.read(root: extra, partial: true, keep: needed) }
            files = onlyWhatTheScenarioNames(files)
            let (catalog, errors) = Catalog.load(files)
            if errors.isEmpty, catalog.scenario(id: scenario) != nil { return catalog }
        }
        var files = try ContentLocator.read(root: root)
        var roots = [(root, files.count)]
        if let extra = options.extraContent {
            let added = try ContentLocator.read(root: extra, partial: true)
            files += added
            roots.append((extra, added.count))
        }
        let (catalog, errors) = Catalog.load(files)
        if !errors.isEmpty {
            // Name each error's file under the folder it came from.
            let extraPaths = Set(files.suffix(roots.count > 1 ? roots[1].1 : 0).map(\.path))
            throw TrainerError(
                errors.map { "\(extraPaths.contains($0.file) ? options.extraContent ?? root : root)/\($0)" }
                    .joined(separator: "\n"))
        }
        return catalog
    }

    /// Of the graders and clusters, the files a drill's scenario file names: grader files that
    /// mention one of its `use:` names, the cluster file named after its `cluster:`. Parsing
    /// every grader file was most of a drill's start-up. A file left out by mistake shows as an
    /// unknown grader or cluster, and the caller then loads everything.
    static func onlyWhatTheScenarioNames(_ files: [ContentFile]) -> [ContentFile] {
        let scenarios = files.filter { $0.kind == .scenario }
        guard scenarios.count == 1, let text = scenarios.first?.text else { return files }
        func values(of key: String) -> Set<String> {
            var found: Set<String> = []
            var rest = Substring(text)
            while let range = rest.firstRange(of: key + ":") {
                rest = rest[range.upperBound...]
                let value = rest.drop { $0 == " " || $0 == "\"" || $0 == "'" }
                    .prefix { $0.isLetter || $0.isNumber || "-_.".contains($0) }
                if !value.isEmpty { found.insert(String(value)) }
            }
            return found
        }
        let uses = values(of: "use")
        let clusters = values(of: "cluster")
        return files.filter { file in
            switch file.kind {
            case .graders: uses.isEmpty || uses.contains { file.text.contains($0 + ":") }
            case .cluster:
                clusters.isEmpty
                    || clusters.contains { ["\($0).yaml", "\($0).yml"].contains(file.path.split(separator: "/").last ?? "") }
            default: true
            }
        }
    }

    /// The content folder in use: `--content`, `$KUBEDOJO_CONTENT`, the installed or the source copy.
    static func contentRoot(_ options: TrainerOptions) throws(TrainerError) -> String {
        guard
            let root = ContentLocator.locate(
                explicit: options.contentRoot, environment: options.environment,
                executable: options.executable)
        else {
            throw TrainerError("kubedojo: cannot find the bundled content; pass --content DIR or set KUBEDOJO_CONTENT")
        }
        return root
    }

    /// `kubedojo lint`: loads every content file and reports what it found.
    ///
    /// `path` narrows it to a folder or file of one's own: a content root (with `Content/clusters`)
    /// is checked instead of the bundled content; any other folder, or the folder holding a
    /// file's `Content/` or `Graders/`, is checked beside it, as `--add-content` would load it.
    public static func lint(_ options: TrainerOptions, path: String? = nil) throws(TrainerError) -> String {
        var options = options
        if let path { try narrow(&options, to: path) }
        let catalog = try loadCatalog(options)
        return "No problems: \(count(catalog.clusters.count, "cluster")), \(count(catalog.graders.count, "grader")), "
            + "\(count(catalog.scenarios.count, "scenario")), \(count(catalog.cards.count, "recall card"))"
            + (catalog.blueprints.isEmpty ? "" : ", \(count(catalog.blueprints.count, "exam blueprint"))") + ".\n"
    }

    private static func narrow(_ options: inout TrainerOptions, to path: String) throws(TrainerError) {
        var isDirectory: ObjCBool = false
        let url = URL(fileURLWithPath: path).standardized
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            throw TrainerError("kubedojo: cannot lint \(path): no such file or directory")
        }
        var folder = url.path
        if !isDirectory.boolValue {
            let parts = url.pathComponents
            guard let index = parts.lastIndex(where: { $0 == "Content" || $0 == "Graders" }), index > 0 else {
                throw TrainerError(
                    "kubedojo: cannot lint \(path): content files live under a folder's Content/ or Graders/ (see Content/README.md)"
                )
            }
            folder = NSString.path(withComponents: Array(parts[..<index]))
        }
        if ContentLocator.isContentRoot(folder) {
            options.contentRoot = folder
            options.extraContent = nil
        } else {
            options.extraContent = folder
        }
    }

    /// `kubedojo verify [ID...]`: every solution must score 100 % and every mistake fail exactly its checks.
    /// Prints one row per scenario; any finding makes it fail.
    public static func verify(_ options: TrainerOptions, seeds: [UInt64], only ids: [String] = []) throws(TrainerError)
        -> String
    {
        var catalog = try loadCatalog(options)
        if !ids.isEmpty {
            let unknown = ids.filter { catalog.scenario(id: $0) == nil }
            guard unknown.isEmpty else {
                throw TrainerError("kubedojo: no scenario named \(unknown.joined(separator: ", ")); `kubedojo list` shows them")
            }
            catalog = catalog.keepingScenarios(ids)
        }
        let findings = Verifier.verify(catalog, seeds: seeds)
        let width = max(8, catalog.scenarios.map(\.id.count).max() ?? 0)
        var table = "SCENARIO".padding(toLength: width + 2, withPad: " ", startingAt: 0) + "SEEDS  MISTAKES  RESULT\n"
        for scenario in catalog.scenarios {
            let failed = findings.filter { $0.scenario == scenario.id }.count
            table += scenario.id.padding(toLength: width + 2, withPad: " ", startingAt: 0)
            table += String(seeds.count).padding(toLength: 7, withPad: " ", startingAt: 0)
            table += String(scenario.mistakes.count).padding(toLength: 10, withPad: " ", startingAt: 0)
            table += failed == 0 ? "ok\n" : "FAILED (\(failed))\n"
        }
        guard findings.isEmpty else {
            throw TrainerError(table + "\n" + findings.map(\.description).joined(separator: "\n"))
        }
        let mistakes = catalog.scenarios.map(\.mistakes.count).reduce(0, +)
        return table + "\nVerified \(count(catalog.scenarios.count, "scenario")) over \(count(seeds.count, "seed")): "
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
        let clock = try TrainerClock(environment: options.environment)
        let console = Console(environment: options.environment)
        return try guarded { () throws(StoreError) in
            let due = try store.dueCards(at: Instant(millisecondsSinceEpoch: clock.now()))
            return Screens.home(
                catalog, progress: try store.progress(), console: console, due: due,
                interrupted: try store.unfinishedAttempts(), clock: clock)
                + (try runningExamLine(store, now: clock.now()))
        }
    }

    /// `kubedojo list --coverage`.
    public static func coverage(_ options: TrainerOptions) throws(TrainerError) -> String {
        Coverage.render(try loadCatalog(options))
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

    /// Runs a drill until `:quit` or end of input; `resume` rebuilds the newest interrupted attempt at it.
    public static func drill(id: String, seed: UInt64?, resume: Bool = false, options: TrainerOptions) throws(TrainerError) {
        let catalog = try loadCatalog(options, scenario: id)
        let (scenario, spec) = try find(id, in: catalog)
        let store = try openStore(options)
        let clock = try TrainerClock(environment: options.environment)
        let console = Console(environment: options.environment)
        let session: DrillSession
        if resume {
            guard seed == nil else {
                throw TrainerError("kubedojo: --seed and --resume do not go together: a resumed attempt keeps its seed")
            }
            guard
                let attempt = try guarded({ () throws(StoreError) in try store.unfinishedAttempts() }).first(where: {
                    $0.scenario == id
                })
            else {
                throw TrainerError(
                    "kubedojo: no interrupted attempt at '\(id)' to resume; `kubedojo drill \(id)` starts a new one")
            }
            session = try DrillSession.resume(attempt, scenario: scenario, spec: spec, store: store, console: console)
        } else {
            var systemRandom = SystemRandomNumberGenerator()
            let seed = seed ?? UInt64.random(in: 1...999_999, using: &systemRandom)
            session = try DrillSession(
                scenario: scenario, spec: spec, seed: seed, store: store, console: console, now: clock.now())
        }
        try run(session, resumed: resume, store: store, clock: clock, console: console, options: options)
    }

    /// `kubedojo resume [ATTEMPT]`: the given interrupted attempt, else the newest one.
    public static func resume(attempt number: Int64?, options: TrainerOptions) throws(TrainerError) {
        let catalog = try loadCatalog(options)
        let store = try openStore(options)
        let unfinished = try guarded { () throws(StoreError) in try store.unfinishedAttempts() }
        let attempt: AttemptRecord
        if let number {
            guard let found = unfinished.first(where: { $0.id == number }) else {
                let exists = try guarded { () throws(StoreError) in try store.attempt(id: number) } != nil
                throw TrainerError(
                    exists
                        ? "kubedojo: attempt \(number) was finished; only interrupted attempts can be resumed"
                        : "kubedojo: there is no attempt \(number)")
            }
            attempt = found
        } else {
            guard let newest = unfinished.first else {
                throw TrainerError("kubedojo: no interrupted attempt to resume")
            }
            attempt = newest
        }
        let (scenario, spec) = try find(attempt.scenario, in: catalog)
        let console = Console(environment: options.environment)
        let session = try DrillSession.resume(attempt, scenario: scenario, spec: spec, store: store, console: console)
        try run(
            session, resumed: true, store: store, clock: try TrainerClock(environment: options.environment),
            console: console, options: options)
    }

    static func find(_ id: String, in catalog: Catalog) throws(TrainerError) -> (Scenario, ClusterSpec) {
        guard let scenario = catalog.scenario(id: id) else {
            throw TrainerError("kubedojo: no scenario '\(id)'; `kubedojo list` shows them all")
        }
        guard let spec = catalog.clusters[scenario.cluster] else {
            throw TrainerError("kubedojo: scenario '\(id)' needs cluster '\(scenario.cluster)', which is missing")
        }
        return (scenario, spec)
    }

    /// A store call whose failure becomes the one-line error every command prints.
    static func guarded<T>(_ body: () throws(StoreError) -> T) throws(TrainerError) -> T {
        do {
            return try body()
        } catch {
            throw TrainerError("kubedojo: \(error)")
        }
    }

    private static func run(
        _ session: DrillSession, resumed: Bool, store: Store, clock: TrainerClock, console: Console,
        options: TrainerOptions
    ) throws(TrainerError) {
        session.desiredRetention = try guarded { () throws(StoreError) in try store.settings() }.retention
        signal(SIGPIPE, SIG_IGN)
        let reader = makeReader(console: console, options: options)
        console.out(session.banner + "\n")
        if resumed { console.out(session.resumeBanner) }
        let ended = loop(session, reader: reader, console: console)
        if ended && console.isInteractive && session.suggestedRating == nil {
            // Ctrl-D before any check: keep the attempt open, so it is offered for resume like a crash would be.
            session.saveSnapshot()
            console.out("Attempt \(session.attemptID) saved. `kubedojo resume \(session.attemptID)` continues it.\n")
            return
        }
        let scheduled = session.finish(now: clock.now())
        if console.isInteractive {
            console.out("Attempt \(session.attemptID) saved.\n" + (scheduled ?? ""))
        }
    }

    static func makeReader(console: Console, options: TrainerOptions) -> LineReader {
        if console.isInteractive,
            let editor = EditLineReader(historyPath: options.dataDirectory + "/history")
        {
            return editor
        }
        return PlainLineReader()
    }

    /// Reads and runs lines until `:quit` (returns false) or the end of input (returns true).
    /// Thinking time is measured on the real clock, and only on a terminal: piped input thinks for 0 ms.
    static func loop(_ session: any InteractiveSession, reader: LineReader, console: Console) -> Bool {
        reader.completion = { [unowned session] line, cursor in session.complete(line: line, cursor: cursor) }
        defer { reader.completion = nil }
        var last = monotonicClock()
        while true {
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
                return true
            case .line(let line):
                reader.remember(line)
                let now = monotonicClock()
                let reply = session.process(line, elapsedMilliseconds: console.isInteractive ? max(0, now - last) : 0)
                for segment in reply.segments {
                    if segment.stream == .stdout { console.out(segment.text) } else { console.err(segment.text) }
                }
                last = monotonicClock()
                if reply.quit { return false }
            }
        }
    }
}

/// Tab completion at a trainer prompt: the trainer's own `:` commands, else the simulated shell's
/// completion against the session's cluster. Any session (drill, review, sandbox, exam) sets its
/// reader's `completion` to a call of this with its own commands, shell and cluster.
public enum PromptCompletion {
    public static func complete(
        line: String, cursor: Int, commands: [String], shell: ShellState, cluster: Cluster
    ) -> Completion {
        let before = line.prefix(max(0, cursor))
        if before.hasPrefix(":") {
            guard !before.contains(" ") else { return Completion() }
            return Completer.complete(words: commands, typed: String(before))
        }
        return Completer.complete(line: line, cursor: cursor, state: shell, cluster: cluster)
    }
}

extension App {
    /// `kubedojo new ID --topic T`: a drill skeleton that passes lint and verify as written.
    public static func scaffold(id: String, topic: String, cluster: String, options: TrainerOptions) throws(TrainerError)
        -> String
    {
        guard !id.isEmpty, id.count <= 64, id.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "-") }),
            id.first?.isLetter == true
        else {
            throw TrainerError(
                "kubedojo: '\(id)' cannot be a scenario id: use lower case letters, digits and dashes, starting with a letter")
        }
        guard Scenario.topics.contains(topic) else {
            throw TrainerError("kubedojo: unknown topic '\(topic)'; use one of \(Scenario.topics.joined(separator: ", "))")
        }
        let catalog = try loadCatalog(options)
        guard catalog.scenario(id: id) == nil else { throw TrainerError("kubedojo: a scenario named \(id) exists already") }
        guard let spec = catalog.clusters[cluster] else {
            throw TrainerError(
                "kubedojo: unknown cluster '\(cluster)'; use one of \(catalog.clusters.keys.sorted().joined(separator: ", "))")
        }
        let host = spec.nodes.first { $0.role == .controlPlane }?.name ?? spec.nodes.first?.name ?? "master1"
        let root: String
        if let extra = options.extraContent { root = extra } else { root = try contentRoot(options) }
        let folder = root + "/Content/scenarios/" + topic
        let path = folder + "/" + id + ".yaml"
        guard !FileManager.default.fileExists(atPath: path) else { throw TrainerError("kubedojo: \(path) exists already") }
        let section =
            catalog.guide?.sections.first?.parts.first ?? catalog.guide?.sections.first?.title ?? "TODO: a guide heading"
        let text = """
            # A new drill: edit every field, then run `kubedojo lint` and `kubedojo verify \(id)`.
            # Content/README.md documents every key, probe and matcher.
            id: \(id)
            title: TODO one line shown in lists
            topic: \(topic)
            guide: '\(section.replacingOccurrences(of: "'", with: "''"))'
            difficulty: 2
            minutes: 5
            cluster: \(cluster)
            host: \(host)
            variables:
              answer_path: { pick: [/root/answer.txt, /opt/answer.txt] }
            task: |
              TODO: what the learner must do, on which host, and where the answer goes.
              For now: write the name of the etcd leader to {{answer_path}} on \(host).
            hints:
              - "A nudge."
              - "More help."
              - "The bottom-out hint."
            checks:
              - use: answer-file
                with: { host: \(host), path: "{{answer_path}}", equals: "{{etcd.leader.name}}" }
                points: 2
            solution: |
              echo {{etcd.leader.name}} > {{answer_path}}
            mistakes:
              - name: left the answer empty
                commands: |
                  touch {{answer_path}}
                fails: [answer-file]

            """
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            try text.write(toFile: path, atomically: true, encoding: .utf8)
        } catch {
            throw TrainerError("kubedojo: cannot write \(path): \(error.localizedDescription)")
        }
        return "Wrote \(path). Edit it, then: kubedojo verify \(id)\(options.extraContent.map { " --add-content \($0)" } ?? "")\n"
    }
}
