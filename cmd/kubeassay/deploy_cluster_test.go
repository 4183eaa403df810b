package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	authenticationv1 "k8s.io/api/authentication/v1"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/tools/clientcmd"

	"github.com/kubeassay/kubeassay/dev/testcluster"
	"github.com/kubeassay/kubeassay/history"
	"github.com/kubeassay/kubeassay/report"
	"github.com/kubeassay/kubeassay/scan"
)

// deployFiles are the manifests of docs/deploying.md, in the order given
// there.
var deployFiles = []string{"../../deploy/rbac.yaml", "../../deploy/node-collector-rbac.yaml", "../../deploy/kubeassay.yaml", "../../deploy/job.yaml"}

// TestDeployedCronJobRunsUnderItsServiceAccount applies deploy/ to a real
// API server (server-side apply), then runs the CronJob's container
// arguments, as stored by the server, under a token the API server issued
// to the CronJob's ServiceAccount: the reports land in the history
// directory (standing in for the PersistentVolumeClaim), the oldest run
// past --keep is pruned, and the summary ConfigMap is updated; no request
// is forbidden. No kubelet runs, so the node collector Jobs are created
// and removed, and the nodes' controls are ERROR, as they must be.
func TestDeployedCronJobRunsUnderItsServiceAccount(t *testing.T) {
	c := testcluster.Shared(t)
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	objs, err := testcluster.ReadManifests(ctx, deployFiles...)
	if err != nil {
		t.Fatal(err)
	}
	if err := c.ApplyObjects(ctx, objs, "kubeassay-test"); err != nil {
		t.Fatalf("server-side apply of deploy/: %v", err)
	}
	admin := c.Clientset(t, c.AdminToken)
	node := &corev1.Node{ObjectMeta: metav1.ObjectMeta{Name: "deploy-worker"}}
	if _, err := admin.CoreV1().Nodes().Create(ctx, node, metav1.CreateOptions{}); err != nil && !apierrors.IsAlreadyExists(err) {
		t.Fatal(err)
	}

	cj, err := admin.BatchV1().CronJobs("kubeassay").Get(ctx, "kubeassay", metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	pod := cj.Spec.JobTemplate.Spec.Template.Spec
	ctr := pod.Containers[0]
	if got := ctr.Resources.Limits.Memory().String(); got != "512Mi" {
		t.Errorf("memory limit %s, want 512Mi", got)
	}
	tok, err := admin.CoreV1().ServiceAccounts("kubeassay").CreateToken(ctx, pod.ServiceAccountName,
		&authenticationv1.TokenRequest{Spec: authenticationv1.TokenRequestSpec{}}, metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	// In the pod, the namespace comes from the service account's files;
	// here, from the kubeconfig's context.
	kc := c.Kubeconfig(tok.Status.Token)
	for _, ctxt := range kc.Contexts {
		ctxt.Namespace = "kubeassay"
	}
	kcPath := filepath.Join(t.TempDir(), "kubeconfig")
	if err := clientcmd.WriteToFile(*kc, kcPath); err != nil {
		t.Fatal(err)
	}

	reports := t.TempDir()
	var mount string
	for _, m := range ctr.VolumeMounts {
		if m.Name == "reports" {
			mount = m.MountPath
		}
	}
	args := append([]string(nil), ctr.Args...)
	keep := 0
	for i, a := range args {
		if v, ok := strings.CutPrefix(a, "--report-dir="); ok {
			if v != mount {
				t.Fatalf("--report-dir %s is not the volume's mount %s", v, mount)
			}
			args[i] = "--report-dir=" + reports
		}
		if v, ok := strings.CutPrefix(a, "--keep="); ok {
			fmt.Sscanf(v, "%d", &keep)
		}
	}
	if keep < 2 {
		t.Fatalf("the CronJob keeps %d runs", keep)
	}
	// keep runs already on the volume: the new one makes the oldest go.
	for i := range keep {
		name := fmt.Sprintf("kubeassay-202601%02dT031700Z.json", i+1)
		if err := os.WriteFile(filepath.Join(reports, name), []byte("{}"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	args = append(args, "--kubeconfig", kcPath)
	// No kubelet runs the collectors: do not wait the default minutes.
	t.Setenv("KUBEASSAY_COLLECTOR_TIMEOUT", "2s")

	r := runCLI(t, "", args...)
	if r.code != 0 {
		t.Fatalf("the CronJob's command exited %d:\n%s", r.code, r.err)
	}
	runs, err := history.Runs(reports)
	if err != nil {
		t.Fatal(err)
	}
	if len(runs) != keep || runs[0].ID != "20260102T031700Z" {
		t.Fatalf("%d runs kept (oldest %s), want %d with the oldest pruned", len(runs), runs[0].ID, keep)
	}
	newest := runs[len(runs)-1]
	if len(newest.Files) != 3 {
		t.Fatalf("the run wrote %v, want JSON, HTML and PDF", newest.Files)
	}
	jsonFile := ""
	for _, f := range newest.Files {
		fi, err := os.Stat(filepath.Join(reports, f))
		if err != nil || fi.Size() == 0 {
			t.Errorf("%s: %v (size %d)", f, err, fi.Size())
		}
		if strings.HasSuffix(f, ".json") {
			jsonFile = f
		}
	}
	body, err := os.ReadFile(filepath.Join(reports, jsonFile))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(strings.ToLower(r.err), "forbidden") {
		t.Errorf("a request was forbidden to the CronJob's service account:\n%s", excerpt(r.err, "orbidden"))
	}
	// The reader role lists every kind the checks judge. The one control
	// it does not serve by design (docs/deploying.md) is the default
	// namespace's (KA-INV-027, CIS 5.6.4), which lists every namespaced
	// kind there: it, and only it, is ERROR for a forbidden listing.
	var res report.Result
	if err := json.Unmarshal(body, &res); err != nil {
		t.Fatal(err)
	}
	for _, bm := range res.Benchmarks {
		for _, ctl := range bm.Controls {
			if ctl.Status == report.StatusError && strings.Contains(ctl.Reason, "forbidden") && !slices.Equal(ctl.Checks, []string{"KA-INV-027"}) {
				t.Errorf("%s %s is ERROR for a forbidden request: %s", bm.ID, ctl.ID, ctl.Reason)
			}
		}
	}
	if b, err := scan.LoadBuiltin(); err != nil {
		t.Fatal(err)
	} else {
		for _, k := range b.ClusterKinds() {
			if why, ok := res.Metadata.Cluster.Unavailable[k.String()]; ok {
				t.Errorf("%s, which the checks judge, was not listed: %s", k, why)
			}
		}
	}
	if !strings.Contains(string(body), `"username":"system:serviceaccount:kubeassay:kubeassay"`) {
		t.Errorf("the result does not name the service account as who scanned")
	}

	cm, err := admin.CoreV1().ConfigMaps("kubeassay").Get(ctx, "kubeassay-summary", metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if cm.Data["status"] != "ok" || cm.Data["run"] != newest.ID || !strings.Contains(cm.Data["files"], jsonFile) {
		t.Errorf("summary: status %q run %q files %q", cm.Data["status"], cm.Data["run"], cm.Data["files"])
	}
	if !strings.Contains(cm.Data["scores"], "BENCHMARK") || !strings.Contains(cm.Data["scores"], "pss-restricted") {
		t.Errorf("summary scores:\n%s", cm.Data["scores"])
	}
	if n := len(strings.Split(cm.Data["runs"], "\n")); n != keep {
		t.Errorf("summary lists %d runs, want %d", n, keep)
	}
	jobs, err := admin.BatchV1().Jobs("kubeassay").List(ctx, metav1.ListOptions{LabelSelector: "kubeassay.io/run"})
	if err != nil {
		t.Fatal(err)
	}
	for _, j := range jobs.Items {
		if j.DeletionTimestamp == nil {
			t.Errorf("collector Job %s left behind", j.Name)
		}
	}

	// A run that fails records so, and keeps the last finished run's
	// scores and files.
	t.Setenv("KUBEASSAY_COLLECTOR_TIMEOUT", "-1s")
	if r := runCLI(t, "", args...); r.code != 2 {
		t.Fatalf("a failing run exited %d: %s", r.code, r.err)
	}
	cm, err = admin.CoreV1().ConfigMaps("kubeassay").Get(ctx, "kubeassay-summary", metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if cm.Data["status"] != "error" || !strings.Contains(cm.Data["error"], "--collector-timeout") || cm.Data["run"] != newest.ID {
		t.Errorf("after a failed run: status %q error %q run %q", cm.Data["status"], cm.Data["error"], cm.Data["run"])
	}
	// The next finished run clears the error.
	t.Setenv("KUBEASSAY_COLLECTOR_TIMEOUT", "2s")
	if r := runCLI(t, "", args...); r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.err)
	}
	cm, _ = admin.CoreV1().ConfigMaps("kubeassay").Get(ctx, "kubeassay-summary", metav1.GetOptions{})
	if _, left := cm.Data["error"]; left || cm.Data["status"] != "ok" {
		t.Errorf("a finished run left the old error: %v", cm.Data)
	}
}

func excerpt(s, near string) string {
	i := strings.Index(s, near)
	if i < 0 {
		return ""
	}
	return s[max(0, i-200):min(len(s), i+200)]
}

// What deploy/ runs meets the Restricted Pod Security Standard (and so
// does the chart, which renders the same objects: charts/chart_test.go).
func TestDeployMeetsRestricted(t *testing.T) {
	doc, _ := scanJSON(t, "", "-f", "../../deploy", "-b", "pss-restricted")
	bm := doc["benchmarks"].([]any)[0].(map[string]any)
	score := bm["score"].(map[string]any)
	if score["fail"].(float64) != 0 || score["error"].(float64) != 0 || score["percent"] != 100.0 {
		t.Errorf("deploy/ against pss-restricted: %v", score)
	}
	objects := doc["metadata"].(map[string]any)["objects"].(map[string]any)
	if objects["CronJob"] != 1.0 || objects["Job"] != 1.0 {
		t.Errorf("objects read: %v; want the CronJob and the Job", objects)
	}
}
