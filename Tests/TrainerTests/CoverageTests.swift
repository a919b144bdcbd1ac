import Catalog
import Foundation
import Testing

@testable import Trainer

@Suite struct CoverageTests {
    /// `Content/guide.yaml` lists exactly the guide's `##` and `###` headings, in order, when
    /// the guide is beside the project (`../shared/guide`).
    @Test func outlineMatchesTheGuide() throws {
        var root = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { root = root.deletingLastPathComponent() }
        let guide = root.deletingLastPathComponent().appendingPathComponent("shared/guide/cka-ha-study-guide.md")
        guard let text = try? String(contentsOf: guide, encoding: .utf8) else { return }
        var expected: [GuideOutline.Section] = []
        for line in text.split(separator: "\n") {
            let title = line.drop { $0 == "#" }.trimmingCharacters(in: .whitespaces).trimmingCharacters(
                in: CharacterSet(charactersIn: "*"))
            if line.hasPrefix("## ") { expected.append(GuideOutline.Section(title: title, parts: [])) }
            if line.hasPrefix("### "), !expected.isEmpty { expected[expected.count - 1].parts.append(title) }
        }
        let outline = try #require(try bundledCatalog().guide)
        #expect(outline.sections == expected)
    }

    @Test func everyCitedSectionIsInTheOutlineAndCounted() throws {
        let catalog = try bundledCatalog()
        let text = Coverage.render(catalog)
        let outline = try #require(catalog.guide)
        for scenario in catalog.scenarios { #expect(outline.locate(scenario.guide) != nil, "\(scenario.id)") }
        #expect(text.hasPrefix("Guide sections practised: "))
        #expect(text.contains("\nKnown errors of the guide taught correctly: "))
        #expect(text.contains("    Why etcd Requires Odd Numbers\n      quorum-two-down"))
        #expect(outline.locate("**Deep Dive:   etcd clustering and Quorum**")?.part == nil)
        #expect(outline.locate("Backup Strategy")?.part == 0)
        #expect(outline.locate("Backups") == nil)
    }
}
