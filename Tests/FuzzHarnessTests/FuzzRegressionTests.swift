import Foundation
import Testing

@testable import Catalog
@testable import FuzzHarness

/// One input the fuzzers found (`Regressions/<target>/<name>`), replayed through the same entry
/// point `make fuzz` runs.
struct Regression: CustomTestStringConvertible, Sendable {
    var target: FuzzTarget
    var name: String
    var bytes: [UInt8]

    var testDescription: String { "\(target.rawValue)/\(name)" }

    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Regressions")

    static func all() -> [Regression] {
        FuzzTarget.allCases.flatMap { target -> [Regression] in
            let folder = directory.appendingPathComponent(target.rawValue)
            let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
            return names.filter { !$0.hasPrefix(".") }.sorted().compactMap { name in
                guard let data = FileManager.default.contents(atPath: folder.appendingPathComponent(name).path) else {
                    return nil
                }
                return Regression(target: target, name: name, bytes: Array(data))
            }
        }
    }
}

@Suite struct FuzzRegressionTests {
    /// Every input a fuzzer once crashed on, or broke an invariant with, now runs clean.
    @Test(arguments: Regression.all())
    func regression(_ regression: Regression) {
        let violations = regression.target.run(regression.bytes)
        #expect(violations.isEmpty, "\(violations.joined(separator: "\n"))")
    }

    /// A reproducer in a folder that names no target would never run.
    @Test func everyRegressionFolderIsATarget() throws {
        let folders = try FileManager.default.contentsOfDirectory(atPath: Regression.directory.path)
        #expect(Set(folders).subtracting(FuzzTarget.allCases.map(\.rawValue)).isEmpty, "\(folders.sorted())")
        #expect(!Regression.all().isEmpty)
    }

    /// The seeds `make fuzz` starts from run clean: the bundled content and a transcript's lines.
    @Test func bundledInputsRunClean() throws {
        for file in BundledContent.files {
            let header = ContentHarness.kinds.first { $0.kind == file.kind }?.name
            let bytes = Array(((header.map { $0 + "\n" } ?? "") + file.text).utf8)
            let violations = file.kind == .graders ? FuzzTarget.graders.run(Array(file.text.utf8)) : FuzzTarget.content.run(bytes)
            #expect(violations.isEmpty, "\(file.path): \(violations.joined(separator: "\n"))")
        }
        let lines = "external-etcd-3 etcd2\nexport ETCDCTL_API=3\netcdctl member list\n:fault power-off etcd1\nsleep 10\n"
        #expect(FuzzTarget.shell.run(Array(lines.utf8)) == [])
    }

    /// The invariants are real: an error outside its file or a report that does not add up is caught.
    @Test func brokenInvariantsAreReported() {
        let file = ContentFile(path: "Content/cards/x.yaml", kind: .cards, text: "a: b\n")
        let outside = ContentError(file: file.path, line: 9, column: 1, message: "m")
        let elsewhere = ContentError(file: "Content/cards/y.yaml", line: 1, column: 1, message: "m")
        #expect(ContentHarness.misplaced([outside, elsewhere], in: [file]).count == 2)
        #expect(ContentHarness.misplaced([ContentError(file: file.path, line: 1, column: 5, message: "m")], in: [file]) == [])
        #expect(
            ContentHarness.misplaced([ContentError(file: file.path, line: 1, column: 6, message: "m")], in: [file]).count == 1)
    }

    /// A header word that names nothing still picks a cluster and host, the same one every time.
    @Test func headerMutationsStillChoose() {
        let items = ["a", "b", "c"]
        #expect(FuzzInput.choose("b", from: items, name: { $0 }) == "b")
        let any = FuzzInput.choose("\u{FFFD}zz", from: items, name: { $0 })
        #expect(any != nil && any == FuzzInput.choose("\u{FFFD}zz", from: items, name: { $0 }))
        #expect(FuzzInput.choose(nil, from: [String](), name: { $0 }) == nil)
    }
}
