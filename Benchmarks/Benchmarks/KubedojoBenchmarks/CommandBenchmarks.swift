import Benchmark
import ClusterSim
import Shell

/// One typed command, parsed, run and rendered, on master1 of a fresh stacked-3 cluster: the
/// same cluster and shell go on from one iteration to the next, as in a session at the prompt.
/// (Repeated commands find their certificates and manifests in the parse caches after the first
/// run, as the second command of a session does; p99 over hundreds of runs is the budget.)
func registerCommandBenchmarks() {
    let commands: [(name: String, line: String)] = [
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
    for command in commands {
        Benchmark("command.\(command.name)") { (benchmark: Benchmark, session: PromptSession) in
            for _ in benchmark.scaledIterations {
                blackHole(session.run(command.line))
            }
        } setup: {
            let session = PromptSession(spec: Content.spec("stacked-3"), host: "master1")
            _ = session.run("export KUBECONFIG=/etc/kubernetes/admin.conf")
            // A command that fails measures an error message: check it works before timing it.
            let first = session.run(command.line)
            guard first.status == 0, command.name == "heredoc-write" || !first.stdout.isEmpty else {
                fail("\(command.name) exits \(first.status): \(first.stderr)")
            }
            return session
        }
    }
}

/// A cluster and a shell at its prompt; a class so the benchmark closure can go on mutating them.
final class PromptSession {
    var cluster: Cluster
    var shell: ShellState

    init(spec: ClusterSpec, host: String, seed: UInt64 = 1) {
        cluster = Cluster.assemble(spec: spec, seed: seed)
        shell = ShellState(host: host)
    }

    func run(_ line: String) -> ShellResult {
        Shell.run(line, state: &shell, cluster: &cluster)
    }
}
