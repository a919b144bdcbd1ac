import GRDB

/// The database schema as a list of migrations; never edit a shipped migration, add one.
enum Schema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-attempts-commands-checks") { db in
            try db.create(table: "attempts") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("scenario", .text).notNull().indexed()
                t.column("seed", .integer).notNull()
                t.column("mode", .text).notNull()
                t.column("started_at", .integer).notNull()
                t.column("finished_at", .integer)
                t.column("score", .integer)
                t.column("max_score", .integer)
                t.column("percent", .integer)
                t.column("hints", .integer).notNull().defaults(to: 0)
                t.column("outcome", .text).notNull()
            }
            try db.create(table: "commands") { t in
                t.column("attempt_id", .integer).notNull().references("attempts", onDelete: .cascade)
                t.column("seq", .integer).notNull()
                t.column("wall_ms", .integer).notNull()
                t.column("host", .text).notNull()
                t.column("line", .text).notNull()
                t.primaryKey(["attempt_id", "seq"])
            }
            try db.create(table: "check_results") { t in
                t.column("attempt_id", .integer).notNull().references("attempts", onDelete: .cascade)
                t.column("round", .integer).notNull()
                t.column("check_id", .text).notNull()
                t.column("passed", .boolean).notNull()
                t.column("earned", .integer).notNull()
                t.column("points", .integer).notNull()
                t.column("coaching", .boolean).notNull()
                t.column("feedback", .text).notNull()
                t.primaryKey(["attempt_id", "round", "check_id"])
            }
        }
        return migrator
    }
}
