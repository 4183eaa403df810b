package main

import (
	"fmt"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/kubeassay/kubeassay/nodes"
)

const nodeExamples = `  # Collect this host's facts (needs root to read other processes and protected files)
  sudo kubeassay node -o json=node.json

  # In a pod that mounts the host at /host and shares the host PID namespace
  kubeassay node --root /host --node-name "$NODE_NAME" -o json=/out/node.json

  # Then judge them, here or elsewhere
  kubeassay scan --node-facts node.json -b cis-1.12`

func newNodeCommand(s streams) *cobra.Command {
	var out, root, profile, nodeName string
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
			format, path, _ := strings.Cut(out, "=")
			if format != "json" {
				return fmt.Errorf("-o %s: the node command writes json (json or json=FILE)", out)
			}
			facts, err := nodes.Collect(cmd.Context(), nodes.Options{Root: root, Profile: profile, NodeName: nodeName, ToolVersion: version})
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
			if path == "" {
				_, err = s.out.Write(data)
				return err
			}
			if err := os.WriteFile(path, data, 0o644); err != nil {
				return fmt.Errorf("-o %s: %w", out, err)
			}
			fmt.Fprintf(s.err, "node facts of %s (%s, %d components) written to %s\n", facts.Metadata.Name, facts.Platform.Name, len(facts.Components), path)
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVarP(&out, "output", "o", "json", "json, or json=FILE")
	f.StringVar(&root, "root", "/", "where the host's filesystem is mounted (/host in a pod); /proc is read under it too")
	f.StringVar(&profile, "profile", "", "platform layout: kubeadm, k3s, rke2, eks, gke, aks (default: detect)")
	f.StringVar(&nodeName, "node-name", "", "the node's name in the cluster (default: the hostname)")
	return cmd
}
