package nodefacts

import (
	"encoding/json"
	"reflect"
	"testing"
)

func TestParseFlags(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		flags   []Flag
		posArgs []string
	}{
		{"equals", []string{"--a=b", "--c=x=y"}, []Flag{{"a", "b"}, {"c", "x=y"}}, nil},
		{"space", []string{"--kubeconfig", "/k", "--v", "2"}, []Flag{{"kubeconfig", "/k"}, {"v", "2"}}, nil},
		{"single dash", []string{"-v=2", "-v", "3"}, []Flag{{"v", "2"}, {"v", "3"}}, nil},
		{"bare boolean", []string{"--peer-client-cert-auth", "--profiling"}, []Flag{{"peer-client-cert-auth", "true"}, {"profiling", "true"}}, nil},
		{"known boolean never consumes", []string{"--profiling", "server"}, []Flag{{"profiling", "true"}}, []string{"server"}},
		{"negative number is a value", []string{"--pod-max-pids", "-1", "--oom-score-adj=-998"}, []Flag{{"pod-max-pids", "-1"}, {"oom-score-adj", "-998"}}, nil},
		{"empty value", []string{"--node-labels=", "--x"}, []Flag{{"node-labels", ""}, {"x", "true"}}, nil},
		{"repeated", []string{"--f=1", "--f=2", "--f", "3"}, []Flag{{"f", "1"}, {"f", "2"}, {"f", "3"}}, nil},
		{"underscores normalised", []string{"--pod_max_pids=5"}, []Flag{{"pod-max-pids", "5"}}, nil},
		{"terminator", []string{"--a=1", "--", "--b=2"}, []Flag{{"a", "1"}}, []string{"--b=2"}},
		{"positional and junk", []string{"server", "-", "---x", "--=y", ""}, nil, []string{"server", "-", "---x", "--=y", ""}},
		{"flag before terminator", []string{"--a", "--"}, []Flag{{"a", "true"}}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			flags, pos := ParseFlags(tt.args)
			if !reflect.DeepEqual(flags, tt.flags) || !reflect.DeepEqual(pos, tt.posArgs) {
				t.Errorf("ParseFlags(%q) = %v, %q; want %v, %q", tt.args, flags, pos, tt.flags, tt.posArgs)
			}
		})
	}
}

func TestFlagMapHelpers(t *testing.T) {
	flags, _ := ParseFlags([]string{"--feature-gates=A=true,B=false", "--feature-gates", "B=true,C=bad,D",
		"--authorization-mode=Node, RBAC", "--profiling=false", "--authorization-mode=Webhook"})
	m := flagMapOf(flags)
	if got := m.Gates("feature-gates"); !reflect.DeepEqual(got, map[string]bool{"A": true, "B": true}) {
		t.Errorf("Gates = %v", got)
	}
	if got := m.List("authorization-mode"); !reflect.DeepEqual(got, []string{"Node", "RBAC", "Webhook"}) {
		t.Errorf("List = %v", got)
	}
	if v, ok := m.Last("authorization-mode"); !ok || v != "Webhook" {
		t.Errorf("Last = %q %v", v, ok)
	}
	if b, ok := m.Bool("profiling"); !ok || b {
		t.Errorf("Bool(profiling) = %v %v", b, ok)
	}
	if _, ok := m.Bool("missing"); ok {
		t.Errorf("Bool(missing) set")
	}
}

func TestIdentify(t *testing.T) {
	tests := []struct {
		argv []string
		name string
		args int
	}{
		{[]string{"/usr/bin/kubelet", "--v=2"}, Kubelet, 1},
		{[]string{"/usr/local/bin/hyperkube", "kubelet", "--v=2"}, Kubelet, 1},
		{[]string{"hyperkube", "apiserver"}, KubeAPIServer, 0},
		{[]string{"/usr/local/bin/k3s", "server", "--cluster-init"}, K3s, 2},
		{[]string{"/usr/local/bin/k3s", "--debug", "agent"}, K3s, 2},
		{[]string{"k3s-server"}, K3s, 1},
		{[]string{"/usr/local/bin/k3s", "kubectl", "get", "pods"}, "", 0},
		{[]string{"rke2", "agent"}, RKE2, 1},
		{[]string{"etcdctl", "get"}, "", 0},
		{[]string{"man", "kubelet"}, "", 0},
		{[]string{"/usr/bin/kube-proxy"}, KubeProxy, 0},
	}
	for _, tt := range tests {
		name, args, ok := identify(tt.argv)
		if name != tt.name || ok != (tt.name != "") || len(args) != tt.args {
			t.Errorf("identify(%q) = %q %q %v; want %q with %d args", tt.argv, name, args, ok, tt.name, tt.args)
		}
	}
	if got := splitCmdline([]byte("/usr/local/bin/k3s server\x00")); !reflect.DeepEqual(got, []string{"/usr/local/bin/k3s", "server"}) {
		t.Errorf("rewritten title split = %q", got)
	}
	if got := splitCmdline([]byte("a\x00\x00b\x00")); !reflect.DeepEqual(got, []string{"a", "", "b"}) {
		t.Errorf("empty argument lost: %q", got)
	}
}

func TestMergePatch(t *testing.T) {
	parse := func(s string) map[string]any {
		m, err := ParseConfigDocument([]byte(s))
		if err != nil {
			t.Fatal(err)
		}
		return m
	}
	base := parse(`{"a": {"b": 1, "c": [1, 2]}, "d": "x", "e": {"f": 1}}`)
	patch := parse(`{"a": {"c": [3], "g": true}, "d": null, "e": 5, "h": {"i": null, "j": 1}}`)
	got := MergePatch(base, patch)
	want := parse(`{"a": {"b": 1, "c": [3], "g": true}, "e": 5, "h": {"j": 1}}`)
	if jsonOf(got) != jsonOf(want) {
		t.Errorf("MergePatch = %s, want %s", jsonOf(got), jsonOf(want))
	}
	if jsonOf(base) != jsonOf(parse(`{"a": {"b": 1, "c": [1, 2]}, "d": "x", "e": {"f": 1}}`)) {
		t.Errorf("MergePatch modified its base: %s", jsonOf(base))
	}
}

func TestParseConfigDocument(t *testing.T) {
	if m, err := ParseConfigDocument([]byte("readOnlyPort: 10255\nrate: 0.5\n")); err != nil ||
		m["readOnlyPort"] != json.Number("10255") || m["rate"] != json.Number("0.5") {
		t.Errorf("numbers: %v %v", m, err)
	}
	for _, bad := range []string{"- a\n- b\n", "\xff\xfe\x00junk", "a: [", "42"} {
		if _, err := ParseConfigDocument([]byte(bad)); err == nil {
			t.Errorf("ParseConfigDocument(%q) accepted", bad)
		}
	}
	if m, err := ParseConfigDocument([]byte("  \n# only a comment\n")); err != nil || len(m) != 0 {
		t.Errorf("empty document: %v %v", m, err)
	}
	if _, err := ParseKubeletConfig([]byte("kind: KubeProxyConfiguration\n")); err == nil {
		t.Errorf("wrong kind accepted")
	}
	if m, err := ParseKubeletConfig([]byte("readOnlyPort: 0\n")); err == nil || m == nil {
		t.Errorf("missing kind: want the map and an error, got %v %v", m, err)
	}
}

func TestParseEnvFileAndShellWords(t *testing.T) {
	env := ParseEnvFile([]byte(`# comment
KUBELET_KUBEADM_ARGS="--a=1 --b='two words'"
export KUBELET_EXTRA_ARGS=--c=3
BAD LINE
EMPTY=
`))
	if env["KUBELET_KUBEADM_ARGS"] != "--a=1 --b='two words'" && env["KUBELET_KUBEADM_ARGS"] != "--a=1 --b=two words" {
		t.Errorf("KUBELET_KUBEADM_ARGS = %q", env["KUBELET_KUBEADM_ARGS"])
	}
	if env["KUBELET_EXTRA_ARGS"] != "--c=3" || env["EMPTY"] != "" || len(env) != 3 {
		t.Errorf("env = %q", env)
	}
	got := SplitShellWords(`exec a "b c" 'd "e"' f\ g "unterminated`)
	want := []string{"exec", "a", "b c", `d "e"`, "f g", "unterminated"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("SplitShellWords = %q, want %q", got, want)
	}
}

func TestParseIDFile(t *testing.T) {
	ids := parseIDFile([]byte("root:x:0:0::/root:/bin/bash\netcd:x:998:998::/:/bin/false\ndup:x:998:1\n+nis\nbad:x:notanumber:1\n:x:5:5\n"))
	if !reflect.DeepEqual(ids, map[uint32]string{0: "root", 998: "etcd"}) {
		t.Errorf("parseIDFile = %v", ids)
	}
}

func TestModeWithin(t *testing.T) {
	tests := []struct {
		mode, max uint32
		want      bool
	}{
		{0o600, 0o600, true}, {0o400, 0o600, true}, {0o000, 0o600, true},
		{0o644, 0o600, false}, {0o640, 0o600, false}, {0o700, 0o600, false},
		{0o644, 0o644, true}, {0o444, 0o644, true}, {0o664, 0o644, false},
		{0o700, 0o700, true}, {0o750, 0o700, false}, {0o4600, 0o600, false},
		// 600 decimal is 0o1130: comparing decimals would be wrong.
		{600, 0o600, false},
	}
	for _, tt := range tests {
		if got := ModeWithin(tt.mode, tt.max); got != tt.want {
			t.Errorf("ModeWithin(%#o, %#o) = %v, want %v", tt.mode, tt.max, got, tt.want)
		}
	}
}

func TestContainerArgv(t *testing.T) {
	ct := ManifestContainer{Command: []string{"/bin/sh", "-c",
		"exec kube-proxy --a=1 --b '2 3' 1>>/var/log/kube-proxy.log 2>&1"}}
	got := containerArgv(ct)
	want := []string{"kube-proxy", "--a=1", "--b", "2 3"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("containerArgv = %q, want %q", got, want)
	}
	ct = ManifestContainer{Name: "kube-apiserver", Args: []string{"--x=1"}}
	if name, args := manifestComponent("/m/kube-apiserver.yaml", ct); name != KubeAPIServer || len(args) != 1 {
		t.Errorf("entrypoint-less container: %q %q", name, args)
	}
}

func TestVersionedBinaryNames(t *testing.T) {
	for argv0, want := range map[string]string{
		"/root/.cache/kubeassay/bin/kube-apiserver-v1.37.2": KubeAPIServer,
		"/usr/bin/kubelet-1.34":                             Kubelet,
		"/usr/local/bin/etcd":                               Etcd,
	} {
		if got, _, ok := identify([]string{argv0, "--flag=x"}); !ok || got != want {
			t.Errorf("%s: got %q %v, want %q", argv0, got, ok, want)
		}
	}
	if _, _, ok := identify([]string{"/usr/bin/etcdctl"}); ok {
		t.Error("etcdctl taken for etcd")
	}
}
