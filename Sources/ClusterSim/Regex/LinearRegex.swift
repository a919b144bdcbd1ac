/// A `LinearPattern` compiled for a Pike VM: a Thompson NFA run over the text once, every
/// alternative advancing in step, so a match takes time linear in the text whatever the pattern
/// (RE2's and GNU grep's guarantee; a backtracking engine such as Swift's `Regex` takes
/// exponential time on `(a|aa)*c` against a line of a's). Threads keep the order a backtracking
/// engine would try them in, so the match found and its groups are the ones `Regex` finds.
///
/// A pattern with back-references cannot be matched this way (no engine matches them in
/// linear time); the same program is then run by backtracking. Either way every step is taken
/// from a `RegexBudget`, so no pattern and text can keep the trainer busy for long.
struct LinearRegex: Sendable {
    enum Op: Sendable {
        case test(Int)
        /// Try the first target, then the second.
        case split(Int, Int)
        case jump(Int)
        case save(Int)
        case start, end, lineStart, lineEnd
        case look(Int, negated: Bool)
        case wordBoundary(negated: Bool)
        case backreference(Int)
        /// A lookahead's body follows, up to its `lookEnd`; matching goes on at `end`.
        case lookStart(negated: Bool, end: Int)
        case lookEnd
        /// Where an iteration of a loop whose body can match nothing starts, and its end: an
        /// iteration that consumed nothing leaves the loop (keeping its groups), as `Regex` does.
        case loopStart(Int)
        case loopEnd(Int, head: Int, exit: Int)
        case accept
    }

    /// What a search asks for: whether there is a match at all, whether the whole text matches,
    /// or the leftmost match and its groups.
    enum Mode {
        case exists, whole, leftmost
    }

    /// Programs larger than this (`(a{1000}){100}`) are not compiled: the pattern is unsupported.
    static let maximumProgram = 20_000

    let program: [Op]
    let tests: [CharacterTest]
    let groups: Int
    /// Loops that check their progress.
    let loops: Int
    /// The test for a word character (`\w`), for word boundaries.
    let word: CharacterTest
    /// Whether the program has back-references, and so runs by backtracking.
    let backtracks: Bool
    /// Whether a back-reference matches its group's text in either case.
    let ignoreCase: Bool

    init?(_ pattern: LinearPattern, groups: Int, ignoreCase: Bool, scalar: Bool) {
        var compiler = Compiler(ignoreCase: ignoreCase, scalar: scalar)
        guard compiler.emit(pattern) else { return nil }
        compiler.program.append(.accept)
        guard compiler.program.count <= Self.maximumProgram else { return nil }
        program = compiler.program
        tests = compiler.tests
        loops = compiler.loops
        self.groups = groups
        self.ignoreCase = ignoreCase
        word = CharacterTest.make("\\w", ignoreCase: false, scalar: scalar)
        backtracks = program.contains {
            switch $0 {
            case .backreference, .lookStart: true
            default: false
            }
        }
    }

    private struct Compiler {
        let ignoreCase: Bool
        let scalar: Bool
        var program: [Op] = []
        var tests: [CharacterTest] = []
        var testIndex: [ExactText: Int] = [:]
        var loops = 0

        mutating func test(_ source: String) -> Int {
            if let known = testIndex[ExactText(source)] { return known }
            tests.append(CharacterTest.make(source, ignoreCase: ignoreCase, scalar: scalar))
            testIndex[ExactText(source)] = tests.count - 1
            return tests.count - 1
        }

        /// Appends the pattern's code; false once the program grows past the limit.
        mutating func emit(_ pattern: LinearPattern) -> Bool {
            guard program.count <= LinearRegex.maximumProgram else { return false }
            switch pattern {
            case .empty: return true
            case .element(let source): program.append(.test(test(source)))
            case .start: program.append(.start)
            case .end: program.append(.end)
            case .lineStart: program.append(.lineStart)
            case .lineEnd: program.append(.lineEnd)
            case .look(let source, let negated): program.append(.look(test(source), negated: negated))
            case .wordBoundary(let negated): program.append(.wordBoundary(negated: negated))
            case .backreference(let group): program.append(.backreference(group))
            case .lookahead(let inner, let negated):
                let at = program.count
                program.append(.lookStart(negated: negated, end: 0))
                guard emit(inner) else { return false }
                program.append(.lookEnd)
                program[at] = .lookStart(negated: negated, end: program.count)
            case .group(let inner, let capture):
                if let capture { program.append(.save(2 * capture)) }
                guard emit(inner) else { return false }
                if let capture { program.append(.save(2 * capture + 1)) }
            case .concat(let items):
                for item in items where !emit(item) { return false }
            case .alternation(let branches):
                var jumps: [Int] = []
                for (index, branch) in branches.enumerated() {
                    let split = program.count
                    if index < branches.count - 1 { program.append(.split(split + 1, 0)) }
                    guard emit(branch) else { return false }
                    if index < branches.count - 1 {
                        jumps.append(program.count)
                        program.append(.jump(0))
                        program[split] = .split(split + 1, program.count)
                    }
                }
                for jump in jumps { program[jump] = .jump(program.count) }
            case .repetition(let inner, let min, let max, let greedy):
                for _ in 0..<min where !emit(inner) { return false }
                if let max {
                    // Each optional copy may be skipped to the end of all of them.
                    var splits: [Int] = []
                    for _ in min..<max {
                        splits.append(program.count)
                        program.append(.split(0, 0))
                        guard emit(inner) else { return false }
                    }
                    for split in splits { program[split] = choice(split + 1, program.count, greedy) }
                } else {
                    let loop = program.count
                    program.append(.split(0, 0))
                    let checked = inner.canMatchEmpty ? loops : nil
                    if let checked {
                        loops += 1
                        program.append(.loopStart(checked))
                    }
                    guard emit(inner) else { return false }
                    program.append(checked.map { .loopEnd($0, head: loop, exit: program.count + 1) } ?? .jump(loop))
                    program[loop] = choice(loop + 1, program.count, greedy)
                }
            }
            return program.count <= LinearRegex.maximumProgram
        }

        func choice(_ body: Int, _ exit: Int, _ greedy: Bool) -> Op { greedy ? .split(body, exit) : .split(exit, body) }
    }

    private struct Thread {
        var pc: Int
        var slots: [Int]
        /// Where the current iteration of each checked loop started.
        var starts: [Int]
    }

    /// Searches `text` from `start`. Returns the match's slots (two per group, group 0 the whole
    /// match; -1 unset) for `.leftmost`, and an empty array for a match in the other modes.
    func search(_ text: [Character], from start: Int, mode: Mode, budget: inout RegexBudget) throws(RegexBudget.Exhausted)
        -> [Int]?
    {
        if backtracks { return try backtrack(text, from: start, mode: mode, budget: &budget) }
        if mode != .leftmost { return try anyMatch(text, from: start, whole: mode == .whole, budget: &budget) ? [] : nil }
        // The leftmost match and its groups, by a Pike VM whose threads carry their groups. Most
        // lines hold no match: the simulation without groups says so first, at a fraction of the cost.
        guard try anyMatch(text, from: start, whole: false, budget: &budget) else { return nil }
        let slotCount = 2 * (groups + 1)
        var marks = Marks(program: program.count, checked: loops > 0)
        var current: [Thread] = []
        var next: [Thread] = []
        var matched: [Int]?
        var position = start
        // One turn per character of the text, at most.
        while true {
            if matched == nil {
                var slots = [Int](repeating: -1, count: slotCount)
                slots[0] = position
                let starts = [Int](repeating: -1, count: loops)
                add(&current, Thread(pc: 0, slots: slots, starts: starts), at: position, in: text, marks: &marks)
            }
            // No thread left: done once a match is found.
            if current.isEmpty, matched != nil { break }
            try budget.spend(current.count + marks.entered)
            marks.entered = 0
            threads: for thread in current {
                switch program[thread.pc] {
                case .test(let index):
                    if position < text.count, tests[index].matches(text[position]) {
                        var moved = thread
                        moved.pc += 1
                        add(&next, moved, at: position + 1, in: text, marks: &marks)
                    }
                case .accept:
                    matched = thread.slots
                    matched?[1] = position
                    // Threads after this one would only give matches a backtracking engine never reaches.
                    break threads
                default: break
                }
            }
            guard position < text.count else { break }
            swap(&current, &next)
            next.removeAll(keepingCapacity: true)
            position += 1
        }
        return matched
    }

    /// Whether any way through the program reaches `accept` (from `start`, or at every position
    /// but for `whole`): Thompson's simulation over instruction numbers alone. With no groups
    /// to report, the order of alternatives and the loops' empty-iteration rule change nothing
    /// (an iteration that consumed nothing leads where leaving the loop does), so a thread is
    /// its instruction, and nothing is allocated per step.
    private func anyMatch(_ text: [Character], from start: Int, whole: Bool, budget: inout RegexBudget)
        throws(RegexBudget.Exhausted) -> Bool
    {
        var current: [Int] = []
        var next: [Int] = []
        var stack: [Int] = []
        current.reserveCapacity(program.count)
        next.reserveCapacity(program.count)
        var stamps = [Int](repeating: -1, count: program.count)
        var entered = 0
        /// Adds `first` and every instruction reachable from it without a character at `position`.
        func follow(_ first: Int, at position: Int, into list: inout [Int]) {
            stack.append(first)
            // Each instruction is entered at most once per position.
            while let pc = stack.popLast() {
                guard stamps[pc] != position else { continue }
                stamps[pc] = position
                entered += 1
                let op = program[pc]
                switch op {
                case .jump(let target): stack.append(target)
                case .split(let first, let second), .loopEnd(_, let first, let second):
                    stack.append(second)
                    stack.append(first)
                case .save, .loopStart: stack.append(pc + 1)
                case .start, .end, .lineStart, .lineEnd, .look, .wordBoundary:
                    if holds(op, at: position, in: text) { stack.append(pc + 1) }
                case .test, .accept: list.append(pc)
                case .backreference, .lookStart, .lookEnd: break  // programs with these backtrack
                }
            }
        }
        var position = start
        // One turn per character of the text, at most.
        while true {
            if !whole || position == start { follow(0, at: position, into: &current) }
            if current.isEmpty, whole { return false }
            try budget.spend(current.count + entered)
            entered = 0
            for pc in current {
                switch program[pc] {
                case .test(let index):
                    if position < text.count, tests[index].matches(text[position]) { follow(pc + 1, at: position + 1, into: &next) }
                case .accept:
                    if !whole || position == text.count { return true }
                default: break
                }
            }
            guard position < text.count else { return false }
            swap(&current, &next)
            next.removeAll(keepingCapacity: true)
            position += 1
        }
    }

    /// Follows jumps, splits, saves and assertions from `thread` at `position`, in the order a
    /// backtracking engine would, and queues the threads that wait for a character or accept.
    /// `marks` keeps each instruction to the first (highest-priority) thread that reaches it (in
    /// each state of the loops' progress checks).
    private func add(_ list: inout [Thread], _ thread: Thread, at position: Int, in text: [Character], marks: inout Marks) {
        var stack = [thread]
        // Each instruction is entered at most once per position.
        while var thread = stack.popLast() {
            guard marks.visit(thread, at: position) else { continue }
            marks.entered += 1
            switch program[thread.pc] {
            case .jump(let target):
                thread.pc = target
                stack.append(thread)
            case .split(let first, let second):
                var other = thread
                other.pc = second
                stack.append(other)
                thread.pc = first
                stack.append(thread)
            case .save(let slot):
                thread.slots[slot] = position
                thread.pc += 1
                stack.append(thread)
            case .start, .end, .lineStart, .lineEnd, .look, .wordBoundary:
                guard holds(program[thread.pc], at: position, in: text) else { continue }
                thread.pc += 1
                stack.append(thread)
            case .backreference, .lookStart, .lookEnd:
                // Programs with these run by backtracking.
                continue
            case .loopStart(let loop):
                thread.starts[loop] = position
                thread.pc += 1
                stack.append(thread)
            case .loopEnd(let loop, let head, let exit):
                thread.pc = thread.starts[loop] == position ? exit : head
                stack.append(thread)
            case .test, .accept:
                list.append(thread)
            }
        }
    }
}

extension LinearRegex {
    /// Whether an assertion (a lookaround or a word boundary) holds at `position`.
    func holds(_ op: Op, at position: Int, in text: [Character]) -> Bool {
        switch op {
        case .start: return position == 0
        case .end: return position == text.count
        case .lineStart: return position == 0 || text[position - 1].isNewline
        case .lineEnd: return position == text.count || text[position].isNewline
        case .look(let index, let negated):
            let found = position < text.count && tests[index].matches(text[position])
            return found != negated
        case .wordBoundary(let negated):
            let before = position > 0 && word.matches(text[position - 1])
            let after = position < text.count && word.matches(text[position])
            return (before != after) != negated
        default: return true
        }
    }

    /// The instructions entered at one position. With checked loops, a thread whose current
    /// iteration started here leaves the loop where another would go round it again, so the two
    /// are told apart (by the first 16 loops).
    private struct Marks {
        var stamps: [Int]
        var position = -1
        var seen: Set<Int> = []
        let checked: Bool
        /// Instructions entered since the budget was last charged.
        var entered = 0

        init(program: Int, checked: Bool) {
            stamps = [Int](repeating: -1, count: checked ? 0 : program)
            self.checked = checked
        }

        /// Whether this is the first thread at its instruction and state here.
        mutating func visit(_ thread: Thread, at position: Int) -> Bool {
            guard checked else {
                defer { stamps[thread.pc] = position }
                return stamps[thread.pc] != position
            }
            if position != self.position {
                self.position = position
                seen.removeAll(keepingCapacity: true)
            }
            var state = 0
            for (loop, start) in thread.starts.prefix(16).enumerated() where start == position { state |= 1 << loop }
            return seen.insert(thread.pc << 16 | state).inserted
        }
    }
}

extension LinearPattern {
    /// Whether the pattern can match without consuming a character.
    var canMatchEmpty: Bool {
        switch self {
        case .element: false
        case .empty, .start, .end, .lineStart, .lineEnd, .look, .lookahead, .wordBoundary, .backreference: true
        case .group(let inner, _): inner.canMatchEmpty
        case .concat(let items): items.allSatisfy(\.canMatchEmpty)
        case .alternation(let branches): branches.contains(where: \.canMatchEmpty)
        case .repetition(let inner, let min, _, _): min == 0 || inner.canMatchEmpty
        }
    }
}
