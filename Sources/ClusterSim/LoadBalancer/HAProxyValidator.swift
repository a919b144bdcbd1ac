/// What `haproxy -c` concludes about a configuration, and the messages it prints on the way.
public struct HAProxyCheck: Sendable, Hashable, Codable {
    public enum Outcome: Sendable, Hashable, Codable {
        /// "Configuration file is valid" (exit 0).
        case valid
        /// No proxy listens anywhere: valid but HAProxy would not start (exit 2).
        case noListener
        /// Alerts stopped the check (exit 1).
        case invalid
    }

    public var config: HAProxyConfig
    public var messages: [HAProxyMessage]
    public var outcome: Outcome

    /// Whether any warning was printed (`Warnings were found.`).
    public var hasWarnings: Bool { messages.contains { $0.level == .warning } }

    /// Parses and checks the files in order, as `haproxy -c -f A -f B` does.
    ///
    /// `resolves` says whether a server's host name resolves on the load balancer (IP literals always do).
    public static func run(files: [(path: String, text: String)], resolves: (String) -> Bool) -> HAProxyCheck {
        var parser = HAProxyParser()
        for file in files { parser.parse(file: file.path, text: file.text) }
        var messages = parser.messages
        let config = parser.config
        if !parser.filesWithErrors.isEmpty {
            for file in parser.filesWithErrors {
                messages.append(HAProxyMessage(.alert, "Error(s) found in configuration file : \(file)"))
            }
            messages.append(HAProxyMessage(.alert, "Fatal errors found in configuration."))
            return HAProxyCheck(config: config, messages: messages, outcome: .invalid)
        }

        let validity = validityMessages(config, duplicates: parser.duplicateServers)
        messages += validity
        if validity.contains(where: { $0.level == .alert }) {
            messages.append(HAProxyMessage(.alert, "Fatal errors found in configuration."))
            return HAProxyCheck(config: config, messages: messages, outcome: .invalid)
        }

        var unresolved = false
        for backend in config.backends {
            for server in backend.servers where !isAddressLiteral(server.address) && !resolves(server.address) {
                messages.append(
                    HAProxyMessage(
                        .alert,
                        "[\(server.file):\(server.line)] : 'server \(backend.name)/\(server.name)' : "
                            + "could not resolve address '\(server.address)'."))
                unresolved = true
            }
        }
        if unresolved {
            messages.append(HAProxyMessage(.alert, "Failed to initialize server(s) addr."))
            return HAProxyCheck(config: config, messages: messages, outcome: .invalid)
        }
        let listens = config.frontends.contains { !$0.binds.isEmpty }
        return HAProxyCheck(config: config, messages: messages, outcome: listens ? .valid : .noListener)
    }

    /// The post-parsing checks: references between proxies, capabilities, timeouts, servers.
    private static func validityMessages(
        _ config: HAProxyConfig, duplicates: [(proxy: String, first: Int, line: Int, name: String, file: String)]
    ) -> [HAProxyMessage] {
        var messages: [HAProxyMessage] = []
        for proxy in config.proxies {
            let type = proxy.kind.rawValue
            if proxy.kind.acceptsConnections {
                if let name = proxy.defaultBackend, config.backend(named: name) == nil {
                    messages.append(
                        HAProxyMessage(
                            .alert, "Proxy '\(proxy.name)': unable to find required default_backend: '\(name)'."))
                }
                for use in proxy.useBackends where config.backend(named: use.name) == nil {
                    messages.append(
                        HAProxyMessage(.alert, "Proxy '\(proxy.name)': unable to find required use_backend: '\(use.name)'."))
                }
                if proxy.binds.isEmpty {
                    messages.append(
                        HAProxyMessage(
                            .warning,
                            "\(type) '\(proxy.name)' has no 'bind' directive. Please declare it as a backend if this was intended."
                        ))
                }
            }
            for duplicate in duplicates where duplicate.proxy == proxy.name {
                messages.append(
                    HAProxyMessage(
                        .alert,
                        "parsing [\(duplicate.file):\(duplicate.line)] : \(type) '\(proxy.name)', another server named "
                            + "'\(duplicate.name)' was already defined at line \(duplicate.first), please use distinct names."))
            }
            if proxy.mode != .http {
                for option in HAProxyKeywords.options
                where proxy.options.contains(option) && HAProxyKeywords.httpOnlyOptions.contains(option) {
                    if !proxy.kind.hasServers && HAProxyKeywords.backendOnlyOptions.contains(option) { continue }
                    messages.append(
                        HAProxyMessage(
                            .warning, "'option \(option)' ignored for \(type) '\(proxy.name)' as it requires HTTP mode."))
                }
                if proxy.kind.acceptsConnections, let log = proxy.logFormat, log.name == "httplog" || log.name == "httpslog" {
                    messages.append(
                        HAProxyMessage(
                            .warning,
                            "parsing [\(log.position)] : 'option \(log.name)' not usable with "
                                + "\(type) '\(proxy.name)' (needs 'mode http'). Falling back to 'option tcplog'."))
                }
            }
            if missesTimeouts(proxy) {
                messages.append(
                    HAProxyMessage(
                        .warning,
                        "missing timeouts for \(type) '\(proxy.name)'.\n"
                            + "   | While not properly invalid, you will certainly encounter various problems\n"
                            + "   | with such a configuration. To fix this, please ensure that all following\n"
                            + "   | timeouts are set to a non-zero value: 'client', 'connect', 'server'."))
            }
            if proxy.kind.hasServers, proxy.httpCheckRules > 0 {
                if case .http? = proxy.checkOption {
                } else {
                    messages.append(
                        HAProxyMessage(
                            .warning,
                            "\(type) '\(proxy.name)' uses http-check rules without 'option httpchk', so the rules are ignored."
                        ))
                }
            }
        }
        for backend in config.backends {
            for server in backend.servers {
                if server.check && server.port == nil && server.checkPort == nil {
                    messages.append(
                        HAProxyMessage(
                            .alert,
                            "config: \(backend.kind.rawValue) '\(backend.name)': server '\(server.name)' has neither "
                                + "service port nor check port."))
                }
                let usesTLS = server.ssl || (server.check && (server.checkSSL || backend.httpCheckConnectSSL))
                if usesTLS && !server.verifyNone && server.caFile == nil && !config.serverVerifyNone {
                    messages.append(
                        HAProxyMessage(
                            .alert,
                            "[\(server.file):\(server.line)] : 'server \(backend.name)/\(server.name)' : verify is enabled "
                                + "by default but no CA file specified. If you're running on a LAN where you're certain "
                                + "to trust the server's certificate, please set an explicit 'verify none' statement on "
                                + "the 'server' line, or use 'ssl-server-verify none' in the global section to disable "
                                + "server-side verifications by default."))
                }
            }
        }
        return messages
    }

    private static func missesTimeouts(_ proxy: HAProxyConfig.Proxy) -> Bool {
        let timeouts = proxy.timeouts
        if proxy.kind.acceptsConnections && (timeouts.client ?? 0) == 0 { return true }
        if proxy.kind.hasServers && !proxy.servers.isEmpty {
            if (timeouts.connect ?? 0) == 0 { return true }
            if (timeouts.server ?? 0) == 0 && (proxy.mode == .http || (timeouts.tunnel ?? 0) == 0) { return true }
        }
        return false
    }

    /// IPv4 and IPv6 literals (and `*`) need no resolver.
    static func isAddressLiteral(_ address: String) -> Bool {
        if address == "*" || address.isEmpty || address.contains(":") { return true }
        let parts = address.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts.allSatisfy { part in (UInt8(part).map { _ in true } ?? false) }
    }
}
