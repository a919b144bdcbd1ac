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

    /// `:solution` and `:reset` take effect only when typed twice in a row; a revealed solution rates Again.
    @Test func solutionResetAndTopology() throws {
        var scenario = Self.scenario
        scenario.solution = "echo hi > {{path}}\nsleep 1\n"
        let grader = GraderDefinition(
            name: "answer", summary: "", parameters: [], probe: .file(host: "m1", path: "/root/a.txt"),
            matcher: .equals("hi"), passFeedback: "ok", failFeedback: "no")
        scenario.checks = [Check(id: "answer", grader: grader, arguments: [:], points: 2, coaching: false)]
        let store = try Store()
        let drill = try DrillSession(
            scenario: scenario, spec: Self.spec, seed: 1, store: store, console: Console(environment: ["NO_COLOR": "1"]),
            now: 0)
        #expect(
            drill.process(":solution").segments.first?.text
                == "This shows the reference solution, and the attempt will be rated Again. Type :solution again to see it.\n")
        _ = drill.process(":task")
        #expect(
            drill.process(":solution").segments.first?.text.hasPrefix("This shows") == true, "another command in between cancels")
        #expect(!drill.revealed)
        #expect(drill.process(":solution").segments.first?.text == "Reference solution:\n  echo hi > /root/a.txt\n  sleep 1\n")
        #expect(drill.revealed)
        _ = drill.process("echo hi > /root/a.txt")
        _ = drill.process(":check")
        #expect(drill.suggestedRating == .again, "full marks, but the solution was shown")
        #expect(try store.attempts().first?.revealed == true)
        // Reset: the file written is gone, the shell is back on the start host.
        #expect(drill.process(":reset").segments.first?.text.hasPrefix("This throws away") == true)
        #expect(drill.cluster.node(named: "m1")?.files.isFile("/root/a.txt") == true)
        #expect(
            drill.process(":reset").segments.first?.text
                == "The cluster is back to how the drill began (seed 1); you are on m1 again.\n")
        #expect(drill.cluster == scenario.cluster(spec: Self.spec, seed: 1))
        let topology = drill.process(":topology").segments.first?.text ?? ""
        #expect(topology.hasPrefix("Topology of c: etcd leader m1 (term "))
        #expect(topology.contains("\n  m1    10.0.1.10  control-plane  etcd leader · apiserver ready\n"))
        #expect(try store.attempts().first?.hints == 1, ":topology counts as one hint")
        _ = drill.process(":topology")
        #expect(try store.attempts().first?.hints == 1)
    }

    /// A scenario that names its hosts warns at once when a command changes another machine.
    @Test func workOnAnotherHostIsNoted() throws {
        var scenario = Self.scenario
        scenario.hosts = ["m1"]
        let spec = ClusterSpec(
            id: "c",
            nodes: [
                ClusterSpec.NodeSpec(name: "m1", ip: "10.0.1.10", role: .controlPlane),
                ClusterSpec.NodeSpec(name: "m2", ip: "10.0.1.11", role: .controlPlane),
            ])
        let drill = try DrillSession(
            scenario: scenario, spec: spec, seed: 1, store: try Store(), console: Console(environment: ["NO_COLOR": "1"]),
            now: 0)
        #expect(drill.process("echo a > /root/a.txt").segments.isEmpty)
        _ = drill.process("ssh m2")
        #expect(drill.process("cat /etc/hostname").segments.map(\.text) == ["m2\n"], "reading changes nothing")
        #expect(
            drill.process("echo a > /root/a.txt").segments.map(\.text)
                == [
                    "kubedojo: note: that changed m2, but this task's work belongs on m1; on the exam, work on the wrong host scores nothing.\n"
                ])
    }

    /// A scenario that names a kube context notes kubectl run through any other one.
    @Test func workInAnotherContextIsNoted() throws {
        var scenario = Self.scenario
        scenario.context = "{{ctx}}"
        scenario.variables.append(.init(name: "ctx", choices: ["ha-prod"]))
        scenario.setup = [
            Scenario.SetupStep(command: "kubectl config set-context ha-prod --cluster=kubernetes --user=kubernetes-admin")
        ]
        let drill = try DrillSession(
            scenario: scenario, spec: Self.spec, seed: 1, store: try Store(), console: Console(environment: ["NO_COLOR": "1"]),
            now: 0)
        let note =
            "kubedojo: note: that kubectl command used the context kubernetes-admin@kubernetes, but this task's work belongs in ha-prod (kubectl config use-context ha-prod); on the exam, work in the wrong context scores nothing.\n"
        #expect(drill.process("k get nodes -o name").segments.map(\.text) == ["node/m1\n", note])
        #expect(drill.process("kubectl --context ha-prod get nodes -o name").segments.map(\.text) == ["node/m1\n"])
        #expect(drill.process("echo no kubectl here").segments.map(\.text) == ["no kubectl here\n"])
        #expect(
            drill.process("kubectl config use-context ha-prod").segments.map(\.text) == ["Switched to context \"ha-prod\".\n"])
        #expect(drill.process("kubectl get nodes -o name | wc -l").segments.map(\.text) == ["1\n"])
    }

    /// `:events` narrates only what happened since the learner arrived, and counts as one hint.
    @Test func eventsStartWhenTheLearnerArrives() throws {
        var scenario = Self.scenario
        scenario.setup = [Scenario.SetupStep(fault: "advance 5s"), Scenario.SetupStep(command: "echo setup > /root/s.txt")]
        let store = try Store()
        let drill = try DrillSession(
            scenario: scenario, spec: Self.spec, seed: 1, store: store, console: Console(environment: ["NO_COLOR": "1"]),
            now: 0)
        #expect(drill.process(":events").segments.first?.text == "No events yet.\n")
        _ = drill.process("mv /etc/kubernetes/manifests/kube-scheduler.yaml /root/")
        _ = drill.process("sleep 30")
        let text = drill.process(":events 50").segments.first?.text ?? ""
        #expect(text.contains("kube-scheduler"), "\(text)")
        #expect(text.split(separator: "\n").allSatisfy { $0.count > 25 && $0.dropFirst(4).hasPrefix("-") })
        #expect(
            drill.process(":events x").segments.first?.text == "kubedojo: :events takes a positive number of events, not 'x'\n")
        #expect(try store.attempts().first?.hints == 1)
    }
}
