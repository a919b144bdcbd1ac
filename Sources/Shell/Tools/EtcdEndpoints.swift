import ClusterSim

/// The HTTP endpoints of an etcd 3.5 member: `/health`, `/version` and a few `/metrics` lines.
enum EtcdEndpoints {
    static func reply(path: String, member: EtcdMember, metricsPort: Bool, _ cluster: Cluster) -> CurlServers.Reply {
        let bare = String(path.prefix { $0 != "?" })
        switch bare {
        case "/health":
            if !cluster.etcd.hasQuorum || cluster.etcd.leaderID == nil {
                return CurlServers.Reply(code: 503, body: "{\"health\":\"false\",\"reason\":\"RAFT NO LEADER\"}\n")
            }
            if !cluster.etcd.alarms.isEmpty {
                return CurlServers.Reply(code: 503, body: "{\"health\":\"false\",\"reason\":\"ALARM NOSPACE\"}\n")
            }
            return CurlServers.Reply(code: 200, body: "{\"health\":\"true\",\"reason\":\"\"}")
        case "/version" where !metricsPort:
            let parts = cluster.etcd.version.split(separator: ".")
            let clusterVersion = parts.count >= 2 ? "\(parts[0]).\(parts[1]).0" : cluster.etcd.version
            return CurlServers.Reply(
                code: 200, body: "{\"etcdserver\":\"\(cluster.etcd.version)\",\"etcdcluster\":\"\(clusterVersion)\"}")
        case "/metrics":
            return CurlServers.Reply(code: 200, body: metrics(member, cluster))
        default:
            return CurlServers.Reply(code: 404, body: "404 page not found\n")
        }
    }

    /// The metric families the trainer's tasks read, in the exposition's name order.
    static func metrics(_ member: EtcdMember, _ cluster: Cluster) -> String {
        let hasLeader = cluster.etcd.hasQuorum && cluster.etcd.leaderID != nil
        let families: [(name: String, help: String, type: String, value: String)] = [
            (
                "etcd_mvcc_db_total_size_in_bytes", "Total size of the underlying database physically allocated in bytes.",
                "gauge", "\(member.dbSize)"
            ),
            (
                "etcd_server_has_leader", "Whether or not a leader exists. 1 is existence, 0 is not.", "gauge",
                hasLeader ? "1" : "0"
            ),
            (
                "etcd_server_is_leader", "Whether or not this member is a leader. 1 if is, 0 otherwise.", "gauge",
                cluster.etcd.leaderID == member.id ? "1" : "0"
            ),
            (
                "etcd_server_is_learner", "Whether or not this member is a learner. 1 if is, 0 otherwise.", "gauge",
                member.isLearner ? "1" : "0"
            ),
            (
                "etcd_server_leader_changes_seen_total", "The number of leader changes seen.", "counter",
                "\(leaderChangesSeen(member, cluster))"
            ),
        ]
        let histogram = cluster.etcdDiskHistogram(member)
        let disk = [
            ("etcd_disk_backend_commit_duration_seconds", "The latency distributions of commit called by backend."),
            ("etcd_disk_wal_fsync_duration_seconds", "The latency distributions of fsync called by WAL."),
        ].map { name, help in
            var text = "# HELP \(name) \(help)\n# TYPE \(name) histogram\n"
            let bounds = EtcdDiskHistogram.bounds.map { GoFormat.float($0) } + ["+Inf"]
            for (bound, count) in zip(bounds, histogram.cumulative) { text += "\(name)_bucket{le=\"\(bound)\"} \(count)\n" }
            return text + "\(name)_sum \(GoFormat.float(histogram.sum))\n\(name)_count \(histogram.count)\n"
        }
        return disk.joined()
            + families.map { "# HELP \($0.name) \($0.help)\n# TYPE \($0.name) \($0.type)\n\($0.name) \($0.value)\n" }
            .joined()
    }

    /// Leaders this member's process has seen since it started: the one it found, then every election.
    static func leaderChangesSeen(_ member: EtcdMember, _ cluster: Cluster) -> Int {
        guard let since = member.runningSince else { return 0 }
        var leaderKnown = false
        var count = 0
        var counted = false
        for event in cluster.events where event.source == "etcd" {
            let message = event.message
            let elected = message.contains("elected leader") || message.contains("is the etcd leader")
            let lost = message.contains("stepped down") || message.contains("was the leader")
            if event.time <= since {
                if elected { leaderKnown = true }
                if lost { leaderKnown = false }
                continue
            }
            if !counted {
                counted = true
                if leaderKnown { count += 1 }
            }
            if elected { count += 1 }
        }
        if !counted, leaderKnown { count += 1 }
        return count
    }
}
