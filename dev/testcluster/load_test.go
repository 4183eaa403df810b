package testcluster_test

import (
	"context"
	"strings"
	"testing"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/yaml"

	"github.com/kubeassay/kubeassay/dev/testcluster"
)

// TestCreateObjects loads a chain whose owner uids are stale (as in saved
// kubectl output), children listed before owners, and checks each owner
// reference now points at the owner created here.
func TestCreateObjects(t *testing.T) {
	c := testcluster.Shared(t)
	ctx := context.Background()
	var objs []map[string]any
	for _, doc := range []string{
		`{apiVersion: v1, kind: Pod, metadata: {name: web-1-a, namespace: load-a, uid: old-pod, ownerReferences: [{apiVersion: apps/v1, kind: ReplicaSet, name: web-1, uid: old-rs, controller: true}]}, spec: {containers: [{name: web, image: web:1}]}, status: {phase: Running}}`,
		`{apiVersion: apps/v1, kind: ReplicaSet, metadata: {name: web-1, namespace: load-a, uid: old-rs, resourceVersion: "42", ownerReferences: [{apiVersion: apps/v1, kind: Deployment, name: web, uid: old-dep, controller: true}]}, spec: {selector: {matchLabels: {app: web}}, template: {metadata: {labels: {app: web}}, spec: {containers: [{name: web, image: web:1}]}}}}`,
		`{apiVersion: apps/v1, kind: Deployment, metadata: {name: web, namespace: load-a, uid: old-dep}, spec: {selector: {matchLabels: {app: web}}, template: {metadata: {labels: {app: web}}, spec: {containers: [{name: web, image: web:1}]}}}}`,
		`{apiVersion: v1, kind: Service, metadata: {name: web, namespace: load-a}, spec: {clusterIP: 10.0.0.99, ports: [{port: 80}]}}`,
	} {
		var o map[string]any
		if err := yaml.Unmarshal([]byte(doc), &o); err != nil {
			t.Fatal(err)
		}
		objs = append(objs, o)
	}
	n, err := c.CreateObjects(ctx, objs, 4)
	if err != nil {
		t.Fatal(err)
	}
	if n != 5 { // the namespace and the four objects
		t.Errorf("created %d, want 5", n)
	}
	cs := c.Clientset(t, c.AdminToken)
	dep, err := cs.AppsV1().Deployments("load-a").Get(ctx, "web", metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	rs, err := cs.AppsV1().ReplicaSets("load-a").Get(ctx, "web-1", metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	pod, err := cs.CoreV1().Pods("load-a").Get(ctx, "web-1-a", metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if rs.OwnerReferences[0].UID != dep.UID || pod.OwnerReferences[0].UID != rs.UID {
		t.Errorf("owner uids not re-pointed: rs->%s (dep %s), pod->%s (rs %s)", rs.OwnerReferences[0].UID, dep.UID, pod.OwnerReferences[0].UID, rs.UID)
	}

	orphan := map[string]any{"apiVersion": "v1", "kind": "Pod", "metadata": map[string]any{"name": "o", "namespace": "load-a",
		"ownerReferences": []any{map[string]any{"apiVersion": "apps/v1", "kind": "ReplicaSet", "name": "gone", "uid": "x"}}}}
	if _, err := c.CreateObjects(ctx, []map[string]any{orphan}, 1); err == nil || !strings.Contains(err.Error(), "Pod load-a/o: its owner is not among the objects") {
		t.Errorf("orphan: %v", err)
	}
}
