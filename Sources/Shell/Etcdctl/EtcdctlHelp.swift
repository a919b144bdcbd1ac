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
        "check": Entry(
            short: "commands for checking properties of the etcd cluster",
            subcommands: [
                (
                    "datascale",
                    "Check the memory usage of holding data for different workloads on a given server endpoint."
                ),
                ("perf", "Check the performance of the etcd cluster"),
            ]),
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
            // cobra's tabwriter pads with tabs: the name column ends on one tab stop for all rows.
            let column = ((entry.subcommands.map(\.0.count).max() ?? 0) + 1 + 7) / 8 * 8
            for (command, short) in entry.subcommands {
                text += "\t" + command + String(repeating: "\t", count: (column - command.count + 7) / 8) + short + "\n"
            }
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

/// etcdctl's top-level help screen (`etcdctl`, `etcdctl --help`, `etcdctl help`).
extension EtcdctlHelp {
    /// Every leaf command of etcdctl 3.5 with its short description, sorted as cobra lists them.
    /// Differs from 3.4 (etcdctl/ctlv3/ctl.go, command/*.go on release-3.5): `migrate` is gone,
    /// `auth status` is new, `snapshot status` is marked deprecated, and cobra 1.1.3 adds no
    /// `completion` command.
    static let rootCommands: [(String, String)] = [
        ("alarm disarm", "Disarms all alarms"),
        ("alarm list", "Lists all alarms"),
        ("auth disable", "Disables authentication"),
        ("auth enable", "Enables authentication"),
        ("auth status", "Returns authentication status"),
        (
            "check datascale",
            "Check the memory usage of holding data for different workloads on a given server endpoint."
        ),
        ("check perf", "Check the performance of the etcd cluster"),
        ("compaction", "Compacts the event history in etcd"),
        ("defrag", "Defragments the storage of the etcd members with given endpoints"),
        ("del", "Removes the specified key or range of keys [key, range_end)"),
        ("elect", "Observes and participates in leader election"),
        ("endpoint hashkv", "Prints the KV history hash for each endpoint in --endpoints"),
        ("endpoint health", "Checks the healthiness of endpoints specified in `--endpoints` flag"),
        ("endpoint status", "Prints out the status of endpoints specified in `--endpoints` flag"),
        ("get", "Gets the key or a range of keys"),
        ("help", "Help about any command"),
        ("lease grant", "Creates leases"),
        ("lease keep-alive", "Keeps leases alive (renew)"),
        ("lease list", "List all active leases"),
        ("lease revoke", "Revokes leases"),
        ("lease timetolive", "Get lease information"),
        ("lock", "Acquires a named lock"),
        ("make-mirror", "Makes a mirror at the destination etcd cluster"),
        ("member add", "Adds a member into the cluster"),
        ("member list", "Lists all members in the cluster"),
        ("member promote", "Promotes a non-voting member in the cluster"),
        ("member remove", "Removes a member from the cluster"),
        ("member update", "Updates a member in the cluster"),
        ("move-leader", "Transfers leadership to another etcd cluster member."),
        ("put", "Puts the given key into the store"),
        ("role add", "Adds a new role"),
        ("role delete", "Deletes a role"),
        ("role get", "Gets detailed information of a role"),
        ("role grant-permission", "Grants a key to a role"),
        ("role list", "Lists all roles"),
        ("role revoke-permission", "Revokes a key from a role"),
        ("snapshot restore", "Restores an etcd member snapshot to an etcd directory"),
        ("snapshot save", "Stores an etcd node backend snapshot to a given file"),
        ("snapshot status", "[deprecated] Gets backend snapshot status of a given file"),
        ("txn", "Txn processes all the requests in one transaction"),
        ("user add", "Adds a new user"),
        ("user delete", "Deletes a user"),
        ("user get", "Gets detailed information of a user"),
        ("user grant-role", "Grants a role to a user"),
        ("user list", "Lists all users"),
        ("user passwd", "Changes password of user"),
        ("user revoke-role", "Revokes a role from a user"),
        ("version", "Prints the version of etcdctl"),
        ("watch", "Watches events stream on keys or prefixes"),
    ]

    /// The root screen; `version` is the full etcdctl version (3.5.15).
    static func rootText(version: String, apiVersion: String) -> String {
        var text = "NAME:\n\tetcdctl - A simple command line client for etcd3.\n\nUSAGE:\n\tetcdctl [flags]\n\n"
        text += "VERSION:\n\t\(version)\n\nAPI VERSION:\n\t\(apiVersion)\n\n\nCOMMANDS:\n"
        // A tabwriter padding with tabs (tab width 8, padding 1): every name column ends on one tab stop.
        let longest = rootCommands.map(\.0.count).max() ?? 0
        let column = (longest + 1 + 7) / 8 * 8
        for (name, short) in rootCommands {
            text += "\t" + name + String(repeating: "\t", count: (column - name.count + 7) / 8) + short + "\n"
        }
        text += "\nOPTIONS:\n"
        for line in globalOptions.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.isEmpty { continue }
            text += line + "\n"
            if line.hasPrefix("      --endpoints=") { text += "  -h, --help[=false]\t\t\t\thelp for etcdctl\n" }
        }
        return text
    }
}
