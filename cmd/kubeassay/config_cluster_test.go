package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/tools/clientcmd"
	clientcmdapi "k8s.io/client-go/tools/clientcmd/api"

	"github.com/kubeassay/kubeassay/dev/testcluster"
)

// TestClusterFlagsFromTheEnvironment: KUBEASSAY_KUBECONFIG, KUBEASSAY_CONTEXT
// and kubeassay.yaml choose the cluster of rbac who-can, rbac risks and
// node --publish as they do scan's, and --context still wins. The
// kubeconfig has two contexts: "live", the test cluster, and "dead", a
// server nothing listens on.
func TestClusterFlagsFromTheEnvironment(t *testing.T) {
	c := testcluster.Shared(t)
	ctx := context.Background()
	const ns = "kubeassay-config"
	if err := c.CreateNamespace(ctx, ns, nil); err != nil {
		t.Fatal(err)
	}
	kc := c.Kubeconfig(c.AdminToken)
	kc.Clusters["dead"] = &clientcmdapi.Cluster{Server: "https://127.0.0.1:1"}
	kc.Contexts["live"] = kc.Contexts[testcluster.ContextName]
	kc.Contexts["dead"] = &clientcmdapi.Context{Cluster: "dead", AuthInfo: testcluster.ContextName}
	kc.CurrentContext = "dead"
	dir := t.TempDir()
	path := filepath.Join(dir, "kubeconfig")
	if err := clientcmd.WriteToFile(*kc, path); err != nil {
		t.Fatal(err)
	}
	t.Setenv("KUBEASSAY_KUBECONFIG", path)
	dead := func(what string, r result) {
		t.Helper()
		if r.code != exitUsage || !strings.Contains(r.err, "127.0.0.1:1") {
			t.Errorf("%s: exit %d, want 2 naming the dead server\n%s\n%s", what, r.code, r.stdout, r.err)
		}
	}

	// The current context is dead: the environment picks the live one.
	t.Setenv("KUBEASSAY_CONTEXT", "live")
	if r := runCLI(t, "", "rbac", "who-can", "get", "secrets"); r.code != 0 || !strings.Contains(r.stdout, "Group system:masters") {
		t.Errorf("who-can, KUBEASSAY_CONTEXT=live: exit %d\n%s\n%s", r.code, r.stdout, r.err)
	}
	if r := runCLI(t, "", "rbac", "risks"); r.code != 0 || !strings.Contains(r.stdout, "hidden (--all shows them)") {
		t.Errorf("risks, KUBEASSAY_CONTEXT=live: exit %d\n%s\n%s", r.code, r.stdout, r.err)
	}
	publish := func(args ...string) result {
		return runCLI(t, "", append([]string{"node", "--publish", "--root", "../../testdata/nodes/kubeadm", "--node-name", "config-node", "--namespace", ns}, args...)...)
	}
	if r := publish(); r.code != 0 || !strings.Contains(r.err, "published to ConfigMap "+ns+"/kubeassay-node-config-node") {
		t.Errorf("node --publish, KUBEASSAY_CONTEXT=live: exit %d\n%s", r.code, r.err)
	}
	cs := c.Clientset(t, c.AdminToken)
	if _, err := cs.CoreV1().ConfigMaps(ns).Get(ctx, "kubeassay-node-config-node", metav1.GetOptions{}); err != nil {
		t.Errorf("the published ConfigMap: %v", err)
	}

	// The flag wins over the environment.
	dead("who-can --context dead", runCLI(t, "", "rbac", "who-can", "get", "secrets", "--context", "dead"))
	dead("risks --context dead", runCLI(t, "", "rbac", "risks", "--context", "dead"))
	dead("node --publish --context dead", publish("--context", "dead"))

	// kubeassay.yaml, below the environment.
	cfg := filepath.Join(dir, "kubeassay.yaml")
	if err := os.WriteFile(cfg, []byte("kubeconfig: "+path+"\ncontext: live\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Setenv("KUBEASSAY_KUBECONFIG", "") // empty: not set, for viper
	t.Setenv("KUBEASSAY_CONTEXT", "")
	if r := runCLI(t, "", "rbac", "who-can", "get", "secrets", "--config", cfg); r.code != 0 {
		t.Errorf("who-can, context live in kubeassay.yaml: exit %d\n%s", r.code, r.err)
	}
	t.Setenv("KUBEASSAY_CONTEXT", "dead")
	dead("risks, KUBEASSAY_CONTEXT=dead over kubeassay.yaml", runCLI(t, "", "rbac", "risks", "--config", cfg))
}
