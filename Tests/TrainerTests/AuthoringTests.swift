import Catalog
import Foundation
import Testing

@testable import Trainer

/// An instructor's folder beside the bundled content: `kubedojo new` writes a drill that verifies
/// as written, and a drill written only from Content/README.md's keys verifies too.
@Suite struct AuthoringTests {
    func folder() throws -> (String, TrainerOptions) {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("kubedojo-authoring-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        var options = TrainerOptions(databasePath: nil, contentRoot: nil, environment: [:], executable: "/nonexistent/kubedojo")
        options.extraContent = path
        return (path, options)
    }

    @Test func scaffoldVerifiesAsWritten() throws {
        let (path, options) = try folder()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let message = try App.scaffold(id: "my-drill", topic: "etcd", cluster: "stacked-3", options: options)
        #expect(
            message
                == "Wrote \(path)/Content/scenarios/etcd/my-drill.yaml. Edit it, then: kubedojo verify my-drill --add-content \(path)\n"
        )
        let report = try App.verify(options, seeds: [1, 2, 3], only: ["my-drill"])
        #expect(
            report.hasSuffix(
                "Verified 1 scenario over 3 seeds: every solution scores 100 % and every listed mistake (1) fails exactly the checks it names.\n"
            ))
        #expect(throws: TrainerError.self) {
            try App.scaffold(id: "my-drill", topic: "etcd", cluster: "stacked-3", options: options)
        }
        #expect(throws: TrainerError.self) { try App.scaffold(id: "x", topic: "cooking", cluster: "stacked-3", options: options) }
    }

    /// A drill loads only its own file (with graders and clusters), so a broken card elsewhere does
    /// not stop it; a scenario whose file is named otherwise, or any error, loads everything.
    @Test func aDrillLoadsOnlyWhatItNeeds() throws {
        let (path, options) = try folder()
        defer { try? FileManager.default.removeItem(atPath: path) }
        try FileManager.default.createDirectory(atPath: path + "/Content/cards", withIntermediateDirectories: true)
        try "- id: broken\n  front: [unclosed\n".write(
            toFile: path + "/Content/cards/broken.yaml", atomically: true, encoding: .utf8)
        let narrow = try App.loadCatalog(options, scenario: "find-etcd-leader")
        #expect(narrow.scenarios.map(\.id) == ["find-etcd-leader"])
        #expect(narrow.cards.isEmpty)
        // Only its cluster, and only the grader files defining the graders it uses.
        #expect(Array(narrow.clusters.keys) == ["stacked-3"])
        #expect(Set(narrow.graders.keys).isSuperset(of: ["answer-file", "etcdctl-with-tls"]))
        #expect(narrow.graders.count < 20)
        do {
            _ = try App.loadCatalog(options, scenario: "no-such-drill")
            Issue.record("the broken card file was not reported")
        } catch {
            #expect(
                error.description.hasSuffix(
                    "Content/cards/broken.yaml:2:19: error: YAML syntax: while parsing a flow sequence did not find expected ',' or ']'"
                ))
        }
    }

    /// Every bundled drill loads the narrow way (its cluster and grader files only) to the same
    /// scenario, graders and cluster as the whole catalogue gives.
    @Test func everyDrillLoadsNarrowlyToTheSameScenario() throws {
        let options = TrainerOptions(databasePath: nil, contentRoot: nil, environment: [:], executable: "/nonexistent/kubedojo")
        let whole = try App.loadCatalog(options)
        for scenario in whole.scenarios {
            let narrow = try App.loadCatalog(options, scenario: scenario.id)
            #expect(narrow.scenarios.count == 1, "\(scenario.id) fell back to the whole catalogue")
            #expect(narrow.scenario(id: scenario.id) == scenario, "\(scenario.id)")
            #expect(narrow.clusters[scenario.cluster] == whole.clusters[scenario.cluster], "\(scenario.id)")
            #expect(narrow.clusters.count == 1, "\(scenario.id)")
        }
    }

    /// `kubedojo lint PATH` checks an instructor's folder, or the folder holding a file, beside the
    /// bundled content; a content root is checked on its own.
    @Test func lintTakesAFolderOrAFile() throws {
        let (path, _) = try folder()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let options = TrainerOptions(databasePath: nil, contentRoot: nil, environment: [:], executable: "/nonexistent/kubedojo")
        try FileManager.default.createDirectory(atPath: path + "/Content/scenarios/etcd", withIntermediateDirectories: true)
        let file = path + "/Content/scenarios/etcd/typo.yaml"
        try "id: typo\ntitel: Typo\n".write(toFile: file, atomically: true, encoding: .utf8)
        for target in [path, file] {
            do {
                _ = try App.lint(options, path: target)
                Issue.record("lint \(target) found nothing")
            } catch {
                #expect(
                    error.description.contains("\(path)/Content/scenarios/etcd/typo.yaml:2:1: error: unknown key 'titel'"),
                    "\(error)")
            }
        }
        let bundled = try #require(ContentLocator.locate(explicit: nil, environment: [:], executable: "/nonexistent/kubedojo"))
        #expect(try App.lint(options, path: bundled + "/Content/cards").hasPrefix("No problems: 5 clusters"))
        #expect(throws: TrainerError.self) { try App.lint(options, path: "/etc/hostname") }
        #expect(throws: TrainerError.self) { try App.lint(options, path: path + "/missing") }
    }

    @Test func aDrillFromTheAuthoringGuideVerifies() throws {
        let (path, options) = try folder()
        defer { try? FileManager.default.removeItem(atPath: path) }
        try FileManager.default.createDirectory(atPath: path + "/Graders", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: path + "/Content/scenarios/etcd", withIntermediateDirectories: true)
        try """
        graders:
          my-member-runs:
            summary: the member on a node runs
            params: [node]
            probe: { etcd: { member: "{{node}}", field: running } }
            expect: { equals: "true" }
            pass: "{{node}}'s member runs."
            fail: "{{node}}'s member does not run."
          my-quorum-after-loss:
            summary: etcd keeps quorum after one more loss
            params: [node]
            inject: ["power-off {{node}}", "advance 20s"]
            probe: { etcd: { field: quorum } }
            expect: { equals: "true" }
            pass: "etcd would survive losing {{node}}."
            fail: "Losing {{node}} now would stop etcd."

        """.write(toFile: path + "/Graders/mine.yaml", atomically: true, encoding: .utf8)
        try """
        id: restart-member
        title: Restart a stopped etcd member
        topic: etcd
        guide: Why etcd Requires Odd Numbers
        difficulty: 2
        minutes: 5
        cluster: stacked-3
        host: master1
        variables:
          down: { node: { role: control-plane, except: [] } }
          spare: { node: { role: control-plane, except: [down] } }
        setup:
          - fault: move-manifest {{down}} etcd
          - fault: advance 30s
        task: One etcd member is down. Bring it back.
        hints: ["Which member is not running?", "Look at /root on that node.", "Move etcd.yaml back into /etc/kubernetes/manifests."]
        checks:
          - use: my-member-runs
            with: { node: "{{down}}" }
            points: 2
          - use: my-quorum-after-loss
            with: { node: "{{spare}}" }
            points: 2
        solution: |
          ssh {{down}} mv /root/etcd.yaml /etc/kubernetes/manifests/etcd.yaml
          sleep 25
        mistakes:
          - name: copied it to the wrong folder
            commands: |
              ssh {{down}} cp /root/etcd.yaml /etc/kubernetes/etcd.yaml
              sleep 25
            fails: [my-member-runs, my-quorum-after-loss]

        """.write(toFile: path + "/Content/scenarios/etcd/restart-member.yaml", atomically: true, encoding: .utf8)
        let report = try App.verify(options, seeds: [1, 7, 42, 2024, 31_337], only: ["restart-member"])
        #expect(report.contains("restart-member  5      1         ok\n"), "\(report)")
    }
}
