import ClusterSim

/// `kubectl create deployment` and `kubectl run`: objects built on the client; only
/// `--dry-run=client` output is simulated, anything sent to the server is not.
extension KubectlSession {
    enum DryRun { case none, client, server }

    /// `--dry-run`: bare means `client` with a deprecation warning; a bad value is an error.
    func dryRun(_ context: inout ToolContext) -> Result<DryRun, KubectlExit> {
        guard let value = arguments.last("dry-run") else { return .success(.none) }
        switch value {
        case "none", "false": return .success(.none)
        case "client": return .success(.client)
        case "server": return .success(.server)
        case "unchanged", "true":
            log("W", "helpers.go:702", "--dry-run is deprecated and can be replaced with --dry-run=client.", &context)
            return .success(.client)
        default:
            context.err("error: Invalid dry-run value (\(value)). Must be \"none\", \"server\", or \"client\".\n")
            return .failure(KubectlExit(1))
        }
    }

    /// kubectl's runner logs a missing required flag instead of printing cobra's error.
    func requireImage(_ context: inout ToolContext) -> [String]? {
        guard let images = arguments.values["image"], !images.isEmpty else {
            log("E", "run.go:72", "\"command failed\" err=\(Klog.quoted("required flag(s) \"image\" not set"))", &context)
            return nil
        }
        return images
    }

    mutating func createDeployment(_ context: inout ToolContext) -> Int32 {
        guard let images = requireImage(&context) else { return 1 }
        let names = arguments.positional
        guard names.count == 1, let name = names.first else {
            context.err(
                "error: exactly one NAME is required, got \(names.count)\nSee 'kubectl create deployment -h' for help and examples\n"
            )
            return 1
        }
        let mode: DryRun
        switch dryRun(&context) {
        case .failure(let exit): return exit.status
        case .success(let value): mode = value
        }
        let output = arguments.last("output") ?? ""
        guard ["", "yaml", "json", "name"].contains(output) else {
            return notSimulated("kubectl create -o \(output)", &context)
        }
        guard let replicas = Int(arguments.last("replicas") ?? "1"), replicas >= 0 else {
            context.err(
                "Error: invalid argument \"\(arguments.last("replicas") ?? "")\" for \"-r, --replicas\" flag: strconv.ParseInt: parsing \"\(arguments.last("replicas") ?? "")\": invalid syntax\nSee 'kubectl create deployment --help' for usage.\n"
            )
            return 1
        }
        let port = arguments.last("port").flatMap { Int($0) }
        guard mode == .client else {
            return sendToServer(
                kind: "deployment", path: "/apis/apps/v1/namespaces/\(namespaceHint(context))/deployments", &context)
        }
        let deployment = ClientObjects.deployment(name: name, images: images, replicas: replicas, port: port)
        switch output {
        case "yaml": context.out(deployment.yaml())
        case "json": context.out(deployment.json() + "\n")
        case "name": context.out("deployment.apps/\(name)\n")
        default: context.out("deployment.apps/\(name) created (dry run)\n")
        }
        return 0
    }

    /// `kubectl run` asks the server for discovery even with `--dry-run=client`.
    mutating func runPod(_ context: inout ToolContext) -> Int32 {
        guard let images = requireImage(&context) else { return 1 }
        guard let name = arguments.positional.first else {
            context.err("error: NAME is required for run\nSee 'kubectl run -h' for help and examples\n")
            return 1
        }
        let mode: DryRun
        switch dryRun(&context) {
        case .failure(let exit): return exit.status
        case .success(let value): mode = value
        }
        let output = arguments.last("output") ?? ""
        switch connect(&context, discoveryAttempts: 1) {
        case .failure(let exit): return exit.status
        case .success(let (_, session)):
            if let status = serverRefuses(session, &context) { return status }
        }
        guard mode == .client else { return notSimulated("kubectl run without --dry-run=client", &context) }
        let pod = ClientObjects.pod(name: name, image: images[images.count - 1], port: arguments.last("port").flatMap { Int($0) })
        switch output {
        case "yaml": context.out(pod.yaml())
        case "json": context.out(pod.json() + "\n")
        case "name": context.out("pod/\(name)\n")
        case "": context.out("pod/\(name) created (dry run)\n")
        default: return notSimulated("kubectl run -o \(output)", &context)
        }
        return 0
    }

    /// The namespace a create would go to, for the request URL in error messages.
    private func namespaceHint(_ context: ToolContext) -> String {
        if let namespace = arguments.last("namespace") { return namespace }
        let config = KubeconfigLoader.load(explicit: arguments.last("kubeconfig"), context: context).success?.config
        let name = arguments.last("context") ?? config?.currentContext ?? ""
        return config?.context(name)?.fields["namespace"] ?? "default"
    }

    /// A create that must reach the server: the POST fails as the connection does.
    private mutating func sendToServer(kind: String, path: String, _ context: inout ToolContext) -> Int32 {
        let config: ClientConfig
        switch clientConfig(&context) {
        case .success(let resolved): config = resolved
        case .failure(let exit): return exit.status
        }
        let url = APIServerURL.parse(config.server)
        let tls = APIConnection.ClientTLS(
            caPEM: config.caPEM, insecure: config.insecure, clientCertificatePEM: config.clientCertificatePEM)
        switch APIConnection.open(server: url, tls: tls, context: &context) {
        case .failure(let failure):
            context.cluster.advance(milliseconds: failure.attemptMilliseconds)
            context.err(
                "error: failed to create \(kind): Post \"\(url.base)\(path)?fieldManager=kubectl-create&fieldValidation=Strict\": \(failure.cause)\n"
            )
            return 1
        case .success:
            return notSimulated("kubectl create \(kind) without --dry-run=client", &context)
        }
    }
}
