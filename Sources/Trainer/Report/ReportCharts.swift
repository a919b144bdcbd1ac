import Foundation

/// The report's progress charts, each a `<section>` holding a titled SVG and its data table.
/// Every data point carries `class="pt"` and every chart a stable `id`.
enum ReportCharts {
    /// The width of the full-width charts, in the page's pixels (they shrink on narrower screens).
    static let wide = 1040.0

    static func section(id: String, heading: String, intro: String, content: String) -> String {
        "<section class=\"panel\" id=\"\(id)\">\n<h2>\(HTML.escape(heading))</h2>\n<p class=\"intro\">\(HTML.inline(intro))</p>\n"
            + content + "</section>\n"
    }

    /// One small chart per practised topic: every graded attempt's score over time.
    static func scoreHistory(_ model: ReportModel) -> String {
        guard !model.topicScores.isEmpty else {
            return section(
                id: "scores", heading: "Score history per topic",
                intro: "No attempt has been checked yet: type :check in a drill to get a score.", content: "")
        }
        let start = model.topicScores.compactMap { $0.scores.first?.time }.min() ?? model.stats.generatedAt
        let end = max(model.stats.generatedAt, start + 1)
        // Every small chart spans the same time, from the first score anywhere to today.
        let firstDate = model.topicScores.compactMap(\.scores.first).min { $0.time < $1.time }?.date ?? model.stats.date
        let (width, height, left, right, top, bottom) = (340.0, 150.0, 44.0, 330.0, 12.0, 128.0)
        var content = "<div class=\"multiples\">\n"
        for topic in model.topicScores {
            let points = topic.scores.map { score in
                (
                    left + (right - left) * Double(score.time - start) / Double(end - start),
                    bottom - (bottom - top) * Double(min(100, max(0, score.percent))) / 100
                )
            }
            var body = SVG.percentAxis(left: left, right: right, top: top, bottom: bottom)
            body += SVG.text(firstDate, x: left, y: height - 4, classes: "axis")
            body += SVG.text(model.stats.date, x: right, y: height - 4, anchor: .end, classes: "axis")
            body += SVG.polyline(points, classes: "series")
            for (score, point) in zip(topic.scores, points) {
                body += SVG.circle(
                    x: point.0, y: point.1, radius: 4, classes: "pt" + (score.mode == "exam" ? " exam" : ""),
                    tip: "\(score.date) \(score.scenario) (\(score.mode)): \(score.percent) %", value: String(score.percent))
            }
            let percents = topic.scores.map(\.percent)
            let mean = Double(percents.reduce(0, +)) / Double(max(1, percents.count))
            let desc =
                "\(App.count(percents.count, "graded attempt")) from \(topic.scores.first?.date ?? "") to "
                + "\(topic.scores.last?.date ?? ""): first \(percents.first ?? 0) %, last \(percents.last ?? 0) %, "
                + "best \(percents.max() ?? 0) %, mean \(Int(mean.rounded())) %."
            content += "<figure>\n<figcaption>\(HTML.escape(topic.topic))</figcaption>\n"
            content += SVG.chart(
                id: "scores-\(HTML.slug(topic.topic))", title: "Scores in \(topic.topic)", desc: desc, width: width,
                height: height, body: body)
            content += HTML.dataTable(
                caption: "Scores in \(topic.topic)", headers: ["Date", "Drill", "Mode", "Score"],
                rows: topic.scores.map { [$0.date, $0.scenario, $0.mode, "\($0.percent) %"] })
            content += "</figure>\n"
        }
        let untried = model.stats.topics.filter { topic in !model.topicScores.contains { $0.topic == topic.topic } }
        if !untried.isEmpty {
            content += "<p class=\"note\">No score yet in: \(HTML.escape(untried.map(\.topic).joined(separator: ", "))).</p>\n"
        }
        return section(
            id: "scores", heading: "Score history per topic",
            intro: "Each dot is one checked attempt (hollow dots are exam tasks); the line joins them in time order.",
            content: content + "</div>\n")
    }

    /// Per topic, the mean chance of recalling its rated drills now, in 7 and in 30 days without review.
    static func retention(_ model: ReportModel) -> String {
        let heading = "Retention per topic, now and forecast"
        guard !model.retention.isEmpty else {
            return section(
                id: "retention", heading: heading,
                intro: "No drill has been rated yet; a drill is rated when you :check it in a review.", content: "")
        }
        let labels = ["now", "in 7 days", "in 30 days"]
        let (left, right, rowHeight, top) = (150.0, wide - 30, 42.0, 26.0)
        let height = top + rowHeight * Double(model.retention.count) + 24
        var body = ""
        for step in 0...4 {
            let x = left + (right - left) * Double(step) / 4
            body += SVG.line(x1: x, y1: top - 6, x2: x, y2: height - 22, classes: "grid")
            body += SVG.text("\(step * 25) %", x: x, y: height - 6, anchor: .middle, classes: "axis")
        }
        let target = left + (right - left) * model.stats.retention
        for (row, topic) in model.retention.enumerated() {
            let y = top + rowHeight * Double(row)
            body += SVG.text(SVG.clip(topic.topic, 20), x: left - 8, y: y + 20, anchor: .end)
            for (index, value) in topic.forecast.enumerated() {
                body += SVG.rect(
                    x: left, y: y + Double(index) * 11, width: (right - left) * value, height: 10, classes: "pt h\(index)",
                    tip: "\(topic.topic) \(labels[index]): \(HTML.percent(value))", value: SVG.number(value * 100))
            }
        }
        body += SVG.line(x1: target, y1: top - 6, x2: target, y2: height - 22, classes: "target")
        body += SVG.text(
            "desired \(HTML.percent(model.stats.retention))", x: target, y: top - 10, anchor: .middle, classes: "axis")
        let desc =
            model.retention.map { topic in
                "\(topic.topic): " + zip(labels, topic.forecast).map { "\($0) \(HTML.percent($1))" }.joined(separator: ", ")
            }.joined(separator: "; ") + "."
        let legend =
            "<p class=\"legend\"><span class=\"key h0\"></span>now <span class=\"key h1\"></span>in 7 days "
            + "<span class=\"key h2\"></span>in 30 days — the line is your desired retention</p>\n"
        let chart = SVG.chart(
            id: "retention-chart", title: heading, desc: desc, width: wide, height: height, body: body)
        let table = HTML.dataTable(
            caption: "Retention per topic", headers: ["Topic", "Rated drills", "Now", "In 7 days", "In 30 days"],
            rows: model.retention.map { [$0.topic, String($0.drills)] + $0.forecast.map(HTML.percent) })
        return section(
            id: "retention", heading: heading,
            intro: "Mean probability of recalling a topic's rated drills (FSRS), if you do not review them again.",
            content: legend + chart + table)
    }

    /// How many drills fall due on each of the next 30 days.
    static func dueLoad(_ model: ReportModel) -> String {
        let heading = "Due load, next \(ReportModel.dueWindowDays) days"
        let largest = max(1, model.dueDays.map(\.count).max() ?? 0)
        let (left, right, top, bottom) = (40.0, wide - 10, 12.0, 150.0)
        let slot = (right - left) / Double(max(1, model.dueDays.count))
        var body = ""
        for step in 0...2 {
            let value = Int((Double(largest) * Double(step) / 2).rounded())
            let y = bottom - (bottom - top) * Double(value) / Double(largest)
            body += SVG.line(x1: left, y1: y, x2: right, y2: y, classes: "grid")
            body += SVG.text(String(value), x: left - 6, y: y + 4, anchor: .end, classes: "axis")
        }
        for day in model.dueDays {
            let x = left + slot * Double(day.offset)
            let barHeight = (bottom - top) * Double(day.count) / Double(largest)
            let when = day.offset == 0 ? "today (with overdue)" : day.date
            body += SVG.rect(
                x: x + 2, y: bottom - barHeight, width: slot - 4, height: barHeight, classes: "pt",
                tip: "\(when): \(App.count(day.count, "drill")) due", value: String(day.count))
            if day.offset % 7 == 0 {
                body += SVG.text(day.offset == 0 ? "today" : day.date, x: x + 2, y: bottom + 16, classes: "axis")
            }
        }
        let total = model.dueDays.map(\.count).reduce(0, +)
        let busiest = model.dueDays.max { ($0.count, $1.offset) < ($1.count, $0.offset) }
        var desc = "\(App.count(total, "drill")) due in the next \(ReportModel.dueWindowDays) days; "
        desc += "\(model.dueDays.first?.count ?? 0) today, including overdue ones"
        if let busiest, busiest.count > 0 { desc += "; busiest day \(busiest.date) with \(busiest.count)" }
        let chart = SVG.chart(id: "due-chart", title: heading, desc: desc + ".", width: wide, height: 172, body: body)
        let table = HTML.dataTable(
            caption: "Drills due per day", headers: ["Date", "Due"],
            rows: model.dueDays.filter { $0.count > 0 }.map { [$0.date, String($0.count)] })
        return section(
            id: "due", heading: heading,
            intro: "Drills whose next review falls on each day; today's bar includes everything overdue.",
            content: chart + table)
    }

    /// Every finished mock exam's score against the 66 % pass mark.
    static func exams(_ model: ReportModel) -> String {
        let heading = "Mock exams against the 66 % pass mark"
        guard !model.exams.isEmpty else {
            return section(
                id: "exams", heading: heading,
                intro:
                    "No mock exam taken yet. `kubedojo exam` starts a timed one (120 minutes, 17 tasks); its score lands here.",
                content: "")
        }
        let (left, right, top, bottom) = (44.0, wide - 30, 14.0, 170.0)
        let step = (right - left) / Double(max(1, model.exams.count))
        var body = SVG.percentAxis(left: left, right: right, top: top, bottom: bottom)
        let pass = bottom - (bottom - top) * Double(ReportModel.passPermille) / 1000
        body += SVG.line(x1: left, y1: pass, x2: right, y2: pass, classes: "target")
        body += SVG.text("pass 66 %", x: right, y: pass - 4, anchor: .end, classes: "axis")
        let points = model.exams.enumerated().map { index, exam in
            (left + step * (Double(index) + 0.5), bottom - (bottom - top) * Double(exam.permille) / 1000)
        }
        body += SVG.polyline(points, classes: "series")
        for (exam, point) in zip(model.exams, points) {
            let score = Self.permille(exam.permille)
            body += SVG.circle(
                x: point.0, y: point.1, radius: 5, classes: "pt " + (exam.passed ? "pass" : "fail"),
                tip: "Exam \(exam.id), \(exam.date): \(score) \(exam.passed ? "PASS" : "FAIL")",
                value: SVG.number(Double(exam.permille) / 10))
            body += SVG.text("#\(exam.id)", x: point.0, y: bottom + 16, anchor: .middle, classes: "axis")
        }
        let passed = model.exams.filter(\.passed).count
        let desc =
            "\(App.count(model.exams.count, "exam")), \(passed) passed: "
            + model.exams.map { "#\($0.id) \($0.date) \(Self.permille($0.permille)) \($0.passed ? "pass" : "fail")" }
            .joined(separator: ", ") + "."
        let chart = SVG.chart(id: "exam-chart", title: heading, desc: desc, width: wide, height: 192, body: body)
        let table = HTML.dataTable(
            caption: "Mock exams", headers: ["Exam", "Date", "Blueprint", "Score", "Result"],
            rows: model.exams.map {
                ["#\($0.id)", $0.date, $0.blueprint, Self.permille($0.permille), $0.passed ? "PASS" : "FAIL"]
            })
        return section(
            id: "exams", heading: heading, intro: "Each dot is a submitted exam; above the dashed line is a pass.",
            content: chart + table)
    }

    static func permille(_ value: Int) -> String { "\(value / 10).\(value % 10) %" }
}
