import ClusterSim
import Foundation

/// A short recall question, answered by typing at the review prompt (`Content/cards/*.yaml`).
public struct RecallCard: Sendable, Hashable {
    public var id: String
    public var topic: String
    public var guide: String
    /// The guide's known errors (numbers in CATALOG.md's list) this card teaches the correct fact for.
    public var errata: [Int]
    public var question: String
    /// Accepted answers, compared after `normalize` (case, spaces, a trailing full stop).
    public var accept: [String]
    /// A regular expression (case-insensitive) that also accepts an answer.
    public var pattern: String?
    /// The answer as shown after the learner answered.
    public var answer: String
    /// Why, in a sentence or two, shown after the answer.
    public var explain: String
    public var file: String

    /// Lower case, runs of white space as one space, no surrounding spaces or trailing full stop.
    public static func normalize(_ text: String) -> String {
        var words = text.lowercased().split(whereSeparator: \.isWhitespace).joined(separator: " ")
        while words.hasSuffix(".") { words.removeLast() }
        return words
    }

    /// Whether a typed answer is right.
    public func judge(_ typed: String) -> Bool {
        let given = Self.normalize(typed)
        guard !given.isEmpty else { return false }
        if accept.map(Self.normalize).contains(given) { return true }
        guard let pattern, let regex = RegexCache.regex(pattern)?.ignoringCase() else { return false }
        return regex.isWholeMatch(given)
    }
}

/// Reads `Content/cards/*.yaml`: a `cards:` list.
enum CardLoader {
    static func load(_ root: YAMLNode, file: String) -> ([RecallCard], [ContentError]) {
        var reader = FieldReader(root, file: file, what: "a card file")
        var cards: [RecallCard] = []
        for item in reader.sequence("cards", required: true) ?? [] {
            var card = FieldReader(item, file: file, what: "a card")
            let id = card.string("id")
            let topic = card.string("topic")
            if let topic, !Scenario.topics.contains(topic) {
                card.add(
                    card.error(
                        at: card.node("topic") ?? item,
                        "unknown topic '\(topic)'; use one of \(Scenario.topics.joined(separator: ", "))"))
            }
            let guide = card.string("guide")
            let errata = card.strings("errata") ?? []
            var numbers: [Int] = []
            for text in errata {
                if let number = Int(text), (1...RecallCard.errataCount).contains(number) {
                    numbers.append(number)
                } else {
                    card.add(
                        card.error(
                            at: card.node("errata") ?? item,
                            "'errata' lists the guide's known errors by number, 1 to \(RecallCard.errataCount); '\(text)' is not one"
                        ))
                }
            }
            let question = card.string("question")
            let accept = card.strings("accept") ?? []
            let pattern = card.string("pattern", required: false)
            if let pattern, let problem = RegexCache.problem(pattern) {
                card.add(card.error(at: card.node("pattern") ?? item, problem))
            }
            if accept.isEmpty && pattern == nil {
                card.add(card.error(at: item, "a card needs 'accept' (a list of answers) or 'pattern'"))
            }
            let answer = card.string("answer")
            let explain = card.string("explain")
            if let answer, !accept.isEmpty || pattern != nil {
                let probe = RecallCard(
                    id: "", topic: "", guide: "", errata: [], question: "", accept: accept, pattern: pattern, answer: answer,
                    explain: "", file: "")
                if !probe.judge(answer) {
                    card.add(
                        card.error(
                            at: card.node("answer") ?? item, "the card's own 'answer' is not accepted by 'accept' or 'pattern'"))
                }
            }
            let errors = card.finish()
            reader.add(errors)
            guard errors.isEmpty, let id, let topic, let guide, let question, let answer, let explain else { continue }
            cards.append(
                RecallCard(
                    id: id, topic: topic, guide: guide, errata: numbers, question: question, accept: accept,
                    pattern: pattern, answer: answer, explain: explain, file: file))
        }
        return (cards, reader.finish())
    }
}

extension RecallCard {
    /// How many known errors of the guide CATALOG.md lists.
    public static let errataCount = 12
}
