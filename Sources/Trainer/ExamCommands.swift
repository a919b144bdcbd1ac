import Foundation
import Grading
import Shell

/// The exam's `:` commands: reading tasks, moving between them, flags, notes and submitting.
extension ExamSession {
    static let help = """
        Exam commands (everything else runs in the terminal, which starts on base):
          :task       show the task again
          :list       every task with its weight, topic, flag, whether you visited it, and your note
          :next       the next task        :prev  the previous task        :goto N  task N
          :flag       flag the task shown, or unflag it
          :note TEXT  keep a note on the task shown (:note alone shows it)
          :submit     end the exam and grade it (type :submit again, or y, to confirm)
          :quit       leave with the exam still running (`kubedojo exam --resume` continues it)
          :help       this list
        Each task names the host to ssh to from base; type exit to come back to base. Nothing is
        graded before you submit; at the deadline the exam is submitted as it stands.

        """

    static let practiceOnly: Set<String> = [":hint", ":solution", ":check", ":topology", ":events", ":reset", ":rate"]

    func meta(_ command: String, replaying: Bool) -> Reply {
        let words = command.split(separator: " ", omittingEmptySubsequences: true)
        let name = words.first.map(String.init) ?? command
        let argument = command.dropFirst(name.count).trimmed()
        switch name {
        case ":task": return .text(taskText(current))
        case ":list": return .text(list())
        case ":next":
            guard current + 1 < tasks.count else {
                return .error("kubedojo: task \(current + 1) is the last task; :list shows them all\n")
            }
            return go(to: current + 1, replaying: replaying)
        case ":prev":
            guard current > 0 else { return .error("kubedojo: task 1 is the first task; :list shows them all\n") }
            return go(to: current - 1, replaying: replaying)
        case ":goto":
            guard let number = Int(argument), (1...tasks.count).contains(number) else {
                return .error("kubedojo: :goto takes a task number from 1 to \(tasks.count)\n")
            }
            return go(to: number - 1, replaying: replaying)
        case ":flag":
            let task = tasks[current]
            task.flagged.toggle()
            save(task, replaying: replaying)
            return .text("Task \(task.position) \(task.flagged ? "flagged" : "no longer flagged").\n")
        case ":note":
            let task = tasks[current]
            guard !argument.isEmpty else {
                return .text(task.note.map { "Note on task \(task.position): \($0)\n" } ?? "No note on task \(task.position).\n")
            }
            task.note = String(argument)
            save(task, replaying: replaying)
            return .text("Noted on task \(task.position).\n")
        case ":submit":
            confirmingSubmit = true
            let unvisited = tasks.filter { !$0.visited }.count
            let flagged = tasks.filter(\.flagged).count
            var text = "Submit the exam now? \(Self.clock(max(0, deadline - now()))) left"
            if unvisited > 0 { text += "; \(unvisited) task\(unvisited == 1 ? "" : "s") never opened" }
            if flagged > 0 { text += "; \(flagged) flagged" }
            return .text(text + ". Type :submit again (or y) to submit; anything else goes on with the exam.\n")
        case ":quit", ":q", ":exit":
            return Reply(
                [OutputSegment(.stdout, "The exam keeps running until its deadline; `kubedojo exam --resume` continues it.\n")],
                quit: true)
        case ":help", ":h", ":?": return .text(Self.help)
        default:
            if Self.practiceOnly.contains(name) {
                return .error("kubedojo: \(name) is not available in exam mode; the exam is graded when you submit\n")
            }
            return .error("kubedojo: unknown command \(command); :help lists the exam's commands\n")
        }
    }

    private func go(to index: Int, replaying: Bool) -> Reply {
        current = index
        let task = tasks[index]
        let first = !task.visited
        task.visited = true
        if first { save(task, replaying: replaying) }
        // On base the terminal follows the task shown; logged into a host it stays where it is.
        return .text(taskText(index))
    }

    private func save(_ task: ExamTask, replaying: Bool) {
        guard !replaying else { return }
        try? store.updateExamTask(
            exam: examID, position: task.position, flagged: task.flagged, visited: task.visited, note: task.note)
    }

    /// A task as the candidate reads it: number, weight, topic, the host to ssh to, the text.
    func taskText(_ index: Int) -> String {
        let task = tasks[index]
        var text = console.style("Task \(task.position) of \(tasks.count)", .bold)
        text += " · weight \(task.plan.weight) % · \(task.plan.topic)\(task.flagged ? " · flagged" : "")\n"
        text += "Solve this task on: ssh \(task.startHost)\n\n"
        let body = Template.render(task.scenario.task, task.values)
        text += body.hasSuffix("\n") ? body : body + "\n"
        if let note = task.note { text += console.style("Your note: \(note)", .dim) + "\n" }
        return text
    }

    func list() -> String {
        var text = "   #  WEIGHT  TOPIC            FLAG  VISITED  NOTE\n"
        for task in tasks {
            text += (task.position - 1 == current ? "> " : "  ")
            text += String(task.position).leftPadded(2) + "  " + "\(task.plan.weight) %".leftPadded(6) + "  "
            text += task.plan.topic.padding(toLength: 17, withPad: " ", startingAt: 0)
            text += (task.flagged ? "*" : "-").padding(toLength: 6, withPad: " ", startingAt: 0)
            text += (task.visited ? "yes" : "no").padding(toLength: 9, withPad: " ", startingAt: 0)
            text += task.note ?? ""
            text = text.trimmingTrailingSpaces() + "\n"
        }
        return text + "\(Self.clock(max(0, deadline - now()))) left.\n"
    }
}

extension String {
    func leftPadded(_ width: Int) -> String { count >= width ? self : String(repeating: " ", count: width - count) + self }

    func trimmingTrailingSpaces() -> String {
        var text = self
        while text.hasSuffix(" ") { text.removeLast() }
        return text
    }
}
