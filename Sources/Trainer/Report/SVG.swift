import Foundation

/// Text and markup helpers for the HTML report: pure functions from values to text.
enum HTML {
    /// Escapes text for an HTML element or a quoted attribute.
    static func escape(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.count)
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            default: escaped.append(character)
            }
        }
        return escaped
    }

    /// Escapes `text` and sets what stands between backticks as `<code>`.
    static func inline(_ text: String) -> String {
        let parts = text.split(separator: "`", omittingEmptySubsequences: false)
        guard parts.count % 2 == 1 else { return escape(text) }
        return parts.enumerated().map { index, part in
            index % 2 == 1 ? "<code>\(escape(String(part)))</code>" : escape(String(part))
        }.joined()
    }

    /// A name usable in an `id` attribute: letters, digits and dashes.
    static func slug(_ text: String) -> String {
        let mapped = text.lowercased().unicodeScalars.map { scalar -> Character in
            (scalar.properties.isAlphabetic && scalar.isASCII) || ("0"..."9").contains(scalar) ? Character(scalar) : "-"
        }
        return String(mapped)
    }

    /// A table of the figures behind a chart, folded in a `<details>` so screens show the chart and
    /// screen readers and printouts can still reach the numbers.
    static func dataTable(caption: String, headers: [String], rows: [[String]]) -> String {
        var html = "<details class=\"data\"><summary>\(escape(caption))</summary>\n<table>\n<thead><tr>"
        html += headers.map { "<th scope=\"col\">\(escape($0))</th>" }.joined() + "</tr></thead>\n<tbody>\n"
        for row in rows {
            html += "<tr>" + row.map { "<td>\(escape($0))</td>" }.joined() + "</tr>\n"
        }
        return html + "</tbody>\n</table>\n</details>\n"
    }

    /// "67 %" from a fraction of 1.
    static func percent(_ fraction: Double) -> String {
        guard fraction.isFinite else { return "-" }
        return "\(Int((fraction * 100).rounded())) %"
    }
}

/// SVG elements with the coordinates written compactly (at most one decimal).
enum SVG {
    static func number(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        let tenths = (value * 10).rounded() / 10
        return tenths == tenths.rounded() ? String(Int(tenths)) : String(format: "%.1f", tenths)
    }

    /// The chart's frame: `role="img"`, a `<title>` and a `<desc>` stating the figures.
    static func chart(id: String, title: String, desc: String, width: Double, height: Double, body: String) -> String {
        let w = number(width)
        let h = number(height)
        return "<svg id=\"\(id)\" class=\"chart\" role=\"img\" viewBox=\"0 0 \(w) \(h)\" width=\"\(w)\" height=\"\(h)\" "
            + "aria-labelledby=\"\(id)-title \(id)-desc\">\n"
            + "<title id=\"\(id)-title\">\(HTML.escape(title))</title>\n<desc id=\"\(id)-desc\">\(HTML.escape(desc))</desc>\n"
            + body + "</svg>\n"
    }

    /// A rectangle; `tip` becomes its own `<title>` (the browser's tooltip).
    static func rect(
        x: Double, y: Double, width: Double, height: Double, classes: String, tip: String? = nil, value: String? = nil
    ) -> String {
        var element = "<rect class=\"\(classes)\" x=\"\(number(x))\" y=\"\(number(y))\" width=\"\(number(max(0, width)))\" "
        element += "height=\"\(number(max(0, height)))\""
        if let value { element += " data-value=\"\(HTML.escape(value))\"" }
        guard let tip else { return element + "/>\n" }
        return element + "><title>\(HTML.escape(tip))</title></rect>\n"
    }

    static func circle(x: Double, y: Double, radius: Double, classes: String, tip: String, value: String) -> String {
        "<circle class=\"\(classes)\" cx=\"\(number(x))\" cy=\"\(number(y))\" r=\"\(number(radius))\" "
            + "data-value=\"\(HTML.escape(value))\"><title>\(HTML.escape(tip))</title></circle>\n"
    }

    static func line(x1: Double, y1: Double, x2: Double, y2: Double, classes: String) -> String {
        "<line class=\"\(classes)\" x1=\"\(number(x1))\" y1=\"\(number(y1))\" x2=\"\(number(x2))\" y2=\"\(number(y2))\"/>\n"
    }

    static func polyline(_ points: [(Double, Double)], classes: String) -> String {
        guard points.count > 1 else { return "" }
        let list = points.map { "\(number($0.0)),\(number($0.1))" }.joined(separator: " ")
        return "<polyline class=\"\(classes)\" points=\"\(list)\"/>\n"
    }

    enum Anchor: String {
        case start, middle, end
    }

    static func text(_ content: String, x: Double, y: Double, anchor: Anchor = .start, classes: String = "label") -> String {
        "<text class=\"\(classes)\" x=\"\(number(x))\" y=\"\(number(y))\" text-anchor=\"\(anchor.rawValue)\">"
            + HTML.escape(content) + "</text>\n"
    }

    /// Shortens `text` to `limit` characters, ending with an ellipsis when cut.
    static func clip(_ text: String, _ limit: Int) -> String {
        text.count <= limit ? text : String(text.prefix(max(1, limit - 1))) + "…"
    }

    /// Horizontal grid lines and labels at 0, 25, 50, 75 and 100 % of a plot area.
    static func percentAxis(left: Double, right: Double, top: Double, bottom: Double) -> String {
        var body = ""
        for step in 0...4 {
            let y = bottom - (bottom - top) * Double(step) / 4
            body += line(x1: left, y1: y, x2: right, y2: y, classes: "grid")
            body += text("\(step * 25) %", x: left - 6, y: y + 4, anchor: .end, classes: "axis")
        }
        return body
    }
}
