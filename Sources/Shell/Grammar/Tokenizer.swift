/// Splits a command line into words and operators, honouring quotes, escapes and comments.
public enum Tokenizer {
    public static func tokenize(_ line: String) -> Result<[Token], SyntaxError> {
        let chars = Array(line)
        var tokens: [Token] = []
        var word = WordBuilder()
        var inWord = false
        var index = 0

        func flush() {
            if inWord { tokens.append(.word(word.build())) }
            word = WordBuilder()
            inWord = false
        }

        while index < chars.count {
            let c = chars[index]
            switch c {
            case " ", "\t", "\n", "\r":
                flush()
                index += 1
            case "#" where !inWord:
                index = chars.count
            case "'":
                guard let close = chars[(index + 1)...].firstIndex(of: "'") else {
                    return .failure(SyntaxError("unexpected EOF while looking for matching `''"))
                }
                word.append(contentsOf: chars[(index + 1)..<close])
                word.quoted = true
                inWord = true
                index = close + 1
            case "\"":
                inWord = true
                word.quoted = true
                index += 1
                var closed = false
                while index < chars.count {
                    let d = chars[index]
                    if d == "\"" { closed = true; index += 1; break }
                    if d == "\\", index + 1 < chars.count, "$`\"\\\n".contains(chars[index + 1]) {
                        word.append(chars[index + 1])
                        index += 2
                        continue
                    }
                    if d == "$", let (part, next) = parameter(chars, at: index) {
                        word.append(part)
                        index = next
                        continue
                    }
                    word.append(d)
                    index += 1
                }
                if !closed { return .failure(SyntaxError("unexpected EOF while looking for matching `\"'")) }
            case "\\":
                if index + 1 < chars.count {
                    word.append(chars[index + 1])
                    inWord = true
                }
                index += 2
            case "$":
                if let (part, next) = parameter(chars, at: index) {
                    word.append(part)
                    index = next
                } else {
                    word.append("$")
                    index += 1
                }
                inWord = true
            case "|", "&", ";", ">", "<":
                // `2>` and `2>&1` only when the 2 stands alone as a word so far.
                if c == ">", inWord, word.isBareTwo {
                    word = WordBuilder()
                    inWord = false
                    let op = redirectOperator(chars, at: index, prefix: "2")
                    tokens.append(.redirect(op.text))
                    index = op.next
                    continue
                }
                flush()
                if c == ">" || c == "<" {
                    let op = redirectOperator(chars, at: index, prefix: "")
                    tokens.append(.redirect(op.text))
                    index = op.next
                } else if c == "&", index + 1 < chars.count, chars[index + 1] == ">" {
                    tokens.append(.redirect("&>"))
                    index += 2
                } else if index + 1 < chars.count, (c == "|" || c == "&"), chars[index + 1] == c {
                    tokens.append(.control(String([c, c])))
                    index += 2
                } else {
                    tokens.append(.control(String(c)))
                    index += 1
                }
            default:
                word.append(c)
                inWord = true
                index += 1
            }
        }
        flush()
        return .success(tokens)
    }

    private static func redirectOperator(_ chars: [Character], at index: Int, prefix: String) -> (text: String, next: Int) {
        let c = chars[index]
        if c == "<" { return ("<", index + 1) }
        if index + 2 < chars.count, chars[index + 1] == "&", chars[index + 2] == "1", prefix == "2" {
            return ("2>&1", index + 3)
        }
        if index + 1 < chars.count, chars[index + 1] == ">" { return (prefix + ">>", index + 2) }
        return (prefix + ">", index + 1)
    }

    /// Reads `$NAME`, `${NAME}` or `$?` starting at the dollar sign.
    private static func parameter(_ chars: [Character], at index: Int) -> (Word.Part, Int)? {
        let start = index + 1
        guard start < chars.count else { return nil }
        if chars[start] == "?" { return (.parameter("?"), start + 1) }
        if chars[start] == "{" {
            guard let close = chars[start...].firstIndex(of: "}") else { return nil }
            let name = String(chars[(start + 1)..<close])
            guard isName(name) || name == "?" else { return nil }
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

    static func isName(_ text: String) -> Bool {
        guard let first = text.first, first == "_" || (first.isASCII && first.isLetter) else { return false }
        return text.allSatisfy { $0 == "_" || ($0.isASCII && ($0.isLetter || $0.isNumber)) }
    }
}

/// Accumulates one word's characters without re-copying the text on every character.
private struct WordBuilder {
    private var parts: [Word.Part] = []
    private var pending = ""
    var quoted = false

    mutating func append(_ character: Character) { pending.append(character) }
    mutating func append(contentsOf characters: ArraySlice<Character>) { pending.append(contentsOf: characters) }

    mutating func append(_ part: Word.Part) {
        if !pending.isEmpty {
            parts.append(.text(pending))
            pending = ""
        }
        parts.append(part)
    }

    /// True for an unquoted `2` directly before `>` (the file descriptor of `2>`).
    var isBareTwo: Bool { !quoted && parts.isEmpty && pending == "2" }

    func build() -> Word {
        Word(parts: pending.isEmpty ? parts : parts + [.text(pending)], quoted: quoted)
    }
}
