import ClusterSim
import Grading

/// One file handed to the catalogue: its display path and its text.
public struct ContentFile: Sendable, Hashable {
    public enum Kind: Sendable, Hashable { case cluster, scenario, graders, cards, guide, exam }

    public var path: String
    public var kind: Kind
    public var text: String
    /// Why the file was not read (a link leaving the content folder, not a regular file, too
    /// large, not UTF-8); reported at its position instead of its text being loaded.
    public var problem: ContentError?

    public init(path: String, kind: Kind, text: String, problem: ContentError? = nil) {
        self.path = path
        self.kind = kind
        self.text = text
        self.problem = problem
    }
}

/// Everything an instructor wrote, loaded and cross-checked: clusters, graders, scenarios.
public struct Catalog: Sendable {
    public private(set) var clusters: [String: ClusterSpec] = [:]
    public private(set) var graders: [String: GraderDefinition] = [:]
    /// Scenarios sorted by topic order, then difficulty, then id.
    public internal(set) var scenarios: [Scenario] = []
    /// Recall cards in file order.
    public internal(set) var cards: [RecallCard] = []
    /// The guide's sections and known errors, when the content has `Content/guide.yaml`.
    public internal(set) var guide: GuideOutline?
    /// Mock exam blueprints (`Content/exams/*.yaml`), sorted by id.
    public internal(set) var blueprints: [ExamBlueprint] = []

    /// Largest file the catalogue accepts; content is data from strangers.
    public static let maximumFileSize = 512 * 1024

    public func scenario(id: String) -> Scenario? { scenarios.first { $0.id == id } }
    public func card(id: String) -> RecallCard? { cards.first { $0.id == id } }
    public func blueprint(id: String) -> ExamBlueprint? { blueprints.first { $0.id == id } }

    /// Reads a blueprint from outside the content folder (`kubedojo exam --blueprint FILE`)
    /// against this catalogue's scenarios.
    public func loadBlueprint(text: String, path: String) -> (ExamBlueprint?, [ContentError]) {
        guard text.utf8.count <= Self.maximumFileSize else {
            return (nil, [ContentError(file: path, line: 1, column: 1, message: "the file is larger than 512 KiB")])
        }
        switch YAMLNode.parse(text, file: path) {
        case .success(let root): return ExamBlueprintLoader.load(root, file: path, scenarios: scenarios)
        case .failure(let error): return (nil, [error])
        }
    }

    /// The same catalogue with only the named scenarios (for `verify ID...`).
    public func keepingScenarios(_ ids: [String]) -> Catalog {
        var copy = self
        copy.scenarios = scenarios.filter { ids.contains($0.id) }
        return copy
    }

    /// Loads all files; every problem found is returned with its position, none is fatal alone.
    public static func load(_ files: [ContentFile]) -> (Catalog, [ContentError]) {
        var catalog = Catalog()
        var errors: [ContentError] = []

        func parse(_ file: ContentFile) -> YAMLNode? {
            if let problem = file.problem {
                errors.append(problem)
                return nil
            }
            guard file.text.utf8.count <= maximumFileSize else {
                errors.append(
                    ContentError(
                        file: file.path, line: 1, column: 1,
                        message: "the file is larger than \(maximumFileSize / 1024) KiB"))
                return nil
            }
            switch YAMLNode.parse(file.text, file: file.path) {
            case .success(let node): return node
            case .failure(let error):
                errors.append(error)
                return nil
            }
        }

        /// Adds a named definition; a name already taken is an error at the later file.
        func register<Value>(
            _ value: Value, as name: String, in table: inout [String: Value], what: String, file: ContentFile, at root: YAMLNode
        ) {
            if table[name] != nil {
                errors.append(
                    ContentError(
                        file: file.path, line: root.line, column: root.column,
                        message: "\(what) '\(name)' is used by an earlier definition too"))
            }
            table[name] = value
        }

        for file in files where file.kind == .graders {
            guard let root = parse(file) else { continue }
            let (definitions, more) = GraderLoader.load(root, file: file.path)
            errors += more
            for definition in definitions {
                register(definition, as: definition.name, in: &catalog.graders, what: "grader", file: file, at: root)
            }
        }
        for file in files where file.kind == .cluster {
            guard let root = parse(file) else { continue }
            let (spec, more) = ClusterLoader.load(root, file: file.path)
            errors += more
            if let spec { register(spec, as: spec.id, in: &catalog.clusters, what: "cluster id", file: file, at: root) }
        }
        for file in files where file.kind == .scenario {
            guard let root = parse(file) else { continue }
            let (scenario, more) = ScenarioLoader.load(root, file: file.path, graders: catalog.graders)
            errors += more
            guard let scenario else { continue }
            if let spec = catalog.clusters[scenario.cluster] {
                // Whatever the seed picks, the learner and every setup step stand on a node.
                let hosts = [("host", scenario.host)] + scenario.setup.compactMap { step in step.host.map { ("setup host", $0) } }
                for (what, template) in hosts {
                    for host in scenario.renderings(template, spec: spec) where !spec.nodes.contains(where: { $0.name == host }) {
                        let seeds = template == host ? "" : " ('\(template)' on some seeds)"
                        errors.append(
                            ContentError(
                                file: file.path, line: 1, column: 1,
                                message: "\(what) '\(host)'\(seeds) is not a node of cluster '\(scenario.cluster)'"))
                    }
                }
            } else {
                errors.append(
                    ContentError(
                        file: file.path, line: 1, column: 1,
                        message: "unknown cluster '\(scenario.cluster)'; clusters are defined in Content/clusters/*.yaml"))
            }
            if catalog.scenario(id: scenario.id) != nil {
                errors.append(
                    ContentError(file: file.path, line: 1, column: 1, message: "scenario id '\(scenario.id)' is used twice"))
            }
            catalog.scenarios.append(scenario)
        }
        for file in files where file.kind == .cards {
            guard let root = parse(file) else { continue }
            let (cards, more) = CardLoader.load(root, file: file.path)
            errors += more
            for card in cards {
                if catalog.card(id: card.id) != nil {
                    errors.append(
                        ContentError(file: file.path, line: 1, column: 1, message: "card id '\(card.id)' is used twice"))
                }
                catalog.cards.append(card)
            }
        }
        for file in files where file.kind == .guide {
            guard let root = parse(file) else { continue }
            let (outline, more) = GuideLoader.load(root, file: file.path)
            errors += more
            catalog.guide = outline
        }
        if let outline = catalog.guide {
            // Every drill and card cites a section the outline knows, so coverage is exact.
            let cited = catalog.scenarios.map { ($0.guide, $0.file, $0.id) } + catalog.cards.map { ($0.guide, $0.file, $0.id) }
            for (heading, file, id) in cited where outline.locate(heading) == nil {
                errors.append(
                    ContentError(
                        file: file, line: 1, column: 1,
                        message: "\(id): guide section '\(heading)' is not a heading of the guide (see Content/guide.yaml)"))
            }
        }
        for file in files where file.kind == .exam {
            guard let root = parse(file) else { continue }
            let (blueprint, more) = ExamBlueprintLoader.load(root, file: file.path, scenarios: catalog.scenarios)
            errors += more
            guard let blueprint else { continue }
            if catalog.blueprints.contains(where: { $0.id == blueprint.id }) {
                errors.append(
                    ContentError(file: file.path, line: 1, column: 1, message: "exam id '\(blueprint.id)' is used twice"))
            }
            catalog.blueprints.append(blueprint)
        }
        catalog.blueprints.sort { $0.id < $1.id }
        catalog.scenarios.sort {
            let a = Scenario.topics.firstIndex(of: $0.topic) ?? 99, b = Scenario.topics.firstIndex(of: $1.topic) ?? 99
            return (a, $0.difficulty, $0.id) < (b, $1.difficulty, $1.id)
        }
        return (catalog, errors)
    }
}
