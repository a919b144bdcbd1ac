import ClusterSim

/// `awk [-F FS] 'PROGRAM' [FILE...]` for the programs a candidate types in a pipe: rules whose
/// patterns are `/regex/`, `$N ~ /regex/` or `NR==N` (any comparison of NR, FNR or NF with a number)
/// and whose actions are `print` of fields, NR, NF and strings. Other programs are refused plainly.
enum Awk {
    static func run(_ context: inout ToolContext) -> Int32 {
        var arguments = Array(context.args.dropFirst())[...]
        var separator = " "
        while let word = arguments.first, word.hasPrefix("-"), word != "-" {
            arguments.removeFirst()
            if word == "--" { break }
            if word.hasPrefix("-F") || word.hasPrefix("--field-separator") {
                var value = word.hasPrefix("-F") ? String(word.dropFirst(2)) : ""
                if let eq = word.firstIndex(of: "="), word.hasPrefix("--") { value = String(word[word.index(after: eq)...]) }
                if value.isEmpty && !word.contains("=") {
                    guard let next = arguments.popFirst() else {
                        context.err("awk: option requires an argument -- 'F'\n")
                        return 2
                    }
                    value = next
                }
                separator = unescape(value)
                continue
            }
            return context.notSimulated("awk \(word)", status: 2)
        }
        guard let source = arguments.popFirst() else { return context.notSimulated("awk without a program", status: 2) }
        guard separator != "" else { return context.notSimulated("awk -F ''", status: 2) }
        var parser = AwkParser(source)
        guard let program = parser.program() else {
            context.err("kubedojo: this awk program is not simulated: \(source)\n")
            return 2
        }
        var fieldRegex: TextRegex?
        if separator.unicodeScalars.count > 1 {
            switch PosixRegex.compile(separator, extended: true) {
            case .success(let regex): fieldRegex = regex
            case .failure:
                context.err("kubedojo: this awk field separator is not simulated: \(separator)\n")
                return 2
            }
        }
        let files = Array(arguments)
        if let assignment = files.first(where: { $0.contains("=") && Tokenizer.isName(String($0.prefix { $0 != "=" })) }) {
            return context.notSimulated("awk variable assignment \(assignment)", status: 2)
        }
        var state = AwkState(separator: separator, fieldRegex: fieldRegex)
        var output = ""
        for file in files.isEmpty ? ["-"] : files {
            let text: String
            switch context.input(file) {
            case .success(let contents): text = contents
            case .failure(.isADirectory):
                context.out(output)
                output = ""
                context.err("awk: warning: command line argument `\(file)' is a directory: skipped\n")
                continue
            case .failure(let failure):
                context.out(output)
                context.err("awk: fatal: cannot open file `\(file)' for reading: \(failure.message)\n")
                return 2
            }
            state.fileRecord = 0
            do {
                for record in TextLines.split(text).lines {
                    try state.begin(record)
                    for rule in program {
                        if let pattern = rule.pattern, try !state.matches(pattern) { continue }
                        for items in rule.prints {
                            output += (items.isEmpty ? record : items.map(state.value).joined(separator: " ")) + "\n"
                        }
                    }
                }
            } catch {
                context.out(output)
                context.err(RegexBudget.message(tool: "awk"))
                return 2
            }
        }
        context.out(output)
        return 0
    }

    /// awk's escape sequences in `-F` values and string literals.
    static func unescape(_ text: String) -> String {
        var result = ""
        var escaped = false
        for c in text {
            if escaped {
                escaped = false
                switch c {
                case "n": result += "\n"
                case "t": result += "\t"
                case "r": result += "\r"
                case "\\", "\"", "/": result.append(c)
                default: result += "\\" + String(c)
                }
            } else if c == "\\" {
                escaped = true
            } else {
                result.append(c)
            }
        }
        return escaped ? result + "\\" : result
    }
}

/// The simulated subset of awk: rules of an optional pattern and a list of `print` statements.
struct AwkRule {
    enum Pattern {
        case regex(TextRegex, field: Int, negated: Bool)
        case compare(AwkItem, String, Double)
    }

    var pattern: Pattern?
    /// Each `print`'s items; an empty list prints the record.
    var prints: [[AwkExpression]]
}

/// One operand of `print`: terms written side by side are concatenated.
typealias AwkExpression = [AwkItem]

enum AwkItem {
    case field(Int)
    /// `$NF` and `$(NF-k)`
    case fieldFromEnd(Int)
    case recordNumber, fileRecordNumber, fieldCount
    case text(String)
}

/// What awk knows while reading a record.
struct AwkState {
    let separator: String
    let fieldRegex: TextRegex?
    var recordNumber = 0
    var fileRecord = 0
    var record = ""
    var fields: [String] = []
    /// Regex work left for the whole command.
    private var budget = RegexBudget()

    init(separator: String, fieldRegex: TextRegex?) {
        self.separator = separator
        self.fieldRegex = fieldRegex
    }

    mutating func begin(_ text: String) throws(RegexBudget.Exhausted) {
        recordNumber += 1
        fileRecord += 1
        record = text
        fields = try split(text)
    }

    private mutating func split(_ text: String) throws(RegexBudget.Exhausted) -> [String] {
        if separator == " " {
            return text.unicodeScalars.split { $0 == " " || $0 == "\t" || $0 == "\n" }.map { String(Substring($0)) }
        }
        if text.isEmpty { return [] }
        if let fieldRegex {
            var result: [String] = []
            var start = text.startIndex
            for match in try fieldRegex.allMatches(in: text, budget: &budget) where !match.range.isEmpty {
                result.append(String(text.unicodeScalars[start..<match.range.lowerBound]))
                start = match.range.upperBound
            }
            return result + [String(text.unicodeScalars[start...])]
        }
        let mark = separator.unicodeScalars.first ?? " "
        return text.unicodeScalars.split(separator: mark, omittingEmptySubsequences: false).map { String(Substring($0)) }
    }

    func value(_ expression: AwkExpression) -> String {
        expression.map { item in
            switch item {
            case .field(0): record
            case .field(let index): index <= fields.count ? fields[index - 1] : ""
            case .fieldFromEnd(let back):
                fields.count == back ? record : fields.count > back ? fields[fields.count - back - 1] : ""
            case .recordNumber: String(recordNumber)
            case .fileRecordNumber: String(fileRecord)
            case .fieldCount: String(fields.count)
            case .text(let text): text
            }
        }.joined()
    }

    mutating func matches(_ pattern: AwkRule.Pattern) throws(RegexBudget.Exhausted) -> Bool {
        switch pattern {
        case .regex(let regex, let field, let negated):
            let subject = field == 0 ? record : value([.field(field)])
            return try regex.hasMatch(in: subject, budget: &budget) != negated
        case .compare(let item, let op, let number):
            let left = Double(value([item])) ?? 0
            switch op {
            case "==": return left == number
            case "!=": return left != number
            case "<": return left < number
            case "<=": return left <= number
            case ">": return left > number
            default: return left >= number
            }
        }
    }
}
