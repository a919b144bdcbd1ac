import Catalog
import ClusterSim
import Grading
import Shell

/// An instructor's file loaded and linted beside the bundled content (`kubedojo lint`,
/// `--add-content`), then used as the trainer would use it. The input is a header line naming
/// the kind (cluster, scenario, cards, exam, guide), then the file's YAML.
enum ContentHarness {
    static let kinds: [(name: String, kind: ContentFile.Kind, path: String)] = [
        ("cluster", .cluster, "Content/clusters/fuzz.yaml"),
        ("scenario", .scenario, "Content/scenarios/etcd/fuzz.yaml"),
        ("cards", .cards, "Content/cards/fuzz.yaml"),
        ("exam", .exam, "Content/exams/fuzz.yaml"),
        ("guide", .guide, "Content/guide.yaml"),
    ]

    /// Mistakes replayed per scenario; each is a whole play of the scenario.
    static let maximumMistakes = 1

    /// The bundled grader files with the names each defines: a scenario is loaded with the files
    /// that define a grader its text names (parsing all of them would take most of the time).
    static let graderFiles: [(file: ContentFile, names: [String])] = BundledContent.files([.graders]).map {
        ($0, Array(Catalog.load([$0]).0.graders.keys))
    }

    static func run(_ bytes: [UInt8]) -> [String] {
        let input = FuzzInput(bytes)
        guard let chosen = FuzzInput.choose(input.header.first, from: kinds, name: \.name) else { return [] }
        let file = ContentFile(path: chosen.path, kind: chosen.kind, text: input.body)
        var violations: [String] = []
        switch chosen.kind {
        case .cluster:
            let (catalog, errors) = Catalog.load([file])
            violations += misplaced(errors, in: [file])
            if errors.isEmpty, let spec = catalog.clusters.values.first { violations += use(spec) }
        case .scenario:
            let graders = graderFiles.filter { $0.names.contains { file.text.contains($0) } }.map(\.file)
            let (catalog, errors) = Catalog.load(graders + BundledContent.files([.cluster, .guide]) + [file])
            violations += misplaced(errors, in: [file])
            if errors.isEmpty, let scenario = catalog.scenarios.first, let spec = catalog.clusters[scenario.cluster] {
                violations += play(scenario, spec: spec)
            }
        case .cards:
            let (catalog, errors) = Catalog.load(BundledContent.files([.guide]) + [file])
            violations += misplaced(errors, in: [file])
            for card in catalog.cards where errors.isEmpty && !card.judge(card.answer) {
                violations.append("card \(card.id) passed lint but does not accept its own answer")
            }
        case .guide:
            // The cards cite the guide's headings; a broken outline is reported at their files.
            let cards = BundledContent.files([.cards])
            let (_, errors) = Catalog.load(cards + [file])
            violations += misplaced(errors, in: cards + [file])
        case .exam:
            let catalog = BundledContent.catalog
            let (blueprint, errors) = catalog.loadBlueprint(text: file.text, path: file.path)
            violations += misplaced(errors, in: [file])
            if let blueprint, errors.isEmpty, case .success(let tasks) = blueprint.plan(seed: 7, scenarios: catalog.scenarios) {
                let total = tasks.map(\.weight).reduce(0, +)
                if total != 100 { violations.append("blueprint \(blueprint.id) draws tasks weighing \(total), not 100") }
                if Set(tasks.map(\.scenario)).count != tasks.count {
                    violations.append("blueprint \(blueprint.id) draws a scenario twice")
                }
            }
        case .graders:
            return GraderHarness.run(bytes)
        }
        return violations.map { "\(chosen.name): \($0)" }
    }

    /// Errors that do not point into the files loaded: every error names a file it was given and
    /// a line and column inside that file's text (lines as YAML breaks them; columns in Unicode
    /// scalars, one past the line's end allowed). A break that ends the text starts no line.
    static func misplaced(_ errors: [ContentError], in files: [ContentFile]) -> [String] {
        errors.compactMap { error in
            guard let file = files.first(where: { $0.path == error.file }) else {
                return "an error names a file that was not loaded: \(error)"
            }
            let breaks: Set<Character> = ["\n", "\r", "\r\n", "\u{85}", "\u{2028}", "\u{2029}"]
            var lines = file.text.split(omittingEmptySubsequences: false, whereSeparator: breaks.contains)
            if lines.count > 1, lines.last?.isEmpty == true { lines.removeLast() }
            guard error.line >= 1, error.line <= lines.count, error.column >= 1,
                error.column <= lines[error.line - 1].unicodeScalars.count + 1
            else {
                return "an error points outside its file (\(lines.count) lines): \(error)"
            }
            return error.message.isEmpty ? "an error without a message: \(error)" : nil
        }
    }

    /// A cluster that passed lint is built and typed on, as `kubedojo sandbox` would.
    static func use(_ spec: ClusterSpec) -> [String] {
        let cluster = Cluster.build(spec: spec, seed: 7)
        if cluster.nodes.map(\.name) != spec.nodes.map(\.name) {
            return ["cluster \(spec.id) was built with other nodes than its file lists"]
        }
        guard let host = spec.nodes.first?.name else { return [] }
        var violations: [String] = []
        let lines = [
            "etcdctl member list -w table", "kubectl get nodes", "crictl ps", "sleep 30", "kubeadm certs check-expiration",
        ]
        _ = ShellHarness.play(lines, on: cluster, host: host, violations: &violations)
        return violations
    }

    /// A scenario that passed lint is played as `verify` does: its solution and a few mistakes,
    /// graded on a fresh cluster. Whatever the seed, the learner and every setup step start on a
    /// node of the cluster.
    static func play(_ scenario: Scenario, spec: ClusterSpec) -> [String] {
        var violations: [String] = []
        for seed in Verifier.defaultSeeds + [7, 99] {
            let values = scenario.values(seed: seed, spec: spec)
            let hosts = [scenario.host] + scenario.setup.compactMap(\.host)
            for host in hosts.map({ Template.render($0, values) }) where !spec.nodes.contains(where: { $0.name == host }) {
                violations.append("scenario \(scenario.id) passed lint but starts on '\(host)' on seed \(seed)")
            }
        }
        let plays = [scenario.solution] + scenario.mistakes.prefix(maximumMistakes).map(\.commands)
        for commands in plays {
            let report = Verifier.play(commands, scenario: scenario, spec: spec, seed: 7)
            violations += GraderHarness.misgraded(report, checks: scenario.checks.count)
        }
        return violations
    }
}
