/// What tokenizing a command text found: the tokens, and what the text still waits for.
public struct Scan: Sendable, Hashable {
    public var tokens: [Token]
    /// Here-documents whose delimiter line never came, in order; their bodies run to the end.
    public var openHeredocs: [HeredocEnd] = []
    /// The text ends in a backslash, which joins the next line to it.
    public var endsInBackslash = false
}

/// Splits a command text (one or several lines) into words and operators, honouring quotes,
/// escapes, comments, command substitutions and here-documents.
public enum Tokenizer {
    public static func tokenize(_ line: String) -> Result<[Token], SyntaxError> {
        scan(line).map(\.tokens)
    }

    public static func scan(_ text: String) -> Result<Scan, SyntaxError> {
        var lexer = Lexer(chars: Array(text))
        return lexer.run()
    }

    static func isName(_ text: String) -> Bool {
        guard let first = text.first, first == "_" || (first.isASCII && first.isLetter) else { return false }
        return text.allSatisfy { $0 == "_" || ($0.isASCII && ($0.isLetter || $0.isNumber)) }
    }
}

/// The tokenizer's cursor over the text; every loop advances `index`, so it ends.
private struct Lexer {
    let chars: [Character]
    var index = 0
    var tokens: [Token] = []
    var word = WordBuilder()
    var inWord = false
    var scan = Scan(tokens: [])
    /// Here-documents named on the current line, read after its newline.
    var pending: [(token: Int, end: HeredocEnd, expands: Bool)] = []
    private var lineCountedTo = 0
    private var lineNumber = 1

    init(chars: [Character]) {
        self.chars = chars
    }

    mutating func flush() {
        if inWord { tokens.append(.word(word.build())) }
        word = WordBuilder()
        inWord = false
    }

    mutating func run() -> Result<Scan, SyntaxError> {
        while index < chars.count {
            if let error = step() { return .failure(error) }
        }
        flush()
        if !pending.isEmpty { readHeredocBodies() }
        scan.tokens = tokens
        return .success(scan)
    }

    /// Consumes at least one character.
    private mutating func step() -> SyntaxError? {
        let c = chars[index]
        switch c {
        case " ", "\t", "\r":
            flush()
            index += 1
        case "\n":
            flush()
            tokens.append(.control("\n"))
            index += 1
            if !pending.isEmpty { readHeredocBodies() }
        case "#" where !inWord:
            while index < chars.count, chars[index] != "\n" { index += 1 }
        case "'":
            guard let close = chars[(index + 1)...].firstIndex(of: "'") else { return .unmatched("'") }
            word.append(contentsOf: chars[(index + 1)..<close])
            word.quoted = true
            inWord = true
            index = close + 1
        case "\"":
            inWord = true
            word.quoted = true
            switch Expansions.scanQuoted(chars, from: index + 1, into: &word, mode: .doubleQuotes) {
            case .success(let next): index = next
            case .failure(let error): return error
            }
        case "\\":
            if index + 1 >= chars.count {
                scan.endsInBackslash = true
            } else if chars[index + 1] != "\n" {
                word.append(chars[index + 1])
                inWord = true
            }
            index += 2
        case "$", "`":
            inWord = true
            switch Expansions.scanDollarOrBackquote(chars, at: index, quoted: false) {
            case .success(let found):
                if let part = found.part { word.append(part) } else { word.append(c) }
                index = found.next
            case .failure(let error): return error
            }
        case "|", "&", ";", ">", "<":
            return operatorToken(c)
        default:
            word.append(c)
            inWord = true
            index += 1
        }
        return nil
    }

    private mutating func operatorToken(_ c: Character) -> SyntaxError? {
        // `2>` and `2>&1` only when the 2 stands alone as a word so far.
        if c == ">", inWord, word.isBareTwo {
            word = WordBuilder()
            inWord = false
            let op = redirectOperator(prefix: "2")
            tokens.append(.redirect(op.text))
            index = op.next
            return nil
        }
        if c == "<", next(1) == "(" {
            // Process substitution: part of the current word, like `$(...)`.
            switch Expansions.closingParen(chars, from: index + 2, depth: 0) {
            case .success(let close):
                word.append(.process(String(chars[(index + 2)..<close])))
                inWord = true
                index = close + 1
                return nil
            case .failure(let error): return error
            }
        }
        flush()
        if c == "<", next(1) == "<" {
            if next(2) == "<" {
                tokens.append(.redirect("<<<"))
                index += 3
                return nil
            }
            let strips = next(2) == "-"
            index += strips ? 3 : 2
            return heredocDelimiter(stripsTabs: strips)
        }
        if c == ">" || c == "<" {
            let op = redirectOperator(prefix: "")
            tokens.append(.redirect(op.text))
            index = op.next
        } else if c == "&", next(1) == ">" {
            tokens.append(.redirect("&>"))
            index += 2
        } else if c == "|" || c == "&", next(1) == c {
            tokens.append(.control(String([c, c])))
            index += 2
        } else {
            tokens.append(.control(String(c)))
            index += 1
        }
        return nil
    }

    private func next(_ offset: Int) -> Character? {
        index + offset < chars.count ? chars[index + offset] : nil
    }

    private func redirectOperator(prefix: String) -> (text: String, next: Int) {
        if chars[index] == "<" { return ("<", index + 1) }
        if next(1) == "&", next(2) == "1", prefix == "2" { return ("2>&1", index + 3) }
        if next(1) == ">" { return (prefix + ">>", index + 2) }
        return (prefix + ">", index + 1)
    }

    /// Characters that end a here-document's delimiter word (a Set: in a string literal `\r\n` would be one character).
    private static let delimiterStops: Set<Character> = [" ", "\t", "\r", "\n", ";", "|", "&", "<", ">", "(", ")"]

    /// Reads the word after `<<` or `<<-`; any quoting in it turns expansion of the body off.
    private mutating func heredocDelimiter(stripsTabs: Bool) -> SyntaxError? {
        while index < chars.count, chars[index] == " " || chars[index] == "\t" { index += 1 }
        var delimiter = ""
        var quoted = false
        while index < chars.count, !Self.delimiterStops.contains(chars[index]) {
            let c = chars[index]
            if c == "'" || c == "\"" {
                guard let close = chars[(index + 1)...].firstIndex(of: c) else { return .unmatched(c) }
                delimiter += String(chars[(index + 1)..<close])
                quoted = true
                index = close + 1
            } else if c == "\\" {
                quoted = true
                if index + 1 < chars.count { delimiter.append(chars[index + 1]) }
                index += 2
            } else {
                delimiter.append(c)
                index += 1
            }
        }
        guard !delimiter.isEmpty || quoted else {
            guard index < chars.count, chars[index] != "\n" else {
                return SyntaxError("syntax error near unexpected token `newline'")
            }
            let c = chars[index]
            let token = next(1) == c && (c == "|" || c == "&" || c == ">") ? String([c, c]) : String(c)
            return SyntaxError("syntax error near unexpected token `\(token)'")
        }
        let end = HeredocEnd(delimiter: delimiter, stripsTabs: stripsTabs, line: line(at: index))
        pending.append((tokens.count, end, !quoted))
        tokens.append(.heredoc(Word()))
        return nil
    }

    /// Reads the bodies of the current line's here-documents, in order, from `index` on.
    private mutating func readHeredocBodies() {
        let heredocs = pending
        pending = []
        for (position, heredoc) in heredocs.enumerated() {
            var body = ""
            var closed = false
            while index < chars.count {
                let end = chars[index...].firstIndex(of: "\n") ?? chars.count
                let line = chars[index..<end]
                index = min(end + 1, chars.count)
                let text = heredoc.end.stripsTabs ? line.drop { $0 == "\t" } : line[...]
                if heredoc.end.isEnd(Substring(String(text))) {
                    closed = true
                    break
                }
                body += String(text) + "\n"
            }
            if !closed {
                scan.openHeredocs += heredocs[position...].map(\.end)
                tokens[heredoc.token] = .heredoc(Word(parts: [.text(body)], quoted: true))
                // The remaining here-documents get empty bodies, as bash gives them.
                for later in heredocs[(position + 1)...] { tokens[later.token] = .heredoc(Word(quoted: true)) }
                return
            }
            tokens[heredoc.token] = .heredoc(Self.bodyWord(body, expands: heredoc.expands))
        }
    }

    /// A here-document body: with an unquoted delimiter, `$`, backquotes and `\` work as in double quotes.
    private static func bodyWord(_ body: String, expands: Bool) -> Word {
        guard expands else { return Word(parts: [.text(body)], quoted: true) }
        var builder = WordBuilder()
        builder.quoted = true
        let chars = Array(body)
        if case .failure = Expansions.scanQuoted(chars, from: 0, into: &builder, mode: .heredoc) {
            return Word(parts: [.text(body)], quoted: true)
        }
        return builder.build()
    }

    /// The line number of a position, counting forward from the last one asked (positions only grow).
    private mutating func line(at position: Int) -> Int {
        while lineCountedTo < min(position, chars.count) {
            if chars[lineCountedTo] == "\n" { lineNumber += 1 }
            lineCountedTo += 1
        }
        return lineNumber
    }
}

/// Accumulates one word's characters without re-copying the text on every character.
struct WordBuilder {
    private var parts: [Word.Part] = []
    private var pending = ""
    private var lead: String?
    var quoted = false {
        didSet { if quoted, !oldValue, lead == nil { lead = parts.isEmpty ? pending : "" } }
    }

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
        var word = Word(parts: pending.isEmpty ? parts : parts + [.text(pending)], quoted: quoted)
        word.unquotedLead = lead
        return word
    }
}
