import ClusterSim

/// `haproxy -c [-q] -f FILE...` (checks a configuration) and `haproxy -v`, as Debian 12's HAProxy 2.6.
enum HAProxyTool {
    static let version = "2.6.12-1+deb12u4"

    static func run(_ context: inout ToolContext) -> Int32 {
        var check = false, quiet = false
        var files: [String] = []
        var args = context.args.dropFirst()[...]
        while let arg = args.popFirst() {
            switch arg {
            case "-c": check = true
            case "-q": quiet = true
            case "-f":
                guard let file = args.popFirst() else { return context.notSimulated("haproxy -f without a file") }
                files.append(file)
            case "-v":
                context.out(
                    "HAProxy version \(version) 2026/10/17 - https://haproxy.org/\n"
                        + "Status: long-term supported branch - will stop receiving fixes around Q2 2027.\n"
                        + "Known bugs: http://www.haproxy.org/bugs/bugs-2.6.12.html\n"
                        + "Running on: Linux 6.18.44-fc-v669 #1 SMP PREEMPT_DYNAMIC @0 x86_64\n")
                return 0
            default:
                if arg.hasPrefix("-f"), arg.count > 2 {
                    files.append(String(arg.dropFirst(2)))
                } else {
                    return context.notSimulated("haproxy \(arg)")
                }
            }
        }
        guard check, !files.isEmpty else {
            return context.notSimulated(check ? "haproxy -c without -f" : "haproxy without -c")
        }
        let pid = processID(context.cluster.now)
        var log = Log(pid: pid, quiet: quiet)

        var texts: [(path: String, text: String)] = []
        guard let node = context.node else { return 1 }
        for file in files {
            let path = context.path(file)
            if node.files.isDirectory(path), case .success(let names) = node.files.list(path) {
                for name in names where name.hasSuffix(".cfg") {
                    if case .success(let text) = node.files.read(path + "/" + name) {
                        texts.append((file.hasSuffix("/") ? file + name : file + "/" + name, text))
                    }
                }
                continue
            }
            guard case .success(let text) = node.files.read(path) else {
                log.add(
                    HAProxyMessage(
                        .alert, "Cannot open configuration file/directory \(file) : No such file or directory"))
                return log.flush(&context, status: 1)
            }
            texts.append((file, text))
        }
        let hosts = knownHosts(context)
        let result = HAProxyCheck.run(files: texts) { hosts.contains($0) }
        for message in result.messages { log.add(message) }
        switch result.outcome {
        case .invalid:
            return log.flush(&context, status: 1)
        case .valid, .noListener:
            if !quiet {
                if result.hasWarnings { context.out("Warnings were found.\n") }
                context.out(
                    result.outcome == .valid
                        ? "Configuration file is valid\n"
                        : "Configuration file has no error but will not start (no listener) => exit(2).\n")
            }
            return log.flush(&context, status: result.outcome == .valid ? 0 : 2)
        }
    }

    /// Names the load balancer resolves: `localhost` and every node of the cluster (as /etc/hosts would).
    private static func knownHosts(_ context: ToolContext) -> Set<String> {
        var names: Set<String> = ["localhost"]
        for node in context.cluster.nodes { names.insert(node.name) }
        if case .success(let hosts) = context.read("/etc/hosts") {
            for line in hosts.split(separator: "\n") {
                let words = line.prefix { $0 != "#" }.split(whereSeparator: { $0 == " " || $0 == "\t" })
                for name in words.dropFirst() { names.insert(String(name)) }
            }
        }
        return names
    }

    /// A process ID for the messages, derived from the virtual clock so that runs are reproducible.
    static func processID(_ now: SimTime) -> Int {
        Int(2000 + (now.milliseconds / 10).quotientAndRemainder(dividingBy: 30000).remainder)
    }

    /// HAProxy's startup log: the two notices come before the first message printed.
    private struct Log {
        var pid: Int
        var quiet: Bool
        var lines: [String] = []

        mutating func add(_ message: HAProxyMessage) {
            if quiet && message.level != .alert { return }
            if lines.isEmpty && !quiet {
                lines.append(line(.notice, "haproxy version is \(HAProxyTool.version)"))
                lines.append(line(.notice, "path to executable is /usr/sbin/haproxy"))
            }
            lines.append(line(message.level, "config : " + message.text))
        }

        private func line(_ level: HAProxyMessage.Level, _ text: String) -> String {
            var label = "[\(level.rawValue)]"
            while label.count < 11 { label += " " }
            return "\(label)(\(pid)) : \(text)\n"
        }

        func flush(_ context: inout ToolContext, status: Int32) -> Int32 {
            context.err(lines.joined())
            return status
        }
    }
}
