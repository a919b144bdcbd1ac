/// HAProxy's active health checks as a state machine over virtual time.
///
/// Every checked server starts UP with its health counter at `rise`, so one failed check takes it
/// DOWN; once UP and healthy the counter sits at `rise + fall - 1` and `fall` consecutive failures
/// take it DOWN; a DOWN server needs `rise` consecutive successes to come back. Checks repeat every
/// `inter` (or `fastinter` while the counter is between the extremes, `downinter` while fully DOWN);
/// the first checks are spread evenly over the longest interval, as HAProxy does at start-up.
public struct HAProxyHealth: Sendable, Hashable, Codable {
    public enum State: String, Sendable, Hashable, Codable {
        case up = "UP"
        case down = "DOWN"
    }

    /// One server's check state.
    public struct ServerHealth: Sendable, Hashable, Codable {
        public var backend: String
        public var name: String
        public var address: String
        /// Where checks connect: the `port` setting, else the server's port (nil: checks cannot run).
        public var checkPort: Int?
        /// Nil when the server is not checked (then it is always considered UP unless disabled).
        public var check: HAProxyConfig.CheckKind?
        public var rise: Int
        public var fall: Int
        public var interMs: Int64
        public var fastInterMs: Int64?
        public var downInterMs: Int64?
        public var health: Int
        public var state: State
        public var nextCheckMs: Int64

        /// The delay before the next check, which depends on where the counter stands.
        var intervalMs: Int64 {
            if health == rise + fall - 1 && state == .up { return interMs }
            if health == 0 && state == .down { return downInterMs ?? interMs }
            return fastInterMs ?? interMs
        }

        /// Applies one check result; returns the new state when it changed.
        mutating func record(_ passed: Bool) -> State? {
            let top = rise + fall - 1
            if passed {
                if health < top { health += 1 }
                if state == .down && health >= rise {
                    state = .up
                    health = top
                    return .up
                }
            } else if state == .up {
                if health > rise {
                    health -= 1
                } else {
                    state = .down
                    health = 0
                    return .down
                }
            } else if health > 0 {
                health -= 1
            }
            return nil
        }
    }

    /// A server changing state at a virtual instant.
    public struct Transition: Sendable, Hashable, Codable {
        public var atMs: Int64
        public var backend: String
        public var server: String
        public var state: State
    }

    public private(set) var servers: [ServerHealth] = []
    public private(set) var nowMs: Int64

    /// The servers of every backend as HAProxy holds them right after starting at `startMs`.
    public init(config: HAProxyConfig, startMs: Int64) {
        nowMs = startMs
        var checked: [Int] = []
        for backend in config.backends {
            for server in backend.servers where !server.disabled {
                let kind = server.check ? HAProxyConfig.checkKind(of: server, in: backend) : nil
                if kind != nil { checked.append(servers.count) }
                servers.append(
                    ServerHealth(
                        backend: backend.name, name: server.name, address: server.address,
                        checkPort: server.checkPort ?? server.port, check: kind, rise: max(1, server.rise),
                        fall: max(1, server.fall), interMs: Self.clamped(server.interMs),
                        fastInterMs: server.fastInterMs.map(Self.clamped), downInterMs: server.downInterMs.map(Self.clamped),
                        health: max(1, server.rise), state: .up, nextCheckMs: startMs))
            }
        }
        // Start-up spreads the first checks over the longest interval, one slot per checked server.
        let spread = checked.map { servers[$0].interMs }.max() ?? 0
        for (position, index) in checked.enumerated() {
            servers[index].nextCheckMs = startMs + spread * Int64(position) / Int64(checked.count)
        }
    }

    /// HAProxy timers hold at most 2^31-1 ms; clamping also keeps the time arithmetic from overflowing.
    static func clamped(_ milliseconds: Int64) -> Int64 { min(max(1, milliseconds), 2_147_483_647) }

    /// The state of one server, nil when the backend has no such server.
    public func state(backend: String, server: String) -> State? {
        servers.first { $0.backend == backend && $0.name == server }?.state
    }

    /// The servers of a backend that currently take traffic.
    public func available(backend: String) -> [ServerHealth] {
        servers.filter { $0.backend == backend && $0.state == .up }
    }

    /// Runs every check due up to `targetMs`; `probe(address, port, kind)` says whether a check passes
    /// (its answer must not change during one call). Returns the state changes in time order.
    public mutating func advance(
        to targetMs: Int64, probe: (String, Int, HAProxyConfig.CheckKind) -> Bool
    ) -> [Transition] {
        guard targetMs > nowMs else { return [] }
        var transitions: [Transition] = []
        for index in servers.indices {
            guard let kind = servers[index].check, servers[index].nextCheckMs <= targetMs else { continue }
            var server = servers[index]
            let passes = server.checkPort.map { probe(server.address, $0, kind) } ?? false
            // Each check moves the counter one step, so rise + fall checks reach a steady state.
            var budget = server.rise + server.fall + 2
            while server.nextCheckMs <= targetMs {
                let at = server.nextCheckMs
                if let state = server.record(passes) {
                    transitions.append(Transition(atMs: at, backend: server.backend, server: server.name, state: state))
                }
                let interval = server.intervalMs
                server.nextCheckMs = at + interval
                budget -= 1
                if budget <= 0, server.nextCheckMs <= targetMs {
                    // Steady: further identical results change nothing; jump over them.
                    let skipped = (targetMs - server.nextCheckMs) / interval + 1
                    server.nextCheckMs += skipped * interval
                }
            }
            servers[index] = server
        }
        nowMs = targetMs
        return transitions.sorted { ($0.atMs, $0.backend, $0.server) < ($1.atMs, $1.backend, $1.server) }
    }
}
