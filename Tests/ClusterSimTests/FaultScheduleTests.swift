import Foundation
import Testing

@testable import ClusterSim

/// Seeded random fault schedules over whole clusters, checking Raft's and leader election's
/// safety properties after every step. `make test` runs a few hundred schedules;
/// `make test-sim` runs 10 000 (`KUBEDOJO_SIM_SCHEDULES`). A violation names the seed, and
/// `KUBEDOJO_SIM_SEED=<seed> swift test --filter FaultScheduleTests` replays exactly that one.
@Suite struct FaultScheduleTests {
    /// The module-wide stacked-3 shape of ClusterBuildTests.
    static let stacked3 = ClusterSimTests.stacked3
    static let stacked5 = ClusterSpec(
        id: "stacked-5", etcdVersion: "3.5.15", topology: .stacked,
        nodes: [.init(name: "lb", ip: "10.0.1.100", role: .loadBalancer)]
            + (1...5).map { .init(name: "master\($0)", ip: "10.0.1.1\($0 - 1)", role: .controlPlane) })
    static let external3 = ClusterSpec(
        id: "external-etcd-3", etcdVersion: "3.5.15", topology: .external,
        nodes: [
            .init(name: "master1", ip: "10.0.1.10", role: .controlPlane),
            .init(name: "master2", ip: "10.0.1.11", role: .controlPlane),
            .init(name: "etcd1", ip: "10.0.1.20", role: .etcd), .init(name: "etcd2", ip: "10.0.1.21", role: .etcd),
            .init(name: "etcd3", ip: "10.0.1.22", role: .etcd),
        ])

    /// What one schedule found wrong, with the seed and step that reproduce it.
    struct Violation: Error, CustomStringConvertible {
        var seed: UInt64
        var step: Int
        var what: String
        var description: String {
            "seed \(seed), step \(step): \(what) — reproduce with KUBEDOJO_SIM_SEED=\(seed) swift test --filter FaultScheduleTests"
        }
    }

    /// How much a schedule exercised: terms started, writes refused and acknowledged.
    struct Coverage {
        var terms = 0
        var refused = 0
        var acknowledged = 0
    }

    /// Runs one schedule of `steps` random faults and checks the invariants after each.
    static func run(seed: UInt64, steps: Int = 40, coverage: inout Coverage) -> Violation? {
        var rng = SeededGenerator(seed: seed, label: "fault-schedule")
        let spec = [stacked3, stacked5, external3][rng.int(in: 0...2)]
        var cluster = Cluster.build(spec: spec, seed: seed)
        let etcdNodes = spec.etcdHosts.map(\.name)
        var leaders: [UInt64: UInt64] = [:]  // term → leader
        var acknowledged: [String: String] = [:]
        var holders: [String: (identity: String, until: SimTime)] = [:]
        var nextKey = 0

        for step in 0..<steps {
            let node = etcdNodes[rng.int(in: 0...(etcdNodes.count - 1))]
            let component = spec.topology == .external ? "etcd" : "etcd"
            switch rng.int(in: 0...10) {
            case 0: _ = cluster.inject(.killEtcd(node: node))
            case 1:
                if spec.topology == .external {
                    _ = cluster.inject(.startUnit(node: node, unit: "etcd"))
                } else {
                    _ = cluster.inject(.restoreManifest(node: node, component: component))
                }
            case 2: _ = cluster.inject(.powerOff(node: node))
            case 3: _ = cluster.inject(.powerOn(node: node))
            case 4:
                let side = etcdNodes.filter { _ in rng.int(in: 0...1) == 0 }
                _ = cluster.inject(side.isEmpty ? .heal : .partition(nodes: side))
            case 5:
                // The network is whole again: no partition, no DROP rules.
                _ = cluster.inject(.heal)
                for name in etcdNodes { cluster.updateFirewall(on: name) { $0.removeAll() } }
            case 6, 7:
                // A client write through a random running member.
                let key = "/kd/\(nextKey)"
                nextKey += 1
                let hadQuorum = cluster.etcd.hasQuorum && cluster.etcd.leaderID != nil
                if let member = cluster.etcd.members.filter(\.running).randomElement(using: &rng) {
                    if case .success = cluster.etcdPut(key, "v\(step)", via: member) {
                        if !hadQuorum || member.isolated {
                            return Violation(seed: seed, step: step, what: "a write was accepted without a quorum")
                        }
                        acknowledged[key] = "v\(step)"
                        coverage.acknowledged += 1
                    } else {
                        coverage.refused += 1
                    }
                }
            case 10:
                // An iptables DROP on the peer port splits members like a partition.
                _ = cluster.inject(.dropPort(node: node, port: 2380))
            default:
                cluster.advance(milliseconds: Int64(rng.int(in: 200...30_000)))
            }

            // At most one leader per term.
            if let leader = cluster.etcd.leaderID {
                if let earlier = leaders[cluster.etcd.term], earlier != leader {
                    return Violation(
                        seed: seed, step: step,
                        what:
                            "two leaders in term \(cluster.etcd.term): \(String(earlier, radix: 16)) and \(String(leader, radix: 16))"
                    )
                }
                if leaders[cluster.etcd.term] == nil { coverage.terms += 1 }
                leaders[cluster.etcd.term] = leader
            }
            // A committed write is never lost while a quorum survives.
            if cluster.etcd.hasQuorum {
                for (key, value) in acknowledged where cluster.etcd.keys[key]?.value != value {
                    return Violation(seed: seed, step: step, what: "acknowledged write \(key)=\(value) is gone")
                }
            }
            // Lease holders never overlap beyond the lease duration.
            for name in LeaderElection.components {
                guard let lease = cluster.lease(name), let identity = lease.holderIdentity else { continue }
                let until = lease.renewTime.adding(milliseconds: Int64(lease.leaseDurationSeconds) * 1000)
                if let previous = holders[name], previous.identity != identity, lease.acquireTime < previous.until {
                    return Violation(
                        seed: seed, step: step,
                        what: "\(name): \(identity) acquired the lease before \(previous.identity)'s expired")
                }
                holders[name] = (identity, until)
            }
        }
        return nil
    }

    static var scheduleCount: Int {
        ProcessInfo.processInfo.environment["KUBEDOJO_SIM_SCHEDULES"].flatMap(Int.init) ?? 300
    }

    @Test func randomFaultSchedulesKeepTheInvariants() {
        if let seed = ProcessInfo.processInfo.environment["KUBEDOJO_SIM_SEED"].flatMap(UInt64.init) {
            var coverage = Coverage()
            let violation = Self.run(seed: seed, coverage: &coverage)
            #expect(violation == nil, "\(violation.map(String.init(describing:)) ?? "")")
            return
        }
        var violations: [Violation] = []
        var coverage = Coverage()
        for seed in 1...UInt64(Self.scheduleCount) {
            if let violation = Self.run(seed: seed, coverage: &coverage) { violations.append(violation) }
            if violations.count >= 5 { break }
        }
        #expect(violations.isEmpty, "\(violations.map(\.description).joined(separator: "\n"))")
        // The schedules must actually exercise failover and refusal, or they prove nothing.
        let count = Self.scheduleCount
        #expect(coverage.terms > count * 3 / 2, "elections: \(coverage.terms) terms over \(count) schedules")
        #expect(coverage.refused > count, "refused writes: \(coverage.refused)")
        // Peer-port drops join crashes and partitions, so fewer steps are writes that can land.
        #expect(coverage.acknowledged > count * 3 / 2, "acknowledged writes: \(coverage.acknowledged)")
        print(
            "fault schedules: \(count), terms led \(coverage.terms), writes refused \(coverage.refused), acknowledged \(coverage.acknowledged)"
        )
    }

    /// The runner can fail: a cluster that accepts a write without quorum is caught.
    @Test func theRunnerCatchesABrokenInvariant() {
        var cluster = Cluster.build(spec: Self.stacked3, seed: 3)
        for node in ["master2", "master3"] { _ = cluster.inject(.killEtcd(node: node)) }
        cluster.advance(milliseconds: 30_000)
        #expect(!cluster.etcd.hasQuorum)
        // Force the model into the state a bug would leave: a leader without quorum.
        cluster.etcd.leaderID = cluster.etcd.members.first { $0.running }?.id
        let survivor = cluster.etcd.members.first { $0.running }
        #expect(survivor != nil)
        if let survivor {
            if case .success = cluster.etcdPut("/x", "y", via: survivor) {
                Issue.record("the model accepted a write without quorum")
            }
        }
    }
}
