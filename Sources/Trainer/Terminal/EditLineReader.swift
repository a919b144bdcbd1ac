#if canImport(Glibc)
    import Glibc
#endif
import CEditLine
import ClusterSim
import Shell

/// Line editing, history and Tab completion through libedit, for interactive terminals.
public final class EditLineReader: LineReader {
    private let editLine: OpaquePointer
    private let history: OpaquePointer
    private let historyPath: String?
    private var prompt: [CChar] = [0]
    /// What Tab does, set by the session that reads lines (nil: Tab beeps).
    public var completion: CompletionHook?
    /// The line and cursor of the last Tab that could not extend the word: a second Tab there lists the matches, as in bash.
    private var lastAmbiguous: (line: String, cursor: Int)?

    /// Returns nil when libedit cannot start (then plain reading is used).
    public init?(historyPath: String?) {
        if setlocale(LC_CTYPE, "") == nil { setlocale(LC_CTYPE, "C.UTF-8") }
        guard let editLine = el_init("kubedojo", kd_stdin(), kd_stdout(), kd_stderr()) else { return nil }
        guard let history = history_init() else {
            el_end(editLine)
            return nil
        }
        self.editLine = editLine
        self.history = history
        self.historyPath = historyPath
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
            if kd_take_alarmed() != 0 {
                // An exam's deadline passed while the line was being typed: the input is over.
                el_reset(editLine)
                fputs("\n", kd_stdout())
                return .endOfInput
            }
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

    /// Ends the line being read `seconds` from now as if input ended (0 disarms): an exam's deadline.
    /// Armed here because the C flag the alarm sets is private to this file's copy of the shim.
    public static func armDeadline(seconds: Int64) {
        _ = kd_arm_alarm(UInt32(clamping: max(0, seconds)))
    }

    public func remember(_ line: String) {
        guard !line.trimmed().isEmpty else { return }
        kd_history_enter(history, line)
        if let historyPath { kd_history_save(history, historyPath) }
    }

    private func complete() -> UInt8 {
        guard let info = el_line(editLine)?.pointee, let start = info.buffer, let cursor = info.cursor,
            let end = info.lastchar, cursor >= start, end >= cursor
        else {
            return UInt8(CC_ERROR)
        }
        func text(_ from: UnsafePointer<CChar>, _ count: Int) -> String {
            String(
                decoding: UnsafeBufferPointer(start: UnsafeRawPointer(from).assumingMemoryBound(to: UInt8.self), count: count),
                as: UTF8.self)
        }
        let before = text(start, cursor - start)
        let line = before + text(cursor, end - cursor)
        let offset = before.count
        guard let completion = completion?(line, offset), !completion.isEmpty else {
            lastAmbiguous = nil
            return UInt8(CC_REFRESH_BEEP)
        }
        if !completion.insertion.isEmpty {
            lastAmbiguous = nil
            el_insertstr(editLine, completion.insertion)
            return UInt8(CC_REFRESH)
        }
        // Nothing to add: the first Tab beeps, a second one lists the matches.
        if let last = lastAmbiguous, last.line == line, last.cursor == offset {
            fputs("\n" + Self.columns(completion.listing, width: Self.terminalWidth()), kd_stdout())
            return UInt8(CC_REDISPLAY)
        }
        lastAmbiguous = (line, offset)
        return UInt8(CC_REFRESH_BEEP)
    }

    private static func terminalWidth() -> Int {
        var size = winsize()
        if ioctl(1, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        return 80
    }

    /// The matches in columns, down then across, as readline lists them.
    static func columns(_ items: [String], width: Int) -> String {
        let cell = (items.map(\.count).max() ?? 0) + 2
        let perRow = max(1, width / max(1, cell))
        let rows = (items.count + perRow - 1) / perRow
        var text = ""
        for row in 0..<rows {
            var line = ""
            for column in 0..<perRow {
                let index = column * rows + row
                guard index < items.count else { break }
                let item = items[index]
                let last = (column + 1) * rows + row >= items.count
                line += last ? item : item + String(repeating: " ", count: cell - item.count)
            }
            text += line + "\n"
        }
        return text
    }
}
