import Catalog
import ClusterSim
import Foundation
import Trainer

/// The bundled catalogue, read once per benchmark process from the checkout these sources are in
/// (or from `$KUBEDOJO_CONTENT`).
public enum Content {
    public static let root: String = {
        if let explicit = ProcessInfo.processInfo.environment["KUBEDOJO_CONTENT"], !explicit.isEmpty { return explicit }
        // Benchmarks/Benchmarks/KubedojoBenchmarks/Content.swift: four levels up is the checkout.
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { url.deleteLastPathComponent() }
        return url.path
    }()

    public static let catalog: Catalog = {
        let files: [ContentFile]
        do {
            files = try ContentLocator.read(root: root)
        } catch {
            fail("cannot read the content at \(root): \(error)")
        }
        let (catalog, errors) = Catalog.load(files)
        if !errors.isEmpty { fail("the content at \(root) has errors: \(errors.map(\.description))") }
        return catalog
    }()

    public static func spec(_ id: String) -> ClusterSpec {
        guard let spec = catalog.clusters[id] else { fail("no cluster shape \(id) in \(root)/Content/clusters") }
        return spec
    }

    public static func scenario(_ id: String) -> Scenario {
        guard let scenario = catalog.scenario(id: id) else { fail("no scenario \(id) in the catalogue") }
        return scenario
    }
}

/// A benchmark whose setup does not do what it should measures nothing: stop loudly.
public func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data(("KubedojoBenchmarks: " + message + "\n").utf8))
    exit(1)
}
