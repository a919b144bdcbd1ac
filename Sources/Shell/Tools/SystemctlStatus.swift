import ClusterSim

/// `systemctl status UNIT...`: systemd 252's layout, then the unit's latest journal lines.
enum SystemctlStatus {
    /// Exit codes: 0 when every unit runs, 3 when one does not, 4 when one does not exist.
    static func run(_ units: [String], lines: Int, _ context: inout ToolContext) -> Int32 {
        var status: Int32 = 0
        var first = true
        for unit in units {
            guard Systemctl.exists(unit, context), let node = context.node, let file = UnitFile(unit, on: node),
                let record = context.cluster.unitRecord(unit, on: context.host)
            else {
                context.err("Unit \(unit).service could not be found.\n")
                status = 4
                continue
            }
            if !first { context.out("\n") }
            first = false
            let active = Systemctl.activeState(unit, context)
            if active != "active", status == 0 { status = 3 }
            context.out(render(file, record: record, active: active, node: node, now: context.cluster.now))
            let journal = Journal.entries(context.cluster, host: context.host, unit: unit).suffix(max(0, lines))
            if !journal.isEmpty {
                context.out("\n" + journal.map { $0.shortLine + "\n" }.joined())
            }
            if context.cluster.unitNeedsReload(unit, on: context.host) {
                context.err(
                    "Warning: The unit file, source configuration file or drop-ins of \(unit).service changed on disk. "
                        + "Run 'systemctl daemon-reload' to reload units.\n")
            }
        }
        return status
    }

    /// Right-aligns a field name in systemd's 11-column gutter: `     Loaded: `.
    private static func field(_ name: String, _ value: String) -> String {
        String(repeating: " ", count: max(0, 11 - name.count)) + name + ": " + value + "\n"
    }

    private static let gutter = String(repeating: " ", count: 13)

    static func render(_ file: UnitFile, record: UnitRecord, active: String, node: Node, now: SimTime) -> String {
        let dot = active == "inactive" ? "○" : active == "failed" ? "×" : "●"
        var text = "\(dot) \(file.name).service" + (file.description.map { " - \($0)" } ?? "") + "\n"
        let enabled = record.enabled ? "enabled" : "disabled"
        text += field("Loaded", "loaded (\(file.displayPath); \(enabled); preset: enabled)")
        var lastDirectory: String?
        for dropIn in file.dropIns {
            if dropIn.directory != lastDirectory {
                text += lastDirectory == nil ? field("Drop-In", dropIn.directory) : gutter + dropIn.directory + "\n"
                lastDirectory = dropIn.directory
            }
            text += gutter + "└─" + dropIn.file + "\n"
        }
        let since =
            "since \(SystemdTime.timestamp(record.since)); \(SystemdTime.relative(now.milliseconds - record.since.milliseconds))"
        switch active {
        case "active": text += field("Active", "active (running) \(since)")
        case "activating": text += field("Active", "activating (auto-restart) (Result: exit-code) \(since)")
        case "failed": text += field("Active", "failed (Result: exit-code) \(since)")
        default: text += field("Active", "inactive (dead) \(since)")
        }
        for (index, doc) in file.documentation.enumerated() {
            text += index == 0 ? field("Docs", doc) : gutter + doc + "\n"
        }
        let pid = record.mainPID
        let running = active == "active"
        let exit = active == "inactive" ? "code=exited, status=0/SUCCESS" : "code=exited, status=1/FAILURE"
        for (index, pre) in file.execStartPre.enumerated() {
            let command = pre.hasPrefix("-") ? String(pre.dropFirst()) : pre
            text += field(
                "Process", "\(pid - file.execStartPre.count + index) ExecStartPre=\(command) (code=exited, status=0/SUCCESS)")
        }
        if !running, let exec = file.execStart {
            text += field("Process", "\(pid) ExecStart=\(exec) (\(exit))")
        }
        text += field("Main PID", running ? "\(pid) (\(file.processName))" : "\(pid) (\(exit))")
        var rng = SeededGenerator(seed: UInt64(truncatingIfNeeded: pid), label: "status/\(node.name)/\(file.name)")
        let uptime = max(0, now.milliseconds - record.since.milliseconds)
        let profile = usage[file.name] ?? (tasks: 4...8, megabytes: 10...30, cpuPerMille: 5)
        // A stopped unit shows what its last run used, from its start to the stop.
        let ran = running ? uptime : max(0, record.since.milliseconds - (record.runs.last?.started.milliseconds ?? 0))
        let cpu = ran * Int64(profile.cpuPerMille) / 1000 + Int64(rng.int(in: 200...900))
        if running {
            let limit = 4_000 + Int(SeededGenerator.fnv1a(node.name) % 5_000)
            text += field("Tasks", "\(rng.int(in: profile.tasks)) (limit: \(limit))")
            text += field(
                "Memory", SystemdTime.bytes(Int64(rng.int(in: profile.megabytes)) * 1_048_576 + Int64(rng.int(in: 0...1_048_575)))
            )
        }
        text += field("CPU", SystemdTime.timespan(cpu))
        if running {
            text += field("CGroup", "/system.slice/\(file.name).service")
            text += gutter + "└─\(pid) \(file.commandLine ?? "")\n"
        }
        return text
    }

    /// Typical resource use per service: threads, resident megabytes, CPU in thousandths of a core.
    private static let usage: [String: (tasks: ClosedRange<Int>, megabytes: ClosedRange<Int>, cpuPerMille: Int)] = [
        "kubelet": (11...17, 38...72, 25),
        "containerd": (9...14, 28...60, 8),
        "etcd": (9...13, 60...140, 20),
        "haproxy": (2...3, 8...16, 1),
    ]
}
