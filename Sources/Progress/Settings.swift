import GRDB

/// The learner's settings, kept in the database so every process and machine sharing it agrees.
public struct Settings: Sendable, Hashable {
    /// The probability of recall FSRS aims for when it picks an interval.
    public var retention: Double
    /// How many drills never practised before `review` introduces per local day.
    public var newPerDay: Int

    /// Desired retention as the FSRS literature recommends offering it: 0.70 to 0.97.
    public static let retentionRange = 0.7...0.97
    /// New drills per day: none (reviews only) up to a generous 50.
    public static let newPerDayRange = 0...50
    /// What a fresh database uses.
    public static let `default` = Settings(retention: 0.9, newPerDay: 3)

    /// Wraps the two settings; use `Settings.parse` for text typed by a learner.
    public init(retention: Double, newPerDay: Int) {
        self.retention = retention
        self.newPerDay = newPerDay
    }

    /// The setting names `config set` accepts, with what each means.
    public static let keys: [(name: String, meaning: String)] = [
        ("retention", "desired retention, \(retentionRange.lowerBound)-\(retentionRange.upperBound) (default 0.9)"),
        ("new-per-day", "drills never practised that review introduces per day, 0-50 (default 3)"),
    ]

    /// The stored text for `value` of setting `key`, checked; the error is worded for the learner.
    public static func validate(key: String, value: String) throws(StoreError) -> String {
        switch key {
        case "retention":
            guard let number = Double(value), number.isFinite, retentionRange.contains(number) else {
                throw StoreError(
                    "retention must be a number from \(retentionRange.lowerBound) to \(retentionRange.upperBound), got '\(value)'"
                )
            }
            return String(number)
        case "new-per-day":
            guard let number = Int(value), newPerDayRange.contains(number) else {
                throw StoreError("new-per-day must be a whole number from 0 to 50, got '\(value)'")
            }
            return String(number)
        default:
            throw StoreError("unknown setting '\(key)'; settings are \(keys.map(\.name).joined(separator: ", "))")
        }
    }

    /// Settings from stored text; a value that no longer validates falls back to its default.
    static func from(_ stored: [String: String]) -> Settings {
        var settings = Settings.default
        if let text = stored["retention"], let value = Double(text), retentionRange.contains(value) {
            settings.retention = value
        }
        if let text = stored["new-per-day"], let value = Int(text), newPerDayRange.contains(value) {
            settings.newPerDay = value
        }
        return settings
    }

    /// The value of `key` as `config get` prints it.
    public func text(for key: String) -> String? {
        switch key {
        case "retention": String(retention)
        case "new-per-day": String(newPerDay)
        default: nil
        }
    }
}

extension Store {
    /// The learner's settings, defaults filled in.
    public func settings() throws(StoreError) -> Settings {
        try read { db in
            let rows = try Row.fetchAll(db, sql: "SELECT key, value FROM settings")
            return Settings.from(Dictionary(rows.map { ($0["key"], $0["value"]) }, uniquingKeysWith: { $1 }))
        }
    }

    /// Validates and stores one setting; returns the value as stored.
    @discardableResult
    public func setSetting(_ key: String, to value: String) throws(StoreError) -> String {
        let stored = try Settings.validate(key: key, value: value)
        try write { db in
            try db.execute(
                sql: "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                arguments: [key, stored])
        }
        return stored
    }
}
