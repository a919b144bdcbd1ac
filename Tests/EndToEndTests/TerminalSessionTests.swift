import Foundation
import Progress
#if canImport(Glibc)
    import Glibc
#endif
import Testing

/// Drives the trainer in a real terminal (a detached tmux pane), as a person would.
@Suite(.serialized) struct TerminalSessionTests {
    static let tmux = ["/usr/bin/tmux", "/bin/tmux", "/usr/local/bin/tmux"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }

    final class Pane {
        let socket: String
        let name = "kd"

        init(command: String, scratch: Scratch) throws {
            socket = scratch.path("tmux.sock")
            try tmux(["new-session", "-d", "-s", name, "-x", "120", "-y", "40", command])
        }

        /// Runs a tmux client with posix_spawn and waits for it with waitpid. Foundation's
        /// `Process` never sees such a client exit: the tmux server it starts keeps the
        /// descriptor `Process` watches open.
        @discardableResult
        func tmux(_ arguments: [String]) throws -> String {
            let capture = socket + ".out"
            let argv = [TerminalSessionTests.tmux ?? "/usr/bin/tmux", "-S", socket] + arguments
            var actions = posix_spawn_file_actions_t()
            posix_spawn_file_actions_init(&actions)
            defer { posix_spawn_file_actions_destroy(&actions) }
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
            posix_spawn_file_actions_addopen(&actions, 1, capture, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
            posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
            var cArguments = argv.map { strdup($0) } + [nil]
            defer { for pointer in cArguments { free(pointer) } }
            var pid: pid_t = 0
            // A clean environment and default signal handling, as a login terminal would give.
            let environment: [String] = ["PATH=/usr/bin:/bin", "LANG=C.UTF-8"]
            var cEnvironment: [UnsafeMutablePointer<CChar>?] = environment.map { strdup($0) } + [nil]
            defer { for pointer in cEnvironment { free(pointer) } }
            var attributes = posix_spawnattr_t()
            posix_spawnattr_init(&attributes)
            defer { posix_spawnattr_destroy(&attributes) }
            var noSignals = sigset_t(), allSignals = sigset_t()
            sigemptyset(&noSignals)
            sigfillset(&allSignals)
            posix_spawnattr_setsigmask(&attributes, &noSignals)
            posix_spawnattr_setsigdefault(&attributes, &allSignals)
            posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
            guard posix_spawn(&pid, argv[0], &actions, &attributes, &cArguments, &cEnvironment) == 0 else {
                throw CocoaError(.executableLoad)
            }
            var status: Int32 = 0
            while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
            return (try? String(contentsOfFile: capture, encoding: .utf8)) ?? ""
        }

        func keys(_ keys: String...) throws { try tmux(["send-keys", "-t", name] + keys) }
        func screen() throws -> String { try tmux(["capture-pane", "-p", "-t", name]) }

        /// Waits (bounded, 10 s) until the screen satisfies `condition`.
        func wait(_ what: String, _ condition: (String) -> Bool) throws -> String {
            var text = ""
            for _ in 0..<200 {
                text = try screen()
                if condition(text) { return text }
                usleep(50_000)
            }
            Issue.record("timed out waiting for \(what); screen:\n\(text)")
            return text
        }

        deinit { _ = try? tmux(["kill-server"]) }
    }

    /// The last non-empty line on the screen.
    func lastLine(_ screen: String) -> String {
        screen.split(separator: "\n").last { !$0.trimmingCharacters(in: .whitespaces).isEmpty }.map(String.init) ?? ""
    }

    @Test(.enabled(if: tmux != nil, "tmux is not installed (make test installs it)"), .timeLimit(.minutes(1)))
    func promptCompletionHistoryAndInterrupt() throws {
        let scratch = try Scratch()
        let command =
            "env HOME=\(scratch.path("")) XDG_DATA_HOME=\(scratch.path("data")) \(Binary.path) drill find-etcd-leader --seed 7 --db \(scratch.path("x.sqlite")); echo EXITED $?; sleep 30"
        let pane = try Pane(command: command, scratch: scratch)
        try pane.wait("the prompt") { lastLine($0) == "root@master1:~#" }

        try pane.keys("etcdc", "Tab")
        try pane.wait("completion of etcdc") { lastLine($0) == "root@master1:~# etcdctl" }
        try pane.keys("C-u", "echo hello-history", "Enter")
        try pane.wait("the echo") { $0.contains("\nhello-history\n") }
        try pane.keys("Up")
        try pane.wait("history recall") { lastLine($0) == "root@master1:~# echo hello-history" }

        // Ctrl-C drops the line and gives a fresh prompt; the trainer keeps running.
        try pane.keys("C-c")
        try pane.wait("a fresh prompt after Ctrl-C") { lastLine($0) == "root@master1:~#" }
        try pane.keys("ssh master2", "Enter")
        try pane.wait("the master2 prompt") { lastLine($0) == "root@master2:~#" }
        try pane.keys("C-d")
        let final = try pane.wait("exit") { $0.contains("EXITED 0") }
        #expect(final.contains("Attempt 1 saved."))
        let store = try Store(path: scratch.path("x.sqlite"))
        #expect(try store.commands(attempt: 1).map(\.line) == ["echo hello-history", "ssh master2"])
        #expect(try store.commands(attempt: 1).map(\.host) == ["master1", "master1"])
        #expect(try store.unfinishedAttempts().map(\.id) == [1], "Ctrl-D before a check leaves the attempt open for resume")
    }

    @Test(.enabled(if: tmux != nil, "tmux is not installed (make test installs it)"), .timeLimit(.minutes(1)))
    func tabCompletesPathsAndListsObjectNames() throws {
        let scratch = try Scratch()
        let command =
            "env HOME=\(scratch.path("")) XDG_DATA_HOME=\(scratch.path("data")) \(Binary.path) drill find-etcd-leader --seed 7 --db \(scratch.path("x.sqlite")); echo EXITED $?; sleep 30"
        let pane = try Pane(command: command, scratch: scratch)
        try pane.wait("the prompt") { lastLine($0) == "root@master1:~#" }

        // A unique folder completes with `/`, a unique file with a space.
        try pane.keys("cat /etc/kubernetes/ma", "Tab")
        try pane.wait("the folder") { lastLine($0) == "root@master1:~# cat /etc/kubernetes/manifests/" }
        try pane.keys("etc", "Tab")
        try pane.wait("the file") { lastLine($0) == "root@master1:~# cat /etc/kubernetes/manifests/etcd.yaml" }
        // Several matches: Tab adds their common prefix, the next adds nothing, a second one lists
        // them (names from the cluster).
        try pane.keys("C-u", "kubectl get pods -n kube-system etcd-", "Tab")
        try pane.wait("the common prefix") { lastLine($0) == "root@master1:~# kubectl get pods -n kube-system etcd-master" }
        try pane.keys("Tab")
        try pane.keys("Tab")
        let listed = try pane.wait("the listing") { $0.contains("etcd-master1  etcd-master2  etcd-master3") }
        #expect(lastLine(listed) == "root@master1:~# kubectl get pods -n kube-system etcd-master")
        try pane.keys("2", "Enter")
        try pane.wait("the pod") { $0.contains("\netcd-master2   1/1     Running") }
        try pane.keys("C-d")
        try pane.wait("exit") { $0.contains("EXITED 0") }
    }
}
