/// The words of the command under the cursor, read forgivingly: unterminated quotes, a trailing
/// `|` or an unknown construct never fail, they only change which words count.
///
/// Only the text before the cursor is read. Each `|`, `;`, `&`, `(` or `$(` starts a new command,
/// so after `|` the next word is a command name again.
struct CompletionScan: Equatable {
    /// The finished words of the current command, quotes removed.
    var words: [String] = []
    /// The word being typed (possibly empty), quotes removed.
    var current = ""
    /// The quote still open in the word being typed.
    var quote: Character?
    /// The word being typed is the target of `<`, `>` or `>>`.
    var redirection = false

    /// Characters a completed word must escape outside quotes.
    static let special: Set<Character> = [
        " ", "\t", "\n", "'", "\"", "\\", "$", "`", "|", "&", ";", "(", ")", "<", ">", "*", "?", "[", "]", "!", "{", "}",
    ]

    init(_ text: String) {
        var word = ""
        var started = false
        var escaped = false
        var quote: Character?
        var redirectPending = false
        var targetWord = false
        var previous: Character?

        func begin() {
            guard !started else { return }
            started = true
            if redirectPending {
                targetWord = true
                redirectPending = false
            }
        }
        func finish() {
            if started && !targetWord { words.append(word) }
            word = ""
            started = false
            targetWord = false
        }

        for character in text {
            defer { previous = character }
            if escaped {
                escaped = false
                if character != "\n" { word.append(character) }
                continue
            }
            if let open = quote {
                if character == open {
                    quote = nil
                } else if open == "\"" && character == "\\" {
                    escaped = true
                } else {
                    word.append(character)
                }
                continue
            }
            switch character {
            case "\\":
                begin()
                escaped = true
            case "'", "\"":
                begin()
                quote = character
            case " ", "\t":
                finish()
            case "<", ">":
                // `2>` and `2>&1`: the digits name a file descriptor, not an argument.
                if started, !targetWord, !word.isEmpty, word.allSatisfy(\.isNumber) {
                    word = ""
                    started = false
                } else {
                    finish()
                }
                redirectPending = true
            case "&" where previous == ">" || previous == "<":
                // `>&1`: the descriptor that follows is not a file to complete.
                redirectPending = false
                begin()
                targetWord = true
            case "|", ";", "&", "(", ")", "\n", "{", "}":
                finish()
                words = []
                redirectPending = false
            default:
                begin()
                word.append(character)
            }
        }
        self.quote = quote
        if started {
            current = word
            redirection = targetWord
        } else {
            current = ""
            redirection = redirectPending
        }
    }

    /// `text` as it must be typed after `current` to stay one word in the open quote (or none).
    func escaped(_ text: String) -> String {
        switch quote {
        case "'": return text
        case "\"":
            return text.reduce(into: "") { result, character in
                if "\"\\$`".contains(character) { result.append("\\") }
                result.append(character)
            }
        default:
            return text.reduce(into: "") { result, character in
                if Self.special.contains(character) { result.append("\\") }
                result.append(character)
            }
        }
    }
}
