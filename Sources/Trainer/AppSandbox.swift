#if canImport(Glibc)
    import Glibc
#endif
import Catalog
import ClusterSim

extension App {
    /// `kubedojo sandbox [CLUSTER] [--seed N]`: a base cluster to explore until `:quit` or end of input.
    /// Nothing goes into the progress database: there is no attempt to grade, schedule or resume.
    public static func sandbox(cluster name: String, seed: UInt64?, options: TrainerOptions) throws(TrainerError) {
        let catalog = try loadCatalog(options)
        guard let spec = catalog.clusters[name] else {
            let known = catalog.clusters.keys.sorted().joined(separator: ", ")
            throw TrainerError("kubedojo: no cluster '\(name)'; the base clusters are: \(known)")
        }
        var systemRandom = SystemRandomNumberGenerator()
        let console = Console(environment: options.environment)
        let session = SandboxSession(
            clusterName: name, spec: spec, seed: seed ?? UInt64.random(in: 1...999_999, using: &systemRandom),
            console: console)
        signal(SIGPIPE, SIG_IGN)
        let reader = makeReader(console: console, options: options)
        console.out(session.banner + "\n")
        _ = loop(session, reader: reader, console: console)
    }
}
