package main

import (
	"github.com/spf13/cobra"
	"github.com/spf13/viper"

	"github.com/kubeassay/kubeassay/scan"
	"github.com/kubeassay/kubeassay/sources/cluster"
)

func newRBACCommand(s streams, v *viper.Viper) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "rbac",
		Short: "Print the least-privilege RBAC for scanning; who-can: who holds a permission; risks: who holds dangerous ones",
		Long: `Print deploy/rbac.yaml: the namespace and service account kubeassay/kubeassay, a
ClusterRole kubeassay-reader that may only get and list the resources the checks of the
built-in benchmarks read (plus nodes and /version for the cluster facts), and its
ClusterRoleBinding. The output is generated from the checks, so it is always exact.

'kubeassay rbac who-can' lists every subject that holds a permission (see its --help).
'kubeassay rbac risks' lists the subjects holding dangerous permissions (see its --help).`,
		Example: `  kubeassay rbac | kubectl apply -f -
  kubeassay rbac > deploy/rbac.yaml   # what 'make rbac' does
  kubeassay rbac who-can get secrets -n kube-system
  kubeassay rbac who-can create pods/exec -n team-a -f ./manifests/
  kubeassay rbac who-can get /metrics
  kubeassay rbac risks --min-severity high`,
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
	cmd.AddCommand(newWhoCanCommand(s, v), newRisksCommand(s, v))
	return cmd
}
