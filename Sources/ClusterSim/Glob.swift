/// `*` and `?` wildcard matching of one name, as the shell and nginx's `include` use it.
public enum Glob {
    /// Whether `name` matches `pattern` (`*` any run, `?` one character); bounded work.
    public static func matches(_ pattern: String, _ name: String) -> Bool {
        let p = Array(pattern), n = Array(name)
        var pi = 0, ni = 0, star = -1, mark = 0
        var steps = 0
        while ni < n.count, steps < 100_000 {
            steps += 1
            if pi < p.count, p[pi] == "?" || p[pi] == n[ni] {
                pi += 1
                ni += 1
            } else if pi < p.count, p[pi] == "*" {
                star = pi
                mark = ni
                pi += 1
            } else if star >= 0 {
                pi = star + 1
                mark += 1
                ni = mark
            } else {
                return false
            }
        }
        while pi < p.count, p[pi] == "*" { pi += 1 }
        return pi == p.count && ni == n.count
    }
}
