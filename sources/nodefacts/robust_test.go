package nodefacts

import (
	"context"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// writeTree creates files under root: path -> content.
func writeTree(t *testing.T, root string, files map[string]string) {
	t.Helper()
	for p, content := range files {
		full := filepath.Join(root, p)
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
	}
}

func symlink(t *testing.T, target, link string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(link), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
}

// TestOddInputs collects from a root full of broken things: junk and
// oversized command lines, vanished processes, a FIFO as a config file,
// symlink loops, binary drop-ins, a symlink escaping the root, a missing
// /etc/passwd. Nothing may hang or panic, and every problem is recorded.
func TestOddInputs(t *testing.T) {
	root := t.TempDir()
	junk := make([]byte, 1000)
	rand.New(rand.NewSource(1)).Read(junk)
	big := "kubelet\x00--x=" + strings.Repeat("a", 5000)
	writeTree(t, root, map[string]string{
		"proc/10/cmdline": string(junk),
		"proc/11/cmdline": big,
		"proc/20/cmdline": strings.Join([]string{"/usr/bin/kubelet", "--config=/etc/kubelet/fifo",
			"--config-dir=/etc/kubelet/conf.d", "--kubeconfig=/etc/loop/kubeconfig",
			"--tls-cert-file=/etc/kubernetes/escape.crt", "--pod-manifest-path=/etc/manifests"}, "\x00") + "\x00",
		"proc/21/cmdline":                         "kube-proxy\x00--config=/etc/proxy.yaml\x00",
		"etc/kubelet/conf.d/10-junk.conf":         string(junk),
		"etc/kubelet/conf.d/20-list.conf":         "- a\n- b\n",
		"etc/kubelet/conf.d/30-big.conf":          "kind: KubeletConfiguration\n#" + strings.Repeat("x", 3000),
		"etc/kubelet/conf.d/40-ok.conf":           "kind: KubeletConfiguration\nreadOnlyPort: 0\n",
		"etc/kubelet/conf.d/sub/50-nested.conf":   "kind: KubeletConfiguration\nauthorization: {mode: Webhook}\n",
		"etc/proxy.yaml":                          "kind: KubeletConfiguration\n",
		"etc/manifests/bad.yaml":                  "kind: Pod\nspec: {containers: [{name: x, command: [1, 2]}]}\n",
		"etc/manifests/.hidden.yaml":              "not read",
		"opt/real/apiserver.crt":                  "-----BEGIN CERTIFICATE-----\nRkFLRQ==\n-----END CERTIFICATE-----\n",
		"etc/cni/net.d/00-self.conf/placeholder":  "",
		"etc/kubernetes/pki/ca.crt":               "fake",
		"proc/self-is-not-a-pid/cmdline":          "ignored",
		"etc/group":                               "root:x:0:\n",
		"etc/kubelet/conf.d/README":               "not a drop-in",
		"proc/22/status":                          "process vanished: no cmdline",
		"etc/systemd/system/kubelet.service.d/.x": "",
	})
	if err := os.MkdirAll(filepath.Join(root, "proc/23/cmdline"), 0o755); err != nil { // a directory, not a file
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(filepath.Join(root, "etc/kubelet/fifo"), 0o600); err != nil {
		t.Fatal(err)
	}
	symlink(t, "/etc/loop", filepath.Join(root, "etc/loop"))                                                    // loops on itself
	symlink(t, "../../../../../../../opt/real/apiserver.crt", filepath.Join(root, "etc/kubernetes/escape.crt")) // ".." past the root stays inside
	symlink(t, "/etc/kubelet/conf.d/60-loop.conf", filepath.Join(root, "etc/kubelet/conf.d/60-loop.conf"))
	symlink(t, "/etc/kubernetes/pki", filepath.Join(root, "etc/kubernetes/pki/etcd")) // directory cycle

	f, err := Collect(context.Background(), Options{Root: root, MaxFileSize: 2048, Profile: "kubeadm"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.JSON(); err != nil {
		t.Fatal(err)
	}
	for _, want := range []struct{ path, msg string }{
		{"/proc/11/cmdline", "larger than 2048"},
		{"/proc/23/cmdline", "not a regular file"},
		{"/etc/kubelet/fifo", "not a regular file"},
		{"/etc/kubelet/conf.d/10-junk.conf", "UTF-8"},
		{"/etc/kubelet/conf.d/20-list.conf", "not a mapping"},
		{"/etc/kubelet/conf.d/30-big.conf", "larger than"},
		{"/etc/kubelet/conf.d/60-loop.conf", "too many levels"},
		{"/etc/loop/kubeconfig", "too many levels"},
		{"/etc/passwd", "no such file"},
		{"/etc/proxy.yaml", "KubeProxyConfiguration"},
		{"/etc/manifests/bad.yaml", "cannot unmarshal"},
	} {
		if !hasError(f, want.path, want.msg) {
			t.Errorf("no error %q recorded for %s", want.msg, want.path)
		}
	}
	k := mustComponent(t, f, Kubelet)
	// The --config file (a FIFO) and four drop-ins cannot be read or
	// parsed: no setting but the flag-set ones can be known, nor
	// defaulted. What the readable drop-ins say stays in the history;
	// drop-ins in subdirectories are read too, after their parent's
	// earlier files, as filepath.WalkDir orders them.
	for key, layer := range map[string]string{
		"readOnlyPort":       "drop-in:/etc/kubelet/conf.d/40-ok.conf",
		"authorization.mode": "drop-in:/etc/kubelet/conf.d/sub/50-nested.conf",
	} {
		s := wantSetting(t, k, key, nil, SourceUnknown)
		if len(s.History) != 1 || s.History[0].Source != layer {
			t.Errorf("%s history = %+v, want the layer %s", key, s.History, layer)
		}
		for _, broken := range []string{"/etc/kubelet/fifo: ", "/etc/kubelet/conf.d/10-junk.conf: ", "/etc/kubelet/conf.d/60-loop.conf: "} {
			if !strings.Contains(s.Error, broken) {
				t.Errorf("%s error %q does not name %s", key, s.Error, broken)
			}
		}
	}
	if len(k.Config.Unreadable) != 5 || len(k.Unreadable) != 5 {
		t.Errorf("kubelet unreadable: config %v, component %v; want the fifo and four drop-ins", k.Config.Unreadable, k.Unreadable)
	}
	// kube-proxy's --config holds a KubeletConfiguration: every setting
	// is unknown.
	p := mustComponent(t, f, KubeProxy)
	wantSetting(t, p, "metricsBindAddress", nil, SourceUnknown)
	// A symlink's ".." cannot climb out of the root.
	esc, _ := f.File("/etc/kubernetes/escape.crt")
	if !esc.Exists || esc.LinkTarget != "/opt/real/apiserver.crt" || esc.Type != "file" {
		t.Errorf("escape.crt = %+v", esc)
	}
	if _, ok := f.File("/etc/manifests/.hidden.yaml"); ok {
		t.Errorf("hidden manifest read")
	}
	// 10, 20 and 21 are read; 11 (too large) and 23 (not a file) are
	// errors; 22 has no cmdline (vanished) and is skipped.
	if f.Metadata.ProcessesScanned != 3 {
		t.Errorf("processesScanned = %d", f.Metadata.ProcessesScanned)
	}
}

func TestCollectRootErrors(t *testing.T) {
	if _, err := Collect(context.Background(), Options{Root: filepath.Join(t.TempDir(), "missing")}); err == nil {
		t.Errorf("missing root accepted")
	}
	file := filepath.Join(t.TempDir(), "file")
	writeTree(t, filepath.Dir(file), map[string]string{"file": "x"})
	if _, err := Collect(context.Background(), Options{Root: file}); err == nil {
		t.Errorf("file as root accepted")
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Collect(ctx, Options{Root: fixtureRoot(t, "kubeadm")}); err == nil {
		t.Errorf("cancelled context not reported")
	}
}

// TestRealRoot collects from this machine's own root: it must not fail,
// must see the test process itself in /proc, and must serialise and
// parse back.
func TestRealRoot(t *testing.T) {
	f, err := Collect(context.Background(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if f.Metadata.Root != "/" || f.Metadata.ProcessesScanned == 0 || f.Metadata.Hostname == "" {
		t.Errorf("metadata = %+v", f.Metadata)
	}
	c := &collector{fs: newHostFS("/", 0), facts: &Facts{Components: map[string]*Component{}}}
	found := false
	for _, p := range c.scanProcesses(context.Background()) {
		if p.PID == os.Getpid() {
			found = len(p.Argv) > 0 && p.Argv[0] == os.Args[0]
		}
	}
	if !found {
		t.Errorf("own process %d (%s) not read from /proc", os.Getpid(), os.Args[0])
	}
	data, err := f.JSON()
	if err != nil {
		t.Fatal(err)
	}
	back, err := Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	again, _ := back.JSON()
	if string(again) != string(data) {
		t.Errorf("document does not survive a JSON round trip")
	}
	validateSchema(t, data)
}
