import Catalog
import ClusterSim
import Foundation

/// The checkout's own `Content/` and `Graders/`, read once per process: the fuzzed file is loaded
/// beside them, and their base clusters are what the shell target types on.
enum BundledContent {
    /// The checkout this module was built from (`Sources/FuzzHarness/` is two folders down).
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    static let files: [ContentFile] = {
        let sections: [(folder: String, kind: ContentFile.Kind)] = [
            ("Graders", .graders), ("Content/clusters", .cluster), ("Content/scenarios", .scenario),
            ("Content/cards", .cards), ("Content/exams", .exam),
        ]
        var files: [ContentFile] = []
        for (folder, kind) in sections {
            let paths = FileManager.default.enumerator(atPath: root + "/" + folder)?.compactMap { $0 as? String } ?? []
            for relative in paths.sorted() where relative.hasSuffix(".yaml") {
                files += read(folder + "/" + relative, kind)
            }
        }
        return files + read("Content/guide.yaml", .guide)
    }()

    private static func read(_ path: String, _ kind: ContentFile.Kind) -> [ContentFile] {
        guard let data = FileManager.default.contents(atPath: root + "/" + path) else { return [] }
        return [ContentFile(path: path, kind: kind, text: String(decoding: data, as: UTF8.self))]
    }

    static func files(_ kinds: Set<ContentFile.Kind>) -> [ContentFile] { files.filter { kinds.contains($0.kind) } }

    /// The whole bundled catalogue (a fuzzed exam blueprint is drawn from its scenarios).
    static let catalog: Catalog = Catalog.load(files).0

    /// The base clusters by id, sorted, each built once on seed 7 (the golden transcripts' seed).
    static let clusters: [(id: String, cluster: Cluster)] = catalog.clusters.sorted { $0.key < $1.key }.map {
        ($0.key, Cluster.build(spec: $0.value, seed: 7))
    }
}
