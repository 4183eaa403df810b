package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const whoCanManifests = `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: secret-reader}
rules:
- {apiGroups: [""], resources: [secrets], verbs: [get, list]}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: aggregated}
aggregationRule:
  clusterRoleSelectors:
  - matchLabels: {team: ops}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: ops-exec, labels: {team: ops}}
rules:
- {apiGroups: [""], resources: [pods/exec], verbs: [create]}
- {nonResourceURLs: ["/metrics"], verbs: [get]}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: ops}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: aggregated}
subjects:
- {kind: Group, name: ops, apiGroup: rbac.authorization.k8s.io}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: read-secrets, namespace: team-a}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: secret-reader}
subjects:
- {kind: ServiceAccount, name: ci}
- {kind: User, name: alice, apiGroup: rbac.authorization.k8s.io}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: unrelated, namespace: team-a}
`

// writeRBACManifests writes manifests into a new directory for -f.
func writeRBACManifests(t *testing.T, text string) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "rbac.yaml"), []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

func writeWhoCanManifests(t *testing.T, extra string) string {
	return writeRBACManifests(t, whoCanManifests+extra)
}

func TestWhoCanTable(t *testing.T) {
	dir := writeWhoCanManifests(t, "")
	r := runCLI(t, "", "rbac", "who-can", "get", "secrets", "-n", "team-a", "-f", dir)
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.err)
	}
	for _, want := range []string{
		"Who can get secrets in namespace team-a:",
		"Group system:masters",
		"User alice",
		"ServiceAccount team-a/ci",
		"RoleBinding team-a/read-secrets",
		"ClusterRole secret-reader",
		`verbs=get,list apiGroups="" resources=secrets`,
	} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("no %q in\n%s", want, r.stdout)
		}
	}
	// Every namespace at once: a RoleBinding does not hold it.
	r = runCLI(t, "", "rbac", "who-can", "get", "secrets", "-f", dir)
	if r.code != 0 || strings.Contains(r.stdout, "alice") || !strings.Contains(r.stdout, "in every namespace") {
		t.Errorf("exit %d, stdout\n%s", r.code, r.stdout)
	}
	// Aggregated, subresource, and the non-resource form.
	r = runCLI(t, "", "rbac", "who-can", "create", "pods/exec", "-n", "team-b", "-f", dir)
	if r.code != 0 || !strings.Contains(r.stdout, "Group ops") || !strings.Contains(r.stdout, "ClusterRole aggregated (aggregated from ops-exec)") {
		t.Errorf("exit %d, stdout\n%s", r.code, r.stdout)
	}
	r = runCLI(t, "", "rbac", "who-can", "get", "/metrics", "-f", dir)
	if r.code != 0 || !strings.Contains(r.stdout, "Group ops") || !strings.Contains(r.stdout, "nonResourceURLs=/metrics") {
		t.Errorf("exit %d, stdout\n%s", r.code, r.stdout)
	}
	r = runCLI(t, "", "rbac", "who-can", "get", "/metrics", "-n", "x", "-f", dir)
	if r.code != exitUsage || !strings.Contains(r.err, "non-resource") {
		t.Errorf("a path with -n: exit %d, %s", r.code, r.err)
	}
}

func TestWhoCanJSONAndStdin(t *testing.T) {
	r := runCLI(t, whoCanManifests, "rbac", "who-can", "list", "secrets", "-n", "team-a", "-f", "-", "-o", "json")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.err)
	}
	var res struct {
		Attributes map[string]any
		Complete   bool
		Grants     []struct {
			Subject    map[string]string
			Binding    map[string]string
			Role       map[string]string
			Rule       map[string]any
			Privileged bool
		}
	}
	if err := json.Unmarshal([]byte(r.stdout), &res); err != nil {
		t.Fatalf("%v\n%s", err, r.stdout)
	}
	if !res.Complete || len(res.Grants) != 3 || !res.Grants[0].Privileged || res.Grants[1].Subject["name"] != "alice" ||
		res.Grants[2].Subject["namespace"] != "team-a" || res.Grants[2].Binding["kind"] != "RoleBinding" || res.Grants[2].Role["name"] != "secret-reader" {
		t.Errorf("%+v", res)
	}
}

// A document that could not be read may have held RBAC: the answer is
// printed, marked incomplete, and the exit status is not 0.
func TestWhoCanIncomplete(t *testing.T) {
	dir := writeWhoCanManifests(t, "---\napiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {name: [broken\n")
	r := runCLI(t, "", "rbac", "who-can", "get", "secrets", "-n", "team-a", "-f", dir)
	if r.code == 0 || !strings.Contains(r.err, "warning:") || !strings.Contains(r.err, "incomplete") || !strings.Contains(r.stdout, "User alice") {
		t.Errorf("exit %d\nstdout %s\nstderr %s", r.code, r.stdout, r.err)
	}
	r = runCLI(t, "", "rbac", "who-can", "get", "secrets", "-n", "team-a", "-f", dir, "-o", "json")
	if r.code == 0 || !strings.Contains(r.stdout, `"complete": false`) {
		t.Errorf("exit %d\nstdout %s", r.code, r.stdout)
	}
}

// The items of a typed List as the API returns it name no kind: such an
// item may be an RBAC object, so the answer is incomplete, never clean.
func TestWhoCanKindlessItems(t *testing.T) {
	path := filepath.Join(t.TempDir(), "roles.json")
	list := `{"apiVersion":"rbac.authorization.k8s.io/v1","kind":"ClusterRoleList","items":[{"metadata":{"name":"x"},"rules":[{"verbs":["get"],"apiGroups":[""],"resources":["secrets"]}]}]}`
	if err := os.WriteFile(path, []byte(list), 0o644); err != nil {
		t.Fatal(err)
	}
	r := runCLI(t, "", "rbac", "who-can", "get", "secrets", "-f", path, "-o", "json")
	if r.code == 0 || !strings.Contains(r.stdout, `"complete": false`) || !strings.Contains(r.err, "names no kind") {
		t.Errorf("exit %d\nstdout %s\nstderr %s", r.code, r.stdout, r.err)
	}
}

func TestWhoCanArgs(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"get", "deployments.apps/scale"}, `"apiGroup":"apps","resource":"deployments","subresource":"scale"`},
		{[]string{"get", "deployments", "--group", "apps", "--name", "web", "-n", "x"}, `"apiGroup":"apps","resource":"deployments","name":"web","namespace":"x"`},
		{[]string{"get", "nodes", "-n", "x"}, `"resource":"nodes"}`},
	} {
		r := runCLI(t, "", append([]string{"rbac", "who-can", "-f", "-", "-o", "json"}, c.args...)...)
		compact := strings.NewReplacer(" ", "", "\n", "").Replace(r.stdout)
		if r.code != 0 || !strings.Contains(compact, c.want) {
			t.Errorf("%v: exit %d %s\n%s", c.args, r.code, r.err, compact)
		}
	}
	if r := runCLI(t, "", "rbac", "who-can", "get"); r.code != exitUsage {
		t.Errorf("one argument: exit %d", r.code)
	}
}

// A snapshot is read for its RBAC items; one that did not list an RBAC kind
// makes the answer incomplete.
func TestWhoCanSnapshot(t *testing.T) {
	dir := t.TempDir()
	item := `{"apiVersion":"rbac.authorization.k8s.io/v1","kind":"ClusterRoleBinding","metadata":{"name":"b"},"roleRef":{"kind":"ClusterRole","name":"c"},"subjects":[{"kind":"User","name":"u"}],"kubeassay.io/origin":{"file":"x"}}`
	role := `{"apiVersion":"rbac.authorization.k8s.io/v1","kind":"ClusterRole","metadata":{"name":"c"},"rules":[{"verbs":["get"],"apiGroups":[""],"resources":["secrets"]}]}`
	write := func(name, kinds, unavailable string) string {
		p := filepath.Join(dir, name)
		doc := `{"apiVersion":"kubeassay/v1","kind":"Snapshot","items":[` + item + `,` + role + `],"metadata":{"kinds":` + kinds + `,"unavailable":` + unavailable + `}}`
		if err := os.WriteFile(p, []byte(doc), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	full := write("full.json", `["ClusterRole","ClusterRoleBinding","Pod","Role","RoleBinding"]`, `{}`)
	r := runCLI(t, "", "rbac", "who-can", "get", "secrets", "-f", full)
	if r.code != 0 || !strings.Contains(r.stdout, "User u ") {
		t.Errorf("exit %d\n%s\n%s", r.code, r.stdout, r.err)
	}
	partial := write("partial.json", `["ClusterRole","ClusterRoleBinding","Pod","Role","RoleBinding"]`, `{"Role":"forbidden"}`)
	r = runCLI(t, "", "rbac", "who-can", "get", "secrets", "-f", partial)
	if r.code == 0 || !strings.Contains(r.err, "could not list Role: forbidden") || !strings.Contains(r.stdout, "User u ") {
		t.Errorf("exit %d\n%s\n%s", r.code, r.stdout, r.err)
	}
	old := write("old.json", `["Pod"]`, `{}`)
	r = runCLI(t, "", "rbac", "who-can", "get", "secrets", "-f", old)
	if r.code == 0 || !strings.Contains(r.err, "the snapshot did not read RoleBinding") {
		t.Errorf("exit %d\n%s\n%s", r.code, r.stdout, r.err)
	}
}
