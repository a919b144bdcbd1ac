/// A `LinearPattern` compiled for a Pike VM: a Thompson NFA run over the text once, every
/// alternative advancing in step, so a match takes time linear in the text whatever the pattern
/// (RE2's and GNU grep's guarantee; a backtracking engine such as Swift's `Regex` takes
/// exponential time on `(a|aa)*c` against a line of a's). Threads keep the order a backtracking
/// engine would try them in, so the match found and its groups are the ones `Regex` finds.
struct LinearRegex: Sendable {
    enum Op: Sendable {
        case test(Int)
        /// Try the first target, then the second.
        case split(Int, Int)
        case jump(Int)
        case save(Int)
        case start, end
        case look(Int, ahead: Bool, negated: Bool)
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

    /// Programs larger than this (`a{1000}{1000}`) are left to `Regex`.
    static let maximumProgram = 20_000

    let program: [Op]
    let tests: [CharacterTest]
    let groups: Int
    /// Loops that check their progress.
    let loops: Int

    init?(_ pattern: LinearPattern, groups: Int, ignoreCase: Bool, scalar: Bool) {
        var compiler = Compiler(ignoreCase: ignoreCase, scalar: scalar)
        guard compiler.emit(pattern) else { return nil }
        compiler.program.append(.accept)
        guard compiler.program.count <= Self.maximumProgram else { return nil }
        program = compiler.program
        tests = compiler.tests
        loops = compiler.loops
        self.groups = groups
    }

    private struct Compiler {
        let ignoreCase: Bool
        let scalar: Bool
        var program: [Op] = []
        var tests: [CharacterTest] = []
        var testIndex: [String: Int] = [:]
        var loops = 0

        mutating func test(_ source: String) -> Int {
            if let known = testIndex[source] { return known }
            tests.append(CharacterTest.make(source, ignoreCase: ignoreCase, scalar: scalar))
            testIndex[source] = tests.count - 1
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
            case .look(let source, let ahead, let negated): program.append(.look(test(source), ahead: ahead, negated: negated))
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
    func search(_ text: [Character], from start: Int, mode: Mode) -> [Int]? {
        let slotCount = mode == .leftmost ? 2 * (groups + 1) : 0
        var marks = Marks(program: program.count, checked: loops > 0)
        var current: [Thread] = []
        var next: [Thread] = []
        var matched: [Int]?
        var position = start
        // One turn per character of the text, at most.
        while true {
            if matched == nil, mode != .whole || position == start {
                var slots = [Int](repeating: -1, count: slotCount)
                if mode == .leftmost { slots[0] = position }
                let starts = [Int](repeating: -1, count: loops)
                add(&current, Thread(pc: 0, slots: slots, starts: starts), at: position, in: text, marks: &marks)
            }
            // No thread left: done once a match is found (or the match had to start at `start`).
            if current.isEmpty, matched != nil || mode == .whole { break }
            threads: for thread in current {
                switch program[thread.pc] {
                case .test(let index):
                    if position < text.count, tests[index].matches(text[position]) {
                        var moved = thread
                        moved.pc += 1
                        add(&next, moved, at: position + 1, in: text, marks: &marks)
                    }
                case .accept:
                    if mode == .whole && position != text.count { continue }
                    if mode != .leftmost { return [] }
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

    /// Follows jumps, splits, saves and assertions from `thread` at `position`, in the order a
    /// backtracking engine would, and queues the threads that wait for a character or accept.
    /// `marks` keeps each instruction to the first (highest-priority) thread that reaches it (in
    /// each state of the loops' progress checks).
    private func add(_ list: inout [Thread], _ thread: Thread, at position: Int, in text: [Character], marks: inout Marks) {
        var stack = [thread]
        // Each instruction is entered at most once per position.
        while var thread = stack.popLast() {
            guard marks.visit(thread, at: position) else { continue }
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
                if slot < thread.slots.count { thread.slots[slot] = position }
                thread.pc += 1
                stack.append(thread)
            case .start, .end:
                guard position == (program[thread.pc].isStart ? 0 : text.count) else { continue }
                thread.pc += 1
                stack.append(thread)
            case .look(let index, let ahead, let negated):
                let neighbour = ahead ? position : position - 1
                let holds = neighbour >= 0 && neighbour < text.count && tests[index].matches(text[neighbour])
                guard holds != negated else { continue }
                thread.pc += 1
                stack.append(thread)
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
    /// The instructions entered at one position. With checked loops, a thread whose current
    /// iteration started here leaves the loop where another would go round it again, so the two
    /// are told apart (by the first 16 loops).
    private struct Marks {
        var stamps: [Int]
        var position = -1
        var seen: Set<Int> = []
        let checked: Bool

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
        case .empty, .start, .end, .look: true
        case .group(let inner, _): inner.canMatchEmpty
        case .concat(let items): items.allSatisfy(\.canMatchEmpty)
        case .alternation(let branches): branches.contains(where: \.canMatchEmpty)
        case .repetition(let inner, let min, _, _): min == 0 || inner.canMatchEmpty
        }
    }
}

extension LinearRegex.Op {
    var isStart: Bool {
        if case .start = self { return true }
        return false
    }
}
