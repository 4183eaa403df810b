package gen

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
)

func generate(t *testing.T, seed uint64, n int) []Object {
	t.Helper()
	var objs []Object
	if err := New(seed).Generate(n, func(o Object) error { objs = append(objs, o); return nil }); err != nil {
		t.Fatal(err)
	}
	return objs
}

func TestGenerateIsExactAndDeterministic(t *testing.T) {
	for _, n := range []int{0, 1, 13, 500, 20000} {
		if got := len(generate(t, 1, n)); got != n {
			t.Errorf("Generate(%d) yielded %d objects", n, got)
		}
	}
	var a, b, c bytes.Buffer
	for _, x := range []struct {
		w    *bytes.Buffer
		seed uint64
	}{{&a, 1}, {&b, 1}, {&c, 2}} {
		if err := New(x.seed).WriteList(x.w, 3000); err != nil {
			t.Fatal(err)
		}
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("two lists of the same seed differ")
	}
	if bytes.Equal(a.Bytes(), c.Bytes()) {
		t.Error("two seeds gave the same list")
	}
}

func labels(o Object) Object {
	l, _ := o["metadata"].(Object)["labels"].(Object)
	return l
}

// TestPopulationIsMixed: at 100k objects, hundreds of namespaces, thousands
// of Roles and RoleBindings, and each policy present in some namespaces and
// absent from others.
func TestPopulationIsMixed(t *testing.T) {
	c, err := New(1).Census(100000)
	if err != nil {
		t.Fatal(err)
	}
	t.Log(c)
	nss, sas, pods := c.Kinds["Namespace"], c.Kinds["ServiceAccount"], c.Kinds["Pod"]
	for _, x := range []struct {
		what          string
		got, min, max int
	}{
		{"objects", c.Objects, 100000, 100000},
		{"namespaces", nss, 300, 1500},
		{"Roles", c.Kinds["Role"], 2000, 20000},
		{"RoleBindings", c.Kinds["RoleBinding"], 2000, 20000},
		{"ClusterRoles", c.Kinds["ClusterRole"], 150, 1000},
		{"ClusterRoleBindings", c.Kinds["ClusterRoleBinding"], 100, 1000},
		{"aggregated ClusterRoles", c.Aggregated, 5, 5},
		{"ClusterRoles labelled for aggregation", c.AggregatedInto, 40, 500},
		{"cluster-admin bindings", c.ClusterAdminBindings, 3, 50},
		{"namespaces with NetworkPolicies", c.Namespaces["NetworkPolicy"], nss / 2, nss - 50},
		{"namespaces denying by default", c.Namespaces["default deny"], nss / 4, nss * 2 / 3},
		{"namespaces with a quota", c.Namespaces["ResourceQuota"], nss / 3, nss - 50},
		{"namespaces with a LimitRange", c.Namespaces["LimitRange"], nss / 3, nss - 50},
		{"namespaces enforcing a Pod Security level", c.Namespaces["pod-security enforce"], nss / 4, nss * 2 / 3},
		{"ServiceAccounts with automount off", c.Automount["false"], 500, sas / 2},
		{"ServiceAccounts with automount on", c.Automount["true"], 100, sas / 2},
		{"ServiceAccounts with automount unset", c.Automount["unset"], sas / 4, sas},
		{"pods with a secretKeyRef", c.PodsSecretEnv, pods / 5, pods / 2},
		{"pods without a token", c.PodsNoToken, pods / 10, pods / 2},
		{"pods", pods, c.Objects / 4, c.Objects / 2},
	} {
		if x.got < x.min || x.got > x.max {
			t.Errorf("%s: %d, want %d to %d", x.what, x.got, x.min, x.max)
		}
	}
}

// TestObjectsLookServed: labels are never empty, every pod names its
// ServiceAccount in both fields, and no namespace enforcing a Pod Security
// level holds a privileged pod.
func TestObjectsLookServed(t *testing.T) {
	enforcing := map[string]bool{}
	for _, o := range generate(t, 1, 30000) {
		meta := o["metadata"].(Object)
		ns, _ := meta["namespace"].(string)
		if l, ok := meta["labels"]; ok && len(l.(Object)) == 0 {
			t.Fatalf("%s %s/%s has empty labels", o["kind"], ns, meta["name"])
		}
		switch o["kind"] {
		case "Namespace":
			if labels(o)["pod-security.kubernetes.io/enforce"] != nil {
				enforcing[meta["name"].(string)] = true
			}
		case "Pod":
			spec := o["spec"].(Object)
			if spec["serviceAccountName"] == nil || spec["serviceAccount"] != spec["serviceAccountName"] {
				t.Fatalf("pod %s/%s: serviceAccountName %v, serviceAccount %v", ns, meta["name"], spec["serviceAccountName"], spec["serviceAccount"])
			}
			mounted := strings.Contains(fmt.Sprint(spec["containers"]), "kube-api-access-")
			if mounted != strings.Contains(fmt.Sprint(spec["volumes"]), "kube-api-access-") {
				t.Errorf("pod %s/%s: token mount and token volume disagree", ns, meta["name"])
			}
			if mounted && spec["automountServiceAccountToken"] == false {
				t.Errorf("pod %s/%s: token mounted although the pod turns automounting off", ns, meta["name"])
			}
			if enforcing[ns] && strings.Contains(fmt.Sprint(spec), "privileged:true") {
				t.Errorf("pod %s/%s is privileged in a namespace enforcing a Pod Security level", ns, meta["name"])
			}
		}
	}
	if len(enforcing) == 0 {
		t.Error("no namespace enforces a Pod Security level")
	}
}

// TestAggregatedRolesHoldWhatTheySelect: edit holds view's rules (view is
// labelled into edit), admin holds edit's, as the aggregation controller
// leaves them.
func TestAggregatedRolesHoldWhatTheySelect(t *testing.T) {
	roles := map[string]Object{}
	for _, o := range generate(t, 1, 20000) {
		if o["kind"] == "ClusterRole" {
			roles[o["metadata"].(Object)["name"].(string)] = o
		}
	}
	has := func(role string, r any) bool {
		for _, x := range roles[role]["rules"].([]any) {
			if fmt.Sprint(x) == fmt.Sprint(r) {
				return true
			}
		}
		return false
	}
	for _, pair := range [][2]string{{"system:aggregate-to-view", "view"}, {"view", "edit"}, {"edit", "admin"}, {"cert-manager-view", "view"}, {"monitoring-metrics", "monitoring"}, {"edit", "namespace-owner"}} {
		src, ok := roles[pair[0]]
		if !ok || roles[pair[1]] == nil {
			t.Fatalf("missing %s or %s", pair[0], pair[1])
		}
		for _, r := range src["rules"].([]any) {
			if !has(pair[1], r) {
				t.Errorf("%s lacks rule %v of %s", pair[1], r, pair[0])
			}
		}
	}
	if has("view", roles["system:aggregate-to-edit"]["rules"].([]any)[0]) {
		t.Error("view holds an edit rule")
	}
}
