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

    /// Opens (creating if needed) and migrates the database at `path`.
    public init(path: String) throws(StoreError) {
        try Self.inspect(path: path)
        var configuration = Configuration()
        configuration.busyMode = .timeout(5)
        do {
            let pool = try DatabasePool(path: path, configuration: configuration)
            writer = pool
        } catch {
            throw StoreError("cannot open the progress database \(path): \(Self.reason(error))")
        }
        try migrate(path: path)
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
            let applied = try queue.read { db in try Schema.migrator.appliedIdentifiers(db) }
            try queue.close()
            try refuseUnknownMigrations(applied, path: path)
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
