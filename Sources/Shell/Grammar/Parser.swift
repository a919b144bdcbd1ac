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
        var items: [(connector: CommandList.Connector, pipeline: Pipeline)] = []
        var connector = CommandList.Connector.always
        var commands: [SimpleCommand] = []
        var current = SimpleCommand()
        var currentEmpty = true
        /// After `|`, `&&` or `||` a command must follow; bash reads further lines for it.
        var needsOperand = false
        var index = 0

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
                if current.words.isEmpty, !word.quoted, let assignment = assignment(word) {
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
        if needsOperand { return .failure(SyntaxError("syntax error: unexpected end of file", needsMoreInput: true)) }
        if !currentEmpty {
            commands.append(current)
            items.append((connector, Pipeline(commands: commands)))
        }
        return .success(CommandList(items: items))
    }

    private static func assignment(_ word: Word) -> SimpleCommand.Assignment? {
        guard case .text(let first)? = word.parts.first, let eq = first.firstIndex(of: "=") else { return nil }
        let name = String(first[..<eq])
        guard Tokenizer.isName(name) else { return nil }
        var value = word
        let rest = String(first[first.index(after: eq)...])
        value.parts[0] = .text(rest)
        if rest.isEmpty { value.parts.removeFirst() }
        return SimpleCommand.Assignment(name: name, value: value)
    }
}
