/// The nginx 1.22 directives the validator knows, per context, with their block shape and argument counts.
enum NginxDirectives {
    enum Context: Hashable {
        case main, events, http, httpUpstream, stream, streamServer, streamUpstream
        /// The inside of `map`, `geo`, `types`...: free-form pairs.
        case opaque

        var isHTTP: Bool { self == .http || self == .httpUpstream }
    }

    struct Spec {
        var block = false
        var arguments: ClosedRange<Int>
    }

    private static func specs(_ list: [(String, Bool, ClosedRange<Int>)]) -> [String: Spec] {
        Dictionary(list.map { ($0.0, Spec(block: $0.1, arguments: $0.2)) }, uniquingKeysWith: { first, _ in first })
    }

    static let many = 1...64

    static let main = specs([
        ("user", false, 1...2), ("worker_processes", false, 1...1), ("error_log", false, many), ("pid", false, 1...1),
        ("load_module", false, 1...1), ("include", false, 1...1), ("events", true, 0...0), ("http", true, 0...0),
        ("env", false, 1...1), ("daemon", false, 1...1), ("master_process", false, 1...1),
        ("timer_resolution", false, 1...1), ("worker_rlimit_nofile", false, 1...1), ("worker_rlimit_core", false, 1...1),
        ("worker_priority", false, 1...1), ("worker_cpu_affinity", false, many), ("worker_shutdown_timeout", false, 1...1),
        ("working_directory", false, 1...1), ("lock_file", false, 1...1), ("pcre_jit", false, 1...1),
        ("thread_pool", false, 1...3), ("debug_points", false, 1...1), ("ssl_engine", false, 1...1),
    ])

    /// Main-context directives that exist only once the stream module is loaded.
    static let streamMain = specs([("stream", true, 0...0)])

    static let events = specs([
        ("worker_connections", false, 1...1), ("use", false, 1...1), ("multi_accept", false, 1...1),
        ("accept_mutex", false, 1...1), ("accept_mutex_delay", false, 1...1), ("debug_connection", false, 1...1),
        ("worker_aio_requests", false, 1...1), ("include", false, 1...1),
    ])

    /// Directives valid both in `stream {}` and in its `server {}` blocks.
    private static let streamShared: [(String, Bool, ClosedRange<Int>)] = [
        ("include", false, 1...1), ("resolver", false, many), ("resolver_timeout", false, 1...1),
        ("access_log", false, many), ("error_log", false, many), ("open_log_file_cache", false, 1...4),
        ("tcp_nodelay", false, 1...1), ("limit_conn", false, 2...2), ("limit_conn_log_level", false, 1...1),
        ("limit_conn_dry_run", false, 1...1), ("preread_buffer_size", false, 1...1), ("preread_timeout", false, 1...1),
        ("proxy_protocol_timeout", false, 1...1), ("allow", false, 1...1), ("deny", false, 1...1),
        ("set_real_ip_from", false, 1...1), ("ssl_preread", false, 1...1), ("proxy_bind", false, 1...2),
        ("proxy_socket_keepalive", false, 1...1), ("proxy_connect_timeout", false, 1...1), ("proxy_timeout", false, 1...1),
        ("proxy_buffer_size", false, 1...1), ("proxy_upload_rate", false, 1...1), ("proxy_download_rate", false, 1...1),
        ("proxy_requests", false, 1...1), ("proxy_responses", false, 1...1), ("proxy_next_upstream", false, 1...1),
        ("proxy_next_upstream_tries", false, 1...1), ("proxy_next_upstream_timeout", false, 1...1),
        ("proxy_protocol", false, 1...1), ("proxy_ssl", false, 1...1), ("proxy_ssl_session_reuse", false, 1...1),
        ("proxy_ssl_protocols", false, many), ("proxy_ssl_ciphers", false, 1...1), ("proxy_ssl_name", false, 1...1),
        ("proxy_ssl_server_name", false, 1...1), ("proxy_ssl_verify", false, 1...1),
        ("proxy_ssl_verify_depth", false, 1...1), ("proxy_ssl_trusted_certificate", false, 1...1),
        ("proxy_ssl_crl", false, 1...1), ("proxy_ssl_certificate", false, 1...1),
        ("proxy_ssl_certificate_key", false, 1...1), ("proxy_ssl_password_file", false, 1...1),
        ("proxy_ssl_conf_command", false, 2...2), ("ssl_certificate", false, 1...1),
        ("ssl_certificate_key", false, 1...1), ("ssl_protocols", false, many), ("ssl_ciphers", false, 1...1),
        ("ssl_prefer_server_ciphers", false, 1...1), ("ssl_session_cache", false, 1...2),
        ("ssl_session_timeout", false, 1...1), ("ssl_handshake_timeout", false, 1...1), ("ssl_dhparam", false, 1...1),
        ("ssl_ecdh_curve", false, 1...1), ("ssl_client_certificate", false, 1...1), ("ssl_verify_client", false, 1...1),
        ("ssl_verify_depth", false, 1...1), ("ssl_trusted_certificate", false, 1...1), ("ssl_crl", false, 1...1),
        ("ssl_password_file", false, 1...1), ("ssl_session_tickets", false, 1...1),
        ("ssl_session_ticket_key", false, 1...1), ("ssl_conf_command", false, 2...2),
    ]

    static let stream = specs(
        streamShared + [
            ("upstream", true, 1...1), ("server", true, 0...0), ("log_format", false, many),
            ("variables_hash_max_size", false, 1...1), ("variables_hash_bucket_size", false, 1...1),
            ("limit_conn_zone", false, 2...2), ("map", true, 2...2), ("geo", true, 1...2), ("split_clients", true, 2...2),
        ])

    static let streamServer = specs(
        streamShared + [("listen", false, many), ("proxy_pass", false, 1...1), ("return", false, 1...1), ("set", false, 2...2)])

    static let streamUpstream = specs([
        ("server", false, many), ("least_conn", false, 0...0), ("hash", false, 1...2), ("random", false, 0...2),
        ("zone", false, 1...2),
    ])

    /// Names the http module defines (so using one in `stream {}` is "not allowed here", not unknown).
    static let httpNames: Set<String> = [
        "location", "server_name", "root", "index", "proxy_set_header", "proxy_http_version", "proxy_redirect",
        "proxy_buffering", "proxy_read_timeout", "proxy_send_timeout", "proxy_cache", "add_header",
        "client_max_body_size", "sendfile", "tcp_nopush", "keepalive_timeout", "types_hash_max_size", "default_type",
        "gzip", "try_files", "rewrite", "types", "charset", "server_tokens", "autoindex", "alias", "expires",
        "fastcgi_pass", "uwsgi_pass", "grpc_pass", "if", "limit_req", "limit_req_zone", "auth_basic",
        "auth_basic_user_file", "error_page", "keepalive", "proxy_hide_header", "proxy_pass_header", "upstream",
        "server", "listen", "proxy_pass", "access_log", "ssl_certificate", "ssl_certificate_key", "ssl_protocols",
        "large_client_header_buffers", "client_body_timeout", "send_timeout", "server_names_hash_bucket_size",
        "least_conn", "hash", "random", "zone", "return", "set", "map", "geo", "split_clients", "log_format",
        "resolver", "proxy_connect_timeout", "proxy_bind", "allow", "deny", "limit_conn", "limit_conn_zone",
    ]

    /// Whether nginx knows the directive at all (with the stream module loaded or not).
    static func isKnown(_ name: String, stream loaded: Bool) -> Bool {
        if main[name] != nil || events[name] != nil || httpNames.contains(name) { return true }
        guard loaded else { return false }
        return streamMain[name] != nil || stream[name] != nil || streamServer[name] != nil || streamUpstream[name] != nil
    }

    /// The directive's shape where it is used, nil when it is not allowed there.
    static func spec(_ name: String, in context: Context, stream loaded: Bool) -> Spec? {
        switch context {
        case .main: return main[name] ?? (loaded ? streamMain[name] : nil)
        case .events: return events[name]
        case .stream: return stream[name]
        case .streamServer: return streamServer[name]
        case .streamUpstream: return streamUpstream[name]
        case .opaque: return Spec(arguments: 0...64)
        case .http, .httpUpstream:
            // Inside http the simulation is permissive: anything but the main, events and stream directives.
            if main[name] != nil && name != "include" && name != "error_log" { return nil }
            if events[name] != nil && name != "include" { return nil }
            if streamMain[name] != nil { return nil }
            return Spec(block: false, arguments: 0...64)
        }
    }
}
