import Catalog
import Foundation

/// Finds and reads the content folders (`Content/` and `Graders/`), the trainer's only reads
/// of instructor files from the real disk.
public enum ContentLocator {
    /// A folder holding `Content/` and `Graders/`: `--content DIR`, else `$KUBEDOJO_CONTENT`, else
    /// `<prefix>/share/kubedojo` beside an installed binary, else the checkout the binary was
    /// built from (found by walking up from the executable, then from this source file).
    public static func locate(explicit: String?, environment: [String: String], executable: String) -> String? {
        if let explicit { return explicit }
        if let fromEnvironment = environment["KUBEDOJO_CONTENT"], !fromEnvironment.isEmpty { return fromEnvironment }
        let executableDir = URL(fileURLWithPath: executable).resolvingSymlinksInPath().deletingLastPathComponent()
        var candidates = [executableDir.appendingPathComponent("../share/kubedojo").standardized.path]
        var dir = executableDir
        for _ in 0..<6 {
            candidates.append(dir.path)
            dir = dir.deletingLastPathComponent()
        }
        var source = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { source = source.deletingLastPathComponent() }
        candidates.append(source.path)
        return candidates.first { isContentRoot($0) }
    }

    static func isContentRoot(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path + "/Content/clusters", isDirectory: &isDirectory)
            && isDirectory.boolValue
    }

    /// Reads every YAML file under the root's `Content/` and `Graders/`.
    /// A `partial` folder (an instructor's additions) need not hold every part.
    /// `keep` (kind, path under the root) skips files unread, as a drill needs only a few.
    public static func read(
        root: String, partial: Bool = false, keep: ((ContentFile.Kind, String) -> Bool)? = nil
    ) throws(TrainerError) -> [ContentFile] {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        guard manager.fileExists(atPath: root, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw TrainerError("kubedojo: cannot read content folder \(root): no such directory")
        }
        guard manager.isReadableFile(atPath: root), partial || isContentRoot(root) else {
            throw TrainerError(
                "kubedojo: \(root) is not a kubedojo content folder (it needs Content/clusters, Content/scenarios and Graders)")
        }
        let realRoot = URL(fileURLWithPath: root).resolvingSymlinksInPath().path + "/"
        var files: [ContentFile] = []
        let sections: [(String, (String) -> ContentFile.Kind?)] = [
            ("Graders", { _ in .graders }),
            ("Content/clusters", { _ in .cluster }),
            ("Content/scenarios", { _ in .scenario }),
            ("Content/cards", { _ in .cards }),
            ("Content/exams", { _ in .exam }),
            ("Content", { $0 == "guide.yaml" ? .guide : nil }),
        ]
        for (folder, kind) in sections {
            let base = root + "/" + folder
            for relative in yamlFiles(under: base).sorted() {
                guard let kind = kind(relative), keep?(kind, folder + "/" + relative) ?? true else { continue }
                files.append(readFile(base + "/" + relative, as: folder + "/" + relative, kind: kind, under: realRoot))
            }
        }
        return files
    }
}

extension ContentLocator {
    /// The `*.yaml` and `*.yml` files under `base`, by path relative to it. Links to folders are
    /// not walked, and the walk stops 32 folders deep. (readdir itself: FileManager's enumerator
    /// was a third of a drill's start-up.)
    static func yamlFiles(under base: String) -> [String] {
        var found: [String] = []
        func walk(_ relative: String, depth: Int) {
            let folder = relative.isEmpty ? base : base + "/" + relative
            guard depth < 32, let directory = opendir(folder) else { return }
            defer { closedir(directory) }
            while let entry = readdir(directory) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { bytes in
                    String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
                }
                guard name != ".", name != ".." else { continue }
                let path = relative.isEmpty ? name : relative + "/" + name
                var isFolder = entry.pointee.d_type == UInt8(DT_DIR)
                if entry.pointee.d_type == UInt8(DT_UNKNOWN) {
                    var status = stat()
                    isFolder = lstat(folder + "/" + name, &status) == 0 && status.st_mode & S_IFMT == S_IFDIR
                }
                if isFolder {
                    walk(path, depth: depth + 1)
                } else if name.hasSuffix(".yaml") || name.hasSuffix(".yml") {
                    found.append(path)
                }
            }
        }
        walk("", depth: 0)
        return found
    }

    /// One content file, or why it is not read: content comes from strangers, so a link out of
    /// the folder, a device or pipe, an oversized file and bytes that are not UTF-8 are reported
    /// at their position and never read (or read only as far as the size limit allows).
    static func readFile(_ path: String, as display: String, kind: ContentFile.Kind, under realRoot: String) -> ContentFile {
        func refused(_ message: String, line: Int = 1, column: Int = 1) -> ContentFile {
            ContentFile(
                path: display, kind: kind, text: "",
                problem: ContentError(file: display, line: line, column: column, message: message))
        }
        var resolved = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
        if let target = try? FileManager.default.destinationOfSymbolicLink(atPath: resolved) {
            // Still a link: it points at nothing; name where it points.
            let folder = URL(fileURLWithPath: resolved).deletingLastPathComponent().path
            resolved = URL(fileURLWithPath: target.hasPrefix("/") ? target : folder + "/" + target).standardized.path
            if resolved.hasPrefix(realRoot) { return refused("a symbolic link to \(resolved), which does not exist") }
        }
        guard resolved.hasPrefix(realRoot) else {
            return refused("a symbolic link to \(resolved), outside the content folder: it is not read")
        }
        // stat(2) itself: FileManager's attributes also look up the owner's name, which asks nscd over a socket.
        var status = stat()
        guard stat(resolved, &status) == 0 else { return refused("cannot read the file") }
        guard status.st_mode & S_IFMT == S_IFREG else { return refused("not a regular file: it is not read") }
        let tooLarge = "the file is larger than \(Catalog.maximumFileSize / 1024) KiB"
        guard status.st_size <= Catalog.maximumFileSize else { return refused(tooLarge) }
        guard let handle = FileHandle(forReadingAtPath: resolved) else { return refused("cannot read the file") }
        defer { try? handle.close() }
        // Read no further than the limit, in case the file grew since stat.
        guard let data = try? handle.read(upToCount: Catalog.maximumFileSize + 1) else { return refused("cannot read the file") }
        guard data.count <= Catalog.maximumFileSize else { return refused(tooLarge) }
        if let text = String(validating: data, as: UTF8.self) {
            return ContentFile(path: display, kind: kind, text: text)
        }
        // Name the first byte that is not UTF-8, by line and column.
        var line = 1, column = 1, offset = 0
        var bytes = data.makeIterator()
        var decoder = UTF8()
        while case .scalarValue(let scalar) = decoder.decode(&bytes) {
            offset += UTF8.width(scalar)
            if scalar == "\n" { (line, column) = (line + 1, 1) } else { column += 1 }
        }
        let byte = offset < data.count ? data[data.startIndex + offset] : 0
        return refused(
            "the file is not UTF-8 text: byte 0x\(String(byte, radix: 16, uppercase: true)) here begins no valid character",
            line: line, column: column)
    }
}

/// A failure the command line reports as one line and a non-zero exit.
public struct TrainerError: Error, Sendable, CustomStringConvertible {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }
}
