import ClusterSim
import Foundation
import Shell

/// Lines typed at the shell of a base cluster, as a learner types them (DESIGN §8: no input
/// crashes the program). The input is a header line `CLUSTER HOST` (a base cluster of
/// `Content/clusters` and one of its nodes) and the text typed, split into commands as the REPL
/// does (a here-document or an open quote joins the lines that follow). A command
/// `:fault NAME ARGS` injects a fault as the sandbox's `:fault` does. Before each command runs,
/// Tab is pressed at its end and in its middle.
enum ShellHarness {
    /// Commands run per input; keeps every execution short.
    static let maximumCommands = 32

    struct Run: Equatable {
        var results: [ShellResult] = []
        var cluster: Cluster
        var state: ShellState
    }

    static func run(_ bytes: [UInt8]) -> [String] {
        let input = FuzzInput(bytes)
        guard let base = FuzzInput.choose(input.header.first, from: BundledContent.clusters, name: \.id) else {
            return ["no base cluster under Content/clusters"]
        }
        let names = base.cluster.nodes.map(\.name)
        guard let host = FuzzInput.choose(input.header.dropFirst().first, from: names, name: { $0 }) else {
            return ["cluster \(base.id) has no nodes"]
        }
        let commands = Array(Shell.commands(in: input.body).prefix(maximumCommands))
        var violations: [String] = []
        let fresh = Run(cluster: base.cluster, state: ShellState(host: host))
        let whole = play(commands, from: fresh, violations: &violations)
        // A resumed drill is the same session: its state saved as JSON after some lines (a
        // snapshot, as DrillSnapshot saves it) and decoded, then the later lines replayed. With one
        // command the lines are simply run again: the same lines on the same seed, the same session.
        var ignored: [String] = []
        let half = commands.count / 2
        var resumed = play(Array(commands[..<half]), from: fresh, violations: &ignored)
        if half > 0 {
            switch snapshot(resumed) {
            case .success(let decoded):
                if decoded != resumed { violations.append("the state after \(half) commands decodes differently") }
                resumed = decoded
            case .failure(let error):
                return ["\(base.id) \(host): the state after \(half) commands does not survive JSON: \(error)"]
            }
        }
        resumed = play(Array(commands[half...]), from: resumed, violations: &ignored)
        if resumed != whole {
            let index = whole.results.indices.first { whole.results[$0] != resumed.results[$0] }
            violations.append(
                "run again\(half > 0 ? " from a snapshot after \(half) commands" : ""), the session differs"
                    + (index.map { " at command \($0 + 1): \(String(reflecting: commands[$0]))" } ?? " in the final state"))
        }
        return violations.map { "\(base.id) \(host): \($0)" }
    }

    /// The run's cluster and shell through JSON and back.
    static func snapshot(_ run: Run) -> Result<Run, any Error> {
        Result {
            let data = try JSONEncoder().encode(Snapshot(cluster: run.cluster, state: run.state))
            let decoded = try JSONDecoder().decode(Snapshot.self, from: data)
            return Run(results: run.results, cluster: decoded.cluster, state: decoded.state)
        }
    }

    struct Snapshot: Codable {
        var cluster: Cluster
        var state: ShellState
    }

    /// Runs the commands on a copy of `cluster`, checking the invariants after each.
    static func play(_ commands: [String], on cluster: Cluster, host: String, violations: inout [String]) -> Run {
        play(commands, from: Run(cluster: cluster, state: ShellState(host: host)), violations: &violations)
    }

    static func play(_ commands: [String], from start: Run, violations: inout [String]) -> Run {
        var run = start
        var leaders: [String: UInt64] = [:]  // "cluster ID/term" → the leader's member ID
        for command in commands {
            let before = run.cluster.now
            let shown = String(reflecting: command.count > 200 ? String(command.prefix(200)) + "…" : command)
            for cursor in [command.count, command.count / 2] {
                _ = Completer.complete(line: command, cursor: cursor, state: run.state, cluster: run.cluster)
            }
            if command.hasPrefix(":fault") {
                let words = command.split(whereSeparator: \.isWhitespace).dropFirst().map(String.init)
                if case .success(let fault) = Fault.parse(words) { _ = run.cluster.inject(fault) }
                run.results.append(ShellResult())
            } else {
                let result = Shell.run(command, state: &run.state, cluster: &run.cluster)
                if !(0..<256).contains(result.status) { violations.append("\(shown) exits \(result.status)") }
                if result.status != run.state.lastStatus {
                    violations.append("\(shown) exits \(result.status) but $? is \(run.state.lastStatus)")
                }
                run.results.append(result)
            }
            if run.cluster.now < before { violations.append("\(shown) moves time backwards") }
            if run.cluster.node(named: run.state.host) == nil {
                violations.append("after \(shown) the shell is on '\(run.state.host)', not a node of the cluster")
            }
            if let leader = run.cluster.etcd.leaderID {
                let term = "\(run.cluster.etcd.clusterID)/\(run.cluster.etcd.term)"
                if let earlier = leaders[term], earlier != leader {
                    violations.append("after \(shown) term \(term) has two etcd leaders")
                }
                leaders[term] = leader
            }
        }
        return run
    }
}
