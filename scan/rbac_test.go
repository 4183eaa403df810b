package scan_test

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	rbacv1 "k8s.io/api/rbac/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	utilyaml "k8s.io/apimachinery/pkg/util/yaml"
	"sigs.k8s.io/yaml"

	"github.com/kubeassay/kubeassay/dev/testcluster"
	"github.com/kubeassay/kubeassay/report"
	"github.com/kubeassay/kubeassay/scan"
	"github.com/kubeassay/kubeassay/sources/cluster"
)

var rbacFile = filepath.Join("..", "deploy", "rbac.yaml")

// TestRBACFileIsFresh fails when deploy/rbac.yaml is not what
// 'kubeassay rbac' prints.
func TestRBACFileIsFresh(t *testing.T) {
	b, err := scan.LoadBuiltin()
	if err != nil {
		t.Fatal(err)
	}
	want, err := cluster.ReaderRBAC(b.ClusterKinds())
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(rbacFile)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("deploy/rbac.yaml is stale; regenerate it with: make rbac (go run ./cmd/kubeassay rbac > deploy/rbac.yaml)")
	}
	// list on secrets lets its holder read their values, whatever the
	// scanner asks for; no built-in check may need it.
	if bytes.Contains(want, []byte(`"secrets"`)) {
		t.Errorf("the scanner's role grants list on secrets: a check of a built-in benchmark lists the Secret kind")
	}
}

// rbacUser is the service account of deploy/rbac.yaml.
var rbacUser = "system:serviceaccount:" + cluster.RBACNamespace + ":" + cluster.RBACName

// rbacCluster starts an API server with a token for rbacUser and applies
// deploy/rbac.yaml to it.
func rbacCluster(ctx context.Context, t *testing.T) *testcluster.Cluster {
	t.Helper()
	c, err := testcluster.Start(ctx, testcluster.Options{Tokens: []testcluster.Token{{User: rbacUser, Groups: []string{"system:serviceaccounts"}}}, Logf: t.Logf})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Stop() })
	cs := c.Clientset(t, c.AdminToken)
	data, err := os.ReadFile(rbacFile)
	if err != nil {
		t.Fatal(err)
	}
	yr := utilyaml.NewYAMLReader(bufioReader(data))
	created := 0
	for {
		doc, err := yr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		var head metav1.TypeMeta
		if err := yaml.Unmarshal(doc, &head); err != nil {
			t.Fatal(err)
		}
		switch head.Kind {
		case "":
			continue
		case "Namespace":
			var o corev1.Namespace
			mustUnmarshal(t, doc, &o)
			_, err = cs.CoreV1().Namespaces().Create(ctx, &o, metav1.CreateOptions{})
		case "ServiceAccount":
			var o corev1.ServiceAccount
			mustUnmarshal(t, doc, &o)
			_, err = cs.CoreV1().ServiceAccounts(o.Namespace).Create(ctx, &o, metav1.CreateOptions{})
		case "ClusterRole":
			var o rbacv1.ClusterRole
			mustUnmarshal(t, doc, &o)
			_, err = cs.RbacV1().ClusterRoles().Create(ctx, &o, metav1.CreateOptions{})
		case "ClusterRoleBinding":
			var o rbacv1.ClusterRoleBinding
			mustUnmarshal(t, doc, &o)
			_, err = cs.RbacV1().ClusterRoleBindings().Create(ctx, &o, metav1.CreateOptions{})
		default:
			t.Fatalf("deploy/rbac.yaml: unexpected kind %s", head.Kind)
		}
		if err != nil {
			t.Fatalf("create %s: %v", head.Kind, err)
		}
		created++
	}
	if created != 4 {
		t.Fatalf("created %d objects from deploy/rbac.yaml, want 4", created)
	}
	return c
}

// TestRBACIsEnough applies deploy/rbac.yaml to a real API server and scans
// as its service account: every kind can be read, and no control is ERROR.
func TestRBACIsEnough(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	user := rbacUser
	c := rbacCluster(ctx, t)
	cs := c.Clientset(t, c.AdminToken)
	// Something to read in a namespace.
	if err := c.CreateNamespace(ctx, "shop", nil); err != nil {
		t.Fatal(err)
	}
	if _, err := cs.CoreV1().Pods("shop").Create(ctx, &corev1.Pod{
		ObjectMeta: metav1.ObjectMeta{Name: "web"},
		Spec:       corev1.PodSpec{Containers: []corev1.Container{{Name: "web", Image: "nginx"}}},
	}, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	b, err := scan.LoadBuiltin()
	if err != nil {
		t.Fatal(err)
	}
	res, err := scan.Run(ctx, b, scan.Options{
		Benchmarks: []string{"pss-baseline", "pss-restricted"},
		Cluster:    &scan.ClusterSource{Config: c.RESTConfig(c.TokenFor(user))},
	})
	if err != nil {
		t.Fatal(err)
	}
	cl := res.Metadata.Cluster
	if cl == nil || len(cl.Unavailable) != 0 || cl.Version != testcluster.KubernetesVersion || cl.Nodes == nil {
		t.Fatalf("as %s, cluster metadata %+v", user, cl)
	}
	if res.Metadata.Objects["Pod"] != 1 {
		t.Errorf("as %s, objects read: %v", user, res.Metadata.Objects)
	}
	for _, bm := range res.Benchmarks {
		for _, ctl := range bm.Controls {
			if ctl.Status == report.StatusError {
				t.Errorf("as %s, %s %s is ERROR: %s", user, bm.ID, ctl.ID, ctl.Reason)
			}
		}
	}
}

// TestRBACLeavesDefaultUndecided scans CIS as the least-privilege service
// account: it may not list every kind in default (no list on Secrets, on
// custom resources), so 5.6.4 is ERROR, naming what it could not list,
// never PASS.
func TestRBACLeavesDefaultUndecided(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	c := rbacCluster(ctx, t)
	b, err := scan.LoadBuiltin()
	if err != nil {
		t.Fatal(err)
	}
	res, err := scan.Run(ctx, b, scan.Options{
		Benchmarks: []string{"cis-1.12"},
		Cluster:    &scan.ClusterSource{Config: c.RESTConfig(c.TokenFor(rbacUser))},
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, ctl := range res.Benchmarks[0].Controls {
		if ctl.ID == "5.6.4" {
			if ctl.Status != report.StatusError || !strings.Contains(ctl.Reason, "kinds could not be read") || !strings.Contains(ctl.Reason, "forbidden") {
				t.Errorf("5.6.4 as %s: %s %q, want ERROR naming the forbidden kinds", rbacUser, ctl.Status, ctl.Reason)
			}
			if why := res.Metadata.Cluster.Unavailable["Secret"]; !strings.Contains(why, "forbidden") {
				t.Errorf("Secret unavailable: %q, want forbidden", why)
			}
			return
		}
	}
	t.Fatal("no control 5.6.4")
}

func bufioReader(data []byte) *bufio.Reader { return bufio.NewReader(bytes.NewReader(data)) }

func mustUnmarshal(t *testing.T, doc []byte, into any) {
	t.Helper()
	if err := yaml.UnmarshalStrict(doc, into); err != nil {
		t.Fatal(err)
	}
}
