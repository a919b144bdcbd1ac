import ClusterSim

/// `member list`, `endpoint status` and `endpoint health`.
extension EtcdctlSession {
    /// Connects through the client's balancer: the first endpoint that answers serves the request.
    func connectAny(_ context: inout ToolContext) -> Result<EtcdMember, EtcdConnection.Failure> {
        let tls = tls(context)
        if case .failure(let failure) = EtcdConnection.loadLocal(tls, context: context) { return .failure(failure) }
        var firstFailure: EtcdConnection.Failure?
        for raw in endpointList(context) {
            switch EtcdConnection.connect(EtcdConnection.parse(raw), tls: tls, context: context) {
            case .success(let member): return .success(member)
            case .failure(let failure): firstFailure = firstFailure ?? failure
            }
        }
        return .failure(firstFailure ?? .unreachable(desc: "produced zero addresses"))
    }

    /// Reports a failed request the way etcdctl does, advancing time by the wait it implies.
    func fail(_ failure: EtcdConnection.Failure, _ context: inout ToolContext, logger: String = "etcd-client") -> Int32 {
        switch failure {
        case .local(let message):
            context.err("Error: \(message)\n")
            return Etcdctl.exitBadArgs
        case .unreachable(let desc):
            let target = EtcdConnection.parse(endpointList(context).first ?? "127.0.0.1:2379").authority
            waitForTimeout(&context)
            context.err(retryWarning(&context, target: target, error: Self.unreachableError(desc), logger: logger))
            context.err("Error: context deadline exceeded\n")
            return Etcdctl.exitError
        }
    }

    private func waitForTimeout(_ context: inout ToolContext) {
        context.cluster.advance(milliseconds: commandTimeout(context) + Int64(context.cluster.rng.int(in: 5...25)))
    }

    /// The gRPC error of a request that never reached a member (`desc` is the last connection error).
    static func unreachableError(_ desc: String) -> String {
        "rpc error: code = DeadlineExceeded desc = latest balancer error: last connection error: connection error: desc = \(GoFormat.jsonString(desc, html: false))"
    }

    /// The gRPC error of a request a member accepted but could not commit (no leader).
    static let uncommittedError = "rpc error: code = DeadlineExceeded desc = context deadline exceeded"

    /// The zap warning the 3.5 client logs when its retries run out.
    /// `shared` uses the run's one client (requests); endpoint checks make a client per endpoint.
    func retryWarning(
        _ context: inout ToolContext, target: String, error: String, logger: String, attempt: Int = 0, shared: Bool = true
    ) -> String {
        let version = context.cluster.etcd.version
        let pointer = shared ? clientPointer : Self.pointer(&context)
        let ts = GoFormat.zapTimestamp(context.cluster.now, microseconds: context.cluster.rng.int(in: 0...999))
        return
            "{\"level\":\"warn\",\"ts\":\"\(ts)\",\"logger\":\"\(logger)\",\"caller\":\"v3@v\(version)/retry_interceptor.go:63\",\"msg\":\"retrying of unary invoker failed\",\"target\":\"etcd-endpoints://\(pointer)/\(target)\",\"attempt\":\(attempt),\"error\":\(GoFormat.jsonString(error, html: false))}\n"
    }

    // MARK: member list

    func memberList(_ context: inout ToolContext) -> Int32 {
        let member: EtcdMember
        switch connectAny(&context) {
        case .failure(let failure): return fail(failure, &context)
        case .success(let answered): member = answered
        }
        context.cluster.advance(milliseconds: Int64(context.cluster.rng.int(in: 8...25)))
        let etcd = context.cluster.etcd
        let rows = etcd.members.map { m in
            [
                m.hexID, m.name.isEmpty ? "unstarted" : "started", m.name, m.peerURLs.joined(separator: ","),
                m.clientURLs.joined(separator: ","), String(m.isLearner),
            ]
        }
        switch format {
        case "table":
            context.out(
                TableWriter.render(
                    header: ["ID", "Status", "Name", "Peer Addrs", "Client Addrs", "Is Learner"], rows: rows))
        case "json":
            let members = etcd.members.map { m in
                var fields =
                    "{\"ID\":\(m.id),\"name\":\(GoFormat.jsonString(m.name)),\"peerURLs\":[\(m.peerURLs.map { GoFormat.jsonString($0) }.joined(separator: ","))]"
                if !m.clientURLs.isEmpty {
                    fields += ",\"clientURLs\":[\(m.clientURLs.map { GoFormat.jsonString($0) }.joined(separator: ","))]"
                }
                if m.isLearner { fields += ",\"isLearner\":true" }
                return fields + "}"
            }
            context.out(
                "{\"header\":{\"cluster_id\":\(etcd.clusterID),\"member_id\":\(member.id),\"raft_term\":\(etcd.term)},\"members\":[\(members.joined(separator: ","))]}\n"
            )
        case "fields":
            var text =
                "\"ClusterID\" : \(etcd.clusterID)\n\"MemberID\" : \(member.id)\n\"Revision\" : 0\n\"RaftTerm\" : \(etcd.term)\n"
            for m in etcd.members {
                text += "\"ID\" : \(m.id)\n\"Name\" : \(GoFormat.jsonString(m.name))\n"
                for url in m.peerURLs { text += "\"PeerURL\" : \(GoFormat.jsonString(url))\n" }
                for url in m.clientURLs { text += "\"ClientURL\" : \(GoFormat.jsonString(url))\n" }
                text += "\"IsLearner\" : \(m.isLearner)\n\n"
            }
            context.out(text)
        default:
            for row in rows { context.out(row.joined(separator: ", ") + "\n") }
        }
        return 0
    }

    // MARK: endpoint status

    private struct Status {
        var endpoint: String
        var member: EtcdMember
        var leader: UInt64
        var errors: [String]
    }

    func endpointStatus(_ context: inout ToolContext) -> Int32 {
        let tls = tls(context)
        if case .failure(let failure) = EtcdConnection.loadLocal(tls, context: context) { return fail(failure, &context) }
        var statuses: [Status] = []
        var failed = false
        for raw in statusEndpoints(&context, tls: tls) {
            let endpoint = EtcdConnection.parse(raw)
            switch EtcdConnection.connect(endpoint, tls: tls, context: context) {
            case .success(let member):
                context.cluster.advance(milliseconds: Int64(context.cluster.rng.int(in: 3...12)))
                let etcd = context.cluster.etcd
                let leader = etcd.hasQuorum && !member.isolated ? etcd.leaderID ?? 0 : 0
                statuses.append(
                    Status(
                        endpoint: raw, member: member, leader: leader,
                        errors: (leader == 0 ? ["etcdserver: no leader"] : [])
                            + etcd.alarms.sorted { $0.key < $1.key }.map { "memberID:\($0.key) alarm:\($0.value) " }))
            case .failure(let failure):
                guard case .unreachable(let desc) = failure else { return fail(failure, &context) }
                waitForTimeout(&context)
                context.err(
                    retryWarning(
                        &context, target: endpoint.authority, error: Self.unreachableError(desc), logger: "etcd-client",
                        shared: false))
                context.err("Failed to get the status of endpoint \(raw) (context deadline exceeded)\n")
                failed = true
            }
        }
        let etcd = context.cluster.etcd
        let rows = statuses.map { s in
            [
                s.endpoint, s.member.hexID, etcd.version, GoFormat.humanBytes(s.member.dbSize), String(s.leader == s.member.id),
                String(s.member.isLearner), String(etcd.term), String(etcd.raftIndex), String(etcd.appliedIndex),
                s.errors.joined(separator: ", "),
            ]
        }
        switch format {
        case "table":
            context.out(
                TableWriter.render(
                    header: [
                        "endpoint", "ID", "version", "db size", "is leader", "is learner", "raft term", "raft index",
                        "raft applied index", "errors",
                    ], rows: rows))
        case "json":
            let items = statuses.map { s in
                var status =
                    "{\"header\":{\"cluster_id\":\(etcd.clusterID),\"member_id\":\(s.member.id),\"revision\":\(etcd.revision),\"raft_term\":\(etcd.term)},\"version\":\(GoFormat.jsonString(etcd.version)),\"dbSize\":\(s.member.dbSize)"
                if s.leader != 0 { status += ",\"leader\":\(s.leader)" }
                status += ",\"raftIndex\":\(etcd.raftIndex),\"raftTerm\":\(etcd.term),\"raftAppliedIndex\":\(etcd.appliedIndex)"
                if !s.errors.isEmpty {
                    status += ",\"errors\":[\(s.errors.map { GoFormat.jsonString($0) }.joined(separator: ","))]"
                }
                status += ",\"dbSizeInUse\":\(s.member.dbSizeInUse)"
                if s.member.isLearner { status += ",\"isLearner\":true" }
                return "{\"Endpoint\":\(GoFormat.jsonString(s.endpoint)),\"Status\":\(status)}}"
            }
            context.out("[" + items.joined(separator: ",") + "]\n")
        case "fields":
            for s in statuses {
                context.out(
                    """
                    "ClusterID" : \(etcd.clusterID)
                    "MemberID" : \(s.member.id)
                    "Revision" : \(etcd.revision)
                    "RaftTerm" : \(etcd.term)
                    "Version" : \(GoFormat.jsonString(etcd.version))
                    "DBSize" : \(s.member.dbSize)
                    "Leader" : \(s.leader)
                    "IsLearner" : \(s.member.isLearner)
                    "RaftIndex" : \(etcd.raftIndex)
                    "RaftTerm" : \(etcd.term)
                    "RaftAppliedIndex" : \(etcd.appliedIndex)
                    "Errors" : [\(s.errors.joined(separator: " "))]
                    "Endpoint" : \(GoFormat.jsonString(s.endpoint))


                    """)
            }
        default:
            for row in rows { context.out(row.joined(separator: ", ") + "\n") }
        }
        return failed ? Etcdctl.exitError : 0
    }

    /// `--endpoints`, or with `--cluster` the client URLs from the member list.
    func statusEndpoints(_ context: inout ToolContext, tls: EtcdConnection.TLSMaterial) -> [String] {
        guard options.bool("cluster", environment: context.environment) else { return endpointList(context) }
        guard case .success = connectAny(&context) else { return endpointList(context) }
        return context.cluster.etcd.members.flatMap(\.clientURLs)
    }

    // MARK: endpoint health

    private struct Health {
        var endpoint: String
        var tookNanoseconds: Int64
        var error: String?
    }

    func endpointHealth(_ context: inout ToolContext) -> Int32 {
        let tls = tls(context)
        if case .failure(let failure) = EtcdConnection.loadLocal(tls, context: context) { return fail(failure, &context) }
        let endpoints = statusEndpoints(&context, tls: tls)
        var results: [Health] = []
        var warnings: [(target: String, error: String)] = []
        let timeout = commandTimeout(context)
        for raw in endpoints {
            let endpoint = EtcdConnection.parse(raw)
            switch EtcdConnection.connect(endpoint, tls: tls, context: context) {
            case .success(let member) where context.cluster.etcd.hasQuorum && !member.isolated:
                results.append(Health(endpoint: raw, tookNanoseconds: Int64(context.cluster.rng.int(in: 1_200_000...14_000_000))))
            case .success:
                warnings.append((endpoint.authority, Self.uncommittedError))
                results.append(
                    Health(
                        endpoint: raw,
                        tookNanoseconds: timeout * 1_000_000 + Int64(context.cluster.rng.int(in: 100_000...9_000_000)),
                        error: "context deadline exceeded"))
            case .failure(let failure):
                guard case .unreachable(let desc) = failure else { return fail(failure, &context) }
                warnings.append((endpoint.authority, Self.unreachableError(desc)))
                results.append(
                    Health(
                        endpoint: raw,
                        tookNanoseconds: timeout * 1_000_000 + Int64(context.cluster.rng.int(in: 100_000...9_000_000)),
                        error: "context deadline exceeded"))
            }
        }
        // Checks run in parallel; results arrive, and are printed, in completion order.
        results.sort { $0.tookNanoseconds < $1.tookNanoseconds }
        let longest = results.map(\.tookNanoseconds).max() ?? 0
        let firstFailure = results.first { $0.error != nil }?.tookNanoseconds ?? longest
        context.cluster.advance(milliseconds: firstFailure / 1_000_000)
        for warning in warnings {
            context.err(
                retryWarning(&context, target: warning.target, error: warning.error, logger: "client", shared: false))
        }
        context.cluster.advance(milliseconds: (longest - firstFailure) / 1_000_000 + 1)

        switch format {
        case "table":
            context.out(
                TableWriter.render(
                    header: ["endpoint", "health", "took", "error"],
                    rows: results.map {
                        [
                            $0.endpoint, String($0.error == nil), GoFormat.duration(nanoseconds: $0.tookNanoseconds),
                            $0.error ?? "",
                        ]
                    }))
        case "json":
            let items = results.map { h in
                "{\"endpoint\":\(GoFormat.jsonString(h.endpoint)),\"health\":\(h.error == nil),\"took\":\(GoFormat.jsonString(GoFormat.duration(nanoseconds: h.tookNanoseconds)))"
                    + (h.error.map { ",\"error\":\(GoFormat.jsonString($0))" } ?? "") + "}"
            }
            context.out("[" + items.joined(separator: ",") + "]\n")
        default:
            for h in results {
                if let error = h.error {
                    context.err("\(h.endpoint) is unhealthy: failed to commit proposal: \(error)\n")
                } else {
                    context.out(
                        "\(h.endpoint) is healthy: successfully committed proposal: took = \(GoFormat.duration(nanoseconds: h.tookNanoseconds))\n"
                    )
                }
            }
        }
        if results.contains(where: { $0.error != nil }) {
            context.err("Error: unhealthy cluster\n")
            return Etcdctl.exitError
        }
        return 0
    }
}
