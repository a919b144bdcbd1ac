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
            guard let enumerator = manager.enumerator(atPath: base) else { continue }
            var paths: [String] = []
            while let relative = enumerator.nextObject() as? String {
                if relative.hasSuffix(".yaml") || relative.hasSuffix(".yml") { paths.append(relative) }
            }
            for relative in paths.sorted() {
                guard let kind = kind(relative), keep?(kind, folder + "/" + relative) ?? true else { continue }
                let path = base + "/" + relative
                // Symbolic links that leave the content folder are not followed.
                let resolved = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
                guard resolved.hasPrefix(URL(fileURLWithPath: root).resolvingSymlinksInPath().path + "/"),
                    let data = manager.contents(atPath: path)
                else { continue }
                files.append(ContentFile(path: folder + "/" + relative, kind: kind, text: String(decoding: data, as: UTF8.self)))
            }
        }
        return files
    }
}

/// A failure the command line reports as one line and a non-zero exit.
public struct TrainerError: Error, Sendable, CustomStringConvertible {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }
}
