import Foundation

/// The fuzzed entry points (`make fuzz`), shared by the libFuzzer executables in `Fuzz/` and by
/// the regression tests that replay `Tests/FuzzHarnessTests/Regressions/<target>/`. Each takes
/// the fuzzer's bytes, runs them through the real code path and returns the invariants it broke
/// (empty when all held); a crash is a failure by itself.
public enum FuzzTarget: String, Sendable, CaseIterable {
    /// A header line `CLUSTER HOST`, then lines typed at the shell (`:fault NAME ARGS` injects).
    case shell
    /// A header line naming a kind (cluster, scenario, cards, exam, guide), then that file's YAML.
    case content
    /// A `Graders/*.yaml` file.
    case graders
    /// A pattern's line, then a text: the linear-time matcher against Swift's `Regex`.
    case regex

    public func run(_ bytes: [UInt8]) -> [String] {
        switch self {
        case .shell: ShellHarness.run(bytes)
        case .content: ContentHarness.run(bytes)
        case .graders: GraderHarness.run(bytes)
        case .regex: RegexHarness.run(bytes)
        }
    }

    /// The body of `LLVMFuzzerTestOneInput`: runs the input and stops the process on a broken
    /// invariant, so libFuzzer saves the input as a crash.
    public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
        let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
        let violations = run(bytes)
        guard violations.isEmpty else {
            FileHandle.standardError.write(Data(("fuzz \(rawValue): " + violations.joined(separator: "\n") + "\n").utf8))
            abort()
        }
        return 0
    }
}

/// The input's first line (the header naming what to run) and the text after it. Bytes that are
/// not UTF-8 become U+FFFD, as a terminal or a file read would hand them over.
struct FuzzInput {
    var header: [String]
    var body: String

    init(_ bytes: [UInt8]) {
        let text = String(decoding: bytes, as: UTF8.self)
        if let newline = text.firstIndex(of: "\n") {
            header = text[..<newline].split(whereSeparator: \.isWhitespace).map(String.init)
            body = String(text[text.index(after: newline)...])
        } else {
            header = text.split(whereSeparator: \.isWhitespace).map(String.init)
            body = ""
        }
    }

    /// The item the header word names, or one chosen by the word's bytes, so every mutation of
    /// the header still picks something.
    static func choose<T>(_ word: String?, from items: [T], name: (T) -> String) -> T? {
        guard !items.isEmpty else { return nil }
        if let word, let named = items.first(where: { name($0) == word }) { return named }
        let sum = (word ?? "").utf8.reduce(0) { ($0 &* 31) &+ Int($1) }
        return items[(sum % items.count + items.count) % items.count]
    }
}
