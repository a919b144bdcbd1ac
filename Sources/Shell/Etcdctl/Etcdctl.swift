import ClusterSim

/// `etcdctl` (v3 API, etcd 3.5): flags and `ETCDCTL_*` variables, TLS, and the simulated commands.
enum Etcdctl {
    /// etcdctl's exit codes (cobrautl).
    static let exitError: Int32 = 1
    static let exitBadArgs: Int32 = 128
    static let exitInvalidInput: Int32 = 3
    static let exitBadFeature: Int32 = 4

    static func run(_ context: inout ToolContext) -> Int32 {
        let api = context.environment["ETCDCTL_API"] ?? ""
        if api == "2" {
            context.err("kubedojo: the etcd v2 API (ETCDCTL_API=2) is not simulated; kubeadm clusters use v3\n")
            return 1
        }
        if !api.isEmpty && api != "3" {
            context.err("unsupported API version \(api)\n")
            return 1
        }
        let options: EtcdctlOptions
        switch EtcdctlOptions.parse(Array(context.args.dropFirst())) {
        case .success(let parsed): options = parsed
        case .failure(let failure):
            let message: String
            switch failure {
            case .unknownFlag(let flag): message = "unknown flag: \(flag)"
            case .missingValue(let flag): message = "flag needs an argument: --\(flag)"
            case .badBool(let flag, let value):
                message =
                    "invalid argument \"\(value)\" for \"--\(flag)\" flag: strconv.ParseBool: parsing \"\(value)\": invalid syntax"
            }
            let path = commandPath(context.args)
            // cobra prints the usage with Println on a flag error: one more newline than --help.
            context.out(helpScreen(path, context))
            context.err("Error: \(message)\n\nError: \(message)\n")
            return 1
        }
        var session = EtcdctlSession(options: options)
        return session.dispatch(&context)
    }

    /// A help screen as cobra prints it (after a flag error, for `--help`, or for a command
    /// that cannot run): the usage, then one empty line.
    static func helpScreen(_ path: [String], _ context: ToolContext) -> String {
        let api = apiVersion(context)
        if path.isEmpty { return EtcdctlHelp.rootText(version: context.cluster.etcd.version, apiVersion: api) + "\n" }
        return EtcdctlHelp.text(for: path, apiVersion: api) + "\n"
    }

    static func apiVersion(_ context: ToolContext) -> String {
        context.cluster.etcd.version.split(separator: ".").prefix(2).joined(separator: ".")
    }

    /// The command words of an argument list, ignoring flags (for picking a help screen).
    private static func commandPath(_ args: [String]) -> [String] {
        var path: [String] = []
        var skipNext = false
        for word in args.dropFirst() {
            if skipNext { skipNext = false; continue }
            if word.hasPrefix("-") {
                let name = word.drop { $0 == "-" }
                if !name.contains("="), EtcdctlOptions.valueFlags.contains(String(name)) || name == "w" { skipNext = true }
                continue
            }
            if path.isEmpty || (path.count == 1 && EtcdctlOptions.groups[path[0]]?.contains(word) == true) {
                path.append(word)
            } else {
                break
            }
        }
        return path
    }
}

/// One etcdctl run: resolved settings and the command implementations.
struct EtcdctlSession {
    let options: EtcdctlOptions
    var format = "simple"
    /// The address of the client object in the zap warnings: one per etcdctl run.
    var clientPointer = ""

    init(options: EtcdctlOptions) {
        self.options = options
    }

    mutating func dispatch(_ context: inout ToolContext) -> Int32 {
        let env = context.environment
        format = options.flag("write-out", environment: env) ?? "simple"
        clientPointer = Self.pointer(&context)
        let path = options.path
        let api = Etcdctl.apiVersion(context)
        guard let command = path.first else {
            context.out(Etcdctl.helpScreen([], context))
            return 0
        }
        if options.wantsHelp {
            context.out(Etcdctl.helpScreen(path, context))
            return 0
        }
        if command == "help" {
            // `etcdctl help [command...]`: the root's help, or that command's.
            let topic = Array(options.arguments.prefix(2))
            guard topic.isEmpty || EtcdctlHelp.entries[topic.joined(separator: " ")] != nil else {
                context.err("kubedojo: 'etcdctl help \(topic.joined(separator: " "))' is not simulated yet\n")
                return 1
            }
            context.out(Etcdctl.helpScreen(topic, context))
            return 0
        }
        if let children = EtcdctlOptions.groups[command] {
            guard path.count > 1, children.contains(path[1]) else {
                // As captured (`etcdctl member foo`): the group's help and an empty line.
                context.out(Etcdctl.helpScreen([command], context))
                return 0
            }
        } else if !EtcdctlOptions.leaves.contains(command) {
            let message = "Error: unknown command \"\(command)\" for \"etcdctl\"\n"
            context.err(message + "Run 'etcdctl --help' for usage.\n" + message)
            return 1
        }
        guard ["simple", "table", "json", "fields", "protobuf"].contains(format) else {
            context.err("Error: unsupported output format\n")
            return Etcdctl.exitBadFeature
        }
        switch path.joined(separator: " ") {
        case "version":
            context.out("etcdctl version: \(context.cluster.etcd.version)\nAPI version: \(api)\n")
            return 0
        case "member list": return memberList(&context)
        case "endpoint status": return endpointStatus(&context)
        case "endpoint health": return endpointHealth(&context)
        case "put": return put(&context)
        case "get": return get(&context)
        case "del": return del(&context)
        case "member add": return memberAdd(&context)
        case "member remove": return memberRemove(&context)
        case "member promote": return memberPromote(&context)
        case "compaction": return compaction(&context)
        case "defrag": return defrag(&context)
        case "alarm list": return alarm(&context, disarm: false)
        case "alarm disarm": return alarm(&context, disarm: true)
        case "move-leader": return moveLeader(&context)
        case "endpoint hashkv": return endpointHashKV(&context)
        case "snapshot save": return snapshotSave(&context)
        case "snapshot status": return snapshotStatus(&context)
        case "snapshot restore": return snapshotRestore(&context)
        case "check perf": return checkPerf(&context)
        default:
            context.err("kubedojo: 'etcdctl \(path.joined(separator: " "))' is not simulated yet\n")
            return 1
        }
    }

    /// A Go heap address such as `0xc000038000`.
    static func pointer(_ context: inout ToolContext) -> String {
        "0x" + String(0xc0_0000_0000 + UInt64(context.cluster.rng.int(in: 0x10...0xff)) * 0x2000, radix: 16)
    }

    // MARK: Settings

    func endpointList(_ context: ToolContext) -> [String] {
        let raw = options.flag("endpoints", environment: context.environment) ?? "127.0.0.1:2379"
        return raw.split(separator: ",").map { $0.trimmed() }.filter { !$0.isEmpty }
    }

    func tls(_ context: ToolContext) -> EtcdConnection.TLSMaterial {
        let env = context.environment
        func nonEmpty(_ value: String?) -> String? { value?.isEmpty == false ? value : nil }
        return EtcdConnection.TLSMaterial(
            caFile: nonEmpty(options.flag("cacert", environment: env)),
            certFile: nonEmpty(options.flag("cert", environment: env)),
            keyFile: nonEmpty(options.flag("key", environment: env)),
            insecureSkipVerify: options.bool("insecure-skip-tls-verify", environment: env))
    }

    /// `--command-timeout` in milliseconds (default 5 s).
    func commandTimeout(_ context: ToolContext) -> Int64 {
        options.flag("command-timeout", environment: context.environment).flatMap(GoDuration.milliseconds) ?? 5_000
    }
}
