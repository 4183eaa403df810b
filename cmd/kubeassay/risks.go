package main

import (
	"context"
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"
	"github.com/spf13/viper"

	"github.com/kubeassay/kubeassay/checks/rbac"
	"github.com/kubeassay/kubeassay/scan"
	"github.com/kubeassay/kubeassay/sources/cluster"
	"github.com/kubeassay/kubeassay/sources/rbacinput"
)

// risksFlags are risks' settings, read through the configuration: flags,
// then KUBEASSAY_*, then kubeassay.yaml, as for every command.
type risksFlags struct {
	outputs     []outputSpec
	minSeverity string
	all, expand bool
	files       []string
	conn        cluster.Options // the API server, when no files
	policyDirs  []string        // --policy-dir: their RBAC risk checks are listed too
}

func newRisksCommand(s streams, v *viper.Viper) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "risks",
		Short: "List the subjects holding dangerous permissions, with severity, reason, binding and role",
		Long: `List every subject (user, group, service account) that holds a dangerous permission:
read Secrets, create pods or workloads, exec, nodes/proxy, bind, escalate, impersonate,
service account tokens, certificate approval, admission webhooks, PersistentVolumes,
RBAC changes, port forwarding, and every verb on every resource (KA-INV-028). Each
risk is one of the scan's RBAC checks (policies/inventory/), with its id and severity, so
'rbac risks' and the scan's findings agree. Each finding has the risk's id, severity and
scope (cluster: through ClusterRoleBindings; a namespace: through a RoleBinding of it) and
the bindings and roles that grant it. With --policy-dir, the RBAC risk checks of your own
directories (an inventory check with a risk rule, see docs/writing-policies.md) are
listed beside the built-in ones, as the scan reports them. The list and how it is computed are in
docs/rbac.md; the RBAC is resolved as 'who-can' resolves it.

The other cluster-wide risks of a subject holding KA-INV-028, granted through the
same bindings, are folded into that finding ("+N implied"; JSON: implies) unless --expand.

The subjects Kubernetes itself needs are left out unless --all, as far as the bindings
Kubernetes creates itself give them what they hold: system:masters, the control plane's
users (system:kube-controller-manager, system:kube-scheduler, system:kube-proxy), the
nodes (system:nodes, system:node:*) and the service accounts of kube-system. A binding of
anyone else's to them (a tiller service account bound to cluster-admin) is shown, as the
scan reports it. Broad groups such as system:authenticated are always shown.

The RBAC is read as by 'who-can': the cluster of the current kubeconfig context, or -f
manifests, kubectl output or a snapshot. When part of it could not be read the list is
printed with a warning and the exit status is 2.`,
		Example: `  kubeassay rbac risks
  kubeassay rbac risks --min-severity high --context prod
  kubeassay rbac risks -f ./manifests/ -o json
  kubeassay rbac risks --all   # the system subjects too
  kubeassay rbac risks --policy-dir ./my-policies
  kubectl get roles,rolebindings,clusterroles,clusterrolebindings -A -o yaml | kubeassay rbac risks -f -`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			outputs, err := parseOutputs(stringList(v, risksOutputKey), rbacFormats, "table")
			if err != nil {
				return err
			}
			f := risksFlags{
				outputs: outputs, minSeverity: v.GetString("min-severity"),
				all: v.GetBool("all"), expand: v.GetBool("expand"), files: v.GetStringSlice("filename"),
				conn: connectionOptions(v), policyDirs: stringList(v, "policy-dir"),
			}
			return runRisks(cmd.Context(), s, f)
		},
	}
	fl := cmd.Flags()
	addOutputFlag(fl, rbacFormats, "table")
	ownSetting(fl, "output", risksOutputKey)
	fl.String("min-severity", "low", "list risks of this severity and above: critical, high, medium or low")
	fl.Bool("all", false, "include the system subjects Kubernetes itself needs (system:masters, kube-system service accounts, ...)")
	fl.Bool("expand", false, "list every risk of a subject holding KA-INV-028 (every verb on every resource) (default: folded into that finding's implies)")
	fl.StringSliceP("filename", "f", nil, "read RBAC from these manifests, directories, snapshots or - (repeatable; default: the cluster)")
	addConnectionFlags(fl, "")
	addPolicyDirFlag(fl)
	return cmd
}

// risksResult is the JSON output.
type risksResult struct {
	// Complete is false when part of the RBAC could not be read: then
	// more subjects may hold risks than are listed.
	Complete    bool          `json:"complete"`
	Warnings    []string      `json:"warnings,omitempty"`
	MinSeverity rbac.Severity `json:"minSeverity"`
	All         bool          `json:"all"`
	// HiddenSystem counts the findings of system subjects left out
	// (without --all).
	HiddenSystem int                `json:"hiddenSystem"`
	Findings     []rbac.RiskFinding `json:"findings"`
}

func runRisks(ctx context.Context, s streams, f risksFlags) error {
	minSev, err := rbac.ParseSeverity(f.minSeverity)
	if err != nil {
		return fmt.Errorf("--min-severity: %w", err)
	}
	// The checks load before anything is read: a broken policy directory
	// is a usage error, not a half-listed answer.
	b, err := scan.LoadPolicies(f.policyDirs)
	if err != nil {
		return err
	}
	cat := b.Catalog
	var objs rbac.Objects
	var warnings []string
	if len(f.files) > 0 {
		objs, warnings, err = rbacinput.ReadFiles(ctx, s.in, f.files)
	} else {
		objs, warnings, err = readRBACCluster(ctx, f.conn)
	}
	if err != nil {
		return err
	}
	res := risksResult{Complete: len(warnings) == 0, Warnings: warnings, MinSeverity: minSev, All: f.all, Findings: []rbac.RiskFinding{}}
	catalog, err := cat.RBACRisks(ctx)
	if err != nil {
		return err
	}
	found := rbac.New(objs).FindRisks(catalog)
	if err := cat.MarkSystem(ctx, objs, found); err != nil {
		return err
	}
	found = rbac.MergeParts(found)
	if !f.expand {
		found = rbac.FoldWildcard(found)
	}
	for _, fd := range found {
		if fd.Risk.Severity < minSev {
			continue
		}
		if fd.System && !f.all {
			res.HiddenSystem++
			continue
		}
		res.Findings = append(res.Findings, fd)
	}
	return writeRBACAnswer(s, f.outputs, res, func(s streams) error { return writeRisksTable(s, res) }, warnings, "risks")
}

func subjectName(sub rbac.Subject) string {
	if sub.Namespace != "" {
		return sub.Kind + " " + sub.Namespace + "/" + sub.Name
	}
	return sub.Kind + " " + sub.Name
}

// formatVia: binding -> role, for each grant.
func formatVia(gs []rbac.Grant) string {
	parts := make([]string, 0, len(gs))
	for _, g := range gs {
		if g.Privileged {
			parts = append(parts, "privileged group (allowed everything before RBAC)")
			continue
		}
		b := g.Binding.Kind + " " + g.Binding.Name
		if g.Binding.Namespace != "" {
			b = g.Binding.Kind + " " + g.Binding.Namespace + "/" + g.Binding.Name
		}
		role := g.Role.Kind + " " + g.Role.Name
		if g.AggregatedFrom != "" {
			role += " (aggregated from " + g.AggregatedFrom + ")"
		}
		parts = append(parts, b+" -> "+role)
	}
	return strings.Join(parts, ", ")
}

func writeRisksTable(s streams, res risksResult) error {
	hidden := ""
	if res.HiddenSystem > 0 {
		hidden = fmt.Sprintf("\n%d finding(s) of system subjects Kubernetes needs are hidden (--all shows them).\n", res.HiddenSystem)
	}
	if len(res.Findings) == 0 {
		fmt.Fprintf(s.out, "No subject holds a risk of severity %s or above.\n%s", res.MinSeverity, hidden)
		return nil
	}
	subjects := map[rbac.Subject]bool{}
	for _, fd := range res.Findings {
		subjects[fd.Subject] = true
	}
	fmt.Fprintf(s.out, "%d subject(s) hold dangerous permissions (severity %s or above):\n\n", len(subjects), res.MinSeverity)
	tw := tabwriter.NewWriter(s.out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "SUBJECT\tRISK\tSEVERITY\tSCOPE\tVIA")
	for _, fd := range res.Findings {
		id := fd.Risk.ID
		if len(fd.Implies) > 0 {
			id += fmt.Sprintf(" (+%d implied)", len(fd.Implies))
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", subjectName(fd.Subject), id, fd.Risk.Severity, fd.Scope, formatVia(fd.Via))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	_, err := fmt.Fprint(s.out, hidden)
	return err
}
