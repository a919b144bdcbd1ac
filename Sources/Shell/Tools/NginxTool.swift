import ClusterSim

/// `nginx -t [-q] [-c FILE]` (tests a configuration) and `nginx -v`, as Debian 12's nginx 1.22.
enum NginxTool {
    static func run(_ context: inout ToolContext) -> Int32 {
        var test = false, quiet = false
        var file: String?
        var args = context.args.dropFirst()[...]
        while let arg = args.popFirst() {
            switch arg {
            case "-t": test = true
            case "-q": quiet = true
            case "-tq", "-qt":
                test = true
                quiet = true
            case "-c":
                guard let value = args.popFirst() else {
                    context.err("nginx: option \"-c\" requires file name\n")
                    return 1
                }
                file = value
            case "-v":
                context.err("nginx version: nginx/1.22.1\n")
                return 0
            default:
                if arg.hasPrefix("-c"), arg.count > 2 {
                    file = String(arg.dropFirst(2))
                } else {
                    return context.notSimulated("nginx \(arg)")
                }
            }
        }
        guard test else { return context.notSimulated("nginx without -t") }
        guard let node = context.node else { return 1 }
        let shown = file ?? "/etc/nginx/nginx.conf"
        let hosts = Set(["localhost"] + context.cluster.nodes.map(\.name))
        let result = NginxCheck.run(path: context.path(shown), display: shown, files: node.files) { hosts.contains($0) }
        let now = context.cluster.now.civil
        let pid = HAProxyTool.processID(context.cluster.now)
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        let stamp = "\(now.year)/\(two(now.month))/\(two(now.day)) \(two(now.hour)):\(two(now.minute)):\(two(now.second))"
        let emerg = { (failure: NginxCheck.Failure) in "\(stamp) [emerg] \(pid)#\(pid): \(failure.text)\n" }
        if let failure = result.syntaxFailure {
            context.err(emerg(failure) + "nginx: configuration file \(shown) test failed\n")
            return 1
        }
        if !quiet { context.err("nginx: the configuration file \(shown) syntax is ok\n") }
        if let failure = result.postFailure {
            context.err(emerg(failure) + "nginx: configuration file \(shown) test failed\n")
            return 1
        }
        if !quiet { context.err("nginx: configuration file \(shown) test is successful\n") }
        return 0
    }
}
