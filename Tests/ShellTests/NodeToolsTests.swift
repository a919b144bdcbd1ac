import ClusterSim
import Testing

@testable import Shell

/// systemctl, journalctl, crictl and openssl against a seeded cluster.
@Suite struct NodeToolsTests {
    @Test func stoppingTheKubeletShowsInTheJournalAndLeavesPodsRunning() {
        var session = Session(seed: 7)
        #expect(session.run("systemctl stop kubelet").status == 0)
        #expect(session.run("systemctl is-active kubelet").stdout == "inactive\n")
        #expect(session.run("systemctl is-active kubelet").status == 3)
        let journal = session.run("journalctl -u kubelet -n 2 --no-pager").stdout
        #expect(journal.hasSuffix("master1 systemd[1]: Stopped kubelet.service - kubelet: The Kubernetes Node Agent.\n"))
        #expect(journal.split(separator: "\n").count == 2)
        #expect(session.run("crictl ps -q").stdout.split(separator: "\n").count == 4, "containerd keeps the pods")
        #expect(session.run("systemctl status kubelet").status == 3)
    }

    @Test func aMovedManifestIsNoticedOnlyAfterTheKubeletStarts() {
        var session = Session(seed: 3)
        _ = session.run("systemctl stop kubelet")
        _ = session.run("mv /etc/kubernetes/manifests/etcd.yaml /root/")
        _ = session.run("sleep 60")
        #expect(session.run("crictl ps --name etcd -q").stdout.count == 65)
        #expect(session.cluster.etcd.member(onNode: "master1")?.running == true)
        _ = session.run("systemctl start kubelet")
        #expect(session.run("crictl ps --name etcd -q").stdout.isEmpty)
        #expect(session.cluster.etcd.member(onNode: "master1")?.running == false)
        #expect(session.run("journalctl -u kubelet").stdout.contains("kubelet["))
    }

    @Test func daemonReloadClearsTheChangedOnDiskWarning() {
        var session = Session(seed: 5)
        _ = session.run("sed -i s/RestartSec=10/RestartSec=3/ /usr/lib/systemd/system/kubelet.service")
        #expect(session.run("systemctl restart kubelet").stderr.hasPrefix("Warning: The unit file"))
        #expect(session.run("systemctl daemon-reload").status == 0)
        #expect(session.run("systemctl restart kubelet").stderr.isEmpty)
    }

    @Test func checkendFollowsTheVirtualClock() {
        var session = Session(seed: 7)
        let cert = "/etc/kubernetes/pki/apiserver.crt"
        #expect(session.run("openssl x509 -in \(cert) -noout -checkend 86400").stdout == "Certificate will not expire\n")
        #expect(session.run("openssl x509 -in \(cert) -noout -checkend 40000000").status == 1)
    }

    @Test(arguments: [
        "systemctl", "systemctl start", "systemctl status ''", "journalctl -n -5", "journalctl --since garbage",
        "journalctl -u", "crictl", "crictl logs", "crictl ps --name '('", "openssl", "openssl x509 -in",
        "openssl x509 -checkend 99999999999999999999", "echo junk | openssl x509 -noout -text",
        "systemctl enable --now nosuch", "journalctl --since '2026-13-40 99:99'", "crictl logs ''",
    ])
    func badInputNeverCrashes(_ line: String) {
        var session = Session(seed: 1)
        let result = session.run(line)
        #expect(result.status != 0 || !result.combined.isEmpty)
    }

    /// `ssh HOST COMMAND` hands its standard input to the remote command, as OpenSSH does.
    @Test func sshFeedsItsInputToTheRemoteCommand() {
        var session = Session(seed: 3)
        let written = session.run("ssh master2 'cat > /root/note.txt' <<EOF\nhello\nEOF")
        #expect(written.status == 0 && written.combined.isEmpty)
        #expect(session.run("ssh master2 cat /root/note.txt").stdout == "hello\n")
        #expect(session.run("echo abc | ssh master3 tr a-z A-Z; hostname").stdout.hasSuffix("master1\n"))
        #expect(session.cluster.node(named: "master1")?.files.isFile("/root/note.txt") == false)
    }

    /// `-s a,b` makes one rule per address, `-i lo` matches a node's own traffic, and
    /// `--line-numbers` numbers the rules; connections obey them.
    @Test func iptablesSourceListsLoopbackAndLineNumbers() {
        var session = Session(seed: 3)
        for line in [
            "iptables -A INPUT -i lo -j ACCEPT",
            "iptables -A INPUT -p tcp --dport 2379 -s 10.0.1.10,10.0.1.11,10.0.1.12 -j ACCEPT",
            "iptables -A INPUT -p tcp --dport 2379 -j DROP",
        ] {
            #expect(session.run(line).status == 0, "\(line)")
        }
        #expect(
            session.run("iptables -L INPUT -n --line-numbers").stdout == """
                Chain INPUT (policy ACCEPT)
                num  target     prot opt source               destination         
                1    ACCEPT     all  --  0.0.0.0/0            0.0.0.0/0           
                2    ACCEPT     tcp  --  10.0.1.10            0.0.0.0/0            tcp dpt:2379
                3    ACCEPT     tcp  --  10.0.1.11            0.0.0.0/0            tcp dpt:2379
                4    ACCEPT     tcp  --  10.0.1.12            0.0.0.0/0            tcp dpt:2379
                5    DROP       tcp  --  0.0.0.0/0            0.0.0.0/0            tcp dpt:2379

                """)
        let cluster = session.cluster
        #expect(cluster.connectivity(from: "master1", to: "master1", port: 2379) == .open)
        #expect(cluster.connectivity(from: "master2", to: "master1", port: 2379) == .open)
        #expect(cluster.connectivity(from: "worker1", to: "master1", port: 2379) == .timeout)
        #expect(cluster.connectivity(from: "worker1", to: "master1", port: 2380) == .open)
        #expect(session.run("iptables -D INPUT -p tcp --dport 2379 -s 10.0.1.10,10.0.1.11 -j ACCEPT").status == 0)
        #expect(session.cluster.node(named: "master1")?.firewall.count == 3)
    }
}
