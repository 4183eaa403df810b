package nodefacts

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/kubeassay/kubeassay/sources/nodefacts/nodetest"
)

// canaryRoot is a fake k3s node whose every secret is a string starting
// with "CANARY": the k3s command line (--token, --etcd-s3-secret-key, a
// datastore password), config.yaml (token, agent-token, a datastore URL
// password, S3 access key, secrets inside kube-apiserver-arg items), a
// config.yaml.d drop-in (vpn-auth) and a broken one, etcd's environment
// (ETCD_INITIAL_CLUSTER_TOKEN and a foreign AWS_SECRET_ACCESS_KEY), and a
// kubelet config (staticPodURLHeader, a URL password, a PEM block).
const canaryRoot = "testdata/canary"

func TestCanaryNeverLeaks(t *testing.T) {
	var facts *Facts
	var doc []byte
	logged := nodetest.CaptureOutput(t, func() {
		var err error
		facts, err = Collect(context.Background(), Options{Root: canaryRoot, Now: fixedNow, ToolVersion: "test"})
		if err != nil {
			t.Error(err)
			return
		}
		if doc, err = facts.JSON(); err != nil {
			t.Error(err)
		}
	})
	if facts == nil || doc == nil {
		t.FailNow()
	}
	if strings.Contains(logged, "CANARY") {
		t.Errorf("a secret was logged:\n%s", logged)
	}
	if i := bytes.Index(doc, []byte("CANARY")); i >= 0 {
		t.Fatalf("a secret reached the facts document: …%s…", doc[max(0, i-200):min(len(doc), i+100)])
	}
	// The foreign environment variable is not kept at all, not even by name.
	if bytes.Contains(doc, []byte("AWS_SECRET")) || bytes.Contains(doc, []byte("aws-secret")) {
		t.Errorf("a non-ETCD_ environment variable reached the document")
	}
	// Reloading the document keeps it clean (and valid).
	if back, err := Parse(doc); err != nil {
		t.Fatal(err)
	} else if again, _ := back.JSON(); !bytes.Equal(again, doc) {
		t.Errorf("document does not survive a round trip")
	}
	validateSchema(t, doc)

	// Set-ness and provenance are kept: the keys are there, the values
	// are REDACTED.
	k3s := mustComponent(t, facts, K3s)
	wantFlag(t, k3s, "token", Redacted, "cmdline")
	if got := k3s.FlagValues("token"); len(got) != 2 || got[0] != Redacted {
		t.Errorf("k3s token values = %v, want the file's and the command line's, redacted", got)
	}
	wantFlag(t, k3s, "agent-token", Redacted, "file:/etc/rancher/k3s/config.yaml")
	wantFlag(t, k3s, "etcd-s3-access-key", Redacted, "file:/etc/rancher/k3s/config.yaml")
	wantFlag(t, k3s, "etcd-s3-secret-key", Redacted, "cmdline")
	wantFlag(t, k3s, "vpn-auth", Redacted, "file:/etc/rancher/k3s/config.yaml.d/50-vpn.yaml")
	wantFlag(t, k3s, "token-file", "/etc/rancher/k3s/token", "") // a path, not a secret
	wantFlag(t, k3s, "write-kubeconfig-mode", "0600", "")
	wantFlag(t, k3s, "datastore-endpoint", "mysql://k3s:REDACTED@tcp(db:3306)/k3s", "cmdline")
	if got := k3s.FlagValues("datastore-endpoint")[0]; got != "postgres://k3s:REDACTED@db.example:5432/k3s?sslmode=require" {
		t.Errorf("datastore-endpoint from the file = %q", got)
	}
	wantArgs := []string{"server", "--token=REDACTED", "--etcd-s3-secret-key", "REDACTED", "--datastore-endpoint=mysql://k3s:REDACTED@tcp(db:3306)/k3s"}
	if strings.Join(k3s.Args, " ") != strings.Join(wantArgs, " ") {
		t.Errorf("k3s args = %q, want %q", k3s.Args, wantArgs)
	}

	api := mustComponent(t, facts, KubeAPIServer)
	wantFlag(t, api, "oidc-client-secret", Redacted, "file:/etc/rancher/k3s/config.yaml")
	wantFlag(t, api, "etcd-servers", "https://root:REDACTED@etcd.example:2379", "")
	wantFlag(t, api, "anonymous-auth", "false", "")
	// The encryption configuration is summarised (its keys are canaries):
	// provider names in order, the kms apiVersion, never a key.
	if api.Encryption == nil || api.Encryption.Error != "" {
		t.Fatalf("encryption config summary = %+v, want one read", api.Encryption)
	}
	if got := jsonOf(api.Encryption.Resources); got != `[{"resources":["secrets"],"providers":[{"type":"aescbc"},{"type":"secretbox"},{"type":"aesgcm"},{"type":"kms","apiVersion":"v2"},{"type":"identity"}]}]` {
		t.Errorf("encryption resources = %s", got)
	}

	etcd := mustComponent(t, facts, Etcd)
	wantFlag(t, etcd, "initial-cluster-token", Redacted, "env:/proc/600/environ")

	k := mustComponent(t, facts, Kubelet)
	header, _ := k.Config.Merged["staticPodURLHeader"].(map[string]any)
	if jsonOf(header) != `{"Authorization":["REDACTED"],"X-Trace":["REDACTED"]}` {
		t.Errorf("staticPodURLHeader = %s, want its header names with redacted values", jsonOf(header))
	}
	if got := k.Config.Merged["providerID"]; got != Redacted {
		t.Errorf("PEM block in providerID = %v", got)
	}
	wantSetting(t, k, "authentication.anonymous.enabled", false, "file:/etc/kubernetes/kubelet.yaml")
}

func TestRedactText(t *testing.T) {
	for in, want := range map[string]string{
		"https://user:pass@host:6443/x":                  "https://user:REDACTED@host:6443/x",
		"postgres://k3s:p@ss@db/k3s":                     "postgres://k3s:REDACTED@db/k3s",
		"https://tok3n@github.com/x":                     "https://REDACTED@github.com/x",
		"https://a:b@h1:2379,https://c:d@h2:2379":        "https://a:REDACTED@h1:2379,https://c:REDACTED@h2:2379",
		"https://host:2379,https://other:2379":           "https://host:2379,https://other:2379",
		"postgres://db/k3s?sslmode=disable&password=x1":  "postgres://db/k3s?sslmode=disable&password=REDACTED",
		"x -----BEGIN RSA PRIVATE KEY-----\nabc\n-----E": Redacted,
		"/etc/kubernetes/pki/ca.crt":                     "/etc/kubernetes/pki/ca.crt",
		"user@example.com":                               "user@example.com",
		"https://user:REDACTED@host":                     "https://user:REDACTED@host",
		// A userinfo whose "@host" was cut off: the rest is a password,
		// unless it is a port.
		"postgres://k3s:SuperSecretPassw":       "postgres://k3s:REDACTED",
		"https://10.0.0.1:6443":                 "https://10.0.0.1:6443",
		"https://host:6443/healthz":             "https://host:6443/healthz",
		"https://[::1]:2379":                    "https://[::1]:2379",
		"https://h1:2379,https://h2:2379":       "https://h1:2379,https://h2:2379",
		"host=db user=k3s password=hunter2 x=1": "host=db user=k3s password=REDACTED x=1",
		"password=hunter2":                      "password=REDACTED",
	} {
		if got := RedactText(in); got != want {
			t.Errorf("RedactText(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestRedactFlag(t *testing.T) {
	for _, c := range []struct{ name, value, want string }{
		{"token", "K10abc::server:xyz", Redacted},
		{"token", "true", Redacted}, // named secrets are always redacted
		{"agent-token", "x", Redacted},
		{"token-file", "/var/lib/rancher/k3s/server/token", "/var/lib/rancher/k3s/server/token"},
		{"initial-cluster-token", "etcd-cluster", Redacted},
		{"etcd-s3-access-key", "AKIA", Redacted},
		{"etcd-s3-secret-key", "s3cr3t", Redacted},
		{"db-password", "hunter2", Redacted},
		{"oidc-client-secret", "x", Redacted},
		{"some_api-key-file", "/x", "/x"},
		{"tls-private-key-file", "/etc/kubernetes/pki/apiserver.key", "/etc/kubernetes/pki/apiserver.key"},
		{"service-account-key-file", "/etc/kubernetes/pki/sa.pub", "/etc/kubernetes/pki/sa.pub"},
		{"kubelet-client-key", "/etc/kubernetes/pki/kc.key", "/etc/kubernetes/pki/kc.key"},
		{"cert-dir", "/var/lib/kubelet/pki", "/var/lib/kubelet/pki"},
		{"image-credential-provider-config", "/etc/eks/icp.json", "/etc/eks/icp.json"},
		// Secret-word names keep values that are plainly no secret.
		{"enable-bootstrap-token-auth", "true", "true"},
		{"use-service-account-credentials", "true", "true"},
		{"authentication-token-webhook", "false", "false"},
		{"authentication-token-webhook-cache-ttl", "2m0s", "2m0s"},
		{"service-account-max-token-expiration", "48h", "48h"},
		{"service-account-extend-token-expiration", "true", "true"},
		{"secrets-encryption", "true", "true"},
		{"auth-token", "jwt,priv-key=/x.key,sign-method=RS256", Redacted},
		{"anonymous-auth", "false", "false"},
		{"etcd-servers", "https://u:p@e:2379", "https://u:REDACTED@e:2379"},
		{"kube-apiserver-arg", "oidc-client-secret=x", "oidc-client-secret=REDACTED"},
		{"kube-apiserver-arg", "--token-auth-file=/x", "--token-auth-file=/x"},
		{"kubelet-arg", "anonymous-auth=false", "anonymous-auth=false"},
		{"etcd-arg", "initial-cluster-token=t", "initial-cluster-token=REDACTED"},
	} {
		if got := RedactFlag(c.name, c.value); got != c.want {
			t.Errorf("RedactFlag(%q, %q) = %q, want %q", c.name, c.value, got, c.want)
		}
	}
}

func TestRedactArgs(t *testing.T) {
	in := []string{"server", "--token", "abc", "--token-file=/t", "-agent-token=x", "--cluster-init",
		"--datastore-endpoint", "mysql://u:p@tcp(db)/k3s", "--", "--token=literal"}
	want := []string{"server", "--token", Redacted, "--token-file=/t", "-agent-token=REDACTED", "--cluster-init",
		// After "--" an argument is no flag, but one that reads
		// token=... is redacted all the same: it may be one.
		"--datastore-endpoint", "mysql://u:REDACTED@tcp(db)/k3s", "--", "--token=REDACTED"}
	if got := RedactArgs(in); strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("RedactArgs = %q, want %q", got, want)
	}
	if in[2] != "abc" {
		t.Errorf("RedactArgs changed its argument")
	}
}

func TestRedactConfig(t *testing.T) {
	var m map[string]any
	if err := json.Unmarshal([]byte(`{
		"staticPodURLHeader": {"Authorization": ["Bearer x"], "X-Empty": []},
		"featureGates": {"ServiceAccountTokenNodeBinding": true},
		"bootstrapTokens": [{"token": "abcdef.0123456789abcdef", "ttl": "24h"}],
		"tlsPrivateKeyFile": "/var/lib/kubelet/pki/kubelet.key",
		"nested": {"password": 1234, "url": "https://a:b@c"}
	}`), &m); err != nil {
		t.Fatal(err)
	}
	got := jsonOf(RedactConfig(m))
	want := `{"bootstrapTokens":[{"token":"REDACTED","ttl":"24h"}],"featureGates":{"ServiceAccountTokenNodeBinding":true},` +
		`"nested":{"password":"REDACTED","url":"https://a:REDACTED@c"},"staticPodURLHeader":{"Authorization":["REDACTED"],"X-Empty":[]},` +
		`"tlsPrivateKeyFile":"/var/lib/kubelet/pki/kubelet.key"}`
	if got != want {
		t.Errorf("RedactConfig =\n%s\nwant\n%s", got, want)
	}
	if jsonOf(m["staticPodURLHeader"]) != `{"Authorization":["Bearer x"],"X-Empty":[]}` {
		t.Errorf("RedactConfig changed its argument")
	}
}

func TestParseRedactsOldDocuments(t *testing.T) {
	doc := `{"apiVersion": "kubeassay/v1", "kind": "NodeFacts", "metadata": {}, "platform": {},
		"components": {"k3s": {"name": "k3s", "running": true, "source": "process",
			"args": ["server", "--token", "old-secret"], "flags": {"token": ["old-secret"]}, "flagSources": {"token": "cmdline"}}},
		"files": [], "errors": []}`
	f, err := Parse([]byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	out, _ := f.JSON()
	if strings.Contains(string(out), "old-secret") {
		t.Errorf("Parse kept a secret:\n%s", out)
	}
	wantFlag(t, f.Components[K3s], "token", Redacted, "cmdline")
}
