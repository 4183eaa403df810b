package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"
	"github.com/spf13/viper"

	"github.com/kubeassay/kubeassay/checks/rbac"
	"github.com/kubeassay/kubeassay/sources/cluster"
	"github.com/kubeassay/kubeassay/sources/rbacinput"
)

// whoCanFlags are who-can's settings, as whoCanSettings reads them.
type whoCanFlags struct {
	namespace, name, group string
	outputs                []outputSpec
	files                  []string
	conn                   cluster.Options // the API server, when no files
}

func newWhoCanCommand(s streams, v *viper.Viper) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "who-can VERB RESOURCE[/SUBRESOURCE] | who-can VERB /PATH",
		Short: "List every subject that holds a permission, and through which binding and role",
		Long: `List every subject (user, group, service account) that may do VERB on RESOURCE (or on a
non-resource PATH such as /metrics), with the binding, the role and the rule that grant
it. The RBAC is resolved with the API server's semantics (see docs/rbac.md): wildcards,
subresources and */subresource, resourceNames, non-resource URL prefixes, aggregated
ClusterRoles (aggregated here, whether or not the controller has filled their rules),
RoleBindings only within their namespace. The group system:masters is always listed:
kube-apiserver allows it everything before RBAC is asked.

Without -n, a namespaced resource is asked for every namespace at once: only
cluster-wide grants (ClusterRoleBindings) hold it. With -n NS, RoleBindings of NS count too.

The RBAC is read from the cluster of the current kubeconfig context (--kubeconfig,
--context), or from manifests, kubectl output or a snapshot with -f. When a kind could
not be listed (forbidden) or a document could not be read, the answer is incomplete: it
is printed with a warning and the exit status is 2.`,
		Example: `  kubeassay rbac who-can get secrets -n kube-system
  kubeassay rbac who-can create pods/exec -n team-a
  kubeassay rbac who-can update deployments/scale --group apps -n team-a   # or deployments.apps/scale
  kubeassay rbac who-can get /metrics
  kubeassay rbac who-can list secrets -o json --context prod
  kubeassay rbac who-can list secrets -o json=who-can.json -o table   # as scan's -o: FORMAT[=FILE], repeatable
  kubectl get roles,rolebindings,clusterroles,clusterrolebindings -A -o yaml | kubeassay rbac who-can get secrets -f -
  kubeassay rbac who-can escalate clusterroles --group rbac.authorization.k8s.io -f ./manifests/`,
		Args: cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			f, err := whoCanSettings(v)
			if err != nil {
				return err
			}
			return runWhoCan(cmd.Context(), s, f, args)
		},
	}
	fl := cmd.Flags()
	fl.StringP("namespace", "n", "", "namespace of the request (default: every namespace, so only cluster-wide grants)")
	fl.String("name", "", "name of the object (rules with resourceNames hold only for their names)")
	fl.String("group", "", "API group of the resource (default: the core group, or what RESOURCE.GROUP names)")
	addOutputFlag(fl, rbacFormats, "table")
	ownSetting(fl, "output", whoCanOutputKey)
	fl.StringSliceP("filename", "f", nil, "read RBAC from these manifests, directories, snapshots or - (repeatable; default: the cluster)")
	addConnectionFlags(fl, "")
	return cmd
}

// whoCanSettings reads who-can's flags through the configuration: flags,
// then KUBEASSAY_*, then kubeassay.yaml, as for every command.
func whoCanSettings(v *viper.Viper) (whoCanFlags, error) {
	ns, err := singleNamespace(v, "-n")
	if err != nil {
		return whoCanFlags{}, err
	}
	outputs, err := parseOutputs(stringList(v, whoCanOutputKey), rbacFormats, "table")
	if err != nil {
		return whoCanFlags{}, err
	}
	return whoCanFlags{
		namespace: ns, name: v.GetString("name"), group: v.GetString("group"),
		outputs: outputs, files: v.GetStringSlice("filename"),
		conn: connectionOptions(v),
	}, nil
}

// parseWhoCan turns the arguments into the request's attributes.
func parseWhoCan(f whoCanFlags, args []string) (rbac.Attributes, error) {
	verb, target := args[0], args[1]
	if verb == "" {
		return rbac.Attributes{}, errors.New("VERB is empty")
	}
	if strings.HasPrefix(target, "/") {
		if f.namespace != "" || f.name != "" || f.group != "" {
			return rbac.Attributes{}, fmt.Errorf("%s is a non-resource path: -n, --name and --group do not apply", target)
		}
		return rbac.Attributes{Verb: verb, Path: target}, nil
	}
	resource, sub, _ := strings.Cut(target, "/")
	group := f.group
	if r, g, ok := strings.Cut(resource, "."); ok {
		if f.group != "" && f.group != g {
			return rbac.Attributes{}, fmt.Errorf("%s names group %s, --group %s", target, g, f.group)
		}
		resource, group = r, g
	}
	if resource == "" || strings.Contains(sub, "/") {
		return rbac.Attributes{}, fmt.Errorf("%q: want RESOURCE, RESOURCE/SUBRESOURCE or /PATH", target)
	}
	return rbac.Attributes{Verb: verb, APIGroup: group, Resource: resource, Subresource: sub, Name: f.name, Namespace: f.namespace}, nil
}

// whoCanResult is the JSON output.
type whoCanResult struct {
	Attributes rbac.Attributes `json:"attributes"`
	// Complete is false when part of the RBAC could not be read: then
	// more subjects may hold the permission than are listed.
	Complete bool         `json:"complete"`
	Warnings []string     `json:"warnings,omitempty"`
	Grants   []rbac.Grant `json:"grants"`
}

func runWhoCan(ctx context.Context, s streams, f whoCanFlags, args []string) error {
	attrs, err := parseWhoCan(f, args)
	if err != nil {
		return err
	}
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
	res := whoCanResult{Attributes: attrs.Normalize(), Complete: len(warnings) == 0, Warnings: warnings}
	if attrs.IsResourceRequest() && attrs.Namespace != "" && res.Attributes.Namespace == "" {
		fmt.Fprintf(s.err, "note: %s is cluster-scoped: -n %s does not apply\n", attrs.Resource, attrs.Namespace)
	}
	res.Grants = rbac.New(objs).WhoCan(attrs)
	return writeRBACAnswer(s, f.outputs, res, func(s streams) error { return writeWhoCanTable(s, res) }, warnings, "the permission")
}

// rbacFormats are the -o formats of who-can and risks.
var rbacFormats = []string{"table", "json"}

// writeRBACAnswer writes an answer of who-can or risks to each output, as
// JSON or as its table (table writes to the out of the streams it is
// given), then, when part of the RBAC could not be read, the warnings and an
// error (exit 2): the answer may lack subjects that hold what.
func writeRBACAnswer(s streams, outputs []outputSpec, res any, table func(streams) error, warnings []string, what string) error {
	err := writeOutputs(s.out, outputs, func(o outputSpec, w io.Writer) error {
		if o.format == "json" {
			enc := json.NewEncoder(w)
			enc.SetIndent("", "  ")
			return enc.Encode(res)
		}
		return table(streams{in: s.in, out: w, err: s.err})
	})
	if err != nil {
		return err
	}
	if len(warnings) > 0 {
		for _, w := range warnings {
			fmt.Fprintln(s.err, "warning:", w)
		}
		return fmt.Errorf("the answer is incomplete: %d part(s) of the RBAC could not be read, more subjects may hold %s", len(warnings), what)
	}
	return nil
}

func describe(a rbac.Attributes) string {
	if !a.IsResourceRequest() {
		return a.Verb + " " + a.Path
	}
	s := a.Verb + " " + a.Resource
	if a.APIGroup != "" {
		s += "." + a.APIGroup
	}
	if a.Subresource != "" {
		s += "/" + a.Subresource
	}
	if a.Name != "" {
		s += " " + a.Name
	}
	if a.Namespace != "" {
		return s + " in namespace " + a.Namespace
	}
	if rbac.IsClusterScoped(a.APIGroup, a.Resource) {
		return s
	}
	return s + " in every namespace"
}

func writeWhoCanTable(s streams, res whoCanResult) error {
	fmt.Fprintf(s.out, "Who can %s:\n\n", describe(res.Attributes))
	tw := tabwriter.NewWriter(s.out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "SUBJECT\tBINDING\tROLE\tRULE")
	for _, g := range res.Grants {
		if g.Privileged {
			fmt.Fprintf(tw, "%s %s\t-\t-\tprivileged group: allowed everything before RBAC\n", g.Subject.Kind, g.Subject.Name)
			continue
		}
		name := g.Subject.Name
		if g.Subject.Namespace != "" {
			name = g.Subject.Namespace + "/" + name
		}
		role := g.Role.Kind + " " + g.Role.Name
		if g.AggregatedFrom != "" {
			role += " (aggregated from " + g.AggregatedFrom + ")"
		}
		binding := g.Binding.Kind + " " + g.Binding.Name
		if g.Binding.Namespace != "" {
			binding = g.Binding.Kind + " " + g.Binding.Namespace + "/" + g.Binding.Name
		}
		fmt.Fprintf(tw, "%s %s\t%s\t%s\t%s\n", g.Subject.Kind, name, binding, role, formatRule(g))
	}
	return tw.Flush()
}

func formatRule(g rbac.Grant) string {
	if g.Rule == nil {
		return ""
	}
	list := func(l []string) string {
		q := make([]string, len(l))
		for i, v := range l {
			if v == "" {
				v = `""`
			}
			q[i] = v
		}
		return strings.Join(q, ",")
	}
	r := g.Rule
	parts := []string{"verbs=" + list(r.Verbs)}
	if len(r.NonResourceURLs) > 0 {
		parts = append(parts, "nonResourceURLs="+list(r.NonResourceURLs))
	} else {
		parts = append(parts, "apiGroups="+list(r.APIGroups), "resources="+list(r.Resources))
	}
	if len(r.ResourceNames) > 0 {
		parts = append(parts, "resourceNames="+list(r.ResourceNames))
	}
	return strings.Join(parts, " ")
}

// readRBACCluster lists the RBAC of the cluster of the connection flags.
func readRBACCluster(ctx context.Context, conn cluster.Options) (rbac.Objects, []string, error) {
	cfg, err := cluster.RESTConfig(conn)
	if err != nil {
		return rbac.Objects{}, nil, err
	}
	return rbacinput.ReadCluster(ctx, cfg)
}
