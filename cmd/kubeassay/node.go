package main

import (
	"fmt"
	"io"

	"github.com/spf13/cobra"
	"github.com/spf13/viper"

	"github.com/kubeassay/kubeassay/sources/nodefacts"
	"github.com/kubeassay/kubeassay/sources/nodejobs"
)

const nodeExamples = `  # Collect this host's facts (needs root to read other processes and protected files)
  sudo kubeassay node -o json=node.json

  # In a pod that mounts the host at /host and shares the host PID namespace
  kubeassay node --root /host --node-name "$NODE_NAME" -o json=/out/node.json

  # Then judge them, here or elsewhere
  kubeassay scan --node-facts node.json -b cis-1.12

  # What the Jobs of 'kubeassay scan --nodes' run: publish into a ConfigMap
  kubeassay node --publish --root /host --node-name "$NODE_NAME" --run-id 3f2a9c`

func newNodeCommand(s streams, v *viper.Viper) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "node [-o json[=FILE]]",
		Short: "Collect this node's facts for the CIS node checks",
		Long: `Collect the facts the CIS control-plane, etcd and worker-node checks read: the
Kubernetes components running on this host (from /proc) with their flags and effective
configuration, and the mode and owner of every file the recommendations name. The result
is one NodeFacts JSON document (docs/node-facts.md); 'kubeassay scan --node-facts' judges it.

Nothing is sent anywhere; the document holds paths, modes, owners and configuration
settings, never the contents of keys or credentials.`,
		Example: nodeExamples,
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runNode(cmd, s, v)
		},
	}
	f := cmd.Flags()
	addOutputFlag(f, []string{"json"}, "json")
	ownSetting(f, "output", nodeOutputKey)
	f.String("root", "/", "where the host's filesystem is mounted (/host in a pod); /proc is read under it too")
	f.String("profile", "", "platform layout: kubeadm, k3s, rke2, eks, gke, aks (default: detect)")
	f.String("node-name", "", "the node's name in the cluster (default: the hostname)")
	f.Bool("publish", false, "write the document into the ConfigMap kubeassay-node-<node-name> (what the Jobs of 'scan --nodes' do); -o is then written only when given")
	f.String("namespace", "", "with --publish: the ConfigMap's namespace (default: the pod's own namespace, else "+nodejobs.DefaultNamespace+")")
	f.String("run-id", "", "with --publish: the scan run the document belongs to (label "+nodejobs.LabelRun+")")
	addConnectionFlags(f, "with --publish: ")
	return cmd
}

// runNode collects this node's facts and writes or publishes them; its
// settings are read through the configuration, as for every command.
func runNode(cmd *cobra.Command, s streams, v *viper.Viper) error {
	outputs, err := parseOutputs(stringList(v, nodeOutputKey), []string{"json"}, "json")
	if err != nil {
		return err
	}
	facts, err := nodefacts.Collect(cmd.Context(), nodefacts.Options{Root: v.GetString("root"), Profile: v.GetString("profile"), NodeName: v.GetString("node-name"), ToolVersion: version})
	if err != nil {
		return err
	}
	data, err := facts.JSON()
	if err != nil {
		return err
	}
	if n := len(facts.Errors); n > 0 {
		fmt.Fprintf(s.err, "warning: %d paths could not be read; the document's errors list them\n", n)
	}
	if v.GetBool("publish") {
		namespace, err := singleNamespace(v, "--namespace")
		if err != nil {
			return err
		}
		if namespace == "" {
			namespace = nodejobs.InClusterNamespace()
		}
		cs, err := newClientset(connectionOptions(v))
		if err != nil {
			return fmt.Errorf("--publish: %w", err)
		}
		cm, err := nodejobs.Publish(cmd.Context(), cs, namespace, v.GetString("run-id"), facts.Metadata.Name, data)
		if err != nil {
			return fmt.Errorf("--publish: %w", err)
		}
		fmt.Fprintf(s.err, "node facts of %s (%s, %d components) published to ConfigMap %s/%s\n", facts.Metadata.Name, facts.Platform.Name, len(facts.Components), cm.Namespace, cm.Name)
		if !v.IsSet(nodeOutputKey) {
			return nil // -o not asked for (flag, KUBEASSAY_OUTPUT, kubeassay.yaml): the ConfigMap is the output
		}
	}
	err = writeOutputs(s.out, outputs, func(_ outputSpec, w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
	if err != nil {
		return err
	}
	for _, o := range outputs {
		if o.path != "" {
			fmt.Fprintf(s.err, "node facts of %s (%s, %d components) written to %s\n", facts.Metadata.Name, facts.Platform.Name, len(facts.Components), o.path)
		}
	}
	return nil
}
