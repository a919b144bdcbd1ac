import ClusterSim
import Grading
import Shell
import Testing

@testable import Catalog

/// Node variables, fault setup steps, checks with injected faults and multi-line solutions,
/// through the loader and the verifier as an instructor would use them.
@Suite struct ScenarioFeatureTests {
    static let cluster = """
        id: three
        nodes:
          - { name: lb, ip: 10.0.1.100, role: load-balancer }
          - { name: m1, ip: 10.0.1.10, role: control-plane }
          - { name: m2, ip: 10.0.1.11, role: control-plane }
          - { name: m3, ip: 10.0.1.12, role: control-plane }

        """

    static let graders = """
        graders:
          member-running:
            summary: one member runs
            params: [node]
            probe: { etcd: { member: "{{node}}", field: running } }
            expect: { equals: "true" }
            pass: ok
            fail: "{{node}}'s member does not run"
          survives-one-loss:
            summary: etcd keeps quorum when one more member dies
            params: [node]
            inject: ["kill-etcd {{node}}", "advance 30s"]
            probe: { etcd: { field: quorum } }
            expect: { equals: "true" }
            pass: ok
            fail: "losing {{node}} as well would stop etcd"
          note:
            summary: the answer file
            params: [path]
            probe: { answer: { host: m1, path: "{{path}}" } }
            expect: { includes: ["{{victim}}", "{{victim.ip}}"] }
            pass: ok
            fail: "{{path}} holds {{actual}}"

        """

    static let scenario = """
        id: bring-back
        title: Bring a member back
        topic: etcd
        guide: G
        difficulty: 2
        minutes: 5
        cluster: three
        host: "{{other}}"
        variables:
          victim: { node: { role: control-plane } }
          other: { node: { role: control-plane, except: [victim] } }
        setup:
          - fault: kill-etcd {{victim}}
          - fault: advance 30s
        task: One member is down. Bring it back and note its name and address in /root/note.txt on m1.
        checks:
          - use: member-running
            with: { node: "{{victim}}" }
            points: 2
          - use: survives-one-loss
            with: { node: "{{other}}" }
            points: 2
          - use: note
            with: { path: /root/note.txt }
            points: 1
        solution: |
          ssh {{victim}} mv /root/etcd.yaml /etc/kubernetes/manifests/etcd.yaml
          sleep 25
          ssh m1
          cat > /root/note.txt <<EOF
          {{victim}}
          {{victim.ip}}
          EOF
          exit
        mistakes:
          - name: noted the name only
            commands: |
              ssh {{victim}} mv /root/etcd.yaml /etc/kubernetes/manifests/etcd.yaml
              sleep 25
              ssh m1 'echo {{victim}} > /root/note.txt'
            fails: [note]
          - name: did nothing
            commands: sleep 1
            fails: [member-running, survives-one-loss, note]

        """

    func load(_ scenario: String = scenario, graders: String = graders) -> (Catalog, [String]) {
        let (catalog, errors) = Catalog.load([
            ContentFile(path: "Graders/g.yaml", kind: .graders, text: graders),
            ContentFile(path: "Content/clusters/three.yaml", kind: .cluster, text: Self.cluster),
            ContentFile(path: "Content/scenarios/s.yaml", kind: .scenario, text: scenario),
        ])
        return (catalog, errors.map(\.description))
    }

    @Test func nodeVariablesDifferAndCarryTheirAddress() throws {
        let (catalog, errors) = load()
        #expect(errors == [])
        let scenario = try #require(catalog.scenario(id: "bring-back"))
        let spec = try #require(catalog.clusters["three"])
        var victims = Set<String>()
        for seed: UInt64 in 1...30 {
            let values = scenario.values(seed: seed, spec: spec)
            let victim = try #require(values["victim"]), other = try #require(values["other"])
            #expect(victim != other && victim.hasPrefix("m") && other.hasPrefix("m"))
            #expect(values["victim.ip"] == spec.nodes.first { $0.name == victim }?.ip)
            #expect(scenario.startHost(values) == other)
            victims.insert(victim)
        }
        #expect(victims == ["m1", "m2", "m3"])
    }

    @Test func faultSetupAndInjectedChecksVerify() throws {
        let (catalog, _) = load()
        let scenario = try #require(catalog.scenario(id: "bring-back"))
        let spec = try #require(catalog.clusters["three"])
        let values = scenario.values(seed: 3, spec: spec)
        let cluster = scenario.cluster(spec: spec, seed: 3)
        #expect(cluster.etcd.member(onNode: values["victim"] ?? "")?.running == false)
        #expect(cluster.etcd.hasQuorum)
        #expect(Verifier.verify(catalog, seeds: [1, 2, 3, 4, 5]).map(\.description) == [])
    }

    @Test func lintReportsBadFaultsVariablesAndMatchers() {
        let badFault = Self.scenario.replacingOccurrences(of: "- fault: advance 30s", with: "- fault: advance soon")
        #expect(load(badFault).1 == ["Content/scenarios/s.yaml:14:12: error: fault 'advance soon': cannot use 'soon' here"])
        let unknownFault = Self.scenario.replacingOccurrences(of: "- fault: advance 30s", with: "- fault: melt m1")
        #expect(
            load(unknownFault).1.first?.hasPrefix(
                "Content/scenarios/s.yaml:14:12: error: unknown fault 'melt'; use one of stop-unit,") == true)
        let bothKinds = Self.scenario.replacingOccurrences(of: "- fault: advance 30s", with: "- { fault: advance 1s, run: ls }")
        #expect(
            load(bothKinds).1 == ["Content/scenarios/s.yaml:14:5: error: a setup step has either 'run' (a command) or 'fault'"])
        let badExcept = Self.scenario.replacingOccurrences(of: "except: [victim]", with: "except: [vitcim]")
        #expect(
            load(badExcept).1 == [
                "Content/scenarios/s.yaml:11:49: error: 'except' names 'vitcim', which is not an earlier variable"
            ])
        let badRole = Self.scenario.replacingOccurrences(of: "{ role: control-plane } }", with: "{ role: master } }")
        #expect(
            load(badRole).1
                == [
                    "Content/scenarios/s.yaml:10:27: error: unknown role 'master'; use one of load-balancer, control-plane, worker, etcd"
                ])
        let badField = Self.graders.replacingOccurrences(of: "field: quorum", with: "field: quorom")
        #expect(
            load(graders: badField).1.first?.hasPrefix(
                "Graders/g.yaml:13:29: error: unknown etcd field 'quorom'; use one of quorum,") == true)
        let badCount = Self.graders.replacingOccurrences(
            of: "expect: { equals: \"true\" }\n    pass: ok\n    fail: \"losing",
            with: "expect: { count: many }\n    pass: ok\n    fail: \"losing")
        #expect(load(graders: badCount).1.first == "Graders/g.yaml:14:22: error: 'count' takes a number")
    }
}
