import Catalog
import Foundation
import Testing

@testable import Trainer

/// An instructor's folder from a stranger: alias bombs, deep nesting, huge files, links out of the
/// folder, pipes, bytes that are not UTF-8 and shell commands aimed at the real disk. Each is
/// bounded, reported at `file:line:col`, and nothing in it runs outside the simulator.
@Suite(.serialized) struct HostileContentTests {
    let folder: String
    let options: TrainerOptions

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("kubedojo-hostile-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder + "/Content/scenarios/etcd", withIntermediateDirectories: true)
        var options = TrainerOptions(databasePath: nil, contentRoot: nil, environment: [:], executable: "/nonexistent/kubedojo")
        options.extraContent = folder
        self.options = options
    }

    func write(_ text: String, to name: String) throws {
        try text.write(toFile: folder + "/Content/scenarios/etcd/" + name, atomically: true, encoding: .utf8)
    }

    /// What `kubedojo lint` says of the folder: its errors, one a line, without the folder's prefix.
    func lintErrors() -> [String] {
        defer { try? FileManager.default.removeItem(atPath: folder) }
        do {
            _ = try App.lint(options)
            return []
        } catch {
            return error.description.split(separator: "\n").map {
                $0.hasPrefix(folder + "/") ? String($0.dropFirst(folder.count + 1)) : String($0)
            }
        }
    }

    @Test(.timeLimit(.minutes(1))) func anAliasBombIsCutOffWhereItExpands() throws {
        // Ten levels of ten aliases each: 10^10 values if expanded.
        var lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
        for level in 1..<10 {
            let aliases = Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ")
            lines.append("a\(level): &a\(level) [\(aliases)]")
        }
        try write(lines.joined(separator: "\n") + "\n", to: "bomb.yaml")
        #expect(
            lintErrors() == [
                "Content/scenarios/etcd/bomb.yaml:1:16: error: the document expands to more than 200000 values (are aliases repeating an anchor?)"
            ])
    }

    @Test(.timeLimit(.minutes(1))) func deepNestingStopsAtTheParsersLimit() throws {
        try write("id: [" + String(repeating: "[", count: 100_000) + "\n", to: "deep.yaml")
        #expect(
            lintErrors() == [
                "Content/scenarios/etcd/deep.yaml:1:6: error: YAML syntax: nested more than 1000 levels deep"
            ])
    }

    /// A 2 GiB file (sparse: it takes no disk) is refused on its size, without being read.
    @Test(.timeLimit(.minutes(1))) func aHugeFileIsRefusedUnread() throws {
        let path = folder + "/Content/scenarios/etcd/huge.yaml"
        #expect(FileManager.default.createFile(atPath: path, contents: nil))
        let handle = try #require(FileHandle(forWritingAtPath: path))
        try handle.truncate(atOffset: 2 << 30)
        try handle.close()
        try write("id: [" + String(repeating: "x, ", count: 200_000) + "]\n", to: "large.yaml")
        #expect(
            lintErrors() == [
                "Content/scenarios/etcd/huge.yaml:1:1: error: the file is larger than 512 KiB",
                "Content/scenarios/etcd/large.yaml:1:1: error: the file is larger than 512 KiB",
            ])
    }

    @Test func linksOutOfTheFolderAndPipesAreNotRead() throws {
        let manager = FileManager.default
        let scenarios = folder + "/Content/scenarios/etcd"
        try manager.createSymbolicLink(atPath: scenarios + "/passwd.yaml", withDestinationPath: "/etc/passwd")
        try manager.createSymbolicLink(atPath: scenarios + "/up.yaml", withDestinationPath: "../../../../outside.yaml")
        // A folder link back up the tree is not walked round and round.
        try manager.createSymbolicLink(atPath: scenarios + "/loop", withDestinationPath: "..")
        #expect(mkfifo(scenarios + "/pipe.yaml", 0o600) == 0)
        let outside = URL(fileURLWithPath: folder).deletingLastPathComponent().appendingPathComponent("outside.yaml").path
        #expect(
            lintErrors() == [
                "Content/scenarios/etcd/passwd.yaml:1:1: error: a symbolic link to /etc/passwd, outside the content folder: it is not read",
                "Content/scenarios/etcd/pipe.yaml:1:1: error: not a regular file: it is not read",
                "Content/scenarios/etcd/up.yaml:1:1: error: a symbolic link to \(outside), outside the content folder: it is not read",
            ])
    }

    @Test func bytesThatAreNotUTF8AreNamedByPosition() throws {
        var bytes = Array("id: fine\ntitle: caf".utf8)
        bytes += [0xC3, 0x28]
        bytes += Array("\n".utf8)
        try Data(bytes).write(to: URL(fileURLWithPath: folder + "/Content/scenarios/etcd/latin.yaml"))
        #expect(
            lintErrors() == [
                "Content/scenarios/etcd/latin.yaml:2:11: error: the file is not UTF-8 text: byte 0xC3 here begins no valid character"
            ])
    }

    /// A drill's setup, solution and mistakes name real paths and a real address; verify runs them
    /// in the simulator only, and the real disk is left as it was.
    @Test func commandsInContentNeverReachTheRealMachine() throws {
        let marker = FileManager.default.temporaryDirectory.appendingPathComponent("kubedojo-hostile-marker-\(UUID().uuidString)")
            .path
        try write(
            """
            id: hostile
            title: Writes to the real disk?
            topic: etcd
            guide: Why etcd Requires Odd Numbers
            difficulty: 1
            minutes: 1
            cluster: stacked-3
            host: master1
            setup:
              - { run: "touch \(marker)-setup" }
            task: "Leave {{a}} where it is: {{b}}"
            variables:
              a: { pick: ["{{a}}"] }
              b: { pick: ["{{b}}{{b}}"] }
            checks:
              - use: answer-file
                id: marker
                with: { host: master1, path: \(marker), equals: "{{a}}" }
                points: 1
            solution: |
              echo '{{a}}' > \(marker)
              curl -s https://10.0.1.10:6443/version > \(marker)-curl; rm -rf /etc/kubernetes
            mistakes:
              - name: wrote nothing
                commands: |
                  echo oops > \(marker)-other
                fails: [marker]

            """, to: "hostile.yaml")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let report = try App.verify(options, seeds: [1, 2], only: ["hostile"])
        #expect(report.contains("every solution scores 100 %"), "\(report)")
        for suffix in ["", "-setup", "-curl", "-other"] {
            #expect(!FileManager.default.fileExists(atPath: marker + suffix), "\(marker + suffix) was written on the real disk")
        }
    }
}
