/// bash's `printf [-v var] FORMAT [ARGUMENTS...]` builtin: `%s %b %c %d %i %u %o %x %X %%` with
/// flags, width and precision, backslash escapes, and the format reused while arguments remain.
enum Printf {
    private static let usage = "printf: usage: printf [-v var] format [arguments]\n"

    static func run(_ context: inout ToolContext) -> Int32 {
        var arguments = Array(context.args.dropFirst())[...]
        var variable: String?
        while let first = arguments.first, first.hasPrefix("-"), first != "-" {
            arguments.removeFirst()
            if first == "--" { break }
            guard first.hasPrefix("-v") else {
                context.err("-bash: printf: \(first.prefix(2)): invalid option\n" + usage)
                return 2
            }
            let name = first == "-v" ? arguments.popFirst() : String(first.dropFirst(2))
            guard let name else {
                context.err("-bash: printf: -v: option requires an argument\n" + usage)
                return 2
            }
            guard Tokenizer.isName(name) else {
                context.err("-bash: printf: `\(name)': not a valid identifier\n")
                return 2
            }
            variable = name
        }
        guard let format = arguments.popFirst() else {
            context.err(usage)
            return 2
        }
        var formatter = Formatter(arguments: Array(arguments))
        // Each pass over the format consumes at least one argument, or it is the last pass.
        for _ in 0...formatter.arguments.count {
            let consumedBefore = formatter.next
            guard formatter.render(Array(format)) else { break }
            if formatter.next == consumedBefore || formatter.next >= formatter.arguments.count { break }
        }
        for problem in formatter.problems { context.err("-bash: printf: \(problem)\n") }
        if let variable {
            if context.state.current.environment[variable] != nil {
                context.state.current.environment[variable] = formatter.output
            } else {
                context.state.current.variables[variable] = formatter.output
            }
        } else {
            context.out(formatter.output)
        }
        return formatter.status
    }

    /// Renders a format against arguments, collecting bash's complaints as it goes.
    struct Formatter {
        let arguments: [String]
        var next = 0
        var output = ""
        var problems: [String] = []
        var status: Int32 = 0
        /// Set by `\c` in a `%b` argument: no further output at all.
        var stopped = false

        init(arguments: [String]) {
            self.arguments = arguments
        }

        private mutating func argument() -> String? {
            guard next < arguments.count else { return nil }
            next += 1
            return arguments[next - 1]
        }

        /// One pass over the format; false when it must not be repeated (an error or `\c`).
        mutating func render(_ format: [Character]) -> Bool {
            var index = 0
            while index < format.count, !stopped {
                let c = format[index]
                if c == "\\" {
                    let (text, used, _) = Escapes.expand(format, at: index, inArgument: false)
                    output += text
                    index += used
                    continue
                }
                guard c == "%" else {
                    output.append(c)
                    index += 1
                    continue
                }
                var spec = Spec()
                var cursor = index + 1
                while cursor < format.count, "-+ #0'".contains(format[cursor]) {
                    spec.flags.append(format[cursor])
                    cursor += 1
                }
                spec.width = number(format, &cursor)
                if let width = spec.width, width < 0 {
                    spec.flags.append("-")
                    spec.width = -width
                }
                if cursor < format.count, format[cursor] == "." {
                    cursor += 1
                    spec.precision = number(format, &cursor) ?? 0
                    if let precision = spec.precision, precision < 0 { spec.precision = nil }
                }
                while cursor < format.count, "hlLqjzt".contains(format[cursor]) { cursor += 1 }
                guard cursor < format.count else {
                    problems.append("`\(String(format[index...]))': missing format character")
                    status = 1
                    return false
                }
                let conversion = format[cursor]
                index = cursor + 1
                guard convert(conversion, spec) else { return false }
            }
            return !stopped
        }

        /// Width or precision: digits, or `*` taking the next argument. Capped, so that a typo such
        /// as `%999999999d` cannot fill the memory of the simulator.
        private mutating func number(_ format: [Character], _ cursor: inout Int) -> Int? {
            let cap = 100_000
            if cursor < format.count, format[cursor] == "*" {
                cursor += 1
                return max(-cap, min(cap, Int(clamping: integer(argument() ?? ""))))
            }
            let digits = format[cursor...].prefix { $0.isASCIIDigit }
            cursor += digits.count
            return digits.isEmpty ? nil : min(cap, Int(String(digits.prefix(9))) ?? cap)
        }

        private mutating func convert(_ conversion: Character, _ spec: Spec) -> Bool {
            switch conversion {
            case "%" where spec.flags.isEmpty && spec.width == nil && spec.precision == nil:
                output += "%"
            case "s":
                output += spec.pad(spec.truncate(argument() ?? ""), numeric: false)
            case "b":
                let (text, stop) = Escapes.expandAll(argument() ?? "")
                output += spec.pad(spec.truncate(text), numeric: false)
                if stop { stopped = true }
            case "c":
                output += spec.pad((argument() ?? "").unicodeScalars.first.map { String($0) } ?? "\u{0}", numeric: false)
            case "d", "i":
                let value = integer(argument() ?? "")
                output += spec.pad(spec.signed(value), numeric: true)
            case "u", "o", "x", "X":
                let value = UInt64(bitPattern: integer(argument() ?? ""))
                output += spec.pad(spec.unsigned(value, conversion), numeric: true)
            case "f", "F", "e", "E", "g", "G", "a", "A", "q", "Q":
                problems.append("kubedojo: printf %\(conversion) is not simulated")
                status = 1
                return false
            default:
                problems.append("`\(conversion)': invalid format character")
                status = 1
                return false
            }
            return true
        }

        /// bash's reading of a numeric argument: C integer syntax or `'c` for a character code.
        private mutating func integer(_ text: String) -> Int64 {
            var rest = Substring(text).drop { $0 == " " || $0 == "\t" || $0 == "\n" }
            if rest.isEmpty { return 0 }
            if let quote = rest.first, quote == "'" || quote == "\"" {
                return Int64(rest.dropFirst().unicodeScalars.first?.value ?? 0)
            }
            var negative = false
            if let sign = rest.first, sign == "-" || sign == "+" {
                negative = sign == "-"
                rest = rest.dropFirst()
            }
            var radix: Int64 = 10
            var kind = "number"
            if rest.hasPrefix("0x") || rest.hasPrefix("0X") {
                radix = 16
                kind = "hex number"
                rest = rest.dropFirst(2)
            } else if rest.hasPrefix("0"), rest.count > 1 {
                radix = 8
                kind = "octal number"
            }
            var value: Int64 = 0
            var overflow = false
            var used = 0
            for c in rest {
                guard let digit = c.hexDigitValue, Int64(digit) < radix, c.isASCII else { break }
                let (product, overflowMultiply) = value.multipliedReportingOverflow(by: radix)
                let (sum, overflowAdd) = product.addingReportingOverflow(Int64(digit))
                overflow = overflow || overflowMultiply || overflowAdd
                value = overflow ? Int64.max : sum
                used += 1
            }
            if used < rest.count || (used == 0 && radix != 8) {
                problems.append("\(text): invalid \(kind)")
                status = 1
            } else if overflow {
                problems.append("warning: \(text): Numerical result out of range")
                return negative ? Int64.min : Int64.max
            }
            return negative ? 0 &- value : value
        }
    }

    /// A conversion's flags, width and precision, and how they shape the converted text.
    struct Spec {
        var flags: [Character] = []
        var width: Int?
        var precision: Int?

        func truncate(_ text: String) -> String {
            guard let precision, text.utf8.count > precision else { return text }
            return String(decoding: Array(text.utf8.prefix(precision)), as: UTF8.self)
        }

        func signed(_ value: Int64) -> String {
            let digits = minimumDigits(String(value.magnitude))
            let sign = value < 0 ? "-" : flags.contains("+") ? "+" : flags.contains(" ") ? " " : ""
            return sign + digits
        }

        func unsigned(_ value: UInt64, _ conversion: Character) -> String {
            let radix = conversion == "o" ? 8 : conversion == "u" ? 10 : 16
            var digits = minimumDigits(String(value, radix: radix, uppercase: conversion == "X"))
            if flags.contains("#"), value != 0 {
                if conversion == "x" || conversion == "X" { digits = (conversion == "x" ? "0x" : "0X") + digits }
            }
            if flags.contains("#"), conversion == "o", !digits.hasPrefix("0") { digits = "0" + digits }
            return digits
        }

        private func minimumDigits(_ digits: String) -> String {
            guard let precision else { return digits }
            if precision == 0 && digits == "0" { return "" }
            return String(repeating: "0", count: max(0, precision - digits.count)) + digits
        }

        func pad(_ text: String, numeric: Bool) -> String {
            let missing = max(0, (width ?? 0) - text.utf8.count)
            guard missing > 0 else { return text }
            if flags.contains("-") { return text + String(repeating: " ", count: missing) }
            if numeric, flags.contains("0"), precision == nil {
                let signLength = text.prefix { "+- ".contains($0) }.count + (text.hasPrefix("0x") || text.hasPrefix("0X") ? 2 : 0)
                return String(text.prefix(signLength)) + String(repeating: "0", count: missing) + text.dropFirst(signLength)
            }
            return String(repeating: " ", count: missing) + text
        }
    }
}

/// Backslash escapes as bash's printf reads them in a format and in `%b` arguments.
enum Escapes {
    /// The text of the escape at `index`, how many characters it used, and whether it was `\c`.
    static func expand(_ chars: [Character], at index: Int, inArgument: Bool) -> (String, Int, Bool) {
        guard index + 1 < chars.count else { return ("\\", 1, false) }
        let c = chars[index + 1]
        let simple: [Character: String] = [
            "a": "\u{7}", "b": "\u{8}", "e": "\u{1B}", "E": "\u{1B}", "f": "\u{C}", "n": "\n", "r": "\r",
            "t": "\t", "v": "\u{B}", "\\": "\\", "\"": "\"", "'": "'", "?": "?",
        ]
        if let text = simple[c] { return (text, 2, false) }
        if c == "c", inArgument { return ("", 2, true) }
        if ("0"..."7").contains(c) {
            let limit = inArgument && c == "0" ? 4 : 3
            let digits = chars[(index + 1)...].prefix(limit).prefix { ("0"..."7").contains($0) }
            let value = digits.reduce(0) { $0 * 8 + ($1.wholeNumberValue ?? 0) } & 0xFF
            return (String(decoding: [UInt8(value)], as: UTF8.self), 1 + digits.count, false)
        }
        if c == "x" {
            let digits = chars[(index + 2)...].prefix(2).prefix { $0.isHexDigit && $0.isASCII }
            guard !digits.isEmpty else { return ("\\x", 2, false) }
            let value = digits.reduce(0) { $0 * 16 + ($1.hexDigitValue ?? 0) }
            return (String(decoding: [UInt8(value)], as: UTF8.self), 2 + digits.count, false)
        }
        return ("\\" + String(c), 2, false)
    }

    /// `%b`: every escape in the argument expanded; true when `\c` cut the output short.
    static func expandAll(_ text: String) -> (String, Bool) {
        let chars = Array(text)
        var result = ""
        var index = 0
        while index < chars.count {
            guard chars[index] == "\\" else {
                result.append(chars[index])
                index += 1
                continue
            }
            let (piece, used, stop) = expand(chars, at: index, inArgument: true)
            if stop { return (result, true) }
            result += piece
            index += used
        }
        return (result, false)
    }
}
