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
	"strings"
	"sync"
	"testing"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/rest"

	"github.com/kubeassay/kubeassay/checks"
	"github.com/kubeassay/kubeassay/testcluster"
)

func TestMain(m *testing.M) {
	testcluster.RunMain(m, testcluster.Options{Tokens: []testcluster.Token{{User: "nobody"}}})
}

const secretValue = "s3cr3t-value-never-read"

func setup(t *testing.T, c *testcluster.Cluster, ns string) {
	t.Helper()
	ctx := context.Background()
	if err := c.CreateNamespace(ctx, ns); err != nil {
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

// collect runs Collect and returns the documents by kind/name.
func collect(t *testing.T, cfg *rest.Config, kinds []string, opts Options) (map[string]map[string]any, *Result) {
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
	got, res := collect(t, cfg, []string{"Pod", "Deployment", "Secret", "NodeFacts", "NoSuchKind"}, Options{Namespaces: []string{"collect-a"}, PageSize: 1})
	for _, key := range []string{"Pod/collect-a/debug", "Deployment/collect-a/web", "Secret/collect-a/db"} {
		if got[key] == nil {
			t.Errorf("%s not collected; got %d objects", key, len(got))
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
	if len(res.NotServed) != 1 || res.NotServed[0] != "NoSuchKind" {
		t.Errorf("not served = %v", res.NotServed)
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
	got, res := collect(t, cfg, []string{"Pod", "Deployment"}, Options{})
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
	got, _ := collect(t, c.RESTConfig(c.AdminToken), []string{"Pod"}, Options{ExcludeNamespaces: []string{"collect-c"}})
	if got["Pod/collect-c/debug"] != nil || got["Pod/collect-d/debug"] == nil {
		t.Errorf("exclude-namespace: got %v", keys(got))
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
	served := map[string]resource{"Pod": {kind: "Pod"}}
	res := &Result{Unavailable: map[string]string{}}
	todo := classify([]string{"Pod", "NodeFacts", "Widget"}, served, nil, res)
	if len(todo) != 1 || todo[0].kind != "Pod" || len(res.NotServed) != 1 || res.NotServed[0] != "Widget" || len(res.Unavailable) != 0 {
		t.Errorf("complete discovery: todo %v, not served %v, unavailable %v", todo, res.NotServed, res.Unavailable)
	}
	// With discovery incomplete, a kind not found may live in a group that
	// failed: it is unavailable (ERROR), not absent (SKIP).
	res = &Result{Unavailable: map[string]string{}}
	classify([]string{"Pod", "Widget"}, served, errors.New("metrics.k8s.io/v1beta1: 503"), res)
	if len(res.NotServed) != 0 || !strings.Contains(res.Unavailable["Widget"], "discovery was incomplete") {
		t.Errorf("partial discovery: not served %v, unavailable %v", res.NotServed, res.Unavailable)
	}
}
