/// The HAProxy 2.6 words the validator knows: sections, proxy keywords, options, server settings.
enum HAProxyKeywords {
    static let proxySections = ["defaults", "frontend", "backend", "listen"]
    /// Sections that are accepted but whose content the simulation does not interpret.
    static let otherSections = [
        "global", "peers", "userlist", "resolvers", "mailers", "program", "http-errors", "ring", "cache", "fcgi-app",
    ]

    /// Keywords valid in proxy sections (besides `option`, `timeout`, `server`...).
    static let proxyKeywords = [
        "acl", "backlog", "balance", "bind", "capture", "compression", "cookie", "declare", "default-server",
        "default_backend", "description", "disabled", "dispatch", "dynamic-cookie-key", "email-alert", "enabled",
        "errorfile", "errorfiles", "errorloc", "errorloc302", "errorloc303", "error-log-format", "external-check",
        "filter", "force-persist", "fullconn", "grace", "hash-balance-factor", "hash-type", "http-after-response",
        "http-check", "http-error", "http-request", "http-response", "http-reuse", "http-send-name-header", "id",
        "ignore-persist", "load-server-state-from-file", "log", "log-format", "log-format-sd", "log-tag",
        "max-keep-alive-queue", "max-session-srv-conns", "maxconn", "mode", "monitor", "monitor-uri", "no", "option",
        "persist", "rate-limit", "redirect", "retries", "retry-on", "server", "server-state-file-name",
        "server-template", "source", "stats", "stick", "stick-table", "stick-on", "stick-match", "stick-store-request",
        "stick-store-response", "tcp-check", "tcp-request", "tcp-response", "timeout", "unique-id-format",
        "unique-id-header", "use-server", "use_backend", "guid", "http-request-timeout", "srvtcpka-cnt",
        "srvtcpka-idle", "srvtcpka-intvl", "clitcpka-cnt", "clitcpka-idle", "clitcpka-intvl",
    ]

    /// Keywords that only make sense where there are servers: ignored (with a warning) in a frontend.
    static let backendOnlyKeywords: Set<String> = [
        "balance", "hash-type", "fullconn", "cookie", "http-check", "tcp-check", "http-reuse", "retries",
        "http-send-name-header", "dispatch", "retry-on", "persist", "load-server-state-from-file",
        "server-state-file-name", "use-server", "force-persist", "ignore-persist",
    ]

    /// Keywords that only make sense where connections arrive: ignored (with a warning) in a backend.
    static let frontendOnlyKeywords: Set<String> = [
        "bind", "default_backend", "use_backend", "monitor-uri", "monitor", "capture", "unique-id-header",
    ]

    static let globalKeywords = [
        "ca-base", "chroot", "cpu-map", "crt-base", "daemon", "description", "expose-experimental-directives",
        "external-check", "gid", "group", "h1-case-adjust", "h1-case-adjust-file", "hard-stop-after", "insecure-fork-wanted",
        "insecure-setuid-wanted", "localpeer", "log", "log-send-hostname", "log-tag", "lua-load", "lua-prepend-path",
        "master-worker", "maxconn", "maxconnrate", "maxsessrate", "maxsslconn", "maxsslrate", "maxpipes", "nbthread",
        "node", "noepoll", "nogetaddrinfo", "nopoll", "nosplice", "pidfile", "presetenv", "quiet", "resetenv",
        "server-state-base", "server-state-file", "setenv", "spread-checks", "ssl-default-bind-ciphers",
        "ssl-default-bind-ciphersuites", "ssl-default-bind-curves", "ssl-default-bind-options",
        "ssl-default-server-ciphers", "ssl-default-server-ciphersuites", "ssl-default-server-options",
        "ssl-dh-param-file", "ssl-server-verify", "ssl-load-extra-files", "stats", "strict-limits", "tune.bufsize",
        "tune.maxrewrite", "tune.ssl.default-dh-param", "tune.ssl.cachesize", "uid", "ulimit-n", "unsetenv", "user",
        "zero-warning", "busy-polling", "numa-cpu-mapping", "set-dumpable", "thread-groups", "issuers-chain-path",
        "max-spread-checks", "maxcomprate", "maxcompcpuusage", "default-path", "httpclient.ssl.verify",
        "httpclient.ssl.ca-file", "httpclient.resolvers.prefer", "mworker-max-reloads",
    ]

    /// `option` names (with the "requires HTTP mode" ones marked in `httpOnlyOptions`).
    static let options = [
        "abortonclose", "accept-invalid-http-request", "accept-invalid-http-response", "allbackups", "checkcache",
        "clitcpka", "contstats", "disable-h2-upgrade", "dontlog-normal", "dontlognull", "external-check", "forwardfor",
        "h1-case-adjust-bogus-client", "h1-case-adjust-bogus-server", "http-buffer-request", "http-ignore-probes",
        "http-keep-alive", "http-no-delay", "http-pretend-keepalive", "http-server-close", "http-use-proxy-header",
        "httpchk", "httpclose", "httplog", "httpslog", "http_proxy", "independent-streams", "ldap-check",
        "log-health-checks", "log-separate-errors", "logasap", "mysql-check", "nolinger", "originalto", "persist",
        "pgsql-check", "prefer-last-server", "redis-check", "redispatch", "smtpchk", "socket-stats", "splice-auto",
        "splice-request", "splice-response", "spop-check", "srvtcpka", "ssl-hello-chk", "tcp-check", "tcp-smart-accept",
        "tcp-smart-connect", "tcpka", "tcplog", "transparent", "idle-close-on-response", "http-restrict-req-hdr-names",
    ]

    /// Options that set the health check of a backend.
    static let checkOptions: Set<String> = [
        "httpchk", "ssl-hello-chk", "tcp-check", "smtpchk", "pgsql-check", "redis-check", "mysql-check", "ldap-check",
        "spop-check", "external-check",
    ]

    /// Options that need the backend capability.
    static let backendOnlyOptions: Set<String> = checkOptions.union([
        "abortonclose", "allbackups", "checkcache", "persist", "prefer-last-server", "redispatch", "srvtcpka",
        "tcp-smart-connect", "transparent", "log-health-checks", "http-pretend-keepalive",
    ])

    /// Options whose effect needs `mode http`: HAProxy ignores them, with a warning, elsewhere.
    static let httpOnlyOptions: Set<String> = [
        "forwardfor", "originalto", "checkcache", "http-buffer-request", "http-ignore-probes", "http-use-proxy-header",
        "http-pretend-keepalive", "http-no-delay", "accept-invalid-http-request", "accept-invalid-http-response",
        "h1-case-adjust-bogus-client", "h1-case-adjust-bogus-server", "disable-h2-upgrade",
    ]

    static let balanceAlgorithms = ["roundrobin", "static-rr", "leastconn", "first", "source", "uri", "url_param", "random"]

    static let timeoutNames = [
        "client", "server", "connect", "check", "queue", "http-keep-alive", "http-request", "tunnel", "tarpit",
        "client-fin", "server-fin", "client-hs",
    ]

    /// Server settings without a value.
    static let serverFlags: Set<String> = [
        "agent-check", "allow-0rtt", "backup", "check", "check-send-proxy", "check-ssl", "check-via-socks4", "disabled",
        "enabled", "force-sslv3", "force-tlsv10", "force-tlsv11", "force-tlsv12", "force-tlsv13", "no-agent-check",
        "no-backup", "no-check", "no-check-ssl", "no-send-proxy", "no-send-proxy-v2", "no-send-proxy-v2-ssl",
        "no-send-proxy-v2-ssl-cn", "no-ssl", "no-ssl-reuse", "no-sslv3", "no-tfo", "no-tls-tickets", "no-tlsv10",
        "no-tlsv11", "no-tlsv12", "no-tlsv13", "no-verifyhost", "non-stick", "send-proxy", "send-proxy-v2",
        "send-proxy-v2-ssl", "send-proxy-v2-ssl-cn", "ssl", "ssl-reuse", "stick", "tfo", "tls-tickets",
    ]

    /// Server settings that take one value.
    static let serverSettings: Set<String> = [
        "addr", "agent-addr", "agent-inter", "agent-port", "agent-send", "alpn", "ca-file", "check-alpn", "check-proto",
        "check-sni", "ciphers", "ciphersuites", "cookie", "crl-file", "crt", "downinter", "error-limit", "fall",
        "fastinter", "id", "init-addr", "inter", "log-proto", "max-reuse", "maxconn", "maxqueue", "minconn",
        "namespace", "npn", "observe", "on-error", "on-marked-down", "on-marked-up", "pool-low-conn", "pool-max-conn",
        "pool-purge-delay", "port", "proto", "proxy-v2-options", "redir", "resolve-net", "resolve-opts",
        "resolve-prefer", "resolvers", "rise", "shard", "slowstart", "sni", "socks4", "source", "ssl-max-ver",
        "ssl-min-ver", "tcp-ut", "track", "verify", "verifyhost", "weight", "curves", "sigalgs", "client-sigalgs", "ws",
        "set-proxy-v2-tlv-fmt", "hash-key", "guid",
    ]
    /// Words HAProxy also offers as guesses for a mistyped server setting.
    static let serverExtraWords = ["ipv4", "ipv6", "legacy", "octet-count", "fail-check", "sudden-death", "mark-down"]
}
