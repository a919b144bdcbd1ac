@testable import Catalog
import ClusterSim
import Grading
import Progress
import Testing

@testable import Trainer

@Suite struct DrillSessionTests {
    static let scenario = Scenario(
        id: "s", title: "T", topic: "etcd", guide: "G", curriculum: nil, difficulty: 1, minutes: 2, cluster: "c",
        host: "m1", variables: [.init(name: "path", choices: ["/root/a.txt"])], task: "Write to {{path}}.",
        hints: ["first", "second"], checks: [], solution: "", mistakes: [], file: "s.yaml")
    static let spec = ClusterSpec(id: "c", nodes: [ClusterSpec.NodeSpec(name: "m1", ip: "10.0.1.10", role: .controlPlane)])

    func session() throws -> (DrillSession, Store) {
        let store = try Store()
        let console = Console(environment: ["NO_COLOR": "1"])
        return (
            try DrillSession(scenario: Self.scenario, spec: Self.spec, seed: 1, store: store, console: console, now: 0), store
        )
    }

    @Test func metaCommandsAndLogging() throws {
        let (drill, store) = try session()
        #expect(drill.process(":task").segments.first?.text == "Write to /root/a.txt.\n")
        #expect(drill.process(":hint").segments.first?.text == "Hint 1/2: first\n")
        #expect(drill.process(":hint").segments.first?.text == "Hint 2/2: second\n")
        #expect(drill.process(":hint").segments.first?.text == "No more hints (2 of 2 shown).\n")
        #expect(
            drill.process(":nope").segments.first?.text == "kubedojo: unknown command :nope; :help lists the trainer's commands\n"
        )
        #expect(drill.process("echo hi > /root/a.txt", elapsedMilliseconds: 2500).segments.isEmpty)
        #expect(drill.process("   ").segments.isEmpty)
        #expect(drill.process(":check").segments.first?.text == "Score: 0/0 (0%)\n")
        #expect(drill.process(":quit").quit)
        drill.finish(now: 10)
        let commands = try store.commands(attempt: drill.attemptID)
        #expect(commands.map(\.line) == ["echo hi > /root/a.txt"] && commands.map(\.wallMilliseconds) == [2500])
        let attempt = try #require(try store.attempts().first)
        #expect(attempt.hints == 2 && attempt.outcome == "checked" && attempt.finishedAt == 10)
    }

    @Test func completionOfCommandWords() {
        #expect(Completion.complete("etc") == ["etcdctl"])
        #expect(Completion.complete(":ch") == [":check"])
        #expect(Completion.complete("etcdctl mem").isEmpty)
    }
}
