/// Scans the expansions inside a word: `$NAME`, `${NAME}`, `$?`, `$(...)`, backquotes, and
/// double-quoted or here-document text that may hold them.
enum Expansions {
    /// How deep `"$("$(...)")"` may nest while scanning; the scanner recurses only through
    /// double quotes, so this bounds its stack whatever the input.
    static let maximumNesting = 64

    enum QuoteMode { case doubleQuotes, heredoc }

    /// Scans text after an opening `"` (or a whole here-document body) into `word`; returns the
    /// index after the closing quote (the end of the text for a here-document).
    static func scanQuoted(
        _ chars: [Character], from start: Int, into word: inout WordBuilder, mode: QuoteMode
    ) -> Result<Int, SyntaxError> {
        // In a here-document a backslash before `"` stays, as bash keeps it.
        let escapable: String = mode == .doubleQuotes ? "$`\"\\\n" : "$`\\\n"
        var index = start
        while index < chars.count {
            let c = chars[index]
            if c == "\"", mode == .doubleQuotes { return .success(index + 1) }
            if c == "\\", index + 1 < chars.count, escapable.contains(chars[index + 1]) {
                if chars[index + 1] != "\n" { word.append(chars[index + 1]) }
                index += 2
                continue
            }
            if c == "$" || c == "`" {
                switch scanDollarOrBackquote(chars, at: index, quoted: true) {
                case .success(let found):
                    if let part = found.part { word.append(part) } else { word.append(c) }
                    index = found.next
                case .failure(let error): return .failure(error)
                }
                continue
            }
            word.append(c)
            index += 1
        }
        return mode == .doubleQuotes ? .failure(.unmatched("\"")) : .success(index)
    }

    /// Reads what starts at a `$` or a backquote; `part` is nil for a lone `$`.
    static func scanDollarOrBackquote(
        _ chars: [Character], at index: Int, quoted: Bool
    ) -> Result<(part: Word.Part?, next: Int), SyntaxError> {
        if chars[index] == "`" {
            return closingBackquote(chars, from: index + 1).map { close in
                (.command(unescapeBackquoted(chars[(index + 1)..<close]), quoted: quoted), close + 1)
            }
        }
        if index + 1 < chars.count, chars[index + 1] == "(" {
            return closingParen(chars, from: index + 2, depth: 0).map { close in
                (.command(String(chars[(index + 2)..<close]), quoted: quoted), close + 1)
            }
        }
        if let (part, next) = parameter(chars, at: index) { return .success((part, next)) }
        return .success((nil, index + 1))
    }

    /// The index of the `)` closing a `$(` whose text starts at `start`.
    static func closingParen(_ chars: [Character], from start: Int, depth: Int) -> Result<Int, SyntaxError> {
        guard depth < maximumNesting else { return .failure(SyntaxError("command substitution nested too deeply")) }
        var level = 0
        var index = start
        while index < chars.count {
            switch chars[index] {
            case "\\":
                index += 2
            case "'":
                guard let close = chars[(index + 1)...].firstIndex(of: "'") else { return .failure(.unmatched("'")) }
                index = close + 1
            case "\"":
                switch skipQuoted(chars, from: index + 1, depth: depth) {
                case .success(let next): index = next
                case .failure(let error): return .failure(error)
                }
            case "`":
                switch closingBackquote(chars, from: index + 1) {
                case .success(let close): index = close + 1
                case .failure(let error): return .failure(error)
                }
            case "(":
                level += 1
                index += 1
            case ")":
                if level == 0 { return .success(index) }
                level -= 1
                index += 1
            default:
                index += 1
            }
        }
        return .failure(.unmatched(")"))
    }

    /// Skips double-quoted text inside a command substitution; returns the index after the quote.
    private static func skipQuoted(_ chars: [Character], from start: Int, depth: Int) -> Result<Int, SyntaxError> {
        var index = start
        while index < chars.count {
            switch chars[index] {
            case "\\":
                index += 2
            case "\"":
                return .success(index + 1)
            case "`":
                switch closingBackquote(chars, from: index + 1) {
                case .success(let close): index = close + 1
                case .failure(let error): return .failure(error)
                }
            case "$" where index + 1 < chars.count && chars[index + 1] == "(":
                switch closingParen(chars, from: index + 2, depth: depth + 1) {
                case .success(let close): index = close + 1
                case .failure(let error): return .failure(error)
                }
            default:
                index += 1
            }
        }
        return .failure(.unmatched("\""))
    }

    private static func closingBackquote(_ chars: [Character], from start: Int) -> Result<Int, SyntaxError> {
        var index = start
        while index < chars.count {
            if chars[index] == "\\" {
                index += 2
                continue
            }
            if chars[index] == "`" { return .success(index) }
            index += 1
        }
        return .failure(.unmatched("`"))
    }

    /// Inside backquotes a backslash escapes only `$`, a backquote and itself.
    private static func unescapeBackquoted(_ text: ArraySlice<Character>) -> String {
        var result = ""
        var index = text.startIndex
        while index < text.endIndex {
            if text[index] == "\\", index + 1 < text.endIndex, "$`\\".contains(text[index + 1]) {
                result.append(text[index + 1])
                index += 2
                continue
            }
            result.append(text[index])
            index += 1
        }
        return result
    }

    /// Reads `$NAME`, `${NAME}` or `$?` starting at the dollar sign.
    static func parameter(_ chars: [Character], at index: Int) -> (Word.Part, Int)? {
        let start = index + 1
        guard start < chars.count else { return nil }
        if chars[start] == "?" { return (.parameter("?"), start + 1) }
        if chars[start] == "{" {
            guard let close = chars[start...].firstIndex(of: "}") else { return nil }
            let name = String(chars[(start + 1)..<close])
            guard Tokenizer.isName(name) || name == "?" else { return nil }
            return (.parameter(name), close + 1)
        }
        var end = start
        while end < chars.count, chars[end] == "_" || chars[end].isLetter || (end > start && chars[end].isNumber),
            chars[end].isASCII
        {
            end += 1
        }
        guard end > start else { return nil }
        return (.parameter(String(chars[start..<end])), end)
    }
}
