import ClusterSim

/// Reads the simulated subset of awk programs; nil for anything outside it.
struct AwkParser {
    private let chars: [Character]
    private var position = 0

    init(_ source: String) {
        chars = Array(source)
    }

    private var current: Character? { position < chars.count ? chars[position] : nil }

    private func peek(_ text: String) -> Bool {
        let wanted = Array(text)
        return position + wanted.count <= chars.count && Array(chars[position..<(position + wanted.count)]) == wanted
    }

    private mutating func take(_ text: String) -> Bool {
        guard peek(text) else { return false }
        position += text.count
        return true
    }

    private mutating func skipBlanks() {
        while let c = current, c == " " || c == "\t" { position += 1 }
    }

    private mutating func skipSeparators() {
        while let c = current, c == " " || c == "\t" || c == "\n" || c == ";" { position += 1 }
    }

    mutating func program() -> [AwkRule]? {
        var rules: [AwkRule] = []
        skipSeparators()
        // Each rule consumes at least one character, so this ends.
        while current != nil {
            guard let rule = rule() else { return nil }
            rules.append(rule)
            skipSeparators()
        }
        return rules.isEmpty ? nil : rules
    }

    private mutating func rule() -> AwkRule? {
        var pattern: AwkRule.Pattern?
        if current != "{" {
            guard let parsed = self.pattern() else { return nil }
            pattern = parsed
            skipBlanks()
        }
        guard current == "{" else { return AwkRule(pattern: pattern, prints: [[]]) }
        guard let prints = action() else { return nil }
        return AwkRule(pattern: pattern, prints: prints)
    }

    private mutating func pattern() -> AwkRule.Pattern? {
        if take("!") {
            skipBlanks()
            guard current == "/", let regex = regex() else { return nil }
            return .regex(regex, field: 0, negated: true)
        }
        if current == "/" { return regex().map { .regex($0, field: 0, negated: false) } }
        if take("$") {
            let digits = number()
            guard let field = Int(digits) else { return nil }
            skipBlanks()
            let negated = take("!~")
            guard negated || take("~") else { return nil }
            skipBlanks()
            guard current == "/", let regex = regex() else { return nil }
            return .regex(regex, field: field, negated: negated)
        }
        let item: AwkItem
        if take("FNR") {
            item = .fileRecordNumber
        } else if take("NR") {
            item = .recordNumber
        } else if take("NF") {
            item = .fieldCount
        } else {
            return nil
        }
        skipBlanks()
        guard let op = ["==", "!=", "<=", ">=", "<", ">"].first(where: { take($0) }) else { return nil }
        skipBlanks()
        guard let value = Double(number()) else { return nil }
        return .compare(item, op, value)
    }

    private mutating func number() -> String {
        let digits = chars[position...].prefix { $0.isASCIIDigit || $0 == "." }
        position += digits.count
        return String(digits)
    }

    /// A `/regex/` literal (an extended regular expression; `\/` is a slash).
    private mutating func regex() -> TextRegex? {
        position += 1
        var text = ""
        while let c = current {
            position += 1
            if c == "/" {
                guard case .success(let regex) = PosixRegex.compile(text, extended: true) else { return nil }
                return regex
            }
            if c == "\\", let next = current {
                position += 1
                text += next == "/" ? "/" : "\\" + String(next)
            } else {
                text.append(c)
            }
        }
        return nil
    }

    /// `{ print ...; print ... }`
    private mutating func action() -> [[AwkExpression]]? {
        position += 1
        var prints: [[AwkExpression]] = []
        // Each statement consumes at least `print`.
        for _ in 0...chars.count {
            skipSeparators()
            if take("}") { return prints }
            guard take("print") else { return nil }
            if let c = current, c.isLetter || c.isNumber || c == "_" { return nil }
            var items: [AwkExpression] = []
            skipBlanks()
            while let c = current, c != ";", c != "}", c != "\n" {
                guard let expression = expression(), !expression.isEmpty else { return nil }
                items.append(expression)
                skipBlanks()
                if !take(",") { break }
                skipBlanks()
            }
            prints.append(items)
            guard let c = current, c == ";" || c == "}" || c == "\n" else { return nil }
        }
        return nil
    }

    /// Terms side by side, up to a comma or the end of the statement.
    private mutating func expression() -> AwkExpression? {
        var items: AwkExpression = []
        skipBlanks()
        while let c = current, c != ",", c != ";", c != "}", c != "\n" {
            guard let item = term() else { return nil }
            items.append(item)
            skipBlanks()
        }
        return items
    }

    private mutating func term() -> AwkItem? {
        if take("$") {
            skipBlanks()
            if take("NF") { return .fieldFromEnd(0) }
            if take("(") {
                skipBlanks()
                var item: AwkItem?
                if take("NF") {
                    skipBlanks()
                    if take("-") {
                        skipBlanks()
                        item = Int(number()).map { .fieldFromEnd($0) }
                    } else {
                        item = .fieldFromEnd(0)
                    }
                } else {
                    item = Int(number()).map { .field($0) }
                }
                skipBlanks()
                return take(")") ? item : nil
            }
            return Int(number()).map { .field($0) }
        }
        if take("\"") {
            var text = ""
            while let c = current {
                position += 1
                if c == "\"" { return .text(Awk.unescape(text)) }
                text.append(c)
                if c == "\\", let next = current {
                    text.append(next)
                    position += 1
                }
            }
            return nil
        }
        if take("FNR") { return .fileRecordNumber }
        if take("NR") { return .recordNumber }
        if take("NF") { return .fieldCount }
        if let c = current, c.isASCIIDigit {
            guard let value = Double(number()) else { return nil }
            return .text(value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value))
        }
        return nil
    }
}
