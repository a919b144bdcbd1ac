import ClusterSim

/// `kubeadm upgrade` (v1.31): `plan` against the cluster model; the machine is offline, so every
/// release label kubeadm would fetch from dl.k8s.io falls back to its own version, as on an
/// air-gapped host.
enum KubeadmUpgrade {
    /// The etcd and CoreDNS versions kubeadm v1.31.4 deploys (`constants.SupportedEtcdVersion`,
    /// `constants.CoreDNSVersion`).
    static let etcdVersion = "3.5.15-0"
    static let coreDNSVersion = "v1.11.3"
    static let releaseHost = "dl.k8s.io"

    static func run(_ arguments: KubeadmArguments, _ context: inout ToolContext) -> Int32 {
        guard let sub = arguments.words.dropFirst().first else {
            context.err(KubeadmText.error(phase: nil, "missing subcommand; \"upgrade\" is not meant to be run on its own"))
            return 1
        }
        switch sub {
        case "plan": return plan(arguments, &context)
        case "apply", "diff", "node": return Kubeadm.notSimulated(arguments.words, &context)
        default:
            context.err(KubeadmText.error(phase: nil, "invalid subcommand: \"\(sub)\""))
            return 1
        }
    }

    /// A release version `v1.31.4` (or `1.31.4`); pre-releases are not simulated.
    struct Version: Comparable, Sendable {
        var major: Int, minor: Int, patch: Int
        static func parse(_ text: String) -> Version? {
            let parts = (text.hasPrefix("v") ? String(text.dropFirst()) : text).split(
                separator: ".", omittingEmptySubsequences: false)
            guard parts.count == 3, let major = Int(parts[0]), let minor = Int(parts[1]), let patch = Int(parts[2]) else {
                return nil
            }
            return Version(major: major, minor: minor, patch: patch)
        }
        /// apimachinery's `Version.String()`: no `v`.
        var plain: String { "\(major).\(minor).\(patch)" }
        var branch: String { "\(major).\(minor)" }
        static func < (a: Version, b: Version) -> Bool { (a.major, a.minor, a.patch) < (b.major, b.minor, b.patch) }
    }

    /// One upgrade kubeadm offers: its description and the target versions.
    struct Offer {
        var description: String
        var kubeVersion: String
        var kubeadmVersion: String
    }

    static func plan(_ arguments: KubeadmArguments, _ context: inout ToolContext) -> Int32 {
        let requested = arguments.words.dropFirst(2).first
        if let requested, Version.parse(requested) == nil {
            return Kubeadm.notSimulated(arguments.words, &context)
        }
        let kubeconfig = arguments.value("kubeconfig") ?? "/etc/kubernetes/admin.conf"
        guard context.read(kubeconfig).success != nil else {
            context.err(
                KubeadmText.error(
                    phase: nil,
                    "couldn't create a Kubernetes client from file \"\(kubeconfig)\": failed to load admin kubeconfig: open \(kubeconfig): no such file or directory"
                ))
            return 1
        }
        context.out("[preflight] Running pre-flight checks.\n")
        if case .failure(let failure) = reach(kubeconfig, &context) {
            // The two CoreDNS migration checks are the first to read from the API server, one request each.
            _ = reach(kubeconfig, &context)
            let cause = "Get \"\(failure.base)/api/v1/namespaces/kube-system/configmaps/coredns?timeout=10s\": \(failure.cause)"
            context.err(
                preflightFailure([("CoreDNSUnsupportedPlugins", cause), ("CoreDNSMigration", cause)]) + KubeadmText.stackTrace)
            return 2
        }
        context.out(KubeadmText.readingConfiguration("upgrade/config"))
        context.out("[upgrade] Running cluster health checks\n")
        let health = healthErrors(&context)
        guard health.isEmpty else {
            context.err("[upgrade/health] FATAL: " + preflightFailure(health) + KubeadmText.stackTrace)
            return 1
        }
        let state = ClusterVersions(APIObjects(cluster: context.cluster))
        context.out("[upgrade] Fetching available versions to upgrade to\n")
        guard let cluster = state.apiServers.keys.compactMap(Version.parse).max() else {
            return Kubeadm.notSimulated(arguments.words, &context)
        }
        let kubeadmText = Kubeadm.version.git
        let kubeadm = Version.parse(kubeadmText) ?? cluster
        context.out("[upgrade/versions] Cluster version: \(cluster.plain)\n")
        context.out("[upgrade/versions] kubeadm version: \(kubeadmText)\n")
        let pid = klogPID(&context)
        // A label kubeadm cannot fetch falls back to its own version; a version argument skips the fetch.
        func fetch(_ label: String) -> (String, Version) {
            if let requested, let version = Version.parse(requested) { return (requested, version) }
            let url = "https://\(releaseHost)/release/\(label).txt"
            let lookup = "dial tcp: lookup \(releaseHost) on 127.0.0.53:53: server misbehaving"
            context.err(
                Klog.line(
                    "W", at: context.cluster.now, pid: pid, source: "version.go:104",
                    "could not fetch a Kubernetes version from the internet: unable to get URL \"\(url)\": Get \"\(url)\": \(lookup)"
                ))
            context.err(
                Klog.line(
                    "W", at: context.cluster.now, pid: pid, source: "version.go:105",
                    "falling back to the local client version: \(kubeadmText)"))
            return (kubeadmText, kubeadm)
        }
        let (stableText, stable) = fetch("stable")
        context.out("[upgrade/versions] Target version: \(stableText)\n")
        var offers: [Offer] = []
        var minorPossible = cluster < stable
        if !(stable < cluster) {
            let description = "version in the v\(cluster.branch) series"
            let (patchText, patch) = fetch("stable-\(cluster.branch)")
            context.out("[upgrade/versions] Latest \(description): \(patchText)\n")
            minorPossible = patch < stable
            if cluster < patch {
                offers.append(
                    Offer(
                        description: description, kubeVersion: patchText,
                        kubeadmVersion: patch < kubeadm || patch == kubeadm ? kubeadmText : patchText))
            }
        }
        if minorPossible {
            offers.append(Offer(description: "stable version", kubeVersion: stableText, kubeadmVersion: stableText))
        }
        if arguments.has("allow-experimental-upgrades") || arguments.has("allow-release-candidate-upgrades") {
            let (latestText, latest) = fetch("latest")
            context.out("[upgrade/versions] Latest experimental version: \(latestText)\n")
            let (previousText, _) = fetch("latest-\(latest.major).\(latest.minor - 1)")
            context.out("[upgrade/versions] Latest previous version: \(previousText)\n")
            if arguments.has("allow-experimental-upgrades"), cluster < latest {
                offers.append(
                    Offer(description: "experimental version", kubeVersion: latestText, kubeadmVersion: latestText))
            }
        }
        context.out("\n")
        context.cluster.advance(milliseconds: 2_100)
        guard !offers.isEmpty else { return 0 }
        var text = ""
        for offer in offers { text += printOffer(offer, cluster: cluster, kubeadm: kubeadmText, state: state) }
        text += """

            The table below shows the current state of component configs as understood by this version of kubeadm.
            Configs that have a "yes" mark in the "MANUAL UPGRADE REQUIRED" column require manual config upgrade or
            resetting to kubeadm defaults before a successful upgrade can be performed. The version to manually
            upgrade to is denoted in the "PREFERRED VERSION" column.


            """
        text += KubeadmText.tabwrite([
            ["API GROUP", "CURRENT VERSION", "PREFERRED VERSION", "MANUAL UPGRADE REQUIRED"],
            ["kubeproxy.config.k8s.io", "v1alpha1", "v1alpha1", "no"],
            ["kubelet.config.k8s.io", "v1beta1", "v1beta1", "no"],
        ])
        text += separator
        context.out(text)
        return 0
    }

    static let separator = "_____________________________________________________________________\n\n"

    static func printOffer(_ offer: Offer, cluster: Version, kubeadm: String, state: ClusterVersions) -> String {
        let target = offer.kubeVersion
        var text =
            "Components that must be upgraded manually after you have upgraded the control plane with 'kubeadm upgrade apply':\n"
        var kubelets: [[String]] = [["COMPONENT", "NODE", "CURRENT", "TARGET"]]
        let kubeletsBehind = state.kubelets.count > 1 || (state.kubelets.count == 1 && state.kubelets[target] == nil)
        if kubeletsBehind {
            for (version, nodes) in state.kubelets.sorted(by: { $0.key < $1.key }) {
                for node in nodes { kubelets.append(["kubelet", node, version, target]) }
            }
        }
        text += KubeadmText.tabwrite(kubelets)
        text += "\nUpgrade to the latest \(offer.description):\n\n"
        var rows: [[String]] = [["COMPONENT", "NODE", "CURRENT", "TARGET"]]
        for (name, versions) in [
            ("kube-apiserver", state.apiServers), ("kube-controller-manager", state.controllerManagers),
            ("kube-scheduler", state.schedulers),
        ] {
            for (version, nodes) in versions.sorted(by: { $0.key < $1.key }) {
                for node in nodes { rows.append([name, node, version, target]) }
            }
        }
        rows.append(["kube-proxy", "", cluster.plain, target])
        rows.append(["CoreDNS", "", state.coreDNS, coreDNSVersion])
        for (version, nodes) in state.etcds.sorted(by: { $0.key < $1.key }) {
            for node in nodes { rows.append(["etcd", node, version, etcdVersion]) }
        }
        text += KubeadmText.tabwrite(rows)
        text += "\nYou can now apply the upgrade by executing the following command:\n\n"
        text += "\tkubeadm upgrade apply \(target)\n\n"
        if offer.kubeadmVersion != kubeadm {
            text += "Note: Before you can perform this upgrade, you have to update kubeadm to \(offer.kubeadmVersion).\n\n"
        }
        return text + separator
    }

    /// `[preflight] Some fatal errors occurred:` with one `[ERROR Name]: message` line per check.
    static func preflightFailure(_ errors: [(String, String)]) -> String {
        "[preflight] Some fatal errors occurred:\n" + errors.map { "\t[ERROR \($0.0)]: \($0.1)\n" }.joined()
            + "[preflight] If you know what you are doing, you can make a check non-fatal with `--ignore-preflight-errors=...`\n"
    }

    struct ReachFailure: Error {
        var base: String
        var cause: String
    }

    /// Connects to the kubeconfig's API server; the failure carries the URL base and Go's cause.
    static func reach(_ path: String, _ context: inout ToolContext) -> Result<Void, ReachFailure> {
        guard let text = context.read(path).success, case .success(let config) = Kubeconfig.parse(text),
            let current = config.context(config.currentContext)?.fields ?? config.contexts.first?.fields,
            let cluster = config.cluster(current["cluster"] ?? "")?.fields, let server = cluster["server"]
        else { return .failure(ReachFailure(base: "https://", cause: "invalid configuration")) }
        let url = APIServerURL.parse(server)
        let tls = APIConnection.ClientTLS(
            caPEM: cluster["certificate-authority-data"].flatMap(KubectlBase64.decode), insecure: false,
            clientCertificatePEM: nil)
        switch APIConnection.open(server: url, tls: tls, context: &context) {
        case .success: return .success(())
        case .failure(let failure):
            context.cluster.advance(milliseconds: failure.attemptMilliseconds)
            return .failure(ReachFailure(base: url.base, cause: failure.cause))
        }
    }

    /// kubeadm's upgrade health checks: the health-check Job runs (a scheduler and a
    /// controller-manager lead), control-plane nodes are Ready, this node has the static pod manifests.
    static func healthErrors(_ context: inout ToolContext) -> [(String, String)] {
        var errors: [(String, String)] = []
        let cluster = context.cluster
        let leading = LeaderElection.components.allSatisfy { name in
            guard let lease = cluster.lease(name), lease.holderIdentity != nil else { return false }
            return cluster.now.milliseconds - lease.renewTime.milliseconds <= Int64(lease.leaseDurationSeconds) * 1000
        }
        let readyNodes = APIObjects(cluster: cluster).registeredNodes.filter { cluster.nodeReady($0.name) }
        if leading, !readyNodes.isEmpty {
            context.cluster.advance(milliseconds: 3_000)
        } else {
            context.cluster.advance(milliseconds: 15_000)
            errors.append(
                (
                    "CreateJob",
                    "Job \"upgrade-health-check\" in the namespace \"kube-system\" did not complete in 15s: no condition of type Complete"
                ))
        }
        let notReady = APIObjects(cluster: cluster).registeredNodes.filter {
            $0.role == .controlPlane && !cluster.nodeReady($0.name)
        }.map(\.name)
        if !notReady.isEmpty {
            errors.append(
                (
                    "ControlPlaneNodesReady",
                    "there are NotReady control-planes in the cluster: [\(notReady.joined(separator: " "))]"
                ))
        }
        let missing = ["kube-apiserver", "kube-controller-manager", "kube-scheduler"].map {
            "/etc/kubernetes/manifests/\($0).yaml"
        }.filter { context.read($0).success == nil }
        if !missing.isEmpty {
            errors.append(
                (
                    "StaticPodManifest",
                    "The control plane seems to be Static Pod-hosted, but some of the manifests don't seem to exist on disk. This probably means you're running 'kubeadm upgrade' on a remote machine, which is not supported for a Static Pod-hosted cluster. Manifest files not found: [\(missing.joined(separator: " "))]"
                ))
        }
        return errors
    }

    static func klogPID(_ context: inout ToolContext) -> Int {
        var rng = SeededGenerator(seed: UInt64(max(0, context.cluster.now.milliseconds)), label: "kubeadm-pid")
        return rng.int(in: 2_000...60_000)
    }
}

/// The versions kubeadm reads from the cluster: image tags of the control-plane pods per node,
/// kubelet versions of the nodes, the CoreDNS Deployment's image.
struct ClusterVersions {
    var apiServers: [String: [String]] = [:]
    var controllerManagers: [String: [String]] = [:]
    var schedulers: [String: [String]] = [:]
    var etcds: [String: [String]] = [:]
    var kubelets: [String: [String]] = [:]
    var coreDNS = ""

    init(_ api: APIObjects) {
        func tag(_ object: ServerObject) -> String? {
            guard let image = object.body.at("spec.containers")?.items.first?.string("image"),
                let colon = image.lastIndex(of: ":")
            else { return nil }
            return String(image[image.index(after: colon)...])
        }
        for pod in api.list(named: "pods") where pod.namespace == "kube-system" {
            guard let component = pod.labels.first(where: { $0.0 == "component" })?.1, let version = tag(pod),
                let node = pod.body.string("spec.nodeName")
            else { continue }
            switch component {
            case "kube-apiserver": apiServers[version, default: []].append(node)
            case "kube-controller-manager": controllerManagers[version, default: []].append(node)
            case "kube-scheduler": schedulers[version, default: []].append(node)
            case "etcd": etcds[version, default: []].append(node)
            default: break
            }
        }
        for node in api.list(named: "nodes") {
            guard let version = node.body.string("status.nodeInfo.kubeletVersion") else { continue }
            kubelets[version, default: []].append(node.name)
        }
        if let deployment = api.list(named: "deployments").first(where: {
            $0.namespace == "kube-system" && $0.name == "coredns"
        }), let image = deployment.body.at("spec.template.spec.containers")?.items.first?.string("image"),
            let colon = image.lastIndex(of: ":")
        {
            coreDNS = String(image[image.index(after: colon)...])
        }
    }
}
