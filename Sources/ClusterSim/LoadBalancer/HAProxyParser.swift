/// Reads HAProxy configuration files line by line, as `haproxy -c` does, into an `HAProxyConfig`
/// and the messages the parsing stage prints.
struct HAProxyParser {
    private(set) var config = HAProxyConfig()
    private(set) var messages: [HAProxyMessage] = []
    /// Files whose parsing found an error (each gets "Error(s) found in configuration file").
    private(set) var filesWithErrors: [String] = []
    /// Servers defined twice in one backend: (proxy index, first line, second line, name).
    private(set) var duplicateServers: [(proxy: String, first: Int, line: Int, name: String, file: String)] = []

    private var defaults = HAProxyConfig.Proxy(kind: .defaults, name: "", line: 0)
    private enum Section { case none, global, defaults, proxy, other }
    private var section = Section.none
    private var file = ""
    private var line = 0
    private var failed = false

    mutating func parse(file: String, text: String) {
        self.file = file
        failed = false
        section = .none
        var number = 0
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            number += 1
            line = number
            let words = Self.words(raw)
            guard let first = words.first else { continue }
            parseLine(first, words)
        }
        if failed { filesWithErrors.append(file) }
    }

    private mutating func alert(_ text: String) {
        messages.append(HAProxyMessage(.alert, text))
        failed = true
    }

    private mutating func warning(_ text: String) {
        messages.append(HAProxyMessage(.warning, text))
    }

    private var position: String { "[\(file):\(line)]" }

    private mutating func parseLine(_ keyword: String, _ words: [String]) {
        if HAProxyKeywords.proxySections.contains(keyword) {
            openProxy(keyword, words)
            return
        }
        if HAProxyKeywords.otherSections.contains(keyword) {
            section = keyword == "global" ? .global : .other
            return
        }
        switch section {
        case .none:
            alert("parsing \(position): unknown keyword '\(keyword)' out of section.")
        case .global:
            parseGlobal(keyword, words)
        case .other:
            break
        case .defaults:
            var proxy = defaults
            parseProxyKeyword(&proxy, keyword, words)
            defaults = proxy
        case .proxy:
            guard var proxy = config.proxies.popLast() else { return }
            parseProxyKeyword(&proxy, keyword, words)
            config.proxies.append(proxy)
        }
    }

    private mutating func openProxy(_ keyword: String, _ words: [String]) {
        guard let kind = HAProxyConfig.Proxy.Kind(rawValue: keyword) else { return }
        if kind == .defaults {
            // A new defaults section starts from scratch, named or not.
            defaults = HAProxyConfig.Proxy(kind: .defaults, name: words.count > 1 ? words[1] : "", line: line)
            section = .defaults
            return
        }
        guard words.count > 1 else {
            alert("parsing \(position) : '\(keyword)' expects an <id> argument")
            section = .other
            return
        }
        var proxy = defaults
        proxy.kind = kind
        proxy.name = words[1]
        proxy.line = line
        proxy.binds = []
        proxy.servers = []
        proxy.useBackends = []
        if !kind.hasServers {
            proxy.checkOption = nil
            proxy.httpCheckRules = 0
        }
        config.proxies.append(proxy)
        section = .proxy
    }

    private mutating func parseGlobal(_ keyword: String, _ words: [String]) {
        guard HAProxyKeywords.globalKeywords.contains(keyword) else {
            let hint = KeywordSuggestion.best(
                for: keyword, among: HAProxyKeywords.globalKeywords + HAProxyKeywords.proxySections + ["global"])
            alert(
                "parsing \(position) : unknown keyword '\(keyword)' in 'global' section"
                    + (hint.map { "; did you mean '\($0)' maybe ?" } ?? ""))
            return
        }
        if keyword == "ssl-server-verify", words.count > 1 { config.serverVerifyNone = words[1] == "none" }
    }

    /// The section's name as HAProxy prints it in messages.
    private func typeName(_ proxy: HAProxyConfig.Proxy) -> String { proxy.kind.rawValue }

    /// Warns that a keyword is ignored because the proxy lacks a capability; true when ignored.
    private mutating func ignoredWithoutCapability(_ proxy: HAProxyConfig.Proxy, _ word: String, backend: Bool) -> Bool {
        if proxy.kind == .defaults || proxy.kind == .listen { return false }
        if backend && proxy.kind == .frontend {
            warning("parsing \(position) : '\(word)' ignored because frontend '\(proxy.name)' has no backend capability.")
            return true
        }
        if !backend && proxy.kind == .backend {
            warning("parsing \(position) : '\(word)' ignored because backend '\(proxy.name)' has no frontend capability.")
            return true
        }
        return false
    }

    private mutating func parseProxyKeyword(_ proxy: inout HAProxyConfig.Proxy, _ keyword: String, _ words: [String]) {
        var keyword = keyword
        var words = words
        if keyword == "no" || keyword == "default", words.count > 1 {
            words.removeFirst()
            keyword = words[0]
            if keyword == "option" { return }
        }
        guard HAProxyKeywords.proxyKeywords.contains(keyword) else {
            let hint = KeywordSuggestion.best(for: keyword, among: HAProxyKeywords.proxyKeywords + HAProxyKeywords.proxySections)
            let name = proxy.kind.rawValue
            alert(
                "parsing \(position) : unknown keyword '\(keyword)' in '\(name)' section"
                    + (hint.map { "; did you mean '\($0)' maybe ?" } ?? ""))
            return
        }
        let argument = words.count > 1 ? words[1] : ""
        switch keyword {
        case "server", "default-server", "server-template":
            parseServer(&proxy, keyword, words)
            return
        case "option":
            parseOption(&proxy, words)
            return
        case "timeout":
            parseTimeout(&proxy, words)
            return
        default: break
        }
        if HAProxyKeywords.backendOnlyKeywords.contains(keyword),
            ignoredWithoutCapability(proxy, keyword, backend: true)
        {
            return
        }
        if HAProxyKeywords.frontendOnlyKeywords.contains(keyword),
            ignoredWithoutCapability(proxy, keyword, backend: false)
        {
            return
        }
        switch keyword {
        case "mode":
            switch argument {
            case "tcp": proxy.mode = .tcp
            case "http": proxy.mode = .http
            default: alert("parsing \(position) : unknown proxy mode '\(argument)'.")
            }
        case "bind":
            if proxy.kind == .defaults {
                alert("parsing \(position) : '\(keyword)' not allowed in 'defaults' section.")
                return
            }
            parseBind(&proxy, argument)
        case "balance":
            let algorithm = String(argument.prefix { $0 != "(" })
            if HAProxyKeywords.balanceAlgorithms.contains(argument)
                || ["hdr", "rdp-cookie", "hash"].contains(algorithm) && argument.hasSuffix(")") || argument == "hash"
            {
                proxy.balance = argument
            } else {
                alert(
                    "parsing \(position) : balance only supports 'roundrobin', 'static-rr', 'leastconn', 'source', "
                        + "'uri', 'url_param', 'hdr(name)' and 'rdp-cookie(name)' options.")
            }
        case "default_backend":
            proxy.defaultBackend = argument
            proxy.defaultBackendLine = line
        case "use_backend":
            if !argument.contains("%") { proxy.useBackends.append(.init(name: argument, line: line)) }
        case "http-check":
            parseHTTPCheck(&proxy, Array(words.dropFirst()))
        default:
            break
        }
    }

    private mutating func parseBind(_ proxy: inout HAProxyConfig.Proxy, _ argument: String) {
        for address in argument.split(separator: ",").map(String.init) {
            guard let colon = address.lastIndex(of: ":") else {
                alert("parsing \(position) : 'bind' : missing port number: '\(address)'")
                return
            }
            let host = String(address[..<colon])
            let portText = String(address[address.index(after: colon)...])
            let first = String(portText.prefix { $0 != "-" })
            guard let port = Int(first), port > 0, port <= 65535 else {
                alert("parsing \(position) : 'bind' : invalid port '\(first)'")
                return
            }
            proxy.binds.append(HAProxyConfig.Bind(address: host.isEmpty ? "*" : host, port: port, line: line))
        }
    }

    private mutating func parseOption(_ proxy: inout HAProxyConfig.Proxy, _ words: [String]) {
        let name = words.count > 1 ? words[1] : ""
        guard HAProxyKeywords.options.contains(name) else {
            if let hint = KeywordSuggestion.best(for: name, among: HAProxyKeywords.options) {
                alert("parsing \(position) : unknown option '\(name)'; did you mean '\(hint)' maybe ?")
            } else {
                alert("parsing \(position) : unknown option '\(name)'.")
            }
            return
        }
        if HAProxyKeywords.backendOnlyOptions.contains(name), ignoredWithoutCapability(proxy, name, backend: true) {
            return
        }
        proxy.options.insert(name)
        switch name {
        case "httplog", "httpslog", "tcplog":
            proxy.logFormat = .init(name: name, position: "\(file):\(line)")
        case "httpchk":
            let rest = Array(words.dropFirst(2))
            let method = rest.count >= 2 ? rest[0] : "OPTIONS"
            let path = rest.count >= 2 ? rest[1] : (rest.first ?? "/")
            proxy.checkOption = .http(method: method, path: path, expect: nil, ssl: false)
        case "ssl-hello-chk":
            proxy.checkOption = .sslHello
            proxy.httpCheckRules = 0
        case _ where HAProxyKeywords.checkOptions.contains(name):
            proxy.checkOption = .tcp(ssl: false)
            proxy.httpCheckRules = 0
        default:
            break
        }
    }

    private mutating func parseHTTPCheck(_ proxy: inout HAProxyConfig.Proxy, _ words: [String]) {
        guard let verb = words.first else { return }
        switch verb {
        case "expect":
            proxy.httpCheckRules += 1
            let negated = words.count > 1 && words[1] == "!"
            let rest = Array(words.dropFirst(negated ? 2 : 1))
            if !negated, rest.count > 1, rest[0] == "status" {
                proxy.httpCheckExpect = Self.statusList(rest[1])
            }
        case "send":
            proxy.httpCheckRules += 1
            var method = "GET"
            var path = "/"
            var index = 1
            while index + 1 < words.count {
                if words[index] == "meth" { method = words[index + 1] }
                if words[index] == "uri" { path = words[index + 1] }
                index += 2
            }
            proxy.httpCheckSend = .init(method: method, path: path)
        case "connect":
            proxy.httpCheckRules += 1
            if words.contains("ssl") { proxy.httpCheckConnectSSL = true }
        default:
            break
        }
    }

    /// `200`, `200-399` or `200,204` as the statuses accepted.
    static func statusList(_ text: String) -> [Int]? {
        var statuses: [Int] = []
        for part in text.split(separator: ",") {
            let bounds = part.split(separator: "-").compactMap { Int($0) }
            if bounds.count == 2, bounds[0] <= bounds[1], bounds[1] - bounds[0] < 1000 {
                statuses += Array(bounds[0]...bounds[1])
            } else if bounds.count == 1 {
                statuses.append(bounds[0])
            }
        }
        return statuses.isEmpty ? nil : statuses
    }

    private mutating func parseTimeout(_ proxy: inout HAProxyConfig.Proxy, _ words: [String]) {
        let name = words.count > 1 ? words[1] : ""
        guard HAProxyKeywords.timeoutNames.contains(name) else {
            alert(
                "parsing \(position) : 'timeout' supports 'client', 'server', 'connect', 'check', 'queue', "
                    + "'http-keep-alive', 'http-request', 'tunnel', 'tarpit', 'client-fin' and 'server-fin' (got '\(name)')")
            return
        }
        guard words.count > 2 else {
            alert("parsing \(position) : 'timeout \(name)' expects an integer value (in milliseconds)")
            return
        }
        switch HAProxyTime.milliseconds(words[2]) {
        case .failure(let bad):
            alert("parsing \(position) : unexpected character '\(bad)' in 'timeout \(name)'")
        case .success(let value):
            switch name {
            case "connect": proxy.timeouts.connect = value
            case "client": proxy.timeouts.client = value
            case "server": proxy.timeouts.server = value
            case "check": proxy.timeouts.check = value
            case "tunnel": proxy.timeouts.tunnel = value
            default: break
            }
        }
    }

    private mutating func parseServer(_ proxy: inout HAProxyConfig.Proxy, _ keyword: String, _ words: [String]) {
        let isDefault = keyword == "default-server"
        if !isDefault && proxy.kind == .defaults {
            alert("\(position) : parsing \(position) : '\(keyword)' not allowed in 'defaults' section.")
            return
        }
        if proxy.kind == .frontend {
            alert(
                "\(position) : parsing \(position) : '\(keyword)' not allowed because frontend '\(proxy.name)' "
                    + "has no backend capability.")
            return
        }
        var server = proxy.defaultServer
        var index = 1
        if !isDefault {
            let skip = keyword == "server-template" ? 2 : 0
            guard words.count > 2 + skip else {
                alert("\(position) : '\(keyword)' expects <name> and <addr>[:<port>] as arguments.")
                return
            }
            server.name = words[1]
            server.line = line
            server.file = file
            let address = words[2 + skip]
            let label = "\(position) : '\(keyword) \(proxy.name)/\(server.name)' :"
            if let colon = address.lastIndex(of: ":"), !address.hasPrefix("[") || address.contains("]:") {
                let portText = String(address[address.index(after: colon)...])
                server.address = String(address[..<colon]).trimmed { $0 == "[" || $0 == "]" }
                let digits = portText.trimmed { $0 == "+" || $0 == "-" }
                guard let port = Int(digits), port <= 65535, !digits.isEmpty else {
                    alert("\(label) invalid port '\(portText)'")
                    return
                }
                server.port = port
            } else {
                server.address = address
                server.port = nil
            }
            index = 3 + skip
        }
        let label = isDefault ? "\(position) : 'default-server' :" : "\(position) : '\(keyword) \(proxy.name)/\(server.name)' :"
        while index < words.count {
            let word = words[index]
            index += 1
            if HAProxyKeywords.serverFlags.contains(word) {
                applyFlag(word, to: &server)
                continue
            }
            guard HAProxyKeywords.serverSettings.contains(word) else {
                let candidates =
                    Array(HAProxyKeywords.serverFlags) + Array(HAProxyKeywords.serverSettings)
                    + HAProxyKeywords.serverExtraWords
                if let hint = KeywordSuggestion.best(for: word, among: candidates.sorted()) {
                    alert("\(label) unknown keyword '\(word)'; did you mean '\(hint)' maybe ?")
                } else {
                    alert("\(label) unknown keyword '\(word)'.")
                }
                return
            }
            let value = index < words.count ? words[index] : ""
            index += 1
            if let problem = applySetting(word, value, to: &server) {
                alert("\(label) \(problem).")
                return
            }
        }
        if isDefault {
            proxy.defaultServer = server
            return
        }
        if let existing = proxy.servers.first(where: { $0.name == server.name }) {
            duplicateServers.append((proxy.name, existing.line, line, server.name, file))
        }
        proxy.servers.append(server)
    }

    private func applyFlag(_ word: String, to server: inout HAProxyConfig.Server) {
        switch word {
        case "check": server.check = true
        case "no-check": server.check = false
        case "check-ssl": server.checkSSL = true
        case "no-check-ssl": server.checkSSL = false
        case "ssl": server.ssl = true
        case "no-ssl": server.ssl = false
        case "backup": server.backup = true
        case "no-backup": server.backup = false
        case "disabled": server.disabled = true
        case "enabled": server.disabled = false
        default: break
        }
    }

    /// Applies `word value` to the server; returns HAProxy's complaint when the value is refused.
    private func applySetting(_ word: String, _ value: String, to server: inout HAProxyConfig.Server) -> String? {
        switch word {
        case "fall", "rise":
            let number = Int(value.prefix { $0.isASCII && $0.isNumber }.prefix(9)) ?? 0
            guard number > 0 else { return "'\(word)' has to be > 0." }
            if word == "fall" { server.fall = number } else { server.rise = number }
        case "inter", "fastinter", "downinter":
            switch HAProxyTime.milliseconds(value) {
            case .failure(let bad): return "unexpected character '\(bad)' in '\(word)' argument of server \(server.name)"
            case .success(let ms):
                guard ms > 0 else { return "'\(word)' has to be > 0" }
                switch word {
                case "inter": server.interMs = ms
                case "fastinter": server.fastInterMs = ms
                default: server.downInterMs = ms
                }
            }
        case "port":
            guard let port = Int(value), port > 0, port <= 65535 else { return "invalid port '\(value)'" }
            server.checkPort = port
        case "verify":
            server.verifyNone = value == "none"
        case "ca-file":
            server.caFile = value
        case "weight":
            server.weight = Int(value) ?? server.weight
        default:
            break
        }
        return nil
    }

    /// Splits a line into words: blanks separate, `#` starts a comment, quotes and `\` escape.
    static func words(_ line: Substring) -> [String] {
        var words: [String] = []
        var current = ""
        var inWord = false
        var quote: Character?
        var escaped = false
        for character in line {
            if escaped {
                current.append(character)
                escaped = false
                continue
            }
            if character == "\\" && quote != "'" {
                escaped = true
                inWord = true
                continue
            }
            if let open = quote {
                if character == open { quote = nil } else { current.append(character) }
                continue
            }
            if character == "\"" || character == "'" {
                quote = character
                inWord = true
                continue
            }
            if character == "#" { break }
            if character == " " || character == "\t" || character == "\r" {
                if inWord { words.append(current) }
                current = ""
                inWord = false
                continue
            }
            current.append(character)
            inWord = true
        }
        if inWord { words.append(current) }
        return words
    }
}

/// HAProxy's time values: a number with an optional unit (`us`, `ms`, `s`, `m`, `h`, `d`; default ms).
enum HAProxyTime {
    /// The value in milliseconds, or the first character that is not part of a valid time.
    static func milliseconds(_ text: String) -> Result<Int64, HAProxyTimeError> {
        let digits = text.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, digits.count <= 10, let value = Int64(digits) else {
            return .failure(HAProxyTimeError(character: text.first ?? " "))
        }
        let unit = text.dropFirst(digits.count)
        let factor: (multiply: Int64, divide: Int64)
        switch unit {
        case "", "ms": factor = (1, 1)
        case "us": factor = (1, 1000)
        case "s": factor = (1000, 1)
        case "m": factor = (60_000, 1)
        case "h": factor = (3_600_000, 1)
        case "d": factor = (86_400_000, 1)
        default:
            let bad = unit.first { !"umshd".contains($0) } ?? unit.last ?? " "
            return .failure(HAProxyTimeError(character: bad))
        }
        return .success(value * factor.multiply / factor.divide)
    }
}

/// The character that made a time value invalid.
struct HAProxyTimeError: Error, CustomStringConvertible {
    var character: Character
    var description: String { String(character) }
}

/// One line HAProxy prints while checking a configuration.
public struct HAProxyMessage: Sendable, Hashable, Codable {
    public enum Level: String, Sendable, Hashable, Codable {
        case alert = "ALERT"
        case warning = "WARNING"
        case notice = "NOTICE"
    }

    public var level: Level
    /// The text after `config : `; continuation lines already carry their `   | ` prefix.
    public var text: String

    public init(_ level: Level, _ text: String) {
        self.level = level
        self.text = text
    }
}
