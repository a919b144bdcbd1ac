import ClusterSim

/// `kubectl get`: resolves the resource types, reaches the server, selects the objects the model
/// has and prints them as a table, names, JSON, YAML, JSONPath or custom columns.
extension KubectlSession {
    static let outputFormats = [
        "custom-columns", "custom-columns-file", "go-template", "go-template-file", "json", "jsonpath",
        "jsonpath-as-json", "jsonpath-file", "name", "template", "templatefile", "wide", "yaml",
    ]

    /// The kinds `kubectl get all` lists that the model holds.
    static let allTypes = ["pods", "services", "daemonsets", "deployments", "replicasets"]

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
        // `kubectl get node/master1 pod/x`: TYPE/NAME pairs; otherwise TYPE[,TYPE] NAME...
        var requests: [(typed: String, names: [String])] = []
        if first.contains("/") {
            for word in [first] + words {
                guard let slash = word.firstIndex(of: "/") else {
                    context.err(
                        "error: there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of 'kubectl get resource resource/<resource_name>'\n"
                    )
                    return 1
                }
                requests.append((String(word[..<slash]), [String(word[word.index(after: slash)...])]))
            }
        } else {
            if let typed = words.first(where: { $0.contains("/") }) {
                _ = typed
                context.err(
                    "error: there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of 'kubectl get resource resource/<resource_name>'\n"
                )
                return 1
            }
            for typed in first.split(separator: ",", omittingEmptySubsequences: false) {
                requests.append((String(typed), words))
            }
        }
        let connection: (ClientConfig, APIServerSession)
        switch connect(&context, discoveryAttempts: 5) {
        case .failure(let exit): return exit.status
        case .success(let pair): connection = pair
        }
        let (config, session) = connection
        if let status = serverRefuses(session, &context) { return status }
        var resolved: [(type: APIObjects.ResourceType, names: [String])] = []
        for request in requests {
            guard let type = APIObjects.resourceType(request.typed) else {
                context.err("error: the server doesn't have a resource type \"\(request.typed)\"\n")
                return 1
            }
            if type.plural == "all" {
                resolved += Self.allTypes.compactMap { APIObjects.resourceType($0) }.map { ($0, request.names) }
            } else {
                resolved.append((type, request.names))
            }
        }
        let output = arguments.last("output") ?? ""
        guard output.isEmpty || Self.outputFormats.contains(where: { output == $0 || output.hasPrefix($0 + "=") }) else {
            context.err(
                "error: unable to match a printer suitable for the output format \"\(output)\", allowed formats are: \(Self.outputFormats.joined(separator: ","))\n"
            )
            return 1
        }
        let printer: GetPrinter
        switch GetPrinter.make(output: output, session: self, context: context) {
        case .failure(let message):
            context.err("error: \(message.text)\n")
            return 1
        case .success(let made): printer = made
        }
        if let unsimulated = resolved.first(where: { !$0.type.simulated }) {
            return notSimulated("kubectl get \(unsimulated.type.plural)", &context)
        }
        for unsupported in ["label-columns", "show-kind", "raw", "subresource"] where arguments.has(unsupported) {
            return notSimulated("kubectl get --\(unsupported)", &context)
        }
        var selector: LabelSelector?
        if let raw = arguments.last("selector") {
            switch LabelSelector.parse(raw) {
            case .failure(let message):
                context.err("error: unable to parse requirement: \(message.text)\n")
                return 1
            case .success(let parsed): selector = parsed
            }
        }
        var fieldSelector: [(path: String, value: String, equal: Bool)] = []
        if let raw = arguments.last("field-selector") {
            for part in raw.split(separator: ",") {
                let text = String(part)
                if let range = text.range(of: "!=") {
                    fieldSelector.append((String(text[..<range.lowerBound]), String(text[range.upperBound...]), false))
                } else if let range = text.range(of: "==") ?? text.range(of: "=") {
                    fieldSelector.append((String(text[..<range.lowerBound]), String(text[range.upperBound...]), true))
                } else {
                    context.err("error: invalid selector: '\(raw)'; can't understand '\(text)'\n")
                    return 1
                }
            }
        }
        if !context.cluster.etcd.hasQuorum {
            // The API server's read waits for etcd's request timeout (5 s + 2 election timeouts).
            context.cluster.advance(milliseconds: 7_000)
            context.err("Error from server: etcdserver: request timed out\n")
            return 1
        }
        let allNamespaces = arguments.isOn("all-namespaces")
        let namespace = config.namespace
        let api = APIObjects(cluster: context.cluster)
        var status: Int32 = 0
        var groups: [(type: APIObjects.ResourceType, objects: [ServerObject])] = []
        var singleObject = false
        for (type, names) in resolved {
            var objects = api.list(type)
            if type.namespaced && !allNamespaces { objects = objects.filter { $0.namespace == namespace } }
            if let selector { objects = objects.filter { selector.matches($0.labels) } }
            for field in fieldSelector {
                objects = objects.filter { object in
                    let value = object.body.at(field.path)?.text ?? ""
                    return (value == field.value) == field.equal
                }
            }
            if !names.isEmpty {
                var found: [ServerObject] = []
                for name in names {
                    if let object = objects.first(where: { $0.name == name }) {
                        found.append(object)
                    } else if !arguments.isOn("ignore-not-found") {
                        context.err("Error from server (NotFound): \(type.qualifiedPlural) \"\(name)\" not found\n")
                        status = 1
                    }
                }
                objects = found
                singleObject = resolved.count == 1 && names.count == 1
            }
            if let sortBy = arguments.last("sort-by") {
                switch Self.sorted(objects, by: sortBy) {
                case .failure(let message):
                    context.err("error: \(message.text)\n")
                    return 1
                case .success(let sorted): objects = sorted
                }
            }
            groups.append((type, objects))
        }
        let total = groups.reduce(0) { $0 + $1.objects.count }
        if total == 0, printer.isTable || printer.isName {
            if resolved.allSatisfy({ !$0.names.isEmpty }) { return status }
            let namespaced = resolved.contains { $0.type.namespaced }
            if namespaced && !allNamespaces {
                context.err("No resources found in \(namespace) namespace.\n")
            } else {
                context.err("No resources found\n")
            }
            return status
        }
        if total == 0, !resolved.allSatisfy({ $0.names.isEmpty }), status != 0 { return status }
        let showKind = resolved.count > 1 || requests.contains { APIObjects.resourceType($0.typed)?.plural == "all" }
        printer.print(
            groups, single: singleObject && total == 1, allNamespaces: allNamespaces, showKind: showKind,
            now: context.cluster.now,
            &context)
        return status
    }

    /// `--sort-by`: a JSONPath (braces optional) whose value orders the objects.
    static func sorted(_ objects: [ServerObject], by expression: String) -> Result<[ServerObject], KubectlMessage> {
        var template = expression
        if !template.hasPrefix("{") {
            template = "{" + (template.hasPrefix(".") ? "" : ".") + template + "}"
        }
        let path: JSONPath
        switch JSONPath.parse(template) {
        case .failure(let message): return .failure(message)
        case .success(let parsed): path = parsed
        }
        let keyed = objects.map { object in (object, path.execute(object.body), object.body) }
        return .success(
            keyed.enumerated().sorted { lhs, rhs in
                let (left, right) = (lhs.element.1, rhs.element.1)
                if let a = Int(left), let b = Int(right), a != b { return a < b }
                if left != right { return left < right }
                return lhs.offset < rhs.offset
            }.map(\.element.0))
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
            var text = "Kubernetes control plane is running at \(config.server)\n"
            if context.cluster.etcd.hasQuorum, context.cluster.kubeadm.configuration != nil {
                text +=
                    "CoreDNS is running at \(config.server)/api/v1/namespaces/kube-system/services/kube-dns:dns/proxy\n"
            }
            context.out(text + footer)
            return 0
        }
    }
}

/// How `kubectl get` prints what it found, chosen from `-o`.
struct GetPrinter {
    enum Format {
        case table(wide: Bool)
        case name
        case json
        case yaml
        case jsonPath(JSONPath)
        case customColumns([(header: String, path: JSONPath)])
    }

    var format: Format
    var noHeaders: Bool
    var showLabels: Bool

    var isTable: Bool {
        switch format {
        case .table, .customColumns: true
        default: false
        }
    }
    var isName: Bool {
        if case .name = format { return true }
        return false
    }

    static func make(output: String, session: KubectlSession, context: ToolContext) -> Result<GetPrinter, KubectlMessage> {
        let arguments = session.arguments
        func printer(_ format: Format) -> GetPrinter {
            GetPrinter(format: format, noHeaders: arguments.isOn("no-headers"), showLabels: arguments.isOn("show-labels"))
        }
        let (name, argument): (String, String?) = {
            guard let equals = output.firstIndex(of: "=") else { return (output, nil) }
            return (String(output[..<equals]), String(output[output.index(after: equals)...]))
        }()
        func readFile(_ path: String) -> String? {
            context.node?.files.read(context.path(path)).success
        }
        switch name {
        case "": return .success(printer(.table(wide: false)))
        case "wide": return .success(printer(.table(wide: true)))
        case "name": return .success(printer(.name))
        case "json": return .success(printer(.json))
        case "yaml": return .success(printer(.yaml))
        case "jsonpath", "jsonpath-file":
            guard var template = argument ?? arguments.last("template"), !template.isEmpty else {
                return .failure(
                    KubectlMessage(
                        name == "jsonpath"
                            ? "template format specified but no template given"
                            : "template format specified but no template file given"))
            }
            if name == "jsonpath-file" {
                guard let text = readFile(template) else {
                    return .failure(
                        KubectlMessage("error reading --template \(template), open \(template): no such file or directory"))
                }
                template = text
            }
            switch JSONPath.parse(template) {
            case .failure(let message): return .failure(KubectlMessage("error parsing jsonpath \(template), \(message.text)"))
            case .success(let path): return .success(printer(.jsonPath(path)))
            }
        case "custom-columns", "custom-columns-file":
            guard var spec = argument, !spec.isEmpty else {
                return .failure(KubectlMessage("custom-columns format specified but no custom columns given"))
            }
            if name == "custom-columns-file" {
                guard let text = readFile(spec) else {
                    return .failure(KubectlMessage("error reading template \(spec), open \(spec): no such file or directory"))
                }
                let lines = text.split(separator: "\n")
                guard lines.count >= 2 else {
                    return .failure(KubectlMessage("invalid template file: expected a header line and a spec line"))
                }
                let headers = lines[0].split(separator: " ")
                let paths = lines[1].split(separator: " ")
                spec = zip(headers, paths).map { "\($0):\($1)" }.joined(separator: ",")
            }
            var columns: [(header: String, path: JSONPath)] = []
            for column in spec.split(separator: ",") {
                let parts = column.split(separator: ":", maxSplits: 1)
                guard parts.count == 2 else {
                    return .failure(
                        KubectlMessage("unexpected custom-columns spec: \(column), expected <header>:<json-path-expr>"))
                }
                var expression = String(parts[1])
                if !expression.hasPrefix("{") {
                    expression = "{" + (expression.hasPrefix(".") ? "" : ".") + expression + "}"
                }
                switch JSONPath.parse(expression) {
                case .failure(let message): return .failure(KubectlMessage(message.text))
                case .success(let path): columns.append((String(parts[0]), path))
                }
            }
            return .success(printer(.customColumns(columns)))
        default:
            return .failure(KubectlMessage("kubedojo: -o \(name) is not simulated"))
        }
    }

    func print(
        _ groups: [(type: APIObjects.ResourceType, objects: [ServerObject])], single: Bool, allNamespaces: Bool,
        showKind: Bool, now: SimTime, _ context: inout ToolContext
    ) {
        let objects = groups.flatMap(\.objects)
        let document: ObjectValue =
            single && objects.count == 1
            ? objects[0].body
            : .object([
                ("apiVersion", .string("v1")), ("items", .array(objects.map(\.body))), ("kind", .string("List")),
                ("metadata", .object([("resourceVersion", .string(""))])),
            ])
        switch format {
        case .name:
            context.out(objects.map { "\($0.type.qualifiedSingular)/\($0.name)\n" }.joined())
        case .json: context.out(document.json() + "\n")
        case .yaml: context.out(document.yaml())
        case .jsonPath(let path): context.out(path.execute(document))
        case .customColumns(let columns):
            var rows: [[String]] = noHeaders ? [] : [columns.map(\.header)]
            for object in objects {
                rows.append(
                    columns.map { column in
                        let values = JSONPath.evaluate(Self.pathOf(column.path), root: object.body, current: object.body)
                        return values.isEmpty ? "<none>" : values.map(\.text).joined(separator: ",")
                    })
            }
            context.out(KubectlTable.render(rows))
        case .table(let wide):
            let printers = TablePrinters(now: now)
            var blocks: [String] = []
            for group in groups where !group.objects.isEmpty {
                let namespaceColumn = allNamespaces && group.type.namespaced
                var rows: [[String]] = []
                if !noHeaders {
                    rows.append(
                        (namespaceColumn ? ["NAMESPACE"] : []) + printers.header(group.type, wide: wide)
                            + (showLabels ? ["LABELS"] : []))
                }
                for object in group.objects {
                    var cells = printers.row(object, wide: wide)
                    if showKind, group.type.plural != "events", !cells.isEmpty {
                        cells[0] = "\(group.type.qualifiedSingular)/\(cells[0])"
                    }
                    let labels = object.labels.sorted { $0.0 < $1.0 }.map { "\($0.0)=\($0.1)" }.joined(separator: ",")
                    rows.append(
                        (namespaceColumn ? [object.namespace ?? ""] : []) + cells
                            + (showLabels ? [labels.isEmpty ? "<none>" : labels] : []))
                }
                blocks.append(KubectlTable.render(rows))
            }
            context.out(blocks.joined(separator: "\n"))
        }
    }

    /// The path of a one-action JSONPath (custom columns).
    static func pathOf(_ path: JSONPath) -> [JSONPath.Segment] {
        for part in path.parts {
            if case .path(let segments) = part { return segments }
        }
        return []
    }
}
