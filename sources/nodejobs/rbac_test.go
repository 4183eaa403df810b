package nodejobs_test

import (
	"bytes"
	"fmt"
	"os"
	"reflect"
	"sort"
	"testing"

	rbacv1 "k8s.io/api/rbac/v1"
	"k8s.io/apimachinery/pkg/runtime/serializer"

	"github.com/kubeassay/kubeassay/dev/testcluster"
	"k8s.io/client-go/kubernetes/scheme"
	"sigs.k8s.io/yaml"
)

const rbacFile = "../../deploy/node-collector-rbac.yaml"

// loadRBAC decodes every document of deploy/node-collector-rbac.yaml into
// typed objects.
func loadRBAC(t *testing.T) []any {
	t.Helper()
	data, err := os.ReadFile(rbacFile)
	if err != nil {
		t.Fatal(err)
	}
	decoder := serializer.NewCodecFactory(scheme.Scheme).UniversalDeserializer()
	var objs []any
	for i, doc := range bytes.Split(data, []byte("\n---\n")) {
		j, err := yaml.YAMLToJSON(doc)
		if err != nil {
			t.Fatalf("document %d: %v", i, err)
		}
		if string(bytes.TrimSpace(j)) == "null" {
			continue // comments only
		}
		obj, _, err := decoder.Decode(j, nil, nil)
		if err != nil {
			t.Fatalf("document %d: %v", i, err)
		}
		objs = append(objs, obj)
	}
	return objs
}

// TestCollectorRoleGrantsOnlyConfigMapWrites: the collector pods' Role is
// configmaps get/create/update, in the kubeassay namespace, and nothing else.
func TestCollectorRoleGrantsOnlyConfigMapWrites(t *testing.T) {
	var role *rbacv1.Role
	var kinds []string
	for _, o := range loadRBAC(t) {
		kinds = append(kinds, fmt.Sprintf("%T", o))
		if r, ok := o.(*rbacv1.Role); ok && r.Name == "kubeassay-node-collector" {
			role = r
		}
	}
	if role == nil {
		t.Fatalf("no Role kubeassay-node-collector in %s (objects %v)", rbacFile, kinds)
	}
	if role.Namespace != "kubeassay" {
		t.Errorf("collector Role in namespace %q, want kubeassay", role.Namespace)
	}
	granted := map[string]bool{}
	for _, r := range role.Rules {
		if len(r.ResourceNames) > 0 || len(r.NonResourceURLs) > 0 {
			t.Errorf("unexpected rule shape %+v", r)
		}
		for _, g := range r.APIGroups {
			for _, res := range r.Resources {
				for _, v := range r.Verbs {
					granted[fmt.Sprintf("%q/%s/%s", g, res, v)] = true
				}
			}
		}
	}
	var got []string
	for k := range granted {
		got = append(got, k)
	}
	sort.Strings(got)
	want := []string{`""/configmaps/create`, `""/configmaps/get`, `""/configmaps/update`}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("collector Role grants %v, want exactly %v", got, want)
	}
}

// TestScannerRBACShape: the scanner's Role and ClusterRole are what the
// brief and docs/deploying.md say, and the collector's binding names its
// ServiceAccount.
func TestScannerRBACShape(t *testing.T) {
	var clusterRole *rbacv1.ClusterRole
	var scanner *rbacv1.Role
	var binding *rbacv1.RoleBinding
	for _, o := range loadRBAC(t) {
		switch x := o.(type) {
		case *rbacv1.ClusterRole:
			clusterRole = x
		case *rbacv1.Role:
			if x.Name == "kubeassay-node-scanner" {
				scanner = x
			}
		case *rbacv1.RoleBinding:
			if x.Name == "kubeassay-node-collector" {
				binding = x
			}
		}
	}
	if clusterRole == nil || len(clusterRole.Rules) != 1 || !reflect.DeepEqual(clusterRole.Rules[0].Resources, []string{"nodes"}) || !reflect.DeepEqual(clusterRole.Rules[0].Verbs, []string{"list"}) {
		t.Errorf("scanner ClusterRole: %+v, want list on nodes only", clusterRole)
	}
	if scanner == nil || len(scanner.Rules) != 3 {
		t.Fatalf("scanner Role: %+v", scanner)
	}
	if binding == nil || binding.RoleRef.Name != "kubeassay-node-collector" || len(binding.Subjects) != 1 || binding.Subjects[0].Name != "kubeassay-node-collector" {
		t.Errorf("collector RoleBinding: %+v", binding)
	}
}

// repoRoot is the module's root, for go build.
func repoRoot(t *testing.T) string {
	t.Helper()
	root, err := testcluster.RepoRoot()
	if err != nil {
		t.Fatal(err)
	}
	return root
}
