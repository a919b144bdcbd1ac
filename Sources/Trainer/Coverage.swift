import Catalog

/// `kubedojo list --coverage`: the guide's sections and known errors against the drills and
/// cards that practise them.
enum Coverage {
    struct Row: Equatable {
        var heading: String
        var part: Bool
        var items: [String]
    }

    /// One row per section and part; a section's own row holds what cites its title.
    static func rows(_ catalog: Catalog) -> (sections: [Row], errata: [Row]) {
        guard let outline = catalog.guide else { return ([], []) }
        var cited: [String: [String]] = [:]
        let items =
            catalog.scenarios.map { ($0.guide, $0.id, $0.errata) } + catalog.cards.map { ($0.guide, "card:" + $0.id, $0.errata) }
        for (heading, name, _) in items {
            guard let place = outline.locate(heading) else { continue }
            cited["\(place.section)/\(place.part.map(String.init) ?? "-")", default: []].append(name)
        }
        var sections: [Row] = []
        for (index, section) in outline.sections.enumerated() {
            sections.append(Row(heading: section.title, part: false, items: cited["\(index)/-"] ?? []))
            for (part, title) in section.parts.enumerated() {
                sections.append(Row(heading: title, part: true, items: cited["\(index)/\(part)"] ?? []))
            }
        }
        let errata = outline.errata.enumerated().map { index, text in
            Row(heading: "\(index + 1). \(text)", part: false, items: items.filter { $0.2.contains(index + 1) }.map(\.1))
        }
        return (sections, errata)
    }

    /// The rows split per section: each group is a section's own row followed by its parts' rows.
    static func sectionGroups(_ rows: [Row]) -> [[Row]] {
        var groups: [[Row]] = []
        for row in rows {
            if row.part, !groups.isEmpty {
                groups[groups.count - 1].append(row)
            } else {
                groups.append([row])
            }
        }
        return groups
    }

    static func render(_ catalog: Catalog) -> String {
        guard catalog.guide != nil else {
            return "This content has no Content/guide.yaml, so there is no guide outline to measure coverage against.\n"
        }
        let (sections, errata) = rows(catalog)
        // A section counts as covered when it or one of its parts is practised.
        let groups = sectionGroups(sections)
        let covered = groups.filter { group in group.contains { !$0.items.isEmpty } }.count
        let total = groups.count
        var text = "Guide sections practised: \(covered) of \(total) (parts indented; — marks none)\n"
        for row in sections {
            let heading = (row.part ? "    " : "") + row.heading
            text += heading + "\n      " + (row.items.isEmpty ? "—" : row.items.joined(separator: ", ")) + "\n"
        }
        let taught = errata.filter { !$0.items.isEmpty }.count
        text += "\nKnown errors of the guide taught correctly: \(taught) of \(errata.count)\n"
        for row in errata {
            text += row.heading + "\n      " + (row.items.isEmpty ? "—" : row.items.joined(separator: ", ")) + "\n"
        }
        return text
    }
}
