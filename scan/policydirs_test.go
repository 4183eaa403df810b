package scan

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/kubeassay/kubeassay/report"
)

// writeTree writes files (path: content) under a new directory and returns
// it.
func writeTree(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// userCheck is a pod check's module with the given id and package name
// (under kubeassay.checks.), and METADATA lines to leave out.
func userCheck(id, pkg string, without ...string) string {
	lines := []string{
		"# METADATA",
		"# title: Containers name a registry",
		"# description: An image without a registry comes from Docker Hub.",
		"# custom:",
		"#   id: " + id,
		"#   severity: low",
		"#   subject: pod",
		"#   remediation: Name the registry in the image.",
	}
	var kept []string
	for _, l := range lines {
		if !slices.ContainsFunc(without, func(w string) bool { return strings.Contains(l, w+":") }) {
			kept = append(kept, l)
		}
	}
	return strings.Join(kept, "\n") + `
package kubeassay.checks.` + pkg + `

import data.kubeassay.lib.kubernetes as k8s

deny contains k8s.finding(msg, path, c.container.image) if {
	some c in k8s.containers
	not contains(object.get(c.container, "image", ""), "/")
	msg := sprintf("%s pulls from Docker Hub", [k8s.label(c)])
	path := sprintf("%s.image", [c.path])
}
`
}

const userBenchmark = `id: acme
title: ACME
version: "1"
source: {document: ACME standard}
sections: [{id: s, title: S}]
controls:
  - {id: acme.registry, title: Images name a registry, section: s, automated: true, severity: low, checks: [ACME-001]}
  - {id: acme.privileged, title: Not privileged, section: s, automated: true, severity: high, checks: [KA-POD-003]}
`

// A policy directory's checks and benchmarks load beside the built-in
// ones, are in the scan (-b, --check), and the result names the directory
// with its digest, which changes the scan's policy digest.
func TestPolicyDirLoads(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"pod/registry/registry.rego":     userCheck("ACME-001", "acme.registry"),
		"benchmarks/acme/benchmark.yaml": userBenchmark,
		"pod/registry/pass/ok.yaml":      "fixtures are not rules",
	})
	builtin, err := LoadBuiltin()
	if err != nil {
		t.Fatal(err)
	}
	b, err := LoadPolicies([]string{dir, dir + "/"})
	if err != nil {
		t.Fatal(err)
	}
	ch, ok := b.Catalog.Check("ACME-001")
	if !ok || ch.PolicyDir != dir || ch.File != dir+"/pod/registry/registry.rego" || ch.Path != "pod/registry/registry.rego" {
		t.Fatalf("the user check: %+v", ch)
	}
	if bm, err := b.Select([]string{"acme"}); err != nil || bm[0].PolicyDir != dir || bm[0].File != dir+"/benchmarks/acme/benchmark.yaml" {
		t.Fatalf("the user benchmark: %v %+v", err, bm)
	}
	if len(b.Benchmarks) != len(builtin.Benchmarks)+1 || len(b.PolicyDirs) != 1 {
		t.Fatalf("%d benchmarks, %d policy dirs: the directory given twice is loaded once", len(b.Benchmarks), len(b.PolicyDirs))
	}
	want := report.PolicyDir{Path: dir, Checks: []string{"ACME-001"}, Benchmarks: []string{"acme"}}
	got := b.PolicyDirs[0]
	if got.Path != want.Path || !slices.Equal(got.Checks, want.Checks) || !slices.Equal(got.Benchmarks, want.Benchmarks) || !strings.HasPrefix(got.Digest, "sha256:") {
		t.Errorf("policy dir %+v", got)
	}
	if b.Digest == builtin.Digest {
		t.Error("the policy digest does not change with a policy directory")
	}
	// The digest covers the rules, not the fixtures.
	os.WriteFile(filepath.Join(dir, "pod/registry/pass/ok.yaml"), []byte("changed"), 0o644)
	if again, err := LoadPolicies([]string{dir}); err != nil || again.Digest != b.Digest {
		t.Errorf("a changed fixture changed the digest: %v", err)
	}
	os.WriteFile(filepath.Join(dir, "pod/registry/registry.rego"), []byte(userCheck("ACME-001", "acme.registry")+"\n# changed\n"), 0o644)
	if again, err := LoadPolicies([]string{dir}); err != nil || again.Digest == b.Digest || again.PolicyDirs[0].Digest == got.Digest {
		t.Errorf("a changed module kept the digest: %v", err)
	}

	pod := "apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: n}\nspec:\n  containers: [{name: c, image: nginx}]\n"
	res, err := Run(context.Background(), b, Options{Benchmarks: []string{"acme"}, Checks: []string{"ACME-001"}, Files: []string{"-"}, Stdin: strings.NewReader(pod)})
	if err != nil {
		t.Fatal(err)
	}
	status := map[string]string{}
	for _, bm := range res.Benchmarks {
		for _, c := range bm.Controls {
			status[bm.ID+" "+c.ID] = c.Status
		}
	}
	if status["acme acme.registry"] != "FAIL" || status["acme acme.privileged"] != "PASS" || status["checks ACME-001"] != "FAIL" {
		t.Errorf("statuses %v", status)
	}
	if len(res.Metadata.PolicyDirs) != 1 || res.Metadata.PolicyDirs[0].Path != dir || res.Metadata.PolicyDigest != b.Digest {
		t.Errorf("the result's metadata does not name the policy directory: %+v", res.Metadata)
	}
}

// A policy directory is refused, with the file named, for what would refuse
// a built-in check or benchmark, and for an id or package already taken.
func TestPolicyDirErrors(t *testing.T) {
	other := writeTree(t, map[string]string{"pod/registry/registry.rego": userCheck("ACME-001", "other.registry")})
	for name, tc := range map[string]struct {
		files map[string]string
		dirs  []string // besides the directory itself, before it
		want  []string
	}{
		"a built-in check's id": {
			files: map[string]string{"pod/p/p.rego": userCheck("KA-POD-003", "acme.p")},
			want:  []string{"/pod/p/p.rego: check id KA-POD-003 is a built-in check's (pod/privileged/privileged.rego)"},
		},
		"a built-in benchmark's id": {
			files: map[string]string{"benchmarks/pss-baseline/benchmark.yaml": strings.Replace(userBenchmark, "id: acme\n", "id: pss-baseline\n", 1), "pod/registry/registry.rego": userCheck("ACME-001", "acme.registry")},
			want:  []string{"/benchmarks/pss-baseline/benchmark.yaml: benchmark id \"pss-baseline\" is a built-in benchmark's (pss-baseline/benchmark.yaml)"},
		},
		"another directory's check id": {
			files: map[string]string{"pod/r/r.rego": userCheck("ACME-001", "acme.r")},
			dirs:  []string{other},
			want:  []string{"/pod/r/r.rego: check id ACME-001 is already used by " + other + "/pod/registry/registry.rego"},
		},
		"another directory's benchmark id": {
			files: map[string]string{"benchmarks/acme/benchmark.yaml": strings.Replace(userBenchmark, "ACME-001", "KA-POD-003", 1)},
			dirs:  []string{writeTree(t, map[string]string{"benchmarks/acme/benchmark.yaml": strings.Replace(userBenchmark, "ACME-001", "KA-POD-003", 1)})},
			want:  []string{"/benchmarks/acme/benchmark.yaml: benchmark id \"acme\" is already defined by ", "/benchmarks/acme/benchmark.yaml"},
		},
		"another directory's package": {
			files: map[string]string{"pod/r/r.rego": userCheck("ACME-002", "other.registry")},
			dirs:  []string{other},
			want:  []string{"/pod/r/r.rego: package kubeassay.checks.other.registry is already that of " + other + "/pod/registry/registry.rego"},
		},
		"a built-in package": {
			files: map[string]string{"lib/k8s.rego": "package kubeassay.lib.kubernetes\n\nis_workload := true\n", "pod/registry/registry.rego": userCheck("ACME-001", "acme.registry")},
			want:  []string{"/lib/k8s.rego: package kubeassay.lib.kubernetes is the built-in module lib/kubernetes.rego's"},
		},
		"a missing severity": {
			files: map[string]string{"pod/r/r.rego": userCheck("ACME-001", "acme.r", "severity")},
			want:  []string{"/pod/r/r.rego: METADATA lacks custom.severity"},
		},
		"a missing title and remediation": {
			files: map[string]string{"pod/r/r.rego": userCheck("ACME-001", "acme.r", "title", "remediation")},
			want:  []string{"/pod/r/r.rego: METADATA lacks title, custom.remediation"},
		},
		"a key the METADATA does not have": {
			files: map[string]string{"pod/r/r.rego": strings.Replace(userCheck("ACME-001", "acme.r"), "#   subject: pod", "#   subject: pod\n#   cis: 5.2.1", 1)},
			want:  []string{"/pod/r/r.rego: check ACME-001: METADATA has custom.cis"},
		},
		"a syntax error": {
			files: map[string]string{"pod/r/r.rego": strings.Replace(userCheck("ACME-001", "acme.r"), "some c in k8s.containers", "some c in in k8s.containers", 1)},
			want:  []string{"/pod/r/r.rego:", "rego_parse_error"},
		},
		"a compile error": {
			files: map[string]string{"pod/r/r.rego": strings.Replace(userCheck("ACME-001", "acme.r"), "k8s.label(c)", "k8s.no_such_helper(c)", 1)},
			want:  []string{"compile policies", "/pod/r/r.rego:", "no_such_helper"},
		},
		"a check outside kubeassay.checks": {
			files: map[string]string{"pod/r/r.rego": strings.Replace(userCheck("ACME-001", "acme.r"), "package kubeassay.checks.acme.r", "package acme.r", 1)},
			want:  []string{"/pod/r/r.rego: package acme.r has a check's METADATA (custom.id), but only a package under kubeassay.checks. is a check"},
		},
		"a benchmark of an unknown check": {
			files: map[string]string{"benchmarks/acme/benchmark.yaml": userBenchmark},
			want:  []string{"/benchmarks/acme/benchmark.yaml: control \"acme.registry\": unknown check \"ACME-001\""},
		},
		"a reserved benchmark id": {
			files: map[string]string{"benchmarks/all/benchmark.yaml": strings.Replace(strings.Replace(userBenchmark, "id: acme\n", "id: all\n", 1), "ACME-001", "KA-POD-003", 1)},
			want:  []string{"/benchmarks/all/benchmark.yaml: benchmark id \"all\" is reserved"},
		},
		"nothing in it": {
			files: map[string]string{"README.md": "hello"},
			want:  []string{": no check (a module of a package kubeassay.checks.*, with its METADATA) and no benchmark"},
		},
	} {
		t.Run(name, func(t *testing.T) {
			dir := writeTree(t, tc.files)
			_, err := LoadPolicies(append(tc.dirs, dir))
			if err == nil {
				t.Fatal("loaded")
			}
			for _, w := range tc.want {
				if strings.HasPrefix(w, "/") {
					w = dir + w
				}
				if !strings.Contains(err.Error(), w) {
					t.Errorf("the error does not say %q:\n%v", w, err)
				}
			}
		})
	}
	if _, err := LoadPolicies([]string{filepath.Join(t.TempDir(), "missing")}); err == nil || !strings.Contains(err.Error(), "--policy-dir ") || !strings.Contains(err.Error(), "no such file or directory") {
		t.Errorf("a directory that does not exist: %v", err)
	}
}

// A benchmark of a policy directory may extend a built-in one: its controls
// come first, then the directory's own.
func TestPolicyDirBenchmarkExtendsABuiltinOne(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"pod/registry/registry.rego": userCheck("ACME-001", "acme.registry"),
		"benchmarks/acme-pss/benchmark.yaml": `id: acme-pss
version: "1"
description: PSS Baseline and ACME's registry rule.
extends: pss-baseline
sections: [{id: acme, title: ACME}]
controls:
  - {id: acme.registry, title: Images name a registry, section: acme, automated: true, severity: low, checks: [ACME-001]}
`,
	})
	b, err := LoadPolicies([]string{dir})
	if err != nil {
		t.Fatal(err)
	}
	sel, err := b.Select([]string{"acme-pss", "pss-baseline"})
	if err != nil {
		t.Fatal(err)
	}
	ext, base := sel[0], sel[1]
	if ext.Title != base.Title || len(ext.Controls) != len(base.Controls)+1 || ext.Controls[len(ext.Controls)-1].ID != "acme.registry" || ext.Controls[0].From != "pss-baseline" {
		t.Errorf("acme-pss: title %q, %d controls (pss-baseline %d)", ext.Title, len(ext.Controls), len(base.Controls))
	}
}

// A pod check of a policy directory sees the fields that no built-in pod
// check reads (the image, here), which the engine otherwise leaves out of
// the templates it evaluates: two templates that differ only in them get
// their own verdicts.
func TestPolicyDirPodCheckSeesEveryField(t *testing.T) {
	dir := writeTree(t, map[string]string{"pod/registry/registry.rego": userCheck("ACME-001", "acme.registry")})
	b, err := LoadPolicies([]string{dir})
	if err != nil {
		t.Fatal(err)
	}
	pods := `apiVersion: v1
kind: Pod
metadata: {name: hub, namespace: n}
spec:
  containers: [{name: c, image: nginx}]
---
apiVersion: v1
kind: Pod
metadata: {name: registry, namespace: n}
spec:
  containers: [{name: c, image: registry.example/nginx}]
`
	res, err := Run(context.Background(), b, Options{Checks: []string{"ACME-001", "KA-POD-003"}, Files: []string{"-"}, Stdin: strings.NewReader(pods)})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range res.Checks {
		switch c.ID {
		case "ACME-001":
			if len(c.Findings) != 1 || c.Findings[0].Resource.Name != "hub" || c.Evaluated != 2 {
				t.Errorf("ACME-001: %d judged, findings %+v; want hub's image only", c.Evaluated, c.Findings)
			}
		case "KA-POD-003":
			if len(c.Findings) != 0 {
				t.Errorf("KA-POD-003: %+v", c.Findings)
			}
		}
	}
}
