import Catalog
import Foundation
import Progress

/// Everything `kubedojo report` draws, gathered once from the store; the per-topic figures, the
/// weakest drills and the streak come from `StatsReport`, so the page and `kubedojo stats` agree.
struct ReportModel: Sendable, Equatable {
    /// One graded attempt.
    struct Score: Sendable, Equatable {
        var time: Int64
        var date: String
        var scenario: String
        var mode: String
        var percent: Int
    }

    struct TopicScores: Sendable, Equatable {
        var topic: String
        var scores: [Score]
    }

    /// Mean probability of recall over a topic's rated drills now and, with no further review, later.
    struct Retention: Sendable, Equatable {
        var topic: String
        var drills: Int
        /// Now, in 7 days and in 30 days.
        var forecast: [Double]
    }

    struct DueDay: Sendable, Equatable {
        /// Days from today; today's count includes every overdue drill.
        var offset: Int
        var date: String
        var count: Int
    }

    struct ExamResult: Sendable, Equatable {
        var id: Int64
        var date: String
        var blueprint: String
        var permille: Int
        var passed: Bool
    }

    struct PracticeDay: Sendable, Equatable {
        var date: String
        var weekday: Int
        var attempts: Int
    }

    struct WeakDrill: Sendable, Equatable {
        var id: String
        var title: String
        var topic: String
        var recall: Double
        var lastPercent: Int?
        var lapses: Int
        var dueDate: String?
    }

    struct SectionCoverage: Sendable, Equatable {
        var title: String
        /// The drills citing the section or one of its parts, and those of them the learner has tried.
        var drills: [String]
        var practised: [String]
    }

    static let forecastDays = [0, 7, 30]
    static let dueWindowDays = 30
    static let heatmapWeeks = 26
    static let passPermille = 660

    var stats: StatsReport
    var topicScores: [TopicScores]
    var retention: [Retention]
    var dueDays: [DueDay]
    var exams: [ExamResult]
    /// The heatmap's days, oldest first, starting on a Monday and ending today.
    var days: [PracticeDay]
    var weakest: [WeakDrill]
    var coverage: [SectionCoverage]

    /// Nothing practised, reviewed or examined yet.
    var isEmpty: Bool { stats.attempts == 0 && stats.drills.isEmpty && exams.isEmpty }
}

extension ReportModel {
    static func make(catalog: Catalog, store: Store, clock: TrainerClock) throws(StoreError) -> ReportModel {
        let stats = try StatsReport.make(catalog: catalog, store: store, clock: clock)
        let now = stats.generatedAt
        let day: Int64 = 86_400_000
        let today = clock.day(now)
        let settings = try store.settings()
        let scheduler = try? CardKind.scenario.scheduler(desiredRetention: settings.retention)

        let attempts = try store.attempts().sorted { ($0.startedAt, $0.id) < ($1.startedAt, $1.id) }
        let topicScores = stats.topics.compactMap { topic -> TopicScores? in
            let scores = attempts.compactMap { attempt -> Score? in
                guard let percent = attempt.percent, catalog.scenario(id: attempt.scenario)?.topic == topic.topic else {
                    return nil
                }
                return Score(
                    time: attempt.startedAt, date: clock.date(attempt.startedAt), scenario: attempt.scenario,
                    mode: attempt.mode, percent: percent)
            }
            return scores.isEmpty ? nil : TopicScores(topic: topic.topic, scores: scores)
        }

        let cards = Dictionary(try store.cards().map { ($0.id, $0) }, uniquingKeysWith: { $1 })
        var retention: [Retention] = []
        for topic in stats.topics {
            let schedules = stats.drills.filter { $0.topic == topic.topic && $0.retrievability != nil }
                .compactMap { cards["scenario:\($0.id)"]?.schedule }
            guard !schedules.isEmpty, let scheduler else { continue }
            let forecast = forecastDays.map { ahead in
                let instant = Instant(millisecondsSinceEpoch: now + Int64(ahead) * day)
                let values = schedules.compactMap { scheduler.retrievability(of: $0, at: instant) }
                return values.isEmpty ? 0 : values.reduce(0, +) / Double(values.count)
            }
            retention.append(Retention(topic: topic.topic, drills: schedules.count, forecast: forecast))
        }

        var dueCounts = [Int](repeating: 0, count: dueWindowDays)
        for due in stats.drills.compactMap(\.due) {
            let offset = max(0, clock.day(due) - today)
            if offset < dueWindowDays { dueCounts[offset] += 1 }
        }
        let dueDays = dueCounts.enumerated().map { offset, count in
            DueDay(offset: offset, date: clock.date(now + Int64(offset) * day), count: count)
        }

        let exams = try store.exams().reversed().compactMap { exam -> ExamResult? in
            guard let permille = exam.scorePermille, exam.finishedAt != nil else { return nil }
            return ExamResult(
                id: exam.id, date: clock.date(exam.startedAt), blueprint: exam.blueprint, permille: permille,
                passed: exam.passed ?? (permille >= passPermille))
        }

        let perDay = try StatsReport.practiceDayCounts(store: store, clock: clock)
        // 1970-01-01 was a Thursday: day 0 is weekday 3 counting from Monday as 0.
        let weekday = { (number: Int) in ((number + 3) % 7 + 7) % 7 }
        let first = today - weekday(today) - (heatmapWeeks - 1) * 7
        let days = (first...today).map { number in
            PracticeDay(
                date: clock.date(now - Int64(today - number) * day), weekday: weekday(number),
                attempts: perDay[number] ?? 0)
        }

        let weakest = stats.weakest.compactMap { id -> WeakDrill? in
            guard let drill = stats.drills.first(where: { $0.id == id }), let recall = drill.retrievability else {
                return nil
            }
            return WeakDrill(
                id: id, title: catalog.scenario(id: id)?.title ?? id, topic: drill.topic, recall: recall,
                lastPercent: drill.lastPercent, lapses: drill.lapses, dueDate: drill.dueDate)
        }

        let tried = Set(attempts.map(\.scenario))
        let coverage = Coverage.sectionGroups(Coverage.rows(catalog).sections).compactMap { group -> SectionCoverage? in
            guard let section = group.first else { return nil }
            let drills = group.flatMap(\.items).filter { !$0.hasPrefix("card:") }
            return SectionCoverage(title: section.heading, drills: drills, practised: drills.filter(tried.contains))
        }
        return ReportModel(
            stats: stats, topicScores: topicScores, retention: retention, dueDays: dueDays, exams: exams, days: days,
            weakest: weakest, coverage: coverage)
    }
}
