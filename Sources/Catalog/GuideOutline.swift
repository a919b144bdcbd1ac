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

    public var sections: [Section]
    /// The guide's known errors in CATALOG.md's order (erratum n is `errata[n-1]`).
    public var errata: [String]

    /// Headings compare without case, emphasis marks or repeated spaces.
    public static func key(_ heading: String) -> String {
        heading.lowercased().filter { $0 != "*" }.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    /// The section (and part) a `guide:` value names, or nil when it names none.
    public func locate(_ heading: String) -> (section: Int, part: Int?)? {
        let wanted = Self.key(heading)
        for (index, section) in sections.enumerated() {
            if Self.key(section.title) == wanted { return (index, nil) }
            if let part = section.parts.firstIndex(where: { Self.key($0) == wanted }) { return (index, part) }
        }
        return nil
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
