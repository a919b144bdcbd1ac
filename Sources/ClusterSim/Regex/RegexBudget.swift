/// Work a regex may do for one command: every step of a match is taken from it, so that no
/// pattern and text (a back-reference's backtracking, a large program over a long line) can keep
/// the trainer busy for more than about half a second. The tools report running out.
public struct RegexBudget: Sendable {
    /// Steps left.
    public private(set) var steps: Int

    /// About half a second of backtracking in a release build on this machine class (measured:
    /// 0.55 s for `grep -E '^(a*)*\1$'` run out of budget, start-up included); far more than
    /// any real command needs.
    public static let perCommand = 30_000_000

    public init(steps: Int = RegexBudget.perCommand) {
        self.steps = steps
    }

    public struct Exhausted: Error, Sendable {}

    mutating func spend(_ count: Int) throws(Exhausted) {
        steps -= count
        if steps < 0 { throw Exhausted() }
    }
}
