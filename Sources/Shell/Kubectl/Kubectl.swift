import ClusterSim

/// `kubectl` (client v1.32.4 against the simulated v1.31 cluster): cobra's command and flag
/// handling, kubeconfig loading, the connection to the API server and the simulated commands.
enum Kubectl {
    static func run(_ context: inout ToolContext) -> Int32 {
        let words = Array(context.args.dropFirst())
        let path = commandPath(words)
        guard let command = path.first else {
            switch KubectlFlagParser.parse(words, flags: KubectlCommands.global) {
            case .failure(let error):
                context.err("Error: \(error.message)\nSee 'kubectl --help' for usage.\n")
                return 1
            case .success:
                context.out(KubectlHelp.root)
                return 0
            }
        }
        guard KubectlCommands.names.contains(command) else {
            var message = "Error: unknown command \"\(command)\" for \"kubectl\"\n"
            let suggestions = KubectlCommands.suggestions(for: command)
            if !suggestions.isEmpty {
                message += "\nDid you mean this?\n" + suggestions.map { "\t\($0)\n" }.joined() + "\n"
            }
            context.err(message)
            return 1
        }
        let known = KubectlCommands.flags(for: path)
        let parsed: KubectlArguments
        switch KubectlFlagParser.parse(words, flags: KubectlCommands.global + (known ?? []), lenient: known == nil) {
        case .failure(let error):
            context.err("Error: \(error.message)\nSee 'kubectl \(path.joined(separator: " ")) --help' for usage.\n")
            return 1
        case .success(let arguments): parsed = arguments
        }
        var arguments = parsed
        arguments.positional = Array(parsed.positional.dropFirst(path.count))
        var session = KubectlSession(path: path, arguments: arguments, context: context)
        return session.dispatch(&context)
    }

    /// The command words (`get`, `config view`, `create deployment`), skipping global flags and
    /// their values as cobra does when it looks for the command.
    static func commandPath(_ words: [String]) -> [String] {
        let valueFlags = Set(
            KubectlCommands.global.compactMap { flag -> [String]? in
                guard case .value = flag.kind else { return nil }
                return ["--" + flag.name] + (flag.short.map { ["-" + String($0)] } ?? [])
            }.joined())
        var path: [String] = []
        var index = 0
        while index < words.count {
            let word = words[index]
            index += 1
            if word == "--" { break }
            if word.hasPrefix("-") {
                if valueFlags.contains(word) { index += 1 }
                continue
            }
            if path.isEmpty {
                path.append(word)
                guard KubectlCommands.groups[word] != nil else { break }
            } else {
                // `kubectl create -f FILE`: a word that names no subcommand is an argument.
                if KubectlCommands.groups[path[0]]?.contains(word) == true { path.append(word) }
                break
            }
        }
        return path
    }
}

/// One kubectl run: the parsed command line and the settings derived from it.
struct KubectlSession {
    let path: [String]
    let arguments: KubectlArguments
    /// The process id in klog headers, fixed for the run.
    let pid: Int
    /// `-v` / `--v`.
    let verbosity: Int
    var loaded = LoadedKubeconfig()

    init(path: [String], arguments: KubectlArguments, context: ToolContext) {
        self.path = path
        self.arguments = arguments
        var rng = SeededGenerator(seed: UInt64(max(0, context.cluster.now.milliseconds)), label: "kubectl-pid")
        pid = rng.int(in: 2_000...60_000)
        verbosity = arguments.last("v").flatMap { Int($0) } ?? 0
    }

    var commandName: String { path.joined(separator: " ") }

    mutating func dispatch(_ context: inout ToolContext) -> Int32 {
        if arguments.isOn("help") {
            if path == ["get"] {
                context.out(KubectlHelp.get)
                return 0
            }
            return notSimulated("kubectl \(commandName) --help", &context)
        }
        switch path[0] {
        case "version": return version(&context)
        case "config": return config(&context)
        case "get": return get(&context)
        case "create" where path.count > 1 && path[1] == "deployment": return createDeployment(&context)
        case "run": return runPod(&context)
        case "apply": return createFromFiles(&context, apply: true)
        case "cluster-info": return clusterInfo(&context)
        case "api-resources":
            return apiResources(&context)
        case "explain": return serverCommand(&context, discoveryAttempts: 2)
        case "drain": return drain(&context)
        case "cordon": return cordon(&context, unschedulable: true)
        case "uncordon": return cordon(&context, unschedulable: false)
        case "label": return label(&context)
        case "top": return top(&context)
        case "auth": return authCanI(&context)
        case "describe": return describe(&context)
        case "logs": return logs(&context)
        case "exec": return exec(&context)
        case "delete": return delete(&context)
        case "edit": return edit(&context)
        case "create" where path.count == 1: return createFromFiles(&context, apply: false)
        case "options", "completion", "plugin", "kustomize", "help":
            return notSimulated("kubectl \(path[0])", &context)
        default: return serverCommand(&context, discoveryAttempts: 5)
        }
    }

    func notSimulated(_ what: String, _ context: inout ToolContext) -> Int32 {
        context.err("kubedojo: '\(what)' is not simulated\n")
        return 1
    }

    // MARK: Configuration

    /// Loads the kubeconfig files; on failure prints kubectl's message and returns its exit code.
    mutating func loadKubeconfig(_ context: inout ToolContext) -> Int32? {
        switch KubeconfigLoader.load(explicit: arguments.last("kubeconfig"), context: context) {
        case .success(let result):
            loaded = result
            return nil
        case .failure(let message):
            context.err("error: \(message.text)\n")
            return 1
        }
    }

    /// The client configuration for a command that talks to the server.
    mutating func clientConfig(_ context: inout ToolContext) -> Result<ClientConfig, KubectlExit> {
        if let status = loadKubeconfig(&context) { return .failure(KubectlExit(status)) }
        switch ClientConfig.resolve(loaded, arguments: arguments, context: context) {
        case .success(let config):
            context.kubeContext = config.contextName
            return .success(config)
        case .failure(let message):
            context.err("Error in configuration: \(message.text)\n")
            return .failure(KubectlExit(1))
        }
    }

    /// `--request-timeout` in milliseconds; nil for the default (none, discovery uses 32 s).
    var requestTimeout: (milliseconds: Int64, text: String)? {
        guard let raw = arguments.last("request-timeout"), raw != "0" else { return nil }
        if let seconds = Int64(raw), (1...1_000_000_000).contains(seconds) { return (seconds * 1000, "\(seconds)s") }
        guard let milliseconds = GoDuration.milliseconds(raw), milliseconds > 0 else { return nil }
        return (milliseconds, raw)
    }

    // MARK: Talking to the server

    /// Connects for a command; on failure prints what kubectl prints after `discoveryAttempts`
    /// failed API discoveries and returns the exit code.
    mutating func connect(
        _ context: inout ToolContext, discoveryAttempts: Int
    ) -> Result<(ClientConfig, APIServerSession), KubectlExit> {
        let config: ClientConfig
        switch clientConfig(&context) {
        case .success(let resolved): config = resolved
        case .failure(let exit): return .failure(exit)
        }
        let url = APIServerURL.parse(config.server)
        let tls = APIConnection.ClientTLS(
            caPEM: config.caPEM, insecure: config.insecure, clientCertificatePEM: config.clientCertificatePEM)
        switch APIConnection.open(server: url, tls: tls, context: &context) {
        case .success(let session):
            context.cluster.advance(milliseconds: 5)
            return .success((config, session))
        case .failure(let failure):
            return .failure(KubectlExit(report(failure, url: url, attempts: discoveryAttempts, &context)))
        }
    }

    /// A command kubedojo does not simulate beyond reaching the server.
    mutating func serverCommand(
        _ context: inout ToolContext, discoveryAttempts: Int, onFailure: (inout ToolContext) -> Void = { _ in }
    ) -> Int32 {
        switch connect(&context, discoveryAttempts: discoveryAttempts) {
        case .failure(let exit):
            onFailure(&context)
            return exit.status
        case .success: return notSimulated("kubectl \(path[0])", &context)
        }
    }

    /// Prints failed discoveries and the final message, advancing virtual time as the client waits.
    mutating func report(_ failure: APIFailure, url: APIServerURL, attempts: Int, _ context: inout ToolContext) -> Int32 {
        let timeout = requestTimeout
        let api = "\(url.base)/api?timeout=\(timeout?.text ?? "32s")"
        let cutShort = timeout.map { $0.milliseconds < failure.attemptMilliseconds } ?? false
        let canceled = "net/http: request canceled while waiting for connection (Client.Timeout exceeded while awaiting headers)"
        func cause(_ attempt: Int) -> String {
            guard cutShort else { return failure.cause }
            return attempt % 2 == 0 ? canceled : "context deadline exceeded"
        }
        func duration(_ attempt: Int) -> Int64 {
            if let timeout, cutShort { return attempt == 0 ? 2 * timeout.milliseconds : timeout.milliseconds }
            switch failure {
            case .closed, .handshakeTimeout:
                return attempt == 0 ? failure.attemptMilliseconds * 3 / 2 : failure.attemptMilliseconds
            default: return failure.attemptMilliseconds
            }
        }
        if verbosity >= 6, let file = loaded.files.first {
            log("I", "loader.go:402", "Config loaded from file:  \(file)", &context)
        }
        for attempt in 0..<max(attempts, 1) {
            let wait = duration(attempt)
            context.cluster.advance(milliseconds: wait)
            guard attempt < attempts else { break }
            let reason = "Get \"\(api)\": \(cause(attempt))"
            if verbosity >= 6 {
                log("I", "round_trippers.go:560", "GET \(api)  in \(cutShort ? wait : 0) milliseconds", &context)
            }
            log(
                "E", "memcache.go:265",
                "\"Unhandled Error\" err=\(Klog.quoted("couldn't get current server API group list: " + reason))", &context)
            if verbosity >= 6 {
                log("I", "cached_discovery.go:120", "skipped caching discovery info due to \(reason)", &context)
                if attempt == 1 { log("I", "shortcut.go:103", "Error loading discovery information: \(reason)", &context) }
            }
        }
        let last = cause(max(attempts, 1) - 1)
        if verbosity >= 6 {
            log("I", "helpers.go:264", "Connection error: Get \(api): \(last)", &context)
        }
        if case .refused = failure, !cutShort {
            context.err("The connection to the server \(url.authority) was refused - did you specify the right host or port?\n")
        } else {
            context.err("Unable to connect to the server: \(cutShort ? canceled : last)\n")
        }
        return 1
    }

    func log(_ severity: Character, _ source: String, _ message: String, _ context: inout ToolContext) {
        context.err(Klog.line(severity, at: context.cluster.now, pid: pid, source: source, message))
    }
}

/// A message kubectl prints, carried through a `Result`.
struct KubectlMessage: Error, Equatable {
    var text: String
    init(_ text: String) { self.text = text }
}

/// The exit status of a command that already printed why it failed.
struct KubectlExit: Error, Equatable {
    var status: Int32
    init(_ status: Int32) { self.status = status }
}
