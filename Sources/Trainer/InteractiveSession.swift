import ClusterSim
import Shell

/// What a session hands back for one typed line: the text to print and whether to leave.
public struct SessionReply: Sendable, Equatable {
    public var segments: [OutputSegment]
    public var quit: Bool

    init(_ segments: [OutputSegment] = [], quit: Bool = false) {
        self.segments = segments
        self.quit = quit
    }

    static func text(_ text: String, quit: Bool = false) -> SessionReply {
        SessionReply([OutputSegment(.stdout, text)], quit: quit)
    }

    static func error(_ text: String) -> SessionReply { SessionReply([OutputSegment(.stderr, text)]) }
}

/// A session the read-eval-print loop drives (`App.loop`): a drill or the sandbox. The loop
/// owns the terminal and the clock; the session owns the cluster and decides what a line does.
public protocol InteractiveSession: AnyObject {
    /// The shell's prompt, or bash's `> ` while a command continues over several lines.
    var prompt: String { get }
    /// The trainer commands Tab completes after `:`.
    var metaCommands: [String] { get }
    /// Handles one typed line; `elapsedMilliseconds` is the thinking time since the last prompt.
    func process(_ line: String, elapsedMilliseconds: Int64) -> SessionReply
    /// Ctrl-C: drops a command being continued over several lines.
    func interrupt()
    /// End of input: runs a command still waiting for lines as bash would.
    func endOfInput() -> SessionReply
    /// What Tab does at this session's prompt (`PromptCompletion` over its commands, shell and cluster).
    func complete(line: String, cursor: Int) -> Completion
}

/// Gathers the lines of one command typed over several lines (a here-document, an open quote, a
/// trailing backslash) as bash does, with the thinking time of every line; sessions share it.
struct LineAssembler {
    enum Outcome: Equatable {
        /// The command goes on; nothing runs yet.
        case waiting
        /// A whole command and the thinking time of all its lines.
        case complete(String, milliseconds: Int64)
        /// The command grew past `maximumBytes` and was dropped; its thinking time is kept.
        case dropped(milliseconds: Int64)
    }

    /// The longest command text accepted across continuation lines.
    static let maximumBytes = 4 << 20
    static let droppedMessage = "kubedojo: the command grew past 4 MiB before it ended; it was dropped, nothing was run\n"

    private var pending: (text: String, waiting: Continuation, milliseconds: Int64)?

    var isContinuing: Bool { pending != nil }

    /// Takes one typed line. Lines starting with `:` are trainer commands and never continue.
    mutating func feed(_ line: String, elapsed: Int64) -> Outcome {
        guard let pending else {
            let trimmed = line.trimmed()
            if !trimmed.isEmpty, !trimmed.hasPrefix(":"), let waiting = Shell.continuation(line) {
                self.pending = (line, waiting, elapsed)
                return .waiting
            }
            return .complete(line, milliseconds: elapsed)
        }
        let text = pending.text + "\n" + line
        let milliseconds = pending.milliseconds &+ elapsed
        guard text.utf8.count <= Self.maximumBytes else {
            self.pending = nil
            return .dropped(milliseconds: milliseconds)
        }
        // While here-documents are open only their delimiter lines matter: no rescan per line.
        if let open = pending.waiting.heredocs.first {
            let rest = Array(pending.waiting.heredocs.dropFirst())
            if !open.isEnd(line[...]) || !rest.isEmpty {
                let waiting = open.isEnd(line[...]) ? Continuation(heredocs: rest) : pending.waiting
                self.pending = (text, waiting, milliseconds)
                return .waiting
            }
        }
        if let awaited = pending.waiting.awaiting, !line.contains(awaited) {
            self.pending = (text, pending.waiting, milliseconds)
            return .waiting
        }
        if let waiting = Shell.continuation(text) {
            self.pending = (text, waiting, milliseconds)
            return .waiting
        }
        self.pending = nil
        return .complete(text, milliseconds: milliseconds)
    }

    /// Ctrl-C: the command being continued is dropped whole.
    mutating func cancel() { pending = nil }

    /// End of input: the unfinished command, to run as bash runs it (an open here-document ends at
    /// end of file with a warning; an open quote is a syntax error).
    mutating func flush() -> (text: String, milliseconds: Int64)? {
        defer { pending = nil }
        return pending.map { ($0.text, $0.milliseconds) }
    }
}
