/// Opens a file's text in a real text editor and hands back what was saved: the one door from
/// the simulated shell to the learner's terminal. The trainer supplies it on interactive
/// terminals; the shell itself never starts a process.
public protocol ExternalEditor: Sendable {
    /// Edits `text`; `name` suggests a file name (for syntax highlighting), `command` is the
    /// editor the learner typed (`vi`, `vim` or `nano`).
    func edit(_ text: String, name: String, command: String) -> Result<String, EditorFailure>
}

/// Why a real editor could not edit a file, in words for the learner.
public struct EditorFailure: Error, Sendable, Hashable {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }
}
