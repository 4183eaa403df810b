package rbacinput

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	rbacv1 "k8s.io/api/rbac/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/client-go/kubernetes/fake"
	k8stesting "k8s.io/client-go/testing"
)

const roleAndBinding = `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: reader, namespace: team-a}
rules:
- {apiGroups: [""], resources: [secrets], verbs: [get]}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: read, namespace: team-a}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: reader}
subjects:
- {kind: User, name: alice, apiGroup: rbac.authorization.k8s.io}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: unrelated, namespace: team-a}
`

func write(t *testing.T, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestReadFilesDirectoryAndStdin(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "rbac.yaml", roleAndBinding)
	objs, warnings, err := ReadFiles(context.Background(), nil, []string{dir})
	if err != nil || len(warnings) != 0 {
		t.Fatalf("err %v, warnings %q", err, warnings)
	}
	if len(objs.Roles) != 1 || len(objs.RoleBindings) != 1 || objs.RoleBindings[0].Subjects[0].Name != "alice" {
		t.Errorf("objects %+v", objs)
	}

	objs, warnings, err = ReadFiles(context.Background(), strings.NewReader(roleAndBinding), []string{"-"})
	if err != nil || len(warnings) != 0 || len(objs.Roles) != 1 || len(objs.RoleBindings) != 1 {
		t.Errorf("stdin: err %v, warnings %q, objects %+v", err, warnings, objs)
	}
}

// A document that does not parse may have held RBAC: a warning names its
// file, and the rest is read. A broken document that shows another kind
// loses no RBAC, and is no warning.
func TestReadFilesBrokenDocumentIsAWarningNamingTheFile(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "a.yaml", roleAndBinding)
	broken := write(t, dir, "b.yaml", "apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {name: [broken\n")
	write(t, dir, "c.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: [broken\n")
	objs, warnings, err := ReadFiles(context.Background(), nil, []string{dir})
	if err != nil {
		t.Fatal(err)
	}
	if len(warnings) != 1 || !strings.HasPrefix(warnings[0], broken) {
		t.Errorf("warnings %q, want one naming %s", warnings, broken)
	}
	if len(objs.RoleBindings) != 1 {
		t.Errorf("the readable binding was lost: %+v", objs)
	}
}

// The items of a typed List as the API returns it name no kind: one may be
// an RBAC object, so it is a warning, never dropped in silence.
func TestReadFilesKindlessListItem(t *testing.T) {
	p := write(t, t.TempDir(), "roles.json", `{"apiVersion":"rbac.authorization.k8s.io/v1","kind":"ClusterRoleList","items":[{"metadata":{"name":"x"},"rules":[]}]}`)
	_, warnings, err := ReadFiles(context.Background(), nil, []string{p})
	if err != nil || len(warnings) != 1 || !strings.Contains(warnings[0], "names no kind: it was not read") || !strings.HasPrefix(warnings[0], p) {
		t.Errorf("err %v, warnings %q", err, warnings)
	}
}

// The same object in two manifests: which one the cluster holds is not known.
func TestReadFilesDuplicates(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "base.yaml", roleAndBinding)
	write(t, dir, "overlay.yaml", roleAndBinding)
	_, warnings, err := ReadFiles(context.Background(), nil, []string{dir})
	if err != nil || len(warnings) != 2 {
		t.Errorf("err %v, warnings %q, want the Role and the RoleBinding named", err, warnings)
	}
}

func TestReadFilesMissingPath(t *testing.T) {
	if _, _, err := ReadFiles(context.Background(), nil, []string{"/nonexistent/rbac.yaml"}); err == nil || !strings.Contains(err.Error(), "-f /nonexistent/rbac.yaml") {
		t.Errorf("err %v", err)
	}
}

// A snapshot is read for its RBAC items only; an RBAC kind it could not
// list, or did not read at all, is a warning naming the file and the kind.
func TestReadFilesSnapshot(t *testing.T) {
	dir := t.TempDir()
	items := `{"apiVersion":"rbac.authorization.k8s.io/v1","kind":"ClusterRoleBinding","metadata":{"name":"b"},"roleRef":{"kind":"ClusterRole","name":"c"},"subjects":[{"kind":"User","name":"u"}],"kubeassay.io/origin":{"file":"x"}},` +
		`{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","namespace":"n"}}`
	snap := func(name, kinds, unavailable string) string {
		return write(t, dir, name, `{"apiVersion":"kubeassay/v1","kind":"Snapshot","items":[`+items+`],"metadata":{"kinds":`+kinds+`,"unavailable":`+unavailable+`}}`)
	}
	all := `["ClusterRole","ClusterRoleBinding","Pod","Role","RoleBinding"]`
	objs, warnings, err := ReadFiles(context.Background(), nil, []string{snap("full.json", all, `{}`)})
	if err != nil || len(warnings) != 0 || len(objs.ClusterRoleBindings) != 1 {
		t.Errorf("full: err %v, warnings %q, objects %+v", err, warnings, objs)
	}
	p := snap("forbidden.json", all, `{"Role":"forbidden"}`)
	_, warnings, err = ReadFiles(context.Background(), nil, []string{p})
	if err != nil || len(warnings) != 1 || warnings[0] != p+": the snapshot could not list Role: forbidden" {
		t.Errorf("forbidden: err %v, warnings %q", err, warnings)
	}
	p = snap("old.json", `["ClusterRoleBinding","Pod"]`, `{}`)
	_, warnings, err = ReadFiles(context.Background(), nil, []string{p})
	want := []string{p + ": the snapshot did not read ClusterRole", p + ": the snapshot did not read Role", p + ": the snapshot did not read RoleBinding"}
	if err != nil || strings.Join(warnings, "\n") != strings.Join(want, "\n") {
		t.Errorf("old: err %v, warnings %q, want %q", err, warnings, want)
	}
	// A snapshot cut short is an error, not part of an answer.
	cut := write(t, dir, "cut.json", `{"apiVersion":"kubeassay/v1","kind":"Snapshot","items":[`+items)
	if _, _, err := ReadFiles(context.Background(), nil, []string{cut}); err == nil || !strings.Contains(err.Error(), cut) {
		t.Errorf("cut: err %v", err)
	}
}

func TestReadClusterForbiddenKindIsAWarning(t *testing.T) {
	cs := fake.NewClientset(&rbacv1.ClusterRole{ObjectMeta: metav1.ObjectMeta{Name: "c"}})
	cs.PrependReactor("list", "roles", func(k8stesting.Action) (bool, runtime.Object, error) {
		return true, nil, apierrors.NewForbidden(schema.GroupResource{Group: "rbac.authorization.k8s.io", Resource: "roles"}, "", errors.New("no"))
	})
	objs, warnings, err := readCluster(context.Background(), cs, "https://example.test")
	if err != nil {
		t.Fatal(err)
	}
	if len(objs.ClusterRoles) != 1 || len(warnings) != 1 || !strings.HasPrefix(warnings[0], "could not list Role: forbidden") {
		t.Errorf("objects %+v, warnings %q", objs, warnings)
	}
}

func TestReadClusterUnreachableIsAnError(t *testing.T) {
	cs := fake.NewClientset()
	cs.PrependReactor("list", "*", func(k8stesting.Action) (bool, runtime.Object, error) {
		return true, nil, errors.New("connection refused")
	})
	if _, _, err := readCluster(context.Background(), cs, "https://example.test"); err == nil || !strings.Contains(err.Error(), "reading RBAC from https://example.test: ") {
		t.Errorf("err %v", err)
	}
}
