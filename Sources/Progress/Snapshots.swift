import Foundation
import GRDB

/// The saved state of an attempt after its stored line `seq`, in a format its writer names.
public struct AttemptSnapshot: Sendable, Hashable {
    public var seq: Int
    public var format: String
    public var state: Data

    public init(seq: Int, format: String, state: Data) {
        self.seq = seq
        self.format = format
        self.state = state
    }
}

extension Store {
    /// Replaces the attempt's snapshot; only the newest one is kept, and only while the attempt is
    /// unfinished (finishing it deletes the snapshot).
    public func saveSnapshot(attempt: Int64, _ snapshot: AttemptSnapshot) throws(StoreError) {
        try write { db in
            try db.execute(
                sql: """
                    INSERT OR REPLACE INTO attempt_snapshots (attempt_id, seq, format, state)
                    SELECT ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM attempts WHERE id = ? AND finished_at IS NULL)
                    """,
                arguments: [attempt, snapshot.seq, snapshot.format, snapshot.state, attempt])
        }
    }

    /// The attempt's newest snapshot, if it has one.
    public func snapshot(attempt: Int64) throws(StoreError) -> AttemptSnapshot? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM attempt_snapshots WHERE attempt_id = ?", arguments: [attempt]).map {
                AttemptSnapshot(seq: $0["seq"], format: $0["format"], state: $0["state"])
            }
        }
    }
}
