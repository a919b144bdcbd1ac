import Testing

@testable import ClusterSim

/// The guide-shaped HAProxy configuration the health tests run against.
private func haproxyConfig(_ servers: String, backendExtra: String = "") -> HAProxyConfig {
    let text = """
        defaults
            mode tcp
            timeout connect 5s
            timeout client 1m
            timeout server 1m
        frontend apiserver
            bind 127.0.0.1:6443
            default_backend be
        backend be
            option tcp-check
        \(backendExtra)
        \(servers)
        """
    return HAProxyCheck.run(files: [("/etc/haproxy/haproxy.cfg", text)]) { _ in false }.config
}

@Suite struct HAProxyConfigTests {
    @Test func readsHTTPSHealthChecksAndDefaultServerSettings() throws {
        let text = """
            defaults
                mode tcp
                timeout connect 5s
                timeout client 1m
                timeout server 1m
            frontend apiserver
                bind 127.0.0.1:6443
                default_backend be
            backend be
                option httpchk GET /healthz
                http-check expect status 200
                default-server inter 3s downinter 5s fall 3 rise 2
                server cp1 10.0.1.10:6443 check check-ssl verify none
            """
        let result = HAProxyCheck.run(files: [("f.cfg", text)]) { _ in false }
        #expect(result.outcome == .valid)
        #expect(result.messages.isEmpty)
        let backend = try #require(result.config.backend(named: "be"))
        let server = try #require(backend.servers.first)
        #expect(server.address == "10.0.1.10" && server.port == 6443)
        #expect(server.interMs == 3000 && server.downInterMs == 5000 && server.fall == 3 && server.rise == 2)
        #expect(
            HAProxyConfig.checkKind(of: server, in: backend)
                == .http(method: "GET", path: "/healthz", expect: [200], ssl: true))
    }

    @Test(arguments: [
        ("timeout connect 5x", "unexpected character 'x' in 'timeout connect'"),
        ("balance roundrobbin", "balance only supports"),
        ("optoin tcplog", "unknown keyword 'optoin' in 'backend' section; did you mean 'option' maybe ?"),
    ])
    func reportsParsingErrorsWithTheirLine(line: String, message: String) {
        let text = "backend be\n    \(line)\n    server a 10.0.0.1:6443\n"
        let result = HAProxyCheck.run(files: [("x.cfg", text)]) { _ in false }
        #expect(result.outcome == .invalid)
        #expect(result.messages.contains { $0.text.contains("[x.cfg:2]") && $0.text.contains(message) })
        #expect(result.messages.last?.text == "Fatal errors found in configuration.")
    }

    @Test func unresolvableServerNamesFailAfterTheChecks() {
        let config = "frontend f\n    bind :6443\n    default_backend b\nbackend b\n    server m master9:6443\n"
        let refused = HAProxyCheck.run(files: [("c", config)]) { $0 == "master1" }
        #expect(refused.outcome == .invalid)
        #expect(refused.messages.last?.text == "Failed to initialize server(s) addr.")
        let accepted = HAProxyCheck.run(files: [("c", config)]) { $0 == "master9" }
        #expect(accepted.outcome == .valid)
    }

    @Test func suggestionsFollowTheTransitionDistance() {
        #expect(KeywordSuggestion.best(for: "chek", among: ["check", "backup", "weight"]) == "check")
        #expect(KeywordSuggestion.best(for: "zzzzzzzz", among: ["check"]) == nil)
    }
}

@Suite struct HAProxyHealthTests {
    let config = haproxyConfig(
        """
            server cp1 10.0.0.1:6443 check
            server cp2 10.0.0.2:6443 check
            server cp3 10.0.0.3:6443 check
        """)

    @Test func firstChecksAreSpreadOverTheIntervalAndOneFailureAtStartMarksDown() {
        var health = HAProxyHealth(config: config, startMs: 0)
        #expect(health.servers.map(\.nextCheckMs) == [0, 666, 1333])
        #expect(health.servers.allSatisfy { $0.state == .up })
        let changes = health.advance(to: 1999) { address, _, _ in address != "10.0.0.3" }
        #expect(changes == [HAProxyHealth.Transition(atMs: 1333, backend: "be", server: "cp3", state: .down)])
    }

    @Test func aHealthyServerNeedsFallFailuresAndADownOneRiseSuccesses() {
        var health = HAProxyHealth(config: config, startMs: 0)
        _ = health.advance(to: 10_000) { _, _, _ in true }
        // cp1 is checked at 0, 2000, ... 10000; it stops answering after that.
        let down = health.advance(to: 20_000) { address, _, _ in address != "10.0.0.1" }
        #expect(down.map(\.atMs) == [16_000])
        // Checked again at 18000 and 20000 (still failing), then passes at 22000 and 24000: rise 2.
        let up = health.advance(to: 30_000) { _, _, _ in true }
        #expect(up == [HAProxyHealth.Transition(atMs: 24_000, backend: "be", server: "cp1", state: .up)])
        #expect(health.available(backend: "be").count == 3)
    }

    @Test func downinterAndLongAdvancesStayBounded() {
        let slow = haproxyConfig("    server cp1 10.0.0.1:6443 check inter 1s downinter 10s fall 2 rise 1")
        var health = HAProxyHealth(config: slow, startMs: 0)
        #expect(health.advance(to: 0) { _, _, _ in false }.isEmpty)
        let changes = health.advance(to: 86_400_000 * 365) { _, _, _ in false }
        #expect(changes.map(\.atMs) == [0])
        #expect(health.servers[0].nextCheckMs > 86_400_000 * 365)
        #expect(health.advance(to: 86_400_000 * 365 + 20_000) { _, _, _ in true }.count == 1)
    }

    @Test func uncheckedServersStayUp() {
        var health = HAProxyHealth(config: haproxyConfig("    server cp1 10.0.0.1:6443"), startMs: 0)
        #expect(health.advance(to: 60_000) { _, _, _ in false }.isEmpty)
        #expect(health.state(backend: "be", server: "cp1") == .up)
    }
}

@Suite struct NginxTests {
    static let streamConfig = """
        load_module /usr/lib/nginx/modules/ngx_stream_module.so;
        events { worker_connections 1024; }
        stream {
            upstream api {
                server 10.0.0.1:6443 max_fails=3 fail_timeout=10s;
                server 10.0.0.2:6443 max_fails=3 fail_timeout=10s;
                server 10.0.0.3:6443;
            }
            server { listen 6443; proxy_pass api; }
        }
        """

    func check(_ text: String, module: Bool = true) -> NginxCheck {
        var files = FileSystem()
        files.install("/etc/nginx/nginx.conf", text)
        if module { files.install("/usr/lib/nginx/modules/ngx_stream_module.so", "") }
        return NginxCheck.run(path: "/etc/nginx/nginx.conf", display: "/etc/nginx/nginx.conf", files: files) { _ in false }
    }

    @Test func readsStreamUpstreamsWithTheirDefaults() throws {
        let result = check(Self.streamConfig)
        #expect(result.succeeded)
        let upstream = try #require(result.config.upstream(named: "api"))
        #expect(upstream.servers.map(\.maxFails) == [3, 3, 1])
        #expect(upstream.servers.map(\.failTimeoutMs) == [10_000, 10_000, 10_000])
        #expect(result.config.servers.first?.proxyPass == "api")
        #expect(result.config.servers.first?.listens.first?.port == 6443)
    }

    @Test(arguments: [
        ("stream { }", "unknown directive \"stream\" in /etc/nginx/nginx.conf:1"),
        ("events { } stream { server { proxy_pass x; } }", "no \"listen\" is defined for server in /etc/nginx/nginx.conf:1"),
        ("events { } stream { upstream u { } }", "no servers are inside upstream in /etc/nginx/nginx.conf:1"),
        ("events { worker_connections 1024 }", "unexpected \"}\" in /etc/nginx/nginx.conf:1"),
    ])
    func reportsTheFirstEmergency(text: String, expected: String) {
        let module = !text.hasPrefix("stream")
        let prefix = module ? "load_module /usr/lib/nginx/modules/ngx_stream_module.so; " : ""
        #expect(check(prefix + text, module: module).syntaxFailure?.text == expected)
    }

    @Test func passiveHealthDisablesAServerAfterMaxFailsUntilFailTimeout() {
        var health = NginxPassiveHealth(config: check(Self.streamConfig).config)
        let nothing: (String, Int) -> Bool = { _, _ in false }
        #expect(
            health.connect(upstream: "api", at: 0, probe: nothing)
                == .failed(tried: [
                    "10.0.0.1:6443", "10.0.0.2:6443", "10.0.0.3:6443",
                ]))
        // The third server has the default max_fails=1: it is out after one failure.
        #expect(health.connect(upstream: "api", at: 100, probe: nothing) == .failed(tried: ["10.0.0.1:6443", "10.0.0.2:6443"]))
        _ = health.connect(upstream: "api", at: 200, probe: nothing)
        #expect(health.connect(upstream: "api", at: 300, probe: nothing) == .noLiveUpstreams)
        // fail_timeout counts from each server's last failure (0 for the third, 200 for the others).
        #expect(health.connect(upstream: "api", at: 10_000, probe: nothing) == .noLiveUpstreams)
        let back = health.connect(upstream: "api", at: 10_201) { address, _ in address == "10.0.0.2" }
        #expect(back == .connected(address: "10.0.0.2", port: 6443, failed: ["10.0.0.3:6443", "10.0.0.1:6443"]))
        #expect(health.peers(of: "api")[1].fails == 0)
    }

    @Test func aSingleServerIsAlwaysTried() {
        let text = "events { } stream { upstream u { server 10.0.0.1:6443; } server { listen 6443; proxy_pass u; } }"
        let withModule = "load_module /usr/lib/nginx/modules/ngx_stream_module.so; " + text
        var health = NginxPassiveHealth(config: check(withModule).config)
        for at in 0..<5 {
            #expect(health.connect(upstream: "u", at: Int64(at)) { _, _ in false } == .failed(tried: ["10.0.0.1:6443"]))
        }
    }
}

@Suite struct LoadBalancerRobustnessTests {
    @Test(arguments: [
        "", "{", "}", ";", "\"unterminated", "server", "backend\n server a b:99999999999999999999 inter 99999999999d",
        "stream { upstream u { server a:1 fail_timeout=999999999999999999999s; } }", "include /etc/nginx/nginx.conf;",
        "timeout connect 99999999999999999999999d", "frontend\nbackend b\n server s 1.2.3.4:1 check fall",
        String(repeating: "events { ", count: 200), "listen [::]:6443;", "\u{0}\u{1}\\",
    ])
    func arbitraryTextNeverTraps(text: String) {
        _ = HAProxyCheck.run(files: [("f", text)]) { _ in true }
        var files = FileSystem()
        files.install("/etc/nginx/nginx.conf", "load_module /usr/lib/nginx/modules/ngx_stream_module.so;\n" + text)
        files.install("/usr/lib/nginx/modules/ngx_stream_module.so", "")
        let result = NginxCheck.run(path: "/etc/nginx/nginx.conf", display: "nginx.conf", files: files) { _ in true }
        var health = NginxPassiveHealth(config: result.config)
        _ = health.connect(upstream: "u", at: 0) { _, _ in false }
    }
}
