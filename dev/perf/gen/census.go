package gen

import (
	"fmt"
	"sort"
	"strings"
)

// Census counts what Generate makes: objects by kind, and how the
// namespaces, ServiceAccounts, pods and RBAC are mixed.
type Census struct {
	Objects int
	Kinds   map[string]int
	// Namespaces that have each: "pod-security enforce", "NetworkPolicy",
	// "default deny", "ResourceQuota", "LimitRange".
	Namespaces map[string]int
	// ServiceAccounts by automountServiceAccountToken: "true", "false",
	// "unset".
	Automount map[string]int
	// Pods with an environment variable from a Secret, and pods with no
	// service account token mounted.
	PodsSecretEnv, PodsNoToken int
	// ClusterRoles with an aggregationRule, ClusterRoles labelled to be
	// aggregated, and bindings of cluster-admin.
	Aggregated, AggregatedInto, ClusterAdminBindings int
}

// Census generates n objects and counts them.
func (g *Generator) Census(n int) (*Census, error) {
	c := &Census{Kinds: map[string]int{}, Namespaces: map[string]int{}, Automount: map[string]int{}}
	seen := map[string]map[string]bool{}
	mark := func(what, ns string) {
		if seen[what] == nil {
			seen[what] = map[string]bool{}
		}
		if !seen[what][ns] {
			seen[what][ns] = true
			c.Namespaces[what]++
		}
	}
	err := g.Generate(n, func(o Object) error {
		c.Objects++
		kind, _ := o["kind"].(string)
		c.Kinds[kind]++
		meta := o["metadata"].(Object)
		ns, _ := meta["namespace"].(string)
		labels, _ := meta["labels"].(Object)
		switch kind {
		case "Namespace":
			if labels["pod-security.kubernetes.io/enforce"] != nil {
				mark("pod-security enforce", meta["name"].(string))
			}
		case "NetworkPolicy":
			mark("NetworkPolicy", ns)
			if meta["name"] == "default-deny-all" {
				mark("default deny", ns)
			}
		case "ResourceQuota", "LimitRange":
			mark(kind, ns)
		case "ServiceAccount":
			c.Automount[fmt.Sprint(o["automountServiceAccountToken"])]++
		case "Pod":
			spec := o["spec"].(Object)
			if strings.Contains(fmt.Sprint(spec["containers"]), "secretKeyRef") {
				c.PodsSecretEnv++
			}
			if !strings.Contains(fmt.Sprint(spec["volumes"]), "serviceAccountToken") {
				c.PodsNoToken++
			}
		case "ClusterRole":
			if o["aggregationRule"] != nil {
				c.Aggregated++
			}
			for k := range labels {
				if strings.Contains(k, "/aggregate-to-") {
					c.AggregatedInto++
					break
				}
			}
		case "ClusterRoleBinding", "RoleBinding":
			if ref, _ := o["roleRef"].(Object); ref["name"] == "cluster-admin" {
				c.ClusterAdminBindings++
			}
		}
		return nil
	})
	if v, ok := c.Automount["<nil>"]; ok {
		delete(c.Automount, "<nil>")
		c.Automount["unset"] = v
	}
	return c, err
}

func (c *Census) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "census of %d objects:", c.Objects)
	keys := func(m map[string]int) []string {
		var ks []string
		for k := range m {
			ks = append(ks, k)
		}
		sort.Strings(ks)
		return ks
	}
	for _, k := range keys(c.Kinds) {
		fmt.Fprintf(&b, " %s %d,", k, c.Kinds[k])
	}
	fmt.Fprintf(&b, "\n  namespaces %d, with:", c.Kinds["Namespace"])
	for _, k := range keys(c.Namespaces) {
		fmt.Fprintf(&b, " %s %d,", k, c.Namespaces[k])
	}
	b.WriteString("\n  ServiceAccounts by automountServiceAccountToken:")
	for _, k := range keys(c.Automount) {
		fmt.Fprintf(&b, " %s %d,", k, c.Automount[k])
	}
	fmt.Fprintf(&b, "\n  pods with a secretKeyRef %d, without a token %d; aggregated ClusterRoles %d, ClusterRoles aggregated into them %d, cluster-admin bindings %d\n",
		c.PodsSecretEnv, c.PodsNoToken, c.Aggregated, c.AggregatedInto, c.ClusterAdminBindings)
	return b.String()
}
