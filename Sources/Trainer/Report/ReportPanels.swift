import Foundation

/// The practice heatmap, the weakest drills and the guide coverage map.
extension ReportCharts {
    /// A calendar of the last 26 weeks, one column per week (Monday at the top); practised days are shaded
    /// by how many attempts they hold and carry `pt`.
    static func heatmap(_ model: ReportModel) -> String {
        let heading = "Practice days, last \(ReportModel.heatmapWeeks) weeks"
        let (cell, left, top) = (22.0, 34.0, 20.0)
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        let weeks = (model.days.count + 6) / 7
        var body = ""
        for (row, name) in ["Mon", "Wed", "Fri"].enumerated() {
            body += SVG.text(name, x: left - 6, y: top + cell * Double(row * 2) + 14, anchor: .end, classes: "axis")
        }
        for (index, day) in model.days.enumerated() {
            let column = index / 7
            let level = day.attempts == 0 ? 0 : min(4, day.attempts)
            // The month's short name above its first Monday (dates are YYYY-MM-DD).
            let month = String(day.date.dropFirst(5).prefix(2))
            if day.weekday == 0, let date = Int(day.date.suffix(2)), date <= 7 {
                let name = Int(month).flatMap { months.indices.contains($0 - 1) ? months[$0 - 1] : nil } ?? month
                body += SVG.text(name, x: left + cell * Double(column), y: top - 6, classes: "axis")
            }
            body += SVG.rect(
                x: left + cell * Double(column), y: top + cell * Double(day.weekday), width: cell - 2, height: cell - 2,
                classes: day.attempts == 0 ? "day l0" : "day pt l\(level)",
                tip: "\(day.date): \(App.count(day.attempts, "attempt"))", value: String(day.attempts))
        }
        let practised = model.days.filter { $0.attempts > 0 }
        let stats = model.stats
        var desc = "Practised on \(practised.count) of the last \(App.count(model.days.count, "day"))"
        desc += " (\(App.count(practised.map(\.attempts).reduce(0, +), "attempt"))); current streak "
        desc += "\(App.count(stats.streakDays, "day")), longest \(App.count(stats.longestStreakDays, "day"))."
        let chart = SVG.chart(
            id: "heatmap-chart", title: heading, desc: desc, width: left + cell * Double(weeks) + 8, height: top + cell * 7 + 4,
            body: body)
        let legend =
            "<p class=\"legend\">Attempts per day: <span class=\"key day l0\"></span>0 <span class=\"key day l1\"></span>1 "
            + "<span class=\"key day l2\"></span>2 <span class=\"key day l3\"></span>3 <span class=\"key day l4\"></span>4 or more</p>\n"
        let table = HTML.dataTable(
            caption: "Days practised", headers: ["Date", "Attempts"],
            rows: practised.map { [$0.date, String($0.attempts)] })
        let intro =
            "Streak: \(App.count(stats.streakDays, "day"))\(stats.practisedToday || stats.streakDays == 0 ? "" : " (practise today to keep it)"), "
            + "longest \(App.count(stats.longestStreakDays, "day")), \(App.count(stats.daysPractised, "day")) practised in all."
        return section(id: "practice", heading: heading, intro: intro, content: legend + chart + table)
    }

    /// The practised drills least likely to be recalled, each linked to the command that practises it.
    static func weakest(_ model: ReportModel) -> String {
        let heading = "Weakest drills"
        guard !model.weakest.isEmpty else {
            return section(
                id: "weakest", heading: heading, intro: "No drill has been rated yet, so none is weakest.", content: "")
        }
        let (left, right, rowHeight, top) = (220.0, wide - 60, 26.0, 8.0)
        let height = top + rowHeight * Double(model.weakest.count) + 8
        var body = ""
        for (row, drill) in model.weakest.enumerated() {
            let y = top + rowHeight * Double(row)
            body += "<a href=\"#drill-\(HTML.slug(drill.id))\">\n"
            body += SVG.text(SVG.clip(drill.id, 30), x: left - 8, y: y + 14, anchor: .end, classes: "label link")
            body += SVG.rect(
                x: left, y: y, width: (right - left) * drill.recall, height: 18, classes: "pt",
                tip: "\(drill.id): \(HTML.percent(drill.recall)) recall", value: SVG.number(drill.recall * 100))
            body += SVG.text(HTML.percent(drill.recall), x: left + (right - left) * drill.recall + 6, y: y + 14, classes: "axis")
            body += "</a>\n"
        }
        let desc =
            "Chance of recall now: "
            + model.weakest.map { "\($0.id) \(HTML.percent($0.recall))" }.joined(separator: ", ") + "."
        let chart = SVG.chart(id: "weakest-chart", title: heading, desc: desc, width: wide, height: height, body: body)
        var list = "<table class=\"drills\">\n<thead><tr><th scope=\"col\">Drill</th><th scope=\"col\">Recall</th>"
        list += "<th scope=\"col\">Last</th><th scope=\"col\">Lapses</th><th scope=\"col\">Due</th>"
        list += "<th scope=\"col\">Practise it with</th></tr></thead>\n<tbody>\n"
        for drill in model.weakest {
            let command = "kubedojo drill \(drill.id)"
            list += "<tr id=\"drill-\(HTML.slug(drill.id))\"><td>\(HTML.escape(drill.title))<br><small>"
            list += "\(HTML.escape(drill.topic))</small></td><td>\(HTML.percent(drill.recall))</td>"
            list += "<td>\(drill.lastPercent.map { "\($0) %" } ?? "-")</td><td>\(drill.lapses)</td>"
            list += "<td>\(HTML.escape(drill.dueDate ?? "-"))</td>"
            list +=
                "<td><a class=\"command\" href=\"#drill-\(HTML.slug(drill.id))\"><code>\(HTML.escape(command))</code></a></td></tr>\n"
        }
        list += "</tbody>\n</table>\n"
        return section(
            id: "weakest", heading: heading,
            intro: "Least likely to be recalled now; run the command beside each one in a terminal to practise it.",
            content: chart + list)
    }

    /// One tile per section of the study guide, shaded by how many of its drills you have tried.
    static func coverage(_ model: ReportModel) -> String {
        let heading = "Study guide coverage"
        guard !model.coverage.isEmpty else {
            return section(
                id: "coverage", heading: heading,
                intro: "This content has no Content/guide.yaml, so there is no guide outline to map.", content: "")
        }
        let (columns, tileWidth, tileHeight, gap) = (4, (wide - 18) / 4, 64.0, 6.0)
        let rows = (model.coverage.count + columns - 1) / columns
        var body = ""
        for (index, section) in model.coverage.enumerated() {
            let x = Double(index % columns) * (tileWidth + gap)
            let y = Double(index / columns) * (tileHeight + gap)
            let level: String
            switch (section.drills.count, section.practised.count) {
            case (0, _): level = "c0"
            case (_, 0): level = "c1"
            case let (all, some) where some < all: level = "c2"
            default: level = "c3"
            }
            body += SVG.rect(
                x: x, y: y, width: tileWidth, height: tileHeight, classes: "pt tile \(level)",
                tip: "\(section.title): \(section.practised.count) of \(App.count(section.drills.count, "drill")) tried",
                value: "\(section.practised.count)/\(section.drills.count)")
            body += SVG.text("§\(index + 1)", x: x + 8, y: y + 18, classes: "tile-label strong")
            body += SVG.text(SVG.clip(section.title, 36), x: x + 8, y: y + 36, classes: "tile-label")
            let figure = section.drills.isEmpty ? "no drill" : "\(section.practised.count)/\(section.drills.count) tried"
            body += SVG.text(figure, x: x + 8, y: y + 54, classes: "tile-label")
        }
        let tried = model.coverage.filter { !$0.practised.isEmpty }.count
        let offered = model.coverage.filter { !$0.drills.isEmpty }.count
        let desc =
            "You have tried drills in \(tried) of \(model.coverage.count) guide sections (\(offered) have drills): "
            + model.coverage.enumerated().map { "§\($0 + 1) \($1.practised.count)/\($1.drills.count)" }
            .joined(separator: ", ") + "."
        let chart = SVG.chart(
            id: "coverage-chart", title: heading, desc: desc, width: Double(columns) * (tileWidth + gap),
            height: Double(rows) * (tileHeight + gap), body: body)
        let legend =
            "<p class=\"legend\"><span class=\"key tile c3\"></span>all drills tried <span class=\"key tile c2\"></span>some "
            + "<span class=\"key tile c1\"></span>none yet <span class=\"key tile c0\"></span>no drill for it</p>\n"
        let table = HTML.dataTable(
            caption: "Guide sections", headers: ["Section", "Title", "Drills", "Tried"],
            rows: model.coverage.enumerated().map { index, section in
                [
                    "§\(index + 1)", section.title, section.drills.joined(separator: ", "),
                    section.practised.joined(separator: ", "),
                ]
            })
        return section(
            id: "coverage", heading: heading,
            intro:
                "Each tile is a section of the CKA HA study guide and the drills that practise it (`kubedojo list --coverage`).",
            content: legend + chart + table)
    }
}
