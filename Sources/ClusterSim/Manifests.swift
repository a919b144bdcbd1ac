/// A static pod manifest: the file's text and the pod the kubelet reads from it.
struct Manifest {
    var text: String
    var pod: StaticPod
}

/// Static pod manifests as kubeadm v1.31 writes them to `/etc/kubernetes/manifests`.
enum Manifests {
    /// The stacked etcd member of a control-plane node. Members after the first joined an existing
    /// cluster, so their `--initial-cluster` lists the members before them and the state is `existing`.
    static func etcd(node: ClusterSpec.NodeSpec, spec: ClusterSpec, etcd: EtcdCluster) -> Manifest {
        let hosts = spec.etcdHosts
        let position = hosts.firstIndex { $0.name == node.name } ?? 0
        let initialCluster = hosts.prefix(position + 1).map { "\($0.name)=https://\($0.ip):2380" }.joined(separator: ",")
        return self.etcd(node: node, version: etcd.version, initialCluster: initialCluster, existing: position > 0)
    }

    /// The manifest `kubeadm init` (`existing` false) or `kubeadm join --control-plane` writes.
    static func etcd(node: ClusterSpec.NodeSpec, version: String, initialCluster: String, existing: Bool) -> Manifest {
        let ip = node.ip
        let command =
            [
                "etcd", "--advertise-client-urls=https://\(ip):2379", "--cert-file=/etc/kubernetes/pki/etcd/server.crt",
                "--client-cert-auth=true", "--data-dir=/var/lib/etcd", "--experimental-initial-corrupt-check=true",
                "--experimental-watch-progress-notify-interval=5s", "--initial-advertise-peer-urls=https://\(ip):2380",
                "--initial-cluster=\(initialCluster)",
            ] + (existing ? ["--initial-cluster-state=existing"] : [])
            + [
                "--key-file=/etc/kubernetes/pki/etcd/server.key",
                "--listen-client-urls=https://127.0.0.1:2379,https://\(ip):2379",
                "--listen-metrics-urls=http://127.0.0.1:2381", "--listen-peer-urls=https://\(ip):2380",
                "--name=\(node.name)", "--peer-cert-file=/etc/kubernetes/pki/etcd/peer.crt",
                "--peer-client-cert-auth=true", "--peer-key-file=/etc/kubernetes/pki/etcd/peer.key",
                "--peer-trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt", "--snapshot-count=10000",
                "--trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt",
            ]
        let image = "registry.k8s.io/etcd:\(version)-0"
        var text = """
            apiVersion: v1
            kind: Pod
            metadata:
              annotations:
                kubeadm.kubernetes.io/etcd.advertise-client-urls: https://\(ip):2379
              creationTimestamp: null
              labels:
                component: etcd
                tier: control-plane
              name: etcd
              namespace: kube-system
            spec:
              containers:
              - command:

            """
        text += command.map { "    - \($0)\n" }.joined()
        text += """
                image: \(image)
                imagePullPolicy: IfNotPresent
                livenessProbe:
                  failureThreshold: 8
                  httpGet:
                    host: 127.0.0.1
                    path: /health?exclude=NOSPACE&serializable=true
                    port: 2381
                    scheme: HTTP
                  initialDelaySeconds: 10
                  periodSeconds: 10
                  timeoutSeconds: 15
                name: etcd
                resources:
                  requests:
                    cpu: 100m
                    memory: 100Mi
                startupProbe:
                  failureThreshold: 24
                  httpGet:
                    host: 127.0.0.1
                    path: /health?serializable=false
                    port: 2381
                    scheme: HTTP
                  initialDelaySeconds: 10
                  periodSeconds: 10
                  timeoutSeconds: 15
                volumeMounts:
                - mountPath: /var/lib/etcd
                  name: etcd-data
                - mountPath: /etc/kubernetes/pki/etcd
                  name: etcd-certs
              hostNetwork: true
              priority: 2000001000
              priorityClassName: system-node-critical
              securityContext:
                seccompProfile:
                  type: RuntimeDefault
              volumes:
              - hostPath:
                  path: /etc/kubernetes/pki/etcd
                  type: DirectoryOrCreate
                name: etcd-certs
              - hostPath:
                  path: /var/lib/etcd
                  type: DirectoryOrCreate
                name: etcd-data
            status: {}

            """
        let pod = StaticPod(
            name: "etcd", image: image, command: command,
            hostPaths: ["etcd-certs": "/etc/kubernetes/pki/etcd", "etcd-data": "/var/lib/etcd"],
            mounts: ["/etc/kubernetes/pki/etcd": "etcd-certs", "/var/lib/etcd": "etcd-data"])
        return Manifest(text: text, pod: pod)
    }
}
