import ClusterSim

/// A parsed GNU sed program: the simulated commands `s`, `d`, `p`, `q`, `=`, `i`, `a` with their addresses.
struct SedProgram {
    enum Address {
        case line(Int)
        case last
        case regex(TextRegex)
        /// `first~step`
        case step(Int, Int)
        /// `addr1,+N` (second address only)
        case following(Int)
    }

    /// A piece of an `s` replacement: literal text, or a group (`&` is group 0).
    enum Piece {
        case text(String)
        case group(Int)
    }

    struct Substitution {
        var regex: TextRegex
        var replacement: [Piece]
        var global = false
        var occurrence = 1
        var print = false
    }

    enum Action {
        case substitute(Substitution)
        case delete
        case print
        case lineNumber
        case quit(Int32)
        /// `i text`: the text goes out at once; `a text`: at the end of the cycle.
        case insert(String)
        case append(String)
        /// `{`: when the address does not match, execution continues after the command at `end`.
        case block(end: Int)
        case blockEnd
    }

    struct Command {
        var first: Address?
        var second: Address?
        var negated = false
        var action: Action
    }

    var commands: [Command] = []

    /// Splits a replacement into text and group references: `&`, `\1`..`\9`, `\n`, `\t`, `\&`.
    static func pieces(_ text: String) -> Result<[Piece], SedScriptError> {
        var result: [Piece] = []
        var literal = ""
        var escaped = false
        for c in text {
            if escaped {
                escaped = false
                switch c {
                case "0"..."9":
                    result += [.text(literal), .group(c.wholeNumberValue ?? 0)]
                    literal = ""
                case "n": literal += "\n"
                case "t": literal += "\t"
                case "L", "U", "l", "u", "E":
                    return .failure(SedScriptError(text: "kubedojo: sed case conversion `\\\(c)' is not simulated\n"))
                default: literal.append(c)
                }
            } else if c == "\\" {
                escaped = true
            } else if c == "&" {
                result += [.text(literal), .group(0)]
                literal = ""
            } else {
                literal.append(c)
            }
        }
        result.append(.text(literal))
        return .success(result)
    }
}

/// Why a sed script was refused: GNU sed's message with the expression number and character.
struct SedScriptError: Error {
    var text: String
}
