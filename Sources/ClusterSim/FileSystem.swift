/// One node's virtual file system: a map from absolute paths to files, plus explicit directories.
///
/// Nothing here touches the real disk; `cat /etc/kubernetes/...` reads from this value.
public struct FileSystem: Sendable, Hashable, Codable {
    public struct File: Sendable, Hashable, Codable {
        public var content: String
        public var mode: UInt16

        public init(content: String, mode: UInt16 = 0o644) {
            self.content = content
            self.mode = mode
        }
    }

    /// Why a file operation failed, worded as the coreutils messages end (`No such file or directory`).
    public enum Failure: Error, Sendable, Hashable, Codable {
        case noSuchFile
        case isADirectory
        case notADirectory

        public var message: String {
            switch self {
            case .noSuchFile: "No such file or directory"
            case .isADirectory: "Is a directory"
            case .notADirectory: "Not a directory"
            }
        }
    }

    public private(set) var files: [String: File] = [:]
    public private(set) var directories: Set<String> = ["/"]

    public init() {}

    /// The absolute, normalised form of `path` seen from `cwd` (`.`/`..` resolved, `~` = `home`).
    public static func resolve(_ path: String, cwd: String = "/", home: String = "/root") -> String {
        var raw = path
        if raw == "~" { raw = home } else if raw.hasPrefix("~/") { raw = home + raw.dropFirst(1) }
        if !raw.hasPrefix("/") { raw = cwd + "/" + raw }
        var parts: [Substring] = []
        for part in raw.split(separator: "/", omittingEmptySubsequences: true) {
            switch part {
            case ".": continue
            case "..": if !parts.isEmpty { parts.removeLast() }
            default: parts.append(part)
            }
        }
        return "/" + parts.joined(separator: "/")
    }

    static func parent(of path: String) -> String {
        let bytes = path.utf8
        guard let slash = bytes.lastIndex(of: UInt8(ascii: "/")), path != "/" else { return "/" }
        return slash == bytes.startIndex ? "/" : String(path[..<slash])
    }

    public func isDirectory(_ path: String) -> Bool { directories.contains(path) }
    public func isFile(_ path: String) -> Bool { files[path] != nil }
    public func exists(_ path: String) -> Bool { isFile(path) || isDirectory(path) }

    public func read(_ path: String) -> Result<String, Failure> {
        if let file = files[path] { return .success(file.content) }
        if directories.contains(path) { return .failure(.isADirectory) }
        return .failure(.noSuchFile)
    }

    /// Creates `path` and all its missing parents, like `mkdir -p`.
    public mutating func makeDirectories(_ path: String) {
        var current = path
        while current != "/", !directories.contains(current) {
            directories.insert(current)
            current = Self.parent(of: current)
        }
    }

    /// Writes a file whose parent directory must already exist (as `>` does in a shell).
    public mutating func write(_ path: String, _ content: String, append: Bool = false) -> Result<Void, Failure> {
        if directories.contains(path) { return .failure(.isADirectory) }
        let parent = Self.parent(of: path)
        if files[parent] != nil { return .failure(.notADirectory) }
        if !directories.contains(parent) { return .failure(.noSuchFile) }
        if append, let existing = files[path] {
            files[path] = File(content: existing.content + content, mode: existing.mode)
        } else {
            files[path] = File(content: content, mode: files[path]?.mode ?? 0o644)
        }
        return .success(())
    }

    /// Writes a file and creates its parent directories; for building a node's initial layout.
    public mutating func install(_ path: String, _ content: String, mode: UInt16 = 0o644) {
        makeDirectories(Self.parent(of: path))
        files[path] = File(content: content, mode: mode)
    }

    /// Sets a file's permission bits (`chmod`); directories keep no mode in this model.
    public mutating func setMode(_ path: String, _ mode: UInt16) -> Result<Void, Failure> {
        if files[path] != nil {
            files[path]?.mode = mode & 0o7777
            return .success(())
        }
        return directories.contains(path) ? .success(()) : .failure(.noSuchFile)
    }

    /// Removes a directory and everything under it (`rm -r`), or a single file.
    public mutating func removeTree(_ path: String) -> Result<Void, Failure> {
        if files.removeValue(forKey: path) != nil { return .success(()) }
        guard directories.contains(path) else { return .failure(.noSuchFile) }
        let prefix = path == "/" ? "/" : path + "/"
        files = files.filter { !$0.key.hasPrefix(prefix) }
        directories = directories.filter { $0 != path && !$0.hasPrefix(prefix) }
        return .success(())
    }

    public mutating func remove(_ path: String) -> Result<Void, Failure> {
        if files.removeValue(forKey: path) != nil { return .success(()) }
        return .failure(directories.contains(path) ? .isADirectory : .noSuchFile)
    }

    /// The names directly inside a directory, sorted as `ls` sorts them in the C locale.
    public func list(_ directory: String) -> Result<[String], Failure> {
        guard directories.contains(directory) else {
            return .failure(files[directory] != nil ? .notADirectory : .noSuchFile)
        }
        let prefix = directory == "/" ? "/" : directory + "/"
        var names = Set<String>()
        for path in files.keys where path.hasPrefix(prefix) {
            if let name = path.dropFirst(prefix.count).split(separator: "/").first { names.insert(String(name)) }
        }
        for path in directories where path.hasPrefix(prefix) && path != directory {
            if let name = path.dropFirst(prefix.count).split(separator: "/").first { names.insert(String(name)) }
        }
        return .success(names.sorted())
    }
}
