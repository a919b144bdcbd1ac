#if canImport(Glibc)
    import Glibc
#endif
import CEditLine
import ClusterSim

/// Line editing, history and Tab completion through libedit, for interactive terminals.
public final class EditLineReader: LineReader {
    private let editLine: OpaquePointer
    private let history: OpaquePointer
    private let historyPath: String?
    private var prompt: [CChar] = [0]
    /// Completes the word before the cursor; given the line up to the cursor.
    let completer: @Sendable (String) -> [String]

    /// Returns nil when libedit cannot start (then plain reading is used).
    public init?(historyPath: String?, completer: @escaping @Sendable (String) -> [String]) {
        if setlocale(LC_CTYPE, "") == nil { setlocale(LC_CTYPE, "C.UTF-8") }
        guard let editLine = el_init("kubedojo", kd_stdin(), kd_stdout(), kd_stderr()) else { return nil }
        guard let history = history_init() else {
            el_end(editLine)
            return nil
        }
        self.editLine = editLine
        self.history = history
        self.historyPath = historyPath
        self.completer = completer
        kd_history_setsize(history, 1000)
        kd_history_setunique(history, 1)
        if let historyPath { kd_history_load(history, historyPath) }
        kd_el_set_editor(editLine, "emacs")
        kd_el_set_signal(editLine, 1)
        kd_el_set_history(editLine, history)
        kd_el_set_clientdata(editLine, Unmanaged.passUnretained(self).toOpaque())
        kd_el_set_prompt(editLine) { el in
            guard let el, let data = kd_el_get_clientdata(el) else { return nil }
            let reader = Unmanaged<EditLineReader>.fromOpaque(data).takeUnretainedValue()
            return reader.prompt.withUnsafeMutableBufferPointer { $0.baseAddress }
        }
        kd_el_add_complete(editLine) { el, _ in
            guard let el, let data = kd_el_get_clientdata(el) else { return UInt8(CC_ERROR) }
            return Unmanaged<EditLineReader>.fromOpaque(data).takeUnretainedValue().complete()
        }
        kd_install_sigint()
    }

    deinit {
        el_end(editLine)
        history_end(history)
    }

    public func read(prompt text: String) -> LineEvent {
        prompt = Array(text.utf8CString)
        _ = kd_take_interrupted()
        var count: Int32 = 0
        guard let raw = el_gets(editLine, &count) else {
            if kd_take_interrupted() != 0 || (count < 0 && kd_errno() == EINTR) {
                el_reset(editLine)
                fputs("\n", kd_stdout())
                return .interrupted
            }
            return .endOfInput
        }
        var line = String(cString: raw)
        if line.hasSuffix("\n") { line.removeLast() }
        return .line(line)
    }

    public func remember(_ line: String) {
        guard !line.trimmed().isEmpty else { return }
        kd_history_enter(history, line)
        if let historyPath { kd_history_save(history, historyPath) }
    }

    private func complete() -> UInt8 {
        guard let info = el_line(editLine)?.pointee, let start = info.buffer, let cursor = info.cursor else {
            return UInt8(CC_ERROR)
        }
        let length = cursor - start
        let bytes = UnsafeBufferPointer(start: UnsafeRawPointer(start).assumingMemoryBound(to: UInt8.self), count: length)
        let before = String(decoding: bytes, as: UTF8.self)
        let word = before.split(separator: " ", omittingEmptySubsequences: false).last.map(String.init) ?? ""
        let candidates = completer(before)
        guard !candidates.isEmpty else { return UInt8(CC_REFRESH_BEEP) }
        let common = candidates.dropFirst().reduce(candidates[0]) { prefix, candidate in
            String(zip(prefix, candidate).prefix { $0 == $1 }.map(\.0))
        }
        var insert = String(common.dropFirst(word.count))
        if candidates.count == 1 { insert += " " }
        if !insert.isEmpty {
            el_insertstr(editLine, insert)
            return UInt8(CC_REFRESH)
        }
        fputs("\n" + candidates.joined(separator: "  ") + "\n", kd_stdout())
        return UInt8(CC_REDISPLAY)
    }
}
