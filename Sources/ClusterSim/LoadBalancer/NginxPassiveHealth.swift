/// nginx's passive health for `stream` upstreams: no probes, only the outcome of real connections.
///
/// A failed connection counts against its server; `max_fails` failures (default 1) within
/// `fail_timeout` (default 10 s) take the server out of rotation until `fail_timeout` has passed since
/// the last failure, when it is tried again. A connection tries the next server after a failure, each
/// server once. An upstream of a single server ignores `max_fails`. When no server may be tried the
/// connection fails with "no live upstreams".
public struct NginxPassiveHealth: Sendable, Hashable, Codable {
    public struct Peer: Sendable, Hashable, Codable {
        public var address: String
        public var port: Int
        public var maxFails: Int
        public var failTimeoutMs: Int64
        public var down: Bool
        public var fails = 0
        public var checkedMs: Int64 = 0
        public var accessedMs: Int64 = 0

        func available(at now: Int64, single: Bool) -> Bool {
            if down { return false }
            if single { return true }
            return !(maxFails > 0 && fails >= maxFails && now - checkedMs <= failTimeoutMs)
        }
    }

    public struct Upstream: Sendable, Hashable, Codable {
        public var name: String
        public var peers: [Peer]
        var cursor = 0
    }

    /// How one client connection through the proxy ended.
    public enum Outcome: Sendable, Hashable, Codable {
        /// Connected to this server after the listed failed attempts.
        case connected(address: String, port: Int, failed: [String])
        /// Every server tried failed.
        case failed(tried: [String])
        /// No server could be tried at all.
        case noLiveUpstreams
    }

    public private(set) var upstreams: [Upstream]

    public init(config: NginxConfig) {
        upstreams = config.upstreams.map { upstream in
            Upstream(
                name: upstream.name,
                peers: upstream.servers.filter { !$0.backup }.map {
                    Peer(
                        address: $0.address, port: $0.port, maxFails: $0.maxFails, failTimeoutMs: $0.failTimeoutMs,
                        down: $0.down)
                })
        }
    }

    /// The upstream's peers as they stand.
    public func peers(of upstream: String) -> [Peer] { upstreams.first { $0.name == upstream }?.peers ?? [] }

    /// One client connection at `nowMs`; `probe(address, port)` says whether a server accepts it.
    public mutating func connect(upstream name: String, at nowMs: Int64, probe: (String, Int) -> Bool) -> Outcome {
        guard let index = upstreams.firstIndex(where: { $0.name == name }) else { return .noLiveUpstreams }
        var upstream = upstreams[index]
        defer { upstreams[index] = upstream }
        let count = upstream.peers.count
        let single = count == 1
        var tried: Set<Int> = []
        var failed: [String] = []
        while tried.count < count {
            var chosen: Int?
            for step in 0..<count {
                let candidate = (upstream.cursor + step) % count
                if !tried.contains(candidate) && upstream.peers[candidate].available(at: nowMs, single: single) {
                    chosen = candidate
                    break
                }
            }
            guard let pick = chosen else { break }
            upstream.cursor = (pick + 1) % count
            tried.insert(pick)
            var peer = upstream.peers[pick]
            if nowMs - peer.checkedMs > peer.failTimeoutMs { peer.checkedMs = nowMs }
            let target = "\(peer.address):\(peer.port)"
            if probe(peer.address, peer.port) {
                if peer.accessedMs < peer.checkedMs { peer.fails = 0 }
                upstream.peers[pick] = peer
                return .connected(address: peer.address, port: peer.port, failed: failed)
            }
            peer.fails += 1
            peer.accessedMs = nowMs
            peer.checkedMs = nowMs
            upstream.peers[pick] = peer
            failed.append(target)
        }
        return failed.isEmpty ? .noLiveUpstreams : .failed(tried: failed)
    }
}
