/// Back-references and lookaheads of more than one character: the same program run by
/// backtracking, every instruction taken from the budget.
extension LinearRegex {
    /// One state of a backtracking search: where in the program and the text, the groups (as
    /// last completed: a back-reference inside a group's next iteration sees the previous one),
    /// where each group now open began, and where the current iteration of each checked loop began.
    private struct Frame {
        var pc: Int
        var position: Int
        var slots: [Int]
        var opens: [Int]
        var starts: [Int]
    }

    /// The leftmost match by backtracking, trying alternatives in the order `Regex` does (the
    /// same program as the Pike VM: splits try their first target first).
    func backtrack(_ text: [Character], from start: Int, mode: Mode, budget: inout RegexBudget)
        throws(RegexBudget.Exhausted) -> [Int]?
    {
        let last = mode == .whole ? start : text.count
        guard start <= last else { return nil }
        // One turn per start position.
        for origin in start...last {
            let first = Frame(
                pc: 0, position: origin, slots: [Int](repeating: -1, count: 2 * (groups + 1)),
                opens: [Int](repeating: -1, count: groups + 1), starts: [Int](repeating: -1, count: loops))
            if var found = try run(first, in: text, mode: mode, budget: &budget) {
                found.slots[0] = origin
                found.slots[1] = found.position
                return mode == .leftmost ? found.slots : []
            }
        }
        return nil
    }

    /// Runs from `first` to the program's `accept` (or, for a lookahead's body, its `lookEnd`),
    /// backtracking on failure; the frame that got there, or nil. Every instruction executed is
    /// taken from the budget, which bounds the whole search; lookaheads nest no deeper than the
    /// pattern (64).
    private func run(_ first: Frame, in text: [Character], mode: Mode, budget: inout RegexBudget)
        throws(RegexBudget.Exhausted) -> Frame?
    {
        var stack = [first]
        // Each turn executes one instruction or abandons a frame; the budget bounds both.
        while var frame = stack.popLast() {
            running: while true {
                try budget.spend(1)
                let op = program[frame.pc]
                switch op {
                case .test(let index):
                    guard frame.position < text.count, tests[index].matches(text[frame.position]) else { break running }
                    frame.position += 1
                    frame.pc += 1
                case .split(let first, let second):
                    var other = frame
                    other.pc = second
                    stack.append(other)
                    frame.pc = first
                case .jump(let target): frame.pc = target
                case .save(let slot) where slot % 2 == 0:
                    frame.opens[slot / 2] = frame.position
                    frame.pc += 1
                case .save(let slot):
                    frame.slots[slot - 1] = frame.opens[slot / 2]
                    frame.slots[slot] = frame.position
                    frame.pc += 1
                case .start, .end, .lineStart, .lineEnd, .look, .wordBoundary:
                    guard holds(op, at: frame.position, in: text) else { break running }
                    frame.pc += 1
                case .backreference(let group):
                    let (from, to) = (frame.slots[2 * group], frame.slots[2 * group + 1])
                    guard from >= 0, to >= from, frame.position + (to - from) <= text.count else { break running }
                    for offset in 0..<(to - from) where !same(text[from + offset], text[frame.position + offset]) {
                        break running
                    }
                    frame.position += to - from
                    frame.pc += 1
                case .lookStart(let negated, let end):
                    var body = frame
                    body.pc += 1
                    // A lookahead is atomic: its first way through counts, and its groups are kept.
                    let found = try run(body, in: text, mode: .leftmost, budget: &budget)
                    guard (found != nil) != negated else { break running }
                    if let found, !negated { frame.slots = found.slots }
                    frame.pc = end
                case .lookEnd: return frame
                case .loopStart(let loop):
                    frame.starts[loop] = frame.position
                    frame.pc += 1
                case .loopEnd(let loop, let head, let exit):
                    frame.pc = frame.starts[loop] == frame.position ? exit : head
                case .accept:
                    guard mode != .whole || frame.position == text.count else { break running }
                    return frame
                }
            }
        }
        return nil
    }

    /// Whether a back-reference's character equals the text's (letters of either case, ignoring case).
    private func same(_ a: Character, _ b: Character) -> Bool {
        a == b || (ignoreCase && a.lowercased() == b.lowercased())
    }
}
