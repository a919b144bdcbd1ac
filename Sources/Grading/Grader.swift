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
                let value: ProbeValue
                let world = world(for: check, cluster: cluster, values: values)
                if let fork = world.cluster {
                    value = ProbeReader(cluster: fork, shell: shell, values: values).read(check.grader.probe)
                } else {
                    let problem = world.problem ?? "the check's faults could not be injected"
                    values["actual"] = problem
                    return CheckResult(
                        id: check.id, passed: false, earned: 0, points: check.coaching ? 0 : check.points,
                        coaching: check.coaching, feedback: problem)
                }
                let passed = matches(check.grader.matcher, value, values: values)
                values["actual"] = value.description
                let feedback = Template.render(passed ? check.grader.passFeedback : check.grader.failFeedback, values)
                return CheckResult(
                    id: check.id, passed: passed, earned: passed && !check.coaching ? check.points : 0,
                    points: check.coaching ? 0 : check.points, coaching: check.coaching, feedback: feedback)
            })
    }

    /// The cluster a check probes: the learner's own, or a copy with the check's faults injected.
    /// A fault that cannot be injected is reported instead of probing.
    static func world(for check: Check, cluster: Cluster, values: [String: String]) -> (cluster: Cluster?, problem: String?) {
        let faults = check.grader.inject + check.inject
        guard !faults.isEmpty else { return (cluster, nil) }
        var fork = cluster
        for text in faults {
            let line = Template.render(text, values)
            let words = line.split(whereSeparator: \.isWhitespace).map(String.init)
            switch Fault.parse(words) {
            case .failure(let error): return (nil, "the check's fault '\(line)' is invalid: \(error)")
            case .success(let fault):
                // A fault with nothing to do (a node already off) leaves the copy as it is.
                _ = fork.inject(fault)
            }
        }
        return (fork, nil)
    }

    static func matches(_ matcher: Matcher, _ value: ProbeValue, values: [String: String]) -> Bool {
        func render(_ text: String) -> String { Template.render(text, values) }
        switch (matcher, value) {
        case (_, .fact(let fact)): return matches(matcher, .text(fact), values: values)
        case (.count(let expected), .list(let items)): return Int(render(expected)) == items.count
        case (.atLeast(let bound), .list(let items)): return Int(render(bound)).map { items.count >= $0 } ?? false
        case (.atMost(let bound), .list(let items)): return Int(render(bound)).map { items.count <= $0 } ?? false
        case (.includes(let wanted), .list(let items)): return wanted.map(render).allSatisfy(items.contains)
        case (.each(let inner), .list(let items)):
            return !items.isEmpty && items.allSatisfy { matches(inner, .text($0), values: values) }
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
        case (.includes(let wanted), .text(let text)):
            let lines = text.map { $0.split(separator: "\n").map { $0.trimmed() } } ?? []
            return wanted.map(render).allSatisfy(lines.contains)
        case (.each(let inner), .text(let text)): return text != nil && matches(inner, .text(text), values: values)
        case (.count(let expected), .text(let text)):
            let lines = text.map { $0.split(separator: "\n").filter { !$0.trimmed().isEmpty }.count } ?? 0
            return Int(render(expected)) == lines
        case (.atLeast(let bound), .text(let text)):
            guard let number = text.flatMap({ Double($0.trimmed()) }), let limit = Double(render(bound)) else { return false }
            return number >= limit
        case (.atMost(let bound), .text(let text)):
            guard let number = text.flatMap({ Double($0.trimmed()) }), let limit = Double(render(bound)) else { return false }
            return number <= limit
        case (.contains(let needle), .text(let text)): return text?.contains(render(needle)) ?? false
        case (.oneOf(let options), .text(let text)): return text.map { options.map(render).contains($0) } ?? false
        case (.matches(let pattern), .text(let text)):
            guard let text, let regex = RegexCache.regex(render(pattern)) else { return false }
            return regex.hasMatch(in: text)
        }
    }
}
