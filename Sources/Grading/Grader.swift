import ClusterSim
import Shell

/// Evaluates a scenario's checks against the cluster and the attempt's shell history.
public enum Grader {
    /// Facts about the cluster that task texts and checks may name, e.g. `{{etcd.leader.name}}`.
    /// Every fact name `facts(_:)` can provide, for lint.
    public static let factNames: Set<String> = [
        "etcd.member_count", "etcd.quorum", "etcd.cluster_id", "etcd.version", "etcd.leader.name", "etcd.leader.id",
        "etcd.leader.node", "etcd.leader.ip", "lease.kube-controller-manager.holder",
        "lease.kube-controller-manager.identity", "lease.kube-scheduler.holder", "lease.kube-scheduler.identity",
    ]

    public static func facts(_ cluster: Cluster) -> [String: String] {
        var facts: [String: String] = [
            "etcd.member_count": String(cluster.etcd.members.count),
            "etcd.quorum": String(cluster.etcd.quorumSize),
            "etcd.cluster_id": String(cluster.etcd.clusterID, radix: 16),
            "etcd.version": cluster.etcd.version,
        ]
        if let leader = cluster.etcd.leader {
            facts["etcd.leader.name"] = leader.name
            facts["etcd.leader.id"] = leader.hexID
            facts["etcd.leader.node"] = leader.node
            facts["etcd.leader.ip"] = cluster.node(named: leader.node)?.ip ?? ""
        }
        for component in LeaderElection.components {
            if let lease = cluster.lease(component), let holder = lease.holderNode, let identity = lease.holderIdentity {
                facts["lease.\(component).holder"] = holder
                facts["lease.\(component).identity"] = identity
            }
        }
        return facts
    }

    public static func grade(
        _ checks: [Check], cluster: Cluster, shell: ShellState, variables: [String: String]
    ) -> GradeReport {
        let base = facts(cluster).merging(variables) { _, scenario in scenario }
        return GradeReport(
            results: checks.map { check in
                var values = base
                for (name, value) in check.arguments { values[name] = Template.render(value, base) }
                let value = probe(check.grader.probe, values: values, cluster: cluster, shell: shell)
                let passed = matches(check.grader.matcher, value, values: values)
                values["actual"] = value.description
                let feedback = Template.render(passed ? check.grader.passFeedback : check.grader.failFeedback, values)
                return CheckResult(
                    id: check.id, passed: passed, earned: passed && !check.coaching ? check.points : 0,
                    points: check.coaching ? 0 : check.points, coaching: check.coaching, feedback: feedback)
            })
    }

    /// A probed value: one text (nil when missing) or a list of items.
    enum Value: CustomStringConvertible {
        case text(String?)
        /// A value read from the model rather than a file: shown as it is.
        case fact(String?)
        case list([String])

        var description: String {
            switch self {
            case .text(let text): text.map { $0.isEmpty ? "an empty file" : "\"\($0)\"" } ?? "nothing (the file does not exist)"
            case .fact(let value): value ?? "none"
            case .list(let items): items.isEmpty ? "no such command" : items.joined(separator: "; ")
            }
        }
    }

    static func probe(_ probe: Probe, values: [String: String], cluster: Cluster, shell: ShellState) -> Value {
        switch probe {
        case .file(let host, let path):
            let node = cluster.node(named: Template.render(host, values))
            let resolved = FileSystem.resolve(Template.render(path, values))
            guard case .success(let text)? = node?.files.read(resolved) else { return .text(nil) }
            return .text(text.trimmed())
        case .etcd(let field):
            let etcd = cluster.etcd
            switch Template.render(field, values) {
            case "quorum": return .fact(String(etcd.hasQuorum && etcd.leader != nil))
            case "running": return .fact(String(etcd.members.filter(\.running).count))
            case "members": return .fact(String(etcd.members.count))
            case "leader": return .fact(etcd.leader?.name)
            default: return .fact(nil)
            }
        case .history(let command):
            let name = Template.render(command, values)
            return .list(shell.invocations.filter { $0.argv.first == name }.map(HistoryNormalizer.normalize))
        }
    }

    static func matches(_ matcher: Matcher, _ value: Value, values: [String: String]) -> Bool {
        func render(_ text: String) -> String { Template.render(text, values) }
        switch (matcher, value) {
        case (_, .fact(let fact)): return matches(matcher, .text(fact), values: values)
        case (.absent, .list(let items)): return items.isEmpty
        case (.present, .list(let items)): return !items.isEmpty
        case (.not(let inner), .list(let items)):
            return !items.contains { matches(inner, .text($0), values: values) }
        case (_, .list(let items)):
            // Over a list (typed commands), a matcher holds when one item satisfies all of it.
            return items.contains { matches(matcher, .text($0), values: values) }
        case (.all(let inner), _): return inner.allSatisfy { matches($0, value, values: values) }
        case (.any(let inner), _): return inner.contains { matches($0, value, values: values) }
        case (.not(let inner), _): return !matches(inner, value, values: values)
        case (.absent, .text(let text)): return text == nil
        case (.present, .text(let text)): return text != nil
        case (.equals(let expected), .text(let text)): return text == render(expected)
        case (.contains(let needle), .text(let text)): return text?.contains(render(needle)) ?? false
        case (.oneOf(let options), .text(let text)): return text.map { options.map(render).contains($0) } ?? false
        case (.matches(let pattern), .text(let text)):
            guard let text, let regex = try? Regex(render(pattern)) else { return false }
            return (try? regex.firstMatch(in: text)) != nil
        }
    }
}
