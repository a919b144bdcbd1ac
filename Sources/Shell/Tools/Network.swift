import ClusterSim

/// `ip a`, `ip r` and `ping` on the simulated network: one `eth0` per node in a /24, no real packets.
enum Network {
    /// A stable MAC address for a node (QEMU's 52:54:00 prefix and the address's last three octets).
    static func mac(_ ip: String) -> String {
        let octets = ip.split(separator: ".").compactMap { Int($0) }.suffix(3)
        let hex = octets.map { octet in
            let digits = String(octet, radix: 16)
            return digits.count == 1 ? "0" + digits : digits
        }
        return "52:54:00:" + hex.joined(separator: ":")
    }

    static func prefix(_ ip: String) -> String { ip.split(separator: ".").prefix(3).joined(separator: ".") }

    static func ip(_ context: inout ToolContext) -> Int32 {
        guard let node = context.node else { return 1 }
        var words = Array(context.args.dropFirst().filter { !["-4", "-br", "-c"].contains($0) })
        let object = words.isEmpty ? "" : words.removeFirst()
        switch object {
        case "a", "ad", "add", "addr", "addre", "addres", "address":
            if let device = words.last, words.first == "show" || words.first == "s", device != "show" {
                guard device == "lo" || device == "eth0" else {
                    context.err("Device \"\(device)\" does not exist.\n")
                    return 1
                }
                context.out(device == "lo" ? loopback : ethernet(node.ip))
                return 0
            }
            context.out(loopback + ethernet(node.ip))
        case "r", "ro", "rou", "rout", "route":
            let net = prefix(node.ip)
            context.out("default via \(net).1 dev eth0 proto static \n")
            context.out("\(net).0/24 dev eth0 proto kernel scope link src \(node.ip) \n")
        case "l", "link":
            context.out(
                "1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN mode DEFAULT group default qlen 1000\n"
                    + "    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n"
                    + "2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc fq_codel state UP mode DEFAULT group default qlen 1000\n"
                    + "    link/ether \(mac(node.ip)) brd ff:ff:ff:ff:ff:ff\n")
        case "":
            context.err(
                "Usage: ip [ OPTIONS ] OBJECT { COMMAND | help }\n       ip [ -force ] -batch filename\n"
                    + "where  OBJECT := { address | link | route | ... }\n")
            return 255
        default:
            context.err("Object \"\(object)\" is unknown, try \"ip help\".\n")
            return 255
        }
        return 0
    }

    static let loopback = """
        1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000
            link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00
            inet 127.0.0.1/8 scope host lo
               valid_lft forever preferred_lft forever
            inet6 ::1/128 scope host noprefixroute \("")
               valid_lft forever preferred_lft forever

        """

    static func ethernet(_ ip: String) -> String {
        """
        2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc fq_codel state UP group default qlen 1000
            link/ether \(mac(ip)) brd ff:ff:ff:ff:ff:ff
            inet \(ip)/24 brd \(prefix(ip)).255 scope global eth0
               valid_lft forever preferred_lft forever

        """
    }

    /// `ping [-c N] [-W S] HOST`: replies unless the target's firewall drops ICMP; one second per packet.
    static func ping(_ context: inout ToolContext) -> Int32 {
        var count: Int?
        var host: String?
        var words = Array(context.args.dropFirst())
        while !words.isEmpty {
            let word = words.removeFirst()
            if word == "-c" || word == "-W" || word == "-i" || word == "-w" {
                guard let value = words.first else {
                    context.err("ping: option requires an argument -- '\(word.dropFirst())'\n")
                    return 2
                }
                words.removeFirst()
                if word == "-c" {
                    guard let number = Int(value), number > 0, number <= 1000 else {
                        context.err("ping: invalid argument: '\(value)': out of range: 1 <= value <= 1000\n")
                        return 1
                    }
                    count = number
                }
            } else if word.hasPrefix("-c"), let number = Int(word.dropFirst(2)), number > 0, number <= 1000 {
                count = number
            } else if !word.hasPrefix("-") {
                host = word
            }
        }
        guard let host else {
            context.err("ping: usage error: Destination address required\n")
            return 1
        }
        let target: (name: String?, ip: String)
        if let node = context.cluster.node(resolving: host) {
            target = (node.name == host ? node.name : nil, node.ip)
        } else if host == "localhost" || host.hasPrefix("127.") {
            target = (host == "localhost" ? "localhost" : nil, host == "localhost" ? "127.0.0.1" : host)
        } else {
            context.err("ping: \(host): Name or service not known\n")
            return 2
        }
        let packets = count ?? 4
        let targetNode = context.cluster.node(resolving: target.ip)
        let lost =
            targetNode.map { context.cluster.isBlocked(from: context.host, to: $0.name, port: nil, proto: "icmp") } ?? false
        let shown = target.name.map { "\($0) (\(target.ip))" } ?? target.ip
        context.out("PING \(target.name ?? target.ip) (\(target.ip)) 56(84) bytes of data.\n")
        var times: [Double] = []
        for sequence in 1...packets where !lost {
            let time = Double(300 + stableJitter(target.ip, sequence)) / 1000
            times.append(time)
            context.out("64 bytes from \(shown): icmp_seq=\(sequence) ttl=64 time=\(fixed(time, 3)) ms\n")
        }
        context.cluster.advance(milliseconds: Int64(lost ? packets * 1000 + 2000 : (packets - 1) * 1000))
        if count == nil { context.out("^C\n") }
        context.out("\n--- \(target.name ?? target.ip) ping statistics ---\n")
        let elapsed = lost ? packets * 1000 + 38 : packets == 1 ? 0 : (packets - 1) * 1000 + 3
        context.out(
            "\(packets) packets transmitted, \(times.count) received, \(lost ? 100 : 0)% packet loss, time \(elapsed)ms\n")
        guard !times.isEmpty, let low = times.min(), let high = times.max() else { return 1 }
        let mean = times.reduce(0, +) / Double(times.count)
        let deviation = (times.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(times.count)).squareRoot()
        context.out("rtt min/avg/max/mdev = \(fixed(low, 3))/\(fixed(mean, 3))/\(fixed(high, 3))/\(fixed(deviation, 3)) ms\n")
        return 0
    }

    /// A deterministic 0-199 µs variation per address and packet, so runs repeat exactly.
    static func stableJitter(_ text: String, _ sequence: Int) -> Int {
        var hash: UInt32 = 2_166_136_261
        for byte in (text + "#\(sequence)").utf8 { hash = (hash ^ UInt32(byte)) &* 16_777_619 }
        return Int(hash % 200)
    }

    static func fixed(_ value: Double, _ digits: Int) -> String {
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let scaled = Int((value * scale).rounded())
        let whole = scaled / Int(scale)
        let fraction = String(scaled % Int(scale))
        return "\(whole)." + String(repeating: "0", count: max(0, digits - fraction.count)) + fraction
    }
}
