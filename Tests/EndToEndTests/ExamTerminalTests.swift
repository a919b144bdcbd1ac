import Foundation
import Progress
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// An exam in a real terminal: the status line in the prompt, and submission at the deadline
/// while the candidate is still typing.
@Suite(.serialized) struct ExamTerminalTests {
    @Test(
        .enabled(if: TerminalSessionTests.tmux != nil, "tmux is not installed (make test installs it)"),
        .timeLimit(.minutes(2)))
    func theDeadlineSubmitsTheExamMidLine() throws {
        let scratch = try Scratch()
        let command =
            "env HOME=\(scratch.path("")) XDG_DATA_HOME=\(scratch.path("data")) \(Binary.path) exam --minutes 1 --tasks 2 --seed 5 --db \(scratch.path("x.sqlite")); echo EXITED $?; sleep 30"
        let pane = try TerminalSessionTests.Pane(command: command, scratch: scratch)
        func last(_ screen: String) -> String {
            screen.split(separator: "\n").last { !$0.trimmingCharacters(in: .whitespaces).isEmpty }.map(String.init) ?? ""
        }
        try pane.wait("the base prompt") {
            last($0).hasSuffix("left] candidate@base:~$") && last($0).hasPrefix("[task 1/2 · 0:00:5")
        }
        try pane.keys("ssh mas", "Tab")
        try pane.wait("host completion") { last($0).hasSuffix("candidate@base:~$ ssh master") }
        try pane.keys("1", "Enter")
        try pane.wait("the master1 prompt") { last($0).hasSuffix("left] root@master1:~#") }
        try pane.keys("hostna")
        // The deadline passes while `hostna` is still being typed (bounded: 75 s).
        var screen = ""
        for _ in 0..<1500 {
            screen = try pane.screen()
            if screen.contains("EXITED 0") { break }
            usleep(50_000)
        }
        #expect(screen.contains("Time is up: the exam was submitted at the deadline. Time used 0:01:00 of 0:01:00.\n"))
        #expect(screen.contains("EXITED 0"))
        let store = try Store(path: scratch.path("x.sqlite"))
        let exam = try #require(try store.exams().first)
        #expect(exam.outcome == "timed-out" && exam.finishedAt != nil)
        #expect(try store.examCommands(exam: 1).map(\.command.line) == ["ssh master1"], "the unfinished line never ran")
    }
}
