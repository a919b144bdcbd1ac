#if canImport(Glibc)
    import Glibc
#endif
import Shell

/// Runs the learner's real editor (`$VISUAL`, else `$EDITOR`, else the editor typed) on a private
/// copy of a virtual file: the only place kubedojo writes a real file besides its database and
/// history.
///
/// The copy lives in a fresh `mkdtemp` folder under `$TMPDIR` (else `/tmp`), mode 0600, and is
/// removed afterwards. Nothing the scenario controls reaches the folder's path; the file name
/// keeps only letters, digits, `.`, `-` and `_` of the virtual file's name.
struct TerminalEditor: ExternalEditor {
    func edit(_ text: String, name: String, command: String) -> Result<String, EditorFailure> {
        let base = Self.environment("TMPDIR").flatMap { $0.hasPrefix("/") ? $0 : nil } ?? "/tmp"
        var template = Array((base + "/kubedojo-edit-XXXXXX").utf8CString)
        let made = template.withUnsafeMutableBufferPointer { buffer in
            buffer.baseAddress.flatMap { mkdtemp($0) }
        }
        guard made != nil else { return .failure(EditorFailure("cannot create a private temporary folder in \(base)")) }
        let folder = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let path = folder + "/" + Self.safeName(name)
        defer {
            unlink(path)
            rmdir(folder)
        }
        guard Self.write(text, to: path) else { return .failure(EditorFailure("cannot write the temporary copy")) }
        let editor = Self.environment("VISUAL") ?? Self.environment("EDITOR") ?? command
        let status = Self.spawn(editor: editor, path: path)
        guard status == 0 else {
            return .failure(EditorFailure("the editor (\(editor)) exited with status \(status); the file was not changed"))
        }
        guard let edited = Self.read(path) else {
            return .failure(EditorFailure("the edited copy could not be read back; the file was not changed"))
        }
        return .success(edited)
    }

    private static func environment(_ name: String) -> String? {
        guard let value = getenv(name) else { return nil }
        let text = String(cString: value)
        return text.isEmpty ? nil : text
    }

    static func safeName(_ name: String) -> String {
        let kept = name.unicodeScalars.filter {
            $0.isASCII && ($0.properties.isAlphabetic || "0123456789.-_".unicodeScalars.contains($0))
        }
        let text = String(String.UnicodeScalarView(kept.prefix(64)))
        return text.isEmpty || text.hasPrefix(".") ? "file" + text : text
    }

    private static func write(_ text: String, to path: String) -> Bool {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        let bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { return false }
            offset += written
        }
        return true
    }

    private static func read(_ path: String) -> String? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = Glibc.read(fd, &buffer, buffer.count)
            if count < 0 && errno == EINTR { continue }
            guard count >= 0 else { return nil }
            if count == 0 { break }
            bytes += buffer[..<count]
            // A file grown past what the simulator accepts is refused rather than loaded.
            if bytes.count > 16 << 20 { return nil }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Runs `sh -c '$editor "$1"'` in the foreground with the terminal, and waits for it. The
    /// editor string may carry arguments (`code -w`); the path goes in as `$1`, never as text.
    private static func spawn(editor: String, path: String) -> Int32 {
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGINT, SIGPIPE, SIGQUIT, SIGTSTP] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
        let arguments = ["/bin/sh", "-c", editor + " \"$1\"", "kubedojo-editor", path]
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, "/bin/sh", nil, &attributes, &argv, environ)
        guard spawned == 0 else { return -1 }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            guard errno == EINTR else { return -1 }
        }
        // WIFEXITED / WEXITSTATUS, which Swift does not import as macros.
        return status & 0x7f == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    }
}
