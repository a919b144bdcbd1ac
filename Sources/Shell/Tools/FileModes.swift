import ClusterSim

/// `touch` and `chmod` (GNU coreutils 9.1) on the current node's files; the umask is 022.
enum FileModes {
    private static let umask: UInt16 = 0o022

    static let touchTable = OptionTable(
        tool: "touch",
        options: [
            .init(key: "a", short: "a", long: nil, arity: .none),
            .init(key: "m", short: "m", long: nil, arity: .none),
            .init(key: "c", short: "c", long: "no-create", arity: .none),
            .init(key: "d", short: "d", long: "date", arity: .required),
            .init(key: "f", short: "f", long: nil, arity: .none),
            .init(key: "h", short: "h", long: "no-dereference", arity: .none),
            .init(key: "r", short: "r", long: "reference", arity: .required),
            .init(key: "t", short: "t", long: nil, arity: .required),
            .init(key: "time", short: nil, long: "time", arity: .required),
        ])

    /// `touch FILE...`: creates missing files empty; times are not modelled, so existing files stay as they are.
    static func touch(_ context: inout ToolContext) -> Int32 {
        let parsed: OptionTable.Parsed
        switch context.parse(touchTable) {
        case .parsed(let result): parsed = result
        case .exit(let status): return status
        }
        guard !parsed.operands.isEmpty else { return context.usageError("touch", "missing file operand") }
        var status: Int32 = 0
        for operand in parsed.operands {
            if context.node?.files.exists(context.path(operand)) == true || parsed.has("c") { continue }
            if let failure = context.write(operand, "", append: true) {
                context.err("touch: cannot touch '\(operand)': \(failure.message)\n")
                status = 1
            }
        }
        return status
    }

    /// One action of a symbolic mode: `who` (0 when omitted), the operator and what it applies.
    struct Change {
        enum Permissions {
            case bits(UInt16, conditionalExecute: Bool)
            /// `u`, `g` or `o` after the operator: that class's current bits.
            case copy(shift: UInt16)
            case octal(UInt16)
        }

        var who: UInt16
        var op: Character
        var permissions: Permissions
    }

    /// Parses an octal or symbolic mode as gnulib's `mode_compile` does; nil when it is invalid.
    static func compile(_ mode: String) -> [Change]? {
        if !mode.isEmpty, mode.allSatisfy({ ("0"..."7").contains($0) }) {
            guard let value = UInt16(mode.suffix(6), radix: 8), mode.drop(while: { $0 == "0" }).count <= 4, value <= 0o7777
            else { return nil }
            return [Change(who: 0, op: "=", permissions: .octal(value))]
        }
        var changes: [Change] = []
        for clause in mode.split(separator: ",", omittingEmptySubsequences: false) {
            var who: UInt16 = 0
            var rest = clause[...]
            while let letter = rest.first, "ugoa".contains(letter) {
                who |= ["u": 0o4700, "g": 0o2070, "o": 0o1007, "a": 0o7777][letter] ?? 0
                rest = rest.dropFirst()
            }
            guard let first = rest.first, "+-=".contains(first) else { return nil }
            while let op = rest.first, "+-=".contains(op) {
                rest = rest.dropFirst()
                if let digit = rest.first, ("0"..."7").contains(digit) {
                    let digits = rest.prefix { ("0"..."7").contains($0) }
                    guard who == 0, let value = UInt16(digits.suffix(6), radix: 8), value <= 0o7777 else { return nil }
                    changes.append(Change(who: who, op: op, permissions: .octal(value)))
                    rest = rest.dropFirst(digits.count)
                    continue
                }
                if let letter = rest.first, let shift = ["u": UInt16(6), "g": 3, "o": 0][letter] {
                    changes.append(Change(who: who, op: op, permissions: .copy(shift: shift)))
                    rest = rest.dropFirst()
                    continue
                }
                var bits: UInt16 = 0
                var conditional = false
                while let letter = rest.first, "rwxXst".contains(letter) {
                    switch letter {
                    case "r": bits |= 0o444
                    case "w": bits |= 0o222
                    case "x": bits |= 0o111
                    case "X": conditional = true
                    case "s": bits |= 0o6000
                    default: bits |= 0o1000
                    }
                    rest = rest.dropFirst()
                }
                changes.append(Change(who: who, op: op, permissions: .bits(bits, conditionalExecute: conditional)))
            }
            guard rest.isEmpty else { return nil }
        }
        return changes
    }

    /// The mode after applying changes to `old`, as gnulib's `mode_adjust` computes it.
    static func apply(_ changes: [Change], to old: UInt16, directory: Bool, umask: UInt16) -> UInt16 {
        var mode = old & 0o7777
        for change in changes {
            let affected: UInt16 = change.who == 0 ? 0o7777 : change.who
            var value: UInt16
            switch change.permissions {
            case .octal(let octal):
                mode = change.op == "=" ? octal : change.op == "+" ? mode | octal : mode & ~octal
                continue
            case .bits(let bits, let conditional):
                value = bits
                if conditional, mode & 0o111 != 0 || directory { value |= 0o111 }
            case .copy(let shift):
                let bits = (mode >> shift) & 7
                value = bits << 6 | bits << 3 | bits
            }
            value &= affected
            if change.who == 0 { value &= ~umask }
            switch change.op {
            case "=": mode = (mode & ~affected) | value
            case "+": mode |= value
            default: mode &= ~value
            }
        }
        return mode
    }

    /// `rwxr-xr-x` with setuid, setgid and sticky shown as `s`/`S` and `t`/`T`.
    static func symbolic(_ mode: UInt16) -> String {
        func triple(_ bits: UInt16, special: Bool, mark: Character) -> String {
            let execute: Character =
                special ? (bits & 1 != 0 ? mark : Character(mark.uppercased())) : (bits & 1 != 0 ? "x" : "-")
            return (bits & 4 != 0 ? "r" : "-") + (bits & 2 != 0 ? "w" : "-") + String(execute)
        }
        return triple(mode >> 6 & 7, special: mode & 0o4000 != 0, mark: "s")
            + triple(mode >> 3 & 7, special: mode & 0o2000 != 0, mark: "s")
            + triple(mode & 7, special: mode & 0o1000 != 0, mark: "t")
    }

    private static func octalText(_ mode: UInt16) -> String {
        let digits = String(mode, radix: 8)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }

    /// `chmod [-R] [-v] [-c] [-f] MODE FILE...`, including `chmod -w FILE` where the mode looks like an option.
    static func chmod(_ context: inout ToolContext) -> Int32 {
        var modeWords: [String] = []
        var flags = Set<Character>()
        var operands: [String] = []
        var arguments = context.args.dropFirst()[...]
        while let word = arguments.popFirst() {
            if word == "--" {
                operands += arguments
                break
            }
            if word.hasPrefix("--") {
                switch word {
                case "--recursive": flags.insert("R")
                case "--verbose": flags.insert("v")
                case "--changes": flags.insert("c")
                case "--silent", "--quiet": flags.insert("f")
                case "--preserve-root", "--no-preserve-root": break
                case "--help", "--version": return context.notSimulated("chmod \(word)")
                default:
                    if word.hasPrefix("--reference") { return context.notSimulated("chmod --reference") }
                    return context.usageError("chmod", "unrecognized option '\(word)'")
                }
            } else if word.hasPrefix("-"), let second = word.dropFirst().first, "rwxXstugoa,+-=01234567".contains(second) {
                modeWords.append(word)
            } else if word.hasPrefix("-"), word.count > 1 {
                for letter in word.dropFirst() {
                    guard "Rvcf".contains(letter) else { return context.usageError("chmod", "invalid option -- '\(letter)'") }
                    flags.insert(letter)
                }
            } else {
                operands.append(word)
            }
        }
        let diagnoseSurprises = !modeWords.isEmpty
        if modeWords.isEmpty {
            guard !operands.isEmpty else { return context.usageError("chmod", "missing operand") }
            modeWords = [operands.removeFirst()]
        }
        let mode = modeWords.joined(separator: ",")
        guard !operands.isEmpty else { return context.usageError("chmod", "missing operand after '\(mode)'") }
        guard let changes = compile(mode) else { return context.usageError("chmod", "invalid mode: '\(mode)'") }

        var status: Int32 = 0
        for operand in operands {
            let path = context.path(operand)
            guard let files = context.node?.files, files.exists(path) else {
                if !flags.contains("f") { context.err("chmod: cannot access '\(operand)': No such file or directory\n") }
                if flags.contains("v") { context.out("'\(operand)' could not be accessed\n") }
                status = 1
                continue
            }
            var targets = [(path, operand)]
            if flags.contains("R"), files.isDirectory(path) {
                let prefix = path == "/" ? "/" : path + "/"
                targets += files.files.keys.filter { $0.hasPrefix(prefix) }.sorted().map {
                    ($0, operand + "/" + $0.dropFirst(prefix.count))
                }
            }
            for (target, shown) in targets {
                let directory = files.isDirectory(target)
                let old = files.files[target]?.mode ?? 0o755
                let new = apply(changes, to: old, directory: directory, umask: umask)
                context.cluster.updateNode(context.host) { _ = $0.files.setMode(target, new) }
                if flags.contains("v") || (flags.contains("c") && new != old) {
                    context.out(
                        new == old
                            ? "mode of '\(shown)' retained as \(octalText(new)) (\(symbolic(new)))\n"
                            : "mode of '\(shown)' changed from \(octalText(old)) (\(symbolic(old))) to \(octalText(new)) (\(symbolic(new)))\n"
                    )
                }
                let naive = apply(changes, to: old, directory: directory, umask: 0)
                if diagnoseSurprises, new & ~naive != 0 {
                    context.err("chmod: \(shown): new permissions are \(symbolic(new)), not \(symbolic(naive))\n")
                    status = 1
                }
            }
        }
        return status
    }
}

/// `chown [-R] [-v] OWNER[:GROUP] FILE...`: the simulated hosts run everything as root and keep
/// no owners, so it checks its operands as GNU chown does and changes nothing.
enum Chown {
    static func run(_ context: inout ToolContext) -> Int32 {
        var operands: [String] = []
        var arguments = context.args.dropFirst()[...]
        while let word = arguments.popFirst() {
            if word == "--" {
                operands += arguments
                break
            }
            if word.hasPrefix("--") {
                switch word {
                case "--recursive", "--verbose", "--changes", "--silent", "--quiet", "--no-dereference",
                    "--dereference", "--preserve-root", "--no-preserve-root":
                    continue
                default:
                    if word.hasPrefix("--from=") || word.hasPrefix("--reference=") {
                        return context.notSimulated("chown \(word.prefix { $0 != "=" })")
                    }
                    return context.usageError("chown", "unrecognized option '\(word)'")
                }
            }
            if word.hasPrefix("-"), word.count > 1 {
                for letter in word.dropFirst() where !"RvcfhHLP".contains(letter) {
                    return context.usageError("chown", "invalid option -- '\(letter)'")
                }
                continue
            }
            operands.append(word)
        }
        guard !operands.isEmpty else { return context.usageError("chown", "missing operand") }
        let owner = operands.removeFirst()
        guard !operands.isEmpty else { return context.usageError("chown", "missing operand after '\(owner)'") }
        let user = String(owner.prefix { $0 != ":" && $0 != "." })
        let group = owner.contains(":") ? String(owner.drop { $0 != ":" }.dropFirst()) : ""
        let known = ["root"] + (context.node?.binaries.contains("etcd") == true ? ["etcd"] : [])
        for (name, kind) in [(user, "user"), (group, "group")] where !name.isEmpty {
            guard known.contains(name) || name.allSatisfy(\.isNumber) else {
                context.err("chown: invalid \(kind): '\(owner)'\n")
                return 1
            }
        }
        var status: Int32 = 0
        for operand in operands where context.node?.files.exists(context.path(operand)) != true {
            context.err("chown: cannot access '\(operand)': No such file or directory\n")
            status = 1
        }
        return status
    }
}
