/// Checks an nginx configuration the way `nginx -t` does, stopping at the first `[emerg]`.
public struct NginxCheck: Sendable, Hashable, Codable {
    /// The first fatal problem: its text and, when it has one, the `file:line` it points at.
    public struct Failure: Error, Sendable, Hashable, Codable {
        public var message: String
        public var file: String?
        public var line: Int?

        /// The `[emerg]` text: `MESSAGE in FILE:LINE` when positioned.
        public var text: String {
            guard let file, let line else { return message }
            return "\(message) in \(file):\(line)"
        }
    }

    public var config: NginxConfig
    /// Nil when the syntax is ok (and the configuration passed the syntax stage).
    public var syntaxFailure: Failure?
    /// A failure found after "syntax is ok" (say, no `events` section).
    public var postFailure: Failure?

    public var succeeded: Bool { syntaxFailure == nil && postFailure == nil }

    /// Parses `path` (shown as `display`) from the node's files, as Debian's nginx with its module directory.
    ///
    /// `resolves` says whether a host name resolves on the node (IP literals always do).
    public static func run(
        path: String, display: String, files: FileSystem, resolves: @escaping (String) -> Bool
    ) -> NginxCheck {
        var parser = NginxParser(files: files, resolves: resolves, configDirectory: FileSystem.parent(of: path))
        do throws(Failure) {
            try parser.parseFile(path: path, display: display, context: NginxDirectives.Context.main, depth: 0)
        } catch {
            return NginxCheck(config: parser.config, syntaxFailure: error, postFailure: nil)
        }
        let post = parser.sawEvents ? nil : Failure(message: "no \"events\" section in configuration")
        return NginxCheck(config: parser.config, syntaxFailure: nil, postFailure: post)
    }
}

/// The recursive reader behind `NginxCheck`.
struct NginxParser {
    typealias Context = NginxDirectives.Context
    typealias Failure = NginxCheck.Failure

    private enum Token: Equatable {
        case word(String), semicolon, open, close, end
    }

    var config = NginxConfig()
    var sawEvents = false
    private let files: FileSystem
    private let resolves: (String) -> Bool
    private let configDirectory: String
    private var tokens: [(token: Token, line: Int)] = []
    private var index = 0
    private var file = ""
    private var loadedModules: Set<String> = []
    /// Upstream references made by `proxy_pass`, checked once the stream block is read.
    private var references: [(name: String, port: Int?, file: String, line: Int)] = []
    private var listens: Set<String> = []
    private var currentUpstream: NginxConfig.Upstream?
    private var currentServer: NginxConfig.StreamServer?
    private var serverHasHandler = false
    private var httpUpstreamServers = 0

    init(files: FileSystem, resolves: @escaping (String) -> Bool, configDirectory: String) {
        self.files = files
        self.resolves = resolves
        self.configDirectory = configDirectory
    }

    private func fail(_ message: String, line: Int) -> Failure {
        Failure(message: message, file: file, line: line)
    }

    mutating func parseFile(path: String, display: String, context: Context, depth: Int) throws(Failure) {
        guard case .success(let text) = files.read(path) else {
            throw Failure(message: "open() \"\(display)\" failed (2: No such file or directory)")
        }
        let saved = (tokens, index, file)
        tokens = Self.tokenize(text)
        index = 0
        file = display
        try parseBlock(context, closedByBrace: false, depth: depth)
        (tokens, index, file) = saved
    }

    private mutating func next() -> (token: Token, line: Int) {
        guard index < tokens.count else { return (.end, tokens.last?.line ?? 1) }
        defer { index += 1 }
        return tokens[index]
    }

    private mutating func parseBlock(_ context: Context, closedByBrace: Bool, depth: Int) throws(Failure) {
        guard depth < 32 else { throw fail("too deeply nested configuration", line: tokens.last?.line ?? 1) }
        var words: [String] = []
        while true {
            let (token, line) = next()
            switch token {
            case .word(let word):
                words.append(word)
            case .semicolon:
                guard !words.isEmpty else { throw fail("unexpected \";\"", line: line) }
                try directive(words, block: false, line: line, context: context, depth: depth)
                words = []
            case .open:
                guard !words.isEmpty else { throw fail("unexpected \"{\"", line: line) }
                try directive(words, block: true, line: line, context: context, depth: depth)
                words = []
            case .close:
                guard words.isEmpty, closedByBrace else { throw fail("unexpected \"}\"", line: line) }
                return
            case .end:
                if !words.isEmpty { throw fail("unexpected end of file, expecting \";\" or \"}\"", line: line) }
                if closedByBrace { throw fail("unexpected end of file, expecting \"}\"", line: line) }
                return
            }
        }
    }

    private var streamLoaded: Bool { config.streamModuleLoaded }

    private mutating func directive(
        _ words: [String], block: Bool, line: Int, context: Context, depth: Int
    ) throws(Failure) {
        let name = words[0]
        let arguments = Array(words.dropFirst())
        guard context == .opaque || NginxDirectives.isKnown(name, stream: streamLoaded) || context.isHTTP else {
            throw fail("unknown directive \"\(name)\"", line: line)
        }
        guard let spec = NginxDirectives.spec(name, in: context, stream: streamLoaded) else {
            throw fail("\"\(name)\" directive is not allowed here", line: line)
        }
        if !context.isHTTP && context != .opaque {
            if spec.block && !block { throw fail("directive \"\(name)\" has no opening \"{\"", line: line) }
            if !spec.block && block { throw fail("directive \"\(name)\" is not terminated by \";\"", line: line) }
            if !spec.arguments.contains(arguments.count) {
                throw fail("invalid number of arguments in \"\(name)\" directive", line: line)
            }
        }
        if name == "include" && arguments.count == 1 {
            try include(arguments[0], context: context, line: line, depth: depth)
            return
        }
        switch (context, name) {
        case (.main, "load_module"):
            try loadModule(arguments[0], line: line)
        case (.main, "events"):
            sawEvents = true
            try parseBlock(.events, closedByBrace: true, depth: depth + 1)
        case (.main, "http"):
            try parseBlock(.http, closedByBrace: true, depth: depth + 1)
        case (.main, "stream"):
            try parseBlock(.stream, closedByBrace: true, depth: depth + 1)
            try finishStream()
        case (.stream, "upstream"):
            try openUpstream(arguments[0], line: line, depth: depth)
        case (.stream, "server"):
            currentServer = NginxConfig.StreamServer(line: line)
            serverHasHandler = false
            try parseBlock(.streamServer, closedByBrace: true, depth: depth + 1)
            if let server = currentServer {
                if server.listens.isEmpty {
                    throw fail("no \"listen\" is defined for server", line: server.line)
                }
                config.servers.append(server)
            }
            currentServer = nil
        case (.streamServer, "listen"):
            try listen(arguments, line: line)
        case (.streamServer, "proxy_pass"):
            try proxyPass(arguments[0], line: line)
        case (.streamServer, "return"):
            serverHasHandler = true
        case (.streamServer, "proxy_connect_timeout"):
            if let ms = Self.milliseconds(arguments[0]) { currentServer?.connectTimeoutMs = ms }
        case (.streamUpstream, "server"):
            try upstreamServer(arguments, line: line)
        case (.streamUpstream, "least_conn"), (.streamUpstream, "hash"), (.streamUpstream, "random"):
            currentUpstream?.balance = name
        case (.http, "upstream") where block:
            httpUpstreamServers = 0
            try parseBlock(.httpUpstream, closedByBrace: true, depth: depth + 1)
            if httpUpstreamServers == 0 { throw fail("no servers are inside upstream", line: lastLine) }
        case (.httpUpstream, "server"):
            httpUpstreamServers += 1
        default:
            if block {
                let inner: Context = context.isHTTP ? .http : .opaque
                try parseBlock(inner, closedByBrace: true, depth: depth + 1)
            }
        }
    }

    /// The line of the token just read (a block's closing brace after `parseBlock`).
    private var lastLine: Int { index > 0 && index <= tokens.count ? tokens[index - 1].line : 1 }

    private mutating func include(_ pattern: String, context: Context, line: Int, depth: Int) throws(Failure) {
        let path = pattern.hasPrefix("/") ? pattern : FileSystem.resolve(pattern, cwd: configDirectory)
        guard depth < 16 else { throw fail("too many levels of include", line: line) }
        let name = path.split(separator: "/").last.map(String.init) ?? ""
        guard name.contains("*") || name.contains("?") else {
            guard files.isFile(path) else {
                throw fail("open() \"\(path)\" failed (2: No such file or directory)", line: line)
            }
            try parseFile(path: path, display: path, context: context, depth: depth + 1)
            return
        }
        let directory = FileSystem.parent(of: path)
        let names = (try? files.list(directory).get()) ?? []
        for candidate in names where Glob.matches(name, candidate) {
            let full = (directory == "/" ? "" : directory) + "/" + candidate
            guard files.isFile(full) else { continue }
            try parseFile(path: full, display: full, context: context, depth: depth + 1)
        }
    }

    /// Shell-style `*` and `?` matching of one path component.
    private mutating func loadModule(_ raw: String, line: Int) throws(Failure) {
        // Debian's prefix is /usr/share/nginx, whose modules/ is a link to /usr/lib/nginx/modules.
        let shown = raw.hasPrefix("/") ? raw : "/usr/share/nginx/" + raw
        var real = FileSystem.resolve(shown)
        if real.hasPrefix("/usr/share/nginx/modules/") {
            real = "/usr/lib/nginx/modules/" + real.dropFirst("/usr/share/nginx/modules/".count)
        }
        guard files.isFile(real) else {
            throw fail(
                "dlopen() \"\(shown)\" failed (\(shown): cannot open shared object file: No such file or directory)",
                line: line)
        }
        let module = String((real.split(separator: "/").last ?? "").prefix { $0 != "." })
        if loadedModules.contains(module) { throw fail("module \"\(module)\" is already loaded", line: line) }
        loadedModules.insert(module)
        if module == "ngx_stream_module" { config.streamModuleLoaded = true }
    }

    private mutating func openUpstream(_ name: String, line: Int, depth: Int) throws(Failure) {
        if config.upstream(named: name) != nil { throw fail("duplicate upstream \"\(name)\"", line: line) }
        currentUpstream = NginxConfig.Upstream(name: name)
        try parseBlock(.streamUpstream, closedByBrace: true, depth: depth + 1)
        guard let upstream = currentUpstream, !upstream.servers.isEmpty else {
            throw fail("no servers are inside upstream", line: lastLine)
        }
        config.upstreams.append(upstream)
        currentUpstream = nil
    }

    private mutating func upstreamServer(_ arguments: [String], line: Int) throws(Failure) {
        var server = NginxConfig.UpstreamServer(address: "", port: 0)
        for parameter in arguments.dropFirst() {
            let parts = parameter.split(separator: "=", maxSplits: 1).map(String.init)
            let value = parts.count == 2 ? parts[1] : ""
            switch parts.first ?? "" {
            case "weight" where parts.count == 2:
                guard let number = Int(value), number > 0 else { throw invalid(parameter, line) }
                server.weight = number
            case "max_fails" where parts.count == 2:
                guard let number = Int(value), number >= 0 else { throw invalid(parameter, line) }
                server.maxFails = number
            case "fail_timeout" where parts.count == 2:
                guard let ms = Self.milliseconds(value, defaultUnit: 1000) else { throw invalid(parameter, line) }
                server.failTimeoutMs = ms
            case "max_conns" where parts.count == 2:
                guard let number = Int(value), number >= 0 else { throw invalid(parameter, line) }
            case "backup" where parts.count == 1: server.backup = true
            case "down" where parts.count == 1: server.down = true
            default: throw invalid(parameter, line)
            }
        }
        let url = arguments[0]
        let parsed = try address(url, line: line) { "\($0) in upstream \"\(url)\"" }
        guard let port = parsed.port else { throw fail("no port in upstream \"\(url)\"", line: line) }
        server.address = parsed.host
        server.port = port
        currentUpstream?.servers.append(server)
    }

    private func invalid(_ parameter: String, _ line: Int) -> Failure {
        fail("invalid parameter \"\(parameter)\"", line: line)
    }

    /// Splits `host[:port]` as nginx's URL parser does; a bad port or an unresolvable host is refused.
    private func address(
        _ url: String, line: Int, resolve: Bool = true, wording: (String) -> String
    ) throws(Failure) -> (host: String, port: Int?) {
        if url.contains("/") { throw fail(wording("invalid host"), line: line) }
        var host = url
        var port: Int?
        if let colon = url.lastIndex(of: ":"), !url.hasSuffix("]") {
            host = String(url[..<colon])
            let text = url[url.index(after: colon)...]
            guard let number = Int(text), number >= 1, number <= 65535 else {
                throw fail(wording("invalid port"), line: line)
            }
            port = number
        }
        if host.isEmpty { throw fail(wording("no host"), line: line) }
        let bare = host.trimmed { $0 == "[" || $0 == "]" }
        if resolve && !HAProxyCheck.isAddressLiteral(bare) && !resolves(bare) {
            throw fail(wording("host not found"), line: line)
        }
        return (bare, port)
    }

    private mutating func listen(_ arguments: [String], line: Int) throws(Failure) {
        let raw = arguments[0]
        let isPortOnly = Int(raw) != nil
        let parsed = try address(isPortOnly ? "*:" + raw : raw, line: line) {
            "\($0) in \"\(raw)\" of the \"listen\" directive"
        }
        guard let port = parsed.port else {
            throw fail("no port in \"\(raw)\" of the \"listen\" directive", line: line)
        }
        let known: Set<String> = ["ssl", "udp", "proxy_protocol", "reuseport", "bind", "default_server"]
        for parameter in arguments.dropFirst() {
            let key = String(parameter.prefix { $0 != "=" })
            let valued: Set<String> = ["backlog", "rcvbuf", "sndbuf", "ipv6only", "so_keepalive", "fastopen"]
            guard known.contains(parameter) || (valued.contains(key) && parameter.contains("=")) else {
                throw fail("invalid parameter \"\(parameter)\"", line: line)
            }
        }
        let host = parsed.host == "*" ? "0.0.0.0" : parsed.host
        let key = "\(host):\(port)"
        if listens.contains(key) { throw fail("duplicate \"\(key)\" address and port pair", line: line) }
        listens.insert(key)
        currentServer?.listens.append(.init(address: host, port: port))
    }

    private mutating func proxyPass(_ value: String, line: Int) throws(Failure) {
        if currentServer?.proxyPass != nil || serverHasHandler {
            throw fail("\"proxy_pass\" directive is duplicate", line: line)
        }
        serverHasHandler = true
        currentServer?.proxyPass = value
        if value.contains("$") { return }
        let parsed = try address(value, line: line, resolve: false) { "\($0) in upstream \"\(value)\"" }
        let name = parsed.port.map { "\(parsed.host):\($0)" } ?? parsed.host
        references.append((name, parsed.port, file, line))
    }

    /// What nginx checks once the whole `stream {}` block is read: every `proxy_pass` target exists.
    private mutating func finishStream() throws(Failure) {
        for reference in references {
            if let port = reference.port {
                let host = String(reference.name.dropLast(String(port).count + 1))
                if !HAProxyCheck.isAddressLiteral(host) && !resolves(host) {
                    throw Failure(
                        message: "host not found in upstream \"\(reference.name)\"", file: reference.file,
                        line: reference.line)
                }
            } else if config.upstream(named: reference.name) == nil {
                throw Failure(
                    message: "no port in upstream \"\(reference.name)\"", file: reference.file, line: reference.line)
            }
        }
        references = []
    }

    /// nginx time values (`10s`, `1m30s`, `500ms`); a bare number counts in `defaultUnit` milliseconds.
    static func milliseconds(_ text: String, defaultUnit: Int64 = 1000) -> Int64? {
        var total: Int64 = 0
        var number: Int64?
        var characters = Array(text)[...]
        guard !characters.isEmpty, characters.count < 32 else { return nil }
        while let character = characters.popFirst() {
            if let digit = character.wholeNumberValue, character.isASCII {
                number = (number ?? 0) * 10 + Int64(digit)
                // Far beyond any real timeout; refusing keeps the arithmetic from overflowing.
                if (number ?? 0) > 1_000_000_000 { return nil }
                continue
            }
            guard let value = number else { return nil }
            var unit: Int64
            switch character {
            case "m" where characters.first == "s":
                characters = characters.dropFirst()
                unit = 1
            case "s": unit = 1000
            case "m": unit = 60_000
            case "h": unit = 3_600_000
            case "d": unit = 86_400_000
            case "w": unit = 604_800_000
            default: return nil
            }
            total += value * unit
            number = nil
        }
        if let value = number { total += value * defaultUnit }
        return total
    }

    private static func tokenize(_ text: String) -> [(token: Token, line: Int)] {
        var tokens: [(token: Token, line: Int)] = []
        var line = 1
        var current = ""
        var inWord = false
        var quote: Character?
        var escaped = false
        var comment = false
        func flush() {
            if inWord { tokens.append((.word(current), line)) }
            current = ""
            inWord = false
        }
        for character in text {
            if comment {
                if character == "\n" {
                    comment = false
                    line += 1
                }
                continue
            }
            if escaped {
                current.append(character)
                escaped = false
                if character == "\n" { line += 1 }
                continue
            }
            if let open = quote {
                if character == "\\" {
                    escaped = true
                } else if character == open {
                    quote = nil
                } else {
                    current.append(character)
                    if character == "\n" { line += 1 }
                }
                continue
            }
            switch character {
            case "\n":
                flush()
                line += 1
            case " ", "\t", "\r":
                flush()
            case ";":
                flush()
                tokens.append((.semicolon, line))
            case "{":
                flush()
                tokens.append((.open, line))
            case "}" where !inWord:
                tokens.append((.close, line))
            case "#" where !inWord:
                comment = true
            case "\"",
                "'" where !inWord:
                quote = character
                inWord = true
            case "\\":
                escaped = true
                inWord = true
            default:
                current.append(character)
                inWord = true
            }
        }
        flush()
        tokens.append((.end, line))
        return tokens
    }
}
