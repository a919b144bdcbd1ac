import ArgumentParser
import Foundation
import Catalog
import Trainer

/// Options shared by every subcommand.
struct GlobalOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "Progress database (default: $XDG_DATA_HOME/kubedojo/progress.sqlite, else ~/.local/share/kubedojo/progress.sqlite).",
            valueName: "path"))
    var db: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Folder holding Content/ and Graders/ (default: $KUBEDOJO_CONTENT, else <prefix>/share/kubedojo beside the binary, else the source checkout).",
            valueName: "dir"))
    var content: String?

    var trainer: TrainerOptions {
        TrainerOptions(
            databasePath: db, contentRoot: content, environment: ProcessInfo.processInfo.environment,
            executable: CommandLine.arguments.first ?? "kubedojo")
    }
}

/// Runs a trainer action, turning its failure into one line on stderr and exit status 1.
func perform(_ body: () throws(TrainerError) -> Void) throws {
    do {
        try body()
    } catch {
        FileHandle.standardError.write(Data((error.description + "\n").utf8))
        throw ExitCode(1)
    }
}

@main
struct Kubedojo: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kubedojo",
        abstract: "Hands-on drills for the CKA exam's highly-available control plane, on a simulated cluster.",
        discussion: """
            Without a subcommand, shows the home screen: every scenario with your last and best \
            score, and what to practise next. In a drill, type shell commands (etcdctl, ssh, cat, grep, \
            echo ...) as on the exam host; :help lists the trainer's own commands.
            """,
        version: "0.1.0",
        subcommands: [List.self, Drill.self, Lint.self, Verify.self])

    @OptionGroup var global: GlobalOptions

    func run() throws {
        try perform { () throws(TrainerError) in print(try App.home(global.trainer), terminator: "") }
    }
}

struct List: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List every scenario with its topic, level and target time.")

    @OptionGroup var global: GlobalOptions

    func run() throws {
        try perform { () throws(TrainerError) in print(try App.list(global.trainer), terminator: "") }
    }
}

struct Drill: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Practise one scenario on a fresh simulated cluster.",
        discussion: """
            Reads commands from the terminal with line editing, or plain lines from a pipe: \
            printf 'etcdctl member list\\n:check\\n' | kubedojo drill find-etcd-leader --seed 7
            """)

    @Argument(help: "The scenario id (see `kubedojo list`).")
    var id: String

    @Option(help: "Seed for this attempt's cluster and variables (default: random); the same seed gives the same cluster.")
    var seed: UInt64?

    @OptionGroup var global: GlobalOptions

    func run() throws {
        try perform { () throws(TrainerError) in try App.drill(id: id, seed: seed, options: global.trainer) }
    }
}

struct Lint: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check every content file (clusters, graders, scenarios); problems are listed as file:line:col.")

    @OptionGroup var global: GlobalOptions

    func run() throws {
        try perform { () throws(TrainerError) in print(try App.lint(global.trainer), terminator: "") }
    }
}

struct Verify: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract:
            "Replay every scenario's solution (must score 100 %) and its listed mistakes (must fail exactly the checks they name)."
    )

    @Option(help: "How many seeds to try per scenario (1-5; each seed is a different cluster and variable choice).")
    var seeds: Int = 5

    @OptionGroup var global: GlobalOptions

    func run() throws {
        let count = max(1, min(seeds, 5))
        try perform { () throws(TrainerError) in
            print(try App.verify(global.trainer, seeds: Array(Verifier.defaultSeeds.prefix(count))), terminator: "")
        }
    }
}
