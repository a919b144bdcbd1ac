import Yams

/// A static pod as the kubelet reads it from `/etc/kubernetes/manifests`.
public struct StaticPod: Sendable, Hashable, Codable {
    /// `metadata.name`; the API shows the mirror pod as `<name>-<node>`.
    public var name: String
    public var image: String
    /// The first container's `command`, flags included (`--name=master1` ...).
    public var command: [String]
    /// hostPath volumes: volume name → path on the node.
    public var hostPaths: [String: String]
    /// The first container's volumeMounts: mount path → volume name.
    public var mounts: [String: String] = [:]

    /// Where a path inside the container lives on the node: through the deepest volume mount
    /// that contains it, or nil when no hostPath volume backs it (the data dies with the container).
    public func hostPath(forContainerPath path: String) -> String? {
        let candidates = mounts.keys.filter { mount in
            path == mount || path.hasPrefix(mount.hasSuffix("/") ? mount : mount + "/")
        }
        guard let mount = candidates.max(by: { $0.count < $1.count }), let volume = mounts[mount],
            let host = hostPaths[volume]
        else { return nil }
        let rest = path.dropFirst(mount.count)
        return host + (rest.isEmpty || host.hasSuffix("/") ? String(rest.drop { $0 == "/" }) : String(rest))
    }

    /// The value of a `--flag=value` in the command, or nil.
    public func flag(_ name: String) -> String? { command.flagValue(name) }

    /// Parses a manifest; a failure carries the message the kubelet logs.
    public static func parse(_ text: String, path: String) -> Result<StaticPod, ManifestError> {
        parsed.value(for: ManifestText(text: text, path: path)) { decode($0.text, path: $0.path) }
    }

    private struct ManifestText: Hashable, Sendable, Codable {
        var text: String
        var path: String
    }

    private static let parsed = ParseCache<ManifestText, Result<StaticPod, ManifestError>>()

    private static func decode(_ text: String, path: String) -> Result<StaticPod, ManifestError> {
        let root: Yams.Node
        do {
            guard let parsed = try Yams.compose(yaml: text, .default, .default, .utf8) else {
                return .failure(ManifestError(path: path, reason: "Object 'Kind' is missing in 'null'"))
            }
            root = parsed
        } catch let error as YamlError {
            return .failure(ManifestError(path: path, reason: "error converting YAML to JSON: yaml: \(describe(error))"))
        } catch {
            return .failure(ManifestError(path: path, reason: "error converting YAML to JSON: \(error)"))
        }
        guard root["kind"]?.string == "Pod" else {
            return .failure(ManifestError(path: path, reason: "Object 'Kind' is missing or is not Pod"))
        }
        guard let name = root["metadata"]?["name"]?.string, !name.isEmpty else {
            return .failure(
                ManifestError(path: path, reason: "invalid pod: metadata.name: Required value: name or generateName is required"))
        }
        guard let container = root["spec"]?["containers"]?.sequence?.first else {
            return .failure(ManifestError(path: path, reason: "invalid pod: spec.containers: Required value"))
        }
        let command = container["command"]?.sequence?.compactMap(\.string) ?? []
        var hostPaths: [String: String] = [:]
        for volume in root["spec"]?["volumes"]?.sequence ?? [] {
            if let volumeName = volume["name"]?.string, let hostPath = volume["hostPath"]?["path"]?.string {
                hostPaths[volumeName] = hostPath
            }
        }
        var mounts: [String: String] = [:]
        for mount in container["volumeMounts"]?.sequence ?? [] {
            if let path = mount["mountPath"]?.string, let volume = mount["name"]?.string { mounts[path] = volume }
        }
        return .success(
            StaticPod(
                name: name, image: container["image"]?.string ?? "", command: command, hostPaths: hostPaths,
                mounts: mounts))
    }

    /// libyaml's wording, which Go's yaml package shares: `line 14: did not find expected key`.
    private static func describe(_ error: YamlError) -> String {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _), .composer(_, let problem, let mark, _):
            return "line \(mark.line): \(problem)"
        default:
            return "\(error)"
        }
    }
}

/// Why the kubelet refused a manifest file.
public struct ManifestError: Error, Sendable, Hashable, Codable {
    public var path: String
    public var reason: String

    /// The kubelet's error text (pkg/kubelet/config/file.go).
    public var message: String { "\(path): couldn't parse as pod(\(reason)), please check config file" }
}
