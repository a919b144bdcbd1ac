#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
import CEditLine
import Shell

/// What reading one line can yield.
public enum LineEvent: Sendable, Equatable {
    case line(String)
    /// Ctrl-C: the line typed so far is dropped.
    case interrupted
    /// Ctrl-D or end of piped input.
    case endOfInput
    /// A line longer than the reader accepts; it was dropped whole.
    case tooLong
}

/// Completes the word at the cursor of a typed line (the cursor as a character offset).
public typealias CompletionHook = (_ line: String, _ cursor: Int) -> Completion

/// A source of typed lines: libedit on a terminal, plain reads otherwise.
public protocol LineReader: AnyObject {
    func read(prompt: String) -> LineEvent
    /// Adds a line to the recallable history (no-op for plain input).
    func remember(_ line: String)
    /// What Tab does; each session (drill, review, sandbox, exam) sets it to its own shell.
    var completion: CompletionHook? { get set }
}

/// Reads lines from standard input without echo or prompt decoration, for piped sessions.
public final class PlainLineReader: LineReader {
    /// Longest line accepted; longer input is cut and reported rather than exhausting memory.
    static let maximumLineBytes = 1 << 20
    private var pending: [UInt8] = []
    private var finished = false
    /// Set while skipping the rest of an over-long line.
    private var discarding = false
    /// Plain input has no Tab key; kept only to satisfy `LineReader`.
    public var completion: CompletionHook?

    public init() {}

    public func read(prompt: String) -> LineEvent {
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            if let newline = pending.firstIndex(of: 10) {
                let line = Array(pending[..<newline])
                pending.removeSubrange(...newline)
                if discarding || line.count > Self.maximumLineBytes {
                    discarding = false
                    return .tooLong
                }
                return .line(Self.decode(line))
            }
            if finished {
                guard !pending.isEmpty || discarding else { return .endOfInput }
                let line = pending
                pending = []
                if discarding || line.count > Self.maximumLineBytes {
                    discarding = false
                    return .tooLong
                }
                return .line(Self.decode(line))
            }
            let count = Glibc.read(0, &buffer, buffer.count)
            if count > 0 {
                pending += buffer[..<count]
                if pending.count > Self.maximumLineBytes, pending.firstIndex(of: 10) == nil {
                    pending = []
                    discarding = true
                }
            } else if count < 0 && kd_errno() == EINTR {
                continue
            } else {
                finished = true
            }
        }
    }

    public func remember(_ line: String) {}

    /// Invalid UTF-8 becomes U+FFFD instead of failing.
    static func decode(_ bytes: [UInt8]) -> String {
        var text = String(decoding: bytes, as: UTF8.self)
        if text.hasSuffix("\r") { text.removeLast() }
        return text
    }
}
