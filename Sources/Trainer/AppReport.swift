#if canImport(Glibc)
    import Glibc
#endif
import Catalog
import Foundation
import Progress

/// `kubedojo report`: the progress charts as one self-contained HTML file.
extension App {
    public static let defaultReportFile = "kubedojo-report.html"

    /// Writes the report to `out` (default `kubedojo-report.html` in the current folder) and says where;
    /// with `open`, hands it to `xdg-open` when there is one, else says how to open it.
    public static func report(out: String?, open: Bool, options: TrainerOptions) throws(TrainerError) -> String {
        let html = try reportHTML(options)
        let path = absolutePath(out ?? defaultReportFile)
        try writeAtomically(html, to: path)
        var text = "Wrote the progress report to \(path)\n"
        guard open else { return text }
        guard let opener = executable(named: "xdg-open", environment: options.environment) else {
            text += "No xdg-open on this system: open file://\(path) in a web browser.\n"
            return text
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: opener)
        process.arguments = [path]
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
            process.waitUntilExit()
        } catch {
            return text + "Could not run \(opener): open file://\(path) in a web browser.\n"
        }
        guard process.terminationStatus == 0 else {
            return text + "xdg-open exited with status \(process.terminationStatus): open file://\(path) in a web browser.\n"
        }
        return text + "Opened it with xdg-open.\n"
    }

    /// The page for the database and content in `options`.
    static func reportHTML(_ options: TrainerOptions) throws(TrainerError) -> String {
        let catalog = try loadCatalog(options)
        let store = try openStore(options)
        let clock = try TrainerClock(environment: options.environment)
        let model = try guarded { () throws(StoreError) in try ReportModel.make(catalog: catalog, store: store, clock: clock) }
        return ReportPage.render(model)
    }

    static func absolutePath(_ path: String) -> String {
        guard !path.hasPrefix("/") else { return path }
        return URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent(path).path
    }

    /// Writes a temporary file beside `path`, then renames it over `path`, so a reader never sees half a file.
    static func writeAtomically(_ text: String, to path: String) throws(TrainerError) {
        let fail = { (reason: String) in TrainerError("kubedojo: cannot write \(path): \(reason)") }
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue {
            throw fail("it is a directory")
        }
        let temporary = path + ".tmp-\(getpid())"
        let descriptor = Glibc.open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw fail(String(cString: strerror(errno))) }
        let bytes = Array(text.utf8)
        var written = 0
        while written < bytes.count {
            let result = bytes.withUnsafeBytes { buffer in
                Glibc.write(descriptor, buffer.baseAddress.map { $0 + written }, bytes.count - written)
            }
            if result < 0, errno == EINTR { continue }
            guard result > 0 else {
                let reason = String(cString: strerror(errno))
                Glibc.close(descriptor)
                unlink(temporary)
                throw fail(reason)
            }
            written += result
        }
        guard Glibc.close(descriptor) == 0, rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw fail(reason)
        }
    }

    /// The first executable file called `name` on `$PATH`.
    static func executable(named name: String, environment: [String: String]) -> String? {
        let folders = (environment["PATH"] ?? "").split(separator: ":").map(String.init)
        return folders.map { $0 + "/" + name }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}
