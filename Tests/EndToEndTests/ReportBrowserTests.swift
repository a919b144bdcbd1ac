import Foundation
import Progress
import Testing

/// `kubedojo report` rendered by headless Chromium: the seeded page loads without a console error or a
/// blocked request, and every chart holds as many points as the database has data.
@Suite(.serialized) struct ReportBrowserTests {
    static let pinned = ["KUBEDOJO_NOW": "2025-07-22T08:00:00Z", "TZ": "UTC"]
    static let now: Int64 = 1_753_171_200_000
    static let day: Int64 = 86_400_000

    /// Each bundled drill's topic, read from where its file lies (Content/scenarios/TOPIC/ID.yaml).
    static func topics() throws -> [String: String] {
        let root = Binary.repository.appendingPathComponent("Content/scenarios")
        var topics: [String: String] = [:]
        for topic in try FileManager.default.contentsOfDirectory(atPath: root.path) {
            for file in try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent(topic).path)
            where file.hasSuffix(".yaml") {
                topics[String(file.dropLast(".yaml".count))] = topic
            }
        }
        return topics
    }

    /// Three finished mock exams over the seeded weeks, each with two graded tasks.
    static func addExams(_ store: Store) throws -> [Int] {
        let scores: [(daysAgo: Int64, permille: Int)] = [(15, 512), (8, 663), (2, 781)]
        for (index, exam) in scores.enumerated() {
            let start = now - exam.daysAgo * day + 3_600_000
            var tasks: [ExamTaskRow] = []
            for (position, scenario) in ["find-etcd-leader", "quorum-two-down"].enumerated() {
                let attempt = try store.startAttempt(scenario: scenario, seed: UInt64(index + 1), mode: "exam", at: start)
                let percent = (exam.permille / 10 + position * 7) % 101
                try store.recordCheck(attempt: attempt, round: 1, results: [], score: percent, maxScore: 100, percent: percent)
                try store.finishAttempt(attempt, at: start + 600_000)
                var task = ExamTaskRow(
                    position: position + 1, attempt: attempt, scenario: scenario, topic: "etcd", seed: 1, weight: 1)
                task.percent = percent
                tasks.append(task)
            }
            let id = try store.startExam(blueprint: "cka-ha", seed: UInt64(index + 1), minutes: 120, at: start, tasks: tasks)
            try store.finishExam(
                id, at: start + 3_600_000, outcome: "submitted", scorePermille: exam.permille, passed: exam.permille >= 660,
                tasks: tasks)
        }
        return scores.map(\.permille)
    }

    /// Where the screenshot of the seeded report is kept after the run.
    static var screenshot: String { Binary.repository.appendingPathComponent(".build/report-test/report.png").path }

    @Test(.timeLimit(.minutes(3)))
    func theSeededReportLoadsInChromiumWithEveryPoint() throws {
        let scratch = try Scratch()
        let database = scratch.path("progress.sqlite")
        let seeded = try Binary.run(
            ["dev", "seed-history", "--db", database, "--days", "28", "--seed", "1"], environment: Self.pinned)
        try #require(seeded.status == 0, "\(seeded.stderr)")
        let store = try Store(path: database)
        let examScores = try Self.addExams(store)

        let page = scratch.path("report.html")
        let run = try Binary.run(["report", "--db", database, "--out", page], environment: Self.pinned)
        #expect(run.status == 0 && run.stderr.isEmpty)
        #expect(run.stdout == "Wrote the progress report to \(page)\n")

        // What each chart must show, worked out from the database itself.
        let topics = try Self.topics()
        let attempts = try store.attempts()
        var graded: [String: Int] = [:]
        for attempt in attempts where attempt.percent != nil { graded[topics[attempt.scenario] ?? "?", default: 0] += 1 }
        let rated = try store.cards().filter { $0.kind == .scenario && $0.schedule.lastReview != nil }
        let ratedTopics = Set(rated.map { topics[String($0.id.dropFirst("scenario:".count))] ?? "?" })
        let today = Self.now / Self.day
        let due30 = rated.filter { $0.schedule.due.millisecondsSinceEpoch / Self.day - today < 30 }.count
        // The heatmap starts on the Monday 25 weeks before this week's (1970-01-01 was a Thursday).
        let firstDay = today - (today + 3) % 7 - 25 * 7
        let shown = attempts.map { $0.startedAt / Self.day }.filter { $0 >= firstDay }
        let guideSections = try String(
            contentsOf: Binary.repository.appendingPathComponent("Content/guide.yaml"), encoding: .utf8
        ).split(separator: "\n").filter { $0.hasPrefix("  - title:") }.count

        let profile = scratch.path("chromium-profile")
        let dump = try Chromium.run(["--dump-dom"], file: page, profile: profile)
        #expect(Chromium.pageProblems(dump.stderr) == [], "the page loaded without console errors or blocked requests")
        let dom = dump.stdout
        #expect(dom.contains("<h1>kubedojo progress report</h1>"), "Chromium rendered the page")

        func points(_ id: String) -> [String] { Chromium.svg(id, in: dom).map { Chromium.points($0) } ?? ["missing \(id)"] }
        var seen: [String] = []
        for (topic, count) in graded.sorted(by: { $0.key < $1.key }) {
            #expect(points("scores-\(topic)").count == count, "score history for \(topic)")
            seen.append("scores-\(topic): \(count) graded attempts")
        }
        #expect(points("retention-chart").count == ratedTopics.count * 3, "now, 7 and 30 days per rated topic")
        let due = points("due-chart")
        #expect(due.count == 30 && due.compactMap(Int.init).reduce(0, +) == due30, "one bar per day; every drill due by then")
        let exams = points("exam-chart")
        #expect(exams == examScores.map { String(format: "%.1f", Double($0) / 10) }, "one dot per exam, with its score")
        let practised = points("heatmap-chart")
        #expect(practised.count == Set(shown).count, "one shaded cell per practice day")
        #expect(practised.compactMap(Int.init).reduce(0, +) == shown.count, "holding every attempt")
        #expect(points("weakest-chart").count == min(5, rated.count))
        #expect(points("coverage-chart").count == guideSections)
        for id in [
            "scores-etcd", "retention-chart", "due-chart", "exam-chart", "heatmap-chart", "weakest-chart", "coverage-chart",
        ] {
            let svg = Chromium.svg(id, in: dom) ?? ""
            #expect(
                svg.contains("role=\"img\"") && svg.contains("<title id=\"\(id)-title\">")
                    && svg.contains("<desc id=\"\(id)-desc\">"))
        }

        let folder = URL(fileURLWithPath: Self.screenshot).deletingLastPathComponent()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try? FileManager.default.removeItem(atPath: Self.screenshot)
        let shot = try Chromium.run(
            ["--screenshot=\(Self.screenshot)", "--window-size=1200,3400", "--hide-scrollbars"], file: page, profile: profile)
        #expect(Chromium.pageProblems(shot.stderr) == [])
        let png = try Data(contentsOf: URL(fileURLWithPath: Self.screenshot))
        #expect(png.count > 10_000 && png.starts(with: [0x89, 0x50, 0x4E, 0x47]), "a non-empty PNG")
        // Dark mode: the same page under prefers-color-scheme: dark is drawn differently (its own palette).
        let darkShot = folder.appendingPathComponent("report-dark.png").path
        try? FileManager.default.removeItem(atPath: darkShot)
        let dark = try Chromium.run(
            ["--screenshot=\(darkShot)", "--window-size=1200,3400", "--hide-scrollbars", "--force-dark-mode"], file: page,
            profile: profile)
        #expect(Chromium.pageProblems(dark.stderr) == [])
        let darkPNG = try Data(contentsOf: URL(fileURLWithPath: darkShot))
        #expect(darkPNG.count > 10_000 && darkPNG != png, "the dark palette applies")
        // Print: a PDF of several pages, without errors.
        let pdfPath = folder.appendingPathComponent("report.pdf").path
        try? FileManager.default.removeItem(atPath: pdfPath)
        let printed = try Chromium.run(["--print-to-pdf=\(pdfPath)", "--no-pdf-header-footer"], file: page, profile: profile)
        #expect(Chromium.pageProblems(printed.stderr) == [])
        let pdf = String(decoding: try Data(contentsOf: URL(fileURLWithPath: pdfPath)), as: UTF8.self)
        let pages = pdf.components(separatedBy: "/Type /Page").count - 1 - (pdf.components(separatedBy: "/Type /Pages").count - 1)
        #expect(pdf.hasPrefix("%PDF-") && pages >= 2, "printable: \(pages) pages")
        seen += [
            "retention-chart: \(ratedTopics.count) topics x 3", "due-chart: 30 days, \(due30) drills",
            "exam-chart: \(exams.joined(separator: ", "))", "heatmap-chart: \(practised.count) days, \(shown.count) attempts",
            "weakest-chart: \(min(5, rated.count))", "coverage-chart: \(guideSections) sections",
        ]
        print("Report screenshot: \(Self.screenshot)\n" + seen.joined(separator: "\n"))
    }

    @Test(.timeLimit(.minutes(2)))
    func anEmptyDatabaseExplainsHowToStart() throws {
        let scratch = try Scratch()
        let page = scratch.path("empty.html")
        let run = try Binary.run(["report", "--db", scratch.path("x.sqlite"), "--out", page], environment: Self.pinned)
        #expect(run.status == 0 && run.stdout == "Wrote the progress report to \(page)\n")
        let dump = try Chromium.run(["--dump-dom"], file: page, profile: scratch.path("profile"))
        #expect(Chromium.pageProblems(dump.stderr) == [])
        #expect(dump.stdout.contains("<h2>Nothing to chart yet</h2>") && !dump.stdout.contains("<svg"))
        #expect(dump.stdout.contains("<code>kubedojo drill find-etcd-leader</code>"))
    }

    @Test func theDetectorSeesABlockedRequest() {
        // As Chromium 156 logs a page's blocked image and script (captured with a deliberate <img src="http://...">).
        let log = """
            [26460:26490:1125/054130.929679:ERROR:dbus/bus.cc:405] Failed to connect to the bus: Failed to connect to socket /run/dbus/system_bus_socket: No such file or directory
            [26460:26460:1125/054131.910610:INFO:CONSOLE:1] "Loading the image 'http://127.0.0.1:9/x.png' violates the following Content Security Policy directive: "img-src data:". The action has been blocked.", source: file:///tmp/t.html (1)
            [26519:26519:1125/054131.405281:WARNING:sandbox/policy/linux/sandbox_linux.cc:405] InitializeSandbox() called with multiple threads in process gpu-process.
            [26460:26460:1125/054131.913274:INFO:CONSOLE(1)] "Uncaught ReferenceError: x is not defined", source: file:///tmp/t.html (1)
            """
        let problems = Chromium.pageProblems(log)
        #expect(problems.count == 2)
        #expect(problems.first?.contains("Loading the image 'http://127.0.0.1:9/x.png' violates") == true)
        #expect(problems.last?.contains("Uncaught ReferenceError") == true)
    }

    @Test func writingFailsClearlyAndOpenSaysHow() throws {
        let scratch = try Scratch()
        let database = scratch.path("x.sqlite")
        let missing = scratch.path("no-such-folder/report.html")
        let bad = try Binary.run(["report", "--db", database, "--out", missing], environment: Self.pinned)
        #expect(bad.status == 1 && bad.stdout.isEmpty)
        #expect(bad.stderr == "kubedojo: cannot write \(missing): No such file or directory\n")

        // No xdg-open on $PATH: the file is still written, and the message says how to open it.
        let page = scratch.path("r.html")
        let open = try Binary.run(
            ["report", "--db", database, "--out", page, "--open"],
            environment: Self.pinned.merging(["PATH": scratch.url.path]) { $1 })
        #expect(open.status == 0)
        #expect(
            open.stdout
                == "Wrote the progress report to \(page)\nNo xdg-open on this system: open file://\(page) in a web browser.\n")
        #expect(FileManager.default.fileExists(atPath: page))

        // With one, it is handed the file.
        let opener = scratch.path("bin/xdg-open")
        try FileManager.default.createDirectory(atPath: scratch.path("bin"), withIntermediateDirectories: true)
        try "#!/bin/sh\necho \"$@\" > \(scratch.path("opened"))\n".write(toFile: opener, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: opener)
        let opened = try Binary.run(
            ["report", "--db", database, "--out", page, "--open"],
            environment: Self.pinned.merging(["PATH": scratch.path("bin")]) { $1 })
        #expect(opened.stdout == "Wrote the progress report to \(page)\nOpened it with xdg-open.\n")
        #expect(try String(contentsOfFile: scratch.path("opened"), encoding: .utf8) == page + "\n")

        let help = try Binary.run(["report", "--help"])
        #expect(help.stdout.contains("--out <file>") && help.stdout.contains("--open"))
        #expect(try Binary.run(["--help"]).stdout.contains("\n  report "))
    }
}
