import Catalog
import Foundation
import Testing

@testable import Progress
@testable import Trainer

@Suite struct ReportTests {
    static let day: Int64 = 86_400_000
    /// 2025-07-22 08:00 UTC, a Tuesday.
    static let now: Int64 = 1_753_171_200_000
    static let clock = TrainerClock(fixed: now, timeZone: TimeZone(identifier: "UTC") ?? .current)

    /// Occurrences of `needle` in `text`.
    func count(_ needle: String, in text: String) -> Int { text.components(separatedBy: needle).count - 1 }

    /// The markup of the `<svg>` with this id, up to its end.
    func chart(_ id: String, in html: String) -> String? {
        guard let start = html.range(of: "<svg id=\"\(id)\"") else { return nil }
        guard let end = html.range(of: "</svg>", range: start.upperBound..<html.endIndex) else { return nil }
        return String(html[start.lowerBound..<end.upperBound])
    }

    func attempt(_ store: Store, _ scenario: String, daysAgo: Int64, percent: Int?) throws {
        let at = Self.now - daysAgo * Self.day
        let id = try store.startAttempt(scenario: scenario, seed: 1, mode: "practice", at: at)
        if let percent {
            try store.recordCheck(attempt: id, round: 1, results: [], score: percent, maxScore: 100, percent: percent)
        }
        try store.finishAttempt(id, at: at + 60_000)
    }

    func review(_ store: Store, _ id: String, _ rating: Rating, daysAgo: Int64) throws {
        _ = try store.recordReview(
            cardID: "scenario:\(id)", kind: .scenario, attempt: nil, rating: rating, suggested: nil,
            at: Instant(millisecondsSinceEpoch: Self.now - daysAgo * Self.day), percent: nil, elapsedMilliseconds: nil,
            scheduler: try CardKind.scenario.scheduler(fuzz: false))
    }

    @Test func primitivesWriteExactElements() {
        #expect(HTML.escape("<b title=\"x\">Tom & Jerry's</b>") == "&lt;b title=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/b&gt;")
        #expect(HTML.inline("run `kubedojo <x>` & go") == "run <code>kubedojo &lt;x&gt;</code> &amp; go")
        #expect(HTML.inline("one ` alone") == "one ` alone", "an unpaired backtick stays as it is")
        #expect(HTML.slug("Load Balancing/2") == "load-balancing-2")
        #expect(
            SVG.rect(x: 1.25, y: 2, width: 10, height: -3, classes: "pt", tip: "a < b", value: "7")
                == "<rect class=\"pt\" x=\"1.3\" y=\"2\" width=\"10\" height=\"0\" data-value=\"7\"><title>a &lt; b</title></rect>\n"
        )
        #expect(
            SVG.circle(x: 3, y: 4.04, radius: 5, classes: "pt pass", tip: "Exam 1", value: "71.5")
                == "<circle class=\"pt pass\" cx=\"3\" cy=\"4\" r=\"5\" data-value=\"71.5\"><title>Exam 1</title></circle>\n")
        #expect(
            SVG.chart(id: "c", title: "T & U", desc: "1 < 2", width: 10, height: 20, body: "")
                == "<svg id=\"c\" class=\"chart\" role=\"img\" viewBox=\"0 0 10 20\" width=\"10\" height=\"20\" "
                + "aria-labelledby=\"c-title c-desc\">\n<title id=\"c-title\">T &amp; U</title>\n"
                + "<desc id=\"c-desc\">1 &lt; 2</desc>\n</svg>\n")
        #expect(SVG.polyline([(1, 2)], classes: "series") == "", "one point is not a line")
        #expect(SVG.clip("abcdef", 4) == "abc…" && SVG.clip("abc", 4) == "abc")
        #expect(ReportCharts.permille(657) == "65.7 %" && ReportCharts.permille(1000) == "100.0 %")
    }

    @Test func anEmptyDatabaseExplainsHowToStart() throws {
        let model = try ReportModel.make(catalog: try bundledCatalog(), store: try Store(), clock: Self.clock)
        #expect(model.isEmpty)
        let html = ReportPage.render(model)
        #expect(!html.contains("<svg"), "no empty charts")
        #expect(html.contains("<h2>Nothing to chart yet</h2>"))
        for command in ["kubedojo list", "kubedojo drill find-etcd-leader", "kubedojo review", "kubedojo exam"] {
            #expect(html.contains("<code>\(command)</code>"), "\(command)")
        }
        #expect(html.hasSuffix("</html>\n"))
    }

    @Test func chartsCountTheStoredData() throws {
        let catalog = try bundledCatalog()
        let store = try Store()
        try attempt(store, "find-etcd-leader", daysAgo: 9, percent: 40)
        try attempt(store, "find-etcd-leader", daysAgo: 3, percent: 100)
        try attempt(store, "quorum-two-down", daysAgo: 2, percent: nil)
        try attempt(store, "quorum-two-down", daysAgo: 1, percent: 67)
        try review(store, "find-etcd-leader", .again, daysAgo: 3)  // overdue: counted today
        try review(store, "quorum-two-down", .good, daysAgo: 1)  // due tomorrow
        let model = try ReportModel.make(catalog: catalog, store: store, clock: Self.clock)
        let html = ReportPage.render(model)

        let scores = try #require(chart("scores-etcd", in: html))
        #expect(count("<circle class=\"pt", in: scores) == 3, "three graded attempts")
        #expect(
            scores.contains(
                "<desc id=\"scores-etcd-desc\">3 graded attempts from 2025-07-13 to 2025-07-21: "
                    + "first 40 %, last 67 %, best 100 %, mean 69 %.</desc>"))
        #expect(model.topicScores.map(\.topic) == ["etcd"], "only topics with a score get a chart")

        let retention = try #require(chart("retention-chart", in: html))
        #expect(count("class=\"pt h", in: retention) == 3, "now, 7 and 30 days for the one rated topic")
        let forecast = try #require(model.retention.first?.forecast)
        #expect(forecast.count == 3 && forecast[0] > forecast[1] && forecast[1] > forecast[2])

        let due = try #require(chart("due-chart", in: html))
        #expect(count("<rect class=\"pt\"", in: due) == 30)
        #expect(model.dueDays.prefix(3).map(\.count) == [1, 1, 0])

        let heatmap = try #require(chart("heatmap-chart", in: html))
        #expect(count("class=\"day pt", in: heatmap) == 4, "four days with attempts")
        #expect(count("<rect class=\"day", in: heatmap) == 25 * 7 + 2, "26 weeks from a Monday to this Tuesday")

        let weakest = try #require(chart("weakest-chart", in: html))
        #expect(count("<rect class=\"pt\"", in: weakest) == 2)
        #expect(
            html.contains(
                "<td><a class=\"command\" href=\"#drill-find-etcd-leader\"><code>kubedojo drill find-etcd-leader</code></a></td>")
        )
        #expect(html.contains("<tr id=\"drill-find-etcd-leader\">"))

        let coverage = try #require(chart("coverage-chart", in: html))
        #expect(count("class=\"pt tile", in: coverage) == (catalog.guide?.sections.count ?? -1))

        #expect(chart("exam-chart", in: html) == nil, "no exam yet: no empty chart")
        #expect(html.contains("<p class=\"intro\">No mock exam taken yet. <code>kubedojo exam</code> starts a timed one"))
    }

    @Test func thePageIsSelfContainedAndAccessible() throws {
        let catalog = try bundledCatalog()
        let store = try Store()
        try attempt(store, "find-etcd-leader", daysAgo: 1, percent: 50)
        try review(store, "find-etcd-leader", .hard, daysAgo: 1)
        let html = ReportPage.render(try ReportModel.make(catalog: catalog, store: store, clock: Self.clock))
        #expect(
            html.contains(
                "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">"
            ))
        #expect(!html.contains("<script") && !html.contains("http://") && !html.contains("https://") && !html.contains("url("))
        #expect(html.contains("@media (prefers-color-scheme: dark)") && html.contains("@media print"))
        let svgs = count("<svg ", in: html)
        #expect(svgs == 6, "scores, retention, due, heatmap, weakest, coverage")
        #expect(count("role=\"img\"", in: html) == svgs)
        #expect(count("<title id=", in: html) == svgs && count("<desc id=", in: html) == svgs)
        #expect(count("<details class=\"data\">", in: html) == 5, "every chart but the weakest list, which is a table already")
    }

    @Test func instructorsTextIsEscaped() throws {
        let store = try Store()
        try attempt(store, "find-etcd-leader", daysAgo: 1, percent: 50)
        try review(store, "find-etcd-leader", .again, daysAgo: 1)
        var model = try ReportModel.make(catalog: try bundledCatalog(), store: store, clock: Self.clock)
        try #require(model.weakest.count == 1)
        model.weakest[0].title = "<img src=x onerror=\"alert(1)\"> & 'etcd'"
        model.coverage[0].title = "</svg><script>bad()</script>"
        let html = ReportPage.render(model)
        #expect(html.contains("<td>&lt;img src=x onerror=&quot;alert(1)&quot;&gt; &amp; &#39;etcd&#39;<br>"))
        #expect(html.contains("&lt;/svg&gt;&lt;script&gt;bad()&lt;/script&gt;"))
        #expect(!html.contains("<img") && !html.contains("<script"))
    }

    @Test func anUnwritablePathIsAClearError() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kubedojo-report-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let missing = folder.path + "/no-such-folder/report.html"
        func failure(_ path: String) -> String? {
            do {
                try App.writeAtomically("x", to: path)
                return nil
            } catch {
                return error.description
            }
        }
        #expect(failure(missing) == "kubedojo: cannot write \(missing): No such file or directory")
        #expect(failure(folder.path) == "kubedojo: cannot write \(folder.path): it is a directory")
        #expect(App.absolutePath("r.html") == FileManager.default.currentDirectoryPath + "/r.html")
        #expect(App.absolutePath("/srv/r.html") == "/srv/r.html" && App.defaultReportFile == "kubedojo-report.html")
        let file = folder.path + "/report.html"
        try App.writeAtomically("first", to: file)
        try App.writeAtomically("second", to: file)
        #expect(try String(contentsOfFile: file, encoding: .utf8) == "second")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["report.html"], "no temporary file left")
    }
}
