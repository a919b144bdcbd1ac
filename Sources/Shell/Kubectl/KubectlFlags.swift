/// One flag of a kubectl command, as pflag declares it.
struct KubectlFlag: Sendable {
    enum Kind: Sendable {
        case bool
        case value
        /// A value flag with pflag's `NoOptDefVal`: bare `--dry-run` means `--dry-run=unchanged`.
        case optionalValue(String)
    }

    var name: String
    var short: Character?
    var kind: Kind

    static func bool(_ name: String, _ short: Character? = nil) -> KubectlFlag {
        KubectlFlag(name: name, short: short, kind: .bool)
    }

    static func value(_ name: String, _ short: Character? = nil) -> KubectlFlag {
        KubectlFlag(name: name, short: short, kind: .value)
    }
}

/// A command line after pflag-style parsing: flag values by long name, in order, and the arguments.
struct KubectlArguments: Sendable {
    var values: [String: [String]] = [:]
    var positional: [String] = []

    func last(_ name: String) -> String? { values[name]?.last }
    func has(_ name: String) -> Bool { values[name] != nil }

    /// A boolean flag's value (`--all-namespaces`, `-A`, `--current=false`).
    func isOn(_ name: String) -> Bool {
        guard let value = last(name) else { return false }
        return value == "true"
    }
}

/// Why pflag refused a command line; rendered with cobra's `See 'kubectl X --help' for usage.`.
enum KubectlFlagError: Error, Equatable {
    case unknownFlag(String)
    case unknownShorthand(Character, in: String)
    case needsArgument(String)
    case needsShorthandArgument(Character, in: String)
    case badBool(name: String, value: String)

    var message: String {
        switch self {
        case .unknownFlag(let flag): "unknown flag: \(flag)"
        case .unknownShorthand(let letter, let word): "unknown shorthand flag: '\(letter)' in \(word)"
        case .needsArgument(let flag): "flag needs an argument: \(flag)"
        case .needsShorthandArgument(let letter, let word): "flag needs an argument: '\(letter)' in \(word)"
        case .badBool(let name, let value):
            "invalid argument \"\(value)\" for \"--\(name)\" flag: strconv.ParseBool: parsing \"\(value)\": invalid syntax"
        }
    }
}

/// pflag's grammar: `--name=value`, `--name value`, `-n value`, `-nvalue`, clustered booleans,
/// flags anywhere among the arguments, `--` ending the flags.
enum KubectlFlagParser {
    /// With `lenient`, unknown flags are taken as booleans (for commands whose flags are not modelled).
    static func parse(_ words: [String], flags: [KubectlFlag], lenient: Bool = false) -> Result<
        KubectlArguments, KubectlFlagError
    > {
        var byName: [String: KubectlFlag] = [:]
        var byShort: [Character: KubectlFlag] = [:]
        for flag in flags {
            byName[flag.name] = flag
            if let short = flag.short { byShort[short] = flag }
        }
        var parsed = KubectlArguments()
        var rest = words[...]
        while let word = rest.popFirst() {
            if word == "--" {
                parsed.positional += rest
                break
            }
            if word.hasPrefix("--") {
                let body = word.dropFirst(2)
                let name = String(body.prefix { $0 != "=" })
                let inline = body.firstIndex(of: "=").map { String(body[body.index(after: $0)...]) }
                guard let flag = byName[name] ?? (lenient ? .bool(name) : nil) else {
                    return .failure(.unknownFlag("--" + name))
                }
                switch assign(flag, inline: inline, rest: &rest, into: &parsed) {
                case .success: continue
                case .failure: return .failure(missing(flag, inline: inline, long: "--" + name))
                }
            }
            guard word.hasPrefix("-"), word.count > 1 else {
                parsed.positional.append(word)
                continue
            }
            var letters = word.dropFirst()[...]
            while let letter = letters.popFirst() {
                guard let flag = byShort[letter] ?? (lenient ? .bool(String(letter), letter) : nil) else {
                    return .failure(.unknownShorthand(letter, in: word))
                }
                if case .bool = flag.kind {
                    let inline: String? = letters.hasPrefix("=") ? String(letters.dropFirst()) : nil
                    if let inline {
                        guard let value = boolValue(inline) else { return .failure(.badBool(name: flag.name, value: inline)) }
                        parsed.values[flag.name, default: []].append(value)
                        break
                    }
                    parsed.values[flag.name, default: []].append("true")
                    continue
                }
                let inline: String? =
                    letters.isEmpty ? nil : letters.hasPrefix("=") ? String(letters.dropFirst()) : String(letters)
                if case .optionalValue(let fallback) = flag.kind, inline == nil {
                    parsed.values[flag.name, default: []].append(fallback)
                    break
                }
                if let inline {
                    parsed.values[flag.name, default: []].append(inline)
                } else if let next = rest.popFirst() {
                    parsed.values[flag.name, default: []].append(next)
                } else {
                    return .failure(.needsShorthandArgument(letter, in: word))
                }
                break
            }
        }
        return .success(parsed)
    }

    private static func assign(
        _ flag: KubectlFlag, inline: String?, rest: inout ArraySlice<String>, into parsed: inout KubectlArguments
    ) -> Result<Void, KubectlFlagError> {
        switch flag.kind {
        case .bool:
            let raw = inline ?? "true"
            guard let value = boolValue(raw) else { return .failure(.badBool(name: flag.name, value: raw)) }
            parsed.values[flag.name, default: []].append(value)
        case .optionalValue(let fallback):
            parsed.values[flag.name, default: []].append(inline ?? fallback)
        case .value:
            if let inline {
                parsed.values[flag.name, default: []].append(inline)
            } else if let next = rest.popFirst() {
                parsed.values[flag.name, default: []].append(next)
            } else {
                return .failure(.needsArgument("--" + flag.name))
            }
        }
        return .success(())
    }

    private static func missing(_ flag: KubectlFlag, inline: String?, long: String) -> KubectlFlagError {
        if case .bool = flag.kind { return .badBool(name: flag.name, value: inline ?? "") }
        return .needsArgument(long)
    }

    /// strconv.ParseBool's accepted spellings.
    static func boolValue(_ raw: String) -> String? {
        if ["1", "t", "T", "TRUE", "true", "True"].contains(raw) { return "true" }
        if ["0", "f", "F", "FALSE", "false", "False"].contains(raw) { return "false" }
        return nil
    }
}
