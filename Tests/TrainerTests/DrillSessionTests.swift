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
        #expect(
            commands.map(\.line) == [":task", ":hint", ":hint", ":hint", ":nope", "echo hi > /root/a.txt", ":check", ":quit"],
            "every typed line is stored, trainer commands too")
        #expect(commands.map(\.wallMilliseconds) == [0, 0, 0, 0, 0, 2500, 0, 0])
        let attempt = try #require(try store.attempts().first)
        #expect(attempt.hints == 2 && attempt.outcome == "checked" && attempt.finishedAt == 10)
    }

    @Test func checkSuggestsARatingAndLeavingSchedulesTheReview() throws {
        var scenario = Self.scenario
        let grader = GraderDefinition(
            name: "answer", summary: "", parameters: [], probe: .file(host: "m1", path: "/root/a.txt"),
            matcher: .equals("hi"), passFeedback: "ok", failFeedback: "no")
        scenario.checks = [Check(id: "answer", grader: grader, arguments: [:], points: 2, coaching: false)]
        let store = try Store()
        let drill = try DrillSession(
            scenario: scenario, spec: Self.spec, seed: 1, store: store, console: Console(environment: ["NO_COLOR": "1"]),
            now: 0)
        #expect(
            drill.process(":rate good").segments.first?.text == "kubedojo: :check first; a rating belongs to a graded attempt\n")
        _ = drill.process("echo hi > /root/a.txt", elapsedMilliseconds: 60_000)
        let report = drill.process(":check", elapsedMilliseconds: 30_000).segments.first?.text ?? ""
        #expect(
            report.hasSuffix(
                "Suggested rating: Easy (recorded for your review schedule when you leave; :rate again|hard|good|easy changes it)\nScore: 2/2 (100%)\n"
            ),
            "90 s of a 2-minute target, no hints, 100 %")
        #expect(drill.process(":rate HARD").segments.first?.text == "Your rating: Hard (suggested Easy).\n")
        #expect(drill.process(":rate meh").segments.first?.text == "kubedojo: :rate takes one of again, hard, good, easy\n")
        let now: Int64 = 1_790_000_000_000
        let message = try #require(drill.finish(now: now))
        #expect(message.hasPrefix("Rated Hard; practise s again in "))
        let reviews = try store.reviews(cardID: "scenario:s")
        #expect(reviews.map(\.rating) == [.hard] && reviews.map(\.suggested) == [.easy] && reviews.map(\.overridden) == [true])
        #expect(reviews.first?.elapsedMilliseconds == 90_000 && reviews.first?.attemptID == drill.attemptID)
        let card = try #require(try store.card(id: "scenario:s"))
        #expect(card.schedule.due.millisecondsSinceEpoch > now && card.kind == .scenario)
        #expect(drill.finish(now: now) == nil, "finishing twice records nothing more")
        #expect(try store.reviews(cardID: "scenario:s").count == 1)
    }

    @Test func completionAtThePrompt() throws {
        let (drill, _) = try session()
        #expect(drill.complete(line: ":ch", cursor: 3).insertion == "eck ")
        #expect(drill.complete(line: ":h", cursor: 2).listing == [":help", ":hint"])
        #expect(drill.complete(line: ":check x", cursor: 8).isEmpty)
        // The shell's completion runs against the session's own host and cluster.
        #expect(drill.complete(line: "cat /etc/hostn", cursor: 14).insertion == "ame ")
        #expect(drill.complete(line: "ssh m", cursor: 5).insertion == "1 ")
    }
}
