/// ASCII tables in the style of olekukonko/tablewriter as etcdctl configures it: centred
/// upper-case headers, right-aligned cells, `+---+` borders, one space of padding.
enum TableWriter {
    static func render(header: [String], rows: [[String]]) -> String {
        let header = header.map { $0.uppercased() }
        var widths = header.map(\.count)
        for row in rows {
            for (column, cell) in row.enumerated() where column < widths.count {
                widths[column] = max(widths[column], cell.count)
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
        for row in rows {
            text +=
                "|"
                + zip(row, widths).map { cell, width in
                    " " + String(repeating: " ", count: width - cell.count) + cell + " "
                }.joined(separator: "|") + "|\n"
        }
        text += border
        return text
    }
}
