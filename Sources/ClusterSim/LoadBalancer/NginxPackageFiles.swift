/// What Debian's nginx and libnginx-mod-stream packages leave on the load balancer, with the guide's
/// stream configuration as `/etc/nginx/nginx.conf` (nginx is installed but HAProxy is the one running).
enum NginxPackageFiles {
    static func install(_ files: inout FileSystem, spec: ClusterSpec) {
        // The shared object's bytes do not matter to the simulation, only its presence.
        files.install("/usr/lib/nginx/modules/ngx_stream_module.so", "")
        files.install("/usr/share/nginx/modules-available/mod-stream.conf", "load_module modules/ngx_stream_module.so;\n")
        files.install("/etc/nginx/modules-enabled/50-mod-stream.conf", "load_module modules/ngx_stream_module.so;\n")
        files.install("/etc/nginx/nginx.conf", config(spec: spec))
    }

    /// The guide's nginx alternative to HAProxy: a stream upstream of every control plane.
    static func config(spec: ClusterSpec) -> String {
        var text = """
            include /etc/nginx/modules-enabled/*.conf;

            events {
                worker_connections 1024;
            }

            stream {
                upstream k8s-api {

            """
        for node in spec.nodes where node.role == .controlPlane {
            text += "        server \(node.ip):6443 max_fails=3 fail_timeout=30s;\n"
        }
        text += """
                }

                server {
                    listen 6443;
                    proxy_pass k8s-api;
                    proxy_timeout 10s;
                    proxy_connect_timeout 1s;
                }
            }

            """
        return text
    }
}
