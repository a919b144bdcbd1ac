/// A slow disk under etcd: what the `fsync-latency` fault sets and what etcd shows for it.
///
/// Every member writes its WAL and commits its backend about once a second on a quiet cluster
/// (lease renewals, events); each write waits for the disk's fsync latency. Above one second
/// etcd's WAL logs "slow fdatasync"; a leader blocked on its disk for an election timeout or
/// more stops sending heartbeats, so its followers elect another leader, again and again while
/// the slow member keeps winning elections.
public struct EtcdDiskHistogram: Sendable, Hashable, Codable {
    /// Upper bounds in seconds: etcd's ExponentialBuckets(0.001, 2, 14), 1 ms to 8.192 s.
    public static let bounds: [Double] = (0..<14).map { 0.001 * Double(1 << $0) }
    /// Observations at or below each bound, then the total (`+Inf`).
    public var cumulative: [Int]
    public var count: Int
    /// Seconds spent in all observations.
    public var sum: Double
}

extension Cluster {
    /// The fsync latency of a healthy SSD, as the model's baseline.
    static let baselineFsyncMilliseconds: Int64 = 1
    /// WAL fsyncs (and backend commits) per second of a quiet cluster.
    static let fsyncIntervalMilliseconds: Int64 = 1_000
    /// etcd's wal warnSyncDuration: slower syncs log "slow fdatasync".
    static let warnSyncMilliseconds: Int64 = 1_000

    /// The fsync latency of a node's disk now, in milliseconds.
    public func fsyncLatency(on nodeName: String) -> Int64 {
        node(named: nodeName)?.fsyncLatencyMilliseconds ?? Self.baselineFsyncMilliseconds
    }

    /// The WAL fsync (and backend commit) latencies a member has observed since its process started.
    public func etcdDiskHistogram(_ member: EtcdMember) -> EtcdDiskHistogram {
        guard let since = member.runningSince, let node = node(named: member.node) else {
            return EtcdDiskHistogram(cumulative: Array(repeating: 0, count: 15), count: 0, sum: 0)
        }
        let changed = max(since, node.fsyncLatencySince ?? since)
        let before = (changed.milliseconds - since.milliseconds) / Self.fsyncIntervalMilliseconds
        let after = max(0, now.milliseconds - changed.milliseconds) / Self.fsyncIntervalMilliseconds
        let samples: [(latency: Int64, count: Int64)] = [
            (Self.baselineFsyncMilliseconds, before), (node.fsyncLatencyMilliseconds, after),
        ]
        var cumulative = EtcdDiskHistogram.bounds.map { bound in
            samples.filter { Double($0.latency) / 1000 <= bound }.reduce(0) { $0 + Int($1.count) }
        }
        let count = Int(before + after)
        cumulative.append(count)
        let sum = samples.reduce(0.0) { $0 + Double($1.latency) / 1000 * Double($1.count) }
        return EtcdDiskHistogram(cumulative: cumulative, count: count, sum: sum)
    }

    /// Sets the fsync latency of a node's disk; etcd on it reacts from its next write.
    mutating func setFsyncLatency(_ milliseconds: Int64, on nodeName: String) {
        let since = now
        updateNode(nodeName) { node in
            node.fsyncLatencyMilliseconds = milliseconds
            node.fsyncLatencySince = since
        }
        if milliseconds > Self.warnSyncMilliseconds, let member = etcd.member(onNode: nodeName), member.running {
            recordSlowSync(on: nodeName, at: now.adding(milliseconds: milliseconds))
        }
        scheduleDiskStall()
    }

    /// etcd's WAL warning for one slow sync, in the member's own log.
    mutating func recordSlowSync(on nodeName: String, at time: SimTime) {
        let took = GoDuration.format(milliseconds: fsyncLatency(on: nodeName))
        let line = EtcdLogLine(
            level: "warn", message: "slow fdatasync", fields: [("took", took), ("expected-duration", "1s")])
        record("etcd/\(nodeName)", line.encoded, at: time)
    }

    /// A leader whose disk blocks longer than the election timeout misses its heartbeats: schedules
    /// the moment its followers give up on it.
    mutating func scheduleDiskStall() {
        guard let leader = etcd.leader, fsyncLatency(on: leader.node) >= Self.electionTimeoutMilliseconds else {
            pendingDiskStall = nil
            return
        }
        if pendingDiskStall == nil {
            let wait = fsyncLatency(on: leader.node) + Int64(rng.int(in: 0...Int(Self.electionTimeoutMilliseconds)))
            pendingDiskStall = now.adding(milliseconds: wait)
        }
    }

    /// The stalled leader's followers time out and campaign; the leader is deposed at the next election.
    mutating func stallSlowLeader() {
        pendingDiskStall = nil
        guard let leader = etcd.leader, fsyncLatency(on: leader.node) >= Self.electionTimeoutMilliseconds else { return }
        recordSlowSync(on: leader.node, at: now)
        let follower = etcd.voters.first { $0.id != leader.id && $0.running }
        let line = EtcdLogLine(
            level: "warn",
            message: "leader failed to send out heartbeat on time; took too long, leader is overloaded likely from slow disk",
            fields: [
                ("to", follower?.hexID ?? ""), ("heartbeat-interval", "100ms"), ("expected-duration", "200ms"),
                ("exceeded-duration", GoDuration.format(milliseconds: fsyncLatency(on: leader.node) - 200)),
            ])
        record("etcd/\(leader.node)", line.encoded)
        etcd.leaderID = nil
        record("etcd", "\(leader.name) (\(leader.hexID)) lost leadership: its followers stopped hearing its heartbeats")
        scheduleElectionIfNeeded()
    }
}

/// One structured line of an etcd member's own log (zap: level, message, fields), carried in an
/// event of source `etcd/<node>` so `crictl logs` and `journalctl` render it as etcd would.
public struct EtcdLogLine: Sendable, Hashable {
    public var level: String
    public var message: String
    public var fields: [(key: String, value: String)]

    public init(level: String, message: String, fields: [(key: String, value: String)] = []) {
        self.level = level
        self.message = message
        self.fields = fields
    }

    public static func == (lhs: EtcdLogLine, rhs: EtcdLogLine) -> Bool {
        lhs.encoded == rhs.encoded
    }

    public func hash(into hasher: inout Hasher) { hasher.combine(encoded) }

    /// The event message: `level|message|key=value|...` (no part contains `|`).
    public var encoded: String {
        ([level, message] + fields.map { "\($0.key)=\($0.value)" }).joined(separator: "|")
    }

    public static func decode(_ text: String) -> EtcdLogLine? {
        let parts = text.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
        guard parts.count >= 2 else { return nil }
        let fields = parts.dropFirst(2).map { part -> (key: String, value: String) in
            let pair = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            return (pair[0], pair.count > 1 ? pair[1] : "")
        }
        return EtcdLogLine(level: parts[0], message: parts[1], fields: fields)
    }
}
