/// A lexical unit of a command line.
public enum Token: Sendable, Hashable {
    case word(Word)
    /// `|`, `||`, `&&`, `;`, `&`, and `\n` (a newline ends a command like `;`).
    case control(String)
    /// A redirection operator with its file descriptor: `>`, `>>`, `<`, `<<<`, `2>`, `2>>`, `2>&1`, `&>`.
    case redirect(String)
    /// A here-document (`<<EOF` ... `EOF`) with its body, which is the command's standard input.
    case heredoc(Word)
}

/// A syntax error, worded as bash words it.
public struct SyntaxError: Error, Sendable, Hashable {
    public var message: String
    /// True when more input lines could complete the command (an open quote, a trailing `|`):
    /// an interactive shell then asks for a continuation line instead of failing.
    public var needsMoreInput: Bool
    /// The closing character the text lacks (`'`, `"`, `` ` `` or `)`), when that is what it lacks.
    public var unmatched: Character?

    public init(_ message: String, needsMoreInput: Bool = false) {
        self.message = message
        self.needsMoreInput = needsMoreInput
    }

    static func unmatched(_ quote: Character) -> SyntaxError {
        var error = SyntaxError("unexpected EOF while looking for matching `\(quote)'", needsMoreInput: true)
        error.unmatched = quote
        return error
    }
}

/// The line a here-document waits for, and where it started.
public struct HeredocEnd: Sendable, Hashable {
    public var delimiter: String
    /// `<<-` removes leading tabs from the body and from the delimiter line.
    public var stripsTabs: Bool
    /// The 1-based line of the command text holding the `<<`.
    public var line: Int

    /// Whether a typed line closes this here-document.
    public func isEnd(_ text: Substring) -> Bool {
        (stripsTabs ? text.drop { $0 == "\t" } : text) == delimiter
    }
}
