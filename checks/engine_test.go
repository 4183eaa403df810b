package checks

import (
	"context"
	"io/fs"
	"reflect"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/open-policy-agent/opa/v1/rego"
	"sigs.k8s.io/yaml"

	"github.com/kubeassay/kubeassay/policies"
)

func builtinCatalog(t *testing.T) *Catalog {
	t.Helper()
	cat, err := LoadCatalog(policies.FS)
	if err != nil {
		t.Fatal(err)
	}
	return cat
}

// run evaluates YAML documents (separated by ---) with the given checks.
func run(t *testing.T, cat *Catalog, ids []string, docs string) *Result {
	t.Helper()
	res, _ := runEngine(t, cat, ids, docs)
	return res
}

// runEngine is run, returning the engine too.
func runEngine(t *testing.T, cat *Catalog, ids []string, docs string) (*Result, *Engine) {
	t.Helper()
	return runEngineWith(t, cat, ids, docs, Options{Workers: 2})
}

func runEngineWith(t *testing.T, cat *Catalog, ids []string, docs string, opts Options) (*Result, *Engine) {
	t.Helper()
	eng, err := NewEngine(context.Background(), cat, ids, opts)
	if err != nil {
		t.Fatal(err)
	}
	ch := make(chan Document)
	go func() {
		defer close(ch)
		for i, d := range strings.Split(docs, "\n---\n") {
			var obj map[string]any
			if err := yaml.Unmarshal([]byte(d), &obj); err != nil {
				t.Error(err)
				return
			}
			ch <- Document{Origin: Origin{File: "test.yaml", Document: i + 1}, Object: obj}
		}
	}()
	res, err := eng.Run(context.Background(), ch, nil)
	if err != nil {
		t.Fatal(err)
	}
	return res, eng
}

const privilegedTemplate = `
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: app
          image: web:1
          securityContext: {privileged: true}`

func deploymentFamily(pods ...string) string {
	parts := []string{`apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop, uid: d-1}
spec:
  template:` + privilegedTemplate, `apiVersion: apps/v1
kind: ReplicaSet
metadata:
  name: web-7d9f
  namespace: shop
  uid: rs-1
  labels: {pod-template-hash: 7d9f}
  ownerReferences: [{apiVersion: apps/v1, kind: Deployment, name: web, uid: d-1, controller: true}]
spec:
  template:` + privilegedTemplate}
	return strings.Join(append(parts, pods...), "\n---\n")
}

func pod(name, node, token string, extraContainers string) string {
	return `apiVersion: v1
kind: Pod
metadata:
  name: ` + name + `
  namespace: shop
  uid: ` + name + `-uid
  labels: {app: web, pod-template-hash: 7d9f}
  ownerReferences: [{apiVersion: apps/v1, kind: ReplicaSet, name: web-7d9f, uid: rs-1, controller: true}]
spec:
  nodeName: ` + node + `
  containers:
    - name: app
      image: web:1
      securityContext: {privileged: true}
      volumeMounts: [{name: ` + token + `, mountPath: /var/run/secrets/kubernetes.io/serviceaccount}]` + extraContainers + `
  volumes:
    - name: ` + token + `
      projected: {sources: [{serviceAccountToken: {path: token}}]}`
}

func TestTemplateSharedAndRolledUp(t *testing.T) {
	cat := builtinCatalog(t)
	res, eng := runEngine(t, cat, []string{"KA-POD-003"}, deploymentFamily(
		pod("web-7d9f-aaaaa", "node-1", "kube-api-access-x7k2p", ""),
		pod("web-7d9f-bbbbb", "node-2", "kube-api-access-q9w4z", ""),
		pod("web-7d9f-ccccc", "node-3", "kube-api-access-m2n8v", ""),
	))
	// The Deployment, the ReplicaSet and the three pods, which differ only
	// in name, node and the injected token volume, share one pod template.
	if res.Templates != 1 {
		t.Errorf("templates evaluated = %d, want 1", res.Templates)
	}
	// Both workers meet the template at once (the ReplicaSet arrives while
	// the Deployment is being evaluated): it is still evaluated only once.
	if n := eng.podEvals.Load(); n != 1 {
		t.Errorf("pod query evaluated %d times, want 1", n)
	}
	if res.Evaluated["KA-POD-003"] != 5 {
		t.Errorf("objects judged = %d, want 5", res.Evaluated["KA-POD-003"])
	}
	if len(res.Findings) != 1 {
		t.Fatalf("want one finding rolled up to the Deployment, got %d: %+v", len(res.Findings), res.Findings)
	}
	f := res.Findings[0]
	if f.Object.Kind != "Deployment" || f.Object.Name != "web" || f.AffectedPods != 3 {
		t.Errorf("finding on %v with %d pods, want Deployment/shop/web with 3", f.Object, f.AffectedPods)
	}
	if f.Path != "spec.template.spec.containers[0].securityContext.privileged" {
		t.Errorf("path = %q", f.Path)
	}
}

func TestInjectedSidecarGetsItsOwnFinding(t *testing.T) {
	cat := builtinCatalog(t)
	sidecar := `
    - name: proxy
      image: mesh:1
      securityContext: {privileged: true}`
	res := run(t, cat, []string{"KA-POD-003"}, deploymentFamily(
		pod("web-7d9f-aaaaa", "node-1", "kube-api-access-x7k2p", ""),
		pod("web-7d9f-bbbbb", "node-2", "kube-api-access-q9w4z", sidecar),
	))
	var got []string
	for _, f := range res.Findings {
		got = append(got, f.Object.String()+" "+f.Message)
	}
	want := []string{
		`Deployment/shop/web container "app" is privileged`,
		`Pod/shop/web-7d9f-bbbbb container "proxy" is privileged`,
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("findings:\n got %q\nwant %q", got, want)
	}
	if res.Findings[0].AffectedPods != 2 {
		t.Errorf("the Deployment's finding counts %d pods, want 2", res.Findings[0].AffectedPods)
	}
}

func TestOrphanPodsAndOtherKinds(t *testing.T) {
	cat := builtinCatalog(t)
	// The pod's owner is not in the input: it is reported itself. A
	// ConfigMap is not judged by a pod check and is no error.
	res := run(t, cat, []string{"KA-POD-003"}, pod("web-7d9f-aaaaa", "n", "kube-api-access-x7k2p", "")+"\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {a: b}")
	if len(res.Findings) != 1 || res.Findings[0].Object.Kind != "Pod" {
		t.Fatalf("findings: %+v", res.Findings)
	}
	if res.Objects["ConfigMap"] != 1 || res.Evaluated["KA-POD-003"] != 1 || len(res.InputErrors) != 0 {
		t.Errorf("objects %v, evaluated %v, input errors %v", res.Objects, res.Evaluated, res.InputErrors)
	}
}

// testFS is the builtin helper library plus the given check modules.
func testFS(t *testing.T, modules map[string]string) fs.FS {
	t.Helper()
	lib, err := fs.ReadFile(policies.FS, "lib/kubernetes.rego")
	if err != nil {
		t.Fatal(err)
	}
	m := fstest.MapFS{"lib/kubernetes.rego": {Data: lib}}
	for name, src := range modules {
		m[name] = &fstest.MapFile{Data: []byte(src)}
	}
	return m
}

func checkModule(id, pkg, severity, body string) string {
	if body == "" {
		body = "deny contains k8s.finding(\"x\", \"spec\", null) if false"
	}
	return `# METADATA
# title: Test check ` + id + `
# description: A check for tests.
# custom:
#   id: ` + id + `
#   severity: ` + severity + `
#   subject: pod
#   remediation: Fix it.
package kubeassay.checks.test.` + pkg + `

import data.kubeassay.lib.kubernetes as k8s

` + body
}

func TestBrokenCheckIsIsolated(t *testing.T) {
	cat, err := LoadCatalog(testFS(t, map[string]string{
		"test/good.rego": checkModule("T-1", "good", "high", `deny contains k8s.finding("privileged", "spec", true) if {
	some c in k8s.containers
	k8s.security_context(c).privileged
}`),
		// Fails at evaluation: to_number of a container name.
		"test/broken.rego": checkModule("T-2", "broken", "low", `deny contains k8s.finding("n", "spec", n) if {
	some c in k8s.containers
	n := to_number(c.name)
}`),
	}))
	if err != nil {
		t.Fatal(err)
	}
	res := run(t, cat, []string{"T-1", "T-2"}, pod("p", "n", "v", ""))
	if len(res.CheckErrors["T-2"]) == 0 || !strings.Contains(res.CheckErrors["T-2"][0], "to_number") {
		t.Errorf("T-2 errors = %v, want a to_number error", res.CheckErrors["T-2"])
	}
	if len(res.CheckErrors["T-1"]) != 0 {
		t.Errorf("T-1 errors = %v, want none", res.CheckErrors["T-1"])
	}
	if len(res.Findings) != 1 || res.Findings[0].CheckID != "T-1" {
		t.Errorf("findings = %+v, want T-1's", res.Findings)
	}
}

func TestCatalogRefusesMalformedChecks(t *testing.T) {
	tests := []struct {
		name    string
		modules map[string]string
		want    string
	}{
		{"no metadata", map[string]string{"a/x.rego": "package kubeassay.checks.a.x\n\ndeny contains 1 if false\n"}, "a/x.rego: package kubeassay.checks.a.x has no METADATA"},
		{"no severity", map[string]string{"a/x.rego": strings.Replace(checkModule("T-1", "x", "high", ""), "#   severity: high\n", "", 1)}, "a/x.rego: METADATA lacks custom.severity"},
		{"no remediation", map[string]string{"a/x.rego": strings.Replace(checkModule("T-1", "x", "high", ""), "#   remediation: Fix it.\n", "", 1)}, "a/x.rego: METADATA lacks custom.remediation"},
		{"bad severity", map[string]string{"a/x.rego": checkModule("T-1", "x", "urgent", "")}, `severity "urgent" is not one of`},
		{"duplicate id", map[string]string{"a/x.rego": checkModule("T-1", "x", "high", ""), "a/y.rego": checkModule("T-1", "y", "high", "")}, "a/y.rego: check id T-1 is already used by a/x.rego"},
		{"object check without kinds", map[string]string{"a/x.rego": strings.Replace(checkModule("T-1", "x", "high", ""), "subject: pod", "subject: object", 1)}, "must list custom.kinds"},
		{"no rules", map[string]string{"a/x.rego": checkModule("T-1", "x", "high", "allow := true")}, "defines neither deny nor warn"},
		{"deny not a set", map[string]string{"a/x.rego": checkModule("T-1", "x", "high", "deny := 1")}, "deny must be a set"},
		{"does not compile", map[string]string{"a/x.rego": checkModule("T-1", "x", "high", "deny contains x if { y }")}, "compile policies"},
	}
	for _, tt := range tests {
		_, err := LoadCatalog(testFS(t, tt.modules))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: error %v, want it to contain %q", tt.name, err, tt.want)
		}
	}
}

// TestPodInputMatchesDirectEvaluation checks that judging a workload through
// its template (as the engine does) gives the paths the Rego helpers give
// when the check reads the workload itself.
func TestPodInputMatchesDirectEvaluation(t *testing.T) {
	cat := builtinCatalog(t)
	cron := `apiVersion: batch/v1
kind: CronJob
metadata: {name: nightly, namespace: ops}
spec:
  jobTemplate:
    spec:
      template:
        spec:
          initContainers: [{name: setup, image: x, securityContext: {privileged: true}}]
          containers: [{name: run, image: y}]`
	res := run(t, cat, []string{"KA-POD-003"}, cron)
	var obj map[string]any
	if err := yaml.Unmarshal([]byte(cron), &obj); err != nil {
		t.Fatal(err)
	}
	rs, err := rego.New(rego.Query("x := data.kubeassay.checks.pod.privileged.deny"), rego.Compiler(cat.compiler), rego.Input(obj)).Eval(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	direct := rs[0].Bindings["x"].([]any)
	if len(direct) != 1 || len(res.Findings) != 1 {
		t.Fatalf("direct %v, engine %+v", direct, res.Findings)
	}
	if p := direct[0].(map[string]any)["path"]; p != res.Findings[0].Path || p != "spec.jobTemplate.spec.template.spec.initContainers[0].securityContext.privileged" {
		t.Errorf("direct path %v, engine path %v", p, res.Findings[0].Path)
	}
}

func TestSkipRuleLeavesObjectsUnjudged(t *testing.T) {
	src := `# METADATA
# title: API server profiling
# description: A node check for tests.
# custom:
#   id: T-NODE
#   severity: medium
#   subject: object
#   kinds: [NodeFacts]
#   remediation: Set --profiling=false.
package kubeassay.checks.test.node

skip := "kube-apiserver is not running on this node" if not input.components["kube-apiserver"]

deny contains {"msg": "profiling is on", "path": "components.kube-apiserver.flags.profiling", "value": true} if {
	input.components["kube-apiserver"].flags.profiling[_] == "true"
}
`
	cat, err := LoadCatalog(testFS(t, map[string]string{"test/node.rego": src}))
	if err != nil {
		t.Fatal(err)
	}
	res := run(t, cat, []string{"T-NODE"}, `apiVersion: kubeassay/v1
kind: NodeFacts
metadata: {name: cp-1}
components:
  kube-apiserver: {flags: {profiling: ["true"]}}
---
apiVersion: kubeassay/v1
kind: NodeFacts
metadata: {name: worker-1}
components:
  kubelet: {flags: {}}
---
apiVersion: kubeassay/v1
kind: NodeFacts
metadata: {name: worker-2}
components: {}`)
	if res.Evaluated["T-NODE"] != 1 {
		t.Errorf("judged %d nodes, want 1", res.Evaluated["T-NODE"])
	}
	if n := res.Skipped["T-NODE"]["kube-apiserver is not running on this node"]; n != 2 {
		t.Errorf("skipped = %v, want 2 nodes with the reason", res.Skipped)
	}
	if len(res.Findings) != 1 || res.Findings[0].Object.Name != "cp-1" {
		t.Errorf("findings = %+v", res.Findings)
	}
}

// Templates that differ only in the names of their containers, volumes and
// Secrets share one evaluation, and each object's findings name its own.
func TestTemplatesOfOneShapeShareAnEvaluation(t *testing.T) {
	cat := builtinCatalog(t)
	deployment := func(name, ctr, vol, secret string) string {
		return `apiVersion: apps/v1
kind: Deployment
metadata: {name: ` + name + `, namespace: shop}
spec:
  template:
    spec:
      containers:
        - name: ` + ctr + `
          image: web:1
          securityContext: {privileged: true}
          volumeMounts: [{name: ` + vol + `, mountPath: /data}]
      volumes:
        - name: ` + vol + `
          hostPath: {path: /var/lib/data}
        - name: creds
          secret: {secretName: ` + secret + `}
---
`
	}
	docs := deployment("a", "web", "state", "a-tls") + deployment("b", "api", "cache", "b-tls") + deployment("c", "worker", "scratch", "c-tls")
	for _, every := range []bool{false, true} {
		res, eng := runEngineWith(t, cat, []string{"KA-POD-003", "KA-POD-005"}, docs, Options{Workers: 2, EveryTemplate: every})
		wantEvals := int64(1)
		if every {
			wantEvals = 3
		}
		if res.Templates != 3 || int64(res.Shapes) != wantEvals || eng.podEvals.Load() != wantEvals {
			t.Errorf("every template %v: %d templates, %d shapes, %d evaluations; want 3, %d, %d", every, res.Templates, res.Shapes, eng.podEvals.Load(), wantEvals, wantEvals)
		}
		got := map[string][]string{}
		for _, f := range res.Findings {
			got[f.Object.Name] = append(got[f.Object.Name], f.Message)
		}
		for name, want := range map[string][]string{
			"a": {`container "web" is privileged`, `volume "state" mounts host path "/var/lib/data"`},
			"b": {`container "api" is privileged`, `volume "cache" mounts host path "/var/lib/data"`},
			"c": {`container "worker" is privileged`, `volume "scratch" mounts host path "/var/lib/data"`},
		} {
			slices.Sort(got[name])
			if !slices.Equal(got[name], want) {
				t.Errorf("every template %v: findings of %s = %q, want %q", every, name, got[name], want)
			}
		}
	}
}

// A pod check of a policy directory judges every distinct template as it
// is, while the built-in pod checks beside it still share one evaluation
// per shape: two pods that differ only in their image are one shape for
// KA-POD-003, two verdicts for the user's registry check.
func TestOwnPodChecksBesideTheMemo(t *testing.T) {
	user := fstest.MapFS{"pod/registry.rego": {Data: []byte(`# METADATA
# title: Containers name a registry
# description: An image without a registry comes from Docker Hub.
# custom:
#   id: ACME-001
#   severity: low
#   subject: pod
#   remediation: Name the registry in the image.
package kubeassay.checks.acme.registry

import data.kubeassay.lib.kubernetes as k8s

deny contains k8s.finding(msg, path, c.container.image) if {
	some c in k8s.containers
	not contains(object.get(c.container, "image", ""), "/")
	msg := sprintf("%s pulls from Docker Hub", [k8s.label(c)])
	path := sprintf("%s.image", [c.path])
}
`)}}
	cat, err := LoadCatalog(policies.FS, PolicyDir{Path: "acme", FS: user})
	if err != nil {
		t.Fatal(err)
	}
	pods := func(image string, name string) string {
		return "apiVersion: v1\nkind: Pod\nmetadata: {name: " + name + ", namespace: n, uid: " + name + "}\nspec:\n  containers: [{name: c, image: " + image + ", securityContext: {privileged: true}}]"
	}
	docs := pods("nginx", "hub") + "\n---\n" + pods("registry.example/nginx", "own")
	for _, every := range []bool{false, true} {
		res, eng := runEngineWith(t, cat, []string{"KA-POD-003", "ACME-001"}, docs, Options{Workers: 2, EveryTemplate: every})
		got := map[string][]string{}
		for _, f := range res.Findings {
			got[f.CheckID] = append(got[f.CheckID], f.Object.Name)
		}
		for k := range got {
			slices.Sort(got[k])
		}
		if strings.Join(got["ACME-001"], ",") != "hub" || strings.Join(got["KA-POD-003"], ",") != "hub,own" {
			t.Errorf("every template %v: findings %v; want ACME-001 on hub, KA-POD-003 on both", every, got)
		}
		want := int64(1)
		if every {
			want = 2
		}
		if n := eng.podEvals.Load(); n != want {
			t.Errorf("every template %v: built-in pod query evaluated %d times, want %d", every, n, want)
		}
	}
}
