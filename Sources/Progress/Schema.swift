import GRDB

/// The database schema as a list of migrations; never edit a shipped migration, add one.
enum Schema {
    static let v1 = "v1-attempts-commands-checks"
    static let v2 = "v2-cards-review-log"
    static let v3 = "v3-settings-resumes"
    static let v4 = "v4-attempt-revealed"
    static let v5 = "v5-exams"
    static let v6 = "v6-attempt-snapshots"

    /// Every migration, in order; a database applied with identifiers outside this list is from a newer kubedojo.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        registerV1(in: &migrator)
        registerV2(in: &migrator)
        registerV3(in: &migrator)
        registerV4(in: &migrator)
        registerV5(in: &migrator)
        registerV6(in: &migrator)
        return migrator
    }

    /// Attempts, their command log and check results.
    static func registerV1(in migrator: inout DatabaseMigrator) {
        migrator.registerMigration(v1) { db in
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
    }

    /// FSRS cards and the review log they are rebuilt from.
    static func registerV2(in migrator: inout DatabaseMigrator) {
        migrator.registerMigration(v2) { db in
            // Derived state: `reschedule` deletes every row and replays `review_log`.
            try db.create(table: "cards") { t in
                t.primaryKey("card_id", .text)
                t.column("kind", .text).notNull()
                t.column("state", .integer).notNull().check { (1...3).contains($0) }
                t.column("step", .integer)
                t.column("stability", .double)
                t.column("difficulty", .double)
                t.column("due", .integer).notNull().indexed()
                t.column("last_review", .integer)
                t.column("reps", .integer).notNull()
                t.column("lapses", .integer).notNull()
            }
            // The source of truth; no foreign key to `cards`, which is rebuilt from it.
            try db.create(table: "review_log") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("card_id", .text).notNull().indexed()
                t.column("kind", .text).notNull()
                t.column("attempt_id", .integer).references("attempts", onDelete: .setNull)
                t.column("rating", .integer).notNull().check { (1...4).contains($0) }
                t.column("reviewed_at", .integer).notNull()
                t.column("percent", .double)
                t.column("elapsed_ms", .integer)
                t.column("target_ms", .integer)
                t.column("hints", .integer).notNull().defaults(to: 0)
                t.column("revealed", .boolean).notNull().defaults(to: false)
                t.column("suggested_rating", .integer).check { $0 == nil || (1...4).contains($0) }
                t.column("overridden", .boolean).notNull().defaults(to: false)
            }
        }
    }

    /// Learner settings (retention, new drills per day) and how often an attempt was resumed.
    static func registerV3(in migrator: inout DatabaseMigrator) {
        migrator.registerMigration(v3) { db in
            try db.create(table: "settings") { t in
                t.primaryKey("key", .text)
                t.column("value", .text).notNull()
            }
            try db.alter(table: "attempts") { t in
                t.add(column: "resumes", .integer).notNull().defaults(to: 0)
            }
        }
    }

    /// Whether the learner revealed the reference solution with `:solution`.
    static func registerV4(in migrator: inout DatabaseMigrator) {
        migrator.registerMigration(v4) { db in
            try db.alter(table: "attempts") { t in
                t.add(column: "revealed", .boolean).notNull().defaults(to: false)
            }
        }
    }

    /// Mock exams and their tasks; each task's work is an attempt in mode 'exam'.
    static func registerV5(in migrator: inout DatabaseMigrator) {
        migrator.registerMigration(v5) { db in
            try db.create(table: "exams") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("blueprint", .text).notNull()
                t.column("seed", .integer).notNull()
                t.column("minutes", .integer).notNull()
                t.column("started_at", .integer).notNull()
                t.column("deadline", .integer).notNull()
                t.column("finished_at", .integer)
                // Per mille of the marks, so 65.95 % is not stored as a pass.
                t.column("score_permille", .integer)
                t.column("passed", .boolean)
                t.column("outcome", .text).notNull()
                t.column("resumes", .integer).notNull().defaults(to: 0)
            }
            try db.create(table: "exam_tasks") { t in
                t.column("exam_id", .integer).notNull().references("exams", onDelete: .cascade)
                t.column("position", .integer).notNull()
                t.column("attempt_id", .integer).notNull().references("attempts", onDelete: .cascade)
                t.column("scenario", .text).notNull()
                t.column("topic", .text).notNull()
                t.column("seed", .integer).notNull()
                t.column("weight", .integer).notNull()
                t.column("flagged", .boolean).notNull().defaults(to: false)
                t.column("visited", .boolean).notNull().defaults(to: false)
                t.column("note", .text)
                t.column("spent_ms", .integer)
                t.column("percent", .integer)
                t.column("wrong_host", .text)
                t.primaryKey(["exam_id", "position"])
            }
        }
    }

    /// The state of an interrupted attempt after one of its stored lines, so a resume replays only the
    /// lines after it. A cache: the command log stays the record, and a snapshot that does not decode
    /// is ignored.
    static func registerV6(in migrator: inout DatabaseMigrator) {
        migrator.registerMigration(v6) { db in
            try db.create(table: "attempt_snapshots") { t in
                t.primaryKey("attempt_id", .integer).references("attempts", onDelete: .cascade)
                t.column("seq", .integer).notNull()
                t.column("format", .text).notNull()
                t.column("state", .blob).notNull()
            }
        }
    }
}
