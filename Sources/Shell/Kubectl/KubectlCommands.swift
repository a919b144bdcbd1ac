/// The commands kubectl v1.32 knows, in the order its root help lists them (cobra suggests
/// in this order too, as kubectl turns command sorting off), and their flags.
enum KubectlCommands {
    static let names = [
        "create", "expose", "run", "set", "explain", "get", "edit", "delete", "rollout", "scale", "autoscale",
        "certificate", "cluster-info", "top", "cordon", "uncordon", "drain", "taint", "describe", "logs", "attach",
        "exec", "port-forward", "proxy", "cp", "auth", "debug", "events", "diff", "apply", "patch", "replace", "wait",
        "kustomize", "label", "annotate", "completion", "api-resources", "api-versions", "config", "plugin", "version",
        "options", "help",
    ]

    /// Commands whose next word names a subcommand.
    static let groups: [String: [String]] = [
        "config": [
            "current-context", "delete-cluster", "delete-context", "delete-user", "get-clusters", "get-contexts",
            "get-users", "rename-context", "set", "set-cluster", "set-context", "set-credentials", "unset",
            "use-context", "view",
        ],
        "create": [
            "clusterrole", "clusterrolebinding", "configmap", "cronjob", "deployment", "ingress", "job", "namespace",
            "poddisruptionbudget", "priorityclass", "quota", "role", "rolebinding", "secret", "service",
            "serviceaccount", "token",
        ],
    ]

    /// Flags every command accepts (`kubectl options`).
    static let global: [KubectlFlag] = [
        .value("as"), .value("as-group"), .value("as-uid"), .value("cache-dir"), .value("certificate-authority"),
        .value("client-certificate"), .value("client-key"), .value("cluster"), .value("context"),
        .bool("disable-compression"), .bool("insecure-skip-tls-verify"), .value("kubeconfig"),
        .bool("match-server-version"), .value("namespace", "n"), .value("password"), .value("profile"),
        .value("profile-output"), .value("request-timeout"), .value("server", "s"), .value("tls-server-name"),
        .value("token"), .value("user"), .value("username"), .bool("warnings-as-errors"), .value("v", "v"),
        .value("vmodule"), .value("log-flush-frequency"), .bool("help", "h"),
    ]

    static let printing: [KubectlFlag] = [
        .value("output", "o"), .value("template"), .bool("allow-missing-template-keys"), .bool("show-managed-fields"),
    ]

    static let get: [KubectlFlag] =
        printing + [
            .bool("all-namespaces", "A"), .bool("watch", "w"), .bool("watch-only"), .value("selector", "l"),
            .bool("show-labels"), .bool("no-headers"), .bool("show-kind"), .value("label-columns", "L"),
            .value("field-selector"), .value("sort-by"), .value("chunk-size"), .bool("ignore-not-found"),
            .value("filename", "f"), .bool("recursive", "R"), .value("kustomize", "k"), .value("raw"),
            .bool("server-print"), .bool("output-watch-events"), .value("subresource"),
        ]

    static let dryRun = KubectlFlag(name: "dry-run", short: nil, kind: .optionalValue("unchanged"))

    static let createDeployment: [KubectlFlag] =
        printing + [
            dryRun, .value("image"), .value("replicas", "r"), .value("port"), .bool("save-config"), .value("validate"),
            .value("field-manager"),
        ]

    static let run: [KubectlFlag] =
        printing + [
            dryRun, .value("image"), .value("port"), .value("labels", "l"), .value("env"), .value("restart"),
            .bool("command"), .bool("rm"), .bool("stdin", "i"), .bool("tty", "t"), .bool("expose"),
            .value("image-pull-policy"), .value("annotations"), .value("overrides"), .bool("privileged"),
            .bool("quiet", "q"), .bool("attach"), .bool("leave-stdin-open"), .value("pod-running-timeout"),
            .value("override-type"), .value("field-manager"), .value("filename", "f"), .value("grace-period"),
            .bool("force"), .value("timeout"), .bool("wait"), .bool("save-config"), .value("cascade"),
            .value("kustomize", "k"), .bool("recursive", "R"),
        ]

    static let apply: [KubectlFlag] =
        printing + [
            dryRun, .value("filename", "f"), .bool("recursive", "R"), .value("kustomize", "k"), .value("validate"),
            .bool("server-side"), .bool("force-conflicts"), .value("field-manager"), .bool("prune"),
            .value("selector", "l"), .bool("all"), .bool("overwrite"), .value("grace-period"), .bool("force"),
            .value("timeout"), .bool("wait"), .value("cascade"), .bool("openapi-patch"), .value("prune-allowlist"),
        ]

    static let version: [KubectlFlag] = [.bool("client"), .value("output", "o")]

    static let cordon: [KubectlFlag] = [dryRun, .value("selector", "l")]

    static let drain: [KubectlFlag] = [
        dryRun, .value("selector", "l"), .bool("ignore-daemonsets"), .bool("delete-emptydir-data"),
        .bool("delete-local-data"), .bool("force"), .value("grace-period"), .value("timeout"), .bool("disable-eviction"),
        .value("pod-selector"), .value("skip-wait-for-delete-timeout"), .value("chunk-size"),
    ]

    static let label: [KubectlFlag] =
        printing + [
            dryRun, .bool("overwrite"), .bool("all"), .bool("all-namespaces", "A"), .value("selector", "l"), .bool("list"),
            .value("resource-version"), .value("filename", "f"), .bool("recursive", "R"), .value("kustomize", "k"),
            .value("field-selector"), .bool("local"), .value("field-manager"),
        ]

    static let top: [KubectlFlag] = [
        .bool("no-headers"), .value("selector", "l"), .value("sort-by"), .bool("all-namespaces", "A"), .bool("containers"),
        .bool("use-protocol-buffers"), .bool("show-capacity"), .bool("sum"), .value("field-selector"),
    ]

    static let auth: [KubectlFlag] = [
        .bool("all-namespaces", "A"), .bool("list"), .bool("no-headers"), .bool("quiet", "q"), .value("subresource"),
    ]

    static let apiResources: [KubectlFlag] = [
        .bool("namespaced"), .value("api-group"), .value("verbs"), .value("output", "o"), .bool("no-headers"),
        .value("sort-by"), .bool("cached"), .value("categories"),
    ]

    static let describe: [KubectlFlag] = [
        .bool("all-namespaces", "A"), .value("selector", "l"), .bool("show-events"), .value("filename", "f"),
        .bool("recursive", "R"), .value("kustomize", "k"), .value("chunk-size"),
    ]

    static let logs: [KubectlFlag] = [
        .value("container", "c"), .bool("follow", "f"), .value("tail"), .value("since"), .value("since-time"),
        .bool("timestamps"), .bool("previous", "p"), .bool("all-containers"), .value("selector", "l"), .bool("prefix"),
        .value("limit-bytes"), .value("max-log-requests"), .bool("ignore-errors"), .value("pod-running-timeout"),
        .bool("insecure-skip-tls-verify-backend"), .bool("all-pods"),
    ]

    static let exec: [KubectlFlag] = [
        .value("container", "c"), .bool("stdin", "i"), .bool("tty", "t"), .bool("quiet", "q"), .value("filename", "f"),
        .value("pod-running-timeout"),
    ]

    static let delete: [KubectlFlag] = [
        dryRun, .value("output", "o"), .value("filename", "f"), .bool("all"), .bool("all-namespaces", "A"),
        .value("selector", "l"), .bool("force"), .value("grace-period"), .bool("now"), .bool("wait"), .value("cascade"),
        .bool("ignore-not-found"), .value("timeout"), .bool("recursive", "R"), .value("kustomize", "k"),
        .value("field-selector"), .bool("interactive", "i"), .value("raw"),
    ]

    static let createFile: [KubectlFlag] =
        printing + [
            dryRun, .value("filename", "f"), .bool("recursive", "R"), .value("kustomize", "k"), .value("validate"),
            .bool("save-config"), .value("field-manager"), .bool("edit"), .bool("windows-line-endings"), .value("raw"),
            .value("selector", "l"),
        ]

    static let edit: [KubectlFlag] =
        printing + [
            .value("filename", "f"), .bool("recursive", "R"), .value("kustomize", "k"), .value("validate"),
            .bool("windows-line-endings"), .bool("save-config"), .value("field-manager"), .value("subresource"),
            .bool("output-patch"),
        ]

    static let config: [String: [KubectlFlag]] = [
        "get-contexts": [.value("output", "o"), .bool("no-headers")],
        "view": printing + [.bool("minify"), .bool("raw"), .bool("flatten"), .value("merge")],
        "set-context": [.bool("current"), .value("namespace"), .value("cluster"), .value("user")],
        "current-context": [],
        "use-context": [],
    ]

    /// The flags of a command path; nil when kubedojo does not check that command's flags.
    static func flags(for path: [String]) -> [KubectlFlag]? {
        switch path.first {
        case "get": return get
        case "version": return version
        case "run": return run
        case "apply": return apply
        case "create":
            if path.count == 1 { return createFile }
            return path[1] == "deployment" ? createDeployment : nil
        case "cordon", "uncordon": return cordon
        case "drain": return drain
        case "label": return label
        case "top": return top
        case "auth": return auth
        case "api-resources": return apiResources
        case "describe": return describe
        case "logs": return logs
        case "exec": return exec
        case "delete": return delete
        case "edit": return edit
        case "config": return path.count > 1 ? config[path[1]] : nil
        case "cluster-info", "api-versions": return []
        default: return nil
        }
    }

    /// cobra's "Did you mean this?": commands within two edits of the typed word, or starting with it.
    static func suggestions(for typed: String) -> [String] {
        let lowered = typed.lowercased()
        return names.filter { name in
            name != "help" && (levenshtein(lowered, name) <= 2 || name.hasPrefix(lowered))
        }
    }

    static func levenshtein(_ a: String, _ b: String) -> Int {
        let a = Array(a)
        let b = Array(b)
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            }
            previous = current
        }
        return previous[b.count]
    }
}
