/// A lexical unit of a command line.
public enum Token: Sendable, Hashable {
    case word(Word)
    /// `|`, `||`, `&&`, `;`, `&`
    case control(String)
    /// A redirection operator with its file descriptor: `>`, `>>`, `<`, `2>`, `2>>`, `2>&1`, `&>`.
    case redirect(String)
}

/// A syntax error, worded as bash words it.
public struct SyntaxError: Error, Sendable, Hashable {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }
}
