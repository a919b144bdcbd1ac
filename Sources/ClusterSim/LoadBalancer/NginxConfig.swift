/// An nginx 1.22 configuration as the runtime needs it: the `stream` upstreams and the servers using them.
public struct NginxConfig: Sendable, Hashable, Codable {
    /// One `server ADDRESS:PORT [max_fails=N] [fail_timeout=T] ...;` of an upstream.
    public struct UpstreamServer: Sendable, Hashable, Codable {
        public var address: String
        public var port: Int
        public var weight = 1
        /// Failed attempts within `fail_timeout` that make nginx skip the server (0: never).
        public var maxFails = 1
        public var failTimeoutMs: Int64 = 10_000
        public var backup = false
        public var down = false
    }

    /// An `upstream NAME { ... }` block of the stream module.
    public struct Upstream: Sendable, Hashable, Codable {
        public var name: String
        public var servers: [UpstreamServer] = []
        /// `round-robin` (default), `least_conn`, `hash` or `random`.
        public var balance = "round-robin"
    }

    /// A stream `server { listen ...; proxy_pass ...; }`.
    public struct StreamServer: Sendable, Hashable, Codable {
        public var listens: [Listen] = []
        /// The upstream name or `host:port` the server proxies to.
        public var proxyPass: String?
        public var connectTimeoutMs: Int64 = 60_000
        public var line: Int

        /// One `listen [ADDRESS:]PORT`.
        public struct Listen: Sendable, Hashable, Codable {
            public var address: String
            public var port: Int
        }
    }

    public var upstreams: [Upstream] = []
    public var servers: [StreamServer] = []
    public var streamModuleLoaded = false

    public init() {}

    /// The upstream of that name in the `stream` block.
    public func upstream(named name: String) -> Upstream? { upstreams.first { $0.name == name } }
}
