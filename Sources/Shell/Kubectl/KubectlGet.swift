import ClusterSim

/// `kubectl get`: resolves the resource type, reaches the server, prints the objects the model has.
extension KubectlSession {
    static let outputFormats = [
        "custom-columns", "custom-columns-file", "go-template", "go-template-file", "json", "jsonpath",
        "jsonpath-as-json", "jsonpath-file", "name", "template", "templatefile", "wide", "yaml",
    ]

    mutating func get(_ context: inout ToolContext) -> Int32 {
        var words = arguments.positional
        guard let first = words.first else {
            context.err(
                """
                You must specify the type of resource to get. Use "kubectl api-resources" for a complete list of supported resources.

                error: Required resource not specified.
                Use "kubectl explain <resource>" for a detailed description of that resource (e.g. kubectl explain pods).
                See 'kubectl get -h' for help and examples

                """)
            return 1
        }
        if arguments.isOn("watch") || arguments.isOn("watch-only") {
            context.err(
                "kubedojo: 'kubectl get --watch' is not simulated: a watch never returns here; run the command again to see changes\n"
            )
            return 1
        }
        words.removeFirst()
        // `kubectl get node/master1`: TYPE/NAME pairs.
        var typed = first
        if let slash = first.firstIndex(of: "/") {
            typed = String(first[..<slash])
            words.insert(String(first[first.index(after: slash)...]), at: 0)
        }
        let connection: (ClientConfig, APIServerSession)
        switch connect(&context, discoveryAttempts: 5) {
        case .failure(let exit): return exit.status
        case .success(let pair): connection = pair
        }
        let (config, session) = connection
        if let status = serverRefuses(session, &context) { return status }
        guard !typed.contains(","), let type = APIObjects.resourceType(typed) else {
            if typed.contains(",") { return notSimulated("kubectl get with several resource types", &context) }
            context.err("error: the server doesn't have a resource type \"\(typed)\"\n")
            return 1
        }
        let output = arguments.last("output") ?? ""
        guard output.isEmpty || Self.outputFormats.contains(where: { output == $0 || output.hasPrefix($0 + "=") }) else {
            context.err(
                "error: unable to match a printer suitable for the output format \"\(output)\", allowed formats are: \(Self.outputFormats.joined(separator: ","))\n"
            )
            return 1
        }
        guard type.simulated else { return notSimulated("kubectl get \(type.plural)", &context) }
        guard output.isEmpty || output == "wide" || output == "name" else {
            return notSimulated("kubectl get -o \(output)", &context)
        }
        for unsupported in ["selector", "sort-by", "field-selector", "label-columns", "show-labels", "show-kind"]
        where arguments.has(unsupported) {
            return notSimulated("kubectl get --\(unsupported)", &context)
        }
        if !context.cluster.etcd.hasQuorum {
            // The API server's read waits for etcd's request timeout (5 s + 2 election timeouts).
            context.cluster.advance(milliseconds: 7_000)
            context.err("Error from server: etcdserver: request timed out\n")
            return 1
        }
        let allNamespaces = arguments.isOn("all-namespaces")
        let namespace = config.namespace
        var objects = APIObjects(cluster: context.cluster).objects(of: type)
        if type.namespaced && !allNamespaces { objects = objects.filter { $0.namespace == namespace } }
        if !words.isEmpty {
            var found: [APIObjects.Object] = []
            var status: Int32 = 0
            for name in words {
                if let object = objects.first(where: { $0.name == name }) {
                    found.append(object)
                } else if !arguments.isOn("ignore-not-found") {
                    context.err("Error from server (NotFound): \(type.qualifiedPlural) \"\(name)\" not found\n")
                    status = 1
                }
            }
            if !found.isEmpty { print(found, type: type, output: output, allNamespaces: false, &context) }
            return status
        }
        guard !objects.isEmpty else {
            if type.namespaced && !allNamespaces {
                context.err("No resources found in \(namespace) namespace.\n")
            } else {
                context.err("No resources found\n")
            }
            return 0
        }
        print(objects, type: type, output: output, allNamespaces: allNamespaces && type.namespaced, &context)
        return 0
    }

    /// A reachable API server that still refuses the request; nil when it serves it.
    func serverRefuses(_ session: APIServerSession, _ context: inout ToolContext) -> Int32? {
        guard !session.authenticated else { return nil }
        let reason = "the server has asked for the client to provide credentials"
        for _ in 0..<5 {
            context.cluster.advance(milliseconds: 2)
            log(
                "E", "memcache.go:265",
                "\"Unhandled Error\" err=\(Klog.quoted("couldn't get current server API group list: " + reason))", &context)
        }
        context.err("error: You must be logged in to the server (\(reason))\n")
        return 1
    }

    private func print(
        _ objects: [APIObjects.Object], type: APIObjects.ResourceType, output: String, allNamespaces: Bool,
        _ context: inout ToolContext
    ) {
        if output == "name" {
            context.out(objects.map { "\(type.qualifiedSingular)/\($0.name)\n" }.joined())
            return
        }
        let wide = output == "wide"
        var rows: [[String]] = []
        if !arguments.isOn("no-headers") {
            rows.append((allNamespaces ? ["NAMESPACE"] : []) + APIObjects.header(of: type, wide: wide))
        }
        for object in objects {
            rows.append(
                (allNamespaces ? [object.namespace ?? ""] : []) + [object.name] + object.cells
                    + (wide ? object.wideCells : []))
        }
        context.out(KubectlTable.render(rows))
    }

    mutating func clusterInfo(_ context: inout ToolContext) -> Int32 {
        let footer = "\nTo further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.\n"
        guard arguments.positional.isEmpty else {
            return notSimulated("kubectl cluster-info \(arguments.positional[0])", &context)
        }
        switch connect(&context, discoveryAttempts: 5) {
        case .failure(let exit):
            context.out(footer)
            return exit.status
        case .success(let (config, session)):
            if let status = serverRefuses(session, &context) { return status }
            context.out("Kubernetes control plane is running at \(config.server)\n" + footer)
            return 0
        }
    }
}
