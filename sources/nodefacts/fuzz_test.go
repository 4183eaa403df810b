package nodefacts

import (
	"encoding/json"
	"strings"
	"testing"
)

// Fuzz targets: "go test" runs their seed corpora; run one for real with
// e.g. go test ./nodes/ -run '^$' -fuzz '^FuzzParseFlags$' -fuzztime 30s

func FuzzParseFlags(f *testing.F) {
	for _, s := range []string{
		"kubelet\x00--config=/var/lib/kubelet/config.yaml\x00--v\x002",
		"/usr/local/bin/k3s server\x00",
		"etcd\x00--peer-client-cert-auth\x00--data-dir\x00/var/lib/etcd",
		"x\x00--pod-max-pids\x00-1\x00--\x00--rest",
		"\x00\x00---\x00--=\x00-\x00-1e9\x00--a_b=c",
		"hyperkube\x00kubelet\x00--feature-gates=A=true,B",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		argv := splitCmdline(data)
		identify(argv)
		if len(argv) == 0 {
			return
		}
		flags, pos := ParseFlags(argv[1:])
		if len(flags)+len(pos) > len(argv)-1 {
			t.Fatalf("more flags and positionals (%d+%d) than arguments (%d)", len(flags), len(pos), len(argv)-1)
		}
		for _, fl := range flags {
			if fl.Name == "" || strings.HasPrefix(fl.Name, "-") {
				t.Fatalf("bad flag name %q from %q", fl.Name, argv)
			}
		}
		m := flagMapOf(flags)
		m.Gates("feature-gates")
		m.List("authorization-mode")
		c := &Component{}
		c.setFlags(flags, "cmdline")
		for name := range c.Flags {
			if _, ok := c.Flag(name); !ok {
				t.Fatalf("flag %q lost", name)
			}
		}
	})
}

func FuzzParseKubeletConfig(f *testing.F) {
	for _, s := range []string{
		"apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nauthentication:\n  anonymous:\n    enabled: false\nreadOnlyPort: 0\n",
		`{"kind":"KubeletConfiguration","featureGates":{"RotateKubeletServerCertificate":true},"tlsCipherSuites":["a","b"]}`,
		"kind: KubeletConfiguration\nauthentication: null\nfeatureGates: [1, 2]\n",
		"a: &x [*x]\n",
		"- 1\n- 2\n",
		"kind: [KubeletConfiguration]\n",
		"\xff\xfe",
		"a: !!binary aGVsbG8=\nb: 1e400\nc: 0x1F\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := ParseKubeletConfig(data)
		if m == nil {
			if err == nil {
				t.Fatalf("nil map without an error")
			}
			return
		}
		merged := MergePatch(MergePatch(map[string]any{}, m), m)
		if _, err := json.Marshal(merged); err != nil {
			t.Fatalf("merged config does not marshal: %v", err)
		}
		for _, spec := range kubeletSettings {
			fromLayers([]configLayer{{source: "file:/x", data: m}}, merged, spec.Key)
		}
	})
}

func FuzzMergePatch(f *testing.F) {
	f.Add([]byte(`{"a":{"b":1}}`), []byte(`{"a":{"b":null,"c":[1]}}`))
	f.Add([]byte(`a: 1`), []byte(`a: {b: {c: {d: 1}}}`))
	f.Add([]byte(`{}`), []byte(`{"x": null}`))
	f.Fuzz(func(t *testing.T, a, b []byte) {
		base, err1 := ParseConfigDocument(a)
		patch, err2 := ParseConfigDocument(b)
		if err1 != nil || err2 != nil {
			return
		}
		before := jsonOf(base)
		got := MergePatch(base, patch)
		if jsonOf(base) != before {
			t.Fatalf("MergePatch modified its base")
		}
		// Applying the same patch twice changes nothing more (RFC 7386
		// merge patches are idempotent).
		if jsonOf(MergePatch(got, patch)) != jsonOf(got) {
			t.Fatalf("merge patch not idempotent")
		}
	})
}

func FuzzParseStaticPod(f *testing.F) {
	f.Add([]byte("apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - name: kube-apiserver\n    command: [kube-apiserver, --profiling=false]\n"))
	f.Add([]byte("kind: Pod\nspec: {containers: [{command: [/bin/sh, -c, 'exec kube-proxy --a=1 2>&1 \"']}]}\n"))
	f.Add([]byte("kind: Pod\nspec: {containers: [{command: [1]}]}\n"))
	f.Add([]byte("kind: Pod\nspec: {containers: [{name: etcd, args: ['--x']}]}\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		_, containers, err := ParseStaticPod(data)
		if err != nil {
			return
		}
		for _, ct := range containers {
			manifestComponent("/etc/kubernetes/manifests/kube-apiserver.yaml", ct)
		}
	})
}

func FuzzParseRancherConfig(f *testing.F) {
	f.Add([]byte("kubelet-arg:\n  - a=b\nkubelet-arg+: [c]\nprotect-kernel-defaults: true\n"))
	f.Add([]byte("kube-apiserver-arg: anonymous-auth=false\nnested: {a: 1}\n"))
	f.Add([]byte("- not a map"))
	f.Fuzz(func(t *testing.T, data []byte) {
		vals, err := ParseRancherConfig(data)
		if err != nil {
			return
		}
		for _, vs := range vals {
			for _, v := range vs {
				if fl, ok := flagItem(v); ok && fl.Name == "" {
					t.Fatalf("empty flag name from %q", v)
				}
			}
		}
	})
}

func FuzzParseEnvFile(f *testing.F) {
	f.Add([]byte("KUBELET_FLAGS=\"--a=1 --b='c d'\"\nexport X=--y\n# c\nBAD\n"))
	f.Add([]byte("A='unterminated\nB=\\\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		for k, v := range ParseEnvFile(data) {
			if k == "" {
				t.Fatalf("empty key")
			}
			flags, _ := ParseFlags(SplitShellWords(v))
			_ = flags
		}
	})
}

func FuzzParseIDFile(f *testing.F) {
	f.Add([]byte("root:x:0:0:root:/root:/bin/bash\netcd:x:998:998::/:/bin/false\n"))
	f.Add([]byte("a:b:-1\n::4294967296\n+::\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, name := range parseIDFile(data) {
			if name == "" {
				t.Fatalf("empty name")
			}
		}
	})
}
