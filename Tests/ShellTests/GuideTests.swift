import ClusterSim
import Foundation
import Shell
import Testing

/// The study guide's shell blocks, run command by command on the base clusters they belong to.
///
/// The guide is read at test time from `../shared/guide/cka-ha-study-guide.md` beside the package.
/// `Guide/GuidePlan.txt` says which base cluster and host each section runs on, which blocks are
/// file contents rather than commands, and how placeholders are filled; `Guide/GuideExceptions.txt`
/// lists the commands that fail as they would on a real cluster (with the exit code) and those that
/// cannot run as real (with the reason). Both lists must stay true: an entry whose command is gone
/// from the guide, or that now behaves otherwise, fails the test.
enum Guide {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Guide")
    static let guidePath = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("../shared/guide/cka-ha-study-guide.md").standardized.path

    /// One fenced shell block of the guide.
    struct Block {
        var section: String
        /// 1-based within its section.
        var index: Int
        var lines: [String]
    }

    /// The `##`/`###` heading the block sits under, the block's lines, for every shell block:
    /// fences labelled bash, shell or sh, and unlabelled ones without box-drawing (diagrams).
    static func blocks(of text: String) -> [Block] {
        var blocks: [Block] = []
        var section = ""
        var open: [String]?
        var isShell = false
        var counts: [String: Int] = [:]
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if raw.hasPrefix("```") {
                if let lines = open {
                    let boxDrawing = lines.joined().unicodeScalars.contains { (0x2500...0x257F).contains($0.value) }
                    if isShell, !boxDrawing {
                        counts[section, default: 0] += 1
                        blocks.append(Block(section: section, index: counts[section, default: 0], lines: lines))
                    }
                    open = nil
                } else {
                    let label = raw.dropFirst(3).trimmingCharacters(in: .whitespaces)
                    isShell = ["bash", "shell", "sh", ""].contains(label)
                    open = []
                }
                continue
            }
            if open != nil {
                open?.append(raw)
            } else if raw.hasPrefix("## ") || raw.hasPrefix("### ") {
                section = raw.drop { $0 == "#" }.trimmingCharacters(in: CharacterSet(charactersIn: " *"))
            }
        }
        return blocks
    }

    /// The commands of a block, each whole (continuation lines and here-documents joined as the
    /// shell joins them); comment-only and blank lines between commands are skipped.
    static func commands(of block: Block) -> [String] {
        var commands: [String] = []
        var buffer: [String] = []
        for line in block.lines {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if buffer.isEmpty, trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            buffer.append(line)
            if Shell.continuation(buffer.joined(separator: "\n")) == nil {
                commands.append(buffer.joined(separator: "\n"))
                buffer = []
            }
        }
        if !buffer.isEmpty { commands.append(buffer.joined(separator: "\n")) }
        return commands
    }

    /// How one section runs.
    struct Section {
        var name: String
        var cluster = "stacked-3"
        var host = "master1"
        /// Run before the section's first command; each must succeed.
        var setup: [(host: String?, command: String)] = []
        /// Blocks (by index) that are file contents, written to a path instead of run.
        var files: [Int: String] = [:]
        /// Commands (by first line) run on other hosts, in order.
        var hosts: [String: [String]] = [:]
        var replacements: [(String, String)] = []
        var expectations: [String: [String]] = [:]
        /// Values computed on the cluster when first needed: name, host, command.
        var captures: [String: (host: String, command: String)] = [:]
        /// The section carries on where another section left the cluster and shells ("yes": the
        /// previous one).
        var continues: String?
    }

    static func plan() throws -> [String: Section] {
        let text = try String(contentsOf: folder.appendingPathComponent("GuidePlan.txt"), encoding: .utf8)
        var sections: [String: Section] = [:]
        var current: Section?
        func close() { if let current { sections[current.name] = current } }
        for line in text.split(separator: "\n").map(String.init) where !line.hasPrefix("#") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let key = line[..<colon].trimmingCharacters(in: .whitespaces)
            let value = String(line[line.index(after: colon)...].dropFirst())
            func pair() -> (String, String) {
                guard let arrow = value.range(of: " => ") else { return (value, "") }
                return (String(value[..<arrow.lowerBound]), String(value[arrow.upperBound...]))
            }
            if key == "section" {
                close()
                current = Section(name: value)
                continue
            }
            switch key {
            case "cluster": current?.cluster = value
            case "host": current?.host = value
            case "continues": current?.continues = value
            case "setup": current?.setup.append((nil, value))
            case "file":
                let (index, path) = pair()
                current?.files[Int(index) ?? 0] = path
            case "on":
                let (command, hosts) = pair()
                current?.hosts[command] = hosts.split(separator: " ").map(String.init)
            case "replace": current?.replacements.append(pair())
            case "expect":
                let (command, fragment) = pair()
                current?.expectations[command, default: []].append(fragment)
            case "capture":
                let (name, rest) = pair()
                guard let space = rest.firstIndex(of: " ") else { continue }
                current?.captures[name] = (String(rest[..<space]), String(rest[rest.index(after: space)...]))
            default: continue
            }
        }
        close()
        return sections
    }

    /// What a command may do instead of exiting 0.
    struct Exception {
        enum Kind: Equatable {
            /// Behaves as on a real cluster, which fails it with this exit code.
            case exit(Int32)
            /// Cannot run as real: it must still fail (or say it is not simulated).
            case unsupported
            /// Waits on the kubectl work.
            case pendingKubectl
        }
        var command: String
        /// The section it applies in; nil for every section the command appears in.
        var section: String?
        var kind: Kind
        var reason: String
        var contains: [String] = []
    }

    static func exceptions() throws -> [Exception] {
        let text = try String(contentsOf: folder.appendingPathComponent("GuideExceptions.txt"), encoding: .utf8)
        var entries: [Exception] = []
        var pending = false
        for line in text.split(separator: "\n").map(String.init) {
            if line.hasPrefix("## ") { pending = line.contains("pending kubectl") }
            guard let colon = line.firstIndex(of: ":"), !line.hasPrefix("#") else { continue }
            let key = line[..<colon]
            let value = String(line[line.index(after: colon)...].dropFirst())
            switch key {
            case "command":
                entries.append(Exception(command: value, kind: pending ? .pendingKubectl : .unsupported, reason: ""))
            case "exit":
                if !entries.isEmpty, let code = Int32(value) { entries[entries.count - 1].kind = .exit(code) }
            case "in":
                if !entries.isEmpty { entries[entries.count - 1].section = value }
            case "reason":
                if !entries.isEmpty { entries[entries.count - 1].reason = value }
            case "contains":
                if !entries.isEmpty { entries[entries.count - 1].contains.append(value) }
            default: continue
            }
        }
        return entries
    }

    static func firstLine(_ command: String) -> String {
        String(command.prefix { $0 != "\n" }).trimmingCharacters(in: .whitespaces)
    }
}

@Suite struct GuideTests {
    /// The guide lives beside the project (`../shared/guide`), as the golden transcripts'
    /// captures do; a checkout without it skips this test (reported as skipped), never passes it.
    @Test(
        .enabled(
            if: FileManager.default.fileExists(atPath: Guide.guidePath),
            "the study guide is not beside the project (../shared/guide)"))
    func guideCommandsRunAsOnARealCluster() throws {
        let text = try #require(
            try? String(contentsOfFile: Guide.guidePath, encoding: .utf8),
            "the study guide is missing: expected it at \(Guide.guidePath)")
        let plan = try Guide.plan()
        let exceptions = try Guide.exceptions()
        /// The exceptions that applied, by their place in the file.
        var used = Set<Int>()
        var seen: [(section: String, command: String)] = []
        var cluster: Cluster?
        var shells: [String: ShellState] = [:]
        var lastSection = ""
        var ends: [String: (Cluster?, [String: ShellState])] = [:]
        for block in Guide.blocks(of: text) {
            // A block may have a plan of its own ("Section #2"), else it follows its section's.
            let key = plan["\(block.section) #\(block.index)"] != nil ? "\(block.section) #\(block.index)" : block.section
            let section = try #require(plan[key], "GuidePlan.txt has no section '\(block.section)'")
            if key != lastSection {
                ends[lastSection] = (cluster, shells)
                if let continues = section.continues {
                    let from = continues == "yes" ? lastSection : continues
                    let end = try #require(ends[from], "'\(key)' continues '\(from)', which has not run")
                    (cluster, shells) = end
                } else {
                    let spec = try #require(contentClusters[section.cluster], "no base cluster '\(section.cluster)'")
                    cluster = Cluster.build(spec: spec, seed: 7)
                    shells = [:]
                }
                lastSection = key
                for (host, command) in section.setup {
                    let result = run(command, on: host ?? section.host, cluster: &cluster, shells: &shells)
                    #expect(result.status == 0, "setup '\(command)' failed: \(result.combined)")
                }
            }
            if let path = section.files[block.index] {
                // A file's contents shown in a shell block: written where its comment says.
                var written = false
                cluster?.updateNode(section.host) { node in
                    if case .success = node.files.write(path, block.lines.joined(separator: "\n") + "\n") {
                        written = true
                    }
                }
                #expect(written, "could not write \(path) on \(section.host)")
                continue
            }
            for command in Guide.commands(of: block) {
                let first = Guide.firstLine(command)
                seen.append((block.section, first))
                var typed = command
                var captured: [String: String] = [:]
                for (old, new) in section.replacements where typed.contains(old) {
                    var value = new
                    for (name, capture) in section.captures where value.contains("{{\(name)}}") {
                        if captured[name] == nil {
                            let result = run(capture.command, on: capture.host, cluster: &cluster, shells: &shells)
                            captured[name] = result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
                        }
                        value = value.replacingOccurrences(of: "{{\(name)}}", with: captured[name] ?? "")
                    }
                    typed = typed.replacingOccurrences(of: old, with: value)
                }
                let found = exceptions.firstIndex {
                    $0.command == first && ($0.section == nil || $0.section == block.section)
                }
                let exception = found.map { exceptions[$0] }
                if let found { used.insert(found) }
                for host in section.hosts[first] ?? [section.host] {
                    let result = run(typed, on: host, cluster: &cluster, shells: &shells)
                    let label = "[\(block.section) #\(block.index) on \(host)] \(first)"
                    let output = result.combined
                    switch exception?.kind {
                    case nil, .exit:
                        let expected: Int32
                        if case .exit(let code) = exception?.kind { expected = code } else { expected = 0 }
                        #expect(!output.contains("is not simulated"), "\(label): \(output)")
                        #expect(!output.contains("syntax error"), "\(label): \(output)")
                        #expect(result.status == expected, "\(label): exit \(result.status)\n\(output)")
                    case .unsupported, .pendingKubectl:
                        let stillFails = result.status != 0 || output.contains("is not simulated")
                        #expect(stillFails, "\(label): listed as an exception but now runs: \(output)")
                    }
                    for fragment in (section.expectations[first] ?? []) + (exception?.contains ?? []) {
                        #expect(output.contains(fragment), "\(label): no '\(fragment)' in\n\(output)")
                    }
                    if ProcessInfo.processInfo.environment["KUBEDOJO_GUIDE_TRACE"] != nil {
                        print("=== \(label)\n$ \(typed)\n\(output)[exit \(result.status)]")
                    }
                }
            }
        }
        for (index, exception) in exceptions.enumerated() where !used.contains(index) {
            let present = seen.contains {
                $0.command == exception.command && (exception.section == nil || exception.section == $0.section)
            }
            Issue.record(
                present
                    ? "GuideExceptions.txt lists '\(exception.command)' twice"
                    : "GuideExceptions.txt lists a command the guide no longer has: \(exception.command)")
        }
    }

    private func run(
        _ command: String, on host: String, cluster: inout Cluster?, shells: inout [String: ShellState]
    ) -> ShellResult {
        guard var current = cluster else { return ShellResult(segments: [], status: -1) }
        var state = shells[host] ?? ShellState(host: host)
        let result = Shell.run(command, state: &state, cluster: &current)
        shells[host] = state
        cluster = current
        return result
    }
}
