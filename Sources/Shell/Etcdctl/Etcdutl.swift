import ClusterSim

/// `etcdutl` (etcd 3.5): offline work on snapshot files and data directories of this node.
enum Etcdutl {
    static func run(_ context: inout ToolContext) -> Int32 {
        var words: [String] = []
        var flags: [String: String] = [:]
        let valueFlags: Set<String> = [
            "data-dir", "wal-dir", "name", "initial-cluster", "initial-cluster-token", "initial-advertise-peer-urls",
            "write-out", "w",
        ]
        let boolFlags: Set<String> = ["skip-hash-check", "mark-compacted", "bump-revision", "help", "h"]
        var index = 1
        while index < context.args.count {
            let word = context.args[index]
            index += 1
            guard word.hasPrefix("-"), word != "-" else {
                words.append(word)
                continue
            }
            let body = word.drop { $0 == "-" }
            let name = String(body.prefix { $0 != "=" })
            let inline = body.firstIndex(of: "=").map { String(body[body.index(after: $0)...]) }
            if valueFlags.contains(name) {
                if let inline {
                    flags[name == "w" ? "write-out" : name] = inline
                } else if index < context.args.count {
                    flags[name == "w" ? "write-out" : name] = context.args[index]
                    index += 1
                } else {
                    context.err("Error: flag needs an argument: --\(name)\n")
                    return 1
                }
            } else if boolFlags.contains(name) {
                flags[name] = inline ?? "true"
            } else {
                context.err("Error: unknown flag: \(word.hasPrefix("--") ? "--" + name : word)\n")
                return 1
            }
        }
        let version = context.cluster.etcd.version
        switch words.first {
        case "version":
            context.out(
                "etcdutl version: \(version)\nAPI version: \(version.split(separator: ".").prefix(2).joined(separator: "."))\n")
            return 0
        case "snapshot":
            switch words.dropFirst().first {
            case "status":
                return status(&context, arguments: Array(words.dropFirst(2)), format: flags["write-out"] ?? "simple")
            case "restore":
                return restore(&context, arguments: Array(words.dropFirst(2)), flags: flags, memoryMapSize: 10_737_418_240)
            default: break
            }
        case "defrag" where words.count == 1:
            return defrag(&context, dataDir: flags["data-dir"])
        case nil:
            break
        default:
            if !["defrag", "backup", "migrate", "snapshot", "help", "completion"].contains(words[0]) {
                let message = "Error: unknown command \"\(words[0])\" for \"etcdutl\"\n"
                context.err(message + "Run 'etcdutl --help' for usage.\n" + message)
                return 1
            }
        }
        context.err(
            "kubedojo: 'etcdutl \(words.joined(separator: " "))' is not simulated; use etcdutl snapshot status|restore or defrag\n"
        )
        return 1
    }

    /// `defrag --data-dir DIR`: compacts the database file of a data directory no etcd is using.
    /// Success prints nothing, as etcdutl 3.5 does; a directory a running member holds keeps
    /// etcdutl waiting for the file lock, which the simulator ends as the learner's Ctrl-C would.
    static func defrag(_ context: inout ToolContext, dataDir: String?) -> Int32 {
        guard let dataDir, !dataDir.isEmpty else {
            context.err("Error: required flag(s) \"data-dir\" not set\n")
            return 1
        }
        let directory = FileSystem.resolve(dataDir, cwd: context.state.current.cwd)
        let dbPath = EtcdDataFile.dbPath(dataDir: directory)
        guard let node = context.node, let text = node.files.read(dbPath).success, var data = EtcdDataFile.parse(text)
        else {
            context.err(
                "kubedojo: \(dbPath) is not an etcd database here; etcdutl defrag of a missing or foreign file is not simulated\n"
            )
            return 1
        }
        if context.cluster.etcdHostDataDir(on: node) == directory,
            context.cluster.etcd.member(onNode: node.name)?.running == true
        {
            context.cluster.advance(milliseconds: 1000)
            context.err(
                "waiting for etcd to close and release its lock on \"\(dbPath)\". To defrag a running etcd instance, use `etcdctl defrag` instead.\n"
            )
            context.err("^C\nkubedojo: etcdutl waits until etcd stops; interrupted for you\n")
            return 130
        }
        if let member = context.cluster.etcd.members.first(where: { $0.id == data.memberID }) {
            data.size = member.dbSizeInUse
            context.cluster.etcd.update(memberID: member.id) { $0.dbSize = $0.dbSizeInUse }
        }
        context.cluster.updateNode(node.name) { $0.files.install(dbPath, data.render(), mode: 0o600) }
        return 0
    }

    /// `snapshot status FILE`: hash, revision, total keys and size.
    static func status(_ context: inout ToolContext, arguments: [String], format: String) -> Int32 {
        guard arguments.count == 1, let path = arguments.first else {
            context.err("Error: snapshot status requires exactly one argument\n")
            return Etcdctl.exitBadArgs
        }
        guard let text = context.read(path).success else {
            context.err("Error: stat \(path): no such file or directory\n")
            return 1
        }
        guard let snapshot = EtcdDataFile.parse(text) else {
            context.err("Error: invalid database\n")
            return 1
        }
        let hash = String(snapshot.contentHash, radix: 16)
        switch format {
        case "json":
            context.out(
                "{\"hash\":\(snapshot.contentHash),\"revision\":\(snapshot.revision),\"totalKey\":\(snapshot.totalKeys),\"totalSize\":\(snapshot.size)}\n"
            )
        case "table":
            context.out(
                TableWriter.render(
                    header: ["hash", "revision", "total keys", "total size"],
                    rows: [[hash, String(snapshot.revision), String(snapshot.totalKeys), GoFormat.humanBytes(snapshot.size)]]))
        case "simple", "fields":
            context.out("\(hash), \(snapshot.revision), \(snapshot.totalKeys), \(GoFormat.humanBytes(snapshot.size))\n")
        default:
            context.err("Error: unsupported output format\n")
            return Etcdctl.exitBadFeature
        }
        return 0
    }

    /// One line of etcdutl's console logger: time, level, caller, message, then the fields.
    private static func logLine(_ context: ToolContext, caller: String, msg: String, fields: String? = nil) -> String {
        let ts = String(context.cluster.now.civil.iso8601Milliseconds.prefix(19)) + "Z"
        return "\(ts)\tinfo\t\(caller)\t\(msg)" + (fields.map { "\t{\($0)}" } ?? "") + "\n"
    }

    static func restore(_ context: inout ToolContext, arguments: [String], flags: [String: String], memoryMapSize: Int64)
        -> Int32
    {
        guard arguments.count == 1, let path = arguments.first else {
            context.err("Error: snapshot restore requires exactly one argument\n")
            return Etcdctl.exitBadArgs
        }
        var restore = EtcdRestore()
        if let name = flags["name"] { restore.name = name }
        if let cluster = flags["initial-cluster"] { restore.initialCluster = cluster }
        if let token = flags["initial-cluster-token"] { restore.token = token }
        if let urls = flags["initial-advertise-peer-urls"] { restore.advertisePeerURLs = urls }
        restore.dataDir = flags["data-dir"]
        let dir = restore.resolvedDataDir
        let quoted = { (text: String) in GoFormat.jsonString(text, html: false) }
        let dirFields =
            "\"path\": \(quoted(path)), \"wal-dir\": \(quoted(dir + "/member/wal")), \"data-dir\": \(quoted(dir)), \"snap-dir\": \(quoted(dir + "/member/snap")), \"initial-memory-map-size\": \(memoryMapSize)"
        let host = context.host
        var files = context.node?.files ?? FileSystem()
        let absolute = EtcdRestore.absolute(restore, cwd: context.state.current.cwd)
        let snapshotPath = context.path(path)
        // etcd 3.5 verifies the bootstrap configuration (the name among --initial-cluster) before
        // anything else, so those errors come without the "restoring snapshot" line.
        var probe = files
        if case .failure(let failure) = absolute.run(snapshotPath: snapshotPath, files: &probe) {
            switch failure {
            case .nameNotInCluster(let name):
                context.err("Error: couldn't find local name \(quoted(name)) in the initial cluster configuration\n")
                return 1
            case .badInitialCluster(let pair):
                context.err("Error: missing = in \(quoted(pair))\n")
                return 1
            default: break
            }
        }
        if absolute.targetIsOccupied(in: files) {
            context.err("Error: data-dir \(quoted(dir)) not empty or could not be read\n")
            return 1
        }
        context.err(logLine(context, caller: "snapshot/v3_snapshot.go:265", msg: "restoring snapshot", fields: dirFields))
        switch absolute.run(snapshotPath: snapshotPath, files: &files) {
        case .failure(let failure):
            switch failure {
            case .notEmpty: context.err("Error: data-dir \(quoted(dir)) not empty or could not be read\n")
            case .missingFile: context.err("Error: open \(path): no such file or directory\n")
            case .notASnapshot: context.err("Error: snapshot missing hash but --skip-hash-check=false\n")
            case .nameNotInCluster(let name):
                context.err("Error: couldn't find local name \(quoted(name)) in the initial cluster configuration\n")
            case .badInitialCluster(let pair): context.err("Error: missing = in \(quoted(pair))\n")
            }
            return 1
        case .success(let restored):
            context.cluster.advance(milliseconds: 40 + restored.size / 400_000)
            context.err(
                logLine(context, caller: "membership/store.go:141", msg: "Trimming membership information from the backend..."))
            for member in restored.members {
                let urls = member.peerURLs.sorted().map(quoted).joined(separator: ", ")
                context.err(
                    logLine(
                        context, caller: "membership/cluster.go:421", msg: "added member",
                        fields:
                            "\"cluster-id\": \"\(String(restored.clusterID, radix: 16))\", \"local-member-id\": \"0\", \"added-peer-id\": \"\(String(member.id, radix: 16))\", \"added-peer-peer-urls\": [\(urls)]"
                    ))
            }
            context.cluster.updateNode(host) { $0.files = files }
            context.err(logLine(context, caller: "snapshot/v3_snapshot.go:293", msg: "restored snapshot", fields: dirFields))
            return 0
        }
    }
}

extension EtcdRestore {
    /// The same restore with its data directory made absolute against the shell's directory.
    static func absolute(_ restore: EtcdRestore, cwd: String) -> EtcdRestore {
        var copy = restore
        copy.dataDir = FileSystem.resolve(restore.resolvedDataDir, cwd: cwd)
        return copy
    }
}
