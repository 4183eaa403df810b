package main

import (
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// The example policy directory of docs/writing-policies.md.
const (
	examplePolicies  = "../../docs/examples/policies"
	exampleManifests = "../../docs/examples/manifests"
	exampleCheck     = "pod/image_pull_always"
)

// copyTree copies the directory src to a new one, and returns it.
func copyTree(t *testing.T, src string) string {
	t.Helper()
	dst := t.TempDir()
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

func writeTestFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// checkResult is the record of one check in a JSON result.
func checkResult(doc map[string]any, id string) map[string]any {
	for _, c := range doc["checks"].([]any) {
		if cm := c.(map[string]any); cm["id"] == id {
			return cm
		}
	}
	return nil
}

// The example of docs/writing-policies.md passes 'policy test', and a scan
// with it judges the failing Deployment FAIL and the good one PASS; a
// workload whose image is not known is ERROR, never PASS; the result names
// the policy directory.
func TestPolicyDirExample(t *testing.T) {
	r := runCLI(t, "", "policy", "test", examplePolicies)
	if r.code != 0 || !strings.Contains(r.stdout, "ok: 11 tests passed (1 check, 1 benchmark, 7 Rego tests, 3 fixtures)") {
		t.Fatalf("policy test: exit %d\n%s%s", r.code, r.stdout, r.err)
	}
	doc, _ := scanJSON(t, "", "-f", exampleManifests, "--policy-dir", examplePolicies, "-b", "acme-workloads")
	if s := controlStatus(doc, "acme-workloads", "acme.images.pull-always"); s != "FAIL" {
		t.Errorf("acme.images.pull-always is %s, want FAIL", s)
	}
	if s := controlStatus(doc, "acme-workloads", "acme.privileges.privileged"); s != "PASS" {
		t.Errorf("acme.privileges.privileged (a built-in check) is %s, want PASS", s)
	}
	ch := checkResult(doc, "ACME-POD-001")
	if ch == nil || ch["evaluated"].(float64) != 2 {
		t.Fatalf("ACME-POD-001 did not judge both Deployments: %v", ch)
	}
	findings := ch["findings"].([]any)
	if len(findings) != 1 || findings[0].(map[string]any)["resource"].(map[string]any)["name"] != "payments" {
		t.Errorf("findings %v, want payments' only", findings)
	}
	dirs, _ := doc["metadata"].(map[string]any)["policyDirs"].([]any)
	if len(dirs) != 1 || dirs[0].(map[string]any)["path"] != examplePolicies || !slices.Equal(toStrings(dirs[0].(map[string]any)["checks"]), []string{"ACME-POD-001"}) {
		t.Errorf("metadata.policyDirs %v", dirs)
	}

	// The good Deployment alone: PASS.
	good, err := os.ReadFile(filepath.Join(exampleManifests, "shop.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	storefront, _, _ := strings.Cut(string(good), "---")
	doc, _ = scanJSON(t, storefront, "-f", "-", "--policy-dir", examplePolicies, "-b", "acme-workloads")
	if s := controlStatus(doc, "acme-workloads", "acme.images.pull-always"); s != "PASS" {
		t.Errorf("the storefront alone: acme.images.pull-action is %s, want PASS", s)
	}
	// The image is not known: ERROR, never PASS, through the same engine
	// and verdict rules as the built-in checks.
	doc, _ = scanJSON(t, "", "-f", filepath.Join(examplePolicies, exampleCheck, "error"), "--policy-dir", examplePolicies, "-b", "acme-workloads")
	if s := controlStatus(doc, "acme-workloads", "acme.images.pull-always"); s != "ERROR" {
		t.Errorf("no image: acme.images.pull-always is %s, want ERROR", s)
	}
	// -b all includes the directory's benchmark; --check runs its check.
	doc, _ = scanJSON(t, "", "-f", exampleManifests, "--policy-dir", examplePolicies, "-b", "all", "--check", "ACME-POD-001")
	if ids := benchmarkIDs(doc); !slices.Contains(ids, "acme-workloads") || !slices.Contains(ids, "pss-baseline") || controlStatus(doc, "checks", "ACME-POD-001") != "FAIL" {
		t.Errorf("-b all --check ACME-POD-001: benchmarks %v, checks/ACME-POD-001 %s", ids, controlStatus(doc, "checks", "ACME-POD-001"))
	}
	// Without the directory, the benchmark and the check are unknown.
	if r := runCLI(t, "", "scan", "-f", exampleManifests, "-b", "acme-workloads"); r.code != exitUsage || !strings.Contains(r.err, `unknown benchmark "acme-workloads"`) {
		t.Errorf("without --policy-dir: exit %d %s", r.code, r.err)
	}
}

func toStrings(v any) []string {
	var out []string
	for _, x := range v.([]any) {
		out = append(out, x.(string))
	}
	return out
}

// 'policy test' exits 1, naming what failed, for a check without fixtures,
// a fixture its folder does not match, a Rego test that fails, a check
// without tests and a file that is no part of a check folder; and 2, naming
// the file, for a directory that does not load.
func TestPolicyTestFailures(t *testing.T) {
	for name, tc := range map[string]struct {
		change func(dir string)
		code   int
		want   []string
	}{
		"no fixtures at all": {
			change: func(dir string) {
				for _, v := range []string{"pass", "fail", "error"} {
					os.RemoveAll(filepath.Join(dir, exampleCheck, v))
				}
			},
			code: exitFindings,
			want: []string{
				"FAIL  fixture  ACME-POD-001  DIR/pod/image_pull_always/pass\n      no pass fixture in DIR/pod/image_pull_always/pass: every check has pass/ and fail/ fixtures",
				"no fail fixture in DIR/pod/image_pull_always/fail",
				"no error fixture in DIR/pod/image_pull_always/error: the check defines unknown",
				"FAIL: 3 of 11 tests failed",
			},
		},
		"a failing fixture": {
			change: func(dir string) {
				os.Rename(filepath.Join(dir, exampleCheck, "fail", "if-not-present.yaml"), filepath.Join(dir, exampleCheck, "pass", "if-not-present.yaml"))
				writeTestFile(t, filepath.Join(dir, exampleCheck, "fail", "never.yaml"), "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: c, image: i:1, imagePullPolicy: Never}]\n")
			},
			code: exitFindings,
			want: []string{"FAIL  fixture  ACME-POD-001  DIR/pod/image_pull_always/pass/if-not-present.yaml\n      want judged and clean", "FAIL: 1 of 12 tests failed"},
		},
		"an error fixture that passes": {
			change: func(dir string) {
				writeTestFile(t, filepath.Join(dir, exampleCheck, "error", "clean.yaml"), "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: c, image: i:1, imagePullPolicy: Always}]\n")
			},
			code: exitFindings,
			want: []string{"FAIL  fixture  ACME-POD-001  DIR/pod/image_pull_always/error/clean.yaml\n      want undecided, got 1 judged"},
		},
		"a failing Rego test": {
			change: func(dir string) {
				writeTestFile(t, filepath.Join(dir, exampleCheck, "image_pull_always_test.rego"),
					"package kubeassay.checks.acme.pod.image_pull_always_test\n\nimport data.kubeassay.checks.acme.pod.image_pull_always as check\n\ntest_wrong if {\n\tcheck.defaulted(\"app\") == \"Always\"\n\tcheck.defaulted(\"app:1\") == \"Always\"\n}\n\ntest_right if {\n\tcheck.defaulted(\"app\") == \"Always\"\n}\n")
			},
			code: exitFindings,
			// The line that was false is named, as written.
			want: []string{"FAIL  rego     ACME-POD-001  test_wrong (DIR/pod/image_pull_always/image_pull_always_test.rego:5)\n      failed at line 7: check.defaulted(\"app:1\") == \"Always\"\n",
				"PASS  rego     ACME-POD-001  test_right (DIR/pod/image_pull_always/image_pull_always_test.rego:10)\n"},
		},
		"a fixture folder that cannot be read": {
			change: func(dir string) {
				os.RemoveAll(filepath.Join(dir, exampleCheck, "fail"))
				writeTestFile(t, filepath.Join(dir, exampleCheck, "fail"), "not a folder\n")
			},
			code: exitFindings,
			want: []string{"FAIL  fixture  ACME-POD-001  DIR/pod/image_pull_always/fail\n      open DIR/pod/image_pull_always/fail: not a directory"},
		},
		"no Rego tests": {
			change: func(dir string) { os.Remove(filepath.Join(dir, exampleCheck, "image_pull_always_test.rego")) },
			code:   exitFindings,
			want:   []string{"FAIL  layout   ACME-POD-001  DIR/pod/image_pull_always/image_pull_always.rego\n      DIR/pod/image_pull_always/image_pull_always.rego has no image_pull_always_test.rego beside it"},
		},
		"a stray file": {
			change: func(dir string) { writeTestFile(t, filepath.Join(dir, exampleCheck, "notes.md"), "x") },
			code:   exitFindings,
			want:   []string{"DIR/pod/image_pull_always/notes.md: not part of a check folder"},
		},
		"bad METADATA": {
			change: func(dir string) {
				f := filepath.Join(dir, exampleCheck, "image_pull_always.rego")
				src, _ := os.ReadFile(f)
				os.WriteFile(f, []byte(strings.Replace(string(src), "#   severity: medium\n", "", 1)), 0o644)
			},
			code: exitUsage,
			want: []string{"DIR/pod/image_pull_always/image_pull_always.rego: METADATA lacks custom.severity"},
		},
		"a syntax error": {
			change: func(dir string) {
				f := filepath.Join(dir, exampleCheck, "image_pull_always.rego")
				src, _ := os.ReadFile(f)
				os.WriteFile(f, []byte(strings.Replace(string(src), `msg := sprintf("%s has`, `msg := sprintf(("%s has`, 1)), 0o644)
			},
			code: exitUsage,
			want: []string{"DIR/pod/image_pull_always/image_pull_always.rego:", "rego_parse_error"},
		},
		"a built-in check's id": {
			change: func(dir string) {
				f := filepath.Join(dir, exampleCheck, "image_pull_always.rego")
				src, _ := os.ReadFile(f)
				os.WriteFile(f, []byte(strings.Replace(string(src), "id: ACME-POD-001", "id: KA-POD-003", 1)), 0o644)
			},
			code: exitUsage,
			want: []string{"DIR/pod/image_pull_always/image_pull_always.rego: check id KA-POD-003 is a built-in check's (pod/privileged/privileged.rego)"},
		},
		"a benchmark of an unknown check": {
			change: func(dir string) {
				f := filepath.Join(dir, "benchmarks", "acme-workloads", "benchmark.yaml")
				src, _ := os.ReadFile(f)
				os.WriteFile(f, []byte(strings.Replace(string(src), "checks: [KA-POD-003]", "checks: [KA-POD-999]", 1)), 0o644)
			},
			code: exitUsage,
			want: []string{`DIR/benchmarks/acme-workloads/benchmark.yaml: control "acme.privileges.privileged": unknown check "KA-POD-999"`},
		},
	} {
		t.Run(name, func(t *testing.T) {
			dir := copyTree(t, examplePolicies)
			tc.change(dir)
			r := runCLI(t, "", "policy", "test", dir)
			out := strings.ReplaceAll(r.stdout+r.err, dir, "DIR")
			if r.code != tc.code {
				t.Errorf("exit %d, want %d\n%s", r.code, tc.code, out)
			}
			for _, w := range tc.want {
				if !strings.Contains(out, w) {
					t.Errorf("the output does not say %q:\n%s", w, out)
				}
			}
			if tc.code == exitUsage {
				// A scan refuses the directory the same way.
				s := runCLI(t, "", "scan", "-f", exampleManifests, "--policy-dir", dir, "-b", "pss-baseline")
				if s.code != exitUsage || !strings.Contains(strings.ReplaceAll(s.err, dir, "DIR"), tc.want[0]) {
					t.Errorf("scan --policy-dir: exit %d %s", s.code, s.err)
				}
			}
		})
	}
	// A clash between two directories.
	a, b := copyTree(t, examplePolicies), copyTree(t, examplePolicies)
	r := runCLI(t, "", "policy", "test", a, b)
	if r.code != exitUsage || !strings.Contains(r.err, b+"/pod/image_pull_always/image_pull_always.rego: package kubeassay.checks.acme.pod.image_pull_always is already that of "+a+"/pod/image_pull_always/image_pull_always.rego") {
		t.Errorf("two directories with the same check: exit %d %s", r.code, r.err)
	}
	r = runCLI(t, "", "policy", "test")
	if r.code != exitUsage || !strings.Contains(r.err, "no policy directory to test") {
		t.Errorf("no directory: exit %d %s", r.code, r.err)
	}
	// -o json.
	r = runCLI(t, "", "policy", "test", examplePolicies, "-o", "json")
	var rep struct {
		PolicyDirs     []string
		Passed, Failed int
		Results        []struct {
			Kind, Check, Name, File string
			Pass                    bool
		}
	}
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil || r.code != 0 || rep.Passed != 11 || rep.Failed != 0 || len(rep.Results) != 11 || rep.PolicyDirs[0] != examplePolicies {
		t.Errorf("-o json: exit %d, %v, %+v", r.code, err, rep)
	}
}

// --policy-dir is a setting like every flag (kubeassay.yaml, the
// environment), for scan, benchmarks and rbac; config init lists it.
func TestPolicyDirSetting(t *testing.T) {
	abs, _ := filepath.Abs(examplePolicies)
	cfg := filepath.Join(t.TempDir(), "kubeassay.yaml")
	writeTestFile(t, cfg, "policy-dir: ["+abs+"]\nbenchmark: [acme-workloads]\n")
	doc, _ := scanJSON(t, "", "-f", exampleManifests, "--config", cfg)
	if s := controlStatus(doc, "acme-workloads", "acme.images.pull-always"); s != "FAIL" {
		t.Errorf("policy-dir: in kubeassay.yaml: %s", s)
	}
	t.Setenv("KUBEASSAY_POLICY_DIR", abs)
	doc, _ = scanJSON(t, "", "-f", exampleManifests, "-b", "acme-workloads")
	if s := controlStatus(doc, "acme-workloads", "acme.images.pull-always"); s != "FAIL" {
		t.Errorf("KUBEASSAY_POLICY_DIR: %s", s)
	}
	if r := runCLI(t, "", "policy", "test"); r.code != 0 || !strings.Contains(r.stdout, "ok: 11 tests passed") {
		t.Errorf("policy test with KUBEASSAY_POLICY_DIR: exit %d %s", r.code, r.err)
	}
	if r := runCLI(t, "", "benchmarks", "list"); r.code != 0 || !regexp.MustCompile(`acme-workloads .*│ --policy-dir `+regexp.QuoteMeta(abs)).MatchString(r.stdout) || !regexp.MustCompile(`pss-baseline .*│ built-in`).MatchString(r.stdout) {
		t.Errorf("benchmarks list:\n%s%s", r.stdout, r.err)
	}
	t.Setenv("KUBEASSAY_POLICY_DIR", "")
	if r := runCLI(t, "", "benchmarks", "list"); r.code != 0 || strings.Contains(r.stdout, "acme-workloads") || strings.Contains(r.stdout, "From") {
		t.Errorf("benchmarks list without policy dirs changed:\n%s", r.stdout)
	}
	if r := runCLI(t, "", "benchmarks", "show", "acme-workloads", "--policy-dir", examplePolicies); r.code != 0 || !strings.Contains(r.stdout, "From --policy-dir "+examplePolicies+" ("+examplePolicies+"/benchmarks/acme-workloads/benchmark.yaml)") {
		t.Errorf("benchmarks show:\n%s%s", r.stdout, r.err)
	}
	r := runCLI(t, "", "config", "init")
	if !strings.Contains(r.stdout, "# (benchmarks list, benchmarks show, rbac, rbac risks, scan, snapshot)\npolicy-dir: []\n") {
		t.Errorf("config init does not list policy-dir:\n%s", r.stdout)
	}
}

// rbac --policy-dir grants the kinds the directory's checks read; a custom
// resource's, which it cannot name, is an error saying so.
func TestRBACWithPolicyDir(t *testing.T) {
	check := func(kinds string) string {
		return `# METADATA
# title: Ingresses name a class
# description: An Ingress without a class is served by the default controller.
# custom:
#   id: ACME-ING-001
#   severity: low
#   subject: object
#   kinds: [` + kinds + `]
#   remediation: Set spec.ingressClassName.
package kubeassay.checks.acme.ingress_class

deny contains {"msg": "no ingress class", "path": "spec.ingressClassName", "value": null} if {
	not input.spec.ingressClassName
}
`
	}
	dir := t.TempDir()
	writeTestFile(t, filepath.Join(dir, "net", "ingress_class", "ingress_class.rego"), check("Ingress"))
	without := runCLI(t, "", "rbac")
	with := runCLI(t, "", "rbac", "--policy-dir", dir)
	if without.code != 0 || with.code != 0 || strings.Contains(without.stdout, "ingresses") || !strings.Contains(with.stdout, `"ingresses"`) {
		t.Errorf("rbac --policy-dir: exit %d %s\n%s", with.code, with.err, with.stdout)
	}
	writeTestFile(t, filepath.Join(dir, "net", "ingress_class", "ingress_class.rego"), check("Widget.example.com"))
	r := runCLI(t, "", "rbac", "--policy-dir", dir)
	if r.code != exitUsage || !strings.Contains(r.err, dir+"/net/ingress_class/ingress_class.rego: check ACME-ING-001 reads kind Widget.example.com") {
		t.Errorf("a custom kind: exit %d %s", r.code, r.err)
	}
}

// docs/writing-policies.md shows the files of docs/examples/ as they are,
// every one of them, and each command with what kubeassay prints for it: a
// block marked <!-- file: PATH --> is that file, one marked <!-- command:
// ARGS --> is "$ kubeassay ARGS" and its output, run from the repository's
// root.
func TestWritingPoliciesDoc(t *testing.T) {
	t.Chdir("../..")
	data, err := os.ReadFile("docs/writing-policies.md")
	if err != nil {
		t.Fatal(err)
	}
	marked := regexp.MustCompile("(?s)<!-- (file|command): ([^>]*?) -->\n```[a-z]*\n(.*?)```\n")
	shown := map[string]bool{}
	commands := 0
	for _, m := range marked.FindAllStringSubmatch(string(data), -1) {
		what, arg, block := m[1], m[2], m[3]
		switch what {
		case "file":
			file, err := os.ReadFile(arg)
			if err != nil {
				t.Errorf("the doc shows %s: %v", arg, err)
				continue
			}
			if string(file) != block {
				t.Errorf("the doc's %s differs from the file", arg)
			}
			shown[arg] = true
		case "command":
			commands++
			want, ok := strings.CutPrefix(block, "$ kubeassay "+arg+"\n")
			if !ok {
				t.Errorf("the block of %q does not start with its command line", arg)
				continue
			}
			r := runCLI(t, "", strings.Fields(arg)...)
			if r.code != 0 || r.stdout != want {
				t.Errorf("kubeassay %s: exit %d, %s\nthe doc says:\n%s\nkubeassay prints:\n%s", arg, r.code, r.err, want, r.stdout)
			}
		}
	}
	if commands < 3 {
		t.Errorf("%d commands in the doc", commands)
	}
	err = filepath.WalkDir("docs/examples", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && !shown[filepath.ToSlash(p)] {
			t.Errorf("the doc does not show %s", p)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}
