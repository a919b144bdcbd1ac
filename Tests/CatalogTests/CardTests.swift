import Testing

@testable import Catalog

@Suite struct CardTests {
    static let card = """
        cards:
          - id: quorum-of-five
            topic: etcd
            guide: "Why etcd Requires Odd Numbers"
            errata: [1]
            question: How many members must run for 5 members to accept writes?
            accept: ["3", "three"]
            pattern: "3 members?"
            answer: "3"
            explain: floor(5/2)+1.

        """

    func load(_ text: String) -> (Catalog, [String]) {
        let (catalog, errors) = Catalog.load([ContentFile(path: "Content/cards/etcd.yaml", kind: .cards, text: text)])
        return (catalog, errors.map(\.description))
    }

    @Test func answersAreNormalisedBeforeJudging() throws {
        let (catalog, errors) = load(Self.card)
        #expect(errors == [])
        let card = try #require(catalog.card(id: "quorum-of-five"))
        #expect(card.errata == [1] && card.topic == "etcd")
        for right in ["3", " THREE. ", "3 members", "3   Member"] { #expect(card.judge(right), "\(right)") }
        for wrong in ["", "2", "33", "three members and more", "4"] { #expect(!card.judge(wrong), "\(wrong)") }
    }

    @Test func badCardsArePositioned() {
        #expect(
            load(Self.card.replacingOccurrences(of: "answer: \"3\"", with: "answer: \"5\"")).1
                == ["Content/cards/etcd.yaml:9:13: error: the card's own 'answer' is not accepted by 'accept' or 'pattern'"])
        #expect(
            load(Self.card.replacingOccurrences(of: "errata: [1]", with: "errata: [13]")).1
                == [
                    "Content/cards/etcd.yaml:5:13: error: 'errata' lists the guide's known errors by number, 1 to 12; '13' is not one"
                ])
        #expect(
            load(Self.card.replacingOccurrences(of: "    accept: [\"3\", \"three\"]\n    pattern: \"3 members?\"\n", with: "")).1
                == ["Content/cards/etcd.yaml:2:5: error: a card needs 'accept' (a list of answers) or 'pattern'"])
        #expect(
            load(Self.card + Self.card.replacingOccurrences(of: "cards:\n", with: "")).1 == [
                "Content/cards/etcd.yaml:1:1: error: card id 'quorum-of-five' is used twice"
            ])
        #expect(load(Self.card.replacingOccurrences(of: "explain:", with: "explian:")).1.count == 2)
    }
}
