import ClusterSim

/// The table of commands: shell built-ins everywhere, installed programs per node.
public enum Tools {
    /// Built into bash or present on every Debian host.
    static let builtins: [String: Tool] = [
        "echo": Echo.run, "cat": Cat.run, "grep": Grep.run, "hostname": Hostname.run,
        "ssh": SSH.run, "scp": SCP.run, "exit": SSH.exit, "logout": SSH.exit, "export": Export.run, "unset": Export.unset,
        "cd": Navigation.cd, "pwd": Navigation.pwd, "ls": ListTool.run, "mkdir": Navigation.mkdir,
        "mv": FileTools.mv, "cp": FileTools.cp, "rm": FileTools.rm, "sleep": FileTools.sleep,
        "true": { _ in 0 }, "false": { _ in 1 }, "clear": { _ in 0 },
        "head": HeadTail.head, "tail": HeadTail.tail, "wc": TextTools.wc, "uniq": TextTools.uniq, "tee": TextTools.tee,
        "sort": Sort.run, "cut": Cut.run, "awk": Awk.run, "sed": Sed.run, "base64": Base64.run, "printf": Printf.run,
        "touch": FileModes.touch, "chmod": FileModes.chmod, "chown": Chown.run,
        "systemctl": Systemctl.run, "journalctl": Journalctl.run, "openssl": Openssl.run, "curl": Curl.run,
        "vi": Editors.run, "vim": Editors.run, "nano": Editors.run,
        "alias": Builtins.alias, "unalias": Builtins.unalias, "type": Builtins.type, "which": Builtins.which,
        "history": Builtins.history, "sudo": Identity.sudo, "env": Identity.env, "id": Identity.id,
        "whoami": Identity.whoami, "date": Identity.date,
        "find": { $0.notSimulated("find") }, "tar": { $0.notSimulated("tar") },
        "ip": Network.ip, "ping": Network.ping, "ss": Sockets.ss, "iptables": Iptables.run,
        "dirname": PathTools.dirname, "basename": PathTools.basename, "test": TestBuiltin.run, "[": TestBuiltin.run,
        "reboot": Reboot.run,
    ]

    /// Programs that exist only where the node has them installed.
    static let programs: [String: Tool] = [
        "etcdctl": Etcdctl.run, "etcdutl": Etcdutl.run, "crictl": Crictl.run, "kubectl": Kubectl.run, "haproxy": HAProxyTool.run,
        "nginx": NginxTool.run, "kubeadm": Kubeadm.run,
    ]

    /// Every command word the shell knows, for Tab completion.
    public static var commandNames: [String] {
        (Array(builtins.keys) + Array(programs.keys))
            .sorted()
    }

    static func run(_ context: inout ToolContext) -> Int32 {
        let name = context.args[0]
        if let tool = builtins[name] { return tool(&context) }
        if context.node?.binaries.contains(name) == true {
            if let tool = programs[name] { return tool(&context) }
            context.err("kubedojo: '\(name)' is not simulated yet\n")
            return 127
        }
        context.err("-bash: \(name): command not found\n")
        return 127
    }
}
