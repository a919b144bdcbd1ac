import ClusterSim

/// `curl` 7.88.1 (Debian 12) against the simulated cluster: the options the guide uses, its
/// error messages and exit codes, `-w` variables and the progress meter.
struct Curl {
    var silent = false
    var showError = false
    var verbose = false
    var fail = false
    var insecure = false
    var output: String?
    var writeOut: String?
    var method: String?
    var caFile: String?
    var certFile: String?
    var keyFile: String?
    var urls: [String] = []

    /// Long options that take a value (short spellings map to these names).
    static let valued: Set<String> = [
        "output", "write-out", "request", "cacert", "cert", "key", "header", "max-time", "connect-timeout", "data",
        "data-raw", "user-agent", "capath", "resolve", "retry", "user", "url",
    ]
    static let shortValued: [Character: String] = [
        "o": "output", "w": "write-out", "X": "request", "E": "cert", "H": "header", "m": "max-time", "d": "data",
        "A": "user-agent", "u": "user",
    ]
    static let shortFlags: [Character: String] = [
        "s": "silent", "S": "show-error", "v": "verbose", "k": "insecure", "L": "location", "f": "fail", "g": "globoff",
        "4": "ipv4", "6": "ipv6", "N": "no-buffer", "q": "disable",
    ]
    static let flags: Set<String> = [
        "silent", "show-error", "verbose", "insecure", "location", "fail", "globoff", "ipv4", "ipv6", "no-buffer",
        "disable", "http1.1", "compressed", "no-progress-meter",
    ]
    static let tryHelp = "curl: try 'curl --help' or 'curl --manual' for more information\n"

    static func run(_ context: inout ToolContext) -> Int32 {
        var curl = Curl()
        if let status = curl.parse(Array(context.args.dropFirst()), &context) { return status }
        var status: Int32 = 0
        for url in curl.urls.prefix(64) {
            status = curl.fetch(url, &context)
        }
        return status
    }

    /// Reads the command line; returns an exit status when it cannot run.
    mutating func parse(_ arguments: [String], _ context: inout ToolContext) -> Int32? {
        var rest = arguments[...]
        var afterDashes = false
        while let word = rest.popFirst() {
            if afterDashes || !word.hasPrefix("-") || word == "-" {
                urls.append(word)
                continue
            }
            if word == "--" {
                afterDashes = true
                continue
            }
            if word.hasPrefix("--") {
                var name = String(word.dropFirst(2))
                var inline: String?
                if let eq = name.firstIndex(of: "=") {
                    inline = String(name[name.index(after: eq)...])
                    name = String(name[..<eq])
                }
                if Self.flags.contains(name) {
                    set(name, nil)
                } else if Self.valued.contains(name) {
                    guard let value = inline ?? rest.popFirst() else {
                        context.err("curl: option --\(name): requires parameter\n" + Self.tryHelp)
                        return 2
                    }
                    set(name, value)
                } else if ["help", "manual", "version", "head", "include", "remote-name"].contains(name) {
                    return context.notSimulated("curl --\(name)")
                } else {
                    context.err("curl: option --\(name): is unknown\n" + Self.tryHelp)
                    return 2
                }
                continue
            }
            var letters = word.dropFirst()
            while let letter = letters.popFirst() {
                if let name = Self.shortFlags[letter] {
                    set(name, nil)
                } else if let name = Self.shortValued[letter] {
                    let attached = String(letters)
                    letters = ""
                    guard let value = attached.isEmpty ? rest.popFirst() : attached else {
                        context.err("curl: option -\(letter): requires parameter\n" + Self.tryHelp)
                        return 2
                    }
                    set(name, value)
                } else if ["I", "i", "O", "V", "h", "M"].contains(letter) {
                    return context.notSimulated("curl -\(letter)")
                } else {
                    context.err("curl: option -\(letter): is unknown\n" + Self.tryHelp)
                    return 2
                }
            }
        }
        if urls.isEmpty {
            context.err(Self.tryHelp)
            return 2
        }
        return nil
    }

    mutating func set(_ name: String, _ value: String?) {
        switch name {
        case "silent": silent = true
        case "no-progress-meter": silent = silent || false
        case "show-error": showError = true
        case "verbose": verbose = true
        case "insecure": insecure = true
        case "fail": fail = true
        case "output": output = value
        case "write-out": writeOut = value
        case "request": method = value
        case "cacert": caFile = value
        case "cert": certFile = value
        case "key": keyFile = value
        case "data", "data-raw": if method == nil { method = "POST" }
        case "url": if let value { urls.append(value) }
        default: break
        }
    }

    /// One URL: the exchange, then what curl prints.
    mutating func fetch(_ raw: String, _ context: inout ToolContext) -> Int32 {
        var rest = Substring(raw)
        var scheme = "http"
        if let range = rest.range(of: "://") {
            scheme = rest[..<range.lowerBound].lowercased()
            rest = rest[range.upperBound...]
        }
        guard scheme == "http" || scheme == "https" else {
            return report(1, "Protocol \"\(scheme)\" not supported or disabled in libcurl", code: 0, &context)
        }
        let pathStart = rest.firstIndex { $0 == "/" || $0 == "?" } ?? rest.endIndex
        var authority = rest[..<pathStart]
        var path = String(rest[pathStart...])
        if path.isEmpty || path.hasPrefix("?") { path = "/" + path }
        if let at = authority.lastIndex(of: "@") { authority = authority[authority.index(after: at)...] }
        var host = String(authority)
        var port = scheme == "https" ? 443 : 80
        if let colon = authority.lastIndex(of: ":"), !authority.hasSuffix("]") {
            host = String(authority[..<colon])
            guard let parsed = Int(authority[authority.index(after: colon)...]), (0...65_535).contains(parsed) else {
                return report(3, "URL using bad/illegal format or missing URL", code: 0, &context)
            }
            port = parsed
        }
        guard !host.isEmpty else { return report(3, "URL using bad/illegal format or missing URL", code: 0, &context) }
        let request = CurlServers.Request(
            scheme: scheme, host: host, port: port, path: path, method: method ?? "GET", insecure: insecure,
            caFile: caFile, certFile: certFile, keyFile: keyFile)
        if verbose { context.err("*   Trying \(host):\(port)...\n") }
        let exchange = CurlServers.exchange(request, &context)
        switch exchange {
        case .failure(let code, let message):
            let wait: Int64 = code == 28 ? 130_000 : 2
            context.cluster.advance(milliseconds: wait)
            return report(code, message, code: 0, &context)
        case .reply(let reply):
            context.cluster.advance(milliseconds: scheme == "https" ? 15 : 5)
            guard reply.code >= 0 else {
                return context.notSimulated("curl \(path) with a client certificate (only health and version endpoints)")
            }
            if verbose {
                context.err(
                    "* Connected to \(host) (\(host)) port \(port) (#0)\n> \(request.method) \(path) HTTP/1.1\n"
                        + "> Host: \(host):\(port)\n> User-Agent: curl/7.88.1\n> Accept: */*\n>\n"
                        + "< HTTP/1.1 \(reply.code) \(HTTPStatus.reason(reply.code))\n<\n")
            }
            if fail, reply.code >= 400 {
                return report(22, "The requested URL returned error: \(reply.code)", code: reply.code, &context)
            }
            meter(bytes: reply.body.utf8.count, &context)
            if let output, output != "/dev/null" {
                if let failure = context.write(output, reply.body) {
                    _ = failure
                    return report(23, "Failure writing output to destination", code: reply.code, &context)
                }
            } else if output == nil {
                context.out(reply.body)
            }
            if verbose { context.err("* Connection #0 to host \(host) left intact\n") }
            writeOutVariables(code: reply.code, exit: 0, size: reply.body.utf8.count, &context)
            return 0
        }
    }

    /// Prints an error as curl does (unless silenced) and the `-w` text.
    func report(_ exit: Int32, _ message: String, code: Int, _ context: inout ToolContext) -> Int32 {
        if !silent { meter(bytes: nil, &context) }
        if !silent || showError { context.err("curl: (\(exit)) \(message)\n") }
        writeOutVariables(code: code, exit: exit, size: 0, &context)
        return exit
    }

    /// The progress meter curl draws on stderr when its output is not a terminal.
    func meter(bytes: Int?, _ context: inout ToolContext) {
        guard !silent, !context.stdoutIsTerminal || output != nil else { return }
        func pad(_ text: String, _ width: Int) -> String { String(repeating: " ", count: max(0, width - text.count)) + text }
        let zero = "  0     0    0     0    0     0      0      0 --:--:-- --:--:-- --:--:--     0"
        var text =
            "  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current\n"
            + "                                 Dload  Upload   Total   Spent    Left  Speed\n"
        text += "\r" + zero
        if let bytes {
            let size = pad("\(bytes)", 5)
            let speed = pad("\(bytes * 100)", 5)
            text += "\r100 \(size)  100 \(size)    0     0  \(speed)      0 --:--:-- --:--:-- --:--:-- \(speed)"
        }
        context.err(text + "\n")
    }

    /// `-w`: the variables curl knows, with `\n`-style escapes.
    func writeOutVariables(code: Int, exit: Int32, size: Int, _ context: inout ToolContext) {
        guard let format = writeOut else { return }
        var text = ""
        var chars = format[...]
        while let char = chars.popFirst() {
            if char == "\\", let next = chars.first {
                chars.removeFirst()
                switch next {
                case "n": text += "\n"
                case "t": text += "\t"
                case "r": text += "\r"
                case "\\": text += "\\"
                default: text += "\\\(next)"
                }
            } else if char == "%", chars.first == "{", let close = chars.firstIndex(of: "}") {
                let name = String(chars[chars.index(after: chars.startIndex)..<close])
                chars = chars[chars.index(after: close)...]
                switch name {
                case "http_code", "response_code": text += code < 100 ? "000" : "\(code)"
                case "exitcode": text += "\(exit)"
                case "size_download": text += "\(size)"
                default: context.err("curl: unknown --write-out variable: '\(name)'\n")
                }
            } else {
                text.append(char)
            }
        }
        context.out(text)
    }
}
