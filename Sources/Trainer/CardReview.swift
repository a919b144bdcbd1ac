import Catalog
import ClusterSim
import Foundation
import Progress

/// One recall card answered at the review prompt: the question, the learner's answer judged by
/// the card's matcher, and the review it schedules (Good when right, Again when wrong or blank).
public struct CardReview {
    public let card: RecallCard

    public init(card: RecallCard) { self.card = card }

    /// What the learner reads before answering.
    public var question: String {
        "Recall (\(card.topic), \(card.guide)):\n\(card.question.trimmingCharacters(in: .whitespacesAndNewlines))\n"
    }

    /// The rating an answer earns: right answers are Good, wrong or empty ones Again.
    public func rating(for answer: String) -> Rating { card.judge(answer) ? .good : .again }

    /// Records the answer's review and says whether it was right, the answer and why.
    public func answer(
        _ typed: String, store: Store, now: Int64, elapsedMilliseconds: Int64, desiredRetention: Double
    ) -> String {
        let rating = rating(for: typed)
        var text =
            rating == .good ? "Right. " : typed.trimmingCharacters(in: .whitespaces).isEmpty ? "No answer. " : "Not quite. "
        text += "Answer: \(card.answer)\n\(card.explain.trimmingCharacters(in: .whitespacesAndNewlines))\n"
        do {
            let scheduler = try CardKind.recall.scheduler(desiredRetention: desiredRetention)
            let scheduled = try store.recordReview(
                cardID: "card:\(card.id)", kind: .recall, attempt: nil, rating: rating, suggested: rating,
                at: Instant(millisecondsSinceEpoch: now), percent: rating == .good ? 100 : 0,
                elapsedMilliseconds: elapsedMilliseconds, scheduler: scheduler)
            let due = scheduled.schedule.due.millisecondsSinceEpoch
            let minutes = max(0, (due - now + 30_000) / 60_000)
            let when =
                minutes < 60 * 24
                ? "in \(minutes) minute\(minutes == 1 ? "" : "s")"
                : "in \((minutes + 720) / 1440) days"
            text += "Rated \(DrillSession.name(rating)); asked again \(when).\n"
        } catch {
            text += "kubedojo: the review could not be scheduled: \(error)\n"
        }
        return text
    }
}
