/// The kubelet's static pod source: files in `/etc/kubernetes/manifests` are the truth.
public enum Kubelet {
    public static let manifestDirectory = "/etc/kubernetes/manifests"
    /// `fileCheckFrequency` (20 s by default): how often the kubelet rereads the manifests.
    public static let fileCheckMilliseconds: Int64 = 20_000
}

extension Cluster {
    /// Every node whose kubelet runs compares its manifests with the pods it runs: new or
    /// changed files (re)start pods, missing or unparsable ones stop them. A stopped kubelet
    /// changes nothing, so its pods keep running (containerd keeps them).
    mutating func syncKubelets() {
        for node in nodes where node.units["kubelet"] == .active {
            syncKubelet(on: node.name)
        }
        reconcileEtcd()
    }

    mutating func syncKubelet(on nodeName: String) {
        guard let node = node(named: nodeName) else { return }
        var desired: [String: (pod: StaticPod, text: String)] = [:]
        var messages: [String] = []
        let files = node.files.list(Kubelet.manifestDirectory).success ?? []
        for name in files where !name.hasPrefix(".") {
            let path = Kubelet.manifestDirectory + "/" + name
            guard let text = node.files.read(path).success else { continue }
            if let running = node.staticPods[path], running.manifest == text {
                desired[path] = (running.pod, text)
                continue
            }
            switch StaticPod.parse(text, path: path) {
            case .success(let pod): desired[path] = (pod, text)
            case .failure(let error):
                messages.append("\"Could not process manifest file\" err=\"\(error.message)\" path=\"\(path)\"")
            }
        }
        let now = self.now
        var started: [String] = []
        var stopped: [String] = []
        updateNode(nodeName) { node in
            for (path, running) in node.staticPods where desired[path]?.text != running.manifest {
                node.staticPods[path] = nil
                if desired[path] == nil { stopped.append("\(running.pod.name)-\(nodeName)") }
            }
            for (path, entry) in desired where node.staticPods[path] == nil {
                node.staticPods[path] = RunningStaticPod(pod: entry.pod, manifest: entry.text, startedAt: now)
                started.append("\(entry.pod.name)-\(nodeName)")
            }
        }
        for message in messages { record("kubelet/\(nodeName)", message) }
        for pod in stopped.sorted() {
            record("kubelet/\(nodeName)", "static pod \(pod) stopped: its manifest is gone or invalid")
        }
        for pod in started.sorted() { record("kubelet/\(nodeName)", "static pod \(pod) started") }
    }
}

extension Result {
    /// The success value, or nil.
    public var success: Success? {
        if case .success(let value) = self { return value }
        return nil
    }
}
