import ClusterSim

/// coreutils' `dirname` and `basename`.
enum PathTools {
    static func missing(_ tool: String, _ context: inout ToolContext, extra: String? = nil) -> Int32 {
        context.err(
            (extra.map { "\(tool): extra operand '\($0)'\n" } ?? "\(tool): missing operand\n")
                + "Try '\(tool) --help' for more information.\n")
        return 1
    }

    /// The directory part of a path, as POSIX `dirname` computes it.
    static func directory(of path: String) -> String {
        var text = Substring(path)
        while text.count > 1, text.hasSuffix("/") { text = text.dropLast() }
        guard let slash = text.lastIndex(of: "/") else { return "." }
        text = text[..<slash]
        while text.hasSuffix("/") { text = text.dropLast() }
        return text.isEmpty ? "/" : String(text)
    }

    /// The last component of a path, less a suffix that is not the whole name.
    static func base(of path: String, suffix: String?) -> String {
        var text = Substring(path)
        while text.count > 1, text.hasSuffix("/") { text = text.dropLast() }
        if text == "/" { return "/" }
        var name = text.split(separator: "/", omittingEmptySubsequences: false).last.map(String.init) ?? ""
        if let suffix, !suffix.isEmpty, name != suffix, name.hasSuffix(suffix) { name = String(name.dropLast(suffix.count)) }
        return name
    }

    static func dirname(_ context: inout ToolContext) -> Int32 {
        let operands = context.args.dropFirst().filter { $0 != "--" }
        guard !operands.isEmpty else { return missing("dirname", &context) }
        context.out(operands.map { directory(of: $0) + "\n" }.joined())
        return 0
    }

    static func basename(_ context: inout ToolContext) -> Int32 {
        var operands: [String] = []
        var suffix: String?
        var multiple = false
        var args = context.args.dropFirst()[...]
        while let arg = args.popFirst() {
            switch arg {
            case "-a", "--multiple": multiple = true
            case "-s":
                guard let value = args.popFirst() else {
                    context.err(
                        "basename: option requires an argument -- 's'\nTry 'basename --help' for more information.\n")
                    return 1
                }
                suffix = value
                multiple = true
            case _ where arg.hasPrefix("--suffix="):
                suffix = String(arg.dropFirst("--suffix=".count))
                multiple = true
            case "--":
                operands += args
                args = []
            default: operands.append(arg)
            }
        }
        guard let first = operands.first else { return missing("basename", &context) }
        if multiple {
            context.out(operands.map { base(of: $0, suffix: suffix) + "\n" }.joined())
            return 0
        }
        guard operands.count <= 2 else { return missing("basename", &context, extra: operands[2]) }
        context.out(base(of: first, suffix: operands.count == 2 ? operands[1] : nil) + "\n")
        return 0
    }
}

/// bash's `test` and `[` builtins: file, string and integer tests, `!`, `-a`, `-o` and parentheses.
enum TestBuiltin {
    /// An error bash reports as `-bash: test: MESSAGE` with status 2.
    struct Failure: Error { var message: String }

    static func run(_ context: inout ToolContext) -> Int32 {
        let name = context.args[0]
        var args = Array(context.args.dropFirst())
        if name == "[" {
            guard args.last == "]" else {
                context.err("-bash: [: missing `]'\n")
                return 2
            }
            args.removeLast()
        }
        var evaluator = Evaluator(args: args, context: context)
        switch evaluator.evaluate() {
        case .success(let truth): return truth ? 0 : 1
        case .failure(let failure):
            context.err("-bash: \(name): \(failure.message)\n")
            return 2
        }
    }

    static let unary: Set<String> = [
        "-e", "-f", "-d", "-s", "-r", "-w", "-x", "-z", "-n", "-L", "-h", "-a", "-b", "-c", "-p", "-S", "-g", "-u", "-k",
        "-O", "-G", "-N", "-t", "-v",
    ]
    static let binary: Set<String> = ["=", "==", "!=", "<", ">", "-eq", "-ne", "-lt", "-le", "-gt", "-ge", "-nt", "-ot", "-ef"]

    struct Evaluator {
        let args: [String]
        let context: ToolContext
        var position = 0

        init(args: [String], context: ToolContext) {
            self.args = args
            self.context = context
        }

        /// POSIX's rules by argument count, then bash's full expression grammar beyond four.
        mutating func evaluate() -> Result<Bool, Failure> {
            switch args.count {
            case 0: return .success(false)
            case 1: return .success(!args[0].isEmpty)
            case 2: return twoArguments(args[0], args[1])
            case 3: return threeArguments(args[0], args[1], args[2])
            case 4 where args[0] == "!":
                return threeArguments(args[1], args[2], args[3]).map { !$0 }
            default:
                let result = expression()
                if case .success = result, position < args.count {
                    return .failure(Failure(message: "too many arguments"))
                }
                return result
            }
        }

        func twoArguments(_ first: String, _ second: String) -> Result<Bool, Failure> {
            if first == "!" { return .success(second.isEmpty) }
            guard TestBuiltin.unary.contains(first) else {
                return .failure(Failure(message: "\(first): unary operator expected"))
            }
            return .success(unaryTest(first, second))
        }

        func threeArguments(_ first: String, _ op: String, _ third: String) -> Result<Bool, Failure> {
            if TestBuiltin.binary.contains(op) { return binaryTest(first, op, third) }
            if op == "-a" { return .success(!first.isEmpty && !third.isEmpty) }
            if op == "-o" { return .success(!first.isEmpty || !third.isEmpty) }
            if first == "!" { return twoArguments(op, third).map { !$0 } }
            if first == "(" && third == ")" { return .success(!op.isEmpty) }
            return .failure(Failure(message: "\(op): binary operator expected"))
        }

        // expression := and ( -o and )* ; and := term ( -a term )* ; term := ! term | ( expression ) | primary
        mutating func expression() -> Result<Bool, Failure> {
            var value: Bool
            switch conjunction() {
            case .success(let first): value = first
            case .failure(let failure): return .failure(failure)
            }
            while position < args.count, args[position] == "-o" {
                position += 1
                switch conjunction() {
                case .success(let next): value = value || next
                case .failure(let failure): return .failure(failure)
                }
            }
            return .success(value)
        }

        mutating func conjunction() -> Result<Bool, Failure> {
            var value: Bool
            switch term() {
            case .success(let first): value = first
            case .failure(let failure): return .failure(failure)
            }
            while position < args.count, args[position] == "-a" {
                position += 1
                switch term() {
                case .success(let next): value = value && next
                case .failure(let failure): return .failure(failure)
                }
            }
            return .success(value)
        }

        mutating func term() -> Result<Bool, Failure> {
            guard position < args.count else { return .failure(Failure(message: "argument expected")) }
            let word = args[position]
            if word == "!" {
                position += 1
                return term().map { !$0 }
            }
            if word == "(" {
                position += 1
                let inner = expression()
                guard position < args.count, args[position] == ")" else {
                    return .failure(Failure(message: "`)' expected"))
                }
                position += 1
                return inner
            }
            if position + 2 < args.count, TestBuiltin.binary.contains(args[position + 1]) {
                defer { position += 3 }
                return binaryTest(word, args[position + 1], args[position + 2])
            }
            if TestBuiltin.unary.contains(word), position + 1 < args.count {
                defer { position += 2 }
                return .success(unaryTest(word, args[position + 1]))
            }
            position += 1
            return .success(!word.isEmpty)
        }

        func unaryTest(_ op: String, _ operand: String) -> Bool {
            let files = context.node?.files
            let path = context.path(operand)
            switch op {
            case "-z": return operand.isEmpty
            case "-n": return !operand.isEmpty
            case "-e", "-a": return files?.exists(path) == true
            case "-f": return files?.isFile(path) == true
            case "-d": return files?.isDirectory(path) == true
            case "-s":
                if files?.isDirectory(path) == true { return true }
                return (files?.read(path).success?.isEmpty == false)
            // The shell runs as root: whatever exists is readable and writable.
            case "-r", "-w": return files?.exists(path) == true
            case "-x":
                if files?.isDirectory(path) == true { return true }
                guard let mode = files?.files[path]?.mode else { return false }
                return mode & 0o111 != 0
            case "-v":
                return context.state.current.environment[operand] != nil || context.state.current.variables[operand] != nil
            default: return false
            }
        }

        func binaryTest(_ left: String, _ op: String, _ right: String) -> Result<Bool, Failure> {
            switch op {
            case "=", "==": return .success(left == right)
            case "!=": return .success(left != right)
            case "<": return .success(Array(left.utf8).lexicographicallyPrecedes(Array(right.utf8)))
            case ">": return .success(Array(right.utf8).lexicographicallyPrecedes(Array(left.utf8)))
            case "-nt", "-ot", "-ef": return .success(false)
            default:
                guard let a = integer(left) else { return .failure(Failure(message: "\(left): integer expression expected")) }
                guard let b = integer(right) else {
                    return .failure(Failure(message: "\(right): integer expression expected"))
                }
                switch op {
                case "-eq": return .success(a == b)
                case "-ne": return .success(a != b)
                case "-lt": return .success(a < b)
                case "-le": return .success(a <= b)
                case "-gt": return .success(a > b)
                default: return .success(a >= b)
                }
            }
        }

        /// bash's `legal_number`: optional blanks, a sign, decimal digits, optional blanks.
        func integer(_ text: String) -> Int64? {
            let trimmed = text.drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed()
            return Int64(String(trimmed))
        }
    }
}

/// `reboot` on a node reached by ssh: the machine powers off and boots again (its enabled units
/// start, the kubelet brings the static pods back), and the ssh connection drops as on a real host.
enum Reboot {
    /// How long the simulated machine takes from power-off to its units starting again.
    static let bootMilliseconds: Int64 = 30_000

    static func run(_ context: inout ToolContext) -> Int32 {
        let host = context.host
        guard context.state.frames.first?.host != host else {
            context.err("kubedojo: rebooting \(host) would end the drill's first shell; ssh to the node you mean to reboot\n")
            return 1
        }
        if case .failure(let problem) = context.cluster.inject(.powerOff(node: host)) {
            context.err("kubedojo: reboot: \(problem)\n")
            return 1
        }
        context.cluster.advance(milliseconds: bootMilliseconds)
        _ = context.cluster.inject(.powerOn(node: host))
        // Every shell open on the rebooted machine ends; the ssh that reached it reports the drop.
        while context.state.host == host, context.state.pop() {}
        context.err("Connection to \(host) closed by remote host.\nConnection to \(host) closed.\n")
        return 255
    }
}
