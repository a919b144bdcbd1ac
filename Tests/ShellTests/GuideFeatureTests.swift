import ClusterSim
import Testing

@testable import Shell

/// The shell features and tool options the study guide needed: `for` loops, process
/// substitution, pathname expansion, quoted assignments, `grep -A/-B/-C`, `chown`, moving
/// directories, and kubeadm's minimum control-plane version.
@Suite struct GuideFeatureTests {
    @Test func forLoopsRunTheirBodyPerWord() {
        var session = Session(seed: 1)
        #expect(session.run("for x in a b c; do echo $x; done").stdout == "a\nb\nc\n")
        #expect(session.run("for n in etcd1 etcd2\ndo\n  echo ${n}-key.pem\ndone").stdout == "etcd1-key.pem\netcd2-key.pem\n")
        #expect(session.run("for x in a b; do true; done; echo $x").stdout == "b\n", "the variable keeps the last word")
        #expect(session.run("for x in $(echo 1 2); do echo n$x; done | grep -c n").stdout == "2\n")
        #expect(session.run("for x in one; do echo $x; false; done").status == 1, "the status is the body's last")
        #expect(session.run("for x in; do echo never; done").combined == "")
        #expect(session.run("for x in a b; do echo $x; done > /root/out").combined == "")
        #expect(session.run("cat /root/out").stdout == "a\nb\n")
        #expect(session.run("for h in x; do for i in 1 2; do echo $h$i; done; done").stdout == "x1\nx2\n")
    }

    @Test func forLoopsWaitForTheirEnd() {
        #expect(Shell.continuation("for node in etcd1 etcd2 etcd3; do") != nil)
        #expect(Shell.continuation("for node in etcd1 etcd2 etcd3; do\n  echo $node") != nil)
        #expect(Shell.continuation("for node in etcd1; do\n  echo $node \\") != nil)
        #expect(Shell.continuation("for node in etcd1; do\n  echo $node\ndone") == nil)
    }

    @Test(arguments: [
        ("for x in a; echo $x; done", "-bash: syntax error near unexpected token `echo'\n"),
        ("done", "-bash: syntax error near unexpected token `done'\n"),
        ("for x in a; do done", "-bash: syntax error near unexpected token `done'\n"),
        ("for x in a; do echo; done extra", "-bash: syntax error near unexpected token `extra'\n"),
        ("for 1x in a; do true; done", "-bash: `1x': not a valid identifier\n"),
        ("for x in a; do echo $x", "-bash: syntax error: unexpected end of file\n"),
    ])
    func forLoopSyntaxErrors(line: String, stderr: String) {
        var session = Session(seed: 1)
        let result = session.run(line)
        #expect(result.stderr == stderr)
        #expect(result.status == 2)
    }

    /// Statuses and output as `bash -c` gives them (5.2).
    @Test(arguments: [
        ("for", 2, ""), ("for x", 2, ""), ("for x in", 2, ""), ("for x in a;", 2, ""), ("for x in a; do", 2, ""),
        ("for x in a; do echo", 2, ""), ("for ;", 2, ""), ("do", 2, ""), ("for x in a | b; do true; done", 2, ""),
        ("for x in a; do done done", 2, ""), ("for x do echo $x; done", 0, ""), ("echo <(", 2, ""),
        ("cat <(echo a", 2, ""), ("for x in a; do cat <<EOF\n$x\nEOF\ndone", 0, "a\n"),
        ("for x in a; do for y in b; do echo; done", 2, ""),
        ("for x in a; do echo; done | for y in b; do cat; done", 0, "\n"),
    ])
    func oddLoopsAndSubstitutions(line: String, status: Int32, stdout: String) {
        var session = Session(seed: 1)
        let result = session.run(line)
        #expect(result.status == status)
        #expect(result.stdout == stdout)
    }

    @Test func loopsStopAtTheCap() {
        var session = Session(seed: 1)
        let words = (1...1001).map(String.init).joined(separator: " ")
        let result = session.run("for x in \(words); do echo $x; done")
        #expect(result.stdout.split(separator: "\n").count == 1000)
        #expect(result.stderr == "kubedojo: loop stopped after 1000 iterations\n")
        #expect(result.status == 1)
    }

    @Test func processSubstitutionNamesAFileWithTheOutput() {
        var session = Session(seed: 1)
        #expect(session.run("echo <(true)").stdout == "/dev/fd/63\n")
        #expect(session.run("cat <(echo \"[req]\"; echo x=1)").stdout == "[req]\nx=1\n")
        #expect(session.run("cat <(echo a) <(echo b)").stdout == "a\nb\n")
    }

    @Test func pathnameExpansion() {
        var session = Session(seed: 1)
        #expect(session.run("mkdir -p /root/g/sub && touch /root/g/b.txt /root/g/a.txt /root/g/.hidden").status == 0)
        #expect(session.run("echo /root/g/*").stdout == "/root/g/a.txt /root/g/b.txt /root/g/sub\n")
        #expect(session.run("echo /root/g/?.txt").stdout == "/root/g/a.txt /root/g/b.txt\n")
        #expect(session.run("echo /root/g/.h*").stdout == "/root/g/.hidden\n")
        #expect(session.run("echo /root/g/*.none '/root/g/*'").stdout == "/root/g/*.none /root/g/*\n")
        #expect(session.run("cd /root/g && echo *.txt").stdout == "a.txt b.txt\n")
        #expect(session.run("echo /root/*/sub").stdout == "/root/g/sub\n")
        #expect(session.run("rm -rf /root/g/*; echo /root/g/* /root/g/.h*").stdout == "/root/g/* /root/g/.hidden\n")
    }

    @Test func assignmentsWithQuotedValues() {
        var session = Session(seed: 1)
        #expect(session.run("BACKUP_DIR=\"/backup/etcd\"; A='x y'; echo $BACKUP_DIR $A").stdout == "/backup/etcd x y\n")
        #expect(session.run("\"A\"=b").stderr == "-bash: A=b: command not found\n")
    }

    @Test func grepPrintsContext() {
        var session = Session(seed: 1)
        let lines = "printf 'a\\nb\\nc\\nd\\ne\\na\\n' | "
        #expect(session.run(lines + "grep -A1 a").stdout == "a\nb\n--\na\n")
        #expect(session.run(lines + "grep -n -B1 c").stdout == "2-b\n3:c\n")
        #expect(session.run(lines + "grep -A 2 d").stdout == "d\ne\na\n")
        #expect(session.run("printf 'x\\nb\\nc\\nd\\nc\\n' | grep -C1 c").stdout == "b\nc\nd\nc\n")
        #expect(session.run(lines + "grep --after-context=1 e").stdout == "e\na\n")
        let bad = session.run(lines + "grep -A x a")
        #expect(bad.stderr == "grep: x: invalid context length argument\n")
        #expect(bad.status == 2)
    }

    @Test func chownChecksItsOperands() {
        var session = Session(seed: 1)
        #expect(session.run("chown $(id -u):$(id -g) /etc/kubernetes/admin.conf").combined == "")
        let missing = session.run("chown root:root /root/none")
        #expect(missing.stderr == "chown: cannot access '/root/none': No such file or directory\n")
        #expect(missing.status == 1)
        #expect(session.run("chown bob /etc/kubernetes/admin.conf").stderr == "chown: invalid user: 'bob'\n")
        #expect(
            session.run("chown root").stderr
                == "chown: missing operand after 'root'\nTry 'chown --help' for more information.\n")
    }

    @Test func mvAndCpMoveDirectories() {
        var session = Session(seed: 1)
        #expect(session.run("mkdir -p /root/d/sub && echo hi > /root/d/sub/f && mv /root/d /root/e").combined == "")
        #expect(session.run("cat /root/e/sub/f").stdout == "hi\n")
        #expect(session.run("ls /root/d").status != 0)
        #expect(session.run("cp -r /root/e /root/copy && cat /root/copy/sub/f").stdout == "hi\n")
        #expect(
            session.run("mkdir -p /root/t/e && touch /root/t/e/x && mv /root/e /root/t/").stderr
                == "mv: cannot move '/root/e' to '/root/t/e': Directory not empty\n")
        #expect(
            session.run("mv /root/copy /root/copy/sub").stderr
                == "mv: cannot move '/root/copy' to a subdirectory of itself, '/root/copy/sub/copy'\n")
    }

    @Test func kubeadmRefusesControlPlanesOlderThanItsPreviousMinor() {
        var session = Session(seed: 1)
        let result = session.run("kubeadm init --kubernetes-version=1.28.0")
        #expect(
            result.stderr
                == "this version of kubeadm only supports deploying clusters with the control plane version >= 1.30.0. Current version: v1.28.0\nTo see the stack trace of this error execute with --v=5 or higher\n"
        )
        #expect(result.stdout == "")
        #expect(result.status == 1)
    }

    @Test func enableReloadsUnitFilesUnlessToldNotTo() throws {
        let spec = try #require(contentClusters["external-etcd-3"])
        var cluster = Cluster.build(spec: spec, seed: 1)
        var state = ShellState(host: "etcd1")
        let warning =
            "Warning: The unit file, source configuration file or drop-ins of etcd.service changed on disk. Run 'systemctl daemon-reload' to reload units.\n"
        _ = Shell.run("sed -i 's/RestartSec=5/RestartSec=6/' /etc/systemd/system/etcd.service", state: &state, cluster: &cluster)
        #expect(Shell.run("systemctl enable --no-reload etcd", state: &state, cluster: &cluster).combined == "")
        #expect(Shell.run("systemctl restart etcd", state: &state, cluster: &cluster).stderr == warning)
        _ = Shell.run("sed -i 's/RestartSec=6/RestartSec=7/' /etc/systemd/system/etcd.service", state: &state, cluster: &cluster)
        #expect(Shell.run("systemctl enable --now etcd", state: &state, cluster: &cluster).combined == "")
        #expect(Shell.run("systemctl restart etcd", state: &state, cluster: &cluster).combined == "")
    }
}
