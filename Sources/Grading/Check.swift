/// How a probed value is judged; strings are templates.
public indirect enum Matcher: Sendable, Hashable {
    case equals(String)
    case contains(String)
    case matches(String)
    case oneOf([String])
    /// A list has exactly this many items (a text counts as its non-empty lines).
    case count(String)
    /// A number (or a list's length) is at least / at most this.
    case atLeast(String)
    case atMost(String)
    /// Every listed value is one of the list's items (a text: one of its lines).
    case includes([String])
    /// Every item of a non-empty list satisfies the matcher.
    case each(Matcher)
    /// The file is missing, or no command matched.
    case absent
    /// The file exists, or at least one command was typed.
    case present
    case all([Matcher])
    case any([Matcher])
    case not(Matcher)
}

/// A named, parameterised check from `Graders/*.yaml`.
public struct GraderDefinition: Sendable, Hashable {
    public var name: String
    public var summary: String
    public var parameters: [String]
    public var probe: Probe
    public var matcher: Matcher
    public var passFeedback: String
    public var failFeedback: String
    /// Faults (as `:fault` takes them, templates) injected into a copy of the cluster before
    /// probing: how "the cluster survives losing X" is graded without touching the learner's.
    public var inject: [String]

    public init(
        name: String, summary: String, parameters: [String], probe: Probe, matcher: Matcher,
        passFeedback: String, failFeedback: String, inject: [String] = []
    ) {
        self.inject = inject
        self.name = name
        self.summary = summary
        self.parameters = parameters
        self.probe = probe
        self.matcher = matcher
        self.passFeedback = passFeedback
        self.failFeedback = failFeedback
    }
}

/// A grader used by a scenario: the definition, its arguments and its weight.
public struct Check: Sendable, Hashable {
    public var id: String
    public var grader: GraderDefinition
    public var arguments: [String: String]
    public var points: Int
    /// Coaching checks give advice and never count toward the score.
    public var coaching: Bool
    /// More faults for this use of the grader, injected after the grader's own.
    public var inject: [String]

    public init(
        id: String, grader: GraderDefinition, arguments: [String: String], points: Int, coaching: Bool,
        inject: [String] = []
    ) {
        self.inject = inject
        self.id = id
        self.grader = grader
        self.arguments = arguments
        self.points = points
        self.coaching = coaching
    }
}

/// The outcome of one check.
public struct CheckResult: Sendable, Hashable, Codable {
    public var id: String
    public var passed: Bool
    public var earned: Int
    public var points: Int
    public var coaching: Bool
    public var feedback: String
}

/// All checks of one grading run.
public struct GradeReport: Sendable, Hashable, Codable {
    public var results: [CheckResult]

    public var earned: Int { results.filter { !$0.coaching }.map(\.earned).reduce(0, +) }
    public var maximum: Int { results.filter { !$0.coaching }.map(\.points).reduce(0, +) }
    /// Whole percent, rounded half up; 0 when nothing can be earned.
    public var percent: Int { maximum == 0 ? 0 : (earned * 200 + maximum) / (maximum * 2) }
    /// The line every `:check` ends with.
    public var scoreLine: String { "Score: \(earned)/\(maximum) (\(percent)%)" }
}
