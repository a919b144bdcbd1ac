import Foundation
import GRDB

/// A reason the progress database cannot be used, worded for the learner.
public struct StoreError: Error, Sendable, CustomStringConvertible {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }
}

/// The progress database: attempts, the command log, check results. One SQLite file in WAL
/// mode; every write is one transaction, so a crash loses at most the line being typed.
public final class Store: Sendable {
    let writer: any DatabaseWriter

    /// Opens (creating if needed) and migrates the database at `path`. A file this process may not
    /// write (or `readOnly`) is opened read-only: reading works, every write fails with a clear error.
    public init(path: String, readOnly: Bool = false) throws(StoreError) {
        try Self.inspect(path: path)
        var configuration = Configuration()
        configuration.busyMode = .timeout(5)
        // Statement journals and sorts stay in memory: the database and its journal are the only
        // files kubedojo writes (a snapshot's large row would otherwise spill to /var/tmp).
        configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA temp_store = MEMORY") }
        let exists = FileManager.default.fileExists(atPath: path)
        let readOnly = readOnly || (exists && !FileManager.default.isWritableFile(atPath: path))
        do {
            if readOnly {
                configuration.readonly = true
                writer = try DatabaseQueue(path: path, configuration: configuration)
            } else {
                writer = try DatabasePool(path: path, configuration: configuration)
            }
        } catch {
            throw StoreError("cannot open the progress database \(path): \(Self.reason(error))")
        }
        if readOnly {
            let pending = try read { db in try !Schema.migrator.hasCompletedMigrations(db) }
            if pending {
                throw StoreError(
                    "the progress database \(path) is read-only and needs an upgrade this kubedojo cannot write; it was left untouched"
                )
            }
        } else {
            try migrate(path: path)
        }
    }

    /// An in-memory database, for tests.
    public init() throws(StoreError) {
        do {
            writer = try DatabaseQueue()
        } catch {
            throw StoreError("cannot create an in-memory database: \(Self.reason(error))")
        }
        try migrate(path: ":memory:")
    }

    private func migrate(path: String) throws(StoreError) {
        let migrator = Schema.migrator
        do {
            let applied = try writer.read { db in try migrator.appliedIdentifiers(db) }
            try Self.refuseUnknownMigrations(applied, path: path)
            try migrator.migrate(writer)
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError("cannot use the progress database \(path): \(Self.reason(error))")
        }
    }

    /// Checks an existing file through a read-only connection before the pool opens it: opening a pool
    /// writes to the file (GRDB makes sure a WAL file exists), and a newer or damaged file must stay byte-identical.
    private static func inspect(path: String) throws(StoreError) {
        guard FileManager.default.fileExists(atPath: path) else { return }
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(5)
        do {
            let queue = try DatabaseQueue(path: path, configuration: configuration)
            let (applied, health) = try queue.read { db in
                // quick_check reads every page, so damage anywhere is found before anything is written.
                (try Schema.migrator.appliedIdentifiers(db), try String.fetchAll(db, sql: "PRAGMA quick_check"))
            }
            try queue.close()
            try refuseUnknownMigrations(applied, path: path)
            guard health == ["ok"] else {
                throw StoreError(
                    "cannot open the progress database \(path): the file is damaged (\(health.prefix(3).joined(separator: "; "))); it was left untouched"
                )
            }
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError("cannot open the progress database \(path): \(reason(error))")
        }
    }

    private static func refuseUnknownMigrations(_ applied: Set<String>, path: String) throws(StoreError) {
        if !applied.isSubset(of: Set(Schema.migrator.migrations)) {
            throw StoreError("the progress database \(path) was written by a newer kubedojo; it was left untouched")
        }
    }

    static func reason(_ error: any Error) -> String {
        if let error = error as? DatabaseError {
            switch error.resultCode {
            case .SQLITE_NOTADB, .SQLITE_CORRUPT:
                return "the file is not a kubedojo database or is damaged (it was left untouched)"
            case .SQLITE_CANTOPEN: return "the file cannot be opened (check the folder exists and is writable)"
            case .SQLITE_READONLY: return "the file is read-only"
            case .SQLITE_FULL: return "the disk is full"
            default: return error.message ?? "\(error.resultCode)"
            }
        }
        return "\(error)"
    }

    /// Caps the file at `pages` pages on the writing connection, so tests can meet a full disk (SQLITE_FULL).
    func limitPages(_ pages: Int) throws {
        try writer.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA max_page_count = \(pages)") }
    }

    func write<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        do {
            return try writer.write(body)
        } catch {
            throw StoreError("cannot save progress: \(Self.reason(error))")
        }
    }

    func read<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        do {
            return try writer.read(body)
        } catch {
            throw StoreError("cannot read progress: \(Self.reason(error))")
        }
    }
}
