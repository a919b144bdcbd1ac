/// Splitting text into lines the way the C tools do: on `\n` only (never on `\r\n` as one character).
enum TextLines {
    /// The lines without their terminators, and whether the last one had a newline.
    static func split(_ text: String) -> (lines: [String], terminated: Bool) {
        if text.isEmpty { return ([], true) }
        var lines = text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).map {
            String(Substring($0))
        }
        let terminated = text.unicodeScalars.last == "\n"
        if terminated { lines.removeLast() }
        return (lines, terminated)
    }

    /// The lines with their terminators, so that slices join back to exactly the original bytes.
    static func chunks(_ text: String) -> [Substring] {
        var result: [Substring] = []
        var start = text.startIndex
        for index in text.unicodeScalars.indices where text.unicodeScalars[index] == "\n" {
            // A line feed always ends a grapheme cluster, so the index after it is a Character boundary.
            let end = text.unicodeScalars.index(after: index)
            result.append(text[start..<end])
            start = end
        }
        if start < text.endIndex { result.append(text[start...]) }
        return result
    }

    /// Joins lines with newlines, ending every one: what `sort`, `uniq` and `cut` write.
    static func join(_ lines: some Sequence<String>) -> String {
        lines.reduce(into: "") { $0 += $1 + "\n" }
    }
}

extension Character {
    /// `0` to `9` only, as C's `isdigit` in the C locale.
    var isASCIIDigit: Bool { ("0"..."9").contains(self) && isASCII }
}
