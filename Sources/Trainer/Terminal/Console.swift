#if canImport(Glibc)
    import Glibc
#endif
import CEditLine

/// Where the trainer writes: standard output and error, with colour only on a terminal and
/// never when `NO_COLOR` is set.
public struct Console: Sendable {
    public let isInteractive: Bool
    public let colour: Bool

    public init(environment: [String: String]) {
        isInteractive = isatty(0) != 0 && isatty(1) != 0
        colour = isatty(1) != 0 && environment["NO_COLOR"] == nil && environment["TERM"] != "dumb"
    }

    public func out(_ text: String) {
        fputs(text, kd_stdout())
        fflush(kd_stdout())
    }

    public func err(_ text: String) {
        fflush(kd_stdout())
        fputs(text, kd_stderr())
        fflush(kd_stderr())
    }

    public enum Style: String, Sendable { case bold = "1", green = "32", red = "31", yellow = "33", dim = "2", cyan = "36" }

    public func style(_ text: String, _ style: Style) -> String {
        colour ? "\u{1B}[\(style.rawValue)m\(text)\u{1B}[0m" : text
    }
}
