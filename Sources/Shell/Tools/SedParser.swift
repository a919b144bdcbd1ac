import ClusterSim

/// Reads sed expressions (`-e` arguments) into a program, with GNU sed 4.9's diagnostics.
struct SedParser {
    private let chars: [Character]
    private let expression: Int
    private let extended: Bool
    private var position = 0
    private var previousRegex: TextRegex?
    /// Indexes (in the whole program) of `{` commands not yet closed.
    private var openBlocks: [Int] = []
    /// `{` commands closed in this expression, with the index of their `}`.
    private var closedBlocks: [(Int, Int)] = []
    /// How many commands earlier expressions produced.
    private var offset = 0

    static func parse(_ expressions: [String], extended: Bool) -> Result<SedProgram, SedScriptError> {
        var program = SedProgram()
        var previous: TextRegex?
        var openBlocks: [Int] = []
        for (number, text) in expressions.enumerated() {
            var parser = SedParser(chars: Array(text), expression: number + 1, extended: extended)
            parser.previousRegex = previous
            parser.openBlocks = openBlocks
            parser.offset = program.commands.count
            switch parser.commands() {
            case .success(let commands): program.commands += commands
            case .failure(let error): return .failure(error)
            }
            previous = parser.previousRegex
            openBlocks = parser.openBlocks
            for (index, end) in parser.closedBlocks {
                program.commands[index].action = .block(end: end)
            }
        }
        if !openBlocks.isEmpty {
            return .failure(SedScriptError(text: "sed: -e expression #1, char 0: unmatched `{'\n"))
        }
        return .success(program)
    }

    private init(chars: [Character], expression: Int, extended: Bool) {
        self.chars = chars
        self.expression = expression
        self.extended = extended
    }

    private func fail(_ message: String, at char: Int? = nil) -> SedScriptError {
        SedScriptError(text: "sed: -e expression #\(expression), char \(char ?? position): \(message)\n")
    }

    private func unsupported(_ what: String) -> SedScriptError {
        SedScriptError(text: "kubedojo: sed \(what) is not simulated\n")
    }

    private var current: Character? { position < chars.count ? chars[position] : nil }

    private mutating func next() -> Character? {
        guard position < chars.count else { return nil }
        position += 1
        return chars[position - 1]
    }

    private mutating func skipSpaces() {
        while let c = current, c == " " || c == "\t" { position += 1 }
    }

    private mutating func commands() -> Result<[SedProgram.Command], SedScriptError> {
        var result: [SedProgram.Command] = []
        // Every pass consumes at least one character or returns.
        while position < chars.count {
            if let c = current, c == " " || c == "\t" || c == "\n" || c == ";" {
                position += 1
                continue
            }
            switch command(index: offset + result.count) {
            case .success(let parsed?): result.append(parsed)
            case .success(nil): continue
            case .failure(let error): return .failure(error)
            }
        }
        return .success(result)
    }

    private mutating func command(index: Int) -> Result<SedProgram.Command?, SedScriptError> {
        var first: SedProgram.Address?
        var second: SedProgram.Address?
        switch address(second: false) {
        case .success(let parsed): first = parsed
        case .failure(let error): return .failure(error)
        }
        if first != nil, current == "," {
            position += 1
            skipSpaces()
            switch address(second: true) {
            case .success(let parsed?): second = parsed
            case .success(nil): return .failure(fail("unexpected `,'"))
            case .failure(let error): return .failure(error)
            }
        }
        skipSpaces()
        var negated = false
        while current == "!" {
            position += 1
            if negated { return .failure(fail("multiple `!'s")) }
            negated = true
            skipSpaces()
        }
        guard let letter = next() else { return .failure(fail("missing command")) }
        if case .line(0)? = first {
            guard case .regex? = second else { return .failure(fail("invalid usage of line address 0")) }
        }
        let action: SedProgram.Action
        switch letter {
        case "#":
            if first != nil { return .failure(fail("comments don't accept any addresses")) }
            while let c = current, c != "\n" { position += 1 }
            return .success(nil)
        case "s":
            switch substitution() {
            case .success(let parsed): action = .substitute(parsed)
            case .failure(let error): return .failure(error)
            }
        case "d": action = .delete
        case "p": action = .print
        case "=": action = .lineNumber
        case "q":
            skipSpaces()
            let digits = String(chars[position...].prefix(while: \.isASCIIDigit))
            position += digits.count
            action = .quit(Int32(digits.prefix(9)) ?? 0)
        case "a", "i":
            let text = textArgument()
            return .success(
                SedProgram.Command(
                    first: first, second: second, negated: negated, action: letter == "a" ? .append(text) : .insert(text)))
        case "{":
            openBlocks.append(index)
            return .success(SedProgram.Command(first: first, second: second, negated: negated, action: .block(end: index)))
        case "}":
            guard first == nil, !negated, let opening = openBlocks.popLast() else {
                return .failure(fail("unexpected `}'"))
            }
            closedBlocks.append((opening, index))
            action = .blockEnd
        case ",":
            return .failure(fail("unexpected `,'"))
        case _ where "AbcDeFgGhHIlnNPQrRtTvwWxyz:".contains(letter):
            return .failure(unsupported("command `\(letter)'"))
        default:
            return .failure(fail("unknown command: `\(letter)'"))
        }
        if let problem = endOfCommand() { return .failure(problem) }
        return .success(SedProgram.Command(first: first, second: second, negated: negated, action: action))
    }

    /// The text of `a`, `i`: GNU's one-line form (`1i text`, `a\text`) or the classic `a\` and a new
    /// line; a line ending in a backslash continues the text, other backslashes are dropped.
    private mutating func textArgument() -> String {
        skipSpaces()
        if current == "\\" {
            position += 1
            if current == "\n" { position += 1 } else { skipSpaces() }
        }
        var text = ""
        while let c = next() {
            if c == "\n" { break }
            if c == "\\" {
                guard let escaped = next() else { break }
                text.append(escaped)
                continue
            }
            text.append(c)
        }
        return text
    }

    /// After a command only blanks, then `;`, a newline, `}`, `#` or the end may follow.
    private mutating func endOfCommand() -> SedScriptError? {
        skipSpaces()
        guard let c = current, c != ";", c != "\n", c != "#", c != "}" else { return nil }
        position += 1
        return fail("extra characters after command")
    }

    private mutating func address(second: Bool) -> Result<SedProgram.Address?, SedScriptError> {
        guard let c = current else { return .success(nil) }
        if c.isASCIIDigit {
            let value = number()
            if current == "~" {
                position += 1
                let step = number()
                if second { return .failure(unsupported("address `~N'")) }
                return .success(.step(value, step))
            }
            return .success(.line(value))
        }
        if c == "+", second {
            position += 1
            return .success(.following(number()))
        }
        if c == "$" {
            position += 1
            return .success(.last)
        }
        guard c == "/" || c == "\\" else { return .success(nil) }
        position += 1
        if c == "\\" { guard next() != nil else { return .failure(fail("unterminated address regex")) } }
        let delimiter = chars[position - 1]
        guard let pattern = delimited(by: delimiter, isRegex: true) else {
            return .failure(fail("unterminated address regex"))
        }
        var ignoreCase = false
        while current == "I" || current == "M" {
            if current == "M" { return .failure(unsupported("address flag `M'")) }
            ignoreCase = true
            position += 1
        }
        return regex(pattern, ignoreCase: ignoreCase).map { .regex($0) }
    }

    private mutating func number() -> Int {
        let digits = chars[position...].prefix(while: \.isASCIIDigit)
        position += digits.count
        return Int(String(digits.prefix(18))) ?? 0
    }

    /// The text up to an unescaped `delimiter` (brackets skipped in a regex); `\delimiter` becomes
    /// the delimiter itself and `\n` a newline. nil when the delimiter never comes.
    private mutating func delimited(by delimiter: Character, isRegex: Bool) -> String? {
        var text = ""
        while let c = next() {
            if c == delimiter { return text }
            if c == "\\" {
                guard let d = next() else { return nil }
                if d == delimiter {
                    text.append(d)
                } else if d == "\n" || (d == "n" && isRegex) {
                    text += isRegex ? "\\n" : "\n"
                } else {
                    text += "\\" + String(d)
                }
            } else if c == "[", isRegex {
                // A bracket expression runs to its own `]`, delimiter or not; unclosed, it never ends.
                guard let end = PosixRegex.bracketEnd(chars, from: position - 1) else {
                    position = chars.count
                    return nil
                }
                text += String(chars[(position - 1)..<end])
                position = end
            } else {
                text.append(c)
            }
        }
        return nil
    }

    private mutating func regex(_ pattern: String, ignoreCase: Bool, at end: Int? = nil)
        -> Result<TextRegex, SedScriptError>
    {
        if pattern.isEmpty {
            guard let previousRegex else { return .failure(fail("no previous regular expression", at: 0)) }
            return .success(previousRegex)
        }
        switch PosixRegex.compile(pattern, extended: extended, ignoreCase: ignoreCase) {
        case .success(let compiled):
            previousRegex = compiled
            return .success(compiled)
        case .failure(let problem): return .failure(fail(problem.message, at: end))
        }
    }

    private mutating func substitution() -> Result<SedProgram.Substitution, SedScriptError> {
        guard let delimiter = next(), delimiter != "\n", delimiter != "\\" else {
            return .failure(fail("unterminated `s' command"))
        }
        guard let pattern = delimited(by: delimiter, isRegex: true),
            let replacementText = delimited(by: delimiter, isRegex: false)
        else { return .failure(fail("unterminated `s' command")) }
        var global = false, print = false, ignoreCase = false
        var occurrence: Int?
        flags: while let c = current {
            switch c {
            case "g":
                if global { return .failure(failAfter("multiple `g' options to `s' command")) }
                global = true
            case "p":
                if print { return .failure(failAfter("multiple `p' options to `s' command")) }
                print = true
            case "i", "I": ignoreCase = true
            case " ", "\t": break
            case "0"..."9":
                if occurrence != nil { return .failure(failAfter("multiple number options to `s' command")) }
                let value = number()
                if value == 0 { return .failure(fail("number option to `s' command may not be zero")) }
                occurrence = value
                continue flags
            case "e", "m", "M", "w": return .failure(unsupported("`s' flag `\(c)'"))
            case ";", "\n", "#", "}": break flags
            default: return .failure(failAfter("unknown option to `s'"))
            }
            position += 1
        }
        let end = position
        let replacement: [SedProgram.Piece]
        switch SedProgram.pieces(replacementText) {
        case .success(let parsed): replacement = parsed
        case .failure(let error): return .failure(error)
        }
        let compiled: TextRegex
        switch regex(pattern, ignoreCase: ignoreCase, at: end) {
        case .success(let result): compiled = result
        case .failure(let error): return .failure(error)
        }
        let groups = PosixRegex.groupCount(pattern, extended: extended)
        for case .group(let group) in replacement where group > groups {
            return .failure(fail("invalid reference \\\(group) on `s' command's RHS", at: end))
        }
        return .success(
            SedProgram.Substitution(
                regex: compiled, replacement: replacement, global: global, occurrence: occurrence ?? 1, print: print))
    }

    private mutating func failAfter(_ message: String) -> SedScriptError {
        position += 1
        return fail(message)
    }
}
