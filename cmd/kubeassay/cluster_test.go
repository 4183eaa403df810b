package main

import (
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/viper"
	"k8s.io/client-go/tools/clientcmd"
	clientcmdapi "k8s.io/client-go/tools/clientcmd/api"

	"github.com/kubeassay/kubeassay/sources/cluster"
)

// Every command that talks to an API server has the same connection flags,
// with the same defaults.
func TestConnectionFlagsEverywhere(t *testing.T) {
	root := newRootCommand(nil, nil, nil)
	want := map[string]string{"kubeconfig": "", "context": "", "timeout": "1m0s", "qps": "50", "burst": "100"}
	for _, path := range [][]string{{"scan"}, {"snapshot"}, {"rbac", "who-can"}, {"rbac", "risks"}, {"node"}} {
		cmd, _, err := root.Find(path)
		if err != nil {
			t.Fatal(err)
		}
		for name, def := range want {
			f := cmd.Flags().Lookup(name)
			if f == nil {
				t.Errorf("%s has no --%s", cmd.CommandPath(), name)
			} else if f.DefValue != def {
				t.Errorf("%s --%s defaults to %q, want %q", cmd.CommandPath(), name, f.DefValue, def)
			}
		}
	}
}

// The connection flags, from the command line or the environment, reach the
// client configuration that cluster.RESTConfig builds.
func TestConnectionOptionsReachTheClientConfig(t *testing.T) {
	kubeconfig := hangingServer(t)
	t.Setenv("KUBEASSAY_BURST", "9")
	cmd := &cobra.Command{Use: "x"}
	fs := cmd.Flags()
	addConnectionFlags(fs, "")
	if err := fs.Parse([]string{"--kubeconfig", kubeconfig, "--qps", "7", "--timeout", "3s"}); err != nil {
		t.Fatal(err)
	}
	v := viper.New()
	if err := loadConfig(v, "", cmd); err != nil {
		t.Fatal(err)
	}
	cfg, err := cluster.RESTConfig(connectionOptions(v))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.QPS != 7 || cfg.Burst != 9 || cfg.Timeout != 3*time.Second {
		t.Errorf("QPS %v, burst %d, timeout %v; want 7, 9, 3s", cfg.QPS, cfg.Burst, cfg.Timeout)
	}
}

// hangingServer starts an API server that never answers and returns the
// path of a kubeconfig for it.
func hangingServer(t *testing.T) string {
	t.Helper()
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-release:
		}
	}))
	t.Cleanup(func() { close(release); srv.Close() })
	kc := clientcmdapi.NewConfig()
	kc.Clusters["hang"] = &clientcmdapi.Cluster{Server: srv.URL}
	kc.AuthInfos["hang"] = &clientcmdapi.AuthInfo{Token: "x"}
	kc.Contexts["hang"] = &clientcmdapi.Context{Cluster: "hang", AuthInfo: "hang"}
	kc.CurrentContext = "hang"
	path := filepath.Join(t.TempDir(), "kubeconfig")
	if err := clientcmd.WriteToFile(*kc, path); err != nil {
		t.Fatal(err)
	}
	return path
}

// --timeout bounds each request of node --publish and scan --nodes (their
// clients were built without it, and waited for ever on a server that
// does not answer) as it does who-can's.
func TestTimeoutBoundsEveryCommand(t *testing.T) {
	kubeconfig := hangingServer(t)
	for _, args := range [][]string{
		{"node", "--publish", "--root", "../../testdata/nodes/kubeadm", "--node-name", "n"},
		{"scan", "--nodes", "-b", "cis-1.12", "--collector-timeout", "1m"},
		{"rbac", "who-can", "get", "secrets"},
		{"rbac", "risks"},
	} {
		start := time.Now()
		r := runCLI(t, "", append(args, "--kubeconfig", kubeconfig, "--timeout", "200ms")...)
		if took := time.Since(start); r.code != exitUsage || !(strings.Contains(r.err, "Timeout") || strings.Contains(r.err, "deadline exceeded")) || took > 20*time.Second {
			t.Errorf("%v: exit %d after %s, want 2 naming the timeout: %s", args, r.code, took.Round(time.Millisecond), r.err)
		}
	}
}
