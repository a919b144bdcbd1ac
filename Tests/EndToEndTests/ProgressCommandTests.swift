import Foundation
import Progress
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// A `kubedojo` process whose stdin stays open, so a test can kill it mid-drill.
final class RunningBinary {
    let process = Process()
    let stdin = Pipe()
    let stdout = Pipe()

    init(_ arguments: [String]) throws {
        process.executableURL = URL(fileURLWithPath: Binary.path)
        process.arguments = arguments
        process.currentDirectoryURL = FileManager.default.temporaryDirectory
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = "1"
        process.environment = environment
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stdout
        try process.run()
    }

    func type(_ lines: [String]) {
        stdin.fileHandleForWriting.write(Data(lines.map { $0 + "\n" }.joined().utf8))
    }
}

@Suite(.serialized) struct ProgressCommandTests {
    static let before = [
        "export ETCDCTL_API=3", "sleep 25", "echo state-1 > /root/s", ":hint",
        "mv /etc/kubernetes/manifests/kube-scheduler.yaml /root/",
    ]
    static let after = [
        "echo MARK", "cat /root/s", "etcdctl \(endpoints) \(tlsFlags) endpoint health 2>&1", "ls /etc/kubernetes/manifests /root",
        "sleep 30", "etcdctl \(endpoints) \(tlsFlags) endpoint status 2>&1", ":hint", "echo $?",
    ]

    @Test(.timeLimit(.minutes(1)))
    func aKilledDrillResumesWithTheSameCluster() throws {
        let scratch = try Scratch()
        let database = scratch.path("x.sqlite")
        let running = try RunningBinary(["drill", "quorum-two-down", "--seed", "9", "--db", database])
        running.type(Self.before)
        // Wait (bounded, 10 s) until every line is stored, then kill the process without warning.
        var stored = 0
        for _ in 0..<200 {
            stored = (try? Store(path: database).commands(attempt: 1).count) ?? 0
            if stored == Self.before.count { break }
            usleep(50_000)
        }
        #expect(stored == Self.before.count)
        kill(running.process.processIdentifier, SIGKILL)
        running.process.waitUntilExit()
        #expect(running.process.terminationReason == .uncaughtSignal)

        let store = try Store(path: database)
        #expect(try store.unfinishedAttempts().map(\.id) == [1], "the killed attempt is unfinished")
        let home = try Binary.run(["--db", database])
        #expect(home.stdout.contains("Interrupted: attempt 1 at quorum-two-down, started "))
        #expect(home.stdout.contains("— kubedojo resume 1\n"))

        let resumed = try Binary.run(
            ["drill", "quorum-two-down", "--resume", "--db", database], input: Self.after.joined(separator: "\n") + "\n")
        #expect(resumed.status == 0)
        #expect(resumed.stdout.contains("Resumed attempt 1: replayed 5 stored lines on seed 9; the cluster is as you left it.\n"))

        let control = try Binary.run(
            ["drill", "quorum-two-down", "--seed", "9", "--db", scratch.path("control.sqlite")],
            input: (Self.before + Self.after).joined(separator: "\n") + "\n")
        func tail(_ text: String) -> String {
            text.range(of: "MARK\n").map { String(text[$0.lowerBound...]) } ?? "(no MARK in)\n\(text)"
        }
        #expect(tail(resumed.stdout) == tail(control.stdout), "the resumed cluster answers exactly as the uninterrupted one")
        #expect(resumed.stderr == control.stderr && !control.stderr.contains("kubedojo:"))
        #expect(tail(control.stdout).contains("Hint 2/3: "), "the hint count came back too")
        #expect(tail(control.stdout).contains("state-1\n"))

        let attempt = try #require(try Store(path: database).attempt(id: 1))
        #expect(attempt.resumes == 1 && attempt.finishedAt != nil && attempt.hints == 2)
        #expect(try Store(path: database).commands(attempt: 1).map(\.line) == Self.before + Self.after)
        let again = try Binary.run(["resume", "--db", database])
        #expect(again.status == 1 && again.stderr == "kubedojo: no interrupted attempt to resume\n")
        let finished = try Binary.run(["resume", "1", "--db", database])
        #expect(finished.stderr == "kubedojo: attempt 1 was finished; only interrupted attempts can be resumed\n")
    }

    /// DESIGN §8: `kill -9` at any moment loses nothing that was stored and resumes identically.
    /// The harness kills a drill at random moments while lines stream in; each time the stored
    /// lines are exactly a prefix of what was typed, and the resumed cluster answers as a fresh
    /// run of that prefix does.
    @Test(.timeLimit(.minutes(3)))
    func killedAtRandomMomentsAResumeIsExactlyTheStoredPrefix() throws {
        let typed = [
            "export ETCDCTL_API=3", "echo one > /root/s", "sleep 5", "echo two >> /root/s", ":hint",
            "mv /etc/kubernetes/manifests/etcd.yaml /root/", "sleep 20", "echo three >> /root/s", "ls /etc/kubernetes/manifests",
            "mv /root/etcd.yaml /etc/kubernetes/manifests/", "sleep 20", "echo four >> /root/s",
        ]
        let probe = [
            "echo MARK", "cat /root/s", "ls /etc/kubernetes/manifests /root",
            "etcdctl \(endpoints) \(tlsFlags) endpoint status 2>&1",
        ]
        var rng = SystemRandomNumberGenerator()
        var resumedRuns = 0
        for round in 0..<8 {
            let scratch = try Scratch()
            let database = scratch.path("k.sqlite")
            let running = try RunningBinary(["drill", "quorum-two-down", "--seed", "\(round + 3)", "--db", database])
            // Lines arrive a few at a time; the kill falls anywhere, even before the first is stored.
            for chunk in stride(from: 0, to: typed.count, by: 3) {
                running.type(Array(typed[chunk..<min(chunk + 3, typed.count)]))
                usleep(UInt32.random(in: 0...120_000, using: &rng))
            }
            kill(running.process.processIdentifier, SIGKILL)
            running.process.waitUntilExit()
            let store = try Store(path: database)
            let stored = try store.unfinishedAttempts().first.map { try store.commands(attempt: $0.id).map(\.line) } ?? []
            #expect(Array(typed.prefix(stored.count)) == stored, "round \(round): stored lines are what was typed, in order")
            guard !stored.isEmpty else { continue }
            resumedRuns += 1
            let resumed = try Binary.run(
                ["drill", "quorum-two-down", "--resume", "--db", database], input: probe.joined(separator: "\n") + "\n")
            let control = try Binary.run(
                ["drill", "quorum-two-down", "--seed", "\(round + 3)", "--db", scratch.path("control.sqlite")],
                input: (stored + probe).joined(separator: "\n") + "\n")
            func tail(_ text: String) -> String {
                text.range(of: "MARK\n").map { String(text[$0.lowerBound...]) } ?? "(no MARK in)\n\(text)"
            }
            #expect(resumed.status == 0)
            #expect(tail(resumed.stdout) == tail(control.stdout), "round \(round), \(stored.count) lines stored")
            #expect(try Store(path: database).commands(attempt: 1).map(\.line) == stored + probe)
        }
        #expect(resumedRuns > 0, "at least one kill fell after lines were stored")
    }

    @Test func twoProcessesWriteOneDatabase() throws {
        let scratch = try Scratch()
        let database = scratch.path("x.sqlite")
        _ = try Store(path: database)
        let count = 300
        let first = try RunningBinary(["drill", "find-etcd-leader", "--seed", "1", "--db", database])
        let second = try RunningBinary(["drill", "find-etcd-leader", "--seed", "2", "--db", database])
        // Interleave the two writers line by line.
        for index in 1...count {
            first.type(["echo first \(index)"])
            second.type(["echo second \(index)"])
        }
        try first.stdin.fileHandleForWriting.close()
        try second.stdin.fileHandleForWriting.close()
        let outputs = [first, second].map {
            String(decoding: $0.stdout.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        }
        first.process.waitUntilExit()
        second.process.waitUntilExit()
        #expect(first.process.terminationStatus == 0 && second.process.terminationStatus == 0)
        #expect(outputs.allSatisfy { !$0.contains("kubedojo:") }, "no write was refused")
        let store = try Store(path: database)
        let attempts = try store.attempts()
        #expect(attempts.count == 2 && attempts.allSatisfy { $0.finishedAt != nil })
        for attempt in attempts {
            let lines = try store.commands(attempt: attempt.id).map(\.line)
            let name = attempt.seed == 1 ? "first" : "second"
            #expect(lines == (1...count).map { "echo \(name) \($0)" })
        }
    }

    @Test func configRescheduleStatsAndExport() throws {
        let scratch = try Scratch()
        let database = scratch.path("x.sqlite")
        let pinned = try ["KUBEDOJO_NOW": "2025-07-22T08:00:00Z", "TZ": "UTC"].merging(scratch.etcdContent()) { $1 }
        let seeded = try Binary.run(
            ["dev", "seed-history", "--db", database, "--days", "21", "--seed", "1"], environment: pinned)
        #expect(seeded.status == 0 && seeded.stdout.hasPrefix("Seeded ") && seeded.stdout.hasSuffix(" over 21 days (seed 1).\n"))
        let again = try Binary.run(["dev", "seed-history", "--db", database], environment: pinned)
        #expect(again.stderr == "kubedojo: seed-history only writes into an empty database; this one holds attempts\n")

        let stats = try Binary.run(["stats", "--db", database], environment: pinned)
        #expect(stats.status == 0)
        #expect(stats.stdout.hasPrefix("kubedojo stats — 2025-07-22, desired retention 0.90\nPractice streak: "))
        for needle in ["\nTOPIC ", "\nDUE ", "\nWEAKEST DRILLS ", "\netcd  "] {
            #expect(stats.stdout.contains(needle), "\(needle)")
        }
        // The same seed and clock give the same history, so the same numbers.
        let twin = scratch.path("twin.sqlite")
        _ = try Binary.run(["dev", "seed-history", "--db", twin, "--days", "21", "--seed", "1"], environment: pinned)
        let json = try Binary.run(["stats", "--json", "--db", database], environment: pinned).stdout
        #expect(json == (try Binary.run(["stats", "--json", "--db", twin], environment: pinned).stdout))
        #expect(json.contains("\"streak_days\" : ") && json.contains("\"due_7_days\" : "))

        #expect(try Binary.run(["config", "get", "--db", database]).stdout.hasPrefix("retention = 0.9    # desired retention"))
        let bad = try Binary.run(["config", "set", "retention", "0.99", "--db", database])
        #expect(bad.status == 1 && bad.stderr == "kubedojo: retention must be a number from 0.7 to 0.97, got '0.99'\n")
        let set = try Binary.run(["config", "set", "retention", "0.8", "--db", database])
        #expect(set.stdout.hasPrefix("retention = 0.8\n"))
        #expect(try Binary.run(["config", "get", "retention", "--db", database]).stdout == "0.8\n")
        let store = try Store(path: database)
        let before = try store.cards()
        let reschedule = try Binary.run(["reschedule", "--db", database], environment: pinned)
        #expect(
            reschedule.stdout.hasPrefix("Rescheduled ") && reschedule.stdout.contains(" cards from ")
                && reschedule.stdout.contains(" at desired retention 0.8; "))
        let after = try store.cards()
        #expect(after.map(\.id) == before.map(\.id))
        #expect(zip(before, after).allSatisfy { $0.schedule.due <= $1.schedule.due }, "lower retention, later reviews")
        #expect(zip(before, after).contains { $0.schedule.due < $1.schedule.due })

        let out = scratch.path("export.json")
        let export = try Binary.run(["export", "--json", "--out", out, "--db", database], environment: pinned)
        #expect(export.stdout.hasPrefix("Wrote ") && export.stdout.hasSuffix(" reviews to \(out).\n"))
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out))) as? [String: Any])
        #expect(
            object.keys.sorted() == [
                "attempts", "exams", "exported_at", "format", "format_version", "reviews", "schema", "settings",
            ])
        #expect((object["attempts"] as? [Any])?.count == (try store.attempts().count))
        #expect(
            try Binary.run(["export", "--db", database], environment: pinned).stdout
                == (try String(contentsOfFile: out, encoding: .utf8)))
    }

    @Test func reviewRunsDueThenNewDrillsAndRatesThem() throws {
        let scratch = try Scratch()
        let database = scratch.path("x.sqlite")
        let content = try scratch.etcdContent()
        let pinned = ["KUBEDOJO_NOW": "2025-07-22T08:00:00Z", "TZ": "UTC"].merging(content) { $1 }
        let tomorrowClock = ["KUBEDOJO_NOW": "2025-07-23T09:00:00Z", "TZ": "UTC"].merging(content) { $1 }
        #expect(try Binary.run(["config", "set", "new-per-day", "2", "--db", database]).status == 0)
        let review = try Binary.run(
            ["review", "--db", database], input: ":check\n:quit\n:quit\n", environment: pinned)
        #expect(review.status == 0)
        #expect(review.stdout.hasPrefix("Review: 0 due, 2 new (about "))
        #expect(review.stdout.contains("\n[1/2] ") && review.stdout.contains("\n[2/2] "))
        #expect(review.stdout.contains("Rated Again; practise etcd-endpoint-health again in 1 day (2025-07-23).\n"))
        #expect(review.stdout.contains(" without a :check, so it was not rated; it stays in the queue.\n"))
        let store = try Store(path: database)
        #expect(try store.attempts().map(\.mode) == ["review", "review"])
        #expect(try store.cards().map(\.id) == ["scenario:etcd-endpoint-health"])

        let next = try Binary.run(["review", "--db", database], input: "", environment: pinned)
        #expect(next.stdout.hasPrefix("Review: 0 due, 1 new (about "), "one new drill was introduced today already")
        let tomorrow = try Binary.run(
            ["review", "--limit", "1", "--db", database], input: "", environment: tomorrowClock)
        #expect(tomorrow.stdout.hasPrefix("Review: 1 due, 0 new (about 5 min).\n"))
        #expect(tomorrow.stdout.contains("  1. etcd-endpoint-health (etcd, about 5 min) — recall "))
        let home = try Binary.run(["--db", database], environment: tomorrowClock)
        #expect(home.stdout.contains("\nDue now: etcd-endpoint-health — kubedojo review\n"))
        #expect(home.stdout.contains("\nNext (due, recall "))
        #expect(try Binary.run(["review", "--limit", "0", "--db", database]).stderr == "kubedojo: --limit must be at least 1\n")
    }

    @Test func helpTellsAboutTheNewCommands() throws {
        let help = try Binary.run(["--help"]).stdout
        for needle in ["review", "resume", "stats", "config", "reschedule", "export"] {
            #expect(help.contains("  \(needle) "), "\(needle)")
        }
        #expect(!help.contains("seed-history") && !help.contains("  dev "), "developer tools stay hidden")
        #expect(try Binary.run(["drill", "--help"]).stdout.contains("--resume"))
        #expect(try Binary.run(["review", "--help"]).stdout.contains("--minutes <minutes>"))
    }
}
