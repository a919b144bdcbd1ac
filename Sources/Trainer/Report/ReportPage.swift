import Foundation

/// `kubedojo report`'s page: one self-contained HTML file with inline CSS and SVG and no script; the
/// Content-Security-Policy blocks anything else, so a stray reference would show as a logged violation.
enum ReportPage {
    static let policy = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"

    static func render(_ model: ReportModel) -> String {
        let stats = model.stats
        var html = head(title: "kubedojo progress report — \(stats.date)")
        html += "<header>\n<h1>kubedojo progress report</h1>\n"
        html += "<p class=\"meta\">\(HTML.escape(stats.date)) · desired retention \(HTML.percent(stats.retention))</p>\n"
        guard !model.isEmpty else { return html + "</header>\n" + gettingStarted + foot }
        html += summary(model) + "</header>\n<main>\n"
        html += ReportCharts.scoreHistory(model)
        html += ReportCharts.retention(model)
        html += ReportCharts.dueLoad(model)
        html += ReportCharts.exams(model)
        html += ReportCharts.heatmap(model)
        html += ReportCharts.weakest(model)
        html += ReportCharts.coverage(model)
        return html + "</main>\n" + foot
    }

    static func summary(_ model: ReportModel) -> String {
        let stats = model.stats
        let dueToday = model.dueDays.first?.count ?? 0
        let best = model.exams.map(\.permille).max()
        let figures: [(String, String)] = [
            ("Attempts", String(stats.attempts)),
            ("Days practised", String(stats.daysPractised)),
            ("Streak", App.count(stats.streakDays, "day")),
            ("Drills tried", "\(stats.topics.map(\.practised).reduce(0, +)) of \(stats.topics.map(\.drills).reduce(0, +))"),
            ("Due today", String(dueToday)),
            ("Best exam", best.map(ReportCharts.permille) ?? "none yet"),
        ]
        var html = "<dl class=\"summary\">\n"
        for (name, value) in figures {
            html += "<div><dt>\(HTML.escape(name))</dt><dd>\(HTML.escape(value))</dd></div>\n"
        }
        return html + "</dl>\n"
    }

    static let gettingStarted = """
        <main>
        <section class="panel" id="start">
        <h2>Nothing to chart yet</h2>
        <p>This progress database holds no practice, review or exam, so there is nothing to draw. \
        Start in a terminal, then run <code>kubedojo report</code> again:</p>
        <ol>
        <li><code>kubedojo list</code> shows every drill with its topic, level and target time.</li>
        <li><code>kubedojo drill find-etcd-leader</code> practises one drill on a simulated cluster; \
        type <code>:check</code> to score it and <code>:help</code> for the trainer's commands.</li>
        <li><code>kubedojo review</code> works through what is due, and brings in new drills each day.</li>
        <li><code>kubedojo exam</code> takes a timed mock exam graded against the 66 % pass mark.</li>
        </ol>
        <p>Scores per topic, retention, the due load, exams, practice days, weakest drills and \
        study-guide coverage appear here once you have practised.</p>
        </section>
        </main>

        """

    static let foot =
        "<footer><p>Written by <code>kubedojo report</code>. No scripts, no network: this file is all there is.</p></footer>\n</body>\n</html>\n"

    static func head(title: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta http-equiv="Content-Security-Policy" content="\(policy)">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="color-scheme" content="light dark">
        <title>\(HTML.escape(title))</title>
        <style>
        \(style)</style>
        </head>
        <body>

        """
    }

    static let style = """
        :root { --bg: #fbfbfa; --panel: #ffffff; --fg: #1d2330; --muted: #5b6474; --grid: #dde1e7; --line: #7d8796;
          --accent: #2f6fd6; --accent2: #7fa8ea; --accent3: #c3d5f4; --good: #1f8a4c; --bad: #c4372c;
          --l1: #c6e6cf; --l2: #8fcea2; --l3: #4fa96e; --l4: #1f7a45; --c0: #eceef1; --c1: #f6d7a8; --c2: #a9cbf2; --c3: #5a9be6;
          --border: #e2e5ea; --tile-fg: #10151f; }
        @media (prefers-color-scheme: dark) {
          :root { --bg: #13161c; --panel: #1b2029; --fg: #e6e9ef; --muted: #a3abb9; --grid: #2d3440; --line: #8a94a6;
            --accent: #6ea2ff; --accent2: #4a74c0; --accent3: #2c4470; --good: #4cc47f; --bad: #ff7a6e;
            --l1: #1d4a2e; --l2: #2b7045; --l3: #3f9d60; --l4: #64d08a; --c0: #262c36; --c1: #6b5426; --c2: #2f5687; --c3: #4f8de0;
            --border: #2a303b; --tile-fg: #f2f4f8; }
        }
        * { box-sizing: border-box; }
        body { margin: 0 auto; max-width: 1140px; padding: 24px; background: var(--bg); color: var(--fg);
          font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; }
        h1 { margin: 0 0 4px; font-size: 26px; }
        h2 { margin: 0 0 4px; font-size: 19px; }
        .meta, .intro, .note, .legend, small, figcaption { color: var(--muted); }
        .summary { display: grid; grid-template-columns: repeat(auto-fit, minmax(150px, 1fr)); gap: 10px; margin: 16px 0; }
        .summary div { background: var(--panel); border: 1px solid var(--border); border-radius: 8px; padding: 8px 12px; }
        .summary dt { color: var(--muted); font-size: 13px; }
        .summary dd { margin: 0; font-size: 20px; font-weight: 600; }
        .panel { background: var(--panel); border: 1px solid var(--border); border-radius: 10px; padding: 16px 20px; margin: 16px 0; }
        .multiples { display: grid; grid-template-columns: repeat(auto-fill, minmax(340px, 1fr)); gap: 12px; }
        figure { margin: 0; }
        figcaption { font-weight: 600; }
        svg.chart { display: block; max-width: 100%; height: auto; overflow: visible; }
        svg text { fill: var(--fg); font-size: 12px; }
        svg text.axis { fill: var(--muted); font-size: 11px; }
        svg text.strong { font-weight: 700; }
        svg a text.link { fill: var(--accent); text-decoration: underline; }
        .grid { stroke: var(--grid); stroke-width: 1; }
        .target { stroke: var(--bad); stroke-width: 1.5; stroke-dasharray: 6 4; }
        .series { fill: none; stroke: var(--line); stroke-width: 1.5; }
        circle.pt { fill: var(--accent); stroke: var(--panel); stroke-width: 1.5; }
        circle.pt.exam { fill: var(--panel); stroke: var(--accent); stroke-width: 2; }
        circle.pt.pass { fill: var(--good); }
        circle.pt.fail { fill: var(--bad); }
        rect.pt { fill: var(--accent); }
        rect.h1, .key.h1 { fill: var(--accent2); background: var(--accent2); }
        rect.h2, .key.h2 { fill: var(--accent3); background: var(--accent3); }
        .key.h0 { background: var(--accent); }
        rect.day { rx: 2px; }
        .day.l0 { fill: var(--c0); background: var(--c0); } .day.l1 { fill: var(--l1); background: var(--l1); }
        .day.l2 { fill: var(--l2); background: var(--l2); } .day.l3 { fill: var(--l3); background: var(--l3); }
        .day.l4 { fill: var(--l4); background: var(--l4); }
        rect.tile { rx: 6px; stroke: var(--border); }
        .tile.c0 { fill: var(--c0); background: var(--c0); } .tile.c1 { fill: var(--c1); background: var(--c1); }
        .tile.c2 { fill: var(--c2); background: var(--c2); } .tile.c3 { fill: var(--c3); background: var(--c3); }
        svg text.tile-label { fill: var(--tile-fg); }
        .key { display: inline-block; width: 12px; height: 12px; border-radius: 2px; margin: 0 4px 0 10px; vertical-align: -1px; }
        details.data { margin-top: 8px; font-size: 13px; }
        details.data summary { cursor: pointer; color: var(--muted); }
        table { border-collapse: collapse; margin-top: 6px; }
        td:nth-child(n+2) { white-space: nowrap; }
        th, td { text-align: left; padding: 3px 12px 3px 0; border-bottom: 1px solid var(--border); vertical-align: top; }
        table.drills { width: 100%; }
        code { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 13px; background: var(--bg);
          padding: 1px 5px; border-radius: 4px; }
        a { color: var(--accent); }
        tr:target { outline: 2px solid var(--accent); }
        footer { color: var(--muted); font-size: 13px; margin-top: 24px; }
        @media print {
          :root { --bg: #ffffff; --panel: #ffffff; --fg: #000000; --muted: #333333; }
          body { max-width: none; padding: 0; font-size: 11pt; }
          .panel { border: none; padding: 0; margin: 12pt 0; break-inside: avoid; page-break-inside: avoid; }
          .summary div { border: 1px solid #999999; }
          figure, svg.chart, table { break-inside: avoid; page-break-inside: avoid; }
          details.data { display: none; }
          code { background: none; padding: 0; }
        }

        """
}
