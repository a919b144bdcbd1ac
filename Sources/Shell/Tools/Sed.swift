import ClusterSim

/// `sed [-n] [-E] [-s] [-i[SUFFIX]] [-e SCRIPT]... [SCRIPT] [FILE...]` (GNU sed 4.9).
enum Sed {
    static let table = OptionTable(
        tool: "sed",
        options: [
            .init(key: "n", short: "n", long: "quiet", arity: .none),
            .init(key: "n", short: nil, long: "silent", arity: .none),
            .init(key: "debug", short: nil, long: "debug", arity: .none),
            .init(key: "e", short: "e", long: "expression", arity: .required),
            .init(key: "f", short: "f", long: "file", arity: .required),
            .init(key: "follow-symlinks", short: nil, long: "follow-symlinks", arity: .none),
            .init(key: "i", short: "i", long: "in-place", arity: .optional),
            .init(key: "l", short: "l", long: "line-length", arity: .required),
            .init(key: "posix", short: nil, long: "posix", arity: .none),
            .init(key: "E", short: "E", long: "regexp-extended", arity: .none),
            .init(key: "E", short: "r", long: nil, arity: .none),
            .init(key: "s", short: "s", long: "separate", arity: .none),
            .init(key: "sandbox", short: nil, long: "sandbox", arity: .none),
            .init(key: "u", short: "u", long: "unbuffered", arity: .none),
            .init(key: "z", short: "z", long: "null-data", arity: .none),
            .init(key: "b", short: "b", long: "binary", arity: .none),
        ])

    static func run(_ context: inout ToolContext) -> Int32 {
        let parsed: OptionTable.Parsed
        switch table.parse(Array(context.args.dropFirst())) {
        case .success(let result): parsed = result
        case .failure(let failure):
            context.err(failure.message("sed") + usage)
            return 1
        }
        if parsed.has("help") {
            context.out(usage + "E-mail bug reports to: <bug-sed@gnu.org>.\n")
            return 0
        }
        if let key = ["version", "f", "z", "debug"].first(where: parsed.has) {
            return context.notSimulated("sed " + (key.count == 1 ? "-" : "--") + key)
        }
        var operands = parsed.operands
        var expressions = parsed.values("e")
        if expressions.isEmpty {
            guard !operands.isEmpty else {
                context.err(usage)
                return 1
            }
            expressions = [operands.removeFirst()]
        }
        let program: SedProgram
        switch SedParser.parse(expressions, extended: parsed.has("E")) {
        case .success(let result): program = result
        case .failure(let error):
            context.err(error.text)
            return 1
        }
        let quiet = parsed.has("n")
        if parsed.has("i") {
            guard !operands.isEmpty else {
                context.err("sed: no input files\n")
                return 4
            }
            return inPlace(&context, program, quiet: quiet, files: operands, suffix: parsed.last("i") ?? "")
        }
        return stream(&context, program, quiet: quiet, files: operands.isEmpty ? ["-"] : operands, separate: parsed.has("s"))
    }

    /// Runs the program over the inputs in turn and writes to standard output.
    private static func stream(
        _ context: inout ToolContext, _ program: SedProgram, quiet: Bool, files: [String], separate: Bool
    ) -> Int32 {
        let inputs = files.map { context.input($0) }
        let lastNonEmpty = inputs.lastIndex { if case .success(let text) = $0 { !text.isEmpty } else { false } }
        var run = SedRun(program: program, quiet: quiet)
        var status: Int32 = 0
        for (index, input) in inputs.enumerated() {
            let text: String
            switch input {
            case .success(let contents): text = contents
            case .failure(.isADirectory):
                context.out(run.output.text)
                context.err("sed: read error on \(files[index]): Is a directory\n")
                return 4
            case .failure(let failure):
                context.out(run.output.text)
                run.output.text = ""
                context.err("sed: can't read \(files[index]): \(failure.message)\n")
                status = 2
                continue
            }
            if separate { run.restart() }
            let (lines, terminated) = TextLines.split(text)
            for (number, line) in lines.enumerated() {
                let endOfFile = number == lines.count - 1
                let isLast = endOfFile && (separate || index == lastNonEmpty)
                run.cycle(line, terminated: !endOfFile || terminated, isLast: isLast)
                if let code = run.quitStatus {
                    context.out(run.output.text)
                    if run.exhausted { context.err(RegexBudget.message(tool: "sed")) }
                    return code
                }
            }
        }
        context.out(run.output.text)
        return status
    }

    /// `sed -i`: each file on its own, its output replacing its contents (the original kept as a
    /// backup when a suffix is given).
    private static func inPlace(
        _ context: inout ToolContext, _ program: SedProgram, quiet: Bool, files: [String], suffix: String
    ) -> Int32 {
        var status: Int32 = 0
        for file in files {
            let text: String
            switch context.read(file) {
            case .success(let contents): text = contents
            case .failure(.isADirectory):
                context.err("sed: couldn't edit \(file): not a regular file\n")
                return 4
            case .failure(let failure):
                context.err("sed: can't read \(file): \(failure.message)\n")
                status = 2
                continue
            }
            var run = SedRun(program: program, quiet: quiet)
            let (lines, terminated) = TextLines.split(text)
            for (number, line) in lines.enumerated() {
                let isLast = number == lines.count - 1
                run.cycle(line, terminated: !isLast || terminated, isLast: isLast)
                if run.quitStatus != nil { break }
            }
            // The file is left as it was, as when GNU sed fails before renaming its output over it.
            if run.exhausted {
                context.err(RegexBudget.message(tool: "sed"))
                return 4
            }
            if !suffix.isEmpty {
                let name = file.split(separator: "/").last.map(String.init) ?? file
                let backup =
                    suffix.contains("*")
                    ? String(file.dropLast(name.count))
                        + suffix.split(separator: "*", omittingEmptySubsequences: false).joined(separator: name)
                    : file + suffix
                _ = context.write(backup, text)
            }
            _ = context.write(file, run.output.text)
            if let code = run.quitStatus { return code }
        }
        return status
    }

    static let usage = """
        Usage: sed [OPTION]... {script-only-if-no-other-script} [input-file]...

          -n, --quiet, --silent
                         suppress automatic printing of pattern space
              --debug
                         annotate program execution
          -e script, --expression=script
                         add the script to the commands to be executed
          -f script-file, --file=script-file
                         add the contents of script-file to the commands to be executed
          --follow-symlinks
                         follow symlinks when processing in place
          -i[SUFFIX], --in-place[=SUFFIX]
                         edit files in place (makes backup if SUFFIX supplied)
          -l N, --line-length=N
                         specify the desired line-wrap length for the `l' command
          --posix
                         disable all GNU extensions.
          -E, -r, --regexp-extended
                         use extended regular expressions in the script
                         (for portability use POSIX -E).
          -s, --separate
                         consider files as separate rather than as a single,
                         continuous long stream.
              --sandbox
                         operate in sandbox mode (disable e/r/w commands).
          -u, --unbuffered
                         load minimal amounts of data from the input files and flush
                         the output buffers more often
          -z, --null-data
                         separate lines by NUL characters
              --help     display this help and exit
              --version  output version information and exit

        If no -e, --expression, -f, or --file option is given, then the first
        non-option argument is taken as the sed script to interpret.  All
        remaining arguments are names of input files; if no input files are
        specified, then the standard input is read.

        GNU sed home page: <https://www.gnu.org/software/sed/>.
        General help using GNU software: <https://www.gnu.org/gethelp/>.

        """
}
