/// The help screens etcdctl prints (cobra with etcd's own template), for the commands simulated.
enum EtcdctlHelp {
    static let globalOptions = """
              --cacert=""				verify certificates of TLS-enabled secure servers using this CA bundle
              --cert=""					identify secure client using this TLS certificate file
              --command-timeout=5s			timeout for short running command (excluding dial timeout)
              --debug[=false]				enable client-side debug logging
              --dial-timeout=2s				dial timeout for client connections
          -d, --discovery-srv=""			domain name to query for SRV records describing cluster endpoints
              --discovery-srv-name=""			service name to query when using DNS discovery
              --endpoints=[127.0.0.1:2379]		gRPC endpoints
              --hex[=false]				print byte strings as hex encoded strings
              --insecure-discovery[=true]		accept insecure SRV records describing cluster endpoints
              --insecure-skip-tls-verify[=false]	skip server certificate verification (CAUTION: this option should be enabled only for testing purposes)
              --insecure-transport[=true]		disable transport security for client connections
              --keepalive-time=2s			keepalive time for client connections
              --keepalive-timeout=6s			keepalive timeout for client connections
              --key=""					identify secure client using this TLS key file
              --password=""				password for authentication (if this option is used, --user option shouldn't include password)
              --user=""					username[:password] for authentication (prompt if password is not supplied)
          -w, --write-out="simple"			set the output format (fields, json, protobuf, simple, table)

        """

    struct Entry {
        var short: String
        var description: String?
        var subcommands: [(String, String)] = []
        var localOptions: [String] = []
    }

    static let entries: [String: Entry] = [
        "member": Entry(
            short: "Membership related commands",
            subcommands: [
                ("add", "Adds a member into the cluster"), ("list", "Lists all members in the cluster"),
                ("promote", "Promotes a non-voting member in the cluster"), ("remove", "Removes a member from the cluster"),
                ("update", "Updates a member in the cluster"),
            ]),
        "member list": Entry(
            short: "Lists all members in the cluster",
            description:
                "When --write-out is set to simple, this command prints out comma-separated member lists for each endpoint.\n\tThe items in the lists are ID, Status, Name, Peer Addrs, Client Addrs, Is Learner."
        ),
        "endpoint": Entry(
            short: "Endpoint related commands",
            subcommands: [
                ("hashkv", "Prints the KV history hash for each endpoint in --endpoints"),
                ("health", "Checks the healthiness of endpoints specified in `--endpoints` flag"),
                ("status", "Prints out the status of endpoints specified in `--endpoints` flag"),
            ], localOptions: ["      --cluster[=false]\tuse all endpoints from the cluster member list"]),
        "endpoint health": Entry(short: "Checks the healthiness of endpoints specified in `--endpoints` flag"),
        "endpoint status": Entry(
            short: "Prints out the status of endpoints specified in `--endpoints` flag",
            description:
                "When --write-out is set to simple, this command prints out comma-separated status lists for each endpoint.\n\tThe items in the lists are endpoint, ID, version, db size, is leader, is learner, raft term, raft index, raft applied index, errors."
        ),
        "version": Entry(short: "Prints the version of etcdctl"),
    ]

    /// The help screen for a command path such as `member list`.
    static func text(for path: [String], apiVersion: String) -> String {
        let name = path.joined(separator: " ")
        let entry = entries[name] ?? Entry(short: "")
        let leaf = path.last ?? "etcdctl"
        var text = "NAME:\n\t\(name) - \(entry.short)\n\nUSAGE:\n"
        text += entry.subcommands.isEmpty ? "\tetcdctl \(name) [flags]\n\n" : "\tetcdctl \(name) <subcommand> [flags]\n\n"
        if let description = entry.description { text += "DESCRIPTION:\n\t\(description)\n\n" }
        if !entry.subcommands.isEmpty {
            text += "API VERSION:\n\t\(apiVersion)\n\n\nCOMMANDS:\n"
            for (command, short) in entry.subcommands { text += "\t\(command)\t\(short)\n" }
            text += "\n"
        }
        text += "OPTIONS:\n"
        for option in entry.localOptions { text += option + "\n" }
        text += "  -h, --help[=false]\thelp for \(leaf)\n\n"
        // Inherited command flags (`--cluster` under `endpoint`) are not listed yet.
        text += "GLOBAL OPTIONS:\n" + globalOptions
        return text
    }
}
