import Catalog
import ClusterSim
import Testing

@testable import Shell

/// Backup and restore as a candidate does it on the exam, end to end through the shell.
@Suite struct EtcdSnapshotTests {
    let certs =
        "--cacert=/etc/kubernetes/pki/etcd/ca.crt --cert=/etc/kubernetes/pki/etcd/server.crt --key=/etc/kubernetes/pki/etcd/server.key"

    func session(_ clusterName: String) throws -> (Cluster, ShellState) {
        let spec = try #require(contentClusters[clusterName])
        return (Cluster.build(spec: spec, seed: 7), ShellState(host: "master1"))
    }

    @Test func singleNodeRestoreBringsBackTheSnapshotAsANewCluster() throws {
        var (cluster, state) = try session("single-cp")
        func run(_ line: String) -> ShellResult { Shell.run(line, state: &state, cluster: &cluster) }
        #expect(run("export ETCDCTL_API=3").status == 0)
        #expect(run("etcdctl --endpoints=https://127.0.0.1:2379 \(certs) put /kd/before yes").stdout == "OK\n")
        let save = run("etcdctl --endpoints=https://127.0.0.1:2379 \(certs) snapshot save /opt/snap.db")
        #expect(save.status == 0 && save.stdout == "Snapshot saved at /opt/snap.db\n")
        #expect(save.stderr.split(separator: "\n").count == 6)
        #expect(run("etcdctl --endpoints=https://127.0.0.1:2379 \(certs) put /kd/after lost").status == 0)
        let oldCluster = cluster.etcd.clusterID

        let status = run("etcdutl snapshot status /opt/snap.db -w json")
        #expect(status.status == 0 && status.stdout.contains("\"revision\":\(cluster.etcd.revision - 1)"))

        let restore = run("etcdutl snapshot restore /opt/snap.db --data-dir /var/lib/etcd-from-backup")
        #expect(restore.status == 0 && restore.stdout.isEmpty)
        #expect(
            restore.stderr.contains(
                "\tadded member\t{\"cluster-id\": \"cdf818194e3a8c32\", \"local-member-id\": \"0\", \"added-peer-id\": \"8e9e05c52164694d\""
            ))
        let again = run("etcdutl snapshot restore /opt/snap.db --data-dir /var/lib/etcd-from-backup")
        #expect(again.stderr == "Error: data-dir \"/var/lib/etcd-from-backup\" not empty or could not be read\n")

        // Point the pod's data volume at the restored directory; the kubelet restarts etcd.
        #expect(
            run("sed -i 's|path: /var/lib/etcd$|path: /var/lib/etcd-from-backup|' /etc/kubernetes/manifests/etcd.yaml").status
                == 0)
        #expect(run("sleep 30").status == 0)
        #expect(cluster.etcd.clusterID == 0xcdf8_1819_4e3a_8c32 && cluster.etcd.clusterID != oldCluster)
        #expect(cluster.etcd.leader?.name == "master1")
        let keys = run("etcdctl --endpoints=https://127.0.0.1:2379 \(certs) get /kd --prefix --keys-only")
        #expect(keys.stdout == "/kd/before\n\n", "the key written after the snapshot is gone")
        let members = run("etcdctl --endpoints=https://127.0.0.1:2379 \(certs) member list")
        #expect(members.stdout == "8e9e05c52164694d, started, master1, http://localhost:2380, https://10.0.1.10:2379, false\n")
    }

    @Test func restoringOneMemberOfThreeLeavesItOutside() throws {
        var (cluster, state) = try session("stacked-3")
        func run(_ line: String) -> ShellResult { Shell.run(line, state: &state, cluster: &cluster) }
        #expect(run("etcdctl --endpoints=https://127.0.0.1:2379 \(certs) snapshot save /root/s.db").status == 0)
        #expect(run("etcdutl snapshot restore /root/s.db --data-dir /var/lib/etcd-new").status == 0)
        #expect(run("sed -i 's|path: /var/lib/etcd$|path: /var/lib/etcd-new|' /etc/kubernetes/manifests/etcd.yaml").status == 0)
        let before = cluster.etcd.clusterID
        #expect(run("sleep 30").status == 0)
        #expect(cluster.etcd.clusterID == before, "two members of the old cluster still run: it keeps its identity")
        #expect(cluster.etcd.member(onNode: "master1")?.running == false)
        #expect(cluster.events.contains { $0.message.contains("etcd on master1 cannot serve: request cluster ID mismatch") })
        #expect(cluster.etcd.hasQuorum)
    }

    @Test func wipedMemberRejoinsOnlyAfterRemoveAndAdd() throws {
        var (cluster, state) = try session("stacked-3")
        func run(_ line: String) -> ShellResult { Shell.run(line, state: &state, cluster: &cluster) }
        let e = "--endpoints=https://10.0.1.10:2379 \(certs)"
        let master3 = try #require(cluster.etcd.member(onNode: "master3"))
        // Stop master3's etcd, wipe its data, remove and re-add it, then start it again.
        #expect(run("ssh master3 mv /etc/kubernetes/manifests/etcd.yaml /root/").status == 0)
        #expect(run("ssh master3 rm -rf /var/lib/etcd/member").status == 0)
        #expect(run("sleep 25").status == 0)
        #expect(run("etcdctl \(e) member remove \(master3.hexID)").status == 0)
        #expect(run("sleep 6").status == 0)
        let add = run("etcdctl \(e) member add master3 --peer-urls=https://10.0.1.12:2380")
        #expect(add.status == 0, "\(add.stderr)")
        #expect(run("ssh master3 mv /root/etcd.yaml /etc/kubernetes/manifests/").status == 0)
        #expect(run("sleep 25").status == 0)
        let rejoined = try #require(cluster.etcd.member(onNode: "master3"))
        #expect(rejoined.id != master3.id && rejoined.running && rejoined.name == "master3")
        #expect(cluster.etcd.voters.filter(\.running).count == 3)
    }

    /// The HA restore: every member restored from one snapshot with the same new membership
    /// and token, each pod pointed at its new directory. The cluster that comes back has the
    /// IDs real etcd computes and elects a leader.
    @Test func threeMemberRestoreFormsTheNewCluster() throws {
        var (cluster, state) = try session("stacked-3")
        func run(_ line: String) -> ShellResult { Shell.run(line, state: &state, cluster: &cluster) }
        #expect(run("etcdctl --endpoints=https://127.0.0.1:2379 \(certs) put /kd/k v").status == 0)
        #expect(run("etcdctl --endpoints=https://127.0.0.1:2379 \(certs) snapshot save /root/s.db").status == 0)
        let initial =
            "master1=https://10.0.1.10:2380,master2=https://10.0.1.11:2380,master3=https://10.0.1.12:2380"
        for (index, host) in ["master1", "master2", "master3"].enumerated() {
            if host != "master1" { #expect(run("scp /root/s.db \(host):/root/").status == 0) }
            #expect(run("ssh \(host) mv /etc/kubernetes/manifests/etcd.yaml /root/").status == 0)
            let restore = run(
                "ssh \(host) etcdutl snapshot restore /root/s.db --name \(host) --initial-cluster \(initial) --initial-cluster-token restored --initial-advertise-peer-urls https://10.0.1.1\(index):2380 --data-dir /var/lib/etcd-restored"
            )
            #expect(restore.status == 0, "\(restore.stderr)")
            // Quoted once more: the remote shell parses the command line again, as ssh does.
            #expect(
                run("ssh \(host) \"sed -i 's|path: /var/lib/etcd$|path: /var/lib/etcd-restored|' /root/etcd.yaml\"").status == 0)
        }
        for host in ["master1", "master2", "master3"] {
            #expect(run("ssh \(host) mv /root/etcd.yaml /etc/kubernetes/manifests/").status == 0)
        }
        #expect(run("sleep 30").status == 0)
        let ids = (0...2).map { EtcdCluster.memberID(peerURLs: ["https://10.0.1.1\($0):2380"], token: "restored") }
        #expect(cluster.etcd.clusterID == EtcdCluster.clusterID(memberIDs: ids))
        #expect(Set(cluster.etcd.members.map(\.id)) == Set(ids))
        #expect(cluster.etcd.members.allSatisfy { $0.running && $0.name == $0.node })
        #expect(cluster.etcd.leader != nil)
        let value = run("etcdctl --endpoints=https://10.0.1.11:2379 \(certs) get /kd/k --print-value-only")
        #expect(value.stdout == "v\n")
    }

    /// `etcdutl defrag` works only on a data directory no member holds open.
    @Test func offlineDefragNeedsTheMemberStopped() throws {
        var (cluster, state) = try session("stacked-3")
        func run(_ line: String) -> ShellResult { Shell.run(line, state: &state, cluster: &cluster) }
        let before = try #require(cluster.etcd.member(onNode: "master1"))
        #expect(before.dbSize > before.dbSizeInUse)
        let busy = run("etcdutl defrag --data-dir /var/lib/etcd")
        #expect(busy.status == 130 && busy.stdout.isEmpty)
        #expect(
            busy.stderr
                == "waiting for etcd to close and release its lock on \"/var/lib/etcd/member/snap/db\". To defrag a running etcd instance, use `etcdctl defrag` instead.\n^C\nkubedojo: etcdutl waits until etcd stops; interrupted for you\n"
        )
        #expect(run("etcdutl defrag").stderr == "Error: required flag(s) \"data-dir\" not set\n")
        #expect(run("mv /etc/kubernetes/manifests/etcd.yaml /root/ && sleep 25").status == 0)
        let done = run("etcdutl defrag --data-dir=/var/lib/etcd")
        #expect(done.status == 0 && done.combined.isEmpty)
        #expect(cluster.etcd.member(onNode: "master1")?.dbSize == before.dbSizeInUse)
        #expect(run("etcdutl defrag --data-dir /tmp/nothing").status == 1)
    }
}
