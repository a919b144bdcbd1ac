/// One run of a unit's main process: when systemd started it and the PID it got.
public struct UnitRun: Sendable, Hashable, Codable {
    public var started: SimTime
    public var pid: Int
    /// The unit definition (file and drop-ins) systemd had loaded when it started this process:
    /// what the process runs with, whatever the files say later. Nil for boot-time runs.
    public var definition: String? = nil
}

/// What systemd remembers about one unit beyond `Node.units` (active, inactive, failed).
public struct UnitRecord: Sendable, Hashable, Codable {
    /// When the unit last entered its current state.
    public var since: SimTime
    /// Whether `multi-user.target` wants it (`systemctl enable`).
    public var enabled: Bool = true
    /// Runs of the main process, oldest first; the last one is the current (or latest) process.
    public var runs: [UnitRun]
    /// The unit file and drop-ins as systemd loaded them at boot or at the last `daemon-reload`.
    public var loadedText: String

    /// The PID of the latest run.
    public var mainPID: Int { runs.last?.pid ?? 0 }

    /// The PID of the run that was current at `time`.
    public func pid(at time: SimTime) -> Int {
        (runs.last { $0.started <= time } ?? runs.first)?.pid ?? 0
    }
}

/// The systemd side of a node: unit files as the packages install them, and what starting or
/// stopping a unit does to the rest of the model.
public enum Systemd {
    /// Unit file directories in Debian 12's search order (`/lib` is `/usr/lib`, searched first).
    public static let unitDirectories = [
        "/etc/systemd/system", "/run/systemd/system", "/lib/systemd/system", "/usr/lib/systemd/system",
    ]

    /// Where the unit file of `unit` (`kubelet`) lives on the node, or nil when none does.
    public static func fragmentPath(_ unit: String, in files: FileSystem) -> String? {
        unitDirectories.lazy.map { "\($0)/\(unit).service" }.first(where: files.isFile)
    }

    /// The unit file followed by its drop-ins (sorted by file name), as systemd reads them.
    public static func unitText(_ unit: String, in files: FileSystem) -> String? {
        guard let path = fragmentPath(unit, in: files), let text = files.read(path).success else { return nil }
        return ([text] + dropIns(unit, in: files).compactMap { files.read($0.directory + "/" + $0.file).success })
            .joined(separator: "\n")
    }

    /// Installs the package's unit file of `unit` when no unit file of that name exists.
    static func installPackagedUnit(_ unit: String, in files: inout FileSystem) {
        if fragmentPath(unit, in: files) == nil, let text = packagedUnits[unit] {
            files.install("/usr/lib/systemd/system/\(unit).service", text)
        }
    }

    /// Drop-in files of the unit: each directory with its `*.conf` files.
    public static func dropIns(_ unit: String, in files: FileSystem) -> [(directory: String, file: String)] {
        var found: [(directory: String, file: String)] = []
        var seen: Set<String> = []
        for directory in unitDirectories.map({ "\($0)/\(unit).service.d" }) {
            let names = (files.list(directory).success ?? []).filter { $0.hasSuffix(".conf") }.sorted()
            for name in names where seen.insert(name).inserted { found.append((directory, name)) }
        }
        return found
    }

    /// Unit files the OS packages install that the node layout does not write itself.
    static let packagedUnits: [String: String] = [
        "containerd": """
        [Unit]
        Description=containerd container runtime
        Documentation=https://containerd.io
        After=network.target local-fs.target

        [Service]
        ExecStartPre=-/sbin/modprobe overlay
        ExecStart=/usr/bin/containerd
        Type=notify
        Delegate=yes
        KillMode=process
        Restart=always
        RestartSec=5

        [Install]
        WantedBy=multi-user.target

        """,
        "haproxy": """
        [Unit]
        Description=HAProxy Load Balancer
        Documentation=man:haproxy(1)
        Documentation=file:/usr/share/doc/haproxy/configuration.txt.gz
        After=network-online.target rsyslog.service
        Wants=network-online.target

        [Service]
        EnvironmentFile=-/etc/default/haproxy
        Environment="CONFIG=/etc/haproxy/haproxy.cfg" "PIDFILE=/run/haproxy.pid" "EXTRAOPTS=-S /run/haproxy-master.sock"
        ExecStart=/usr/sbin/haproxy -Ws -f $CONFIG -p $PIDFILE $EXTRAOPTS
        ExecReload=/usr/sbin/haproxy -Ws -f $CONFIG -c $EXTRAOPTS
        ExecReload=/bin/kill -USR2 $MAINPID
        KillMode=mixed
        Restart=always
        Type=notify

        [Install]
        WantedBy=multi-user.target

        """,
    ]
}

extension Cluster {
    /// Installs the packaged unit files a node lacks and gives every unit its boot-time record:
    /// the machines booted a little before kubeadm's static pods (re)started at `now`.
    /// `loadedTexts` gives, per node, the text each unit loads with, when the caller knows it (a node
    /// laid out from a template whose unit files are all installed); otherwise it is read from the files.
    mutating func bootUnits(at bootedAt: SimTime, loadedTexts: [String: [String: String]] = [:]) {
        for node in nodes {
            var rng = SeededGenerator(seed: seed, label: "systemd/\(node.name)")
            let boot = bootedAt.adding(milliseconds: Int64(rng.int(in: 0...20_000)))
            var pid = rng.int(in: 380...620)
            let known = loadedTexts[node.name] ?? [:]
            var texts: [String: String] = [:]
            updateNode(node.name) { node in
                for unit in node.units.keys.sorted() {
                    if let text = known[unit] {
                        texts[unit] = text
                    } else {
                        Systemd.installPackagedUnit(unit, in: &node.files)
                        texts[unit] = Systemd.unitText(unit, in: node.files) ?? ""
                    }
                    // containerd comes up first, then the kubelet that depends on it.
                    let started = boot.adding(milliseconds: unit == "kubelet" ? Int64(rng.int(in: 2_000...6_000)) : 0)
                    pid += rng.int(in: 3...90)
                    node.unitRecords[unit] = UnitRecord(
                        since: started, runs: [UnitRun(started: started, pid: pid)], loadedText: texts[unit] ?? "")
                }
            }
            for unit in node.units.keys.sorted() where node.units[unit] == .active {
                let time = self.node(named: node.name)?.unitRecords[unit]?.since ?? boot
                let text = texts[unit].flatMap { $0.isEmpty ? nil : $0 }
                record("systemd/\(node.name)", "Started \(Self.unitLabel(unit, text: text)).", at: time)
            }
        }
    }

    /// `kubelet.service - kubelet: The Kubernetes Node Agent`, as systemd 252 names a unit in its messages.
    public func unitLabel(_ unit: String, on nodeName: String) -> String {
        Self.unitLabel(unit, text: node(named: nodeName).flatMap { Systemd.unitText(unit, in: $0.files) })
    }

    /// The label of a unit that loads `text` (nil: no unit file).
    static func unitLabel(_ unit: String, text: String?) -> String {
        let description = text.flatMap { Self.unitDescriptions.value(for: $0, parse: Self.description(of:)) }
        return "\(unit).service" + (description.map { " - \($0)" } ?? "")
    }

    private static let unitDescriptions = ParseCache<String, String?>()

    /// The last `Description=` of a unit's text (drop-ins come after the unit file).
    private static func description(of text: String) -> String? {
        text.split(separator: "\n").last { $0.hasPrefix("Description=") }.map { String($0.dropFirst(12)) }
    }

    /// The record of a unit, or nil when the node has no such unit.
    public func unitRecord(_ unit: String, on nodeName: String) -> UnitRecord? {
        guard let node = node(named: nodeName), node.units[unit] != nil else { return nil }
        return node.unitRecords[unit]
            ?? UnitRecord(since: createdAt, runs: [UnitRun(started: createdAt, pid: 1)], loadedText: "")
    }

    /// `systemctl stop`: the main process ends; what it ran reacts (an external etcd member
    /// leaves the quorum at once). A stopped kubelet leaves its static pods running.
    public mutating func stopUnit(_ unit: String, on nodeName: String) {
        guard let state = node(named: nodeName)?.units[unit] else { return }
        let label = unitLabel(unit, on: nodeName)
        if state != .inactive {
            record("systemd/\(nodeName)", "Stopping \(label)...")
            record("systemd/\(nodeName)", "\(unit).service: Deactivated successfully.")
            record("systemd/\(nodeName)", "Stopped \(label).")
        }
        let now = self.now
        updateNode(nodeName) { node in
            node.units[unit] = .inactive
            if state != .inactive { node.unitRecords[unit]?.since = now }
        }
        if unit == "haproxy" { loadBalancers[nodeName] = nil }
        reconcileEtcd()
    }

    /// `systemctl start`: a new main process; a kubelet rereads its manifests right away.
    public mutating func startUnit(_ unit: String, on nodeName: String) {
        guard let node = node(named: nodeName), let state = node.units[unit], state != .active else { return }
        let now = self.now
        var rng = SeededGenerator(seed: seed, label: "systemd/\(nodeName)/\(unit)/\(now.milliseconds)")
        // The kubelet crash-loops until kubeadm gave it a kubeconfig.
        let crashes = unit == "kubelet" && !node.files.isFile("/etc/kubernetes/kubelet.conf")
        updateNode(nodeName) { node in
            node.units[unit] = crashes ? .failed : .active
            var record = node.unitRecords[unit] ?? UnitRecord(since: now, runs: [], loadedText: "")
            // A unit systemd never loaded is loaded from disk when first started; one it loaded
            // keeps that definition until `daemon-reload`, whatever was edited since.
            if record.loadedText.isEmpty { record.loadedText = Systemd.unitText(unit, in: node.files) ?? "" }
            record.since = now
            let pid = (record.runs.last?.pid ?? 1000) + rng.int(in: 200...4_000)
            let run = UnitRun(started: now, pid: pid, definition: record.loadedText)
            record.runs = Array((record.runs + [run]).suffix(32))
            node.unitRecords[unit] = record
        }
        if unit == "haproxy", !startHAProxy(on: nodeName) {
            // The configuration check in ExecStart fails: the process exits at once.
            updateNode(nodeName) { $0.units[unit] = .failed }
            record("systemd/\(nodeName)", "\(unit).service: Main process exited, code=exited, status=1/FAILURE")
            record("systemd/\(nodeName)", "\(unit).service: Failed with result 'exit-code'.")
            record("systemd/\(nodeName)", "Failed to start \(unitLabel(unit, on: nodeName)).")
            return
        }
        record("systemd/\(nodeName)", "Started \(unitLabel(unit, on: nodeName)).")
        if unit == "kubelet", !crashes { syncKubelet(on: nodeName) }
        reconcileEtcd()
    }

    /// `systemctl restart`: stop, then start.
    public mutating func restartUnit(_ unit: String, on nodeName: String) {
        stopUnit(unit, on: nodeName)
        startUnit(unit, on: nodeName)
    }

    /// `systemctl reload`: the service rereads its configuration; the process stays.
    /// HAProxy checks the new configuration first (`ExecReload=haproxy -c`) and keeps the old one
    /// when it is invalid; returns false then, as the reload job fails.
    @discardableResult
    public mutating func reloadUnit(_ unit: String, on nodeName: String) -> Bool {
        let label = unitLabel(unit, on: nodeName)
        record("systemd/\(nodeName)", "Reloading \(label)...")
        if unit == "haproxy" {
            switch loadHAProxyConfig(on: nodeName) {
            case .success:
                startHAProxy(on: nodeName)
            case .failure(let failure):
                for message in failure.messages { recordHAProxy(nodeName, message) }
                record("systemd/\(nodeName)", "\(unit).service: Control process exited, code=exited, status=1/FAILURE")
                record("systemd/\(nodeName)", "Reload failed for \(label).")
                return false
            }
        }
        record("systemd/\(nodeName)", "Reloaded \(label).")
        return true
    }

    /// `systemctl enable` / `disable`.
    public mutating func setUnitEnabled(_ unit: String, on nodeName: String, _ enabled: Bool) {
        updateNode(nodeName) { $0.unitRecords[unit]?.enabled = enabled }
    }

    /// `systemctl daemon-reload`: systemd rereads every unit file and drop-in.
    public mutating func reloadUnitFiles(on nodeName: String) {
        updateNode(nodeName) { node in
            for unit in node.units.keys {
                node.unitRecords[unit]?.loadedText = Systemd.unitText(unit, in: node.files) ?? ""
            }
        }
    }

    /// Whether a unit's files changed on disk since systemd loaded them.
    public func unitNeedsReload(_ unit: String, on nodeName: String) -> Bool {
        guard let node = node(named: nodeName), let record = node.unitRecords[unit] else { return false }
        return (Systemd.unitText(unit, in: node.files) ?? "") != record.loadedText
    }
}
