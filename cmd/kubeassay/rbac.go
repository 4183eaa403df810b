package main

import (
	"github.com/spf13/cobra"

	"github.com/kubeassay/kubeassay/scan"
	"github.com/kubeassay/kubeassay/sources/cluster"
)

func newRBACCommand(s streams) *cobra.Command {
	return &cobra.Command{
		Use:   "rbac",
		Short: "Print the least-privilege RBAC for scanning from inside the cluster",
		Long: `Print deploy/rbac.yaml: the namespace and service account kubeassay/kubeassay, a
ClusterRole kubeassay-reader that may only get and list the resources the checks of the
built-in benchmarks read (plus nodes and /version for the cluster facts), and its
ClusterRoleBinding. The output is generated from the checks, so it is always exact.`,
		Example: `  kubeassay rbac | kubectl apply -f -
  kubeassay rbac > deploy/rbac.yaml   # what 'make rbac' does`,
		Args: cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			b, err := scan.LoadBuiltin()
			if err != nil {
				return err
			}
			out, err := cluster.ReaderRBAC(b.ClusterKinds())
			if err != nil {
				return err
			}
			_, err = s.out.Write(out)
			return err
		},
	}
}
