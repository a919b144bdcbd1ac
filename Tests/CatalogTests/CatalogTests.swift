import ClusterSim
import Foundation
import Grading
import Shell
import Testing

@testable import Catalog

/// The repository's own `Content/` and `Graders/`, read as the trainer reads them.
func bundledFiles() throws -> [ContentFile] {
    var root = URL(fileURLWithPath: #filePath)
    for _ in 0..<3 { root = root.deletingLastPathComponent() }
    var files: [ContentFile] = []
    for (folder, kind) in [
        ("Graders", ContentFile.Kind.graders), ("Content/clusters", .cluster), ("Content/scenarios", .scenario),
        ("Content/cards", .cards),
    ] {
        let base = root.appendingPathComponent(folder)
        let enumerator = FileManager.default.enumerator(atPath: base.path)
        while let relative = enumerator?.nextObject() as? String {
            guard relative.hasSuffix(".yaml") else { continue }
            files.append(
                ContentFile(
                    path: "\(folder)/\(relative)", kind: kind,
                    text: try String(contentsOf: base.appendingPathComponent(relative), encoding: .utf8)))
        }
    }
    files.append(
        ContentFile(
            path: "Content/guide.yaml", kind: .guide,
            text: try String(contentsOf: root.appendingPathComponent("Content/guide.yaml"), encoding: .utf8)))
    return files
}

@Suite struct CatalogTests {
    @Test func bundledContentLoadsCleanly() throws {
        let (catalog, errors) = Catalog.load(try bundledFiles())
        #expect(errors.isEmpty, "\(errors)")
        let scenario = try #require(catalog.scenario(id: "find-etcd-leader"))
        #expect(scenario.cluster == "stacked-3" && scenario.host == "master1")
        #expect(scenario.checks.map(\.id) == ["leader-name", "etcdctl-with-tls"])
        #expect(scenario.checks.map(\.points) == [3, 0] && scenario.checks.map(\.coaching) == [false, true])
        #expect(catalog.clusters["stacked-3"]?.nodes.count == 6)
    }

    @Test func bundledSolutionsAndMistakesVerify() throws {
        let (catalog, errors) = Catalog.load(try bundledFiles())
        #expect(errors.isEmpty)
        #expect(Verifier.verify(catalog) == [])
    }

    @Test func setupBreaksTheClusterBeforeTheLearnerArrives() throws {
        let (catalog, _) = Catalog.load(try bundledFiles())
        let scenario = try #require(catalog.scenario(id: "quorum-two-down"))
        let spec = try #require(catalog.clusters[scenario.cluster])
        for seed: UInt64 in [1, 2, 3] {
            let cluster = scenario.cluster(spec: spec, seed: seed)
            #expect(!cluster.etcd.hasQuorum && cluster.etcd.leader == nil, "seed \(seed)")
            #expect(cluster.etcd.member(onNode: "master1")?.running == true)
            let parked = try #require(scenario.values(seed: seed)["parked"])
            #expect(cluster.node(named: "master3")?.files.isFile(parked) == true)
            let report = Grader.grade(scenario.checks, cluster: cluster, shell: ShellState(host: "master1"), variables: [:])
            #expect(report.scoreLine == "Score: 0/4 (0%)")
        }
    }

    @Test func verifierReportsAWrongSolutionAndAMislabelledMistake() throws {
        let (bundled, _) = Catalog.load(try bundledFiles())
        var catalog = bundled
        let index = try #require(catalog.scenarios.firstIndex { $0.id == "find-etcd-leader" })
        catalog.scenarios[index].solution = "echo nobody > /root/etcd-leader.txt"
        catalog.scenarios[index].mistakes[0].fails = []
        let findings = Verifier.verify(catalog, seeds: [7]).map(\.description)
        #expect(findings.count == 2)
        #expect(
            findings.first?.hasPrefix(
                "Content/scenarios/etcd/find-etcd-leader.yaml: find-etcd-leader (seed 7): the solution scores 0/3; failing: leader-name ("
            ) == true)
        #expect(
            findings.last
                == "Content/scenarios/etcd/find-etcd-leader.yaml: find-etcd-leader (seed 7): mistake 'wrote the member ID instead of the name' fails [leader-name], but it lists []"
        )
    }

    func errors(_ scenario: String, graders: String = "graders: {}\n") -> [String] {
        let files = [
            ContentFile(path: "Graders/g.yaml", kind: .graders, text: graders),
            ContentFile(
                path: "Content/clusters/c.yaml", kind: .cluster,
                text: "id: c\nnodes:\n  - { name: m1, ip: 10.0.1.10, role: control-plane }\n"),
            ContentFile(path: "Content/scenarios/s.yaml", kind: .scenario, text: scenario),
        ]
        return Catalog.load(files).1.map(\.description)
    }

    static let minimal = """
        id: s
        title: T
        topic: etcd
        guide: G
        difficulty: 1
        minutes: 2
        cluster: c
        host: m1
        task: do it
        solution: echo
        checks: []

        """

    @Test func aMinimalScenarioIsValid() {
        #expect(errors(Self.minimal) == [])
    }

    @Test func unknownKeysAndBadValuesArePositioned() {
        #expect(errors(Self.minimal + "tsak: typo\n") == ["Content/scenarios/s.yaml:12:1: error: unknown key 'tsak'"])
        #expect(
            errors(Self.minimal.replacingOccurrences(of: "difficulty: 1", with: "difficulty: 9"))
                == ["Content/scenarios/s.yaml:5:13: error: 'difficulty' must be a whole number from 1 to 5, not '9'"])
        #expect(
            errors(Self.minimal.replacingOccurrences(of: "checks: []", with: "checks:\n  - use: nope\n    points: 1"))
                == ["Content/scenarios/s.yaml:12:10: error: unknown grader 'nope'; graders are defined in Graders/*.yaml"])
        #expect(
            errors(Self.minimal.replacingOccurrences(of: "host: m1", with: "host: m9"))
                == ["Content/scenarios/s.yaml:1:1: error: host 'm9' is not a node of cluster 'c'"])
        #expect(errors("id: [unclosed\n").first?.hasPrefix("Content/scenarios/s.yaml:1:14: error: YAML syntax:") == true)
    }

    /// The learner and every setup step stand on a node whatever value the seed picks (a setup
    /// host was never checked; found by `make fuzz`).
    @Test func everyHostASeedCanPickIsANode() {
        let picked = Self.minimal.replacingOccurrences(
            of: "host: m1", with: "host: \"{{h}}\"\nvariables:\n  h: { pick: [m1, m9] }")
        #expect(
            errors(picked) == [
                "Content/scenarios/s.yaml:1:1: error: host 'm9' ('{{h}}' on some seeds) is not a node of cluster 'c'"
            ])
        #expect(
            errors(Self.minimal + "setup:\n  - { host: m2, run: echo }\n")
                == ["Content/scenarios/s.yaml:1:1: error: setup host 'm2' is not a node of cluster 'c'"])
        #expect(errors(Self.minimal + "setup:\n  - { host: m1, run: echo }\n") == [])
    }

    /// libyaml finds an unclosed bracket or a lone key at the end of the stream, on a line after the
    /// file's last: the error names the end of the last line instead (found by `make fuzz`).
    @Test func errorsAtTheEndOfTheFileStayInIt() {
        func position(_ text: String) -> String? {
            switch YAMLNode.parse(text, file: "f") {
            case .failure(let error): "\(error.line):\(error.column)"
            case .success(let node): "\(node.line):\(node.column)"
            }
        }
        #expect(position("a: b\nv") == "2:2")
        #expect(position("a: b\nv\n") == "2:2")
        #expect(position("a: {b\n") == "1:6")
        #expect(position("a: {b\n\n") == "2:1", "an empty line before the final break is a line")
        #expect(position("a: b\r\n\r\nvé\r\n") == "3:3", "CR LF is one break; columns count Unicode scalars")
        #expect(position("a: b\r\u{2028}v") == "3:2", "YAML 1.1 breaks lines at CR, LF, NEL, LS and PS")
        #expect(position("---\n") == "1:4", "the empty document's node")
        #expect(position("") == "1:1")
        #expect(position("a: b\n  c: d") == "2:4", "a problem inside the file keeps its place")
    }

    @Test func templatesMayOnlyNameWhatExists() {
        #expect(
            errors(Self.minimal.replacingOccurrences(of: "task: do it", with: "task: write {{etcd.leader.name}}"))
                == [
                    "Content/scenarios/s.yaml:9:7: error: task refers to {{etcd.leader.name}}: cluster facts such as {{etcd.leader.name}} would give the answer away and are not filled in here"
                ])
        #expect(
            errors(Self.minimal + "hints: [\"see {{pth}}\"]\nvariables: { path: { pick: [/a] } }\n")
                == ["Content/scenarios/s.yaml:12:8: error: hints refers to {{pth}}: it is not one of this scenario's variables"])
        let graders =
            "graders:\n  g:\n    summary: s\n    params: [x]\n    probe: { file: { host: m1, path: /a } }\n    expect: { equals: \"{{x}}\" }\n    pass: p\n    fail: f\n"
        let check = Self.minimal.replacingOccurrences(
            of: "checks: []", with: "checks:\n  - use: g\n    points: 1\n    with: { x: \"{{etcd.leader.nme}}\" }")
        #expect(
            errors(check, graders: graders)
                == [
                    "Content/scenarios/s.yaml:12:5: error: check 'g' refers to {{etcd.leader.nme}}, which is not a variable, a parameter or a cluster fact"
                ])
    }

    @Test func factNamesListEveryFact() {
        let spec = ClusterSpec(id: "c", nodes: [ClusterSpec.NodeSpec(name: "m1", ip: "10.0.1.10", role: .controlPlane)])
        #expect(Set(Grader.facts(Cluster.build(spec: spec, seed: 1)).keys) == Grader.factNames)
    }

    @Test func clusterIDsAreUnique() {
        let cluster = "id: c\nnodes:\n  - { name: m1, ip: 10.0.1.10, role: control-plane }\n"
        let files = [
            ContentFile(path: "Content/clusters/a.yaml", kind: .cluster, text: cluster),
            ContentFile(path: "Content/clusters/b.yaml", kind: .cluster, text: cluster),
        ]
        #expect(
            Catalog.load(files).1.map(\.description) == [
                "Content/clusters/b.yaml:1:1: error: cluster id 'c' is used by an earlier definition too"
            ])
    }

    @Test func graderErrorsArePositioned() {
        let graders =
            "graders:\n  g:\n    summary: s\n    probe: { disk: {} }\n    expect: { equals: x }\n    pass: p\n    fail: f\n"
        #expect(
            errors(Self.minimal, graders: graders)
                == [
                    "Graders/g.yaml:4:14: error: unknown probe 'disk'; use one of file, answer, history, etcd, node, unit, static-pod, apiserver, lb, lease, kube-object, run"
                ])
    }

    /// A pattern the trainer's matcher cannot read is a load error at the pattern, never a
    /// grader that fails (or hangs) when the drill is checked.
    @Test func graderPatternsOutsideTheMatchersSyntaxArePositioned() {
        let graders =
            "graders:\n  g:\n    summary: s\n    probe: { file: { host: m1, path: /a } }\n    expect: { matches: \"a(?i)b\" }\n    pass: p\n    fail: f\n"
        let found = errors(Self.minimal, graders: graders)
        #expect(found.count == 1)
        #expect(found.first?.hasPrefix("Graders/g.yaml:5:24: error: 'a(?i)b' uses regular-expression syntax the trainer does not match") == true, "\(found)")
        let invalid = graders.replacingOccurrences(of: "a(?i)b", with: "(a")
        #expect(errors(Self.minimal, graders: invalid) == ["Graders/g.yaml:5:24: error: '(a' is not a valid regular expression"])
    }

    @Test func variablesAreSeededPerAttempt() {
        let scenario = Scenario(
            id: "s", title: "", topic: "etcd", guide: "", curriculum: nil, difficulty: 1, minutes: 1, cluster: "c",
            host: "m1", variables: [.init(name: "path", choices: ["/a", "/b", "/c", "/d"])], task: "", hints: [],
            checks: [], solution: "", mistakes: [], file: "")
        #expect(scenario.values(seed: 3) == scenario.values(seed: 3))
        #expect(Set((1...20).compactMap { scenario.values(seed: UInt64($0))["path"] }).count > 1)
    }
}
