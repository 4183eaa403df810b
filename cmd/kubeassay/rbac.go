package main

import (
	"fmt"

	"github.com/spf13/cobra"
	"github.com/spf13/viper"

	"github.com/kubeassay/kubeassay/checks"
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
ClusterRoleBinding. The output is generated from the checks, so it is always exact. With
--policy-dir, the kinds the checks of those directories read are included.

'kubeassay rbac who-can' lists every subject that holds a permission (see its --help).
'kubeassay rbac risks' lists the subjects holding dangerous permissions (see its --help).`,
		Example: `  kubeassay rbac | kubectl apply -f -
  kubeassay rbac > deploy/rbac.yaml   # what 'make rbac' does
  kubeassay rbac --policy-dir ./my-policies | kubectl apply -f -
  kubeassay rbac who-can get secrets -n kube-system
  kubeassay rbac who-can create pods/exec -n team-a -f ./manifests/
  kubeassay rbac who-can get /metrics
  kubeassay rbac risks --min-severity high`,
		Args: cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			b, err := loadPolicies(v)
			if err != nil {
				return err
			}
			if err := knownResources(b); err != nil {
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
	addPolicyDirFlag(cmd.Flags())
	cmd.AddCommand(newWhoCanCommand(s, v), newRisksCommand(s, v))
	return cmd
}

// knownResources refuses a kind that a check of a policy directory reads
// and whose API resource kubeassay knows only from a cluster's discovery
// (a custom resource): the role cannot name it.
func knownResources(b *scan.Builtin) error {
	for _, ch := range b.Catalog.Checks {
		if ch.PolicyDir == "" {
			continue
		}
		for _, k := range ch.Kinds {
			if _, ok := checks.Resource(k); checks.FromAPI(k) && !ok {
				return fmt.Errorf("%s: check %s reads kind %s, whose API resource kubeassay learns only from a cluster's discovery, so no role it prints can name it: grant get and list on that resource yourself", ch.File, ch.ID, k)
			}
		}
	}
	return nil
}
