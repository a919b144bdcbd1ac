import Catalog
import ClusterSim
import Foundation
import Shell
import Testing

/// Golden transcripts (`Tests/ShellTests/Transcripts/**/*.txt`): one typed command on a seeded base
/// cluster and the exact bytes and exit code it must produce.
///
/// A transcript derived from a real capture names it with `# from:`. The test then also checks
/// the transcript against the capture: the capture, after the `# replace:` substitutions listed in
/// the header (addresses, member IDs, versions — what the simulated cluster legitimately does
/// differently), must equal the expected text; `# retable:` allows table cells to be re-padded for
/// the new widths; `# differs:` (with its reason) skips the comparison for a case the model does
/// not reproduce byte for byte (say, etcdctl 3.5 against a 3.4 capture).
///
/// `KUBEDOJO_RECORD=1 swift test --filter Transcript` rewrites each expected section from the
/// simulator: review the diff, then the capture check above keeps the recording honest.
struct Transcript: CustomTestStringConvertible, Sendable {
    var file: String
    var from: String?
    var cluster = "stacked-3"
    var seed: UInt64 = 7
    var host = "master1"
    var replacements: [(String, String)] = []
    var retable = false
    var differs: String?
    /// Only stderr departs from the capture (say, etcd 3.5's log lines against 3.4's).
    var stderrDiffers: String?
    var setup: [String] = []
    var command = ""
    var exitCode: Int32 = 0
    var elapsed: String?
    var header: [String] = []
    var stdout = ""
    var stderr = ""

    var testDescription: String { file }

    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
        "Transcripts")

    static func all() -> [Transcript] {
        guard let walker = FileManager.default.enumerator(atPath: directory.path) else { return [] }
        return walker.compactMap { $0 as? String }.filter { $0.hasSuffix(".txt") }.sorted().compactMap { relative in
            guard let text = try? String(contentsOf: directory.appendingPathComponent(relative), encoding: .utf8)
            else { return nil }
            return Transcript(file: relative, text: text)
        }
    }

    init(file: String, text: String) {
        self.file = file
        let body = text.range(of: "--- stdout ---\n")
        let headerText = body.map { String(text[..<$0.lowerBound]) } ?? text
        for line in headerText.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if line.hasPrefix("$ ") {
                command = String(line.dropFirst(2))
                header.append(line)
                continue
            }
            guard line.hasPrefix("# "), let colon = line.firstIndex(of: ":") else { continue }
            header.append(line)
            let key = line[line.index(line.startIndex, offsetBy: 2)..<colon]
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            switch key {
            case "from": from = value
            case "cluster": cluster = value
            case "seed": seed = UInt64(value) ?? 7
            case "host": host = value
            case "setup": setup.append(value)
            case "retable": retable = true
            case "differs": differs = value
            case "differs-stderr": stderrDiffers = value
            case "exit code": exitCode = Int32(value) ?? -1
            case "elapsed": elapsed = value
            case "replace":
                // Exact: only the one space after the colon is dropped.
                let value = line[line.index(after: colon)...].dropFirst()
                if let arrow = value.range(of: " => ") {
                    replacements.append((String(value[..<arrow.lowerBound]), String(value[arrow.upperBound...])))
                }
            default: break
            }
        }
        if let body {
            let rest = text[body.upperBound...]
            if let split = rest.range(of: "--- stderr ---\n") {
                stdout = String(rest[..<split.lowerBound])
                stderr = String(rest[split.upperBound...])
            }
        }
    }

    /// The file with the expected sections replaced by `result` (for recording).
    func rendered(stdout: String, stderr: String, status: Int32, elapsed: String?) -> String {
        var lines = header.filter { !$0.hasPrefix("# exit code:") && !$0.hasPrefix("# elapsed:") }
        lines.append("# exit code: \(status)")
        if let elapsed { lines.append("# elapsed: \(elapsed)") }
        return lines.joined(separator: "\n") + "\n--- stdout ---\n" + stdout + "--- stderr ---\n" + stderr
    }
}

/// The base clusters of `Content/clusters/`, loaded once.
let contentClusters: [String: ClusterSpec] = {
    let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Content/clusters")
    let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
    let files = names.filter { $0.hasSuffix(".yaml") }.compactMap { name -> ContentFile? in
        guard let text = try? String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8) else {
            return nil
        }
        return ContentFile(path: "clusters/" + name, kind: .cluster, text: text)
    }
    return Catalog.load(files).0.clusters
}()

/// Table rows with their padding removed, so re-padded cells compare equal.
func unpadded(_ text: String) -> String {
    text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
        if line.hasPrefix("+") { return String(line.replacing(#/-+/#, with: "-")) }
        guard line.hasPrefix("|") else { return String(line) }
        return line.split(separator: "|", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: "|")
    }.joined(separator: "\n")
}

@Suite struct TranscriptTests {
    @Test(arguments: Transcript.all())
    func transcript(_ transcript: Transcript) throws {
        let spec = try #require(contentClusters[transcript.cluster], "no base cluster '\(transcript.cluster)'")
        var cluster = Cluster.build(spec: spec, seed: transcript.seed)
        var state = ShellState(host: transcript.host)
        for line in transcript.setup {
            let result = Shell.run(line, state: &state, cluster: &cluster)
            #expect(result.status == 0, "setup '\(line)' failed: \(result.stderr)")
        }
        let before = cluster.now
        let result = Shell.run(transcript.command, state: &state, cluster: &cluster)
        let took = cluster.now.milliseconds - before.milliseconds
        let elapsed = took == 0 ? nil : seconds(took)

        if ProcessInfo.processInfo.environment["KUBEDOJO_RECORD"] == "1" {
            let text = transcript.rendered(
                stdout: result.stdout, stderr: result.stderr, status: result.status, elapsed: elapsed)
            try text.write(
                to: Transcript.directory.appendingPathComponent(transcript.file), atomically: true, encoding: .utf8)
            return
        }
        #expect(result.stdout == transcript.stdout, "stdout")
        #expect(result.stderr == transcript.stderr, "stderr")
        #expect(result.status == transcript.exitCode, "exit code")
        #expect(elapsed == transcript.elapsed, "virtual time the command took")

        // The capture is absent on a clone without ../shared and no copy under Reference/.
        guard let from = transcript.from, transcript.differs == nil,
            let capture = referenceCapture(from + ".txt")
        else { return }
        func derived(_ text: String) -> String {
            var text = transcript.retable ? unpadded(text) : text
            for (old, new) in transcript.replacements { text = text.replacingOccurrences(of: old, with: new) }
            return text
        }
        let mine: (String) -> String = { transcript.retable ? unpadded($0) : $0 }
        #expect(mine(transcript.stdout) == derived(capture.stdout), "stdout differs from the capture \(from)")
        if transcript.stderrDiffers == nil {
            #expect(mine(transcript.stderr) == derived(capture.stderr), "stderr differs from the capture \(from)")
        }
        #expect(referenceExitCode(from + ".txt") == transcript.exitCode, "exit code differs from the capture")
    }

    @Test func everyTranscriptHasACommand() {
        let all = Transcript.all()
        #expect(!all.isEmpty)
        for transcript in all {
            #expect(!transcript.command.isEmpty, "\(transcript.file) has no '$ ' line")
            #expect(contentClusters[transcript.cluster] != nil, "\(transcript.file): unknown cluster")
        }
    }
}

/// Virtual milliseconds as the transcripts write them: `5s`, `1.5s`, `0.25s`.
func seconds(_ milliseconds: Int64) -> String {
    var text = String(format: "%.3f", Double(milliseconds) / 1000)
    while text.hasSuffix("0") { text.removeLast() }
    if text.hasSuffix(".") { text.removeLast() }
    return text + "s"
}
