import ClusterSim

/// One pass of a sed program over a stream of lines: range states, the line number, the output.
struct SedRun {
    let program: SedProgram
    let quiet: Bool
    private var active: [Bool]
    private var rangeEnd: [Int]
    private var lineNumber = 0
    var output = SedOutput()
    private(set) var quitStatus: Int32?
    /// Regex work left for the whole command.
    private var budget = RegexBudget()
    /// Whether matching ran out of budget: the run stops with status 4 and nothing more is output.
    private(set) var exhausted = false

    init(program: SedProgram, quiet: Bool) {
        self.program = program
        self.quiet = quiet
        active = []
        rangeEnd = []
        restart()
    }

    /// Line numbers and ranges start over (each file under `-s` and `-i`).
    mutating func restart() {
        lineNumber = 0
        rangeEnd = program.commands.map { _ in 0 }
        active = program.commands.map { command in
            if case .line(0)? = command.first { return true }
            return false
        }
    }

    mutating func cycle(_ line: String, terminated: Bool, isLast: Bool) {
        var appended: [String] = []
        runCycle(line, terminated: terminated, isLast: isLast, appended: &appended)
        // `a` text goes out at the end of the cycle, whether the line was printed or deleted.
        for text in appended { output.emit(text, newline: true) }
    }

    private mutating func runCycle(_ line: String, terminated: Bool, isLast: Bool, appended: inout [String]) {
        lineNumber += 1
        var space = line
        var index = 0
        // Jumps only go forward (past a block), so this visits each command at most once.
        while index < program.commands.count {
            let command = program.commands[index]
            index += 1
            guard matches(index - 1, command, space, isLast: isLast) != command.negated else {
                if case .block(let end) = command.action { index = max(index, end + 1) }
                continue
            }
            switch command.action {
            case .block, .blockEnd: continue
            case .substitute(let substitution):
                let replaced: String?
                do {
                    replaced = try Self.substitute(substitution, in: space, budget: &budget)
                } catch {
                    stop()
                    return
                }
                if let replaced {
                    space = replaced
                    if substitution.print { output.emit(space, newline: terminated) }
                }
            case .delete: return
            case .print: output.emit(space, newline: terminated)
            case .lineNumber: output.emit(String(lineNumber), newline: true)
            case .insert(let text): output.emit(text, newline: true)
            case .append(let text): appended.append(text)
            case .quit(let code):
                if !quiet { output.emit(space, newline: terminated) }
                quitStatus = code
                return
            }
        }
        if !quiet { output.emit(space, newline: terminated) }
    }

    /// Ends the run when a regex ran out of budget.
    private mutating func stop() {
        exhausted = true
        quitStatus = 4
    }

    private mutating func matchesOne(_ address: SedProgram.Address, _ space: String, isLast: Bool) -> Bool {
        switch address {
        case .line(let number): return lineNumber == number
        case .last: return isLast
        case .regex(let regex):
            do {
                return try regex.hasMatch(in: space, budget: &budget)
            } catch {
                stop()
                return false
            }
        case .step(let first, let step):
            return step <= 0 ? lineNumber == first : lineNumber >= first && (lineNumber - first) % step == 0
        case .following: return false
        }
    }

    private mutating func matches(_ index: Int, _ command: SedProgram.Command, _ space: String, isLast: Bool) -> Bool {
        guard let first = command.first else { return true }
        guard let second = command.second else { return matchesOne(first, space, isLast: isLast) }
        if !active[index] {
            guard matchesOne(first, space, isLast: isLast) else { return false }
            switch second {
            case .line(let number): active[index] = lineNumber < number
            case .following(let count):
                rangeEnd[index] = lineNumber + count
                active[index] = count > 0
            case .last: active[index] = !isLast
            default: active[index] = true
            }
            return true
        }
        switch second {
        case .line(let number), .following(let number):
            let end = { if case .following = second { rangeEnd[index] } else { number } }()
            if lineNumber >= end { active[index] = false }
            return lineNumber <= end
        case .last:
            if isLast { active[index] = false }
        default:
            if matchesOne(second, space, isLast: isLast) { active[index] = false }
        }
        return true
    }

    /// The pattern space after `s`, or nil when nothing matched. An empty match right after the
    /// previous match does not count, as in GNU sed.
    static func substitute(_ substitution: SedProgram.Substitution, in space: String, budget: inout RegexBudget)
        throws(RegexBudget.Exhausted) -> String?
    {
        var result = ""
        var count = 0
        var copied = space.startIndex
        var previousEnd: String.Index?
        var replaced = false
        for match in try substitution.regex.allMatches(in: space, budget: &budget) {
            if match.range.isEmpty && match.range.lowerBound == previousEnd { continue }
            previousEnd = match.range.upperBound
            count += 1
            if count < substitution.occurrence { continue }
            result += String(space.unicodeScalars[copied..<match.range.lowerBound])
            for piece in substitution.replacement {
                switch piece {
                case .text(let text): result += text
                case .group(let group):
                    if group < match.groups.count, let range = match.groups[group] { result += String(space.unicodeScalars[range]) }
                }
            }
            copied = match.range.upperBound
            replaced = true
            if !substitution.global { break }
        }
        guard replaced else { return nil }
        return result + String(space.unicodeScalars[copied...])
    }
}

/// sed's output: a last line that had no newline gets one only if something follows it.
struct SedOutput {
    var text = ""
    private var missingNewline = false

    mutating func emit(_ line: String, newline: Bool) {
        if missingNewline { text += "\n" }
        text += line
        if newline { text += "\n" }
        missingNewline = !newline
    }
}
