/// What a check reads from the cluster or the attempt: a typed probe with its settings.
///
/// Every setting is a template (`{{host}}`, `{{etcd.leader.node}}`), rendered when the check runs.
/// `Probe.schemas` lists each kind's settings and, where a kind reads one of several facts, the
/// values its `field` may take; the content loader checks probes against it.
public struct Probe: Sendable, Hashable {
    public var kind: String
    public var settings: [String: String]

    public init(kind: String, settings: [String: String]) {
        self.kind = kind
        self.settings = settings
    }

    /// The settings a probe kind takes.
    public struct Schema: Sendable {
        public var kind: String
        public var summary: String
        public var required: [String]
        public var optional: [String]
        /// The values `field` may take (it is then required), with what each reads; empty when the kind has no field.
        public var fields: [(name: String, reads: String)]

        public var settingNames: [String] { required + optional + (fields.isEmpty ? [] : ["field"]) }
    }

    public static let schemas: [Schema] = [
        Schema(
            kind: "file", summary: "a file on a node; missing files read as absent",
            required: ["host", "path"], optional: ["yaml", "document"],
            fields: []),
        Schema(
            kind: "answer",
            summary: "an answer file: trimmed, lines trimmed, blank lines and a trailing newline ignored",
            required: ["host", "path"], optional: [], fields: []),
        Schema(
            kind: "history", summary: "the commands typed that ran `command` (a list), normalised",
            required: ["command"], optional: ["host"], fields: []),
        Schema(
            kind: "etcd", summary: "the etcd cluster, or one member with `member` (a node or member name)",
            required: [], optional: ["member"],
            fields: [
                ("quorum", "true when a leader is elected and a quorum of voting members runs"),
                ("leader", "the leader's member name"),
                ("leader-node", "the node the leader runs on"),
                ("members", "how many members the cluster has"),
                ("voting", "how many members are voters (not learners)"),
                ("learners", "the names of the learner members (a list)"),
                ("names", "every member's name (a list)"),
                ("running", "how many member processes run; with `member`: true or false"),
                ("healthy", "how many members run and can reach a quorum"),
                ("alarms", "the raised alarms, e.g. NOSPACE (a list)"),
                ("cluster-id", "the cluster ID in hex"),
                ("revision", "the key-value store's revision"),
                ("db-size", "the largest member's database size in bytes"),
                ("id", "with `member`: the member ID in hex"),
                ("peer-url", "with `member`: its first peer URL"),
                ("client-url", "with `member`: its first client URL"),
                ("learner", "with `member`: true for a learner"),
                ("data-dir", "with `member`: the host directory its process serves from"),
            ]),
        Schema(
            kind: "node", summary: "a machine", required: ["name"], optional: [],
            fields: [
                ("powered", "true while the machine is on"),
                ("ready", "Ready, NotReady or Unknown, as `kubectl get nodes` shows it"),
                ("schedulable", "false once cordoned"),
                ("kubelet", "the kubelet unit's state: active, inactive or failed"),
            ]),
        Schema(
            kind: "unit", summary: "a systemd unit on a node", required: ["host", "unit"], optional: [],
            fields: [
                ("state", "active, inactive or failed (absent when the node has no such unit)"),
                ("enabled", "true or false"),
            ]),
        Schema(
            kind: "static-pod",
            summary: "a static pod (etcd, kube-apiserver, kube-controller-manager, kube-scheduler) on a node",
            required: ["host", "component"], optional: ["flag", "volume"],
            fields: [
                ("running", "true while the kubelet runs it"),
                ("manifest", "the manifest's path when one in the manifest folder defines it (absent otherwise)"),
                ("flag", "the value of the command-line flag named by `flag` in the running pod (true for a bare flag)"),
                ("volume", "the host path of the hostPath volume named by `volume` in the running pod"),
                ("image", "the running container's image"),
            ]),
        Schema(
            kind: "apiserver", summary: "the API server of a node, as its health endpoints answer",
            required: ["host"], optional: [],
            fields: [
                ("livez", "ok, or the failing checks (a list); absent when nothing listens"),
                ("readyz", "ok, or the failing checks (a list); absent when nothing listens"),
            ]),
        Schema(
            kind: "lb", summary: "the load balancer running on a node (HAProxy)", required: ["host"],
            optional: ["backend"],
            fields: [
                ("running", "true while HAProxy runs"),
                ("servers", "ADDRESS:PORT of every server of the backend(s), as loaded (a list)"),
                ("up", "ADDRESS:PORT of the servers UP now (a list)"),
                ("check", "the health check: none, tcp, tcp-ssl, ssl-hello, or METHOD PATH [https]"),
            ]),
        Schema(
            kind: "lease", summary: "a leader-election Lease in kube-system", required: ["name"], optional: [],
            fields: [
                ("holder", "the node holding it"),
                ("identity", "its holderIdentity"),
                ("duration", "leaseDurationSeconds"),
                ("transitions", "leaseTransitions"),
            ]),
        Schema(
            kind: "kube-object",
            summary: "`kubectl get` of an object with a jsonpath, as the admin on the first control plane",
            required: ["kind", "jsonpath"], optional: ["name", "namespace"], fields: []),
        Schema(
            kind: "run", summary: "a command run on a copy of the cluster, as root on `host`",
            required: ["host", "command"], optional: [],
            fields: [
                ("stdout", "what it printed"),
                ("stderr", "what it printed as errors"),
                ("status", "its exit status"),
            ]),
    ]

    public static func schema(_ kind: String) -> Schema? { schemas.first { $0.kind == kind } }

    // Shorthands for code and tests.
    public static func file(host: String, path: String) -> Probe { Probe(kind: "file", settings: ["host": host, "path": path]) }
    public static func history(command: String) -> Probe { Probe(kind: "history", settings: ["command": command]) }
    public static func etcd(field: String) -> Probe { Probe(kind: "etcd", settings: ["field": field]) }

    /// A setting, rendered.
    func setting(_ name: String, _ values: [String: String]) -> String? {
        settings[name].map { Template.render($0, values) }
    }
}
