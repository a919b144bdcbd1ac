/// kubectl's help screens, as v1.32 prints them.
enum KubectlHelp {
    static let root = """
        kubectl controls the Kubernetes cluster manager.

         Find more information at: https://kubernetes.io/docs/reference/kubectl/

        Basic Commands (Beginner):
          create          Create a resource from a file or from stdin
          expose          Take a replication controller, service, deployment or pod and expose it as a new Kubernetes service
          run             Run a particular image on the cluster
          set             Set specific features on objects

        Basic Commands (Intermediate):
          explain         Get documentation for a resource
          get             Display one or many resources
          edit            Edit a resource on the server
          delete          Delete resources by file names, stdin, resources and names, or by resources and label selector

        Deploy Commands:
          rollout         Manage the rollout of a resource
          scale           Set a new size for a deployment, replica set, or replication controller
          autoscale       Auto-scale a deployment, replica set, stateful set, or replication controller

        Cluster Management Commands:
          certificate     Modify certificate resources
          cluster-info    Display cluster information
          top             Display resource (CPU/memory) usage
          cordon          Mark node as unschedulable
          uncordon        Mark node as schedulable
          drain           Drain node in preparation for maintenance
          taint           Update the taints on one or more nodes

        Troubleshooting and Debugging Commands:
          describe        Show details of a specific resource or group of resources
          logs            Print the logs for a container in a pod
          attach          Attach to a running container
          exec            Execute a command in a container
          port-forward    Forward one or more local ports to a pod
          proxy           Run a proxy to the Kubernetes API server
          cp              Copy files and directories to and from containers
          auth            Inspect authorization
          debug           Create debugging sessions for troubleshooting workloads and nodes
          events          List events

        Advanced Commands:
          diff            Diff the live version against a would-be applied version
          apply           Apply a configuration to a resource by file name or stdin
          patch           Update fields of a resource
          replace         Replace a resource by file name or stdin
          wait            Experimental: Wait for a specific condition on one or many resources
          kustomize       Build a kustomization target from a directory or URL

        Settings Commands:
          label           Update the labels on a resource
          annotate        Update the annotations on a resource
          completion      Output shell completion code for the specified shell (bash, zsh, fish, or powershell)

        Other Commands:
          api-resources   Print the supported API resources on the server
          api-versions    Print the supported API versions on the server, in the form of "group/version"
          config          Modify kubeconfig files
          plugin          Provides utilities for interacting with plugins
          version         Print the client and server version information

        Usage:
          kubectl [flags] [options]

        Use "kubectl <command> --help" for more information about a given command.
        Use "kubectl options" for a list of global command-line options (applies to all commands).

        """

    /// The head of `kubectl get --help`; the rest of the screen is not reproduced.
    static let get = """
        Display one or many resources.

         Prints a table of the most important information about the specified resources. You can filter the list using a label selector and the --selector flag. If the desired resource type is namespaced you will only see results in the current namespace if you don't specify any namespace.

         By specifying the output as 'template' and providing a Go template as the value of the --template flag, you can filter the attributes of the fetched resources.

        Use "kubectl api-resources" for a complete list of supported resources.

        Examples:
          # List all pods in ps output format
          kubectl get pods
          
          # List all pods in ps output format with more information (such as node name)
          kubectl get pods -o wide
          
          # List a single replication controller with specified NAME in ps output format
          kubectl get replicationcontroller web
          
          # List deployments in JSON output format, in the "v1" version of the "apps" API group
          kubectl get deployments.v1.apps -o json
          
          # List a single pod in JSON output format
          kubectl get -o json pod web-pod-13je7
          
          # List a pod identified by type and name specified in "pod.yaml" in JSON output format
        kubedojo: the rest of 'kubectl get --help' is not simulated

        """
}
