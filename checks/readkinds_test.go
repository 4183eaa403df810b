package checks

import (
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/kubeassay/kubeassay/policies"
)

// inventoryModule is an inventory check listing kinds, with body.
func inventoryModule(kinds, body string) string {
	return `# METADATA
# title: T
# description: T.
# custom:
#   id: T-1
#   severity: low
#   subject: inventory
#   kinds: ` + kinds + `
#   remediation: Fix it.
package kubeassay.checks.t.inv

import data.kubeassay.lib.inventory as inv

` + body + "\n"
}

// withInventoryLib adds the inventory library and a library module of our
// own (helpers) to a test catalog.
func withInventoryLib(t *testing.T, check string) fs.FS {
	t.Helper()
	m := testFS(t, map[string]string{"t/inv.rego": check}).(fstest.MapFS)
	lib, err := fs.ReadFile(policies.FS, "lib/inventory.rego")
	if err != nil {
		t.Fatal(err)
	}
	m["lib/inventory.rego"] = &fstest.MapFile{Data: lib}
	m["lib/helpers.rego"] = &fstest.MapFile{Data: []byte(`package kubeassay.lib.helpers

import data.kubeassay.lib.inventory as inv

leases := inv.objects("Lease.coordination.k8s.io")

nested(ns) := count(inv.in_namespace(ns, "Secret"))
`)}
	return m
}

// A kind an inventory check reads but does not list would silently read as
// no objects: loading refuses it, wherever the read is.
func TestCatalogRefusesUndeclaredKindReads(t *testing.T) {
	tests := []struct {
		name, kinds, body, want string
	}{
		{"objects", "[Namespace]", `deny contains inv.finding("x", p, "", null) if some p in inv.objects("NetworkPolicy")`,
			`t/inv.rego:14: check T-1 reads kind "NetworkPolicy", which its custom.kinds does not list`},
		{"in_namespace", "[Namespace]", `deny contains inv.finding("x", p, "", null) if some p in inv.in_namespace("default", "ConfigMap")`,
			`reads kind "ConfigMap"`},
		{"nested call", "[Namespace]", `deny contains inv.finding("x", p, "", null) if { n := count(array.concat(inv.objects("Namespace"), inv.objects("Role"))); n > 1; some p in inv.objects("Namespace") }`,
			`reads kind "Role"`},
		{"input.objects", "[Namespace]", `deny contains inv.finding("x", p, "", null) if some p in input.objects.Service`,
			`reads kind "Service"`},
		{"input.by_namespace", "[Namespace]", `deny contains inv.finding("x", p, "", null) if some p in input.by_namespace.default.Pod`,
			`reads kind "Pod"`},
		{"through a library rule", "[Namespace]", "import data.kubeassay.lib.helpers\n\ndeny contains inv.finding(\"x\", p, \"\", null) if some p in helpers.leases",
			`lib/helpers.rego:5: check T-1 reads kind "Lease.coordination.k8s.io"`},
		{"through a library function", "[Namespace]", "import data.kubeassay.lib.helpers\n\ndeny contains inv.finding(\"x\", p, \"\", null) if { some p in inv.objects(\"Namespace\"); helpers.nested(p.metadata.name) > 0 }",
			`reads kind "Secret"`},
		{"spelled unlike the input", "[NetworkPolicy]", `deny contains inv.finding("x", p, "", null) if some p in inv.objects("NetworkPolicy.networking.k8s.io")`,
			`reads kind "NetworkPolicy.networking.k8s.io", which its custom.kinds does not list (the input names it "NetworkPolicy")`},
	}
	for _, tt := range tests {
		_, err := LoadCatalog(withInventoryLib(t, inventoryModule(tt.kinds, tt.body)))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: error %v, want it to contain %q", tt.name, err, tt.want)
		}
	}
	// The same reads of declared kinds load.
	ok := inventoryModule("[Namespace, NetworkPolicy, Lease.coordination.k8s.io]", "import data.kubeassay.lib.helpers\n\ndeny contains inv.finding(\"x\", p, \"\", null) if { some p in inv.objects(\"NetworkPolicy\"); some q in helpers.leases; some n in input.objects.Namespace }")
	if _, err := LoadCatalog(withInventoryLib(t, ok)); err != nil {
		t.Errorf("declared reads: %v", err)
	}
}

// custom.cis (and any key the loader does not read) is refused: controls
// map checks in the benchmark definitions only.
func TestCatalogRefusesUnreadCustomKeys(t *testing.T) {
	src := strings.Replace(checkModule("T-1", "x", "high", ""), "#   severity: high\n", "#   severity: high\n#   cis: [\"5.2.1\"]\n", 1)
	_, err := LoadCatalog(testFS(t, map[string]string{"a/x.rego": src}))
	if err == nil || !strings.Contains(err.Error(), "a/x.rego: check T-1: METADATA has custom.cis, which kubeassay does not read") {
		t.Errorf("error %v, want custom.cis refused", err)
	}
}

// custom.absence is for inventory checks only, of two kinds at least: the
// kind of what is missing and the kind of where.
func TestCatalogRefusesAbsenceOutsideInventory(t *testing.T) {
	src := strings.Replace(checkModule("T-1", "x", "high", ""), "#   severity: high\n", "#   severity: high\n#   absence: true\n", 1)
	_, err := LoadCatalog(testFS(t, map[string]string{"a/x.rego": src}))
	if err == nil || !strings.Contains(err.Error(), "a/x.rego: check T-1: custom.absence is for inventory checks") {
		t.Errorf("error %v, want custom.absence refused on a pod check", err)
	}
	one := strings.Replace(inventoryModule("[Namespace]", `deny contains inv.finding("x", n, "", null) if { some n in inv.objects("Namespace") }`),
		"#   subject: inventory\n", "#   subject: inventory\n#   absence: true\n", 1)
	if _, err := LoadCatalog(withInventoryLib(t, one)); err == nil || !strings.Contains(err.Error(), "custom.absence is for inventory checks of two kinds or more") {
		t.Errorf("error %v, want custom.absence refused on a check of one kind", err)
	}
}
