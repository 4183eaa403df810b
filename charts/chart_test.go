// Package charts holds the tests of the Helm chart charts/kubeassay: it is
// rendered and linted with Helm's own Go library (the template engine and
// the linter 'helm template' and 'helm lint' use), compared with deploy/,
// and applied to a real API server.
package charts

import (
	"context"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	chartcommon "helm.sh/helm/v4/pkg/chart/common"
	chartutil "helm.sh/helm/v4/pkg/chart/common/util"
	"helm.sh/helm/v4/pkg/chart/v2/lint"
	"helm.sh/helm/v4/pkg/chart/v2/lint/support"
	"helm.sh/helm/v4/pkg/chart/v2/loader"
	"helm.sh/helm/v4/pkg/engine"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/yaml"

	"github.com/kubeassay/kubeassay/dev/testcluster"
	"github.com/kubeassay/kubeassay/waivers"
)

const chartDir = "kubeassay"

func TestMain(m *testing.M) {
	testcluster.RunMain(m, testcluster.Options{})
}

// render renders the chart as 'helm template kubeassay charts/kubeassay
// -n namespace --set ...' would, and returns its objects by
// kind/namespace/name.
func render(t *testing.T, namespace string, values map[string]any) (map[string]map[string]any, error) {
	t.Helper()
	ch, err := loader.Load(chartDir)
	if err != nil {
		t.Fatal(err)
	}
	vals, err := chartutil.ToRenderValues(ch, values, chartcommon.ReleaseOptions{Name: "kubeassay", Namespace: namespace, IsInstall: true}, chartcommon.DefaultCapabilities)
	if err != nil {
		return nil, err
	}
	files, err := engine.Render(ch, vals)
	if err != nil {
		return nil, err
	}
	objs := map[string]map[string]any{}
	for name, text := range files {
		if !strings.HasSuffix(name, ".yaml") {
			continue
		}
		for _, doc := range strings.Split(text, "\n---") {
			var o map[string]any
			if err := yaml.Unmarshal([]byte(doc), &o); err != nil {
				t.Fatalf("%s: %v\n%s", name, err, doc)
			}
			if o == nil {
				continue
			}
			objs[key(o)] = o
		}
	}
	return objs, nil
}

func key(o map[string]any) string {
	meta, _ := o["metadata"].(map[string]any)
	ns, _ := meta["namespace"].(string)
	return fmt.Sprintf("%s/%s/%s", o["kind"], ns, meta["name"])
}

func readDeploy(t *testing.T) map[string]map[string]any {
	t.Helper()
	objs, err := testcluster.ReadManifests(context.Background(), "../deploy/rbac.yaml", "../deploy/node-collector-rbac.yaml", "../deploy/kubeassay.yaml")
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]map[string]any{}
	for _, o := range objs {
		out[key(o)] = o
	}
	return out
}

// withoutLabels drops what differs by design: deploy/rbac.yaml is
// generated without labels, Helm's objects carry its release labels and
// resource-policy annotations.
func withoutLabels(o map[string]any) map[string]any {
	c := map[string]any{}
	for k, v := range o {
		c[k] = v
	}
	meta := map[string]any{}
	for k, v := range o["metadata"].(map[string]any) {
		if k != "labels" && k != "annotations" {
			meta[k] = v
		}
	}
	c["metadata"] = meta
	return c
}

// The chart's defaults render exactly the objects of deploy/, but for
// what only a hand apply needs: the Namespace (helm install
// --create-namespace), the one-shot Job (deploy/job.yaml) and the
// separate scanner account of node-collector-rbac.yaml.
func TestChartRendersDeploy(t *testing.T) {
	chart, err := render(t, "kubeassay", nil)
	if err != nil {
		t.Fatal(err)
	}
	deploy := readDeploy(t)
	onlyDeploy := []string{
		"Namespace//kubeassay",
		"ServiceAccount/kubeassay/kubeassay-scanner",
		"RoleBinding/kubeassay/kubeassay-node-scanner",
		"ClusterRoleBinding//kubeassay-node-scanner",
	}
	for k, d := range deploy {
		c, ok := chart[k]
		if !ok {
			if !slices.Contains(onlyDeploy, k) {
				t.Errorf("%s is in deploy/ but not rendered by the chart", k)
			}
			continue
		}
		if !reflect.DeepEqual(withoutLabels(c), withoutLabels(d)) {
			cy, _ := yaml.Marshal(withoutLabels(c))
			dy, _ := yaml.Marshal(withoutLabels(d))
			t.Errorf("%s differs (after changing the checks, make rbac rewrites both):\nchart:\n%s\ndeploy/:\n%s", k, cy, dy)
		}
	}
	for k, c := range chart {
		if _, ok := deploy[k]; !ok {
			t.Errorf("%s is rendered by the chart but not in deploy/", k)
		}
		labels, _ := c["metadata"].(map[string]any)["labels"].(map[string]any)
		if labels["app.kubernetes.io/instance"] != "kubeassay" || labels["app.kubernetes.io/managed-by"] != "Helm" {
			t.Errorf("%s lacks the release labels: %v", k, labels)
		}
	}
}

// Helm's linter, as 'helm lint --strict' runs it: no error, no warning.
func TestChartLints(t *testing.T) {
	res := lint.RunAll(chartDir, nil, "kubeassay")
	for _, m := range res.Messages {
		if m.Severity >= support.WarningSev {
			t.Errorf("helm lint: %s", m)
		}
	}
	// The linter does find a broken chart: the same chart with a template
	// that does not parse.
	broken := filepath.Join(t.TempDir(), "kubeassay")
	if err := os.CopyFS(broken, os.DirFS(chartDir)); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(broken, "templates", "cronjob.yaml"), []byte("kind: CronJob\nmetadata: {{ .Values.schedule\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if bad := lint.RunAll(broken, nil, "kubeassay"); bad.HighestSeverity < support.ErrorSev {
		t.Errorf("a template that does not parse passes the linter: %v", bad.Messages)
	}
}

func cronArgs(t *testing.T, objs map[string]map[string]any, ns string) (args []string, pod map[string]any) {
	t.Helper()
	cj := objs["CronJob/"+ns+"/kubeassay"]
	if cj == nil {
		t.Fatal("no CronJob rendered")
	}
	pod = cj["spec"].(map[string]any)["jobTemplate"].(map[string]any)["spec"].(map[string]any)["template"].(map[string]any)["spec"].(map[string]any)
	ctr := pod["containers"].([]any)[0].(map[string]any)
	for _, a := range ctr["args"].([]any) {
		args = append(args, a.(string))
	}
	return args, pod
}

// Every value the chart documents changes what is rendered.
func TestChartValues(t *testing.T) {
	w := []any{map[string]any{
		"check": "KA-POD-003", "namespace": "monitoring", "name": "node-exporter-*",
		"justification": "reads host metrics", "owner": "sre@example.com", "expires": "2027-03-31",
	}}
	objs, err := render(t, "audit", map[string]any{
		"schedule": "0 */6 * * *", "benchmarks": []any{"cis-1.12", "pss-restricted"},
		"outputs": []any{"json", "sarif"}, "retention": 7,
		"resources":   map[string]any{"limits": map[string]any{"memory": "1Gi"}},
		"tolerations": []any{map[string]any{"key": "dedicated", "operator": "Exists", "effect": "NoSchedule"}},
		"image":       map[string]any{"repository": "registry.example.com/kubeassay", "tag": "v1.2.3"},
		"nodes":       map[string]any{"enabled": false},
		"waivers":     w,
	})
	if err != nil {
		t.Fatal(err)
	}
	args, pod := cronArgs(t, objs, "audit")
	want := []string{"scan", "--benchmark=cis-1.12,pss-restricted", "--output=table", "--output=json", "--output=sarif",
		"--report-dir=/reports", "--keep=7", "--summary-configmap=kubeassay-summary", "--waiver-file=/etc/kubeassay/waivers.yaml"}
	if !slices.Equal(args, want) {
		t.Errorf("args = %q\nwant %q", args, want)
	}
	cj := objs["CronJob/audit/kubeassay"]
	if s := cj["spec"].(map[string]any)["schedule"]; s != "0 */6 * * *" {
		t.Errorf("schedule %v", s)
	}
	ctr := pod["containers"].([]any)[0].(map[string]any)
	if ctr["image"] != "registry.example.com/kubeassay:v1.2.3" {
		t.Errorf("image %v", ctr["image"])
	}
	if m := ctr["resources"].(map[string]any)["limits"].(map[string]any)["memory"]; m != "1Gi" {
		t.Errorf("memory limit %v", m)
	}
	if tol := pod["tolerations"].([]any); len(tol) != 1 || tol[0].(map[string]any)["key"] != "dedicated" {
		t.Errorf("tolerations %v", tol)
	}
	if _, ok := objs["Role/audit/kubeassay-node-scanner"]; ok {
		t.Error("nodes.enabled false still renders the node collector's RBAC")
	}
	// The waivers ConfigMap is a waivers file kubeassay accepts, holding
	// the given waiver.
	cm := objs["ConfigMap/audit/kubeassay-waivers"]
	if cm == nil {
		t.Fatal("no waivers ConfigMap")
	}
	file := filepath.Join(t.TempDir(), "waivers.yaml")
	if err := os.WriteFile(file, []byte(cm["data"].(map[string]any)["waivers.yaml"].(string)), 0o644); err != nil {
		t.Fatal(err)
	}
	rules, err := waivers.ReadFile(file, false)
	if err != nil {
		t.Fatalf("the rendered waivers are not a waivers file: %v", err)
	}
	if len(rules) != 1 || rules[0].Owner != "sre@example.com" || rules[0].Expires != "2027-03-31" {
		t.Errorf("waivers read back: %+v", rules)
	}

	for name, vals := range map[string]map[string]any{
		"retention 0": {"retention": 0},
		"no outputs":  {"outputs": []any{}},
	} {
		if _, err := render(t, "audit", vals); err == nil {
			t.Errorf("%s: rendered without an error", name)
		}
	}
}

// The rendered chart is accepted by a real API server (server-side apply
// validates every field), in a namespace of its own.
func TestChartAppliesToAPIServer(t *testing.T) {
	c := testcluster.Shared(t)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	const ns = "kubeassay-chart"
	if err := c.CreateNamespace(ctx, ns, nil); err != nil {
		t.Fatal(err)
	}
	objs, err := render(t, ns, map[string]any{"waivers": []any{map[string]any{
		"check": "KA-POD-003", "justification": "j", "owner": "o", "expires": "2027-01-01",
	}}})
	if err != nil {
		t.Fatal(err)
	}
	var list []map[string]any
	for _, k := range slices.Sorted(maps.Keys(objs)) {
		list = append(list, objs[k])
	}
	if err := c.ApplyObjects(ctx, list, "helm"); err != nil {
		t.Fatal(err)
	}
	cs := c.Clientset(t, c.AdminToken)
	cj, err := cs.BatchV1().CronJobs(ns).Get(ctx, "kubeassay", metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if cj.Spec.JobTemplate.Spec.Template.Spec.ServiceAccountName != "kubeassay" {
		t.Errorf("CronJob service account %q", cj.Spec.JobTemplate.Spec.Template.Spec.ServiceAccountName)
	}
}
