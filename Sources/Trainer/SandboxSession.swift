import ClusterSim
import Foundation
import Shell

/// Free play on a base cluster: no task, no grading, nothing stored but the line-editing history.
///
/// Lines run in the simulated shell as in a drill; `:fault` breaks the cluster on purpose through
/// the faults API scenarios and graders use, and `:events` shows what the model did about it.
public final class SandboxSession: InteractiveSession {
    public let clusterName: String
    public let seed: UInt64
    public private(set) var cluster: Cluster
    public private(set) var shell: ShellState
    let console: Console
    let editor: (any ExternalEditor)?
    private var lines = LineAssembler()
    /// Thinking time before empty lines, passed on with the next command.
    private var pendingMilliseconds: Int64 = 0

    static let metaCommandNames = [":events", ":fault", ":help", ":quit", ":topology"]
    /// How many events `:events` shows without a count.
    static let defaultEventCount = 20

    /// A fresh cluster built from `spec` and `seed`; the shell starts on the first control plane.
    public init(
        clusterName: String, spec: ClusterSpec, seed: UInt64, console: Console, editor: (any ExternalEditor)? = nil
    ) {
        self.clusterName = clusterName
        self.seed = seed
        self.console = console
        self.editor = editor ?? (console.isInteractive ? TerminalEditor() : nil)
        cluster = Cluster.build(spec: spec, seed: seed)
        let start = cluster.nodes.first { $0.role == .controlPlane } ?? cluster.nodes.first
        shell = ShellState(host: start?.name ?? "localhost")
    }

    public var prompt: String { lines.isContinuing ? "> " : shell.prompt }
    public var metaCommands: [String] { Self.metaCommandNames }

    /// What Tab does at the sandbox prompt.
    public func complete(line: String, cursor: Int) -> Completion {
        PromptCompletion.complete(line: line, cursor: cursor, commands: metaCommands, shell: shell, cluster: cluster)
    }

    public var banner: String {
        let here = cluster.node(named: shell.host).map { "\($0.name) (\($0.ip))" } ?? shell.host
        let nodes = cluster.nodes.map(\.name).joined(separator: ", ")
        return console.style("Sandbox: \(clusterName), seed \(seed)", .bold) + " (no task, nothing graded or stored)\n"
            + "You are on \(here). Nodes: \(nodes).\n"
            + console.style(
                ":fault breaks things, sleep N lets time pass, :events shows what the model did; :help lists the rest.",
                .dim) + "\n"
    }

    public func process(_ line: String, elapsedMilliseconds: Int64) -> SessionReply {
        switch lines.feed(line, elapsed: max(0, elapsedMilliseconds)) {
        case .waiting: return SessionReply()
        case .complete(let text, let milliseconds): return run(text, elapsed: milliseconds)
        case .dropped(let milliseconds):
            pendingMilliseconds &+= milliseconds
            return .error(LineAssembler.droppedMessage)
        }
    }

    public func interrupt() { lines.cancel() }

    public func endOfInput() -> SessionReply {
        guard let pending = lines.flush() else { return SessionReply() }
        return run(pending.text, elapsed: pending.milliseconds)
    }

    /// Thinking time passes on the cluster first (a failover happens while you think), then the line runs.
    private func run(_ line: String, elapsed: Int64) -> SessionReply {
        let trimmed = line.trimmed()
        guard !trimmed.isEmpty else {
            pendingMilliseconds &+= elapsed
            return SessionReply()
        }
        cluster.advance(milliseconds: elapsed &+ pendingMilliseconds)
        pendingMilliseconds = 0
        if trimmed.hasPrefix(":") { return meta(trimmed) }
        return SessionReply(Shell.run(line, state: &shell, cluster: &cluster, editor: editor).segments)
    }

    static let help = """
        Sandbox commands (everything else runs in the simulated shell):
          :fault NAME ARGS...  inject a fault; :fault alone lists them
          :events [N]          the model's last N events (default 20) with their simulated time
          :topology            nodes, etcd members and leader, API servers and LB backends now
          :quit                leave (nothing is stored)
          :help                this list
        `sleep N` lets N seconds of simulated time pass; so do the tools' own timeouts.
        Ctrl-C cancels the line being typed; Ctrl-D leaves too.

        """

    private func meta(_ command: String) -> SessionReply {
        let words = command.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        switch words.first ?? command {
        case ":fault": return fault(Array(words.dropFirst()))
        case ":events": return Self.events(cluster.events, words.dropFirst().first)
        case ":topology": return .text(Topology.render(cluster))
        case ":quit", ":q", ":exit": return SessionReply(quit: true)
        case ":help", ":h", ":?": return .text(Self.help)
        default: return .error("kubedojo: unknown command \(command); :help lists the sandbox commands\n")
        }
    }

    /// The table `:fault` prints: every fault with its arguments and what it does.
    static var faultTable: String {
        let width = Fault.usage.map { $0.name.count + 1 + $0.arguments.count }.max() ?? 0
        var text = "Faults (:fault NAME ARGS...):\n"
        for entry in Fault.usage {
            let head = entry.arguments.isEmpty ? entry.name : "\(entry.name) \(entry.arguments)"
            text += "  " + head.padding(toLength: width, withPad: " ", startingAt: 0) + "  \(entry.summary)\n"
        }
        return text
    }

    private func fault(_ words: [String]) -> SessionReply {
        guard let name = words.first else { return .text(Self.faultTable) }
        let parsed: Fault
        switch Fault.parse(words) {
        case .success(let fault): parsed = fault
        case .failure(let error):
            let problem: String
            switch error {
            case .usage:
                let arguments = Fault.usage.first { $0.name == name }?.arguments ?? ""
                problem = arguments.isEmpty ? "\(name) takes no arguments" : "\(name) takes \(arguments)"
            case .unknown: problem = "there is no fault named '\(name)'"
            default: problem = "\(name): \(error)"
            }
            return SessionReply([
                OutputSegment(.stderr, "kubedojo: :fault: \(problem)\n"), OutputSegment(.stdout, Self.faultTable),
            ])
        }
        let before = cluster.events.count
        switch cluster.inject(parsed) {
        case .success:
            let new = cluster.events.dropFirst(before)
            let shown = new.isEmpty ? "" : Self.render(Array(new))
            return .text("Injected \(words.joined(separator: " ")).\n" + shown)
        case .failure(let error):
            var message = "kubedojo: :fault \(name): \(error)"
            if case .noSuchNode = error { message += " (nodes: \(cluster.nodes.map(\.name).joined(separator: ", ")))" }
            return .error(message + "\n")
        }
    }

    /// `:events [N]`: the last N of `events` (20 by default), one line each.
    static func events(_ events: [SimEvent], _ count: String?) -> SessionReply {
        var limit = defaultEventCount
        if let count {
            guard let parsed = Int(count), parsed > 0 else {
                return .error("kubedojo: :events takes a positive number of events, not '\(count)'\n")
            }
            limit = parsed
        }
        let shown = Array(events.suffix(limit))
        guard !shown.isEmpty else { return .text("No events yet.\n") }
        return .text(render(shown))
    }

    /// One line per event: simulated UTC date and time to the millisecond, the source, the message.
    static func render(_ events: [SimEvent]) -> String {
        events.map { event in
            let civil = event.time.civil
            let stamp = String(
                format: "%04d-%02d-%02d %02d:%02d:%02d.%03d", civil.year, civil.month, civil.day, civil.hour, civil.minute,
                civil.second, civil.millisecond)
            var message = event.message
            if event.source.hasPrefix("etcd/"), let line = EtcdLogLine.decode(message) {
                let fields = line.fields.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
                message = "[\(line.level)] \(line.message)" + (fields.isEmpty ? "" : " (\(fields))")
            }
            return "\(stamp)  \(event.source)  \(message)\n"
        }.joined()
    }
}
