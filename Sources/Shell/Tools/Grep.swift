import ClusterSim

#if canImport(Glibc)
    import Glibc
#endif

/// `grep [-i] [-v] [-c] [-E] [-w] [-n] [-A N] [-B N] [-C N] [-e PATTERN] PATTERN [FILE...]`
enum Grep {
    static func run(_ context: inout ToolContext) -> Int32 {
        var ignoreCase = false, invert = false, count = false, extended = false, word = false, numbers = false
        var pattern: String?
        /// Patterns given with `-e` (each may hold several, one per line); the first operand otherwise.
        var patterns: [String] = []
        var files: [String] = []
        var after = 0, before = 0
        var args = context.args.dropFirst()[...]
        /// GNU grep's context lengths: a decimal number of lines.
        func contextLength(_ text: String?, _ flag: Character) -> Int? {
            guard let text else {
                _ = usage(&context, "option requires an argument -- '\(flag)'")
                return nil
            }
            guard let value = Int(text), value >= 0 else {
                context.err("grep: \(text): invalid context length argument\n")
                return nil
            }
            return value
        }
        while let arg = args.popFirst() {
            if arg == "--" {
                if pattern == nil, patterns.isEmpty { pattern = args.popFirst() }
                files += args
                break
            }
            if arg.hasPrefix("--regexp=") {
                patterns.append(String(arg.dropFirst("--regexp=".count)))
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
                case _
                where arg.hasPrefix("--after-context=") || arg.hasPrefix("--before-context=")
                    || arg.hasPrefix("--context="):
                    let value = String(arg.drop { $0 != "=" }.dropFirst())
                    guard let length = contextLength(value, "A") else { return 2 }
                    if !arg.hasPrefix("--before") { after = length }
                    if !arg.hasPrefix("--after") { before = length }
                default: return usage(&context, "unrecognized option '\(arg)'")
                }
                continue
            }
            if arg.hasPrefix("-"), arg.count > 1 {
                var flags = arg.dropFirst()[...]
                while let flag = flags.popFirst() {
                    switch flag {
                    case "A", "B", "C":
                        // The number is the rest of the cluster, or the next argument.
                        guard let length = contextLength(flags.isEmpty ? args.popFirst() : String(flags), flag)
                        else { return 2 }
                        flags = ""
                        if flag != "B" { after = length }
                        if flag != "A" { before = length }
                    case "e":
                        guard let next = flags.isEmpty ? args.popFirst() : String(flags) else {
                            return usage(&context, "option requires an argument -- 'e'")
                        }
                        flags = ""
                        patterns.append(next)
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
            if pattern == nil, patterns.isEmpty { pattern = arg } else { files.append(arg) }
        }
        // With -e, every operand is a file (GNU grep permutes its arguments).
        if let pattern {
            if patterns.isEmpty { patterns = [pattern] } else { files.insert(pattern, at: 0) }
        }
        guard !patterns.isEmpty else { return usage(&context, nil) }

        // Every pattern (and every line of one) is an alternative.
        let alternatives = patterns.flatMap { $0.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) }
        // POSIX syntax as sed reads it (`\<` `\>` word edges, a backslash in brackets is literal).
        let translated = alternatives.compactMap { PosixRegex.translate($0, extended: extended) }
        guard translated.count == alternatives.count else {
            context.err("grep: \(PosixRegex.RegexProblem.unmatchedBracket.message)\n")
            return 2
        }
        var source = translated.map { "(?:\($0))" }.joined(separator: "|")
        // A whole word: no word character on either side (Swift's regex has no lookbehind, so the
        // neighbours are matched; only whether a line matches is asked).
        if word { source = "(?:^|\\W)(?:\(source))(?:\\W|$)" }
        let regex: TextRegex
        switch PosixRegex.compile(translated: source, ignoreCase: ignoreCase) {
        case .success(let compiled): regex = compiled
        case .failure(let problem):
            context.err("grep: \(problem.message)\n")
            return 2
        }
        var budget = RegexBudget()
        // Plain words (`grep -E 'a|b'`, most of what is typed) need no regex engine.
        let words = word ? nil : literals(alternatives, extended: extended)

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
            // Lines end at each newline byte, as grep reads them (a `\r` before one stays in the line).
            var lines = input.text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map(Substring.init)
            if input.text.utf8.last == UInt8(ascii: "\n") { lines.removeLast() }
            /// The last line printed, for context groups: GNU grep separates groups that do not touch with `--`.
            var lastPrinted: Int?
            var afterLeft = 0
            func emit(_ index: Int, separator: String) {
                if let last = lastPrinted, index > last + 1, after > 0 || before > 0 { context.out("--\n") }
                var text = prefixNames ? "\(input.name)\(separator)" : ""
                if numbers { text += "\(index + 1)\(separator)" }
                context.out(text + lines[index] + "\n")
                lastPrinted = index
            }
            for (index, line) in lines.enumerated() {
                let hit: Bool
                if let words, let found = contains(line, any: words, ignoringCase: ignoreCase) {
                    hit = found
                } else {
                    do {
                        hit = try regex.hasMatch(in: String(line), budget: &budget)
                    } catch {
                        context.err(RegexBudget.message(tool: "grep"))
                        return 2
                    }
                }
                guard hit != invert else {
                    if afterLeft > 0, !count {
                        emit(index, separator: "-")
                        afterLeft -= 1
                    }
                    continue
                }
                matched += 1
                if count { continue }
                for earlier in max(0, index - before)..<index where earlier > (lastPrinted ?? -1) {
                    emit(earlier, separator: "-")
                }
                emit(index, separator: ":")
                afterLeft = after
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

    /// The alternatives as plain strings when none holds a regex operator (in ERE, `|` splits
    /// them further); nil otherwise.
    static func literals(_ alternatives: [String], extended: Bool) -> [String]? {
        let special: [UInt8] = Array((extended ? "\\.[]()*+?{}^$" : "\\.[]*^$").utf8)
        var words: [String] = []
        for alternative in alternatives {
            guard !alternative.utf8.contains(where: special.contains) else { return nil }
            words +=
                extended ? alternative.split(separator: "|", omittingEmptySubsequences: false).map(String.init) : [alternative]
        }
        return words
    }

    /// Whether `line` holds one of `words`; nil when case is to be ignored beyond ASCII (the regex decides).
    static func contains(_ line: Substring, any words: [String], ignoringCase: Bool) -> Bool? {
        if words.contains(where: \.isEmpty) { return true }
        guard ignoringCase else { return words.contains { find($0, in: line) } }
        guard line.utf8.allSatisfy({ $0 < 0x80 }), words.allSatisfy({ $0.utf8.allSatisfy { $0 < 0x80 } }) else { return nil }
        let lower = Substring(line.lowercased())
        return words.contains { find($0.lowercased(), in: lower) }
    }

    /// Whether the bytes of `word` occur in `text`, found with memchr and memcmp on their UTF-8 storage.
    private static func find(_ word: String, in text: Substring) -> Bool {
        var word = word
        var text = text
        return word.withUTF8 { needle in
            text.withUTF8 { haystack in
                guard let key = needle.baseAddress else { return true }
                guard let base = haystack.baseAddress, needle.count <= haystack.count else { return false }
                var start = 0
                let last = haystack.count - needle.count
                while start <= last, let hit = memchr(base + start, Int32(needle[0]), last - start + 1) {
                    if memcmp(hit, key, needle.count) == 0 { return true }
                    start = UnsafeRawPointer(hit) - UnsafeRawPointer(base) + 1
                }
                return false
            }
        }
    }
}
