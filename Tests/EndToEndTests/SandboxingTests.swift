import Foundation
import Testing

/// DESIGN §8: the simulator opens no socket and touches no real path. A long scripted drill runs
/// under `strace -f` (installed by `make test`); the trace must show no network call at all and
/// files written or removed only for the database (its journal, WAL and shared memory) and the
/// line-editing history.
@Suite struct SandboxingTests {
    static let script = """
        curl -k https://10.0.1.10:6443/readyz
        curl -s http://10.0.1.10:10257/healthz; curl -k https://10.0.1.100:6443/version
        cat /etc/kubernetes/manifests/etcd.yaml | head -3
        echo hi > /etc/kubernetes/x.txt; cp /etc/kubernetes/admin.conf /root/a.conf; rm /root/a.conf
        mkdir -p /var/lib/etcd-backup && touch /var/lib/etcd-backup/x
        ssh master2 hostname
        ETCDCTL_API=3 etcdctl --endpoints=https://10.0.1.10:2379 --cacert=/etc/kubernetes/pki/etcd/ca.crt --cert=/etc/kubernetes/pki/etcd/server.crt --key=/etc/kubernetes/pki/etcd/server.key snapshot save /root/snap.db
        kubectl --kubeconfig /etc/kubernetes/admin.conf get nodes
        ping -c 1 10.0.1.11
        openssl s_client -connect 10.0.1.10:6443 </dev/null | head -2
        iptables -A INPUT -p tcp --dport 2379 -j DROP
        systemctl restart kubelet
        cat <<'EOF' > /etc/hosts
        10.0.1.10 master1
        EOF
        vi /tmp/x
        :check
        :quit

        """

    @Test func aDrillMakesNoNetworkCallAndWritesOnlyItsDatabase() throws {
        let strace = ["/usr/bin/strace", "/bin/strace"].first { FileManager.default.isExecutableFile(atPath: $0) }
        let tracer = try #require(strace, "strace is missing: `make test` installs it (Debian package strace)")
        let scratch = try Scratch()
        let database = scratch.path("progress.sqlite")
        let trace = scratch.path("trace.txt")
        let calls = "%network,openat,open,creat,rename,renameat,renameat2,unlink,unlinkat,mkdir,mkdirat,truncate,ftruncate"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tracer)
        process.arguments = [
            "-f", "-qq", "-e", "trace=\(calls)", "-o", trace, Binary.path, "--db", database, "drill", "find-etcd-leader",
            "--seed", "3",
        ]
        process.currentDirectoryURL = scratch.url
        var environment = ProcessInfo.processInfo.environment
        environment["HOME"] = scratch.path("home")
        environment["XDG_DATA_HOME"] = scratch.path("data")
        environment["NO_COLOR"] = "1"
        process.environment = environment
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = output
        try process.run()
        input.fileHandleForWriting.write(Data(Self.script.utf8))
        try input.fileHandleForWriting.close()
        let printed = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(printed)")
        #expect(printed.contains("Score: 0/3"), "the scripted drill ran to its check")
        #expect(printed.contains("Snapshot saved at /root/snap.db"), "the simulated tools answered")

        let lines = try String(contentsOfFile: trace, encoding: .utf8).split(separator: "\n").map(String.init)
        #expect(lines.count > 20, "strace traced the run")
        let network = [
            "socket(", "connect(", "bind(", "listen(", "accept", "sendto(", "sendmsg(", "recvfrom(", "recvmsg(", "socketpair(",
        ]
        let networkCalls = lines.filter { line in network.contains { line.contains(" \($0)") } }
        #expect(networkCalls.isEmpty, "network calls: \(networkCalls)")

        // Every call that can change a file system, except reads and failed attempts.
        let allowed = [database, database + "-journal", database + "-wal", database + "-shm", scratch.path("data") + "/kubedojo"]
        let changes = lines.filter { line in
            let opening = line.contains("open")
            if opening && (line.contains("O_RDONLY") || line.contains("ENOENT")) { return false }
            return opening || line.contains("creat(") || line.contains("rename") || line.contains("unlink")
                || line.contains("mkdir") || line.contains("truncate(")
        }
        #expect(!changes.isEmpty, "the database was written")
        let strays = changes.filter { line in
            guard let quote = line.firstIndex(of: "\"") else { return false }  // ftruncate(fd): a file opened above
            let path = line[line.index(after: quote)...].prefix { $0 != "\"" }
            return !allowed.contains { path.hasPrefix($0) }
        }
        #expect(strays.isEmpty, "writes outside the database: \(strays)")
        #expect(!lines.contains { $0.contains("\"/etc/kubernetes") || $0.contains("\"/root/") || $0.contains("\"/var/lib/etcd") })
    }
}

/// DESIGN §8 input limits, through the whole program: each odd input gets a clear answer and the
/// session goes on to the next line.
@Suite struct InputLimitTests {
    @Test func oddInputIsAnsweredAndTheSessionGoesOn() throws {
        var bytes = Data()
        bytes += Data(
            ("echo " + String(repeating: "$(", count: 5000) + "echo x" + String(repeating: ")", count: 5000) + "\n").utf8)
        bytes += Data("echo before\n".utf8)
        bytes += Data([0x65, 0x63, 0x68, 0x6F, 0x20, 0xFF, 0xFE, 0x20, 0x78, 0xC3, 0x0A])  // echo <invalid UTF-8> x
        bytes += Data(("echo " + String(repeating: "b", count: 1_000_000) + " | wc -c\n").utf8)
        bytes += Data(("echo " + String(repeating: "c", count: 1 << 20) + "\n").utf8)
        bytes += Data("echo 'open quote\n".utf8)
        bytes += Data("still quoted'\n".utf8)
        bytes += Data("printf 'a\\tb\\a\\x01\\n'\n".utf8)
        bytes += Data("cat <<EOF\nnever closed\n".utf8)
        let output = try Binary.run(["sandbox", "stacked-3", "--seed", "1"], bytes: bytes)
        #expect(output.status == 0)
        let lines = output.stdout.split(separator: "\n", omittingEmptySubsequences: false).dropFirst(4).map(String.init)
        #expect(
            lines == [
                "", "before", "\u{FFFD}\u{FFFD} x\u{FFFD}", "1000001", "open quote", "still quoted", "a\tb\u{7}\u{1}",
                "never closed", "",
            ], "\(lines)")
        #expect(
            output.stderr
                == "kubedojo: command substitutions nest deeper than 8 levels; not run\n"
                + "kubedojo: a line longer than 1 MiB was ignored; nothing was run\n"
                + "-bash: warning: here-document at line 1 delimited by end-of-file (wanted `EOF')\n")
    }
}
