/// An HAProxy 2.6 configuration as the runtime needs it: proxies, their servers and health checks.
public struct HAProxyConfig: Sendable, Hashable, Codable {
    /// `mode tcp` or `mode http`.
    public enum Mode: String, Sendable, Hashable, Codable {
        case tcp, http
    }

    /// What a backend's health check sends and what it accepts.
    public enum CheckKind: Sendable, Hashable, Codable {
        /// A TCP connect (optionally a TLS handshake): `option tcp-check` or plain `check`.
        case tcp(ssl: Bool)
        /// `option ssl-hello-chk`: an SSLv3 client hello, answered by any TLS server.
        case sslHello
        /// `option httpchk`: a request whose status must match `expect` (nil: any 2xx or 3xx).
        case http(method: String, path: String, expect: [Int]?, ssl: Bool)
    }

    /// One `server` line with the defaults and `default-server` options applied.
    public struct Server: Sendable, Hashable, Codable {
        public var name: String
        public var address: String
        /// Nil when the line gave no port (tcp mode then reuses the client's destination port).
        public var port: Int?
        public var line: Int
        /// The configuration file that declared the server.
        public var file = ""
        public var check = false
        public var checkSSL = false
        public var ssl = false
        public var verifyNone = false
        public var caFile: String?
        public var checkPort: Int?
        /// `inter`, `fastinter` and `downinter` in milliseconds.
        public var interMs: Int64 = 2000
        public var fastInterMs: Int64?
        public var downInterMs: Int64?
        public var fall = 3
        public var rise = 2
        public var backup = false
        public var disabled = false
        public var weight = 1
    }

    /// One `bind` address of a frontend.
    public struct Bind: Sendable, Hashable, Codable {
        public var address: String
        public var port: Int
        public var line: Int
    }

    /// Timeouts in milliseconds; nil when not set.
    public struct Timeouts: Sendable, Hashable, Codable {
        public var connect: Int64?
        public var client: Int64?
        public var server: Int64?
        public var check: Int64?
        public var tunnel: Int64?
    }

    /// A `frontend`, `backend`, `listen` or `defaults` section.
    public struct Proxy: Sendable, Hashable, Codable {
        public enum Kind: String, Sendable, Hashable, Codable {
            case defaults, frontend, backend, listen

            var acceptsConnections: Bool { self == .frontend || self == .listen }
            var hasServers: Bool { self == .backend || self == .listen }
        }

        public var kind: Kind
        public var name: String
        public var line: Int
        public var mode: Mode = .tcp
        public var binds: [Bind] = []
        public var defaultBackend: String?
        public var defaultBackendLine = 0
        public var useBackends: [UseBackend] = []
        public var balance = "roundrobin"
        public var servers: [Server] = []
        public var timeouts = Timeouts()
        /// The check kind set by `option httpchk` / `option tcp-check` / `option ssl-hello-chk`.
        public var checkOption: CheckKind?
        /// `http-check` rules seen (and the line of the first one).
        public var httpCheckRules = 0
        public var httpCheckExpect: [Int]?
        public var httpCheckSend: HTTPCheckSend?
        public var httpCheckConnectSSL = false
        /// Options set with `option NAME` (those the validator reasons about).
        public var options: Set<String> = []
        /// `option httplog` / `option tcplog` in force and where it was set.
        public var logFormat: LogFormat?
        var defaultServer = Server(name: "", address: "", port: nil, line: 0)

        /// A `use_backend NAME` rule and its line.
        public struct UseBackend: Sendable, Hashable, Codable {
            public var name: String
            public var line: Int
        }

        /// `http-check send meth M uri U`.
        public struct HTTPCheckSend: Sendable, Hashable, Codable {
            public var method: String
            public var path: String
        }

        /// `option httplog`/`httpslog`/`tcplog` and where it was set (`file:line`).
        public struct LogFormat: Sendable, Hashable, Codable {
            public var name: String
            public var position: String
        }

        /// The health check this proxy's servers run, as the options and `http-check` rules define it.
        public var check: CheckKind {
            let connectSSL = httpCheckConnectSSL
            switch checkOption {
            case .http(let method, let path, _, _)?:
                let send = httpCheckSend ?? HTTPCheckSend(method: method, path: path)
                return .http(method: send.method, path: send.path, expect: httpCheckExpect, ssl: connectSSL)
            case .sslHello?: return .sslHello
            case .tcp?, nil: return .tcp(ssl: connectSSL)
            }
        }
    }

    public var proxies: [Proxy] = []
    /// `ssl-server-verify none` in the global section.
    public var serverVerifyNone = false

    public init() {}

    /// The proxies that accept connections (`frontend` and `listen`).
    public var frontends: [Proxy] { proxies.filter { $0.kind.acceptsConnections } }

    /// The proxies that hold servers (`backend` and `listen`).
    public var backends: [Proxy] { proxies.filter { $0.kind.hasServers } }

    /// The backend (or listen section) of that name.
    public func backend(named name: String) -> Proxy? {
        proxies.first { $0.kind.hasServers && $0.name == name }
    }

    /// The health check a server runs: its backend's check, with TLS when the server asks for it.
    public static func checkKind(of server: Server, in backend: Proxy) -> CheckKind {
        let ssl = server.checkSSL || server.ssl
        switch backend.check {
        case .tcp(let viaRule): return .tcp(ssl: viaRule || ssl)
        case .sslHello: return .sslHello
        case .http(let method, let path, let expect, let viaRule):
            return .http(method: method, path: path, expect: expect, ssl: viaRule || ssl)
        }
    }
}
