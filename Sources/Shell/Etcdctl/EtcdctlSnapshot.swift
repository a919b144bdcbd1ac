import ClusterSim

/// `snapshot save|status|restore` (etcdctl) and the shared etcdutl implementations.
extension EtcdctlSession {
    /// etcdctl's exit code for an interrupted or failed snapshot.
    static let exitInterrupted: Int32 = 5

    /// One zap JSON line as the 3.5 client's snapshot code logs it (`logger` only on the
    /// maintenance lines).
    private func infoLine(
        _ context: inout ToolContext, caller: String, msg: String, logger: String? = nil, fields: [(String, String)] = []
    ) -> String {
        // Lines logged within one millisecond still carry increasing microseconds.
        let micros = min(999, Int(context.cluster.rng.int(in: 0...99)) + 100 * (context.stderrLineCount % 9))
        let ts = GoFormat.zapTimestamp(context.cluster.now, microseconds: micros)
        var line = "{\"level\":\"info\",\"ts\":\"\(ts)\""
        if let logger { line += ",\"logger\":\"\(logger)\"" }
        line += ",\"caller\":\"\(caller)\",\"msg\":\(GoFormat.jsonString(msg, html: false))"
        for (key, value) in fields { line += ",\"\(key)\":\(GoFormat.jsonString(value, html: false))" }
        return line + "}\n"
    }

    mutating func snapshotSave(_ context: inout ToolContext) -> Int32 {
        guard options.arguments.count == 1, let path = options.arguments.first else {
            context.err("Error: snapshot save expects one argument\n")
            return Etcdctl.exitBadArgs
        }
        let endpoints = endpointList(context)
        guard endpoints.count == 1, let endpoint = endpoints.first else {
            context.err(
                "Error: snapshot must be requested to one selected node, not multiple [\(endpoints.joined(separator: " "))]\n")
            return Self.exitInterrupted
        }
        let tls = tls(context)
        if case .failure(let failure) = EtcdConnection.loadLocal(tls, context: context) { return fail(failure, &context) }
        let member: EtcdMember
        switch EtcdConnection.connect(EtcdConnection.parse(endpoint), tls: tls, context: context) {
        case .success(let answered): member = answered
        case .failure:
            // The snapshot client dials with its dial timeout (2 s) before giving up.
            let dial = options.flag("dial-timeout", environment: context.environment).flatMap(GoDuration.milliseconds) ?? 2_000
            context.cluster.advance(milliseconds: dial + Int64(context.cluster.rng.int(in: 3...20)))
            context.err("Error: context deadline exceeded\n")
            return Self.exitInterrupted
        }
        let target = context.path(path)
        let parent = String(target[..<(target.lastIndex(of: "/") ?? target.startIndex)])
        guard context.node?.files.isDirectory(parent.isEmpty ? "/" : parent) == true else {
            context.err("Error: could not open \(path).part (open \(path).part: no such file or directory)\n")
            return Self.exitInterrupted
        }
        let snapshot = context.cluster.etcdSnapshot(from: member)
        context.err(
            infoLine(
                &context, caller: "snapshot/v3_snapshot.go:65", msg: "created temporary db file",
                fields: [("path", path + ".part")]))
        context.err(
            infoLine(
                &context, caller: "v3@v\(context.cluster.etcd.version)/maintenance.go:212",
                msg: "opened snapshot stream; downloading", logger: "client"))
        context.err(
            infoLine(&context, caller: "snapshot/v3_snapshot.go:73", msg: "fetching snapshot", fields: [("endpoint", endpoint)]))
        // Streaming takes time in proportion to the database size (about 150 ms for 22 MB).
        context.cluster.advance(milliseconds: 20 + snapshot.size / 150_000)
        context.err(
            infoLine(
                &context, caller: "v3@v\(context.cluster.etcd.version)/maintenance.go:220",
                msg: "completed snapshot read; closing", logger: "client"))
        context.err(
            infoLine(
                &context, caller: "snapshot/v3_snapshot.go:88", msg: "fetched snapshot",
                fields: [("endpoint", endpoint), ("size", GoFormat.humanBytes(snapshot.size)), ("took", "now")]))
        let host = context.host
        context.cluster.updateNode(host) { $0.files.install(target, snapshot.render(), mode: 0o600) }
        context.err(infoLine(&context, caller: "snapshot/v3_snapshot.go:97", msg: "saved", fields: [("path", path)]))
        context.out("Snapshot saved at \(path)\n")
        return 0
    }

    mutating func snapshotStatus(_ context: inout ToolContext) -> Int32 {
        context.err("Deprecated: Use `etcdutl snapshot status` instead.\n\n")
        return Etcdutl.status(&context, arguments: options.arguments, format: format)
    }

    mutating func snapshotRestore(_ context: inout ToolContext) -> Int32 {
        context.err("Deprecated: Use `etcdutl snapshot restore` instead.\n\n")
        return Etcdutl.restore(&context, arguments: options.arguments, flags: options.flags, memoryMapSize: 0)
    }
}
