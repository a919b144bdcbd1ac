import ClusterSim
import Foundation
import Testing

@testable import Shell

/// Long random streams of realistic commands, built from the tools' own grammars (subcommands,
/// flags with and without `=`, quotes, pipes, redirections, heredocs, `$(...)`), typed over
/// random base clusters while faults strike: nothing crashes or hangs, every answer is a real
/// exit status with no Swift runtime text, time never runs backwards, the shell is always on a
/// real host, and etcd never has two leaders in one term.
@Suite struct CommandStreamTests {
    static let external3 = ClusterSpec(
        id: "external-etcd-3", etcdVersion: "3.5.15", topology: .external,
        nodes: [
            .init(name: "lb", ip: "10.0.1.100", role: .loadBalancer),
            .init(name: "master1", ip: "10.0.1.10", role: .controlPlane),
            .init(name: "master2", ip: "10.0.1.11", role: .controlPlane),
            .init(name: "etcd1", ip: "10.0.1.20", role: .etcd), .init(name: "etcd2", ip: "10.0.1.21", role: .etcd),
            .init(name: "etcd3", ip: "10.0.1.22", role: .etcd),
        ])

    /// A random pick, and random words from the grammars below.
    struct Grammar {
        var rng: SeededGenerator
        let hosts: [String]
        let ips: [String]

        mutating func pick<T>(_ items: [T]) -> T { items[rng.int(in: 0...(items.count - 1))] }
        mutating func chance(_ percent: Int) -> Bool { rng.int(in: 1...100) <= percent }
        mutating func some(_ items: [String], max: Int) -> [String] {
            (0..<rng.int(in: 0...max)).map { _ in pick(items) }
        }

        mutating func quoted(_ word: String) -> String {
            switch rng.int(in: 0...5) {
            case 0: "'\(word)'"
            case 1: "\"\(word)\""
            default: word
            }
        }

        mutating func flag(_ name: String, _ value: String) -> String {
            chance(50) ? "\(name)=\(quoted(value))" : "\(name) \(quoted(value))"
        }

        mutating func endpoint() -> String {
            let port = pick(["2379", "2379", "2380", "6443", "12379"])
            return "\(pick(["https", "https", "http"]))://\(pick(ips + ["127.0.0.1", "10.0.1.99"])):\(port)"
        }

        mutating func etcdctl() -> String {
            let pki = pick(["/etc/kubernetes/pki/etcd", "/etc/etcd/pki", "/root"])
            var words = [chance(30) ? "ETCDCTL_API=3 etcdctl" : "etcdctl"]
            words.append(
                pick([
                    "member list", "endpoint health", "endpoint status", "endpoint health --cluster", "endpoint status --cluster",
                    "get / --prefix --keys-only", "put /k v", "get /k", "del /k", "snapshot save /root/s.db", "alarm list",
                    "alarm disarm", "defrag", "version", "member remove 1234", "move-leader 5678", "check perf", "bogus",
                ]))
            if chance(85) {
                words.append(flag("--endpoints", (0..<rng.int(in: 1...3)).map { _ in endpoint() }.joined(separator: ",")))
            }
            if chance(70) {
                words += [
                    flag("--cacert", "\(pki)/ca.crt"),
                    flag("--cert", "\(pki)/\(pick(["server", "healthcheck-client", "peer"])).crt"),
                    flag("--key", "\(pki)/\(pick(["server", "healthcheck-client", "missing"])).key"),
                ]
            }
            words += some(
                ["-w table", "-w json", "--write-out=fields", "-w simple", "--command-timeout=2s", "--dial-timeout 1s", "--hex"],
                max: 2)
            return words.joined(separator: " ")
        }

        mutating func kubectl() -> String {
            var words = [
                pick([
                    "kubectl", "k", "kubectl --kubeconfig /etc/kubernetes/admin.conf",
                    "KUBECONFIG=/etc/kubernetes/admin.conf kubectl",
                ])
            ]
            let kind = pick([
                "nodes", "pods", "lease", "endpoints", "cm", "secrets", "events", "ns", "deploy", "svc", "bogus",
                "po/etcd-master1",
            ])
            words.append(
                pick([
                    "get \(kind)", "describe \(kind)", "get \(kind) -A", "-n kube-system get \(kind)", "cluster-info", "version",
                    "config get-contexts", "config current-context", "top nodes", "auth can-i get pods", "api-resources",
                    "cordon \(pick(hosts))", "uncordon \(pick(hosts))", "drain \(pick(hosts)) --ignore-daemonsets",
                    "-n kube-system logs etcd-\(pick(hosts))", "-n kube-system exec etcd-\(pick(hosts)) -- etcdctl member list",
                    "label node \(pick(hosts)) x=y --overwrite", "delete pod nothing",
                ]))
            words += some(
                [
                    "-o wide", "-o yaml", "-o json", "-o name", "-o jsonpath='{.items[*].metadata.name}'", "--show-labels",
                    "--no-headers",
                    "-l tier=control-plane", "--request-timeout=3s", "-w", "--server https://10.0.1.11:6443", "--bogus",
                ], max: 2)
            return words.joined(separator: " ")
        }

        mutating func nodeTool() -> String {
            let component = pick(["etcd", "kube-apiserver", "kube-scheduler", "kube-controller-manager"])
            let manifest = "/etc/kubernetes/manifests/\(component).yaml"
            return pick([
                "systemctl \(pick(["status", "restart", "stop", "start", "is-active", "enable", "daemon-reload", "reload"])) \(pick(["kubelet", "etcd", "haproxy", "containerd", "nope"]))",
                "journalctl -u \(pick(["kubelet", "etcd", "haproxy"])) -n \(rng.int(in: 0...30)) --no-pager",
                "crictl \(pick(["ps", "ps -a", "pods", "logs nothing"]))", "mv \(manifest) /root/",
                "mv /root/\(component).yaml \(manifest)",
                "cat \(manifest) | grep -E -- '--(etcd|advertise|listen)' | head -\(rng.int(in: 1...5))",
                "sed -i 's/--snapshot-count=10000/--snapshot-count=\(rng.int(in: 1...20000))/' \(manifest)",
                "curl \(pick(["-k", "-sk", "-s", ""])) \(pick(["https", "http"]))://\(pick(ips)):\(pick(["6443", "10257", "10259", "2381", "2379"]))/\(pick(["healthz", "readyz?verbose", "livez", "version", "metrics", "health"]))",
                "openssl x509 -in /etc/kubernetes/pki/\(pick(["apiserver", "ca", "etcd/server", "nope"])).crt -noout \(pick(["-text", "-enddate", "-subject", "-dates"]))",
                "ip a", "ss -tlnp", "ping -c 1 \(pick(ips))", "hostname", "iptables -L -n",
                "iptables -\(pick(["A", "I", "D"])) INPUT -p tcp --dport \(pick(["2379", "2380", "6443"])) -j \(pick(["DROP", "REJECT", "ACCEPT"]))",
                "haproxy -c -f /etc/haproxy/haproxy.cfg", "kubeadm certs check-expiration", "kubeadm token list",
                "kubeadm \(pick(["init phase upload-certs --upload-certs", "token create --print-join-command", "config print init-defaults", "version -o short", "bogus"]))",
                "etcdutl snapshot status /root/s.db -w table",
                "ls -la /etc/kubernetes/\(pick(["", "manifests", "pki", "pki/etcd"]))",
            ])
        }

        mutating func shellGlue() -> String {
            pick([
                "export ETCDCTL_API=3", "X=$(hostname); echo \"$X\"", "echo $?", "cd /etc/kubernetes && ls", "cd -",
                "alias kk=kubectl",
                "for n in \(hosts.prefix(3).joined(separator: " ")); do echo $n; done", "sleep \(rng.int(in: 0...45))",
                "history | tail -3", "echo 'unterminated", "cat <<EOF > /root/h.txt\nline one\n$(hostname)\nEOF",
                "test -f /root/h.txt && echo yes || echo no", "printf '%s\\n' a b | sort -r | uniq", "exit", "sudo -i", ":", "(",
            ])
        }

        /// A POSIX extended regular expression from a small grammar, nested quantifiers and
        /// back-references included: what makes backtracking engines run for hours.
        mutating func regex(depth: Int = 0) -> String {
            let atoms = [
                "a", "e", ".", "[a-z]", "[^ ]", "[[:digit:]]", "\\w", "\\<", "\\b", "^", "$", "-", "\\.", "1",
            ]
            var pattern = ""
            for _ in 0..<rng.int(in: 1...4) {
                var atom = depth < 3 && chance(30) ? "(\(regex(depth: depth + 1)))" : pick(atoms)
                if chance(50) { atom += pick(["*", "+", "?", "{2}", "{1,3}", "*?"]) }
                pattern += atom
            }
            if chance(20) { pattern += "|" + regex(depth: depth + 1) }
            if depth == 0, chance(10), pattern.contains("(") { pattern += "\\1" }
            return pattern
        }

        mutating func line() -> String {
            var line: String
            switch rng.int(in: 0...9) {
            case 0...2: line = etcdctl()
            case 3...5: line = kubectl()
            case 6...7: line = nodeTool()
            default: line = shellGlue()
            }
            if chance(15) { line = "ssh \(pick(hosts)) \(quoted(line))" } else if chance(10) { line = "ssh \(pick(hosts))" }
            switch rng.int(in: 0...12) {
            case 0: line += " | grep -i \(pick(["leader", "true", "error", "master"]))"
            case 1: line += " 2>&1 | wc -l"
            case 2: line += " > /root/out.txt 2>/dev/null"
            case 3: line += " && echo ok"
            case 4: line += " || echo failed"
            case 5: line += " | awk '{print $\(rng.int(in: 1...4))}' | head -3"
            case 6: line += " | grep -E\(pick(["", "c", "v", "i", "w"])) '\(regex())'"
            case 7: line += " | sed -E 's/\(regex().replacingOccurrences(of: "/", with: "\\/"))/<&>/g'"
            case 8: line += " | awk '/\(regex().replacingOccurrences(of: "/", with: "\\/"))/'"
            default: break
            }
            return line
        }

        mutating func fault(_ cluster: Cluster) -> Fault? {
            let node = pick(cluster.nodes.map(\.name))
            switch rng.int(in: 0...9) {
            case 0: return .killEtcd(node: node)
            case 1: return .powerOff(node: node)
            case 2: return .powerOn(node: node)
            case 3: return .partition(nodes: [node])
            case 4: return .heal
            case 5: return .moveManifest(node: node, component: pick(["etcd", "kube-apiserver", "kube-scheduler"]))
            case 6: return .restoreManifest(node: node, component: pick(["etcd", "kube-apiserver", "kube-scheduler"]))
            case 7: return .dropPort(node: node, port: pick([2379, 2380, 6443]))
            case 8: return .advance(milliseconds: Int64(rng.int(in: 1_000...120_000)))
            default: return nil
            }
        }
    }

    static let runtimeText = ["Fatal error", "Swift.", "Optional(", "(Function)", "Thread ", "__lldb"]

    @Test(.timeLimit(.minutes(5)), arguments: [UInt64(11), 12, 13, 14, 15, 16])
    func randomStreamsKeepEveryInvariant(seed: UInt64) {
        var grammarRNG = SeededGenerator(seed: seed, label: "command-stream")
        let spec = [stackedThree, Self.external3][Int(seed % 2)]
        var cluster = Cluster.build(spec: spec, seed: seed)
        var state = ShellState(host: "master1")
        var grammar = Grammar(
            rng: SeededGenerator(seed: seed, label: "grammar"), hosts: spec.nodes.map(\.name), ips: spec.nodes.map(\.ip))
        var leaders: [UInt64: UInt64] = [:]
        for step in 0..<400 {
            if grammarRNG.int(in: 0...9) == 0, let fault = grammar.fault(cluster) { _ = cluster.inject(fault) }
            let line = grammar.line()
            let before = cluster.now
            let result = Shell.run(line, state: &state, cluster: &cluster)
            let context = "seed \(seed), step \(step): \(line)"
            #expect((0...255).contains(result.status), "\(context)")
            #expect(cluster.now >= before, "time ran backwards — \(context)")
            #expect(cluster.node(named: state.host) != nil, "\(context)")
            let text = result.segments.map(\.text).joined()
            #expect(!Self.runtimeText.contains { text.contains($0) }, "runtime text in the output — \(context)\n\(text)")
            if let leader = cluster.etcd.leaderID {
                let term = cluster.etcd.term
                #expect(leaders[term, default: leader] == leader, "two leaders in term \(term) — \(context)")
                leaders[term] = leader
            }
        }
    }
}
