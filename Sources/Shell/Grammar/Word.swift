/// A shell word before expansion: literal text, parameter references and command substitutions, in order.
public struct Word: Sendable, Hashable {
    public enum Part: Sendable, Hashable {
        case text(String)
        /// `$NAME`, `${NAME}` or `$?`.
        case parameter(String)
        /// `$(...)` or a backquoted command: its source text, run in a subshell when expanded.
        /// Inside double quotes (or a here-document) the output is not split into fields.
        case command(String, quoted: Bool)
        /// `<(...)`: the command runs, and the word names a file holding its output.
        case process(String)
    }

    public var parts: [Part]
    /// Whether any part was quoted; a quoted empty word still counts as an argument.
    public var quoted: Bool
    /// For a word with quotes, its unquoted text before the first quote (`A=` in `A="b c"`),
    /// which decides whether the word is an assignment.
    public var unquotedLead: String?

    public init(parts: [Part] = [], quoted: Bool = false) {
        self.parts = parts
        self.quoted = quoted
    }

    /// The word's text when it holds no expansions (used for keywords and assignment names).
    public var literal: String? {
        var text = ""
        for part in parts {
            guard case .text(let chunk) = part else { return nil }
            text += chunk
        }
        return text
    }

    /// The word with its parameters replaced by their values (command substitutions expand to nothing;
    /// the interpreter runs them).
    public func expand(_ lookup: (String) -> String) -> String {
        var result = ""
        for part in parts {
            switch part {
            case .text(let text): result += text
            case .parameter(let name): result += lookup(name)
            case .command, .process: break
            }
        }
        return result
    }
}
