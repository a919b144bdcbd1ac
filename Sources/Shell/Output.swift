/// A piece of what a command line printed, in order, tagged with the stream it went to.
public struct OutputSegment: Sendable, Hashable {
    public enum Stream: Sendable, Hashable { case stdout, stderr }

    public var stream: Stream
    public var text: String

    public init(_ stream: Stream, _ text: String) {
        self.stream = stream
        self.text = text
    }
}

/// What running one command line produced on the terminal, and its exit status.
public struct ShellResult: Sendable, Hashable {
    public var segments: [OutputSegment]
    public var status: Int32

    public init(segments: [OutputSegment] = [], status: Int32 = 0) {
        self.segments = segments
        self.status = status
    }

    public var stdout: String { segments.filter { $0.stream == .stdout }.map(\.text).joined() }
    public var stderr: String { segments.filter { $0.stream == .stderr }.map(\.text).joined() }
    /// Both streams interleaved as a terminal shows them.
    public var combined: String { segments.map(\.text).joined() }
}
