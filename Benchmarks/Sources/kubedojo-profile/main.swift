import Catalog
import ClusterSim
import Foundation
import Workloads

// Runs one workload of the benchmarks N times in a plain process, for a profiler:
//
//   valgrind --tool=callgrind --toggle-collect='*measuredRegion*' \
//     .build/release/kubedojo-profile command kubectl-get-pods-A 50
//
// Only `measuredRegion` is collected, so setup (catalogue, cluster, stored log) stays out of
// the counts; divide by N for one run. (valgrind 3.19 cannot read the DWARF 5 this toolchain
// writes: profile a copy made with `strip --strip-debug`.)

let usage = """
    usage: kubedojo-profile WORKLOAD [N]
      assemble SHAPE       Cluster.assemble of a base shape (stacked-3 ...), a new seed each run
      command NAME         one typed command on master1 of stacked-3 (\(TypedCommands.all.map(\.name).joined(separator: ", ")))
      grade SCENARIO       Grader.grade on the end state of the scenario's solution
      resume               resume an attempt of 500 stored commands
      fsrs                 schedule 100 000 cards
      verify               Verifier.verify over the catalogue (5 seeds)

    """

var arguments = Array(CommandLine.arguments.dropFirst())
let count = arguments.count >= 2 ? Int(arguments.removeLast()) ?? 0 : 0
guard let workload = arguments.first, count > 0 || arguments.count == 1 else {
    FileHandle.standardError.write(Data(usage.utf8))
    exit(2)
}
let runs = max(count, 1)
let argument = arguments.count > 1 ? arguments[1] : ""

/// What is timed and profiled: everything else is setup.
@inline(never)
func measuredRegion(_ body: (Int) -> Void) {
    for run in 0..<runs { body(run) }
}

func time(_ body: (Int) -> Void) {
    let clock = ContinuousClock()
    let elapsed = clock.measure { measuredRegion(body) }
    let each = elapsed / runs
    print("\(workload) \(argument): \(runs) runs, \(each) each")
}

var sink = 0
switch workload {
case "assemble":
    let spec = Content.spec(argument)
    time { run in sink &+= Cluster.assemble(spec: spec, seed: UInt64(run) + 1).nodes.count }
case "command":
    guard let line = TypedCommands.all.first(where: { $0.name == argument })?.line else { fail("no command \(argument)") }
    let session = PromptSession.checked(argument, line)
    time { _ in sink &+= session.run(line).segments.count }
case "grade":
    let end = EndState.checked(Content.scenario(argument))
    time { _ in sink &+= end.grade().earned }
case "resume":
    let log = try StoredLog(lines: 500)
    defer { try? FileManager.default.removeItem(atPath: StoredLog.folder) }
    time { _ in sink &+= log.resume().resumeBanner.count }
case "encode", "decode":
    // The state a resume snapshot holds: the cluster after the 500-line log.
    let log = try StoredLog(lines: 500)
    defer { try? FileManager.default.removeItem(atPath: StoredLog.folder) }
    let cluster = log.resume().cluster
    let encoded = try JSONEncoder().encode(cluster)
    print("encoded: \(encoded.count) bytes")
    if workload == "encode" {
        time { _ in sink &+= (try? JSONEncoder().encode(cluster))?.count ?? 0 }
    } else {
        guard try JSONDecoder().decode(Cluster.self, from: encoded) == cluster else { fail("the decoded cluster differs") }
        time { _ in sink &+= (try? JSONDecoder().decode(Cluster.self, from: encoded))?.nodes.count ?? 0 }
    }
case "fsrs":
    let deck = try Deck(count: 100_000)
    time { _ in sink &+= Int(truncatingIfNeeded: deck.scheduleAll()) }
case "verify":
    let catalog = Content.catalog
    time { _ in sink &+= Verifier.verify(catalog).count }
default:
    FileHandle.standardError.write(Data(usage.utf8))
    exit(2)
}
if sink == 42 { print("") }
