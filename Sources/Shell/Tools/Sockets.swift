import ClusterSim

/// `ss -tlnp`: the TCP sockets a node listens on, derived from what runs there (static pods, units).
enum Sockets {
    struct Listener: Hashable {
        var address: String
        var port: Int
        var process: String
        var pid: Int
        var fd: Int
    }

    static func ss(_ context: inout ToolContext) -> Int32 {
        let flags = context.args.dropFirst().filter { $0.hasPrefix("-") }.joined()
        guard flags.contains("l") else {
            // Established connections are not modelled: only the header, as on a quiet host.
            context.out("State Recv-Q Send-Q Local Address:Port Peer Address:PortProcess\n")
            return 0
        }
        guard let node = context.node else { return 1 }
        let rows = listeners(on: node, at: context.cluster.now)
        let showProcess = flags.contains("p")
        let numeric = flags.contains("n")
        let localWidth = max(13, rows.map { name($0.address, numeric).count }.max() ?? 0) + 5
        let peerWidth = 13
        let portWidth = max(4, rows.map { String($0.port).count }.max() ?? 0)
        func cell(_ address: String, _ port: String, width: Int) -> String {
            let text = address
            return String(repeating: " ", count: max(0, width - text.count)) + text + ":" + port
        }
        var lines = [
            "State  Recv-Q Send-Q " + cell("Local Address", "Port", width: localWidth) + "  "
                + String(repeating: " ", count: portWidth - 4) + cell("Peer Address", "Port", width: peerWidth) + "Process"
        ]
        for row in rows {
            let port = numeric ? String(row.port) : service(row.port)
            let local = cell(
                name(row.address, numeric), port.padding(toLength: max(portWidth, port.count), withPad: " ", startingAt: 0),
                width: localWidth)
            let peerAddress = row.address.hasPrefix("[") ? "[::]" : row.address == "*" ? "*" : "0.0.0.0"
            let peer = cell(peerAddress, "*", width: peerWidth)
            let process = showProcess ? "    users:((\"\(row.process)\",pid=\(row.pid),fd=\(row.fd)))" : ""
            lines.append("LISTEN 0      4096   " + local + " " + peer + process)
        }
        context.out(lines.joined(separator: "\n") + "\n")
        return 0
    }

    private static func name(_ address: String, _ numeric: Bool) -> String {
        numeric || address != "127.0.0.1" ? address : "localhost"
    }

    private static func service(_ port: Int) -> String {
        [22: "ssh", 2379: "2379", 2380: "2380"][port] ?? String(port)
    }

    /// What listens on a node, sorted by address then port as `ss` lists a quiet host.
    static func listeners(on node: Node, at now: SimTime) -> [Listener] {
        var rows: [Listener] = [
            Listener(address: "0.0.0.0", port: 22, process: "sshd", pid: 812, fd: 3),
            Listener(address: "[::]", port: 22, process: "sshd", pid: 812, fd: 4),
        ]
        for (path, running) in node.staticPods.sorted(by: { $0.key < $1.key }) {
            let process = running.pod.command.first.map { String($0.split(separator: "/").last ?? "") } ?? running.pod.name
            let pid = stablePID(path, running.startedAt)
            var fd = 7
            func add(_ address: String, _ port: Int) {
                rows.append(Listener(address: address, port: port, process: process, pid: pid, fd: fd))
                fd += 1
            }
            switch process {
            case "kube-apiserver": add("*", Int(running.pod.flag("secure-port") ?? "") ?? 6443)
            case "kube-controller-manager": add(running.pod.flag("bind-address") ?? "*", 10257)
            case "kube-scheduler": add(running.pod.flag("bind-address") ?? "*", 10259)
            case "etcd":
                let urls = [
                    running.pod.flag("listen-client-urls"), running.pod.flag("listen-peer-urls"),
                    running.pod.flag("listen-metrics-urls"),
                ]
                for list in urls.compactMap({ $0 }) {
                    for url in list.split(separator: ",") { if let (host, port) = hostPort(String(url)) { add(host, port) } }
                }
            case "haproxy": rows += haproxy(node, pid: pid)
            default: break
            }
        }
        if node.units["kubelet"] == .active {
            let pid = node.unitRecords["kubelet"]?.pid(at: now) ?? 700
            rows.append(Listener(address: "127.0.0.1", port: 10248, process: "kubelet", pid: pid, fd: 19))
            rows.append(Listener(address: "*", port: 10250, process: "kubelet", pid: pid, fd: 22))
        }
        if node.units["etcd"] == .active {
            let pid = node.unitRecords["etcd"]?.pid(at: now) ?? 900
            for (fd, (host, port)) in [(node.ip, 2379), ("127.0.0.1", 2379), (node.ip, 2380)].enumerated() {
                rows.append(Listener(address: host, port: port, process: "etcd", pid: pid, fd: fd + 7))
            }
        }
        if node.units["haproxy"] == .active {
            rows += haproxy(node, pid: node.unitRecords["haproxy"]?.pid(at: now) ?? 1200)
        }
        if node.units["nginx"] == .active {
            let pid = node.unitRecords["nginx"]?.pid(at: now) ?? 1300
            for port in listenPorts(node.files, "/etc/nginx/nginx.conf", keyword: "listen") {
                rows.append(Listener(address: port.address, port: port.port, process: "nginx", pid: pid, fd: 6))
            }
        }
        var seen = Set<String>()
        return rows.filter { seen.insert("\($0.address):\($0.port)").inserted }.sorted {
            ($0.port, $0.address) < ($1.port, $1.address)
        }
    }

    private static func haproxy(_ node: Node, pid: Int) -> [Listener] {
        listenPorts(node.files, "/etc/haproxy/haproxy.cfg", keyword: "bind").map {
            Listener(address: $0.address, port: $0.port, process: "haproxy", pid: pid, fd: 7)
        }
    }

    /// `bind *:6443` / `listen 6443;` lines of a load balancer's configuration.
    private static func listenPorts(_ files: FileSystem, _ path: String, keyword: String) -> [(address: String, port: Int)] {
        guard case .success(let text) = files.read(path) else { return [] }
        var result: [(String, Int)] = []
        for line in text.split(separator: "\n") {
            let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == ";" })
            guard words.first.map(String.init) == keyword, words.count > 1 else { continue }
            let spec = String(words[1])
            if let port = Int(spec) {
                result.append(("0.0.0.0", port))
            } else if let colon = spec.lastIndex(of: ":"), let port = Int(spec[spec.index(after: colon)...]) {
                let host = String(spec[..<colon])
                result.append((host == "*" || host.isEmpty ? "0.0.0.0" : host, port))
            }
        }
        return result
    }

    /// `https://10.0.1.10:2379` → (`10.0.1.10`, 2379).
    private static func hostPort(_ url: String) -> (String, Int)? {
        let rest = url.split(separator: "/").dropFirst().first.map(String.init) ?? url
        guard let colon = rest.lastIndex(of: ":"), let port = Int(rest[rest.index(after: colon)...]) else { return nil }
        let host = String(rest[..<colon])
        return (host == "0.0.0.0" || host.isEmpty ? "*" : host, port)
    }

    /// A process ID that stays the same while the pod runs and changes when it restarts.
    static func stablePID(_ path: String, _ started: SimTime) -> Int {
        var hash: UInt32 = 2_166_136_261
        for byte in (path + "@\(started.milliseconds)").utf8 { hash = (hash ^ UInt32(byte)) &* 16_777_619 }
        return 1000 + Int(hash % 30_000)
    }
}
