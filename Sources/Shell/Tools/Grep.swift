import ClusterSim

/// `grep [-i] [-v] [-c] [-E] [-w] [-n] [-e PATTERN] PATTERN [FILE...]`
enum Grep {
    static func run(_ context: inout ToolContext) -> Int32 {
        var ignoreCase = false, invert = false, count = false, extended = false, word = false, numbers = false
        var pattern: String?
        var files: [String] = []
        var args = context.args.dropFirst()[...]
        while let arg = args.popFirst() {
            if arg == "--" {
                if pattern == nil { pattern = args.popFirst() }
                files += args
                break
            }
            if arg == "-e" {
                guard let next = args.popFirst() else { return usage(&context, "option requires an argument -- 'e'") }
                pattern = next
                continue
            }
            if arg.hasPrefix("--") {
                switch arg {
                case "--ignore-case": ignoreCase = true
                case "--invert-match": invert = true
                case "--count": count = true
                case "--extended-regexp": extended = true
                case "--word-regexp": word = true
                case "--line-number": numbers = true
                default: return usage(&context, "unrecognized option '\(arg)'")
                }
                continue
            }
            if arg.hasPrefix("-"), arg.count > 1 {
                for flag in arg.dropFirst() {
                    switch flag {
                    case "i": ignoreCase = true
                    case "v": invert = true
                    case "c": count = true
                    case "E": extended = true
                    case "w": word = true
                    case "n": numbers = true
                    case "F", "s", "H", "h": break
                    default: return usage(&context, "invalid option -- '\(flag)'")
                    }
                }
                continue
            }
            if pattern == nil { pattern = arg } else { files.append(arg) }
        }
        guard let pattern else { return usage(&context, nil) }

        var source = extended ? pattern : basicToExtended(pattern)
        if word { source = "(?<![A-Za-z0-9_])(?:\(source))(?![A-Za-z0-9_])" }
        guard var regex = try? Regex(source) else {
            context.err("grep: Unmatched ( or \\(\n")
            return 2
        }
        if ignoreCase { regex = regex.ignoresCase() }

        var inputs: [(name: String, text: String)] = []
        var status: Int32 = 1
        var hadError = false
        if files.isEmpty {
            inputs = [("(standard input)", context.stdin)]
        } else {
            for file in files {
                switch context.read(file) {
                case .success(let text): inputs.append((file, text))
                case .failure(let failure):
                    context.err("grep: \(file): \(failure.message)\n")
                    hadError = true
                }
            }
        }
        let prefixNames = files.count > 1
        for input in inputs {
            var matched = 0
            var lines = input.text.split(separator: "\n", omittingEmptySubsequences: false)
            if input.text.hasSuffix("\n") { lines.removeLast() }
            for (index, line) in lines.enumerated() {
                let hit = (try? regex.firstMatch(in: String(line))) != nil
                guard hit != invert else { continue }
                matched += 1
                if count { continue }
                var text = prefixNames ? "\(input.name):" : ""
                if numbers { text += "\(index + 1):" }
                context.out(text + line + "\n")
            }
            if count { context.out((prefixNames ? "\(input.name):" : "") + "\(matched)\n") }
            if matched > 0 { status = 0 }
        }
        return hadError && status != 0 ? 2 : status
    }

    private static func usage(_ context: inout ToolContext, _ problem: String?) -> Int32 {
        if let problem { context.err("grep: \(problem)\n") }
        context.err("Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n")
        return 2
    }

    /// POSIX basic regular expressions swap the meaning of escaped and bare `+ ? | ( ) { }`.
    static func basicToExtended(_ pattern: String) -> String {
        var result = ""
        var escaped = false
        for c in pattern {
            if escaped {
                result += "+?|(){}".contains(c) ? String(c) : "\\" + String(c)
                escaped = false
            } else if c == "\\" {
                escaped = true
            } else if "+?|(){}".contains(c) {
                result += "\\" + String(c)
            } else {
                result.append(c)
            }
        }
        if escaped { result += "\\\\" }
        return result
    }
}
