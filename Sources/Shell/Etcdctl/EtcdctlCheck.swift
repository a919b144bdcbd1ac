import ClusterSim

/// `etcdctl check perf` (etcdctl/ctlv3/command/check.go): a 60 s write load under a prefix, shown as
/// a pb.v1 progress bar, then the verdict. Only the default small load is simulated, as captured in
/// etcd-plain/10-healthy/check-perf-s; its writes are not added to the keyspace.
extension EtcdctlSession {
    static let checkPerfLoads = [
        "s": "s", "small": "s", "m": "m", "medium": "m", "l": "l", "large": "l", "xl": "xl", "xLarge": "xl",
    ]

    mutating func checkPerf(_ context: inout ToolContext) -> Int32 {
        // Command flags are not read from ETCDCTL_* variables (only the global ones are).
        let load = options.flag("load", environment: [:]) ?? "s"
        let prefix = options.flag("prefix", environment: [:]) ?? "/etcdctl-check-perf/"
        guard let model = Self.checkPerfLoads[load] else {
            context.err("Error: unknown load option \(load)\n")
            return Etcdctl.exitBadFeature
        }
        guard model == "s" else {
            context.err("kubedojo: 'etcdctl check perf --load=\(load)' is not simulated (only the small load is)\n")
            return Etcdctl.exitError
        }
        var hasKeys = false
        let status = request(&context, kind: .read) { cluster, member in
            cluster.etcdRead(prefix, prefix: true, serializable: false, via: member).map { _, found in
                hasKeys = !found.isEmpty
                return ""
            }
        }
        guard status == 0 else { return status }
        if hasKeys {
            context.err(
                "Error: prefix \(GoFormat.jsonString(prefix, html: false)) has keys. Delete with etcdctl del --prefix \(prefix) first\n"
            )
            return Etcdctl.exitInvalidInput
        }
        context.out(Self.checkPerfProgress(seconds: 60) + "\n")
        context.cluster.advance(milliseconds: 60_000 + Int64(context.cluster.rng.int(in: 100...200)))
        // 150 writes/s are asked for; the client reports int(rate)+1.
        let slowest = Self.seconds(micros: context.cluster.rng.int(in: 12_000...30_000))
        let stddev = Self.seconds(micros: context.cluster.rng.int(in: 400...700))
        context.out(
            "PASS: Throughput is 151 writes/s\nPASS: Slowest request took \(slowest)s\nPASS: Stddev is \(stddev)s\nPASS\n")
        return 0
    }

    /// `0.019125` from 19125 µs (Go's `%f`).
    static func seconds(micros: Int) -> String {
        let fraction = String(micros % 1_000_000)
        return "\(micros / 1_000_000)." + String(repeating: "0", count: 6 - fraction.count) + fraction
    }

    /// The progress bar's frames, five a second, as the capture shows them: no estimate while the
    /// count is 0 or the estimate is 0 s, and the elapsed time on the last frame.
    static func checkPerfProgress(seconds total: Int) -> String {
        func frame(_ count: Int, eta: Int?) -> String {
            let counter = " \(count) / \(total)"
            let rounded = (count * 1_000_000 / total + 50) / 100
            let percent = "\(rounded / 100)." + (rounded % 100 < 10 ? "0" : "") + "\(rounded % 100)%"
            var text = "\r" + counter + String(repeating: " ", count: max(1, 9 - percent.count)) + percent
            if let eta, eta > 0 {
                text += " " + (eta / 60 < 10 ? "0" : "") + "\(eta / 60)m" + (eta % 60 < 10 ? "0" : "") + "\(eta % 60)s"
            }
            return text
        }
        var text = ""
        for _ in 0..<5 { text += frame(0, eta: nil) }
        for count in 1..<total {
            let remaining = total - count
            // After the first tick the estimate settles: one frame at the old value, four at the new.
            let first = count == 1 ? 2 : 1
            for index in 0..<5 { text += frame(count, eta: index < first ? remaining : remaining - 1) }
        }
        return text + "\r \(total) / \(total)  100.00% \(total / 60)m\(total % 60)s"
    }
}
