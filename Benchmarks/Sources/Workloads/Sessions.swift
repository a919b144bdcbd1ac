import Catalog
import ClusterSim
import Grading
import Shell

/// The typed commands whose parse + run + render time has a budget (DESIGN §7), as a candidate
/// types them on master1 of stacked-3.
public enum TypedCommands {
    public static let all: [(name: String, line: String)] = [
        (
            "etcdctl-endpoint-status-table",
            "ETCDCTL_API=3 etcdctl --endpoints=https://10.0.1.10:2379,https://10.0.1.11:2379,https://10.0.1.12:2379"
                + " --cacert=/etc/kubernetes/pki/etcd/ca.crt --cert=/etc/kubernetes/pki/etcd/healthcheck-client.crt"
                + " --key=/etc/kubernetes/pki/etcd/healthcheck-client.key endpoint status -w table"
        ),
        ("kubectl-get-pods-A", "kubectl get pods -A"),
        (
            "grep-pipeline",
            "grep -E 'listen-client-urls|advertise-client-urls|initial-cluster' /etc/kubernetes/manifests/etcd.yaml"
                + " | sed 's/^ *- //' | sort | head -n 5"
        ),
        (
            "heredoc-write",
            """
            cat <<EOF > /root/etcd-backup.sh
            #!/bin/sh
            export ETCDCTL_API=3
            etcdctl --endpoints=https://127.0.0.1:2379 --cacert=/etc/kubernetes/pki/etcd/ca.crt \\
              --cert=/etc/kubernetes/pki/etcd/server.crt --key=/etc/kubernetes/pki/etcd/server.key \\
              snapshot save /var/lib/etcd-backup/snapshot-$HOSTNAME.db
            EOF
            """
        ),
    ]
}

/// A fresh cluster and a shell at its prompt; a class so a benchmark can go on mutating them
/// from one iteration to the next, as a session at the prompt does.
public final class PromptSession {
    public var cluster: Cluster
    public var shell: ShellState

    /// master1 of a fresh stacked-3 cluster with KUBECONFIG set; `line` is run once and must work.
    public static func checked(_ name: String, _ line: String) -> PromptSession {
        let session = PromptSession(spec: Content.spec("stacked-3"), host: "master1")
        _ = session.run("export KUBECONFIG=/etc/kubernetes/admin.conf")
        // A command that fails measures an error message: check it works before timing it.
        let first = session.run(line)
        guard first.status == 0, name == "heredoc-write" || !first.stdout.isEmpty else {
            fail("\(name) exits \(first.status): \(first.stderr)")
        }
        return session
    }

    public init(spec: ClusterSpec, host: String, seed: UInt64 = 1) {
        cluster = Cluster.assemble(spec: spec, seed: seed)
        shell = ShellState(host: host)
    }

    public func run(_ line: String) -> ShellResult {
        Shell.run(line, state: &shell, cluster: &cluster)
    }
}

/// The cluster and shell a scenario's reference solution leaves, as `verify` plays it.
public struct EndState {
    public var cluster: Cluster
    public var shell: ShellState
    public var variables: [String: String]
    public let scenario: Scenario

    public init(scenario: Scenario, seed: UInt64) {
        self.scenario = scenario
        let spec = Content.spec(scenario.cluster)
        cluster = scenario.cluster(spec: spec, seed: seed)
        variables = scenario.values(seed: seed, spec: spec)
        shell = ShellState(host: scenario.startHost(variables))
        let values = variables.merging(Grader.facts(cluster)) { variable, _ in variable }
        for command in Shell.commands(in: Template.render(scenario.solution, values)) {
            _ = Shell.run(command, state: &shell, cluster: &cluster)
        }
    }

    /// The end state of `scenario` on `seed`; its solution must score 100 %.
    public static func checked(_ scenario: Scenario, seed: UInt64 = 1) -> EndState {
        let end = EndState(scenario: scenario, seed: seed)
        let report = end.grade()
        guard report.percent == 100 else {
            fail("the solution of \(scenario.id) scores \(report.earned)/\(report.maximum) on seed \(seed)")
        }
        return end
    }

    public func grade() -> GradeReport {
        Grader.grade(scenario.checks, cluster: cluster, shell: shell, variables: variables)
    }
}
