extension StringProtocol {
    /// The text without leading and trailing characters that satisfy `drop` (whitespace by default).
    public func trimmed(where drop: (Character) -> Bool = { $0.isWhitespace }) -> String {
        var text = self[...]
        while let first = text.first, drop(first) { text = text.dropFirst() }
        while let last = text.last, drop(last) { text = text.dropLast() }
        return String(text)
    }
}
