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

    @Option(
        name: .customLong("add-content"),
        help: ArgumentHelp(
            "A folder of your own drills, cards, clusters or graders (Content/..., Graders/) loaded beside the content.",
            valueName: "dir"))
    var addContent: String?

    var trainer: TrainerOptions {
        var options = TrainerOptions(
            databasePath: db, contentRoot: content, environment: ProcessInfo.processInfo.environment,
            executable: CommandLine.arguments.first ?? "kubedojo")
        options.extraContent = addContent
        return options
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
            score, what is due for review, interrupted attempts to resume, and what to practise next. \
            In a drill, type shell commands (etcdctl, ssh, cat, grep, echo ...) as on the exam host; \
            :help lists the trainer's own commands.
            """,
        version: "0.1.0",
        subcommands: [
            List.self, Drill.self, Exam.self, Sandbox.self, Review.self, Resume.self, Stats.self, Report.self, Config.self,
            Reschedule.self, Export.self,
            Lint.self, Verify.self, New.self, Dev.self,
        ])

    @OptionGroup var global: GlobalOptions

    func run() throws {
        try perform { () throws(TrainerError) in print(try App.home(global.trainer), terminator: "") }
    }
}

struct List: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List every scenario with its topic, level and target time.")

    @Flag(help: "Show the study guide's sections and known errors against the drills and cards that cover them.")
    var coverage = false

    @OptionGroup var global: GlobalOptions

    func run() throws {
        try perform { () throws(TrainerError) in
            print(try coverage ? App.coverage(global.trainer) : App.list(global.trainer), terminator: "")
        }
    }
}

struct Drill: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "drill",
        abstract: "Practise one scenario on a fresh simulated cluster.",
        discussion: """
            Reads commands from the terminal with line editing, or plain lines from a pipe: \
            printf 'etcdctl member list\\n:check\\n' | kubedojo drill find-etcd-leader --seed 7
            """)

    @Argument(help: "The scenario id (see `kubedojo list`).")
    var id: String

    @Option(help: "Seed for this attempt's cluster and variables (default: random); the same seed gives the same cluster.")
    var seed: UInt64?

    @Flag(
        help: """
            Continue your newest interrupted attempt at this drill (crash, kill, closed terminal): \
            its stored lines are replayed on the same seed, so the cluster is exactly as you left it.
            """)
    var resume = false

    @OptionGroup var global: GlobalOptions

    func run() throws {
        try perform { () throws(TrainerError) in
            try App.drill(id: id, seed: seed, resume: resume, options: global.trainer)
        }
    }
}

struct Sandbox: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sandbox",
        abstract: "Explore a base cluster freely: no task, no grading, nothing stored.",
        discussion: """
            Type shell commands as in a drill. :fault NAME ARGS injects a fault (:fault alone lists them: stop a \
            unit, kill an etcd member, partition nodes, drop a port, expire a certificate, slow a disk ...), \
            sleep N lets simulated time pass, :events [N] shows what the model did (elections, leases, pods, \
            load-balancer backends), :help lists the rest. Piped input works too: \
            printf ':fault kill-etcd master1\\nsleep 3\\n:events\\n' | kubedojo sandbox --seed 7
            """)

    @Argument(help: "The base cluster: stacked-3, stacked-5, single-cp, external-etcd-3 or bare-3.")
    var cluster = "stacked-3"

    @Option(help: "Seed for the cluster (default: random); the same seed and the same input give the same session.")
    var seed: UInt64?

    @OptionGroup var global: GlobalOptions

    func run() throws {
        try perform { () throws(TrainerError) in try App.sandbox(cluster: cluster, seed: seed, options: global.trainer) }
    }
}

struct Review: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "review",
        abstract: "Practise what is due: drills least likely to be recalled first, then new ones up to your daily limit.",
        discussion: """
            Each drill runs as in `kubedojo drill`; leave it with :quit to go on to the next (Ctrl-D ends the \
            review). A drill you :check is rated from its last check and rescheduled with FSRS-6; one you \
            leave unchecked stays due. New drills per day: `kubedojo config set new-per-day N` (default 3).
            """)

    @Option(help: "Practise at most this many drills.")
    var limit: Int?

    @Option(help: "Plan about this many minutes of drills (by their target times) and start no new drill after that.")
    var minutes: Int?

    @OptionGroup var global: GlobalOptions

    func run() throws {
        try perform { () throws(TrainerError) in try App.review(limit: limit, minutes: minutes, options: global.trainer) }
    }
}

struct Resume: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resume",
        abstract: "Continue an interrupted attempt (the newest, or the one given), rebuilt by replaying its stored lines.")

    @Argument(help: "The attempt number (the home screen lists interrupted attempts).")
    var attempt: Int64?

    @OptionGroup var global: GlobalOptions

    func run() throws {
        try perform { () throws(TrainerError) in try App.resume(attempt: attempt, options: global.trainer) }
    }
}

struct Stats: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "Per topic: attempts, last and best score, retention, what falls due; streak and weakest drills.",
        discussion: """
            Days are local calendar days ($TZ). --json prints the same numbers with sorted snake_case keys; \
            times are milliseconds since 1970 (UTC), retention and retrievability fractions from 0 to 1.
            """)

    @Flag(help: "Print JSON for scripts instead of the screen.")
    var json = false

    @OptionGroup var global: GlobalOptions

    func run() throws {
        try perform { () throws(TrainerError) in print(try App.stats(json: json, options: global.trainer), terminator: "") }
    }
}

struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write your progress as one HTML page of charts, to look at in a browser or print.",
        discussion: """
            The page shows score history per topic, retention per topic now and in 7 and 30 days, drills due \
            on each of the next 30 days, mock exams against the 66 % pass mark, practice days over 26 weeks, \
            the weakest drills with the command to practise each, and study-guide coverage. It is one file \
            with inline CSS and SVG, no script and nothing fetched from elsewhere; it follows the browser's \
            light or dark mode, and every chart has a text description and a data table. Days are local \
            calendar days ($TZ).
            """)

    @Option(
        help: ArgumentHelp(
            "Write to this file, replaced atomically (default: kubedojo-report.html in the current folder).",
            valueName: "file"))
    var out: String?

    @Flag(help: "Then open it with xdg-open, if installed (otherwise says how to open it).")
    var open = false

    @OptionGroup var global: GlobalOptions

    func run() throws {
        try perform { () throws(TrainerError) in
            print(try App.report(out: out, open: open, options: global.trainer), terminator: "")
        }
    }
}

struct Config: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Show or change settings kept in the progress database (retention, new-per-day).",
        subcommands: [ConfigGet.self, ConfigSet.self], defaultSubcommand: ConfigGet.self)
}

struct ConfigGet: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "get", abstract: "Print one setting, or all of them.")

    @Argument(help: "retention or new-per-day (default: all).")
    var key: String?

    @OptionGroup var global: GlobalOptions

    func run() throws {
        try perform { () throws(TrainerError) in print(try App.configGet(key: key, options: global.trainer), terminator: "") }
    }
}

struct ConfigSet: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "set",
        abstract: "Change a setting: retention 0.7-0.97 (default 0.9), new-per-day 0-50 (default 3).",
        discussion: "After changing retention, `kubedojo reschedule` recomputes the cards you already have.")

    @Argument(help: "retention or new-per-day.")
    var key: String

    @Argument(help: "The new value.")
    var value: String

    @OptionGroup var global: GlobalOptions

    func run() throws {
        try perform { () throws(TrainerError) in
            print(try App.configSet(key: key, value: value, options: global.trainer), terminator: "")
        }
    }
}

struct Reschedule: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reschedule",
        abstract: "Recompute every review card from the review log with the current retention setting.")

    @OptionGroup var global: GlobalOptions

    func run() throws {
        try perform { () throws(TrainerError) in print(try App.reschedule(options: global.trainer), terminator: "") }
    }
}

struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write every attempt (with its command log and check results), review and setting as JSON.",
        discussion: """
            For instructors. Keys are sorted snake_case; times are milliseconds since 1970 (UTC); think_ms is the \
            thinking time stored with each line. The shape is described in README.md ("Exporting progress").
            """)

    @Flag(help: "JSON output (the only format, and the default).")
    var json = false

    @Option(help: ArgumentHelp("Write to this file (replaced atomically) instead of standard output.", valueName: "file"))
    var out: String?

    @OptionGroup var global: GlobalOptions

    func run() throws {
        try perform { () throws(TrainerError) in print(try App.export(out: out, options: global.trainer), terminator: "") }
    }
}

struct Dev: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dev",
        abstract: "Developer tools.", shouldDisplay: false, subcommands: [SeedHistory.self])
}

struct SeedHistory: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "seed-history",
        abstract: "Fill an empty progress database with simulated practice ending today (for demonstrations and tests).")

    @Option(help: "How many days of practice (1-365).")
    var days = 21

    @Option(help: "Seed of the simulated learner; the same seed, days and KUBEDOJO_NOW give the same database.")
    var seed: UInt64 = 1

    @OptionGroup var global: GlobalOptions

    func run() throws {
        try perform { () throws(TrainerError) in
            print(try App.seedHistory(days: days, seed: seed, options: global.trainer), terminator: "")
        }
    }
}

struct Lint: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lint",
        abstract:
            "Check every content file (clusters, graders, scenarios, cards, exam blueprints); problems are listed as file:line:col.",
        discussion: """
            With PATH, checks that folder or file: a content root (one with Content/clusters) instead of the \
            bundled content, any other folder (or the folder holding a file's Content/ or Graders/) beside it, \
            as --add-content loads it.
            """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: "A content folder or file to check (default: all content in use).")
    var path: String?

    func run() throws {
        try perform { () throws(TrainerError) in print(try App.lint(global.trainer, path: path), terminator: "") }
    }
}

struct New: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "new",
        abstract: "Write a new drill skeleton that lints and verifies, ready to edit.",
        discussion: """
            Writes Content/scenarios/TOPIC/ID.yaml into the --add-content folder if given, else into the \
            content folder in use. Then: kubedojo verify ID (with the same --add-content).
            """)

    @Argument(help: "The new scenario's id (lower case letters, digits and dashes).")
    var id: String

    @Option(
        help:
            "Its topic: etcd, control-plane, load-balancing, kubeadm, leader-election, recovery, certificates, monitoring, security or operations."
    )
    var topic: String

    @Option(help: "The base cluster it runs on.")
    var cluster: String = "stacked-3"

    @OptionGroup var global: GlobalOptions

    func run() throws {
        try perform { () throws(TrainerError) in
            print(try App.scaffold(id: id, topic: topic, cluster: cluster, options: global.trainer), terminator: "")
        }
    }
}

struct Verify: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract:
            "Replay every scenario's solution (must score 100 %) and its listed mistakes (must fail exactly the checks they name)."
    )

    @Option(help: "How many seeds to try per scenario (1-5; each seed is a different cluster and variable choice).")
    var seeds: Int = 5

    @Argument(help: "Scenario ids to verify (default: all).")
    var ids: [String] = []

    @OptionGroup var global: GlobalOptions

    func run() throws {
        let count = max(1, min(seeds, 5))
        try perform { () throws(TrainerError) in
            print(
                try App.verify(global.trainer, seeds: Array(Verifier.defaultSeeds.prefix(count)), only: ids),
                terminator: "")
        }
    }
}

struct Exam: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "exam",
        abstract: "Take a timed mock exam: tasks drawn to a blueprint's topic weights, graded only at the end.",
        discussion: """
            You start on a host named base with no cluster tools; each task names the host to ssh to, \
            and exit returns to base. :list, :next, :prev, :goto N, :flag, :note TEXT and :submit work \
            the exam; there are no hints. At the deadline the exam is submitted as it stands. The report \
            gives each task's score, weight and time, the score per topic, PASS or FAIL at 66 %, every \
            failed check, work on a wrong host (that task scores 0) and where your time went. \
            `kubedojo exam history` lists past exams.

            kubedojo exam [--minutes M] [--tasks N] [--seed S] [--blueprint FILE|ID]   (defaults: cka-ha, \
            17 tasks, 120 minutes, a random seed)
            kubedojo exam --resume   (continue the running exam against its original deadline)
            `kubedojo exam start --help` describes every option.
            """,
        subcommands: [Start.self, History.self],
        defaultSubcommand: Start.self)

    struct Start: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "start", abstract: "Start a mock exam (the default), or continue the running one with --resume.")

        @Option(help: "Time allowed (default: the blueprint's, 120 for cka-ha).")
        var minutes: Int?

        @Option(help: "How many tasks to draw (default: the blueprint's, 17 for cka-ha).")
        var tasks: Int?

        @Option(help: "Seed for the exam (default: random); the same seed draws the same tasks and variants.")
        var seed: UInt64?

        @Option(
            help: ArgumentHelp(
                "A blueprint file (Content/README.md documents the format) or a bundled blueprint's id (default: cka-ha).",
                valueName: "file"))
        var blueprint: String?

        @Flag(
            help: """
                Continue the running exam after a crash or a closed terminal: every task's cluster is rebuilt \
                by replay, against the original deadline (time kept running while you were away).
                """)
        var resume = false

        @OptionGroup var global: GlobalOptions

        func run() throws {
            try perform { () throws(TrainerError) in
                try App.exam(
                    ExamRequest(minutes: minutes, tasks: tasks, seed: seed, blueprint: blueprint, resume: resume),
                    options: global.trainer)
            }
        }
    }

    struct History: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "history", abstract: "List past exams with their date, score and result.")

        @OptionGroup var global: GlobalOptions

        func run() throws {
            try perform { () throws(TrainerError) in print(try App.examHistory(global.trainer), terminator: "") }
        }
    }
}
