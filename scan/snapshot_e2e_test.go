package scan_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/kubeassay/kubeassay/dev/testcluster"
	"github.com/kubeassay/kubeassay/report"
	"github.com/kubeassay/kubeassay/scan"
	"github.com/kubeassay/kubeassay/sources/cluster"
	"github.com/kubeassay/kubeassay/sources/snapshot"
)

const secretValue = "s3cr3t-value-never-in-a-snapshot"

// takeSnapshot writes a gzipped snapshot of the cluster as token sees it.
func takeSnapshot(t *testing.T, ctx context.Context, b *scan.Builtin, c *testcluster.Cluster, token string) string {
	t.Helper()
	return takeSnapshotWith(t, ctx, b, c, token, cluster.Options{EveryKindIn: b.EveryKindNamespaces()})
}

// takeSnapshotWith takes it with these collection options.
func takeSnapshotWith(t *testing.T, ctx context.Context, b *scan.Builtin, c *testcluster.Cluster, token string, opts cluster.Options) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "snap.json.gz")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	zw := gzip.NewWriter(f)
	if _, err := snapshot.Take(ctx, c.RESTConfig(token), opts, b.ClusterKinds(), "test", zw); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

// reportJSON renders the report as JSON with the fields that differ
// between a live scan and its replay blanked.
func reportJSON(t *testing.T, res *report.Result) string {
	t.Helper()
	res.Metadata.StartedAt, res.Metadata.FinishedAt = time.Time{}, time.Time{}
	res.Metadata.Source = report.Source{}
	w, err := report.NewWriter("json", report.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := w.Write(&buf, res); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

// TestSnapshotReplay takes a snapshot of a real API server and replays it:
// the report equals the live scan's but for the times and the source, no
// secret value is in the snapshot, and a kind that could not be listed at
// snapshot time still makes its controls ERROR on replay.
func TestSnapshotReplay(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	c, cs := startShop(ctx, t)
	defer c.Stop()
	// A clean Deployment, its ReplicaSet and pods (no controller runs, so
	// they are created by hand).
	no, yes, uid := false, true, int64(1000)
	labels := map[string]string{"app": "web"}
	template := corev1.PodTemplateSpec{
		ObjectMeta: metav1.ObjectMeta{Labels: labels},
		Spec: corev1.PodSpec{
			SecurityContext: &corev1.PodSecurityContext{RunAsNonRoot: &yes, RunAsUser: &uid, SeccompProfile: &corev1.SeccompProfile{Type: corev1.SeccompProfileTypeRuntimeDefault}},
			Containers: []corev1.Container{{Name: "web", Image: "nginx", SecurityContext: &corev1.SecurityContext{
				AllowPrivilegeEscalation: &no, Capabilities: &corev1.Capabilities{Drop: []corev1.Capability{"ALL"}},
			}}},
		},
	}
	dep, err := cs.AppsV1().Deployments("shop").Create(ctx, &appsv1.Deployment{
		ObjectMeta: metav1.ObjectMeta{Name: "web"},
		Spec:       appsv1.DeploymentSpec{Selector: &metav1.LabelSelector{MatchLabels: labels}, Template: template},
	}, metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	rs, err := cs.AppsV1().ReplicaSets("shop").Create(ctx, &appsv1.ReplicaSet{
		ObjectMeta: metav1.ObjectMeta{Name: "web-1", Labels: labels, OwnerReferences: []metav1.OwnerReference{{APIVersion: "apps/v1", Kind: "Deployment", Name: dep.Name, UID: dep.UID, Controller: &yes}}},
		Spec:       appsv1.ReplicaSetSpec{Selector: &metav1.LabelSelector{MatchLabels: labels}, Template: template},
	}, metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"web-1-a", "web-1-b"} {
		if _, err := cs.CoreV1().Pods("shop").Create(ctx, &corev1.Pod{
			ObjectMeta: metav1.ObjectMeta{Name: name, Labels: labels, OwnerReferences: []metav1.OwnerReference{{APIVersion: "apps/v1", Kind: "ReplicaSet", Name: rs.Name, UID: rs.UID, Controller: &yes}}},
			Spec:       template.Spec,
		}, metav1.CreateOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	// Applied with kubectl apply: the annotation holds the whole object
	// as applied, its value included, and the metadata client returns it.
	applied := `{"apiVersion":"v1","kind":"Secret","metadata":{"name":"db","namespace":"shop"},"stringData":{"password":"` + secretValue + `"}}`
	if _, err := cs.CoreV1().Secrets("shop").Create(ctx, &corev1.Secret{
		ObjectMeta: metav1.ObjectMeta{Name: "db", Annotations: map[string]string{"kubectl.kubernetes.io/last-applied-configuration": applied}},
		StringData: map[string]string{"password": secretValue},
	}, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	// A ConfigMap applied the same way: its values are masked in the
	// snapshot, and so must be the copy in the annotation.
	cmApplied := `{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"settings","namespace":"shop"},"data":{"db.password":"` + secretValue + `"}}`
	if _, err := cs.CoreV1().ConfigMaps("shop").Create(ctx, &corev1.ConfigMap{
		ObjectMeta: metav1.ObjectMeta{Name: "settings", Annotations: map[string]string{"kubectl.kubernetes.io/last-applied-configuration": cmApplied}},
		Data:       map[string]string{"db.password": secretValue},
	}, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	grantAllButPods(ctx, t, cs, "no-pods")
	b, err := scan.LoadBuiltin()
	if err != nil {
		t.Fatal(err)
	}
	bench := []string{"pss-baseline", "pss-restricted"}

	t.Run("same verdicts", func(t *testing.T) {
		live, err := scan.Run(ctx, b, scan.Options{Benchmarks: bench, Cluster: &scan.ClusterSource{Config: c.RESTConfig(c.AdminToken)}})
		if err != nil {
			t.Fatal(err)
		}
		if ctl := control(live, "pss-baseline", "baseline.privileged"); ctl.Status != report.StatusFail {
			t.Fatalf("live scan: privileged is %s, want FAIL", ctl.Status)
		}
		path := takeSnapshot(t, ctx, b, c, c.AdminToken)
		if !snapshot.Is(path) {
			t.Fatalf("%s is not recognised as a snapshot", path)
		}
		replay, err := scan.Run(ctx, b, scan.Options{Benchmarks: bench, Files: []string{path}})
		if err != nil {
			t.Fatal(err)
		}
		if replay.Metadata.Source.Type != "snapshot" || replay.Metadata.Cluster == nil || replay.Metadata.Cluster.Version != testcluster.KubernetesVersion {
			t.Errorf("replay metadata: source %+v, cluster %+v", replay.Metadata.Source, replay.Metadata.Cluster)
		}
		if l, r := reportJSON(t, live), reportJSON(t, replay); l != r {
			t.Errorf("the replay differs from the live scan\nlive:\n%s\nreplay:\n%s", l, r)
		}
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		zr, err := gzip.NewReader(f)
		if err != nil {
			t.Fatal(err)
		}
		raw, err := io.ReadAll(zr)
		if err != nil {
			t.Fatal(err)
		}
		var doc struct {
			APIVersion string           `json:"apiVersion"`
			Kind       string           `json:"kind"`
			Metadata   map[string]any   `json:"metadata"`
			Items      []map[string]any `json:"items"`
		}
		if err := json.Unmarshal(raw, &doc); err != nil {
			t.Fatalf("the snapshot is not JSON: %v", err)
		}
		if doc.APIVersion != "kubeassay/v1" || doc.Kind != "Snapshot" || len(doc.Items) == 0 {
			t.Errorf("snapshot header %s %s, %d items", doc.APIVersion, doc.Kind, len(doc.Items))
		}
		if strings.Contains(string(raw), secretValue) {
			t.Error("a secret value is in the snapshot")
		}
	})

	t.Run("forbidden kind stays ERROR", func(t *testing.T) {
		path := takeSnapshot(t, ctx, b, c, c.TokenFor("no-pods"))
		replay, err := scan.Run(ctx, b, scan.Options{Benchmarks: bench, Files: []string{path}})
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(replay.Metadata.Cluster.Unavailable["Pod"], "forbidden") {
			t.Errorf("unavailable: %v", replay.Metadata.Cluster.Unavailable)
		}
		for _, bm := range replay.Benchmarks {
			for _, ctl := range bm.Controls {
				if ctl.Status != report.StatusError || !strings.Contains(ctl.Reason, "Pod could not be read: forbidden") {
					t.Errorf("replay without pods: %s %s is %s (%s), want ERROR", bm.ID, ctl.ID, ctl.Status, ctl.Reason)
				}
			}
		}
	})
}

// shown is a control with the findings it lists, as a report shows it.
type shown struct {
	report.Control
	Findings []report.Finding
}

func view(res *report.Result, c report.Control) shown {
	return shown{c, res.ControlFindings(&c)}
}

func control(res *report.Result, bench, id string) shown {
	for _, bm := range res.Benchmarks {
		if bm.ID != bench {
			continue
		}
		for _, ctl := range bm.Controls {
			if ctl.ID == id {
				return view(res, ctl)
			}
		}
	}
	return shown{}
}
