/// The study guide's section headings and known errors (`Content/guide.yaml`): what
/// `kubedojo list --coverage` lists drills and cards against, and what `guide:` must name.
public struct GuideOutline: Sendable, Hashable {
    public struct Section: Sendable, Hashable {
        public var title: String
        public var parts: [String]

        public init(title: String, parts: [String]) {
            self.title = title
            self.parts = parts
        }
    }

    public let sections: [Section]
    /// The guide's known errors in CATALOG.md's order (erratum n is `errata[n-1]`).
    public let errata: [String]
    /// Every heading's key and where it is: each `guide:` of the catalogue is looked up here.
    private let locations: [String: Location]

    private struct Location: Sendable, Hashable {
        var section: Int
        var part: Int?
    }

    public init(sections: [Section], errata: [String]) {
        self.sections = sections
        self.errata = errata
        var locations: [String: Location] = [:]
        // Earlier headings win, as a search from the top would find them.
        for (index, section) in sections.enumerated().reversed() {
            for (part, title) in section.parts.enumerated().reversed() {
                locations[Self.key(title)] = Location(section: index, part: part)
            }
            locations[Self.key(section.title)] = Location(section: index, part: nil)
        }
        self.locations = locations
    }

    /// Headings compare without case, emphasis marks or repeated spaces.
    public static func key(_ heading: String) -> String {
        heading.lowercased().filter { $0 != "*" }.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    /// The section (and part) a `guide:` value names, or nil when it names none.
    public func locate(_ heading: String) -> (section: Int, part: Int?)? {
        locations[Self.key(heading)].map { ($0.section, $0.part) }
    }
}

enum GuideLoader {
    static func load(_ root: YAMLNode, file: String) -> (GuideOutline?, [ContentError]) {
        var reader = FieldReader(root, file: file, what: "the guide outline")
        var sections: [GuideOutline.Section] = []
        for item in reader.sequence("sections", required: true) ?? [] {
            var section = FieldReader(item, file: file, what: "a section")
            let title = section.string("title")
            let parts = section.strings("parts") ?? []
            reader.add(section.finish())
            if let title { sections.append(GuideOutline.Section(title: title, parts: parts)) }
        }
        let errata = reader.strings("errata", required: true) ?? []
        if errata.count != RecallCard.errataCount {
            reader.add(
                reader.error(
                    at: reader.node("errata") ?? root,
                    "'errata' lists \(RecallCard.errataCount) known errors, not \(errata.count)"))
        }
        let errors = reader.finish()
        return (errors.isEmpty ? GuideOutline(sections: sections, errata: errata) : nil, errors)
    }
}
