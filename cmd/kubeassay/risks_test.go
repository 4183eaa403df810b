package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

const risksManifests = `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: cluster-admin}
rules:
- {apiGroups: ["*"], resources: ["*"], verbs: ["*"]}
- {nonResourceURLs: ["*"], verbs: ["*"]}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: cluster-admin, labels: {kubernetes.io/bootstrapping: rbac-defaults}}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}
subjects:
- {kind: Group, name: system:masters, apiGroup: rbac.authorization.k8s.io}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: break-glass}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}
subjects:
- {kind: User, name: bob, apiGroup: rbac.authorization.k8s.io}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: secret-reader}
rules:
- {apiGroups: [""], resources: [secrets], verbs: [get, list]}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: config-reader}
rules:
- {apiGroups: [""], resources: [secrets], verbs: [get], resourceNames: [app-config]}
- {apiGroups: [""], resources: [configmaps, pods, pods/log], verbs: [get, list, watch]}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: read-secrets, namespace: team-a}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: secret-reader}
subjects:
- {kind: ServiceAccount, name: ci}
- {kind: User, name: alice, apiGroup: rbac.authorization.k8s.io}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: read-config, namespace: team-a}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: config-reader}
subjects:
- {kind: User, name: carol, apiGroup: rbac.authorization.k8s.io}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: deployer}
rules:
- {apiGroups: [apps], resources: [deployments], verbs: [create, update]}
- {apiGroups: [""], resources: [pods/exec], verbs: [create]}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: ci-deployer}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: deployer}
subjects:
- {kind: ServiceAccount, name: deployer, namespace: ci}
- {kind: ServiceAccount, name: replicaset-controller, namespace: kube-system}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: pf}
rules:
- {apiGroups: [""], resources: [pods/portforward], verbs: [create]}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: pf}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: pf}
subjects:
- {kind: Group, name: system:authenticated, apiGroup: rbac.authorization.k8s.io}
`

func writeRisksManifests(t *testing.T, extra string) string {
	return writeRBACManifests(t, risksManifests+extra)
}

func TestRisksTable(t *testing.T) {
	dir := writeRisksManifests(t, "")
	r := runCLI(t, "", "rbac", "risks", "-f", dir)
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.err)
	}
	// Sorted by severity, then subject (users, groups, service accounts).
	want := []string{
		"6 subject(s) hold dangerous permissions (severity low or above):",
		"SUBJECT RISK SEVERITY SCOPE VIA",
		"User bob KA-INV-028 (+14 implied) critical cluster ClusterRoleBinding break-glass -> ClusterRole cluster-admin",
		"User alice KA-INV-004 high team-a RoleBinding team-a/read-secrets -> ClusterRole secret-reader",
		"ServiceAccount ci/deployer KA-INV-006 high cluster ClusterRoleBinding ci-deployer -> ClusterRole deployer",
		"ServiceAccount ci/deployer KA-INV-030 high cluster ClusterRoleBinding ci-deployer -> ClusterRole deployer",
		// A system subject that a user's binding gives a risk is shown, as
		// the scan reports it: only Kubernetes' own bindings are left aside.
		"ServiceAccount kube-system/replicaset-controller KA-INV-006 high cluster ClusterRoleBinding ci-deployer -> ClusterRole deployer",
		"ServiceAccount kube-system/replicaset-controller KA-INV-030 high cluster ClusterRoleBinding ci-deployer -> ClusterRole deployer",
		"ServiceAccount team-a/ci KA-INV-004 high team-a RoleBinding team-a/read-secrets -> ClusterRole secret-reader",
		"Group system:authenticated KA-INV-032 low cluster ClusterRoleBinding pf -> ClusterRole pf",
		"1 finding(s) of system subjects Kubernetes needs are hidden (--all shows them).",
	}
	last := -1
	for _, w := range want {
		w = strings.Join(strings.Fields(w), " ")
		lines := strings.Split(r.stdout, "\n")
		at := -1
		for i, line := range lines {
			if strings.Contains(strings.Join(strings.Fields(line), " "), w) {
				at = i
				break
			}
		}
		if at <= last {
			t.Errorf("no %q after line %d in\n%s", w, last, r.stdout)
			continue
		}
		last = at
	}
	// carol reads one named Secret: not a risk (see docs/rbac.md).
	for _, no := range []string{"carol", "system:masters"} {
		if strings.Contains(r.stdout, no) {
			t.Errorf("%q in\n%s", no, r.stdout)
		}
	}
	// bob's other cluster-wide risks are folded into KA-INV-028.
	for _, line := range strings.Split(r.stdout, "\n") {
		if strings.Contains(line, "User bob") && strings.Contains(line, "KA-INV-004") {
			t.Errorf("not folded: %s", line)
		}
	}

	// --all: the system subjects; --expand: bob's risks one by one.
	r = runCLI(t, "", "rbac", "risks", "-f", dir, "--all", "--expand")
	for _, w := range []string{"Group system:masters", "privileged group", "ServiceAccount kube-system/replicaset-controller", "KA-INV-031"} {
		if r.code != 0 || !strings.Contains(r.stdout, w) {
			t.Errorf("--all: exit %d, no %q in\n%s", r.code, w, r.stdout)
		}
	}
	if strings.Contains(r.stdout, "hidden") || strings.Contains(r.stdout, "implied") {
		t.Errorf("--all --expand:\n%s", r.stdout)
	}

	// --min-severity.
	r = runCLI(t, "", "rbac", "risks", "-f", dir, "--min-severity", "critical")
	if r.code != 0 || !strings.Contains(r.stdout, "User bob") || strings.Contains(r.stdout, "alice") || strings.Contains(r.stdout, "system:authenticated") {
		t.Errorf("critical: exit %d\n%s", r.code, r.stdout)
	}
	r = runCLI(t, "", "rbac", "risks", "-f", dir, "--min-severity", "severe")
	if r.code != exitUsage || !strings.Contains(r.err, "--min-severity") {
		t.Errorf("severe: exit %d %s", r.code, r.err)
	}
	r = runCLI(t, "", "rbac", "risks", "-f", dir, "-o", "yaml")
	if r.code != exitUsage {
		t.Errorf("-o yaml: exit %d", r.code)
	}
	r = runCLI(t, "", "rbac", "risks", "-f", "-")
	if r.code != 0 || !strings.Contains(r.stdout, "No subject holds a risk of severity low or above.") {
		t.Errorf("empty: exit %d\n%s", r.code, r.stdout)
	}
}

func TestRisksJSON(t *testing.T) {
	r := runCLI(t, risksManifests, "rbac", "risks", "-f", "-", "-o", "json", "--min-severity", "high")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.err)
	}
	var res struct {
		Complete     bool
		MinSeverity  string
		HiddenSystem int
		Findings     []struct {
			Subject map[string]string
			Risk    struct{ ID, Title, Severity, Why string }
			Scope   string
			Implies []string
			Via     []struct {
				Binding, Role map[string]string
				Rule          map[string]any
			}
		}
	}
	if err := json.Unmarshal([]byte(r.stdout), &res); err != nil {
		t.Fatalf("%v\n%s", err, r.stdout)
	}
	if !res.Complete || res.MinSeverity != "high" || res.HiddenSystem == 0 || len(res.Findings) != 7 {
		t.Fatalf("%+v", res)
	}
	f := res.Findings[0]
	if f.Subject["name"] != "bob" || f.Risk.ID != "KA-INV-028" || f.Risk.Severity != "critical" || f.Risk.Why == "" || f.Scope != "cluster" ||
		len(f.Implies) != 14 || len(f.Via) != 1 || f.Via[0].Binding["name"] != "break-glass" || f.Via[0].Role["name"] != "cluster-admin" || f.Via[0].Rule == nil {
		t.Errorf("%+v", f)
	}
	f = res.Findings[1]
	if f.Subject["name"] != "alice" || f.Risk.ID != "KA-INV-004" || f.Risk.Severity != "high" || f.Scope != "team-a" ||
		f.Via[0].Binding["kind"] != "RoleBinding" || f.Via[0].Binding["namespace"] != "team-a" {
		t.Errorf("%+v", f)
	}
}

// Part of the RBAC could not be read: printed, marked incomplete, exit 2.
func TestRisksIncomplete(t *testing.T) {
	dir := writeRisksManifests(t, "---\napiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {name: [broken\n")
	r := runCLI(t, "", "rbac", "risks", "-f", dir)
	if r.code != exitUsage || !strings.Contains(r.err, "warning:") || !strings.Contains(r.err, "incomplete") || !strings.Contains(r.stdout, "User alice") {
		t.Errorf("exit %d\nstdout %s\nstderr %s", r.code, r.stdout, r.err)
	}
	r = runCLI(t, "", "rbac", "risks", "-f", dir, "-o", "json")
	if r.code != exitUsage || !strings.Contains(r.stdout, `"complete": false`) || !strings.Contains(r.stdout, `"warnings"`) {
		t.Errorf("exit %d\nstdout %s", r.code, r.stdout)
	}
}

// A user's RBAC risk check (--policy-dir) is listed by 'rbac risks' as the
// built-in ones are; a policy directory that does not load is exit 2 before
// any RBAC is read.
func TestRisksPolicyDir(t *testing.T) {
	dir := t.TempDir()
	check := `# METADATA
# title: Only the platform team deletes namespaces
# description: Deleting a namespace deletes everything in it.
# custom:
#   id: ACME-INV-001
#   severity: high
#   subject: inventory
#   kinds: [ClusterRole, ClusterRoleBinding, Role, RoleBinding]
#   remediation: Remove delete on namespaces from the roles listed.
package kubeassay.checks.acme.namespace_deletion

import data.kubeassay.lib.rbac

risk := [{"what": "delete namespaces", "where": "cluster", "any_of": rbac.each(["delete"], "", ["namespaces"])}]

deny contains f if {
	some f in rbac.risk_findings(risk)
}
`
	writeTestFile(t, filepath.Join(dir, "acme", "namespace_deletion.rego"), check)
	manifests := writeRBACManifests(t, `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: namespace-janitor}
rules:
- {apiGroups: [""], resources: [namespaces], verbs: [delete]}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: janitor}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: namespace-janitor}
subjects:
- {kind: User, name: dana, apiGroup: rbac.authorization.k8s.io}
`)
	ids := func(args ...string) []string {
		t.Helper()
		r := runCLI(t, "", append([]string{"rbac", "risks", "-f", manifests, "-o", "json"}, args...)...)
		if r.code != 0 {
			t.Fatalf("exit %d: %s", r.code, r.err)
		}
		var res struct {
			Findings []struct {
				Risk struct {
					ID string `json:"id"`
				} `json:"risk"`
				Subject struct {
					Name string `json:"name"`
				} `json:"subject"`
			} `json:"findings"`
		}
		if err := json.Unmarshal([]byte(r.stdout), &res); err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, f := range res.Findings {
			out = append(out, f.Risk.ID+" "+f.Subject.Name)
		}
		return out
	}
	if got := ids(); len(got) != 0 {
		t.Errorf("without --policy-dir: %v, want no risk", got)
	}
	if got := ids("--policy-dir", dir); strings.Join(got, ",") != "ACME-INV-001 dana" {
		t.Errorf("with --policy-dir: %v, want ACME-INV-001 dana", got)
	}
	writeTestFile(t, filepath.Join(dir, "acme", "broken.rego"), "package kubeassay.checks.acme.broken\n\ndeny contains f if {\n")
	r := runCLI(t, "", "rbac", "risks", "-f", manifests, "--policy-dir", dir)
	if r.code != 2 || !strings.Contains(r.err, "broken.rego") {
		t.Errorf("a broken policy dir: exit %d, %q; want 2 naming broken.rego", r.code, r.err)
	}
}
