package cluster

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/client-go/discovery"
	"k8s.io/client-go/dynamic"
	"k8s.io/client-go/rest"

	"github.com/kubeassay/kubeassay/checks"
	"github.com/kubeassay/kubeassay/dev/testcluster"
)

func TestMain(m *testing.M) {
	testcluster.RunMain(m, testcluster.Options{Tokens: []testcluster.Token{{User: "nobody"}}})
}

const secretValue = "s3cr3t-value-never-read"

func setup(t *testing.T, c *testcluster.Cluster, ns string) {
	t.Helper()
	ctx := context.Background()
	if err := c.CreateNamespace(ctx, ns, nil); err != nil {
		t.Fatal(err)
	}
	cs := c.Clientset(t, c.AdminToken)
	priv := true
	if _, err := cs.CoreV1().Pods(ns).Create(ctx, &corev1.Pod{
		ObjectMeta: metav1.ObjectMeta{Name: "debug"},
		Spec:       corev1.PodSpec{Containers: []corev1.Container{{Name: "sh", Image: "busybox", SecurityContext: &corev1.SecurityContext{Privileged: &priv}}}},
	}, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	labels := map[string]string{"app": "web"}
	if _, err := cs.AppsV1().Deployments(ns).Create(ctx, &appsv1.Deployment{
		ObjectMeta: metav1.ObjectMeta{Name: "web"},
		Spec: appsv1.DeploymentSpec{
			Selector: &metav1.LabelSelector{MatchLabels: labels},
			Template: corev1.PodTemplateSpec{ObjectMeta: metav1.ObjectMeta{Labels: labels}, Spec: corev1.PodSpec{Containers: []corev1.Container{{Name: "web", Image: "web:1"}}}},
		},
	}, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := cs.CoreV1().Secrets(ns).Create(ctx, &corev1.Secret{
		ObjectMeta: metav1.ObjectMeta{Name: "db", Annotations: map[string]string{"team": "shop-team-annotation-7"}},
		StringData: map[string]string{"password": secretValue},
	}, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
}

// kinds reads kinds as check METADATA names them.
func kinds(t *testing.T, names ...string) []checks.GroupKind {
	t.Helper()
	var out []checks.GroupKind
	for _, n := range names {
		gk, err := checks.ParseKind(n)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, gk)
	}
	return out
}

// collect runs Collect and returns the documents by kind/name.
func collect(t *testing.T, cfg *rest.Config, kinds []checks.GroupKind, opts Options) (map[string]map[string]any, *Result) {
	t.Helper()
	out := make(chan checks.Document, 64)
	got := map[string]map[string]any{}
	done := make(chan struct{})
	go func() {
		defer close(done)
		for d := range out {
			obj := d.Object
			if d.JSON != nil {
				// A list item as the server sent it: kind comes with the
				// document.
				if err := json.Unmarshal(d.JSON, &obj); err != nil {
					t.Errorf("%s: %v", d.Origin, err)
					continue
				}
				if _, ok := obj["kind"]; !ok {
					obj["apiVersion"], obj["kind"] = d.APIVersion, d.Kind
				}
			}
			meta, _ := obj["metadata"].(map[string]any)
			got[obj["kind"].(string)+"/"+meta["namespace"].(string)+"/"+meta["name"].(string)] = obj
		}
	}()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	res, err := Collect(ctx, cfg, kinds, opts, out)
	close(out)
	<-done
	if err != nil {
		t.Fatal(err)
	}
	return got, res
}

// recordingProxy forwards to the API server and keeps every response body.
type recordingProxy struct {
	mu     sync.Mutex
	bodies bytes.Buffer
}

func (p *recordingProxy) start(t *testing.T, c *testcluster.Cluster) *httptest.Server {
	target, _ := url.Parse(c.URL)
	transport, err := rest.TransportFor(&rest.Config{TLSClientConfig: rest.TLSClientConfig{CAData: c.CAData}})
	if err != nil {
		t.Fatal(err)
	}
	rp := httputil.NewSingleHostReverseProxy(target)
	rp.Transport = transport
	director := rp.Director
	rp.Director = func(r *http.Request) {
		director(r)
		r.Header.Del("Accept-Encoding") // keep bodies readable
	}
	rp.ModifyResponse = func(resp *http.Response) error {
		body, err := io.ReadAll(resp.Body)
		if err != nil {
			return err
		}
		p.mu.Lock()
		p.bodies.Write(body)
		p.mu.Unlock()
		resp.Body = io.NopCloser(bytes.NewReader(body))
		return nil
	}
	srv := httptest.NewServer(rp)
	t.Cleanup(srv.Close)
	return srv
}

func TestCollectReadsKindsAndSecretsAsMetadataOnly(t *testing.T) {
	c := testcluster.Shared(t)
	setup(t, c, "collect-a")
	var rec recordingProxy
	srv := rec.start(t, c)
	cfg := &rest.Config{Host: srv.URL, BearerToken: c.AdminToken}
	// A Deployment of another group is another kind: not served here.
	got, res := collect(t, cfg, kinds(t, "Pod", "Deployment", "Secret", "NodeFacts", "NoSuchKind.example.com", "Deployment.example.com"), Options{Namespaces: []string{"collect-a"}, PageSize: 1})
	for key, apiVersion := range map[string]string{"Pod/collect-a/debug": "v1", "Deployment/collect-a/web": "apps/v1", "Secret/collect-a/db": "v1"} {
		if got[key] == nil {
			t.Errorf("%s not collected; got %d objects", key, len(got))
		} else if got[key]["apiVersion"] != apiVersion {
			t.Errorf("%s: apiVersion %v, want %s", key, got[key]["apiVersion"], apiVersion)
		}
	}
	if s := got["Secret/collect-a/db"]; s != nil {
		if _, ok := s["data"]; ok {
			t.Error("the Secret carries data")
		}
		if s["metadata"].(map[string]any)["annotations"].(map[string]any)["team"] != "shop-team-annotation-7" {
			t.Error("the Secret's metadata is missing")
		}
	}
	if want := []string{"Deployment.example.com", "NoSuchKind.example.com"}; !slices.Equal(res.NotServed, want) {
		t.Errorf("not served = %v, want %v", res.NotServed, want)
	}
	if res.Listed["Deployment"] != 1 || res.Listed["Pod"] != 1 {
		t.Errorf("listed = %v", res.Listed)
	}
	if len(res.Unavailable) != 0 {
		t.Errorf("unavailable = %v", res.Unavailable)
	}
	if res.Cluster.Version != testcluster.KubernetesVersion || res.Cluster.Nodes == nil {
		t.Errorf("cluster facts %+v", res.Cluster)
	}
	rec.mu.Lock()
	defer rec.mu.Unlock()
	all := rec.bodies.String()
	if !strings.Contains(all, "shop-team-annotation-7") {
		t.Fatal("the proxy recorded nothing of the Secret list: the test would prove nothing")
	}
	for _, v := range []string{secretValue, base64.StdEncoding.EncodeToString([]byte(secretValue))} {
		if strings.Contains(all, v) {
			t.Errorf("a Secret value crossed the wire: %q", v)
		}
	}
}

func TestForbiddenKindIsRecorded(t *testing.T) {
	c := testcluster.Shared(t)
	setup(t, c, "collect-b")
	cfg := c.RESTConfig(c.TokenFor("nobody"))
	got, res := collect(t, cfg, kinds(t, "Pod", "Deployment"), Options{})
	if len(got) != 0 {
		t.Errorf("a token with no rights read %d objects", len(got))
	}
	for _, kind := range []string{"Pod", "Deployment"} {
		if !strings.Contains(res.Unavailable[kind], "forbidden") {
			t.Errorf("%s: unavailable reason %q, want forbidden", kind, res.Unavailable[kind])
		}
	}
	if res.Cluster.Nodes != nil {
		t.Errorf("nodes counted without the right to list them: %v", *res.Cluster.Nodes)
	}
}

func TestExcludeNamespaces(t *testing.T) {
	c := testcluster.Shared(t)
	setup(t, c, "collect-c")
	setup(t, c, "collect-d")
	got, _ := collect(t, c.RESTConfig(c.AdminToken), kinds(t, "Pod"), Options{ExcludeNamespaces: []string{"collect-c"}})
	if got["Pod/collect-c/debug"] != nil || got["Pod/collect-d/debug"] == nil {
		t.Errorf("exclude-namespace: got %v", keys(got))
	}
}

// TestCollectMatchesGroupAndKind lists NetworkPolicies from a server that
// also serves Calico's NetworkPolicy (a custom resource of the same name):
// each is listed only when asked for by its own group, and its items carry
// that group.
func TestCollectMatchesGroupAndKind(t *testing.T) {
	c := testcluster.Shared(t)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	const ns = "collect-e"
	if err := c.CreateNamespace(ctx, ns, nil); err != nil {
		t.Fatal(err)
	}
	cfg := c.RESTConfig(c.AdminToken)
	dyn, err := dynamic.NewForConfig(cfg)
	if err != nil {
		t.Fatal(err)
	}
	crd := &unstructured.Unstructured{Object: map[string]any{
		"apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition",
		"metadata": map[string]any{"name": "networkpolicies.crd.projectcalico.org"},
		"spec": map[string]any{
			"group": "crd.projectcalico.org", "scope": "Namespaced",
			"names": map[string]any{"kind": "NetworkPolicy", "listKind": "NetworkPolicyList", "plural": "networkpolicies", "singular": "networkpolicy"},
			"versions": []any{map[string]any{"name": "v1", "served": true, "storage": true, "schema": map[string]any{
				"openAPIV3Schema": map[string]any{"type": "object", "x-kubernetes-preserve-unknown-fields": true},
			}}},
		},
	}}
	crdGVR := schema.GroupVersionResource{Group: "apiextensions.k8s.io", Version: "v1", Resource: "customresourcedefinitions"}
	if _, err := dyn.Resource(crdGVR).Create(ctx, crd, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	calicoGVR := schema.GroupVersionResource{Group: "crd.projectcalico.org", Version: "v1", Resource: "networkpolicies"}
	calico := &unstructured.Unstructured{Object: map[string]any{
		"apiVersion": "crd.projectcalico.org/v1", "kind": "NetworkPolicy",
		"metadata": map[string]any{"name": "calico"},
		"spec":     map[string]any{"selector": "all()"},
	}}
	// The custom resource is served once the CRD is established.
	for {
		_, err := dyn.Resource(calicoGVR).Namespace(ns).Create(ctx, calico, metav1.CreateOptions{})
		if err == nil {
			break
		}
		if ctx.Err() != nil {
			t.Fatalf("create the Calico NetworkPolicy: %v", err)
		}
		time.Sleep(200 * time.Millisecond)
	}
	cs := c.Clientset(t, c.AdminToken)
	if _, err := cs.NetworkingV1().NetworkPolicies(ns).Create(ctx, &networkingv1.NetworkPolicy{
		ObjectMeta: metav1.ObjectMeta{Name: "deny-all"},
	}, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	opts := Options{Namespaces: []string{ns}}
	got, res := collect(t, cfg, kinds(t, "NetworkPolicy"), opts)
	if len(got) != 1 || got["NetworkPolicy/"+ns+"/deny-all"]["apiVersion"] != "networking.k8s.io/v1" || res.Listed["NetworkPolicy"] != 1 {
		t.Errorf("NetworkPolicy: got %v, listed %v", keys(got), res.Listed)
	}
	got, res = collect(t, cfg, kinds(t, "NetworkPolicy.crd.projectcalico.org"), opts)
	if len(got) != 1 || got["NetworkPolicy/"+ns+"/calico"]["apiVersion"] != "crd.projectcalico.org/v1" || res.Listed["NetworkPolicy.crd.projectcalico.org"] != 1 {
		t.Errorf("NetworkPolicy.crd.projectcalico.org: got %v, listed %v", keys(got), res.Listed)
	}
	if len(res.NotServed) != 0 || len(res.Unavailable) != 0 {
		t.Errorf("not served %v, unavailable %v", res.NotServed, res.Unavailable)
	}
}

func keys(m map[string]map[string]any) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

func TestPlatform(t *testing.T) {
	node := func(provider string, labels map[string]any) map[string]any {
		return map[string]any{"metadata": map[string]any{"name": "n", "labels": labels}, "spec": map[string]any{"providerID": provider}}
	}
	for _, tt := range []struct {
		version string
		nodes   []map[string]any
		os      bool
		want    string
	}{
		{"v1.33.5-eks-3025e55", nil, false, "eks"},
		{"v1.33.5", []map[string]any{node("gce://p/z/n", map[string]any{"cloud.google.com/gke-nodepool": "a"})}, false, "gke"},
		{"v1.33.5", []map[string]any{node("azure:///sub/x", map[string]any{"kubernetes.azure.com/cluster": "c"})}, false, "aks"},
		{"v1.33.5+k3s1", nil, false, "k3s"},
		{"v1.33.5+rke2r1", []map[string]any{node("rke2://n", nil)}, false, "rke2"},
		{"v1.33.5", []map[string]any{node("", map[string]any{"node-role.kubernetes.io/control-plane": ""})}, false, "kubeadm"},
		{"v1.33.5", nil, true, "openshift"},
		{"v1.33.5", nil, false, "unknown"},
		// A cloud providerID without the managed label is not proof.
		{"v1.33.5", []map[string]any{node("aws:///us-east-1a/i-1", nil)}, false, "unknown"},
	} {
		got, ev := platform(tt.version, tt.nodes, tt.os, nil)
		if got != tt.want || len(ev) == 0 {
			t.Errorf("%s: %s %v, want %s", tt.version, got, ev, tt.want)
		}
	}
}

func TestClassifyKinds(t *testing.T) {
	pod := checks.GroupKind{Kind: "Pod"}
	served := map[checks.GroupKind]resource{
		pod: {gk: pod},
		// Only the legacy group serves NetworkPolicy (an old server);
		// Calico's NetworkPolicy is another kind.
		{Group: "extensions", Kind: "NetworkPolicy"}:            {},
		{Group: "crd.projectcalico.org", Kind: "NetworkPolicy"}: {},
		{Group: "example.com", Kind: "Deployment"}:              {},
	}
	res := &Result{Unavailable: map[string]string{}}
	todo := classify(kinds(t, "Pod", "NodeFacts", "Widget.example.com", "NetworkPolicy", "Deployment"), served, nil, res)
	var got []string
	for _, r := range todo {
		got = append(got, r.gk.String())
	}
	if want := []string{"Pod", "NetworkPolicy"}; !slices.Equal(got, want) || len(res.Unavailable) != 0 {
		t.Errorf("complete discovery: todo %v, want %v; unavailable %v", got, want, res.Unavailable)
	}
	// A Deployment is looked for in apps (and extensions), not by name.
	if want := []string{"Deployment", "Widget.example.com"}; !slices.Equal(res.NotServed, want) {
		t.Errorf("complete discovery: not served %v, want %v", res.NotServed, want)
	}
	// With discovery incomplete, a kind not found may live in a group that
	// failed: it is unavailable (ERROR), not absent (SKIP).
	res = &Result{Unavailable: map[string]string{}}
	classify(kinds(t, "Pod", "Widget.example.com"), served, errors.New("metrics.k8s.io/v1beta1: 503"), res)
	if len(res.NotServed) != 0 || !strings.Contains(res.Unavailable["Widget.example.com"], "discovery was incomplete") {
		t.Errorf("partial discovery: not served %v, unavailable %v", res.NotServed, res.Unavailable)
	}
	// When discovery names the groups that failed, only their kinds are
	// unknown.
	res = &Result{Unavailable: map[string]string{}}
	failed := &discovery.ErrGroupDiscoveryFailed{Groups: map[schema.GroupVersion]error{{Group: "example.com", Version: "v1"}: errors.New("503")}}
	classify(kinds(t, "Widget.example.com", "Gadget.example.org", "Deployment"), served, failed, res)
	if want := []string{"Deployment", "Gadget.example.org"}; !slices.Equal(res.NotServed, want) || len(res.Unavailable) != 1 || res.Unavailable["Widget.example.com"] == "" {
		t.Errorf("partial discovery of example.com: not served %v, want %v; unavailable %v", res.NotServed, want, res.Unavailable)
	}
}
