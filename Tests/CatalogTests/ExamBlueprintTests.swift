import Foundation
import Testing

@testable import Catalog

@Suite struct ExamBlueprintTests {
    /// The bundled content with `Content/exams/`.
    static func catalog() throws -> Catalog {
        var root = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { root = root.deletingLastPathComponent() }
        let path = "Content/exams/cka-ha.yaml"
        let text = try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)
        let (catalog, errors) = Catalog.load(try bundledFiles() + [ContentFile(path: path, kind: .exam, text: text)])
        #expect(errors.isEmpty, "\(errors)")
        return catalog
    }

    /// The errors a blueprint text gets against the bundled scenarios.
    static func errors(_ text: String, catalog: Catalog) -> [String] {
        catalog.loadBlueprint(text: text, path: "Content/exams/x.yaml").1.map(\.description)
    }

    @Test func theBundledBlueprintDrawsSeventeenTasksToItsTopicWeights() throws {
        let catalog = try Self.catalog()
        let blueprint = try #require(catalog.blueprint(id: "cka-ha"))
        #expect(blueprint.minutes == 120 && blueprint.taskCount == 17 && blueprint.fixed.isEmpty)
        let plan = try blueprint.plan(seed: 42, scenarios: catalog.scenarios).get()
        #expect(plan.count == 17)
        #expect(Set(plan.map(\.scenario)).count == 17, "no scenario twice")
        #expect(plan.map(\.weight).reduce(0, +) == 100)
        // 17 tasks over ten topics: one each, then the largest shortfalls (etcd 3 more, kubeadm,
        // load-balancing, control-plane and leader-election one more each).
        var counts: [String: Int] = [:]
        var weights: [String: Int] = [:]
        for task in plan {
            counts[task.topic, default: 0] += 1
            weights[task.topic, default: 0] += task.weight
        }
        #expect(
            counts == [
                "etcd": 4, "kubeadm": 2, "load-balancing": 2, "control-plane": 2, "leader-election": 2, "recovery": 1,
                "certificates": 1, "monitoring": 1, "security": 1, "operations": 1,
            ])
        #expect(
            weights == [
                "etcd": 25, "kubeadm": 15, "load-balancing": 15, "control-plane": 10, "leader-election": 10,
                "recovery": 10, "certificates": 5, "monitoring": 5, "security": 3, "operations": 2,
            ], "each topic keeps exactly its weight")
        #expect(plan.filter { $0.topic == "etcd" }.map(\.weight).sorted() == [6, 6, 6, 7])
        for task in plan {
            #expect(catalog.scenario(id: task.scenario)?.topic == task.topic)
            #expect((1...999_999).contains(task.seed))
        }
        #expect(try blueprint.plan(seed: 42, scenarios: catalog.scenarios).get() == plan, "the seed decides everything")
        #expect(try blueprint.plan(seed: 43, scenarios: catalog.scenarios).get() != plan)
        #expect(Set(plan.map(\.seed)).count == 17, "every task is its own variant")
    }

    @Test func fewerTasksThanTopicsGoToTheHeaviestTopics() throws {
        let catalog = try Self.catalog()
        let blueprint = try #require(catalog.blueprint(id: "cka-ha"))
        let plan = try blueprint.plan(seed: 7, tasks: 3, scenarios: catalog.scenarios).get()
        #expect(Set(plan.map(\.topic)) == ["etcd", "kubeadm", "load-balancing"])
        // 25:15:15 shared out of 100: 45.45, 27.27, 27.27 rounded by largest remainder.
        #expect(plan.sorted { $0.weight > $1.weight }.map(\.weight) == [46, 27, 27])
        guard case .failure(let error) = blueprint.plan(seed: 7, tasks: 99, scenarios: catalog.scenarios) else {
            Issue.record("99 tasks cannot be drawn")
            return
        }
        #expect(error.description == "blueprint 'cka-ha' can draw 1 to 38 tasks, not 99")
    }

    @Test func aFixedListKeepsItsOrderAndWeights() throws {
        let catalog = try Self.catalog()
        let text = """
            id: two
            title: Two tasks
            minutes: 20
            tasks:
              - { scenario: find-etcd-leader, weight: 60 }
              - { scenario: nginx-stream, weight: 40 }

            """
        let (blueprint, errors) = catalog.loadBlueprint(text: text, path: "two.yaml")
        #expect(errors.isEmpty)
        let plan = try #require(blueprint).plan(seed: 3, scenarios: catalog.scenarios).get()
        #expect(plan.map(\.scenario) == ["find-etcd-leader", "nginx-stream"] && plan.map(\.weight) == [60, 40])
        guard case .failure(let error) = try #require(blueprint).plan(seed: 3, tasks: 5, scenarios: catalog.scenarios)
        else {
            Issue.record("--tasks with a fixed list")
            return
        }
        #expect(error.description == "--tasks does not apply to blueprint 'two': it lists its tasks")
    }

    @Test func blueprintMistakesArePositioned() throws {
        let catalog = try Self.catalog()
        let head = "id: x\ntitle: X\nminutes: 60\n"
        #expect(
            Self.errors(head + "tasks: 4\ntopics: { etcd: 60, kubeadm: 40 }\nminuts: 3\n", catalog: catalog)
                == ["Content/exams/x.yaml:6:1: error: unknown key 'minuts'"])
        #expect(
            Self.errors(head + "tasks: 4\ntopics:\n  etcd: 60\n  kubeadm: 30\n", catalog: catalog)
                == ["Content/exams/x.yaml:6:3: error: the topic weights total 90; they must total 100"])
        #expect(
            Self.errors(head + "tasks: 4\ntopics:\n  etcd: 60\n  kubadm: 40\n", catalog: catalog)
                == [
                    "Content/exams/x.yaml:7:3: error: unknown topic 'kubadm'; use one of etcd, control-plane, load-balancing, kubeadm, leader-election, recovery, certificates, monitoring, security, operations"
                ])
        #expect(
            Self.errors(
                head + "tasks:\n  - scenario: find-etcd-leader\n    weight: 50\n  - scenario: nope\n    weight: 40\n",
                catalog: catalog)
                == [
                    "Content/exams/x.yaml:7:15: error: unknown scenario 'nope'",
                    "Content/exams/x.yaml:5:3: error: the task weights total 90; they must total 100",
                ])
        #expect(
            Self.errors(head + "tasks:\n  - { scenario: find-etcd-leader, weight: 100, wieght: 1 }\n", catalog: catalog)
                == ["Content/exams/x.yaml:5:48: error: unknown key 'wieght'"])
        #expect(
            Self.errors(head + "tasks: 12\ntopics: { operations: 50, security: 50 }\n", catalog: catalog)
                == ["Content/exams/x.yaml:4:8: error: 'tasks' asks for 12 tasks, but the weighted topics have only 2 scenarios"])
        #expect(
            Self.errors(head + "topics: { etcd: 100 }\n", catalog: catalog)
                == ["Content/exams/x.yaml:1:1: error: missing required key 'tasks' (a number of tasks to draw, or a list)"])
    }

    @Test func weightsSplitByLargestRemainder() {
        #expect(ExamBlueprint.roundToHundred([1, 1, 1]) == [34, 33, 33])
        #expect(ExamBlueprint.apportion(5, weights: [50, 30, 20], limits: [1, 9, 9]) == [1, 2, 2])
        #expect(ExamBlueprint.apportion(2, weights: [10, 60, 30], limits: [9, 9, 9]) == [0, 1, 1])
    }
}
