import Foundation

/// What an etcd data directory (`member/snap/db`) or a snapshot file holds, as far as the
/// trainer needs it: whose data it is, the revision, the keys, and the membership a restore wrote.
///
/// The virtual file is text, one record per line; a real bbolt file is binary, so nobody reads
/// these by eye on a real node either.
public struct EtcdDataFile: Sendable, Hashable {
    public static let magic = "kubedojo-etcd-db v1"

    public var clusterID: UInt64
    /// 0 in a snapshot: it belongs to no member.
    public var memberID: UInt64
    public var revision: Int64
    /// Kubernetes' own objects, counted but not modelled key by key.
    public var systemKeys: Int
    public var size: Int64
    /// The membership a restore (or a bootstrap) wrote; empty in a live member's file.
    public var members: [(id: UInt64, name: String, peerURLs: [String])] = []
    public var keys: [EtcdKeyValue] = []

    public static func == (a: Self, b: Self) -> Bool { a.render() == b.render() }
    public func hash(into hasher: inout Hasher) { hasher.combine(render()) }

    public var totalKeys: Int { systemKeys + keys.count }

    /// The snapshot hash etcd prints (crc32 of the contents; here a digest of the records).
    public var contentHash: UInt32 {
        UInt32(truncatingIfNeeded: SHA1.leadingUInt64(Array(render().utf8)) >> 32)
    }

    public func render() -> String {
        var lines = [
            Self.magic, "cluster-id \(String(clusterID, radix: 16))", "member-id \(String(memberID, radix: 16))",
            "revision \(revision)", "system-keys \(systemKeys)", "size \(size)",
        ]
        for member in members {
            lines.append("member \(String(member.id, radix: 16)) \(member.name) \(member.peerURLs.joined(separator: ","))")
        }
        for kv in keys {
            lines.append(
                "kv \(Base64Codec.encode(kv.key)) \(Base64Codec.encode(kv.value)) \(kv.createRevision) \(kv.modRevision) \(kv.version)"
            )
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Reads a file written by `render`; nil for anything else (a corrupt or foreign file).
    public static func parse(_ text: String) -> EtcdDataFile? {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: true).makeIterator()
        guard lines.next() == Substring(magic) else { return nil }
        var file = EtcdDataFile(clusterID: 0, memberID: 0, revision: 1, systemKeys: 0, size: 0)
        var sawCluster = false
        while let line = lines.next() {
            let fields = line.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
            guard let tag = fields.first else { continue }
            switch (tag, fields.count) {
            case ("cluster-id", 2):
                guard let id = UInt64(fields[1], radix: 16) else { return nil }
                file.clusterID = id
                sawCluster = true
            case ("member-id", 2): file.memberID = UInt64(fields[1], radix: 16) ?? 0
            case ("revision", 2): file.revision = Int64(fields[1]) ?? 1
            case ("system-keys", 2): file.systemKeys = Int(fields[1]) ?? 0
            case ("size", 2): file.size = Int64(fields[1]) ?? 0
            case ("member", 4):
                guard let id = UInt64(fields[1], radix: 16) else { return nil }
                file.members.append((id, fields[2], fields[3].split(separator: ",").map(String.init)))
            case ("kv", 6):
                guard let key = Data(base64Encoded: fields[1]).flatMap({ String(data: $0, encoding: .utf8) }),
                    let value = Data(base64Encoded: fields[2]).flatMap({ String(data: $0, encoding: .utf8) }),
                    let create = Int64(fields[3]), let mod = Int64(fields[4]), let version = Int64(fields[5])
                else { return nil }
                file.keys.append(
                    EtcdKeyValue(key: key, value: value, createRevision: create, modRevision: mod, version: version))
            default: return nil
            }
        }
        return sawCluster ? file : nil
    }

    /// `<dir>/member/snap/db`.
    public static func dbPath(dataDir: String) -> String {
        (dataDir.hasSuffix("/") ? String(dataDir.dropLast()) : dataDir) + "/member/snap/db"
    }
}

extension Cluster {
    /// Where the node's etcd process keeps its data on the node: `--data-dir` through the
    /// pod's volume mounts (stacked) or as written in the unit (external). Nil when the
    /// directory is not on a hostPath volume.
    public func etcdHostDataDir(on node: Node) -> String? {
        guard let config = etcdServerConfig(on: node) else { return nil }
        let dataDir = config.dataDir ?? "\(config.name ?? "default").etcd"
        switch spec.topology {
        case .stacked:
            guard let pod = node.staticPods.values.first(where: { $0.pod.name == "etcd" })?.pod else { return nil }
            let absolute = dataDir.hasPrefix("/") ? dataDir : "/" + dataDir
            return pod.hostPath(forContainerPath: absolute)
        case .external: return FileSystem.resolve(dataDir, cwd: "/var/lib/etcd")
        case .none: return nil
        }
    }

    /// A snapshot of the key space as `member` serves it.
    public func etcdSnapshot(from member: EtcdMember) -> EtcdDataFile {
        EtcdDataFile(
            clusterID: etcd.clusterID, memberID: 0, revision: etcd.revision, systemKeys: etcd.systemKeys,
            size: member.dbSize,
            keys: etcd.keys.values.sorted { Array($0.key.utf8).lexicographicallyPrecedes(Array($1.key.utf8)) })
    }
}

/// `etcdutl snapshot restore`: a new data directory holding the snapshot's keys and a new
/// membership, with the IDs real etcd derives from the peer URLs and the cluster token.
public struct EtcdRestore: Sendable {
    public var name = "default"
    public var initialCluster = "default=http://localhost:2380"
    public var token = "etcd-cluster"
    public var advertisePeerURLs = "http://localhost:2380"
    public var dataDir: String?

    public init() {}

    public enum Failure: Error, Equatable {
        case notEmpty(String)
        case missingFile(String)
        case notASnapshot
        case nameNotInCluster(String)
        case badInitialCluster(String)
    }

    /// The members of `--initial-cluster` (name → peer URLs, in order of first mention).
    public func members() -> Result<[(name: String, peerURLs: [String])], Failure> {
        var result: [(name: String, peerURLs: [String])] = []
        for pair in initialCluster.split(separator: ",") {
            guard let eq = pair.firstIndex(of: "="), eq != pair.startIndex else {
                return .failure(.badInitialCluster(String(pair)))
            }
            let name = String(pair[..<eq]), url = String(pair[pair.index(after: eq)...])
            if let index = result.firstIndex(where: { $0.name == name }) {
                result[index].peerURLs.append(url)
            } else {
                result.append((name, [url]))
            }
        }
        return .success(result)
    }

    public var resolvedDataDir: String { dataDir ?? "\(name).etcd" }

    /// Whether the target directory already holds something (etcd refuses to restore into it).
    public func targetIsOccupied(in files: FileSystem) -> Bool {
        let dir = resolvedDataDir
        return files.isFile(dir) || (files.list(dir).success.map { !$0.isEmpty } ?? false)
    }

    /// Restores `snapshotPath` on `files` (the current node), returning the new data file.
    public func run(snapshotPath: String, files: inout FileSystem) -> Result<EtcdDataFile, Failure> {
        let dir = resolvedDataDir
        if targetIsOccupied(in: files) { return .failure(.notEmpty(dir)) }
        guard let text = files.read(snapshotPath).success else { return .failure(.missingFile(snapshotPath)) }
        guard let snapshot = EtcdDataFile.parse(text) else { return .failure(.notASnapshot) }
        let members: [(name: String, peerURLs: [String])]
        switch self.members() {
        case .failure(let failure): return .failure(failure)
        case .success(let parsed): members = parsed
        }
        guard members.contains(where: { $0.name == name }) else { return .failure(.nameNotInCluster(name)) }
        let ids = members.map { EtcdCluster.memberID(peerURLs: $0.peerURLs, token: token) }
        var restored = snapshot
        restored.clusterID = EtcdCluster.clusterID(memberIDs: ids)
        restored.memberID = ids[members.firstIndex { $0.name == name } ?? 0]
        restored.members = zip(ids, members).map { ($0, $1.name, $1.peerURLs) }.sorted { $0.id < $1.id }
        files.makeDirectories(dir + "/member/wal")
        files.makeDirectories(dir + "/member/snap")
        files.install(EtcdDataFile.dbPath(dataDir: dir), restored.render(), mode: 0o600)
        files.install(dir + "/member/wal/0000000000000000-0000000000000000.wal", "", mode: 0o600)
        return .success(restored)
    }
}
