import ClusterSim

/// One node's journal, read from the cluster's event log: systemd's own messages about units,
/// the kubelet's messages, and an external etcd member's.
struct JournalEntry: Sendable, Hashable {
    var time: SimTime
    var host: String
    /// The syslog identifier and PID: `systemd[1]`, `kubelet[1234]`.
    var identifier: String
    var pid: Int
    var unit: String?
    var message: String

    /// `Nov 24 20:46:47 master1 kubelet[1234]: message`
    var shortLine: String { "\(SystemdTime.journal(time)) \(host) \(identifier)[\(pid)]: \(message)" }
}

enum Journal {
    /// Every entry of `host`'s journal, oldest first.
    static func entries(_ cluster: Cluster, host: String) -> [JournalEntry] {
        guard let node = cluster.node(named: host) else { return [] }
        let member = cluster.spec.topology == .external ? cluster.etcd.member(onNode: host) : nil
        var entries: [JournalEntry] = []
        for event in cluster.events {
            if event.source == "systemd/\(host)" {
                let unit = node.units.keys.sorted().first { event.message.contains("\($0).service") }
                entries.append(
                    JournalEntry(
                        time: event.time, host: host, identifier: "systemd", pid: 1, unit: unit, message: event.message))
            } else if event.source == "kubelet/\(host)" {
                let pid = node.unitRecords["kubelet"]?.pid(at: event.time) ?? 0
                entries.append(
                    JournalEntry(
                        time: event.time, host: host, identifier: "kubelet", pid: pid, unit: "kubelet",
                        message: event.message))
            } else if event.source == "haproxy/\(host)" {
                let pid = node.unitRecords["haproxy"]?.pid(at: event.time) ?? 0
                entries.append(
                    JournalEntry(
                        time: event.time, host: host, identifier: "haproxy", pid: pid, unit: "haproxy",
                        message: event.message))
            } else if event.source == "etcd/\(host)", member != nil, let line = EtcdLogLine.decode(event.message) {
                let pid = node.unitRecords["etcd"]?.pid(at: event.time) ?? 0
                entries.append(
                    JournalEntry(
                        time: event.time, host: host, identifier: "etcd", pid: pid, unit: "etcd",
                        message: Crictl.zapLine(line, at: event.time)))
            } else if event.source == "etcd", let member, node.units["etcd"] != nil,
                event.message.hasPrefix(member.name + " ") || event.message.contains(" \(member.name) ")
            {
                let pid = node.unitRecords["etcd"]?.pid(at: event.time) ?? 0
                entries.append(
                    JournalEntry(
                        time: event.time, host: host, identifier: "etcd", pid: pid, unit: "etcd", message: event.message))
            }
        }
        return entries
    }

    /// The entries of one unit (`kubelet`), oldest first.
    static func entries(_ cluster: Cluster, host: String, unit: String) -> [JournalEntry] {
        entries(cluster, host: host).filter { $0.unit == unit }
    }
}
