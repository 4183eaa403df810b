package main

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/kubeassay/kubeassay/dev/testcluster"
)

// The cluster starts only when a test asks for it (TestScanNodesAgainstCluster).
func TestMain(m *testing.M) {
	testcluster.RunMain(m, testcluster.Options{})
}

// TestScanNodesAgainstCluster runs 'kubeassay scan --nodes' end to end
// against a real API server, through the CLI's flags. No kubelet exists, so
// a goroutine plays cli-cp's: when that node's Job appears it runs the Job's
// 'kubeassay node --publish' command in process (root pointed at the kubeadm
// fixture). cli-worker's Job never runs.
func TestScanNodesAgainstCluster(t *testing.T) {
	c := testcluster.Shared(t)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	const ns = "kubeassay-cli"
	if err := c.CreateNamespace(ctx, ns, nil); err != nil {
		t.Fatal(err)
	}
	admin := c.Clientset(t, c.AdminToken)
	for _, n := range []string{"cli-cp", "cli-worker"} {
		node := &corev1.Node{ObjectMeta: metav1.ObjectMeta{Name: n, Labels: map[string]string{"kubeassay-test": "cli", "role": strings.TrimPrefix(n, "cli-")}}}
		if _, err := admin.CoreV1().Nodes().Create(ctx, node, metav1.CreateOptions{}); err != nil && !apierrors.IsAlreadyExists(err) {
			t.Fatal(err)
		}
	}

	stop := make(chan struct{})
	done := make(chan struct{})
	published := make(chan result, 4)
	go func() {
		defer close(done)
		ran := map[string]bool{}
		for {
			select {
			case <-stop:
				return
			case <-time.After(100 * time.Millisecond):
			}
			jobs, err := admin.BatchV1().Jobs(ns).List(ctx, metav1.ListOptions{})
			if err != nil {
				continue
			}
			for _, j := range jobs.Items {
				node := j.Spec.Template.Spec.NodeName
				if node != "cli-cp" || ran[j.Name] {
					continue
				}
				ran[j.Name] = true
				args := append([]string(nil), j.Spec.Template.Spec.Containers[0].Command[1:]...)
				for i, a := range args {
					switch {
					case a == "$(NODE_NAME)":
						args[i] = node
					case a == "/host":
						args[i] = "../../testdata/nodes/kubeadm"
					}
				}
				published <- runCLI(t, "", append(args, "--kubeconfig", c.KubeconfigPath)...)
			}
		}
	}()
	defer func() { close(stop); <-done }()

	scanNodes := func(selector, timeout string) map[string]any {
		t.Helper()
		doc, r := scanJSON(t, "", "--nodes", "-b", "cis-1.12", "--kubeconfig", c.KubeconfigPath,
			"--collector-namespace", ns, "--collector-timeout", timeout, "--node-selector", selector,
			"--collector-image", "example.test/kubeassay:test")
		if !strings.Contains(r.err, "collector Jobs in namespace "+ns) {
			t.Errorf("stderr: %s", r.err)
		}
		return doc
	}

	// Both nodes: cli-cp is judged, cli-worker is an input error.
	doc := scanNodes("kubeassay-test=cli", "5s")
	select {
	case r := <-published:
		if r.code != 0 || !strings.Contains(r.err, "published to ConfigMap "+ns+"/kubeassay-node-cli-cp") {
			t.Errorf("collector: exit %d: %s", r.code, r.err)
		}
	default:
		t.Fatal("the cli-cp collector never ran")
	}
	// cli-cp passes 1.2.15, but cli-worker's facts are missing: not PASS.
	if s := controlStatus(doc, "cis-1.12", "1.2.15"); s != "ERROR" {
		t.Errorf("1.2.15 with cli-worker's facts missing: %s, want ERROR", s)
	}
	errs, _ := doc["errors"].([]any)
	if len(errs) != 1 {
		t.Fatalf("errors %v, want cli-worker's", errs)
	}
	e := errs[0].(map[string]any)
	if e["origin"].(map[string]any)["file"] != "node/cli-worker" || e["kind"] != "NodeFacts" || !strings.HasPrefix(e["message"].(string), "node facts did not arrive within 5s: ") {
		t.Errorf("error %v", e)
	}
	src, _ := json.Marshal(doc["metadata"].(map[string]any)["source"])
	if !strings.Contains(string(src), `"nodeFacts":["node/cli-cp"]`) {
		t.Errorf("source %s", src)
	}

	// Only the worker: no document at all, so the node controls are ERROR.
	doc = scanNodes("role=worker", "2s")
	for _, id := range []string{"1.2.15", "1.1.5", "4.2.1"} {
		if s := controlStatus(doc, "cis-1.12", id); s != "ERROR" {
			t.Errorf("%s with no node facts: %s, want ERROR", id, s)
		}
	}

	// Nothing is left behind.
	if l, err := admin.BatchV1().Jobs(ns).List(ctx, metav1.ListOptions{}); err != nil || len(l.Items) != 0 {
		t.Errorf("Jobs left: %v %d", err, len(l.Items))
	}
	if l, err := admin.CoreV1().ConfigMaps(ns).List(ctx, metav1.ListOptions{LabelSelector: "kubeassay.io/node-facts=true"}); err != nil || len(l.Items) != 0 {
		t.Errorf("ConfigMaps left: %v %d", err, len(l.Items))
	}
}
