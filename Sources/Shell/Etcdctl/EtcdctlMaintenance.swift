import ClusterSim

/// `compaction`, `defrag`, `alarm list|disarm`, `move-leader` and `endpoint hashkv`.
extension EtcdctlSession {
    private func alarmLines(_ alarms: [(UInt64, String)]) -> String {
        alarms.map { "memberID:\($0.0) alarm:\($0.1) \n" }.joined()
    }

    mutating func compaction(_ context: inout ToolContext) -> Int32 {
        guard options.arguments.count == 1, let raw = options.arguments.first else {
            context.err("Error: compaction command needs 1 argument\n")
            return Etcdctl.exitBadArgs
        }
        guard let revision = Int64(raw) else {
            context.err("Error: strconv.ParseInt: parsing \(GoFormat.jsonString(raw, html: false)): invalid syntax\n")
            return Etcdctl.exitError
        }
        return request(&context, kind: .write) { cluster, member in
            cluster.etcdCompact(revision: revision, via: member).map { _ in "compacted revision \(revision)\n" }
        }
    }

    mutating func alarm(_ context: inout ToolContext, disarm: Bool) -> Int32 {
        request(&context, kind: .write) { cluster, member in
            (disarm ? cluster.etcdDisarm(via: member) : cluster.etcdAlarms(via: member)).map(alarmLines)
        }
    }

    mutating func defrag(_ context: inout ToolContext) -> Int32 {
        if options.flag("data-dir", environment: [:]) != nil {
            context.err(
                "Use `etcdutl defrag` instead. The --data-dir is going to be decomissioned in v3.6.\n\nkubedojo: 'etcdctl defrag --data-dir' is not simulated\n"
            )
            return 1
        }
        let tls = tls(context)
        if case .failure(let failure) = EtcdConnection.loadLocal(tls, context: context) { return fail(failure, &context) }
        var failed = false
        for raw in statusEndpoints(&context, tls: tls) {
            switch EtcdConnection.connect(EtcdConnection.parse(raw), tls: tls, context: context) {
            case .success(let member):
                // Defragmenting blocks the member for a while, longer for a bigger file.
                context.cluster.advance(milliseconds: 8 + member.dbSize / 2_000_000)
                context.cluster.etcdDefragment(memberID: member.id)
                context.out("Finished defragmenting etcd member[\(raw)]\n")
            case .failure(let failure):
                guard case .unreachable = failure else { return fail(failure, &context) }
                context.cluster.advance(milliseconds: commandTimeout(context) + Int64(context.cluster.rng.int(in: 5...25)))
                context.err("Failed to defragment etcd member[\(raw)] (context deadline exceeded)\n")
                failed = true
            }
        }
        return failed ? Etcdctl.exitError : 0
    }

    mutating func moveLeader(_ context: inout ToolContext) -> Int32 {
        guard options.arguments.count == 1, let raw = options.arguments.first else {
            context.err("Error: move-leader command needs 1 argument\n")
            return Etcdctl.exitBadArgs
        }
        guard let target = UInt64(raw, radix: 16) else {
            context.err(
                "Error: strconv.ParseUint: parsing \(GoFormat.jsonString(raw, html: false)): \(raw.allSatisfy(\.isHexDigit) && !raw.isEmpty ? "value out of range" : "invalid syntax")\n"
            )
            return Etcdctl.exitBadArgs
        }
        let tls = tls(context)
        if case .failure(let failure) = EtcdConnection.loadLocal(tls, context: context) { return fail(failure, &context) }
        // The request must go to the leader: etcdctl looks for it among the endpoints.
        let endpoints = endpointList(context)
        let leaderEndpoint = endpoints.first { raw in
            guard case .success(let member) = EtcdConnection.connect(EtcdConnection.parse(raw), tls: tls, context: context)
            else { return false }
            return member.id == context.cluster.etcd.leaderID
        }
        guard leaderEndpoint != nil else {
            if case .failure(let failure) = connectAny(&context) { return fail(failure, &context) }
            context.err("Error: no leader endpoint given at [\(endpoints.joined(separator: " "))]\n")
            return Etcdctl.exitBadArgs
        }
        return request(&context, kind: .membership) { cluster, _ in
            cluster.etcdMoveLeader(to: target).map { from in
                "Leadership transferred from \(String(from, radix: 16)) to \(raw)\n"
            }
        }
    }

    mutating func endpointHashKV(_ context: inout ToolContext) -> Int32 {
        let tls = tls(context)
        if case .failure(let failure) = EtcdConnection.loadLocal(tls, context: context) { return fail(failure, &context) }
        var rows: [[String]] = []
        var failed = false
        for raw in statusEndpoints(&context, tls: tls) {
            let endpoint = EtcdConnection.parse(raw)
            switch EtcdConnection.connect(endpoint, tls: tls, context: context) {
            case .success:
                context.cluster.advance(milliseconds: Int64(context.cluster.rng.int(in: 3...12)))
                rows.append([raw, String(context.cluster.etcdHashKV())])
            case .failure(let failure):
                guard case .unreachable(let desc) = failure else { return fail(failure, &context) }
                context.cluster.advance(milliseconds: commandTimeout(context) + Int64(context.cluster.rng.int(in: 5...25)))
                context.err(
                    retryWarning(
                        &context, target: endpoint.authority, error: Self.unreachableError(desc), logger: "etcd-client",
                        shared: false))
                context.err("Failed to get the hash of endpoint \(raw) (context deadline exceeded)\n")
                failed = true
            }
        }
        switch format {
        case "table": context.out(TableWriter.render(header: ["endpoint", "hash"], rows: rows))
        case "simple": for row in rows { context.out(row.joined(separator: ", ") + "\n") }
        default:
            context.err("kubedojo: 'etcdctl endpoint hashkv -w \(format)' is not simulated; use -w simple or -w table\n")
            return 1
        }
        return failed ? Etcdctl.exitError : 0
    }
}
