import ClusterSim

/// `kubectl config ...`: reading and editing the kubeconfig files on the node.
extension KubectlSession {
    mutating func config(_ context: inout ToolContext) -> Int32 {
        guard path.count > 1 else { return notSimulated("kubectl config", &context) }
        if let status = loadKubeconfig(&context) { return status }
        var config = loaded.config
        let names = arguments.positional
        switch path[1] {
        case "current-context":
            guard !config.currentContext.isEmpty else {
                context.err("error: current-context is not set\n")
                return 1
            }
            context.out(config.currentContext + "\n")
            return 0
        case "get-contexts":
            return getContexts(config, names: names, &context)
        case "use-context":
            guard let name = names.first, names.count == 1 else {
                context.err("error: Unexpected args: \(names)\nSee 'kubectl config use-context -h' for help and examples\n")
                return 1
            }
            guard config.context(name) != nil else {
                context.err("error: no context exists with the name: \"\(name)\"\n")
                return 1
            }
            config.currentContext = name
            if let status = save(config, &context) { return status }
            context.out("Switched to context \"\(name)\".\n")
            return 0
        case "set-context":
            return setContext(&config, names: names, &context)
        case "view":
            if arguments.has("output"), arguments.last("output") != "yaml" {
                return notSimulated("kubectl config view -o \(arguments.last("output") ?? "")", &context)
            }
            var shown = config
            if arguments.isOn("minify") {
                if let name = arguments.last("context") { shown.currentContext = name }
                guard !shown.currentContext.isEmpty else {
                    context.err("error: current-context must exist in order to minify\n")
                    return 1
                }
                guard shown.context(shown.currentContext) != nil else {
                    context.err("error: cannot locate context \(shown.currentContext)\n")
                    return 1
                }
                shown = shown.minified
            }
            context.out(shown.render(redacted: !arguments.isOn("raw")))
            return 0
        default:
            return notSimulated("kubectl config \(path[1])", &context)
        }
    }

    private func getContexts(_ config: Kubeconfig, names: [String], _ context: inout ToolContext) -> Int32 {
        let output = arguments.last("output") ?? ""
        guard output.isEmpty || output == "name" else {
            context.err("error: output must be one of '' or 'name'\n")
            return 1
        }
        var shown = config.contexts.sorted { $0.name < $1.name }
        var missing: [String] = []
        if !names.isEmpty {
            missing = names.filter { config.context($0) == nil }
            shown = shown.filter { names.contains($0.name) }
        }
        if output == "name" {
            context.out(shown.map { $0.name + "\n" }.joined())
        } else {
            var rows: [[String]] = arguments.isOn("no-headers") ? [] : [["CURRENT", "NAME", "CLUSTER", "AUTHINFO", "NAMESPACE"]]
            for entry in shown {
                rows.append([
                    entry.name == config.currentContext ? "*" : "", entry.name, entry.fields["cluster"] ?? "",
                    entry.fields["user"] ?? "", entry.fields["namespace"] ?? "",
                ])
            }
            context.out(KubectlTable.render(rows))
        }
        guard missing.isEmpty else {
            context.err(missing.map { "error: context \($0) not found\n" }.joined())
            return 1
        }
        return 0
    }

    private mutating func setContext(_ config: inout Kubeconfig, names: [String], _ context: inout ToolContext) -> Int32 {
        let name: String
        if arguments.isOn("current") {
            guard names.isEmpty else {
                context.err("error: you cannot specify a context name and --current\n")
                return 1
            }
            guard !config.currentContext.isEmpty else {
                context.err("error: no current context is set\n")
                return 1
            }
            name = config.currentContext
        } else {
            guard let first = names.first, names.count == 1 else {
                context.err("error: you must specify a non-empty context name or --current\n")
                return 1
            }
            name = first
        }
        let existed = config.context(name) != nil
        var entry = config.context(name) ?? Kubeconfig.Entry(name: name, fields: [:])
        for key in ["namespace", "cluster", "user"] {
            if let value = arguments.last(key) { entry.fields[key] = value }
        }
        if let index = config.contexts.firstIndex(where: { $0.name == name }) {
            config.contexts[index] = entry
        } else {
            config.contexts.append(entry)
        }
        if let status = save(config, &context) { return status }
        context.out("Context \"\(name)\" \(existed ? "modified" : "created").\n")
        return 0
    }

    private func save(_ config: Kubeconfig, _ context: inout ToolContext) -> Int32? {
        guard let destination = loaded.destination else {
            context.err("error: no kubeconfig file to write to\n")
            return 1
        }
        if case .failure(let message) = KubeconfigLoader.save(config, to: destination, context: &context) {
            context.err("error: \(message.text)\n")
            return 1
        }
        return nil
    }
}

/// kubectl's tables: Go's tabwriter with three spaces of padding, left-aligned cells.
enum KubectlTable {
    static func render(_ rows: [[String]]) -> String {
        var widths: [Int] = []
        for row in rows {
            for (column, cell) in row.enumerated() {
                if column >= widths.count { widths.append(0) }
                widths[column] = max(widths[column], cell.count)
            }
        }
        return rows.map { row in
            row.enumerated().map { column, cell in
                // text/tabwriter as kubectl sets it up: padding 3, minimum cell width 6.
                column == row.count - 1 ? cell : cell + String(repeating: " ", count: max(widths[column] + 3, 6) - cell.count)
            }.joined() + "\n"
        }.joined()
    }
}
