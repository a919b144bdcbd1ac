import ClusterSim

/// `kubectl` completion from kubectl's own tables: commands and groups from `KubectlCommands`,
/// flags from each command's pflag set, resource types from discovery (`APIObjects`), object
/// names from the cluster.
extension CompletionContext {
    func kubectl(_ arguments: [String], _ scan: CompletionScan) -> [Completion.Candidate] {
        if let dashes = arguments.firstIndex(of: "--") {
            // `kubectl exec POD -- CMD`: the words after `--` are a command of their own.
            return command(Array(arguments[(dashes + 1)...]), scan)
        }
        let path = Kubectl.commandPath(arguments)
        let flags = KubectlCommands.global + (KubectlCommands.flags(for: path) ?? [])
        let kubeconfig = self.kubeconfig(arguments)
        let namespace = Self.kubectlNamespace(arguments, default: kubeconfig.flatMap(Self.namespace(of:)) ?? "default")
        let typed = scan.current
        if let previous = arguments.last, let flag = Self.valueFlag(previous, in: flags) {
            return kubectlValues(of: flag, prefix: "", contexts: kubeconfig?.contexts.map(\.name) ?? [], typed)
        }
        if typed.hasPrefix("--"), let eq = typed.firstIndex(of: "=") {
            let name = String(typed[typed.index(typed.startIndex, offsetBy: 2)..<eq])
            guard let flag = flags.first(where: { $0.name == name }) else { return [] }
            let prefix = String(typed[...eq])
            return kubectlValues(
                of: flag, prefix: prefix, contexts: kubeconfig?.contexts.map(\.name) ?? [],
                String(typed[typed.index(after: eq)...]))
        }
        if typed.hasPrefix("-") {
            return flags.map { flag in
                if case .bool = flag.kind { return Completion.Candidate("--" + flag.name) }
                return Completion.Candidate("--" + flag.name + "=", terminator: "")
            } + flags.compactMap { $0.short }.filter { _ in typed.count == 1 }.map { Completion.Candidate("-" + String($0)) }
        }
        let positional = Self.positional(arguments, flags: flags)
        guard let verb = path.first else { return KubectlCommands.names.map { Completion.Candidate($0) } }
        if let subcommands = KubectlCommands.groups[verb], path.count == 1 {
            return subcommands.map { Completion.Candidate($0) }
        }
        let operands = Array(positional.dropFirst(path.count))
        switch verb {
        case "get", "describe", "delete", "edit", "label", "annotate", "patch", "explain", "taint", "scale", "wait":
            if typed.contains("/"), let slash = typed.firstIndex(of: "/") {
                let kind = String(typed[..<slash])
                return objectNames(kind, namespace: namespace).map { Completion.Candidate(kind + "/" + $0) }
            }
            guard let kind = operands.first else { return resourceKinds() }
            if verb == "explain" { return [] }
            return objectNames(kind, namespace: namespace).map { Completion.Candidate($0) }
        case "logs", "exec", "attach", "port-forward":
            return operands.isEmpty ? objectNames("pods", namespace: namespace).map { Completion.Candidate($0) } : []
        case "cordon", "uncordon", "drain":
            return objectNames("nodes", namespace: namespace).map { Completion.Candidate($0) }
        case "top":
            guard let kind = operands.first else { return ["node", "pod"].map { Completion.Candidate($0) } }
            return objectNames(kind, namespace: namespace).map { Completion.Candidate($0) }
        case "apply", "create", "replace", "diff":
            return []
        case "config":
            let takesContext = ["use-context", "delete-context", "rename-context", "set-context"]
            guard path.count == 2, takesContext.contains(path[1]), operands.isEmpty else { return [] }
            return (kubeconfig?.contexts.map(\.name) ?? []).map { Completion.Candidate($0) }
        default:
            return []
        }
    }

    /// The flag whose value `word` still waits for (`-n`, `--output`); nil for booleans and `--x=v`.
    static func valueFlag(_ word: String, in flags: [KubectlFlag]) -> KubectlFlag? {
        guard word.hasPrefix("-"), !word.contains("=") else { return nil }
        let flag =
            word.hasPrefix("--")
            ? flags.first { "--" + $0.name == word }
            : word.count == 2 ? flags.first { $0.short == word.last } : nil
        guard let flag, case .value = flag.kind else { return nil }
        return flag
    }

    /// The operands, without flags and flag values.
    static func positional(_ arguments: [String], flags: [KubectlFlag]) -> [String] {
        var result: [String] = []
        var index = 0
        while index < arguments.count {
            let word = arguments[index]
            index += 1
            if word.hasPrefix("-") && word.count > 1 {
                if valueFlag(word, in: flags) != nil { index += 1 }
                continue
            }
            result.append(word)
        }
        return result
    }

    /// `-n NS`, `--namespace NS`, `--namespace=NS`; nil for all namespaces (`-A`).
    static func kubectlNamespace(_ arguments: [String], default fallback: String = "default") -> String? {
        var namespace = fallback
        for (index, word) in arguments.enumerated() {
            if word == "-A" || word == "--all-namespaces" { return nil }
            if (word == "-n" || word == "--namespace"), index + 1 < arguments.count { namespace = arguments[index + 1] }
            if word.hasPrefix("--namespace=") { namespace = String(word.dropFirst("--namespace=".count)) }
            if word.hasPrefix("-n"), word.count > 2, !word.hasPrefix("--") { namespace = String(word.dropFirst(2)) }
        }
        return namespace
    }

    /// The kubeconfig kubectl would load for these arguments on this host; nil when it fails to load.
    func kubeconfig(_ arguments: [String]) -> Kubeconfig? {
        var explicit: String?
        for (index, word) in arguments.enumerated() {
            if word == "--kubeconfig", index + 1 < arguments.count { explicit = arguments[index + 1] }
            if word.hasPrefix("--kubeconfig=") { explicit = String(word.dropFirst("--kubeconfig=".count)) }
        }
        var shell = state
        if shell.host != host { shell = ShellState(host: host) }
        let context = ToolContext(
            args: ["kubectl"], environment: shell.current.environment, stdin: "", stdoutIsTerminal: false,
            cluster: cluster, state: shell)
        guard case .success(let loaded) = KubeconfigLoader.load(explicit: explicit, context: context) else { return nil }
        return loaded.config
    }

    /// The namespace of the current context, when it sets one.
    static func namespace(of config: Kubeconfig) -> String? {
        guard let namespace = config.context(config.currentContext)?.fields["namespace"], !namespace.isEmpty else {
            return nil
        }
        return namespace
    }

    private func kubectlValues(of flag: KubectlFlag, prefix: String, contexts: [String], _ typed: String)
        -> [Completion.Candidate]
    {
        let values: [Completion.Candidate]
        switch flag.name {
        case "context": values = contexts.map { Completion.Candidate($0) }
        case "namespace": values = namespaces().map { Completion.Candidate($0) }
        case "output": values = KubectlSession.outputFormats.map { Completion.Candidate($0) }
        case "filename", "kubeconfig", "certificate-authority", "client-certificate", "client-key", "cache-dir":
            values = paths(typed)
        default: values = []
        }
        return values.map { Completion.Candidate(prefix + $0.word, display: $0.display, terminator: $0.terminator) }
    }

    /// Every resource type discovery lists, by plural name.
    func resourceKinds() -> [Completion.Candidate] {
        APIObjects.resourceTypes.map { Completion.Candidate($0.plural) }
    }

    /// The namespaces that hold objects, and the four every cluster has.
    func namespaces() -> [String] {
        let objects = APIObjects(cluster: cluster)
        let used = objects.list(named: "namespaces").map(\.name)
        return Array(Set(used + APIObjects.systemNamespaces)).sorted()
    }

    /// Names of the objects of a typed kind (`po`, `nodes`, `lease`) in the namespace (nil: all).
    func objectNames(_ kind: String, namespace: String?) -> [String] {
        guard let type = APIObjects.resourceType(kind) else { return [] }
        var objects = APIObjects(cluster: cluster).list(type)
        if type.namespaced, let namespace { objects = objects.filter { $0.namespace == namespace } }
        return objects.map { $0.name }
    }
}
