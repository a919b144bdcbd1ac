import ClusterSim
import Foundation

/// `put`, `get`, `del` and `member add|remove|promote`: requests one member serves.
extension EtcdctlSession {
    /// etcd's server-side request timeout: 5 s plus two election timeouts.
    static let serverRequestTimeout: Int64 = 7_000

    /// What a request is, for how etcd and the client give up on one that cannot commit.
    enum RequestKind {
        /// Linearizable reads: retried by the client after the server's own timeout.
        case read
        /// Puts and deletes: never retried; past the server's timeout it answers with its own error.
        case write
        /// Member changes: the server gives up with the client's deadline.
        case membership
    }

    /// Runs one request through the first endpoint that answers, printing etcdctl's errors.
    func request(
        _ context: inout ToolContext, kind: RequestKind,
        _ body: (inout Cluster, EtcdMember) -> Result<String, EtcdRequestError>
    ) -> Int32 {
        let member: EtcdMember
        switch connectAny(&context) {
        case .failure(let failure): return fail(failure, &context)
        case .success(let answered): member = answered
        }
        let target = EtcdConnection.parse(endpointList(context).first ?? "127.0.0.1:2379").authority
        func warn(_ context: inout ToolContext, _ error: String, attempt: Int = 0) {
            context.err(retryWarning(&context, target: target, error: error, logger: "etcd-client", attempt: attempt))
        }
        func jitter(_ context: inout ToolContext) -> Int64 { Int64(context.cluster.rng.int(in: 5...25)) }
        switch body(&context.cluster, member) {
        case .success(let output):
            context.cluster.advance(milliseconds: Int64(context.cluster.rng.int(in: 12...30)))
            context.out(output)
            return 0
        case .failure(.refused(let code, let message)):
            context.cluster.advance(milliseconds: jitter(&context))
            warn(&context, "rpc error: code = \(code) desc = \(message)")
            context.err("Error: \(message)\n")
            return Etcdctl.exitError
        case .failure(.timedOut):
            let timeout = commandTimeout(context)
            let unknown = "rpc error: code = Unknown desc = context deadline exceeded"
            switch kind {
            case .membership:
                context.cluster.advance(milliseconds: timeout + jitter(&context))
                warn(&context, unknown)
                context.err("Error: \(unknown)\n")
            case .write where timeout > Self.serverRequestTimeout:
                context.cluster.advance(milliseconds: Self.serverRequestTimeout + jitter(&context))
                warn(&context, unknown)
                context.err("Error: \(unknown)\n")
            case .read where timeout > Self.serverRequestTimeout:
                context.cluster.advance(milliseconds: Self.serverRequestTimeout + jitter(&context))
                warn(&context, "rpc error: code = Unavailable desc = etcdserver: request timed out")
                context.cluster.advance(milliseconds: timeout - Self.serverRequestTimeout)
                warn(&context, Self.uncommittedError, attempt: 1)
                context.err("Error: context deadline exceeded\n")
            case .read, .write:
                context.cluster.advance(milliseconds: timeout + jitter(&context))
                warn(&context, Self.uncommittedError)
                context.err("Error: context deadline exceeded\n")
            }
            return Etcdctl.exitError
        }
    }

    private func badArgs(_ message: String, _ context: inout ToolContext) -> Int32 {
        context.err("Error: \(message)\n")
        return Etcdctl.exitBadArgs
    }

    func headerJSON(_ header: EtcdHeader) -> String {
        "{\"cluster_id\":\(header.clusterID),\"member_id\":\(header.memberID),\"revision\":\(header.revision),\"raft_term\":\(header.raftTerm)}"
    }

    // MARK: put / get / del

    mutating func put(_ context: inout ToolContext) -> Int32 {
        let args = options.arguments
        let value: String
        switch args.count {
        case 2: value = args[1]
        case 1 where !context.stdin.isEmpty: value = context.stdin
        default: return badArgs("put command needs 1 argument and input from stdin or 2 arguments", &context)
        }
        let json = format == "json"
        return request(&context, kind: .write) { cluster, member in
            cluster.etcdPut(args[0], value, via: member).map { json ? "{\"header\":\(headerJSON($0))}\n" : "OK\n" }
        }
    }

    mutating func get(_ context: inout ToolContext) -> Int32 {
        let args = options.arguments
        guard (1...2).contains(args.count) else {
            return badArgs("get command needs one argument as key and an optional argument as range_end", &context)
        }
        let env = context.environment
        let prefix = options.bool("prefix", environment: env)
        let fromKey = options.bool("from-key", environment: env)
        let consistency = options.flag("consistency", environment: env) ?? "l"
        guard consistency == "l" || consistency == "s" else {
            return badArgs("unknown consistency flag \"\(consistency)\"", &context)
        }
        let keysOnly = options.bool("keys-only", environment: env)
        let valuesOnly = options.bool("print-value-only", environment: env)
        let countOnly = options.bool("count-only", environment: env)
        let limit = options.flag("limit", environment: env).flatMap(Int.init) ?? 0
        let format = format
        return request(&context, kind: .read) { cluster, member in
            cluster.etcdRead(args[0], prefix: prefix, fromKey: fromKey, serializable: consistency == "s", via: member)
                .map { header, found in
                    let kvs = limit > 0 ? Array(found.prefix(limit)) : found
                    if format == "json" {
                        var text = "{\"header\":\(headerJSON(header))"
                        if !kvs.isEmpty, !countOnly {
                            let items = kvs.map { kv in
                                var item =
                                    "{\"key\":\"\(Base64Codec.encode(kv.key))\",\"create_revision\":\(kv.createRevision),\"mod_revision\":\(kv.modRevision),\"version\":\(kv.version)"
                                if !keysOnly { item += ",\"value\":\"\(Base64Codec.encode(kv.value))\"" }
                                return item + "}"
                            }
                            text += ",\"kvs\":[\(items.joined(separator: ","))]"
                        }
                        if limit > 0, found.count > limit { text += ",\"more\":true" }
                        if !found.isEmpty { text += ",\"count\":\(found.count)" }
                        return text + "}\n"
                    }
                    if countOnly { return "\(found.count)\n" }
                    return kvs.map { kv in
                        if keysOnly { return kv.key + "\n\n" }
                        if valuesOnly { return kv.value + "\n" }
                        return kv.key + "\n" + kv.value + "\n"
                    }.joined()
                }
        }
    }

    mutating func del(_ context: inout ToolContext) -> Int32 {
        let args = options.arguments
        guard (1...2).contains(args.count) else {
            return badArgs("del command needs one argument as key and an optional argument as range_end", &context)
        }
        let env = context.environment
        let prefix = options.bool("prefix", environment: env)
        let fromKey = options.bool("from-key", environment: env)
        let json = format == "json"
        return request(&context, kind: .write) { cluster, member in
            cluster.etcdDelete(args[0], prefix: prefix, fromKey: fromKey, via: member).map { header, count in
                json ? "{\"header\":\(headerJSON(header))\(count > 0 ? ",\"deleted\":\(count)" : "")}\n" : "\(count)\n"
            }
        }
    }

    // MARK: member add / remove / promote

    /// The hex member ID argument, or nil after printing etcdctl's complaint.
    private func memberID(_ context: inout ToolContext) -> UInt64? {
        guard let raw = options.arguments.first else {
            _ = badArgs("member ID is not provided", &context)
            return nil
        }
        guard let id = UInt64(raw, radix: 16) else {
            let reason = raw.allSatisfy(\.isHexDigit) && !raw.isEmpty ? "value out of range" : "invalid syntax"
            _ = badArgs(
                "bad member ID arg (strconv.ParseUint: parsing \(GoFormat.jsonString(raw, html: false)): \(reason)), expecting ID in Hex",
                &context)
            return nil
        }
        return id
    }

    mutating func memberAdd(_ context: inout ToolContext) -> Int32 {
        guard let name = options.arguments.first else { return badArgs("member name not provided", &context) }
        if options.arguments.count > 1 {
            return badArgs("member add command requires exactly one argument", &context)
        }
        let urls = (options.flag("peer-urls", environment: [:]) ?? "").split(separator: ",").map(String.init)
        guard !urls.isEmpty else { return badArgs("member peer urls not provided", &context) }
        let learner = options.bool("learner", environment: [:])
        return request(&context, kind: .membership) { cluster, member in
            cluster.etcdMemberAdd(peerURLs: urls, learner: learner, via: member).map { added in
                let etcd = cluster.etcd
                let conf = etcd.members.flatMap { m in
                    m.peerURLs.map { "\(m.id == added.id ? name : m.name)=\($0)" }
                }
                return """
                    Member \(added.hexID) added to cluster \(String(etcd.clusterID, radix: 16))

                    ETCD_NAME="\(name)"
                    ETCD_INITIAL_CLUSTER="\(conf.joined(separator: ","))"
                    ETCD_INITIAL_ADVERTISE_PEER_URLS="\(urls.joined(separator: ","))"
                    ETCD_INITIAL_CLUSTER_STATE="existing"

                    """
            }
        }
    }

    mutating func memberRemove(_ context: inout ToolContext) -> Int32 {
        guard let id = memberID(&context) else { return Etcdctl.exitBadArgs }
        return request(&context, kind: .membership) { cluster, member in
            cluster.etcdMemberRemove(id: id, via: member).map {
                "Member \(String(id, radix: 16)) removed from cluster \(String(cluster.etcd.clusterID, radix: 16))\n"
            }
        }
    }

    mutating func memberPromote(_ context: inout ToolContext) -> Int32 {
        guard let id = memberID(&context) else { return Etcdctl.exitBadArgs }
        return request(&context, kind: .membership) { cluster, member in
            cluster.etcdMemberPromote(id: id, via: member).map {
                "Member \(String(id, radix: 16)) promoted in cluster \(String(cluster.etcd.clusterID, radix: 16))\n"
            }
        }
    }
}
