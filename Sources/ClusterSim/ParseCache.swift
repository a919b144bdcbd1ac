import Synchronization

/// Results of a pure parser remembered by its input text. Files of a simulated node are read
/// again and again (every health check parses the same certificates and manifests), and forks
/// of one cluster share their texts, so a parse is done once per distinct text and process.
/// Bounded: past `limit` entries the cache starts afresh.
public final class ParseCache<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    private let storage = Mutex<[Key: Value]>([:])
    private let limit: Int

    public init(limit: Int = 4096) {
        self.limit = limit
    }

    public func value(for key: Key, parse: (Key) -> Value) -> Value {
        if let known = storage.withLock({ $0[key] }) { return known }
        let value = parse(key)
        storage.withLock { entries in
            if entries.count >= limit { entries.removeAll(keepingCapacity: true) }
            entries[key] = value
        }
        return value
    }

    /// Records what parsing `key` gives, when it is already known (a renderer knows what its text parses to).
    public func remember(_ value: Value, for key: Key) {
        storage.withLock { entries in
            if entries.count >= limit { entries.removeAll(keepingCapacity: true) }
            entries[key] = value
        }
    }
}
