import Foundation
import ClusterSim

/// `:topology`: the cluster as the model sees it now — every node with its role and power, the
/// etcd member it runs and that member's state, its API server's health, and the load
/// balancer's backends with their health-check state.
enum Topology {
    static func render(_ cluster: Cluster) -> String {
        let etcd = cluster.etcd
        var text = "Topology of \(cluster.spec.id)"
        if let leader = etcd.leader {
            text += ": etcd leader \(leader.name) (term \(etcd.term)), \(etcd.members.count) members, quorum \(etcd.quorumSize)\n"
        } else if !etcd.members.isEmpty {
            text +=
                ": etcd has NO LEADER (\(etcd.members.filter(\.running).count) of \(etcd.members.count) members running, quorum \(etcd.quorumSize))\n"
        } else {
            text += ": no etcd\n"
        }
        let nameWidth = max(4, cluster.nodes.map(\.name.count).max() ?? 0)
        let ipWidth = max(2, cluster.nodes.map(\.ip.count).max() ?? 0)
        for node in cluster.nodes {
            var facts: [String] = []
            if !node.powered {
                facts.append("POWERED OFF")
            } else {
                if let member = etcd.member(onNode: node.name) {
                    let role = etcd.leaderID == member.id ? "leader" : member.isLearner ? "learner" : "follower"
                    facts.append(member.running ? "etcd \(role)\(member.isolated ? " (cut off)" : "")" : "etcd STOPPED")
                }
                if node.role == .controlPlane {
                    let status = cluster.apiServerStatus(node: node.name)
                    if !status.listening {
                        facts.append("apiserver DOWN")
                    } else {
                        let failing = status.checks(.readyz).filter { !$0.passed }.map(\.name)
                        facts.append(
                            failing.isEmpty ? "apiserver ready" : "apiserver not ready (\(failing.joined(separator: ", ")))")
                    }
                }
                if let kubelet = node.units["kubelet"], kubelet != .active { facts.append("kubelet \(kubelet.rawValue)") }
                if let runtime = cluster.loadBalancers[node.name] {
                    for proxy in runtime.config.proxies where !proxy.servers.isEmpty {
                        let servers = proxy.servers.map { server in
                            let state = runtime.health.state(backend: proxy.name, server: server.name)
                            return "\(server.name) \(state?.rawValue ?? (server.check ? "?" : "no check"))"
                        }
                        facts.append("haproxy \(proxy.name): \(servers.joined(separator: ", "))")
                    }
                } else if node.role == .loadBalancer {
                    facts.append("haproxy not running")
                }
                if !node.firewall.isEmpty {
                    facts.append("\(node.firewall.count) iptables rule\(node.firewall.count == 1 ? "" : "s")")
                }
            }
            if let partition = cluster.partition, partition.contains(node.name) { facts.append("partitioned") }
            text += "  " + node.name.padding(toLength: nameWidth + 2, withPad: " ", startingAt: 0)
            text += node.ip.padding(toLength: ipWidth + 2, withPad: " ", startingAt: 0)
            text += node.role.rawValue.padding(toLength: 15, withPad: " ", startingAt: 0)
            text += facts.joined(separator: " · ") + "\n"
        }
        return text
    }
}
