import GRDB

/// What a card stands for; each kind has its own scheduler configuration.
public enum CardKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// A hands-on drill rated from its attempt; scheduled in whole days, with no learning steps.
    case scenario
    /// A short recall question answered inline; uses the default (re)learning steps.
    case recall

    /// The scheduler DESIGN §5 prescribes for this kind, with the given model and retention.
    public func scheduler(parameters: FSRSParameters = .default, desiredRetention: Double = 0.9, fuzz: Bool = true)
        throws(FSRSError) -> FSRSScheduler
    {
        switch self {
        case .scenario:
            return try FSRSScheduler(
                parameters: parameters, desiredRetention: desiredRetention, learningSteps: [], relearningSteps: [],
                fuzz: fuzz)
        case .recall:
            return try FSRSScheduler(parameters: parameters, desiredRetention: desiredRetention, fuzz: fuzz)
        }
    }
}

/// A card's scheduling state as stored, e.g. "scenario:find-etcd-leader" or "card:quorum-3".
public struct StoredCard: Sendable, Hashable {
    /// The card's stable name.
    public var id: String
    /// Whether it is a scenario or a recall card.
    public var kind: CardKind
    /// The scheduler's view of the card; its numeric `id` is `Store.fuzzKey(for:)` of the name.
    public var schedule: FSRSCard
}

/// A card that is due, with its probability of recall at the time asked.
public struct DueCard: Sendable, Hashable {
    /// The card.
    public var card: StoredCard
    /// The probability of recall now, counting whole days; 0 when the card has no usable memory.
    public var retrievability: Double
}

/// One row of the review log: the rating given and the raw signals it was derived from.
public struct ReviewRecord: Sendable, Hashable {
    /// The row's position in the log; replay follows it.
    public var id: Int64
    /// The card reviewed.
    public var cardID: String
    /// The card's kind, which picks the scheduler on replay.
    public var kind: CardKind
    /// The hands-on attempt rated, if any.
    public var attemptID: Int64?
    /// The rating applied to the card.
    public var rating: Rating
    /// When the review happened.
    public var reviewedAt: Instant
    /// The graded score in percent, when there was one.
    public var percent: Double?
    /// Time taken, when measured.
    public var elapsedMilliseconds: Int64?
    /// The target time the rating compared against, when known.
    public var targetMilliseconds: Int64?
    /// Hints shown before the review.
    public var hints: Int
    /// Whether the solution was shown.
    public var revealed: Bool
    /// The rating suggested from the signals, if one was.
    public var suggested: Rating?
    /// Whether the learner chose a rating other than the suggested one.
    public var overridden: Bool
}

extension Store {
    /// Appends a review to the log and reschedules its card with `scheduler`, in one transaction.
    @discardableResult
    public func recordReview(
        cardID: String, kind: CardKind, attempt: Int64?, rating: Rating, suggested: Rating?, at time: Instant,
        percent: Double?, elapsedMilliseconds: Int64?, targetMilliseconds: Int64? = nil, hints: Int = 0,
        revealed: Bool = false, scheduler: FSRSScheduler
    ) throws(StoreError) -> StoredCard {
        try write { db in
            try db.execute(
                sql: """
                    INSERT INTO review_log (card_id, kind, attempt_id, rating, reviewed_at, percent, elapsed_ms,
                      target_ms, hints, revealed, suggested_rating, overridden)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    cardID, kind.rawValue, attempt, rating.rawValue, time.millisecondsSinceEpoch, percent,
                    elapsedMilliseconds, targetMilliseconds, hints, revealed, suggested?.rawValue,
                    suggested.map { $0 != rating } ?? false,
                ])
            let card = try Self.fetchCard(db, id: cardID)?.schedule ?? FSRSCard(id: Self.fuzzKey(for: cardID), due: time)
            let updated = StoredCard(id: cardID, kind: kind, schedule: scheduler.review(card, rating: rating, at: time).card)
            try Self.save(updated, in: db)
            return updated
        }
    }

    /// The card named `id`, or `nil` if it has never been reviewed.
    public func card(id: String) throws(StoreError) -> StoredCard? {
        try read { db in try Self.fetchCard(db, id: id) }
    }

    /// Every card, by name.
    public func cards() throws(StoreError) -> [StoredCard] {
        try read { db in try Row.fetchAll(db, sql: "SELECT * FROM cards ORDER BY card_id").map(Self.decodeCard) }
    }

    /// Cards due at `now`, lowest retrievability first (then earliest due, then name); at most `limit` of them.
    public func dueCards(at now: Instant, limit: Int? = nil, parameters: FSRSParameters = .default)
        throws(StoreError) -> [DueCard]
    {
        let due = try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM cards WHERE due <= ?", arguments: [now.millisecondsSinceEpoch])
                .map(Self.decodeCard)
        }
        let sorted = due.map { DueCard(card: $0, retrievability: Self.retrievability($0.schedule, at: now, parameters)) }
            .sorted {
                ($0.retrievability, $0.card.schedule.due, $0.card.id)
                    < ($1.retrievability, $1.card.schedule.due, $1.card.id)
            }
        return Array(sorted.prefix(max(limit ?? sorted.count, 0)))
    }

    /// The review log in the order it was recorded, for one card or all of them.
    public func reviews(cardID: String? = nil) throws(StoreError) -> [ReviewRecord] {
        try read { db in
            let rows =
                if let cardID {
                    try Row.fetchAll(db, sql: "SELECT * FROM review_log WHERE card_id = ? ORDER BY id", arguments: [cardID])
                } else {
                    try Row.fetchAll(db, sql: "SELECT * FROM review_log ORDER BY id")
                }
            return try rows.map(Self.decodeReview)
        }
    }

    /// When each card was first reviewed (milliseconds since the epoch), by card name.
    public func firstReviewTimes() throws(StoreError) -> [String: Int64] {
        try read { db in
            let rows = try Row.fetchAll(db, sql: "SELECT card_id, MIN(reviewed_at) AS first FROM review_log GROUP BY card_id")
            return Dictionary(rows.map { ($0["card_id"], $0["first"]) }, uniquingKeysWith: { min($0, $1) })
        }
    }

    /// Rebuilds every card from the review log alone, replaying it in recorded order; returns the card count.
    @discardableResult
    public func reschedule(scheduler: (CardKind) -> FSRSScheduler) throws(StoreError) -> Int {
        try write { db in
            var cards: [String: StoredCard] = [:]
            for review in try Row.fetchAll(db, sql: "SELECT * FROM review_log ORDER BY id").map(Self.decodeReview) {
                let card =
                    cards[review.cardID]?.schedule
                    ?? FSRSCard(id: Self.fuzzKey(for: review.cardID), due: review.reviewedAt)
                let updated = scheduler(review.kind).review(card, rating: review.rating, at: review.reviewedAt).card
                cards[review.cardID] = StoredCard(id: review.cardID, kind: review.kind, schedule: updated)
            }
            try db.execute(sql: "DELETE FROM cards")
            for card in cards.values {
                try Self.save(card, in: db)
            }
            return cards.count
        }
    }
}

extension Store {
    /// A stable 64-bit number for a card name (FNV-1a over its UTF-8), so fuzz is the same in every process.
    static func fuzzKey(for cardID: String) -> Int64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in cardID.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
        }
        return Int64(bitPattern: hash)
    }

    /// Recall probability at `now` as the scheduler computes it; 0 without a usable memory, so such cards come first.
    static func retrievability(_ card: FSRSCard, at now: Instant, _ parameters: FSRSParameters) -> Double {
        guard let memory = card.memory, let lastReview = card.lastReview, memory.stability.isFinite else { return 0 }
        let days = Double(max(0, now.wholeDays(since: lastReview)))
        let value = parameters.retrievability(
            elapsedDays: days, stability: max(memory.stability, FSRSParameters.minimumStability))
        return value.isFinite ? value : 0
    }

    static func fetchCard(_ db: Database, id: String) throws -> StoredCard? {
        try Row.fetchOne(db, sql: "SELECT * FROM cards WHERE card_id = ?", arguments: [id]).map(decodeCard)
    }

    static func save(_ card: StoredCard, in db: Database) throws {
        let schedule = card.schedule
        try db.execute(
            sql: """
                INSERT INTO cards (card_id, kind, state, step, stability, difficulty, due, last_review, reps, lapses)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (card_id) DO UPDATE SET kind = excluded.kind, state = excluded.state, step = excluded.step,
                  stability = excluded.stability, difficulty = excluded.difficulty, due = excluded.due,
                  last_review = excluded.last_review, reps = excluded.reps, lapses = excluded.lapses
                """,
            arguments: [
                card.id, card.kind.rawValue, schedule.state.rawValue, schedule.step, schedule.memory?.stability,
                schedule.memory?.difficulty, schedule.due.millisecondsSinceEpoch,
                schedule.lastReview?.millisecondsSinceEpoch, schedule.reviewCount, schedule.lapseCount,
            ])
    }

    static func decodeCard(_ row: Row) throws -> StoredCard {
        let id: String = row["card_id"]
        let kind: CardKind = try decode(row["kind"], as: CardKind.self, what: "kind", of: id)
        let state: CardState = try decode(row["state"], as: CardState.self, what: "state", of: id)
        let stability: Double? = row["stability"]
        let difficulty: Double? = row["difficulty"]
        let memory = stability.flatMap { s in difficulty.map { MemoryState(stability: s, difficulty: $0) } }
        let lastReview: Int64? = row["last_review"]
        let schedule = FSRSCard(
            id: fuzzKey(for: id), state: state, step: row["step"], memory: memory,
            due: Instant(millisecondsSinceEpoch: row["due"]), lastReview: lastReview.map { Instant(millisecondsSinceEpoch: $0) },
            reviewCount: row["reps"], lapseCount: row["lapses"])
        return StoredCard(id: id, kind: kind, schedule: schedule)
    }

    static func decodeReview(_ row: Row) throws -> ReviewRecord {
        let cardID: String = row["card_id"]
        let suggested: Int? = row["suggested_rating"]
        return ReviewRecord(
            id: row["id"], cardID: cardID, kind: try decode(row["kind"], as: CardKind.self, what: "kind", of: cardID),
            attemptID: row["attempt_id"],
            rating: try decode(row["rating"], as: Rating.self, what: "rating", of: cardID),
            reviewedAt: Instant(millisecondsSinceEpoch: row["reviewed_at"]), percent: row["percent"],
            elapsedMilliseconds: row["elapsed_ms"], targetMilliseconds: row["target_ms"], hints: row["hints"],
            revealed: row["revealed"],
            suggested: try suggested.map { try decode($0, as: Rating.self, what: "suggested rating", of: cardID) },
            overridden: row["overridden"])
    }

    private static func decode<T: RawRepresentable>(_ raw: T.RawValue, as: T.Type, what: String, of cardID: String)
        throws -> T where T.RawValue: DatabaseValueConvertible
    {
        guard let value = T(rawValue: raw) else {
            throw StoreError("card \(cardID) has an unknown \(what) \(raw) (was it written by a newer kubedojo?)")
        }
        return value
    }
}
