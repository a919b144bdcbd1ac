import ClusterSim

/// `crictl ps [-a] [-q] [--name RE]`, `crictl pods [-q] [--name RE]`, `crictl logs [--tail N] ID`
/// over the node's static pods, with crictl 1.31's columns (tabwriter: min width 20, padding 3).
enum Crictl {
    /// A container of a running static pod, with IDs derived from the seed.
    struct Container {
        var id: String
        var podID: String
        var imageID: String
        var name: String
        var podName: String
        var created: SimTime
        var memberName: String?
    }

    static func containers(_ context: ToolContext) -> [Container] {
        guard let node = context.node else { return [] }
        let seed = context.cluster.seed
        return node.staticPods.sorted { $0.key < $1.key }.map { path, running in
            let instance = "\(node.name)\(path)@\(running.startedAt.milliseconds)"
            return Container(
                id: hexID(seed, "container/" + instance), podID: hexID(seed, "sandbox/" + instance),
                imageID: hexID(0, "image/" + running.pod.image), name: running.pod.name,
                podName: "\(running.pod.name)-\(node.name)", created: running.startedAt,
                memberName: running.pod.name == "etcd" ? running.pod.flag("name") ?? node.name : nil)
        }.sorted { ($0.created, $1.name) > ($1.created, $0.name) }
    }

    /// 64 lower-case hex digits, as containerd names containers and sandboxes.
    static func hexID(_ seed: UInt64, _ label: String) -> String {
        var rng = SeededGenerator(seed: seed, label: label)
        return (0..<4).map { _ in
            let hex = String(rng.next(), radix: 16)
            return String(repeating: "0", count: 16 - hex.count) + hex
        }.joined()
    }

    static let table = OptionTable(
        tool: "crictl",
        options: [
            .init(key: "all", short: "a", long: "all", arity: .none),
            .init(key: "quiet", short: "q", long: "quiet", arity: .none),
            .init(key: "name", short: nil, long: "name", arity: .required),
            .init(key: "namespace", short: nil, long: "namespace", arity: .required),
            .init(key: "no-trunc", short: nil, long: "no-trunc", arity: .none),
            .init(key: "output", short: "o", long: "output", arity: .required),
            .init(key: "tail", short: nil, long: "tail", arity: .required),
            .init(key: "follow", short: "f", long: "follow", arity: .none),
            .init(key: "state", short: "s", long: "state", arity: .required),
        ])

    static func run(_ context: inout ToolContext) -> Int32 {
        guard context.args.count > 1 else { return context.notSimulated("crictl (without a command)") }
        let command = context.args[1]
        let parsed: OptionTable.Parsed
        switch table.parse(Array(context.args.dropFirst(2))) {
        case .failure(let failure):
            let flag: String
            switch failure {
            case .invalid(let letter), .needsValue(let letter): flag = "-\(letter)"
            case .unrecognized(let word), .ambiguous(let word, _): flag = word
            case .longNeedsValue(let name), .longTakesNoValue(let name): flag = "--\(name)"
            }
            context.err("FATA[0000] flag provided but not defined: \(flag)\n")
            return 1
        case .success(let result):
            parsed = result
        }
        if let output = parsed.last("output"), output != "table" {
            return context.notSimulated("crictl \(command) -o \(output)")
        }
        // Go's RE2 has no back-references or lookarounds: such patterns are refused, as crictl refuses them.
        func re2(_ source: String) -> TextRegex? { RegexCache.regex(source).flatMap { $0.matchesInLinearTime ? $0 : nil } }
        let pattern = parsed.last("name").flatMap(re2)
        if parsed.last("name") != nil, pattern == nil {
            context.err("FATA[0000] invalid regular expression: \(parsed.last("name") ?? "")\n")
            return 1
        }
        let truncate: (String) -> String = { parsed.has("no-trunc") ? $0 : String($0.prefix(13)) }
        switch command {
        case "ps":
            if let state = parsed.last("state")?.lowercased(), state != "running", state != "exited" {
                context.err("FATA[0000] --state should be one of created, running, exited or unknown\n")
                return 1
            }
            var list = containers(context).filter { container in
                pattern.map { $0.hasMatch(in: container.name) } ?? true
            }
            if parsed.last("state")?.lowercased() == "exited" { list = [] }
            if parsed.has("quiet") {
                for container in list { context.out(container.id + "\n") }
                return 0
            }
            let now = context.cluster.now
            var rows = [["CONTAINER", "IMAGE", "CREATED", "STATE", "NAME", "ATTEMPT", "POD ID", "POD"]]
            for c in list {
                let age = SystemdTime.humanDuration(now.milliseconds - c.created.milliseconds) + " ago"
                rows.append([truncate(c.id), truncate(c.imageID), age, "Running", c.name, "0", truncate(c.podID), c.podName])
            }
            context.out(tabulate(rows))
            return 0
        case "pods":
            let namespace = parsed.last("namespace").flatMap(re2)
            let inNamespace =
                parsed.last("namespace") == nil || namespace?.hasMatch(in: "kube-system") == true
            let list = containers(context).filter { container in
                inNamespace && (pattern.map { $0.hasMatch(in: container.podName) } ?? true)
            }
            if parsed.has("quiet") {
                for container in list { context.out(container.podID + "\n") }
                return 0
            }
            let now = context.cluster.now
            var rows = [["POD ID", "CREATED", "STATE", "NAME", "NAMESPACE", "ATTEMPT", "RUNTIME"]]
            for c in list {
                let age = SystemdTime.humanDuration(now.milliseconds - c.created.milliseconds) + " ago"
                rows.append([truncate(c.podID), age, "Ready", c.podName, "kube-system", "0", "(default)"])
            }
            context.out(tabulate(rows))
            return 0
        case "logs":
            return logs(parsed, &context)
        default:
            return context.notSimulated("crictl \(command)")
        }
    }

    private static func logs(_ parsed: OptionTable.Parsed, _ context: inout ToolContext) -> Int32 {
        if parsed.has("follow") {
            context.err(
                "kubedojo: 'crictl logs -f' is not simulated: following would never return here; use 'crictl logs --tail 50 ID'\n"
            )
            return 1
        }
        guard let id = parsed.operands.first else {
            context.err("FATA[0000] ID cannot be empty\n")
            return 1
        }
        guard !id.isEmpty, let container = containers(context).first(where: { $0.id.hasPrefix(id.lowercased()) }) else {
            context.err(
                "FATA[0000] rpc error: code = NotFound desc = an error occurred when try to find container \"\(id)\": not found\n"
            )
            return 1
        }
        // etcd logs JSON lines (zap); the simulation logs what the member saw happen.
        var lines: [String] = []
        if let member = container.memberName {
            let ownLog = "etcd/\(context.host)"
            for event in context.cluster.events where event.time >= container.created {
                if event.source == ownLog, let line = EtcdLogLine.decode(event.message) {
                    lines.append(Self.zapLine(line, at: event.time))
                    continue
                }
                guard event.source == "etcd" else { continue }
                guard event.message.hasPrefix(member + " ") || event.message.contains(" \(member) ") else { continue }
                let message = event.message.replacingOccurrences(of: "\"", with: "\\\"")
                lines.append("{\"level\":\"info\",\"ts\":\"\(event.time.civil.iso8601Milliseconds)\",\"msg\":\"\(message)\"}")
            }
        }
        if let tail = parsed.last("tail").flatMap(Int.init), tail >= 0 { lines = Array(lines.suffix(tail)) }
        context.out(lines.map { $0 + "\n" }.joined())
        return 0
    }

    /// One zap JSON line as etcd writes it: level, time, message, then the fields in order.
    static func zapLine(_ line: EtcdLogLine, at time: SimTime) -> String {
        var text = "{\"level\":\"\(line.level)\",\"ts\":\"\(time.civil.iso8601Milliseconds)\",\"msg\":"
        text += GoFormat.jsonString(line.message, html: false)
        for field in line.fields { text += ",\"\(field.key)\":" + GoFormat.jsonString(field.value, html: false) }
        return text + "}"
    }

    /// Go's tabwriter with minwidth 20, padding 3: every cell but the last is padded to its column.
    static func tabulate(_ rows: [[String]]) -> String {
        let columns = rows.map(\.count).max() ?? 0
        let widths = (0..<columns).map { column in
            max(20, (rows.map { column < $0.count ? $0[column].count : 0 }.max() ?? 0) + 3)
        }
        return rows.map { row in
            row.enumerated().map { index, cell in
                index == row.count - 1 ? cell : cell + String(repeating: " ", count: widths[index] - cell.count)
            }.joined() + "\n"
        }.joined()
    }
}
