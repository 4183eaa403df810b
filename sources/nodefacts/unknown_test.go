package nodefacts

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// Tests for "never a false PASS": whatever a configuration source that
// could not be read may set is unknown, never defaulted.

// collectRoot collects a root built by writeTree.
func collectRoot(t *testing.T, root string, profile string) *Facts {
	t.Helper()
	f, err := Collect(context.Background(), Options{Root: root, Profile: profile, Now: fixedNow, ToolVersion: "test"})
	if err != nil {
		t.Fatal(err)
	}
	doc, err := f.JSON()
	if err != nil {
		t.Fatal(err)
	}
	validateSchema(t, doc)
	return f
}

// cmdline renders argv as /proc/<pid>/cmdline.
func cmdline(argv ...string) string {
	return strings.Join(argv, "\x00") + "\x00"
}

// wantUnknown asserts a setting is unknown because of path, with no value.
func wantUnknown(t *testing.T, c *Component, key, path string) Setting {
	t.Helper()
	s := wantSetting(t, c, key, nil, SourceUnknown)
	if !strings.Contains(s.Error, path+": ") {
		t.Errorf("%s %s error = %q, want it to name %s", c.Name, key, s.Error, path)
	}
	return s
}

// wantUnreadable asserts a component lists path as unreadable (and the
// document's errors too).
func wantUnreadable(t *testing.T, f *Facts, c *Component, path, msg string) {
	t.Helper()
	found := false
	for _, e := range c.Unreadable {
		found = found || (e.Path == path && strings.Contains(e.Message, msg))
	}
	if !found {
		t.Errorf("%s unreadable = %+v, want %s (%q)", c.Name, c.Unreadable, path, msg)
	}
	if !hasError(f, path, msg) {
		t.Errorf("errors lack %s (%q): %+v", path, msg, f.Errors)
	}
}

func TestKubeletBrokenConfigIsUnknown(t *testing.T) {
	root := t.TempDir()
	writeTree(t, root, map[string]string{
		"proc/10/cmdline": cmdline("/usr/bin/kubelet", "--config=/var/lib/kubelet/config.yaml",
			"--read-only-port=0", "--feature-gates=SeccompDefault=true"),
		// A YAML syntax error; the kubelet would not start. Before, the
		// file was skipped and the defaults made anonymous auth "false"
		// (a PASS), whatever the file said.
		"var/lib/kubelet/config.yaml": "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\n" +
			"authentication:\n  anonymous:\n    enabled: true\n  x509: [\n",
	})
	f := collectRoot(t, root, "kubeadm")
	k := mustComponent(t, f, Kubelet)
	const file = "/var/lib/kubelet/config.yaml"
	wantUnknown(t, k, "authentication.anonymous.enabled", file)
	wantUnknown(t, k, "authorization.mode", file)
	wantUnknown(t, k, "featureGates.RotateKubeletServerCertificate", file)
	// Flags override the file: what they set stays known.
	wantSetting(t, k, "readOnlyPort", 0, "flag")
	wantSetting(t, k, "featureGates.SeccompDefault", true, "flag")
	// Flag-only settings cannot be set in the file.
	wantSetting(t, k, "certDir", "/var/lib/kubelet/pki", "default")
	wantSetting(t, k, "kubeconfig", nil, "unset")
	if len(k.Config.Unreadable) != 1 || k.Config.Unreadable[0].Path != file {
		t.Errorf("config unreadable = %+v", k.Config.Unreadable)
	}
	wantUnreadable(t, f, k, file, "yaml")
	if k.Config.Merged != nil {
		t.Errorf("a broken file was merged: %v", k.Config.Merged)
	}

	// A --config file that does not exist is unreadable too.
	root = t.TempDir()
	writeTree(t, root, map[string]string{
		"proc/10/cmdline": cmdline("kubelet", "--config=/etc/kubelet/missing.yaml", "--config-dir=/etc/kubelet/none.d"),
	})
	f = collectRoot(t, root, "generic")
	k = mustComponent(t, f, Kubelet)
	wantUnknown(t, k, "authentication.anonymous.enabled", "/etc/kubelet/missing.yaml")
	s := wantUnknown(t, k, "readOnlyPort", "/etc/kubelet/none.d")
	if !strings.Contains(s.Error, "; ") {
		t.Errorf("readOnlyPort error %q should name both broken sources", s.Error)
	}
	wantUnreadable(t, f, k, "/etc/kubelet/missing.yaml", "no such file")
	wantUnreadable(t, f, k, "/etc/kubelet/none.d", "not a readable directory")

	// A drop-in without kind would stop the kubelet as well.
	root = t.TempDir()
	writeTree(t, root, map[string]string{
		"proc/10/cmdline":             cmdline("kubelet", "--config=/c.yaml", "--config-dir=/d"),
		"c.yaml":                      "kind: KubeletConfiguration\nreadOnlyPort: 0\n",
		"d/10-no-kind.conf":           "readOnlyPort: 10255\n",
		"d/20-unrelated.txt":          "not a drop-in",
		"d/30-ok.conf":                "kind: KubeletConfiguration\nauthorization: {mode: Webhook}\n",
		"etc/kubernetes/kubelet.conf": "",
	})
	f = collectRoot(t, root, "generic")
	k = mustComponent(t, f, Kubelet)
	s = wantUnknown(t, k, "readOnlyPort", "/d/10-no-kind.conf")
	if len(s.History) != 1 || s.History[0].Source != "file:/c.yaml" {
		t.Errorf("readOnlyPort history = %+v, want the readable file's layer only", s.History)
	}
	wantUnknown(t, k, "authorization.mode", "/d/10-no-kind.conf")
}

func TestKubeProxyBrokenConfigIsUnknown(t *testing.T) {
	root := t.TempDir()
	writeTree(t, root, map[string]string{
		"proc/20/cmdline": cmdline("kube-proxy", "--config=/var/lib/kube-proxy/config.conf",
			"--hostname-override=n1", "--metrics-bind-address=127.0.0.1:10249"),
		"var/lib/kube-proxy/config.conf": "kind: KubeProxyConfiguration\nmetricsBindAddress: 0.0.0.0:10249\n\t- broken\n",
	})
	f := collectRoot(t, root, "kubeadm")
	p := mustComponent(t, f, KubeProxy)
	const file = "/var/lib/kube-proxy/config.conf"
	// Before, the defaults (127.0.0.1:10249) were reported: a PASS.
	s := wantUnknown(t, p, "metricsBindAddress", file)
	if len(s.History) != 1 || !s.History[0].Ignored {
		t.Errorf("metricsBindAddress history = %+v, want the ignored flag", s.History)
	}
	wantUnknown(t, p, "clientConnection.kubeconfig", file)
	wantSetting(t, p, "hostnameOverride", "n1", "flag") // honoured with --config
	wantUnreadable(t, f, p, file, "yaml")
	if len(p.Config.Unreadable) != 1 {
		t.Errorf("config unreadable = %+v", p.Config.Unreadable)
	}
}

func TestEtcdBrokenConfigFile(t *testing.T) {
	root := t.TempDir()
	writeTree(t, root, map[string]string{
		"proc/30/cmdline":    cmdline("etcd", "--config-file=/etc/etcd/etcd.yaml", "--client-cert-auth=true", "--auto-tls=false"),
		"etc/etcd/etcd.yaml": "client-transport-security:\n  client-cert-auth: false\n  auto-tls: [\n",
	})
	f := collectRoot(t, root, "kubeadm")
	e := mustComponent(t, f, Etcd)
	// etcd ignores its flags with --config-file: the command line's
	// client-cert-auth=true must not stand in for the unreadable file.
	if len(e.Flags) != 1 || len(e.Flags["config-file"]) != 1 {
		t.Errorf("etcd flags = %v, want only config-file", e.Flags)
	}
	wantFlag(t, e, "config-file", "/etc/etcd/etcd.yaml", "cmdline")
	wantUnreadable(t, f, e, "/etc/etcd/etcd.yaml", "yaml")

	root = t.TempDir()
	writeTree(t, root, map[string]string{
		"proc/30/cmdline": cmdline("etcd", "--config-file=/etc/etcd/missing.yaml", "--client-cert-auth=true"),
	})
	f = collectRoot(t, root, "kubeadm")
	e = mustComponent(t, f, Etcd)
	if _, ok := e.Flag("client-cert-auth"); ok {
		t.Errorf("client-cert-auth kept though etcd ignores it with --config-file")
	}
	wantUnreadable(t, f, e, "/etc/etcd/missing.yaml", "no such file")
}

func TestRancherBrokenConfigMakesEmbeddedUnknown(t *testing.T) {
	root := t.TempDir()
	writeTree(t, root, map[string]string{
		"proc/500/cmdline":                          cmdline("/usr/local/bin/k3s", "server", "--kubelet-arg=read-only-port=0"),
		"etc/rancher/k3s/config.yaml":               "kube-apiserver-arg:\n  - anonymous-auth=true\nkubelet-arg: [\n",
		"etc/rancher/k3s/config.yaml.d/10-ok.yaml":  "write-kubeconfig-mode: \"0600\"\n",
		"etc/rancher/k3s/config.yaml.d/20-bad.yaml": "- a list\n",
		"var/lib/rancher/k3s/agent/etc/kubelet.conf.d/00-k3s-defaults.conf": "kind: KubeletConfiguration\n" +
			"authentication:\n  anonymous:\n    enabled: false\n",
	})
	f := collectRoot(t, root, "")
	const cfg, dropIn = "/etc/rancher/k3s/config.yaml", "/etc/rancher/k3s/config.yaml.d/20-bad.yaml"
	sup := mustComponent(t, f, K3s)
	wantUnreadable(t, f, sup, cfg, "yaml")
	wantUnreadable(t, f, sup, dropIn, "not a mapping")
	wantFlag(t, sup, "write-kubeconfig-mode", "0600", "file:/etc/rancher/k3s/config.yaml.d/10-ok.yaml")
	for _, name := range []string{KubeAPIServer, KubeControllerManager, KubeScheduler, Kubelet, KubeProxy} {
		c := mustComponent(t, f, name)
		wantUnreadable(t, f, c, cfg, "yaml")
		wantUnreadable(t, f, c, dropIn, "not a mapping")
	}
	// The kubelet's flags may be in the broken file (kubelet-arg): what
	// no known flag sets is unknown, even with a drop-in setting it.
	k := mustComponent(t, f, Kubelet)
	s := wantUnknown(t, k, "authentication.anonymous.enabled", cfg)
	if len(s.History) != 1 || !strings.HasPrefix(s.History[0].Source, "drop-in:") {
		t.Errorf("history = %+v", s.History)
	}
	wantSetting(t, k, "readOnlyPort", 0, "flag")
	wantUnknown(t, k, "certDir", cfg) // a flag-only setting: the flag may be there
	p := mustComponent(t, f, KubeProxy)
	wantUnknown(t, p, "metricsBindAddress", cfg)

	// A --config that names a missing file.
	root = t.TempDir()
	writeTree(t, root, map[string]string{
		"proc/500/cmdline": cmdline("k3s", "agent", "--config", "/etc/k3s-agent.yaml"),
	})
	f = collectRoot(t, root, "k3s")
	wantUnreadable(t, f, mustComponent(t, f, K3s), "/etc/k3s-agent.yaml", "does not exist")
	wantUnreadable(t, f, mustComponent(t, f, Kubelet), "/etc/k3s-agent.yaml", "does not exist")
}

func TestSchedulerConfigFile(t *testing.T) {
	argv := []string{"kube-scheduler", "--config=/etc/kubernetes/scheduler-config.yaml",
		"--profiling=false", "--contention-profiling=false", "--kubeconfig=/etc/kubernetes/scheduler.conf",
		"--authentication-kubeconfig=/etc/kubernetes/scheduler.conf"}
	const file = "/etc/kubernetes/scheduler-config.yaml"
	for _, c := range []struct {
		name, config           string
		profiling, contention  any
		profSource, contSource string
		kubeconfig, kubeSource string
	}{
		{"defaults", "apiVersion: kubescheduler.config.k8s.io/v1\nkind: KubeSchedulerConfiguration\n" +
			"clientConnection:\n  kubeconfig: /etc/kubernetes/real-scheduler.conf\n",
			true, true, "default", "default", "/etc/kubernetes/real-scheduler.conf", "file:" + file},
		{"profiling off", "apiVersion: kubescheduler.config.k8s.io/v1beta3\nkind: KubeSchedulerConfiguration\n" +
			"enableProfiling: false\nclientConnection:\n  kubeconfig: \"\"\n",
			false, false, "file:" + file, "default", "", "unset"},
	} {
		t.Run(c.name, func(t *testing.T) {
			root := t.TempDir()
			writeTree(t, root, map[string]string{
				"proc/40/cmdline":                    cmdline(argv...),
				strings.TrimPrefix(file, "/"):        c.config,
				"etc/kubernetes/scheduler.conf":      "",
				"etc/kubernetes/real-scheduler.conf": "",
			})
			f := collectRoot(t, root, "kubeadm")
			s := mustComponent(t, f, KubeScheduler)
			if s.Config == nil || s.Config.ConfigFile != file || s.Config.Defaults != "config-file" {
				t.Fatalf("scheduler config = %+v", s.Config)
			}
			prof := wantSetting(t, s, "enableProfiling", c.profiling, c.profSource)
			// The deprecated flag is ignored with --config: history only.
			if last := prof.History[len(prof.History)-1]; last.Source != "flag" || !last.Ignored || last.Value != false {
				t.Errorf("enableProfiling history = %+v, want the ignored --profiling=false", prof.History)
			}
			wantSetting(t, s, "enableContentionProfiling", c.contention, c.contSource)
			var kc any
			if c.kubeconfig != "" {
				kc = c.kubeconfig
			}
			wantSetting(t, s, "clientConnection.kubeconfig", kc, c.kubeSource)
			// The scheduler-kubeconfig role follows the config, never the
			// ignored --kubeconfig flag, nor the profile's default.
			var roles []string
			for _, file := range f.FilesWithRole(RoleSchedulerKubeconfig) {
				roles = append(roles, file.Path)
			}
			if c.kubeconfig == "" && len(roles) != 0 || c.kubeconfig != "" && (len(roles) != 1 || roles[0] != c.kubeconfig) {
				t.Errorf("scheduler-kubeconfig files = %v, want %q", roles, c.kubeconfig)
			}
			wantFile(t, f, file, "scheduler-config", "0600", "", "")
		})
	}

	t.Run("unreadable", func(t *testing.T) {
		root := t.TempDir()
		writeTree(t, root, map[string]string{
			"proc/40/cmdline":               cmdline(argv...),
			strings.TrimPrefix(file, "/"):   "apiVersion: kubescheduler.config.k8s.io/v1alpha1\nkind: KubeSchedulerConfiguration\nenableProfiling: false\n",
			"etc/kubernetes/scheduler.conf": "",
		})
		f := collectRoot(t, root, "kubeadm")
		s := mustComponent(t, f, KubeScheduler)
		for _, key := range []string{"enableProfiling", "enableContentionProfiling", "clientConnection.kubeconfig"} {
			wantUnknown(t, s, key, file)
		}
		wantUnreadable(t, f, s, file, "v1alpha1")
		if len(s.Config.Unreadable) != 1 {
			t.Errorf("config unreadable = %+v", s.Config.Unreadable)
		}
		if got := f.FilesWithRole(RoleSchedulerKubeconfig); len(got) != 0 {
			t.Errorf("scheduler-kubeconfig files = %+v, want none: the kubeconfig in use is unknown", got)
		}
	})

	t.Run("no --config", func(t *testing.T) {
		root := t.TempDir()
		writeTree(t, root, map[string]string{
			"proc/40/cmdline": cmdline("kube-scheduler", "--kubeconfig=/etc/kubernetes/scheduler.conf", "--profiling=false"),
		})
		f := collectRoot(t, root, "kubeadm")
		s := mustComponent(t, f, KubeScheduler)
		if s.Config != nil || len(s.Unreadable) != 0 {
			t.Errorf("scheduler config = %+v unreadable %+v", s.Config, s.Unreadable)
		}
		if got := f.FilesWithRole(RoleSchedulerKubeconfig); len(got) != 1 || got[0].DiscoveredBy[0] != "flag:kube-scheduler --kubeconfig" {
			t.Errorf("scheduler-kubeconfig files = %+v", got)
		}
	})
}

func TestControllerManagerConfigFlag(t *testing.T) {
	root := t.TempDir()
	writeTree(t, root, map[string]string{
		"proc/50/cmdline":         cmdline("kube-controller-manager", "--config=/etc/kubernetes/kcm.yaml", "--profiling=false"),
		"etc/kubernetes/kcm.yaml": "kind: KubeControllerManagerConfiguration\n",
	})
	f := collectRoot(t, root, "kubeadm")
	cm := mustComponent(t, f, KubeControllerManager)
	wantUnreadable(t, f, cm, "/etc/kubernetes/kcm.yaml", "no --config flag upstream")
	wantFlag(t, cm, "profiling", "false", "cmdline")
}

func TestEtcdEnvironment(t *testing.T) {
	root := t.TempDir()
	writeTree(t, root, map[string]string{
		"proc/30/cmdline": cmdline("etcd", "--client-cert-auth=true", "--data-dir=/var/lib/etcd"),
		"proc/30/environ": strings.Join([]string{"HOME=/root", "ETCD_CLIENT_CERT_AUTH=false", "ETCD_AUTO_TLS=true",
			"ETCD_PEER_CLIENT_CERT_AUTH=true", "ETCD_INITIAL_CLUSTER_TOKEN=secret-token", "ETCDCTL_API=3",
			"ETCD_=x", "PATH=/bin"}, "\x00"),
		"proc/31/cmdline": cmdline("etcd", "--name=second"),
	})
	// The environment of a process that cannot be read.
	if err := os.MkdirAll(filepath.Join(root, "proc/32/environ"), 0o755); err != nil {
		t.Fatal(err)
	}
	writeTree(t, root, map[string]string{"proc/32/cmdline": cmdline("etcd")})

	f, err := Collect(context.Background(), Options{Root: root, Profile: "kubeadm", PIDs: []int{30}})
	if err != nil {
		t.Fatal(err)
	}
	e := mustComponent(t, f, Etcd)
	const env = "env:/proc/30/environ"
	// A command-line flag shadows its variable.
	wantFlag(t, e, "client-cert-auth", "true", "cmdline")
	if got := e.FlagValues("client-cert-auth"); len(got) != 1 {
		t.Errorf("client-cert-auth values = %v: the shadowed variable was added", got)
	}
	// Before, auto-tls=true from the environment was not seen: a PASS.
	wantFlag(t, e, "auto-tls", "true", env)
	wantFlag(t, e, "peer-client-cert-auth", "true", env)
	wantFlag(t, e, "initial-cluster-token", Redacted, env)
	for name := range e.Flags {
		if name != "client-cert-auth" && name != "data-dir" && name != "auto-tls" &&
			name != "peer-client-cert-auth" && name != "initial-cluster-token" {
			t.Errorf("unexpected flag %q from the environment", name)
		}
	}
	if len(e.Unreadable) != 0 {
		t.Errorf("unreadable = %+v", e.Unreadable)
	}

	f, err = Collect(context.Background(), Options{Root: root, Profile: "kubeadm", PIDs: []int{32}})
	if err != nil {
		t.Fatal(err)
	}
	wantUnreadable(t, f, mustComponent(t, f, Etcd), "/proc/32/environ", "not a regular file")

	// No environ file (a process that vanished): nothing to add, no error.
	f, err = Collect(context.Background(), Options{Root: root, Profile: "kubeadm", PIDs: []int{31}})
	if err != nil {
		t.Fatal(err)
	}
	if e := mustComponent(t, f, Etcd); len(e.Unreadable) != 0 || len(e.Flags) != 1 {
		t.Errorf("etcd without environ: flags %v unreadable %+v", e.Flags, e.Unreadable)
	}
}

func TestEtcdEnvironmentConfigFile(t *testing.T) {
	// ETCD_CONFIG_FILE names a config file, which then overrides the
	// command line and the environment.
	root := t.TempDir()
	writeTree(t, root, map[string]string{
		"proc/30/cmdline":    cmdline("etcd", "--client-cert-auth=false"),
		"proc/30/environ":    "ETCD_CONFIG_FILE=/etc/etcd/etcd.yaml\x00ETCD_AUTO_TLS=true\x00",
		"etc/etcd/etcd.yaml": "client-transport-security:\n  client-cert-auth: true\n",
	})
	f := collectRoot(t, root, "kubeadm")
	e := mustComponent(t, f, Etcd)
	wantFlag(t, e, "config-file", "/etc/etcd/etcd.yaml", "env:/proc/30/environ")
	wantFlag(t, e, "client-cert-auth", "true", "file:/etc/etcd/etcd.yaml")
	if _, ok := e.Flag("auto-tls"); ok {
		t.Errorf("auto-tls from the environment kept though the config file overrides it")
	}
}

func TestEtcdManifestEnvironment(t *testing.T) {
	root := t.TempDir()
	writeTree(t, root, map[string]string{
		"etc/kubernetes/manifests/etcd.yaml": `apiVersion: v1
kind: Pod
metadata: {name: etcd}
spec:
  containers:
  - name: etcd
    command: [etcd, --client-cert-auth=true]
    env:
    - {name: ETCD_AUTO_TLS, value: "true"}
    - {name: ETCD_CLIENT_CERT_AUTH, value: "false"}
    - name: ETCD_PEER_AUTO_TLS
      valueFrom: {configMapKeyRef: {name: etcd, key: peer-auto-tls}}
    - {name: GOMAXPROCS, value: "2"}
`,
	})
	f := collectRoot(t, root, "kubeadm")
	e := mustComponent(t, f, Etcd)
	const manifest = "/etc/kubernetes/manifests/etcd.yaml"
	wantFlag(t, e, "auto-tls", "true", "env:"+manifest)
	wantFlag(t, e, "client-cert-auth", "true", "manifest:"+manifest)
	if _, ok := e.Flag("gomaxprocs"); ok {
		t.Errorf("a non-ETCD_ variable became a flag")
	}
	wantUnreadable(t, f, e, manifest, "ETCD_PEER_AUTO_TLS is set from valueFrom")
}

func TestTreeListingIncomplete(t *testing.T) {
	// Cap: the PKI tree has more entries than are walked.
	defer func(n int) { maxDirEntries = n }(maxDirEntries)
	maxDirEntries = 3
	root := t.TempDir()
	files := map[string]string{"etc/kubernetes/pki/etcd/ca.key": "k"}
	for i := 0; i < 5; i++ {
		files[fmt.Sprintf("etc/kubernetes/pki/f%d.crt", i)] = "c"
	}
	writeTree(t, root, files)
	f := collectRoot(t, root, "kubeadm")
	dir, ok := f.File("/etc/kubernetes/pki")
	if !ok || !slices.Contains(dir.Roles, RolePKIDir) || dir.Incomplete != "stopped after 3 entries" {
		t.Errorf("pki dir = %+v, want incomplete: stopped after 3 entries", dir)
	}
	if cni, _ := f.File("/etc/cni/net.d"); cni.Incomplete != "" {
		t.Errorf("missing CNI dir incomplete = %q", cni.Incomplete)
	}
	maxDirEntries = 5000

	// A directory that cannot be read (as a collector without root's
	// privileges meets it; root reads everything, so the fault is
	// injected).
	root = t.TempDir()
	writeTree(t, root, map[string]string{
		"etc/kubernetes/pki/ca.crt":         "c",
		"etc/kubernetes/pki/etcd/ca.key":    "k",
		"etc/cni/net.d/10-flannel.conflist": "{}",
	})
	c := &collector{fs: newHostFS(root, 0), files: map[string]*fileRequest{},
		facts: &Facts{Components: map[string]*Component{}}, profile: profiles["kubeadm"]}
	c.fs.readDirFault = func(p string) error {
		if p == "/etc/kubernetes/pki/etcd" {
			return fs.ErrPermission
		}
		return nil
	}
	c.profileFiles()
	c.facts.Files = c.statFiles()
	c.facts.normalize()
	dir, _ = c.facts.File("/etc/kubernetes/pki")
	if dir.Incomplete != "cannot read /etc/kubernetes/pki/etcd: permission denied" {
		t.Errorf("pki dir incomplete = %q", dir.Incomplete)
	}
	if sub, _ := c.facts.File("/etc/kubernetes/pki/etcd"); sub.Incomplete != "" {
		t.Errorf("incomplete set below the tree's top: %+v", sub)
	}
	if !hasError(c.facts, "/etc/kubernetes/pki/etcd", "permission denied") {
		t.Errorf("errors = %+v", c.facts.Errors)
	}
	if cni, _ := c.facts.File("/etc/cni/net.d"); cni.Incomplete != "" || !slices.Contains(cni.Roles, RoleCNIConfigDir) {
		t.Errorf("cni dir = %+v", cni)
	}
	doc, _ := c.facts.JSON()
	if !strings.Contains(string(doc), `"incomplete": "cannot read /etc/kubernetes/pki/etcd: permission denied"`) {
		t.Errorf("incomplete not rendered")
	}
}

// TestConfigCutShortIsUnknown: YAML cut in the middle often still parses,
// as a shorter file whose lost settings would read as defaults (kube-proxy's
// metricsBindAddress turned into the loopback default: a PASS). A YAML
// file that does not end with a line break is not trusted.
func TestConfigCutShortIsUnknown(t *testing.T) {
	root := t.TempDir()
	writeTree(t, root, map[string]string{
		"proc/20/cmdline":                cmdline("kube-proxy", "--config=/var/lib/kube-proxy/config.conf"),
		"var/lib/kube-proxy/config.conf": "apiVersion: kubeproxy.config.k8s.io/v1alpha1\nkind: KubeProxyConfiguration\nmode: ipt",
	})
	f := collectRoot(t, root, "kubeadm")
	p := mustComponent(t, f, KubeProxy)
	wantUnknown(t, p, "metricsBindAddress", "/var/lib/kube-proxy/config.conf")
	wantUnreadable(t, f, p, "/var/lib/kube-proxy/config.conf", "cut short")
	// JSON is whole or does not parse: no line break needed.
	if _, err := ParseConfigDocument([]byte(`{"kind": "KubeProxyConfiguration"}`)); err != nil {
		t.Errorf("JSON without a final newline: %v", err)
	}
}

// A command line cut short (NULs inside, none at the end) leaves the flags
// after the cut unknown; without any command line of the kubelet (found
// through the platform profile only), a flag-only setting such as
// hostnameOverride is unknown, never unset.
func TestCommandLineNotReadWhole(t *testing.T) {
	root := t.TempDir()
	writeTree(t, root, map[string]string{
		"proc/30/cmdline":             "/usr/bin/kubelet\x00--config=/var/lib/kubelet/config.yaml\x00--hostname-ov",
		"var/lib/kubelet/config.yaml": "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nreadOnlyPort: 0\n",
	})
	f := collectRoot(t, root, "")
	k := mustComponent(t, f, Kubelet)
	wantUnreadable(t, f, k, "/proc/30/cmdline", "cut short")
	wantUnknown(t, k, "hostnameOverride", "/proc/30/cmdline")

	eks := collectRoot(t, filepath.Join("..", "..", "testdata", "nodes", "eks"), "")
	if s := mustComponent(t, eks, Kubelet).Config.Settings["hostnameOverride"]; s.Source != "flag" {
		t.Fatalf("eks fixture: hostnameOverride %+v, want it from the command line", s)
	}
	copyRoot := t.TempDir()
	if err := os.CopyFS(copyRoot, os.DirFS(filepath.Join("..", "..", "testdata", "nodes", "eks"))); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(copyRoot, "proc", "2000", "cmdline")); err != nil {
		t.Fatal(err)
	}
	k = mustComponent(t, collectRoot(t, copyRoot, ""), Kubelet)
	if !strings.HasPrefix(k.Source, "profile:") {
		t.Fatalf("without its process the kubelet comes from %q, want the profile", k.Source)
	}
	wantUnknown(t, k, "hostnameOverride", "kubelet command line")
}

// A command line cut short may repeat, after the cut, a flag seen before
// it (the last one wins), and its last argument is cut too: no flag is
// known, set or not, and the cut argument is not read as a value.
func TestCutCommandLineLeavesNoFlagKnown(t *testing.T) {
	root := t.TempDir()
	writeTree(t, root, map[string]string{
		"proc/30/cmdline":             "/usr/bin/kubelet\x00--config=/var/lib/kubelet/config.yaml\x00--anonymous-auth=false\x00--read-only-port=0\x00--tls-cipher-suites=TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,TLS_RSA_WITH_R",
		"proc/40/cmdline":             "kube-apiserver\x00--profiling=false\x00--anonymous-auth=fa",
		"var/lib/kubelet/config.yaml": "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nreadOnlyPort: 0\n",
	})
	f := collectRoot(t, root, "")
	k := mustComponent(t, f, Kubelet)
	if !k.FlagsIncomplete {
		t.Error("kubelet: a cut command line does not mark its flags incomplete")
	}
	for _, key := range []string{"authentication.anonymous.enabled", "readOnlyPort", "tlsCipherSuites"} {
		wantUnknown(t, k, key, "/proc/30/cmdline")
	}
	if _, ok := k.Flags["tls-cipher-suites"]; ok {
		t.Errorf("kubelet: the cut last argument is read as a flag: %v", k.Flags["tls-cipher-suites"])
	}
	api := mustComponent(t, f, KubeAPIServer)
	if !api.FlagsIncomplete || api.Flags["anonymous-auth"] != nil || len(api.Flags["profiling"]) != 1 {
		t.Errorf("kube-apiserver: flags %v, incomplete %v; want profiling kept, the cut anonymous-auth dropped, and the flags marked incomplete", api.Flags, api.FlagsIncomplete)
	}
}

// The kubelet's --tls-cipher-suites is a list flag: given twice, it
// appends, and every suite counts.
func TestKubeletListFlagGivenTwiceAppends(t *testing.T) {
	root := t.TempDir()
	writeTree(t, root, map[string]string{
		"proc/30/cmdline": "/usr/bin/kubelet\x00--tls-cipher-suites=TLS_RSA_WITH_RC4_128_SHA\x00--tls-cipher-suites=TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256\x00",
	})
	k := mustComponent(t, collectRoot(t, root, ""), Kubelet)
	got := k.Config.Settings["tlsCipherSuites"]
	want := []any{"TLS_RSA_WITH_RC4_128_SHA", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"}
	if got.Source != "flag" || !reflect.DeepEqual(got.Value, want) {
		t.Errorf("tlsCipherSuites = %+v, want %v from the flag", got, want)
	}
}
