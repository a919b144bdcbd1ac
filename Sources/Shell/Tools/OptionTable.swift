import ClusterSim

/// A GNU `getopt_long` command line: short letters that cluster, long names that may be abbreviated,
/// options and operands in any order, `--` ending the options.
struct OptionTable {
    enum Arity { case none, required, optional }

    /// One option: its key (the short letter, or the long name when it has none) and spellings.
    struct Option {
        var key: String
        var short: Character?
        var long: String?
        var arity: Arity
    }

    var tool: String
    var options: [Option]

    /// Every GNU tool also answers `--help` and `--version`, which the simulation does not reproduce.
    init(tool: String, options: [Option]) {
        self.tool = tool
        self.options =
            options + [
                Option(key: "help", short: nil, long: "help", arity: .none),
                Option(key: "version", short: nil, long: "version", arity: .none),
            ]
    }

    /// Why a command line was refused, worded as glibc's getopt words it.
    enum Failure: Error, Equatable {
        case invalid(Character)
        case needsValue(Character)
        case unrecognized(String)
        case longNeedsValue(String)
        case longTakesNoValue(String)
        case ambiguous(String, [String])

        func message(_ tool: String) -> String {
            switch self {
            case .invalid(let letter): "\(tool): invalid option -- '\(letter)'\n"
            case .needsValue(let letter): "\(tool): option requires an argument -- '\(letter)'\n"
            case .unrecognized(let word): "\(tool): unrecognized option '\(word)'\n"
            case .longNeedsValue(let name): "\(tool): option '--\(name)' requires an argument\n"
            case .longTakesNoValue(let name): "\(tool): option '--\(name)' doesn't allow an argument\n"
            case .ambiguous(let word, let names):
                "\(tool): option '\(word)' is ambiguous; possibilities:"
                    + names.map { " '--\($0)'" }.joined() + "\n"
            }
        }
    }

    /// The options in the order given, each with its value, and the operands.
    struct Parsed {
        var options: [(key: String, value: String?)] = []
        var operands: [String] = []

        func has(_ key: String) -> Bool { options.contains { $0.key == key } }
        func values(_ key: String) -> [String] { options.filter { $0.key == key }.compactMap(\.value) }
        func last(_ key: String) -> String? { values(key).last }
    }

    func parse(_ arguments: [String]) -> Result<Parsed, Failure> {
        var parsed = Parsed()
        var rest = arguments[...]
        while let word = rest.popFirst() {
            if word == "--" {
                parsed.operands += rest
                break
            }
            if word.hasPrefix("--") {
                switch parseLong(word, rest: &rest) {
                case .success(let option): parsed.options.append(option)
                case .failure(let failure): return .failure(failure)
                }
                continue
            }
            guard word.hasPrefix("-"), word.count > 1 else {
                parsed.operands.append(word)
                continue
            }
            var letters = word.dropFirst()
            while let letter = letters.popFirst() {
                guard let option = options.first(where: { $0.short == letter }) else { return .failure(.invalid(letter)) }
                switch option.arity {
                case .none:
                    parsed.options.append((option.key, nil))
                case .optional:
                    parsed.options.append((option.key, letters.isEmpty ? nil : String(letters)))
                    letters = ""
                case .required:
                    if !letters.isEmpty {
                        parsed.options.append((option.key, String(letters)))
                        letters = ""
                    } else if let value = rest.popFirst() {
                        parsed.options.append((option.key, value))
                    } else {
                        return .failure(.needsValue(letter))
                    }
                }
            }
        }
        return .success(parsed)
    }

    private func parseLong(
        _ word: String, rest: inout ArraySlice<String>
    ) -> Result<(key: String, value: String?), Failure> {
        let body = word.dropFirst(2)
        let name = String(body.prefix { $0 != "=" })
        let attached = body.firstIndex(of: "=").map { String(body[body.index(after: $0)...]) }
        let candidates = options.filter { $0.long?.hasPrefix(name) == true }
        let option: Option
        if let exact = candidates.first(where: { $0.long == name }) {
            option = exact
        } else if let first = candidates.first,
            candidates.allSatisfy({ $0.key == first.key && $0.arity == first.arity })
        {
            option = first
        } else if candidates.isEmpty {
            return .failure(.unrecognized(word))
        } else {
            return .failure(.ambiguous(word.prefix { $0 != "=" }.description, candidates.compactMap(\.long)))
        }
        let longName = option.long ?? name
        switch option.arity {
        case .none:
            if attached != nil { return .failure(.longTakesNoValue(longName)) }
            return .success((option.key, nil))
        case .optional:
            return .success((option.key, attached))
        case .required:
            if let attached { return .success((option.key, attached)) }
            guard let value = rest.popFirst() else { return .failure(.longNeedsValue(longName)) }
            return .success((option.key, value))
        }
    }
}

/// What parsing a tool's command line left to do: run with these options, or exit now.
enum ParseOutcome {
    case parsed(OptionTable.Parsed)
    case exit(Int32)
}

extension ToolContext {
    /// Parses the arguments after the command name; a bad one is reported with `Try '... --help'`.
    mutating func parse(_ table: OptionTable, _ arguments: [String]? = nil, status: Int32 = 1) -> ParseOutcome {
        switch table.parse(arguments ?? Array(args.dropFirst())) {
        case .failure(let failure):
            return .exit(usageError(table.tool, failure.message(table.tool), status: status))
        case .success(let parsed):
            if let asked = ["help", "version"].first(where: parsed.has) {
                return .exit(notSimulated("\(table.tool) --\(asked)", status: status))
            }
            return .parsed(parsed)
        }
    }

    /// Reports a refused command line the coreutils way and returns `status`.
    mutating func usageError(_ tool: String, _ message: String?, status: Int32 = 1) -> Int32 {
        if let message { err(message.hasPrefix("\(tool): ") ? message : "\(tool): \(message)\n") }
        err("Try '\(tool) --help' for more information.\n")
        return status
    }

    /// Says plainly that a real option of a real tool is not part of the simulation.
    mutating func notSimulated(_ what: String, status: Int32 = 1) -> Int32 {
        err("kubedojo: '\(what)' is not simulated\n")
        return status
    }

    /// The text of an operand: standard input for `-`, else the file on the current host.
    func input(_ operand: String) -> Result<String, FileSystem.Failure> {
        operand == "-" ? .success(stdin) : read(operand)
    }

    /// Writes (or appends to) a file on the current host, as a redirection would.
    mutating func write(_ operand: String, _ text: String, append: Bool = false) -> FileSystem.Failure? {
        let target = path(operand)
        var failure: FileSystem.Failure?
        cluster.updateNode(host) { node in
            if case .failure(let error) = node.files.write(target, text, append: append) { failure = error }
        }
        return node == nil ? .noSuchFile : failure
    }
}
