import ClusterSim

/// `iptables -L [-n]`, `-A/-I/-D CHAIN -p PROTO [--dport N] [-s SRC] -j TARGET`, `-F`: rules are
/// stored on the node (`Node.firewall`); every connection model asks `Cluster.connectivity`.
enum Iptables {
    static let chains = ["INPUT", "FORWARD", "OUTPUT"]
    static let version = "iptables v1.8.10 (nf_tables)"

    enum Command { case list, append, insert(Int), delete, flush }

    static func run(_ context: inout ToolContext) -> Int32 {
        var words = Array(context.args.dropFirst())
        var command: Command?
        var chain: String?
        var rule = FirewallRule(chain: "", target: .accept)
        var hasTarget = false
        var deleteIndex: Int?
        var lineNumbers = false
        while !words.isEmpty {
            let word = words.removeFirst()
            func value() -> String? { words.isEmpty ? nil : words.removeFirst() }
            switch word {
            case "-L", "--list", "-A", "--append", "-I", "--insert", "-D", "--delete", "-F", "--flush":
                guard command == nil else {
                    return fail(&context, "Cannot use -\(word.dropFirst().prefix(1)) with another command")
                }
                if let next = words.first, !next.hasPrefix("-") { chain = words.removeFirst() }
                switch word {
                case "-L", "--list": command = .list
                case "-A", "--append": command = .append
                case "-F", "--flush": command = .flush
                case "-D", "--delete":
                    command = .delete
                    if let next = words.first, let number = Int(next) {
                        deleteIndex = number
                        words.removeFirst()
                    }
                default:
                    var position = 1
                    if let next = words.first, let number = Int(next) {
                        position = number
                        words.removeFirst()
                    }
                    command = .insert(position)
                }
            case "--line-numbers":
                lineNumbers = true
            case "-i", "--in-interface":
                guard let name = value() else { return fail(&context, "option \"\(word)\" requires an argument") }
                rule.inInterface = name
            case "-n", "--numeric", "-v", "--verbose", "-t":
                if word == "-t", let table = value(), table != "filter" {
                    context.err("kubedojo: iptables -t \(table) is not simulated; only the filter table is\n")
                    return 1
                }
            case "-p", "--protocol":
                guard let proto = value(), ["tcp", "udp", "icmp", "all"].contains(proto.lowercased()) else {
                    return fail(&context, "unknown protocol specified")
                }
                rule.proto = proto.lowercased()
            case "--dport", "--destination-port":
                guard let text = value(), let port = Int(text), (0...65_535).contains(port) else {
                    return fail(&context, "invalid port/service specified")
                }
                rule.port = port
            case "-s", "--source":
                guard let source = value() else { return fail(&context, "option \"\(word)\" requires an argument") }
                rule.source = source
            case "-m", "--match":
                _ = value()
            case "-j", "--jump":
                guard let name = value(), let target = FirewallRule.Target(rawValue: name) else {
                    return fail(&context, "Couldn't load target `\(words.first ?? "")':No such file or directory")
                }
                rule.target = target
                hasTarget = true
            default:
                return fail(&context, "unknown option \"\(word)\"")
            }
        }
        guard let command else { return fail(&context, "no command specified") }
        if let chain, !chains.contains(chain) {
            context.err("iptables: Chain '\(chain)' does not exist\n")
            return 1
        }
        if rule.port != nil, rule.proto != "tcp" && rule.proto != "udp" {
            return fail(&context, "unknown option \"--dport\"")
        }
        switch command {
        case .list:
            list(&context, chain: chain, lineNumbers: lineNumbers)
            return 0
        case .flush:
            context.cluster.updateFirewall(on: context.host) { rules in rules.removeAll { chain == nil || $0.chain == chain } }
            return 0
        case .append, .insert, .delete:
            guard let chain else { return fail(&context, "option \"-A\" requires an argument") }
            rule.chain = chain
            // `-s a,b` stands for one rule per address, in the order given.
            let rules = (rule.source?.split(separator: ",").map(String.init) ?? [""]).map { source in
                var one = rule
                one.source = source.isEmpty ? rule.source : source
                return one
            }
            if case .delete = command {
                for one in rules {
                    let status = delete(&context, one, index: deleteIndex)
                    if status != 0 { return status }
                }
                return 0
            }
            guard hasTarget else { return 0 }
            var position = 0
            if case .insert(let wanted) = command { position = wanted }
            let existing = context.node?.firewall.filter { $0.chain == chain }.count ?? 0
            if position > existing + 1 || position < 0 {
                context.err("iptables: Index of insertion too big.\n")
                return 1
            }
            context.cluster.updateFirewall(on: context.host) { stored in
                for (offset, one) in rules.enumerated() {
                    let indices = stored.indices.filter { stored[$0].chain == chain }
                    if position == 0 || position + offset > indices.count {
                        stored.append(one)
                    } else {
                        stored.insert(one, at: indices[position + offset - 1])
                    }
                }
            }
            return 0
        }
    }

    private static func delete(_ context: inout ToolContext, _ rule: FirewallRule, index: Int?) -> Int32 {
        guard let rules = context.node?.firewall else { return 1 }
        let indices = rules.indices.filter { rules[$0].chain == rule.chain }
        let found: Int?
        if let index {
            found = index >= 1 && index <= indices.count ? indices[index - 1] : nil
            if found == nil {
                context.err("iptables: Index of deletion too big.\n")
                return 1
            }
        } else {
            found = indices.first { rules[$0] == rule }
        }
        guard let found else {
            context.err("iptables: Bad rule (does a matching rule exist in that chain?).\n")
            return 1
        }
        context.cluster.updateFirewall(on: context.host) { $0.remove(at: found) }
        return 0
    }

    private static func fail(_ context: inout ToolContext, _ message: String) -> Int32 {
        context.err("\(version): \(message)\nTry `iptables -h' or 'iptables --help' for more information.\n")
        return 2
    }

    private static func pad(_ text: String, _ width: Int) -> String {
        text + String(repeating: " ", count: max(0, width - text.count))
    }

    private static func list(_ context: inout ToolContext, chain: String?, lineNumbers: Bool) {
        let rules = context.node?.firewall ?? []
        var blocks: [String] = []
        for name in chains where chain == nil || chain == name {
            var block = "Chain \(name) (policy ACCEPT)\n"
            block +=
                (lineNumbers ? "num  " : "") + pad("target", 11) + pad("prot", 5) + pad("opt", 4) + pad("source", 21)
                + pad("destination", 20) + "\n"
            for (number, rule) in rules.filter({ $0.chain == name }).enumerated() {
                var line =
                    (lineNumbers ? pad(String(number + 1), 4) + " " : "") + pad(rule.target.rawValue, 11) + pad(rule.proto, 5)
                    + "--  " + pad(rule.source ?? "0.0.0.0/0", 21)
                line += pad("0.0.0.0/0", 20)
                if let port = rule.port { line += " \(rule.proto) dpt:\(port)" }
                if rule.target == .reject { line += " reject-with icmp-port-unreachable" }
                block += line + "\n"
            }
            blocks.append(block)
        }
        context.out(blocks.joined(separator: "\n"))
    }
}
