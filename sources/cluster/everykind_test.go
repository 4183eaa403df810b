package cluster

import (
	"context"
	"encoding/base64"
	"strings"
	"testing"

	coordinationv1 "k8s.io/api/coordination/v1"
	corev1 "k8s.io/api/core/v1"
	rbacv1 "k8s.io/api/rbac/v1"
	apiresource "k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/rest"

	"github.com/kubeassay/kubeassay/checks"
	"github.com/kubeassay/kubeassay/dev/testcluster"
)

// TestEveryKindInDefault lists every namespaced kind the server serves in
// default, as metadata only, besides the kinds asked for: objects of kinds
// no check names are seen, no value crosses the wire, and the managers of
// managedFields (not the fields) come along.
func TestEveryKindInDefault(t *testing.T) {
	c := testcluster.Shared(t)
	ctx := context.Background()
	cs := c.Clientset(t, c.AdminToken)
	if err := c.CreateNamespace(ctx, "collect-e", nil); err != nil {
		t.Fatal(err)
	}
	holder := "lease-holder-identity-7"
	for _, ns := range []string{"default", "collect-e"} {
		if _, err := cs.CoordinationV1().Leases(ns).Create(ctx, &coordinationv1.Lease{
			ObjectMeta: metav1.ObjectMeta{Name: "lock", Annotations: map[string]string{checks.LastApplied: `{"spec":"copy"}`}},
			Spec:       coordinationv1.LeaseSpec{HolderIdentity: &holder},
		}, metav1.CreateOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := cs.CoreV1().PersistentVolumeClaims("default").Create(ctx, &corev1.PersistentVolumeClaim{
		ObjectMeta: metav1.ObjectMeta{Name: "data"},
		Spec: corev1.PersistentVolumeClaimSpec{AccessModes: []corev1.PersistentVolumeAccessMode{corev1.ReadWriteOnce},
			Resources: corev1.VolumeResourceRequirements{Requests: corev1.ResourceList{corev1.ResourceStorage: apiresource.MustParse("1Gi")}}},
	}, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := cs.RbacV1().RoleBindings("default").Create(ctx, &rbacv1.RoleBinding{
		ObjectMeta: metav1.ObjectMeta{Name: "viewers"},
		RoleRef:    rbacv1.RoleRef{APIGroup: "rbac.authorization.k8s.io", Kind: "ClusterRole", Name: "view"},
		Subjects:   []rbacv1.Subject{{Kind: "Group", APIGroup: "rbac.authorization.k8s.io", Name: "viewers"}},
	}, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := cs.CoreV1().Secrets("default").Create(ctx, &corev1.Secret{
		ObjectMeta: metav1.ObjectMeta{Name: "db"}, StringData: map[string]string{"password": secretValue},
	}, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := cs.CoreV1().Events("default").Create(ctx, &corev1.Event{
		ObjectMeta:     metav1.ObjectMeta{Name: "started"},
		InvolvedObject: corev1.ObjectReference{Kind: "Pod", Namespace: "default", Name: "x"},
		Reason:         "Started",
	}, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}

	var rec recordingProxy
	srv := rec.start(t, c)
	cfg := &rest.Config{Host: srv.URL, BearerToken: c.AdminToken}
	got, res := collect(t, cfg, kinds(t, "Pod"), Options{EveryKindIn: []string{"default"}})
	for _, key := range []string{"Lease/default/lock", "PersistentVolumeClaim/default/data", "RoleBinding/default/viewers", "Secret/default/db", "Service/default/kubernetes", "Endpoints/default/kubernetes", "EndpointSlice/default/kubernetes"} {
		if got[key] == nil {
			t.Errorf("%s not collected; got %v", key, keys(got))
		}
	}
	for _, key := range []string{"Lease/collect-e/lock", "Event/default/started"} {
		if got[key] != nil {
			t.Errorf("%s collected", key)
		}
	}
	if lease := got["Lease/default/lock"]; lease != nil {
		if lease["apiVersion"] != "coordination.k8s.io/v1" {
			t.Errorf("Lease apiVersion %v", lease["apiVersion"])
		}
		if _, ok := lease["spec"]; ok {
			t.Error("the Lease was read whole, not as metadata")
		}
		meta := lease["metadata"].(map[string]any)
		if annotations, _ := meta["annotations"].(map[string]any); annotations[checks.LastApplied] != nil {
			t.Error("kubectl apply's copy was kept")
		}
		mf, _ := meta["managedFields"].([]any)
		if len(mf) == 0 {
			t.Fatalf("no managedFields: %v", meta)
		}
		entry := mf[0].(map[string]any)
		if entry["manager"] == nil || entry["fieldsV1"] != nil {
			t.Errorf("managedFields entry %v: want the manager without the fields", entry)
		}
	}
	if res.Listed["Lease.coordination.k8s.io"] != 1 {
		t.Errorf("listed %v", res.Listed)
	}
	if len(res.Unavailable) != 0 {
		t.Errorf("unavailable %v", res.Unavailable)
	}
	rec.mu.Lock()
	all := rec.bodies.String()
	rec.mu.Unlock()
	for _, v := range []string{secretValue, base64.StdEncoding.EncodeToString([]byte(secretValue)), holder} {
		if strings.Contains(all, v) {
			t.Errorf("a value crossed the wire: %q", v)
		}
	}

	// Scoped to another namespace, or with default excluded: not listed.
	for _, opts := range []Options{{Namespaces: []string{"collect-e"}, EveryKindIn: []string{"default"}}, {ExcludeNamespaces: []string{"default"}, EveryKindIn: []string{"default"}}} {
		if got, _ := collect(t, c.RESTConfig(c.AdminToken), kinds(t, "Pod"), opts); got["Lease/default/lock"] != nil {
			t.Errorf("%+v: default listed", opts)
		}
	}

	// Credentials that may list nothing: every kind is recorded, so that
	// the control is ERROR and not PASS.
	_, res = collect(t, c.RESTConfig(c.TokenFor("nobody")), nil, Options{EveryKindIn: []string{"default"}})
	for _, k := range []string{"Lease.coordination.k8s.io", "PersistentVolumeClaim", "Secret", "RoleBinding"} {
		if !strings.Contains(res.Unavailable[k], "forbidden") {
			t.Errorf("%s: unavailable %q, want forbidden", k, res.Unavailable[k])
		}
	}
}
