/// One command with its prefix assignments and redirections: `A=1 etcdctl member list > out`.
public struct SimpleCommand: Sendable, Hashable {
    public struct Assignment: Sendable, Hashable {
        public var name: String
        public var value: Word
    }

    public struct Redirect: Sendable, Hashable {
        public var op: String
        public var target: Word?
    }

    public var assignments: [Assignment] = []
    public var words: [Word] = []
    public var redirects: [Redirect] = []
    /// A compound command (`for ... done`) in place of words; its redirections apply to all of it.
    public var compound: Compound?
}

/// A command built from other commands.
public indirect enum Compound: Sendable, Hashable {
    /// `for NAME in WORDS; do BODY; done` (without `in`, over the positional parameters: none here).
    case forLoop(name: String, words: [Word]?, body: CommandList)
}

/// Commands joined by `|`.
public struct Pipeline: Sendable, Hashable {
    public var commands: [SimpleCommand]
}

/// Pipelines joined by `;`, `&&` and `||`, run left to right.
public struct CommandList: Sendable, Hashable {
    public enum Connector: Sendable, Hashable { case always, and, or }

    public var items: [(connector: Connector, pipeline: Pipeline)]

    public static func == (lhs: CommandList, rhs: CommandList) -> Bool {
        lhs.items.map(\.pipeline) == rhs.items.map(\.pipeline)
            && lhs.items.map(\.connector) == rhs.items.map(\.connector)
    }

    public func hash(into hasher: inout Hasher) {
        for item in items { hasher.combine(item.pipeline) }
    }
}

/// Turns tokens into a `CommandList`, reporting bash's syntax errors.
public enum Parser {
    public static func parse(_ line: String) -> Result<CommandList, SyntaxError> {
        switch Tokenizer.tokenize(line) {
        case .failure(let error): return .failure(error)
        case .success(let tokens): return parse(tokens)
        }
    }

    static func unexpected(_ token: String) -> SyntaxError {
        SyntaxError("syntax error near unexpected token `\(token == "\n" ? "newline" : token)'")
    }

    public static func parse(_ tokens: [Token]) -> Result<CommandList, SyntaxError> {
        var index = 0
        switch parseList(tokens, &index, terminators: []) {
        case .failure(let error): return .failure(error)
        case .success(let (list, _)): return .success(list)
        }
    }

    /// Reads commands from `index` up to the end, or up to one of `terminators` (a reserved word
    /// such as `done`) in command position, which it consumes and returns.
    static func parseList(
        _ tokens: [Token], _ index: inout Int, terminators: Set<String>
    ) -> Result<(CommandList, String?), SyntaxError> {
        var items: [(connector: CommandList.Connector, pipeline: Pipeline)] = []
        var connector = CommandList.Connector.always
        var commands: [SimpleCommand] = []
        var current = SimpleCommand()
        var currentEmpty = true
        /// After `|`, `&&` or `||` a command must follow; bash reads further lines for it.
        var needsOperand = false

        func endCommand(_ token: String) -> SyntaxError? {
            if currentEmpty { return unexpected(token) }
            commands.append(current)
            current = SimpleCommand()
            currentEmpty = true
            return nil
        }

        while index < tokens.count {
            switch tokens[index] {
            case .word(let word):
                let reserved = word.quoted ? nil : word.literal
                let inCommandPosition = currentEmpty && current.assignments.isEmpty
                if current.compound != nil {
                    return .failure(unexpected(word.literal ?? "word"))
                } else if inCommandPosition, let reserved, terminators.contains(reserved) {
                    if !commands.isEmpty || needsOperand { return .failure(unexpected(reserved)) }
                    index += 1
                    return .success((CommandList(items: items), reserved))
                } else if inCommandPosition, let reserved, ["do", "done", "then", "fi", "esac"].contains(reserved) {
                    return .failure(unexpected(reserved))
                } else if inCommandPosition, reserved == "for" {
                    index += 1
                    switch parseFor(tokens, &index) {
                    case .failure(let error): return .failure(error)
                    case .success(let loop): current.compound = loop
                    }
                    currentEmpty = false
                    needsOperand = false
                    continue
                } else if current.words.isEmpty, !word.quoted || word.unquotedLead != nil,
                    let assignment = assignment(word)
                {
                    current.assignments.append(assignment)
                } else {
                    current.words.append(word)
                }
                currentEmpty = false
                needsOperand = false
            case .heredoc(let body):
                current.redirects.append(SimpleCommand.Redirect(op: "<<", target: body))
                currentEmpty = false
                needsOperand = false
            case .redirect(let op):
                var target: Word?
                if op != "2>&1" {
                    guard index + 1 < tokens.count, case .word(let word) = tokens[index + 1] else {
                        if index + 1 < tokens.count, case .control(let next) = tokens[index + 1] {
                            return .failure(unexpected(next))
                        }
                        if index + 1 < tokens.count, case .redirect(let next) = tokens[index + 1] {
                            return .failure(unexpected(next))
                        }
                        return .failure(unexpected("newline"))
                    }
                    target = word
                    index += 1
                }
                current.redirects.append(SimpleCommand.Redirect(op: op, target: target))
                currentEmpty = false
                needsOperand = false
            case .control("\n") where currentEmpty:
                // Blank lines, and the newline after `|`, `&&`, `||` or `;`, separate nothing.
                break
            case .control(let op):
                if op == "&" { return .failure(SyntaxError("background jobs (`&') are not simulated")) }
                if let error = endCommand(op) { return .failure(error) }
                if op != "|" {
                    items.append((connector, Pipeline(commands: commands)))
                    commands = []
                    connector = op == "&&" ? .and : op == "||" ? .or : .always
                }
                needsOperand = op == "|" || op == "&&" || op == "||"
            }
            index += 1
        }
        if needsOperand || !terminators.isEmpty {
            return .failure(SyntaxError("syntax error: unexpected end of file", needsMoreInput: true))
        }
        if !currentEmpty {
            commands.append(current)
            items.append((connector, Pipeline(commands: commands)))
        }
        return .success((CommandList(items: items), nil))
    }

    /// `for NAME [in WORDS] ; do LIST done`, from after the `for`.
    private static func parseFor(_ tokens: [Token], _ index: inout Int) -> Result<Compound, SyntaxError> {
        let endOfInput = SyntaxError("syntax error: unexpected end of file", needsMoreInput: true)
        func skipNewlines() { while index < tokens.count, tokens[index] == .control("\n") { index += 1 } }
        // The name must follow on the same line: bash reads no further line for it.
        guard index < tokens.count else { return .failure(unexpected("newline")) }
        guard case .word(let nameWord) = tokens[index], let name = nameWord.literal, !nameWord.quoted else {
            if case .control(let op) = tokens[index] { return .failure(unexpected(op)) }
            return .failure(unexpected("newline"))
        }
        guard Tokenizer.isName(name) else { return .failure(SyntaxError("`\(name)': not a valid identifier")) }
        index += 1
        skipNewlines()
        var words: [Word]?
        if index < tokens.count, case .word(let word) = tokens[index], !word.quoted, word.literal == "in" {
            index += 1
            var list: [Word] = []
            while index < tokens.count, case .word(let word) = tokens[index] {
                list.append(word)
                index += 1
            }
            words = list
        }
        guard index < tokens.count else { return .failure(endOfInput) }
        if case .control(let op) = tokens[index] {
            guard op == ";" || op == "\n" else { return .failure(unexpected(op)) }
            index += 1
        }
        skipNewlines()
        guard index < tokens.count else { return .failure(endOfInput) }
        guard case .word(let doWord) = tokens[index], !doWord.quoted, doWord.literal == "do" else {
            switch tokens[index] {
            case .word(let word): return .failure(unexpected(word.literal ?? "word"))
            case .control(let op): return .failure(unexpected(op))
            case .redirect(let op): return .failure(unexpected(op))
            case .heredoc: return .failure(unexpected("<<"))
            }
        }
        index += 1
        switch parseList(tokens, &index, terminators: ["done"]) {
        case .failure(let error): return .failure(error)
        case .success(let (body, _)):
            if body.items.isEmpty { return .failure(unexpected("done")) }
            return .success(.forLoop(name: name, words: words, body: body))
        }
    }

    private static func assignment(_ word: Word) -> SimpleCommand.Assignment? {
        guard case .text(let first)? = word.parts.first, let eq = first.firstIndex(of: "=") else { return nil }
        let name = String(first[..<eq])
        // `NAME="value"`: the name and `=` must stand before any quote.
        if word.quoted, !(word.unquotedLead ?? "").contains("=") { return nil }
        guard Tokenizer.isName(name) else { return nil }
        var value = word
        let rest = String(first[first.index(after: eq)...])
        value.parts[0] = .text(rest)
        if rest.isEmpty { value.parts.removeFirst() }
        return SimpleCommand.Assignment(name: name, value: value)
    }
}
