/// ASCII tables in the style of olekukonko/tablewriter as etcdctl configures it: centred
/// upper-case headers, right-aligned cells, `+---+` borders, one space of padding, and cells
/// wider than 30 characters wrapped at spaces onto several lines.
enum TableWriter {
    /// tablewriter's default wrap width.
    static let wrapWidth = 30

    static func render(header: [String], rows: [[String]]) -> String {
        let header = header.map { $0.uppercased() }
        var widths = header.map(\.count)
        let wrapped: [[[String]]] = rows.map { row in
            row.map { cell in cell.count > wrapWidth ? wrap(cell) : [cell] }
        }
        for row in wrapped {
            for (column, lines) in row.enumerated() where column < widths.count {
                let widest = lines.map(\.count).max() ?? 0
                widths[column] = max(widths[column], lines.count > 1 ? max(widest, wrapWidth) : widest)
            }
        }
        let border = "+" + widths.map { String(repeating: "-", count: $0 + 2) }.joined(separator: "+") + "+\n"
        var text = border
        text +=
            "|"
            + zip(header, widths).map { cell, width in
                let gap = width - cell.count
                let left = gap / 2
                return " " + String(repeating: " ", count: left) + cell + String(repeating: " ", count: gap - left) + " "
            }.joined(separator: "|") + "|\n"
        text += border
        for row in wrapped {
            let height = row.map(\.count).max() ?? 1
            for line in 0..<height {
                text +=
                    "|"
                    + zip(row, widths).map { lines, width in
                        let cell = line < lines.count ? lines[line] : ""
                        return " " + String(repeating: " ", count: max(0, width - cell.count)) + cell + " "
                    }.joined(separator: "|") + "|\n"
            }
        }
        text += border
        return text
    }

    /// Greedy word wrap on single spaces (empty words kept, as Go's strings.Split leaves them).
    static func wrap(_ text: String) -> [String] {
        var lines: [String] = []
        var current: String?
        for word in text.split(separator: " ", omittingEmptySubsequences: false).map(String.init) {
            if let line = current, line.count + 1 + word.count <= wrapWidth {
                current = line + " " + word
            } else {
                if let line = current { lines.append(line) }
                current = word
            }
        }
        if let current { lines.append(current) }
        return lines
    }
}
