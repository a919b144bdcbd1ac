import ClusterSim

/// A kubeconfig file (`kind: Config`): named clusters, users and contexts, and the current context.
///
/// Each entry keeps its fields as strings by their YAML key, so that a file is written back with
/// every field it had, in the key order kubectl writes (sorted, as its YAML encoder sorts).
struct Kubeconfig: Sendable, Hashable {
    struct Entry: Sendable, Hashable {
        var name: String
        var fields: [String: String]
    }

    var clusters: [Entry] = []
    var contexts: [Entry] = []
    var users: [Entry] = []
    var currentContext = ""

    func cluster(_ name: String) -> Entry? { clusters.first { $0.name == name } }
    func context(_ name: String) -> Entry? { contexts.first { $0.name == name } }
    func user(_ name: String) -> Entry? { users.first { $0.name == name } }

    /// Reads a kubeconfig; the message is what follows `error loading config file "PATH": `.
    static func parse(_ text: String) -> Result<Kubeconfig, KubectlMessage> {
        let tree: YAMLTree
        switch YAMLTree.parse(text) {
        case .success(let parsed): tree = parsed
        case .failure(let error): return .failure(KubectlMessage(error.message))
        }
        var config = Kubeconfig()
        switch tree {
        case .null: return .success(config)
        case .mapping: break
        case .scalar, .sequence:
            return .failure(
                KubectlMessage(
                    "couldn't get version/kind; json parse error: json: cannot unmarshal \(tree.items == nil ? "string" : "array") into Go value of type struct { APIVersion string \"json:\\\"apiVersion,omitempty\\\"\"; Kind string \"json:\\\"kind,omitempty\\\"\" }"
                ))
        }
        config.currentContext = tree["current-context"]?.string ?? ""
        config.clusters = entries(tree["clusters"], body: "cluster")
        config.contexts = entries(tree["contexts"], body: "context")
        config.users = entries(tree["users"], body: "user")
        return .success(config)
    }

    private static func entries(_ list: YAMLTree?, body: String) -> [Entry] {
        var result: [Entry] = []
        for item in list?.items ?? [] {
            guard let name = item["name"]?.string, !result.contains(where: { $0.name == name }) else { continue }
            var fields: [String: String] = [:]
            if case .mapping(let pairs) = item[body] ?? .null {
                for pair in pairs {
                    if let value = pair.value.string { fields[pair.key] = value }
                }
            }
            result.append(Entry(name: name, fields: fields))
        }
        return result
    }

    /// Adds what `other` defines and this config does not (the first file to set a value wins).
    mutating func merge(_ other: Kubeconfig) {
        if currentContext.isEmpty { currentContext = other.currentContext }
        for entry in other.clusters where cluster(entry.name) == nil { clusters.append(entry) }
        for entry in other.contexts where context(entry.name) == nil { contexts.append(entry) }
        for entry in other.users where user(entry.name) == nil { users.append(entry) }
    }

    /// Only the current context and the cluster and user it names (`config view --minify`).
    var minified: Kubeconfig {
        var small = Kubeconfig(currentContext: currentContext)
        guard let context = context(currentContext) else { return small }
        small.contexts = [context]
        small.clusters = clusters.filter { $0.name == context.fields["cluster"] }
        small.users = users.filter { $0.name == context.fields["user"] }
        return small
    }

    /// The file as kubectl writes it; `redacted` replaces secrets as `config view` shows them.
    func render(redacted: Bool) -> String {
        func shown(_ key: String, _ value: String) -> String {
            guard redacted else { return value }
            if key.hasSuffix("-data") { return "DATA+OMITTED" }
            if key == "token" || key == "password" { return "REDACTED" }
            return value
        }
        func fields(_ values: [String: String], required: [String] = []) -> String {
            var all = values
            for key in required where all[key] == nil { all[key] = "" }
            guard !all.isEmpty else { return " {}\n" }
            return "\n" + all.keys.sorted().map { "    \($0): \(YAMLText.scalar(shown($0, all[$0] ?? "")))\n" }.joined()
        }
        var text = "apiVersion: v1\n"
        text += clusters.isEmpty ? "clusters: null\n" : "clusters:\n"
        for entry in clusters.sorted(by: { $0.name < $1.name }) {
            text += "- cluster:" + fields(entry.fields, required: ["server"]) + "  name: \(YAMLText.scalar(entry.name))\n"
        }
        text += contexts.isEmpty ? "contexts: null\n" : "contexts:\n"
        for entry in contexts.sorted(by: { $0.name < $1.name }) {
            text +=
                "- context:" + fields(entry.fields, required: ["cluster", "user"])
                + "  name: \(YAMLText.scalar(entry.name))\n"
        }
        text += "current-context: \(YAMLText.scalar(currentContext))\nkind: Config\npreferences: {}\n"
        text += users.isEmpty ? "users: null\n" : "users:\n"
        for entry in users.sorted(by: { $0.name < $1.name }) {
            text += "- name: \(YAMLText.scalar(entry.name))\n  user:" + fields(entry.fields)
        }
        return text
    }
}

/// Scalars as go-yaml writes them: plain when unambiguous, double-quoted otherwise.
enum YAMLText {
    static func scalar(_ value: String) -> String {
        if value.isEmpty { return "\"\"" }
        let reserved: Set<String> = [
            "true", "false", "yes", "no", "on", "off", "y", "n", "null", "~", "True", "False", "TRUE", "FALSE", "Yes",
            "No", "YES", "NO", "On", "Off", "ON", "OFF", "Null", "NULL", "Y", "N",
        ]
        let first = value.first ?? " "
        let looksNumeric = Double(value) != nil || value.allSatisfy { $0.isNumber || $0 == "." || $0 == "-" || $0 == "+" }
        let special =
            ",[]{}#&*!|>'\"%@`".contains(first) || first == " "
            // `-`, `?` and `:` start a plain scalar unless a space (or nothing) follows: `- --flag=x`.
            || ("-?:".contains(first) && (value.count == 1 || value.dropFirst().first == " ")) || value.last == " "
            || value.contains(": ")
            || value.contains(" #") || value.contains("\n") || value.contains("\t")
        // go-yaml quotes what a YAML 1.1 reader would take for a timestamp (`2025-04-22T16:02:27Z`).
        let looksLikeDate = value.count >= 10 && value.prefix(4).allSatisfy(\.isNumber) && value.dropFirst(4).first == "-"
        guard reserved.contains(value) || looksNumeric || special || looksLikeDate else { return value }
        var escaped = ""
        for character in value {
            switch character {
            case "\"": escaped += "\\\""
            case "\\": escaped += "\\\\"
            case "\n": escaped += "\\n"
            case "\t": escaped += "\\t"
            default: escaped.append(character)
            }
        }
        return "\"\(escaped)\""
    }
}
