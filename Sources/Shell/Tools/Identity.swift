import ClusterSim

/// `sudo`, `env`, `id`, `whoami` and `date`: the learner is root on every host, on a virtual clock.
enum Identity {
    /// `sudo -i` (or `-s`) opens a root login shell that `exit` leaves; `sudo CMD` runs CMD.
    static func sudo(_ context: inout ToolContext) -> Int32 {
        var rest = Array(context.args.dropFirst())
        var login = false
        while let first = rest.first, first.hasPrefix("-"), first != "--" {
            rest.removeFirst()
            switch first {
            case "-i", "-s", "--login", "--shell": login = true
            case "-E", "-H", "-n", "--preserve-env": break
            case "-u":
                guard let user = rest.first else { return usage(&context) }
                rest.removeFirst()
                guard user == "root" || user == "#0" else {
                    context.err("sudo: unknown user \(user)\nsudo: error initializing audit plugin sudoers_audit\n")
                    return 1
                }
            default: return usage(&context)
            }
        }
        if rest.first == "--" { rest.removeFirst() }
        if rest.isEmpty {
            guard login else { return usage(&context) }
            context.state.push(host: context.host, sudo: true)
            return 0
        }
        context.args = rest
        return Tools.run(&context)
    }

    private static func usage(_ context: inout ToolContext) -> Int32 {
        context.err(
            "usage: sudo -h | -K | -k | -V\nusage: sudo -v [-ABkNnS] [-g group] [-h host] [-p prompt] [-u user]\n"
                + "usage: sudo -l [-ABkNnS] [-g group] [-h host] [-p prompt] [-U user] [-u user] [command [arg ...]]\n"
                + "usage: sudo [-ABbEHkNnPS] [-C num] [-D directory] [-g group] [-h host] [-p prompt] [-R directory]\n"
                + "            [-T timeout] [-u user] [VAR=value] [-i | -s] [command [arg ...]]\n"
                + "usage: sudo -e [-ABkNnS] [-C num] [-D directory] [-g group] [-h host] [-p prompt] [-R directory]\n"
                + "            [-T timeout] [-u user] file ...\n")
        return 1
    }

    /// A root login shell's environment on an Ubuntu host, before the learner's exports.
    static func baseEnvironment(cwd: String) -> [(String, String)] {
        [
            ("SHELL", "/bin/bash"), ("PWD", cwd), ("LOGNAME", "root"), ("HOME", "/root"), ("LANG", "C.UTF-8"),
            ("TERM", "xterm-256color"), ("USER", "root"), ("SHLVL", "1"),
            ("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:/usr/games:/usr/local/games:/snap/bin"),
        ]
    }

    /// `env` prints the environment; `env NAME=value... CMD` runs CMD with those variables.
    static func env(_ context: inout ToolContext) -> Int32 {
        var rest = Array(context.args.dropFirst())
        var unset: Set<String> = []
        // `-u NAME` / `--unset=NAME` drop a variable; `-i` starts from an empty environment.
        while let first = rest.first, first.hasPrefix("-"), first != "-" {
            rest.removeFirst()
            if first == "-u" || first == "--unset" {
                guard let name = rest.first else {
                    context.err("env: option requires an argument -- 'u'\nTry 'env --help' for more information.\n")
                    return 125
                }
                rest.removeFirst()
                unset.insert(name)
            } else if first.hasPrefix("--unset=") {
                unset.insert(String(first.dropFirst("--unset=".count)))
            } else if first.hasPrefix("-u"), first.count > 2 {
                unset.insert(String(first.dropFirst(2)))
            } else if first == "-i" || first == "--ignore-environment" {
                context.environment = [:]
            } else if first == "--" {
                break
            } else {
                context.err("env: invalid option -- '\(first.dropFirst().prefix(1))'\nTry 'env --help' for more information.\n")
                return 125
            }
        }
        for name in unset { context.environment[name] = nil }
        while let first = rest.first, let eq = first.firstIndex(of: "="), eq != first.startIndex {
            context.environment[String(first[..<eq])] = String(first[first.index(after: eq)...])
            rest.removeFirst()
        }
        if !rest.isEmpty {
            context.args = rest
            return Tools.run(&context)
        }
        var shown = Set<String>()
        for (name, value) in baseEnvironment(cwd: context.state.current.cwd) where !unset.contains(name) {
            shown.insert(name)
            context.out("\(name)=\(context.environment[name] ?? value)\n")
        }
        for (name, value) in context.environment.sorted(by: { $0.key < $1.key }) where !shown.contains(name) {
            context.out("\(name)=\(value)\n")
        }
        context.out("_=/usr/bin/env\n")
        return 0
    }

    static func whoami(_ context: inout ToolContext) -> Int32 {
        context.out("root\n")
        return 0
    }

    static func id(_ context: inout ToolContext) -> Int32 {
        let flags = context.args.dropFirst().joined()
        if flags.contains("u") || flags.contains("g") {
            context.out(flags.contains("n") ? "root\n" : "0\n")
        } else {
            context.out("uid=0(root) gid=0(root) groups=0(root)\n")
        }
        return 0
    }

    static let weekdays = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"]
    static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// `date [-u] [+FORMAT]` on the virtual clock, in UTC as exam hosts run.
    static func date(_ context: inout ToolContext) -> Int32 {
        var format = "%a %b %e %H:%M:%S %Z %Y"
        for arg in context.args.dropFirst() {
            if arg.hasPrefix("+") {
                format = String(arg.dropFirst())
            } else if !["-u", "--utc", "--universal"].contains(arg) {
                context.err(
                    "date: invalid option -- '\(arg.drop { $0 == "-" }.prefix(1))'\nTry 'date --help' for more information.\n")
                return 1
            }
        }
        context.out(render(format, context.cluster.now) + "\n")
        return 0
    }

    static func render(_ format: String, _ time: SimTime) -> String {
        let civil = time.civil
        let seconds = time.milliseconds.floorDivided(by: 1000)
        let days = seconds.floorDivided(by: 86_400)
        func pad(_ value: Int, _ width: Int = 2, _ filler: Character = "0") -> String {
            let digits = String(value)
            return String(repeating: filler, count: max(0, width - digits.count)) + digits
        }
        var result = ""
        var chars = format.makeIterator()
        while let c = chars.next() {
            guard c == "%" else {
                result.append(c)
                continue
            }
            switch chars.next() {
            case "a": result += weekdays[Int(((days % 7) + 7) % 7)]
            case "b", "h": result += months[civil.month - 1]
            case "d": result += pad(civil.day)
            case "e": result += pad(civil.day, 2, " ")
            case "m": result += pad(civil.month)
            case "Y": result += String(civil.year)
            case "y": result += pad(civil.year % 100)
            case "H": result += pad(civil.hour)
            case "M": result += pad(civil.minute)
            case "S": result += pad(civil.second)
            case "N": result += pad(civil.millisecond * 1_000_000, 9)
            case "s": result += String(seconds)
            case "F": result += "\(civil.year)-\(pad(civil.month))-\(pad(civil.day))"
            case "T": result += "\(pad(civil.hour)):\(pad(civil.minute)):\(pad(civil.second))"
            case "Z": result += "UTC"
            case "z": result += "+0000"
            case "n": result += "\n"
            case "t": result += "\t"
            case "%": result += "%"
            case let other?: result += "%" + String(other)
            case nil: result += "%"
            }
        }
        return result
    }
}
