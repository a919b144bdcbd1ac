import ClusterSim

/// `systemctl start|stop|restart|reload|status|enable|disable|is-active|is-enabled|daemon-reload|list-units`
/// for the units a node has, with systemd 252's messages and exit codes.
enum Systemctl {
    static let table = OptionTable(
        tool: "systemctl",
        options: [
            .init(key: "no-pager", short: nil, long: "no-pager", arity: .none),
            .init(key: "full", short: "l", long: "full", arity: .none),
            .init(key: "all", short: "a", long: "all", arity: .none),
            .init(key: "quiet", short: "q", long: "quiet", arity: .none),
            .init(key: "now", short: nil, long: "now", arity: .none),
            .init(key: "no-reload", short: nil, long: "no-reload", arity: .none),
            .init(key: "type", short: "t", long: "type", arity: .required),
            .init(key: "state", short: nil, long: "state", arity: .required),
            .init(key: "no-legend", short: nil, long: "no-legend", arity: .none),
            .init(key: "lines", short: "n", long: "lines", arity: .required),
        ])

    /// systemd's exit status for a unit that is not installed (LSB "program is not installed").
    static let notInstalled: Int32 = 5

    static func run(_ context: inout ToolContext) -> Int32 {
        let parsed: OptionTable.Parsed
        switch table.parse(Array(context.args.dropFirst())) {
        case .failure(let failure):
            context.err(failure.message("systemctl"))
            return 1
        case .success(let result):
            parsed = result
        }
        if parsed.has("help") || parsed.has("version") {
            return context.notSimulated("systemctl --\(parsed.has("help") ? "help" : "version")")
        }
        guard let verb = parsed.operands.first else {
            return context.notSimulated("systemctl list-units (without a verb)")
        }
        let units = parsed.operands.dropFirst().map(unitName)
        switch verb {
        case "start", "stop", "restart", "reload", "try-restart", "reload-or-restart":
            guard !units.isEmpty else { return tooFew(&context) }
            return change(verb, units, &context)
        case "status":
            guard !units.isEmpty else { return context.notSimulated("systemctl status (without a unit)") }
            return SystemctlStatus.run(units, lines: Int(parsed.last("lines") ?? "") ?? 10, &context)
        case "is-active", "is-failed":
            guard !units.isEmpty else { return tooFew(&context) }
            return isActive(units, failed: verb == "is-failed", quiet: parsed.has("quiet"), &context)
        case "is-enabled":
            guard !units.isEmpty else { return tooFew(&context) }
            return isEnabled(units, quiet: parsed.has("quiet"), &context)
        case "enable", "disable":
            guard !units.isEmpty else { return tooFew(&context) }
            return enable(verb == "enable", units, now: parsed.has("now"), reload: !parsed.has("no-reload"), &context)
        case "daemon-reload":
            context.cluster.reloadUnitFiles(on: context.host)
            return 0
        case "list-units":
            if let type = parsed.last("type"), type != "service" {
                return context.notSimulated("systemctl list-units --type=\(type)")
            }
            return listUnits(all: parsed.has("all"), legend: !parsed.has("no-legend"), &context)
        case "cat", "show", "edit", "mask", "unmask", "kill", "list-unit-files", "list-dependencies", "reset-failed":
            return context.notSimulated("systemctl \(verb)")
        default:
            context.err("Unknown command verb \(verb).\n")
            return 1
        }
    }

    /// `kubelet` and `kubelet.service` name the same unit; other unit types keep their suffix.
    static func unitName(_ word: String) -> String {
        word.hasSuffix(".service") ? String(word.dropLast(8)) : word
    }

    private static func tooFew(_ context: inout ToolContext) -> Int32 {
        context.err("Too few arguments.\n")
        return 1
    }

    /// Whether the node has the unit (its process model and its unit file).
    static func exists(_ unit: String, _ context: ToolContext) -> Bool {
        guard let node = context.node, node.units[unit] != nil else { return false }
        return UnitFile(unit, on: node) != nil
    }

    private static func warnIfChanged(_ unit: String, _ context: inout ToolContext) {
        guard context.cluster.unitNeedsReload(unit, on: context.host) else { return }
        context.err(
            "Warning: The unit file, source configuration file or drop-ins of \(unit).service changed on disk. "
                + "Run 'systemctl daemon-reload' to reload units.\n")
    }

    private static func change(_ verb: String, _ units: [String], _ context: inout ToolContext) -> Int32 {
        var status: Int32 = 0
        let word = verb == "try-restart" || verb == "reload-or-restart" ? "restart" : verb
        for unit in units {
            guard exists(unit, context), let state = context.node?.units[unit] else {
                let reason = verb == "stop" ? "not loaded" : "not found"
                context.err("Failed to \(word) \(unit).service: Unit \(unit).service \(reason).\n")
                status = notInstalled
                continue
            }
            warnIfChanged(unit, &context)
            let host = context.host
            switch verb {
            case "start": context.cluster.startUnit(unit, on: host)
            case "stop": context.cluster.stopUnit(unit, on: host)
            case "restart", "reload-or-restart": context.cluster.restartUnit(unit, on: host)
            case "try-restart": if state != .inactive { context.cluster.restartUnit(unit, on: host) }
            default:
                guard let node = context.node, UnitFile(unit, on: node)?.hasReload == true else {
                    context.err(
                        "Failed to reload \(unit).service: Job type reload is not applicable for unit \(unit).service.\n")
                    status = 1
                    continue
                }
                guard state == .active else {
                    context.err(
                        "Failed to reload \(unit).service: Unit \(unit).service cannot be reloaded because it is inactive.\n")
                    status = 1
                    continue
                }
                if !context.cluster.reloadUnit(unit, on: host) {
                    context.err(
                        "Job for \(unit).service failed because the control process exited with error code.\n"
                            + "See \"systemctl status \(unit).service\" and \"journalctl -xeu \(unit).service\" for details.\n")
                    status = 1
                }
            }
            if verb != "stop", verb != "reload", unit == "haproxy", context.node?.units[unit] == .failed {
                context.err(
                    "Job for \(unit).service failed because the control process exited with error code.\n"
                        + "See \"systemctl status \(unit).service\" and \"journalctl -xeu \(unit).service\" for details.\n")
                status = 1
            }
        }
        return status
    }

    /// The word `is-active` prints: a crash-looping unit with `Restart=` is between attempts.
    static func activeState(_ unit: String, _ context: ToolContext) -> String {
        switch context.node?.units[unit] {
        case .active: "active"
        case .failed: unit == "kubelet" ? "activating" : "failed"
        default: "inactive"
        }
    }

    private static func isActive(_ units: [String], failed: Bool, quiet: Bool, _ context: inout ToolContext) -> Int32 {
        var ok = false
        for unit in units {
            let state = exists(unit, context) ? activeState(unit, context) : "inactive"
            if !quiet { context.out(state + "\n") }
            if failed ? state == "failed" : state == "active" { ok = true }
        }
        return ok ? 0 : (failed ? 1 : 3)
    }

    private static func isEnabled(_ units: [String], quiet: Bool, _ context: inout ToolContext) -> Int32 {
        var ok = false
        for unit in units {
            guard exists(unit, context), let record = context.cluster.unitRecord(unit, on: context.host) else {
                context.err("Failed to get unit file state for \(unit).service: No such file or directory\n")
                return 1
            }
            if !quiet { context.out(record.enabled ? "enabled\n" : "disabled\n") }
            if record.enabled { ok = true }
        }
        return ok ? 0 : 1
    }

    private static func enable(
        _ on: Bool, _ units: [String], now: Bool, reload: Bool, _ context: inout ToolContext
    ) -> Int32 {
        for unit in units {
            guard exists(unit, context), let node = context.node, let file = UnitFile(unit, on: node),
                let record = context.cluster.unitRecord(unit, on: context.host)
            else {
                context.err("Failed to \(on ? "enable" : "disable") unit: Unit file \(unit).service does not exist.\n")
                return 1
            }
            let link = "/etc/systemd/system/multi-user.target.wants/\(unit).service"
            if record.enabled != on {
                context.err(on ? "Created symlink \(link) → \(file.displayPath).\n" : "Removed \"\(link)\".\n")
                context.cluster.setUnitEnabled(unit, on: context.host, on)
            }
        }
        // systemctl reloads the unit files after enabling or disabling (unless --no-reload),
        // and only then starts or stops the units for --now.
        if reload { context.cluster.reloadUnitFiles(on: context.host) }
        for unit in units where now {
            if on {
                context.cluster.startUnit(unit, on: context.host)
            } else {
                context.cluster.stopUnit(unit, on: context.host)
            }
        }
        return 0
    }

    private static func listUnits(all: Bool, legend: Bool, _ context: inout ToolContext) -> Int32 {
        guard let node = context.node else { return 1 }
        var rows: [[String]] = []
        var failed: Set<Int> = []
        for unit in node.units.keys.sorted() where exists(unit, context) {
            let active = activeState(unit, context)
            guard all || active != "inactive" else { continue }
            let sub =
                active == "active" ? "running" : active == "activating" ? "auto-restart" : active == "failed" ? "failed" : "dead"
            if active == "failed" { failed.insert(rows.count) }
            rows.append(["\(unit).service", "loaded", active, sub, UnitFile(unit, on: node)?.description ?? ""])
        }
        let header = ["UNIT", "LOAD", "ACTIVE", "SUB", "DESCRIPTION"]
        let widths = (0..<4).map { column in ([header] + rows).map { $0[column].count }.max() ?? 0 }
        func line(_ cells: [String], mark: String) -> String {
            let padded = (0..<4).map { cells[$0] + String(repeating: " ", count: widths[$0] - cells[$0].count) }
            return mark + (padded + [cells[4]]).joined(separator: " ") + "\n"
        }
        if legend { context.out(line(header, mark: "  ")) }
        for (index, row) in rows.enumerated() { context.out(line(row, mark: failed.contains(index) ? "● " : "  ")) }
        guard legend else { return 0 }
        context.out(
            """

            LOAD   = Reflects whether the unit definition was properly loaded.
            ACTIVE = The high-level unit activation state, i.e. generalization of SUB.
            SUB    = The low-level unit activation state, values depend on unit type.

            """)
        if all {
            context.out("\(rows.count) loaded units listed.\n")
        } else {
            context.out("\(rows.count) loaded units listed. Pass --all to see loaded but inactive units, too.\n")
        }
        context.out("To show all installed unit files use 'systemctl list-unit-files'.\n")
        return 0
    }
}
