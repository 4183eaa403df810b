package nodefacts

import (
	"strings"
	"testing"
)

func TestParseEncryptionConfig(t *testing.T) {
	const doc = `apiVersion: apiserver.config.k8s.io/v1
kind: EncryptionConfiguration
resources:
  - resources: [secrets, configmaps]
    providers:
      - kms:
          name: plugin
          endpoint: unix:///tmp/kms.sock
      - aesgcm:
          keys: [{name: a, secret: CANARY-gcm}]
      - identity: {}
  - resources: ["*.*"]
    providers:
      - identity:
`
	got, err := ParseEncryptionConfig([]byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	want := `[{"resources":["secrets","configmaps"],"providers":[{"type":"kms","apiVersion":"v1"},{"type":"aesgcm"},{"type":"identity"}]},{"resources":["*.*"],"providers":[{"type":"identity"}]}]`
	if s := jsonOf(got.Resources); s != want {
		t.Errorf("resources = %s\nwant %s", s, want)
	}
	if s := jsonOf(got); strings.Contains(s, "CANARY") {
		t.Errorf("key material in the summary: %s", s)
	}
	legacy := "kind: EncryptionConfig\napiVersion: v1\nresources:\n- resources: [secrets]\n  providers: [{secretbox: {keys: [{name: k, secret: CANARY-x}]}}]\n"
	if got, err := ParseEncryptionConfig([]byte(legacy)); err != nil || got.Resources[0].Providers[0].Type != "secretbox" {
		t.Errorf("legacy EncryptionConfig: %+v, %v", got, err)
	}
}

// A broken file is an error, never a summary, and the error never quotes
// the file: a key may be what broke it.
func TestParseEncryptionConfigErrors(t *testing.T) {
	for name, doc := range map[string]string{
		"empty":            "",
		"not yaml":         "resources: [CANARY-a\n",
		"cut short":        "kind: EncryptionConfiguration\napiVersion: apiserver.config.k8s.io/v1\nresources: []",
		"wrong kind":       "kind: CANARYKind\napiVersion: apiserver.config.k8s.io/v1\n",
		"provider string":  "kind: EncryptionConfiguration\napiVersion: apiserver.config.k8s.io/v1\nresources: [{resources: [secrets], providers: [{aescbc: CANARY-b}]}]\n",
		"two providers":    "kind: EncryptionConfiguration\napiVersion: apiserver.config.k8s.io/v1\nresources: [{resources: [secrets], providers: [{aescbc: {}, identity: {}}]}]\n",
		"unknown provider": "kind: EncryptionConfiguration\napiVersion: apiserver.config.k8s.io/v1\nresources: [{resources: [secrets], providers: [{CANARY-c: {}}]}]\n",
		"no provider":      "kind: EncryptionConfiguration\napiVersion: apiserver.config.k8s.io/v1\nresources: [{resources: [secrets], providers: []}]\n",
		"kms v3":           "kind: EncryptionConfiguration\napiVersion: apiserver.config.k8s.io/v1\nresources: [{resources: [secrets], providers: [{kms: {apiVersion: CANARY-v3}}]}]\n",
		"keys not a list":  "kind: EncryptionConfiguration\napiVersion: apiserver.config.k8s.io/v1\nresources: CANARY-d\n",
		"json syntax":      `{"kind": "EncryptionConfiguration", "resources": [CANARY-e]}`,
		// kube-apiserver reads apiVersion only as written: this kms is v1
		// there, and would be v2 to a case-blind reader.
		"kms apiversion": "kind: EncryptionConfiguration\napiVersion: apiserver.config.k8s.io/v1\nresources: [{resources: [secrets], providers: [{kms: {apiversion: v2, name: CANARY-f}}]}]\n",
	} {
		got, err := ParseEncryptionConfig([]byte(doc))
		if err == nil {
			t.Errorf("%s: parsed as %+v, want an error", name, got)
			continue
		}
		if strings.Contains(err.Error(), "CANARY") {
			t.Errorf("%s: the error quotes the file: %v", name, err)
		}
	}
}

func TestParseAuditPolicy(t *testing.T) {
	const doc = `apiVersion: audit.k8s.io/v1
kind: Policy
omitStages: [RequestReceived]
rules:
  - level: None
    users: ["system:kube-proxy"]
    verbs: ["watch"]
    resources:
      - group: ""
        resources: ["endpoints", "services"]
  - level: Metadata
    resources:
      - group: ""
        resources: ["secrets"]
        resourceNames: ["a"]
    namespaces: ["kube-system"]
    omitStages: [ResponseStarted]
  - level: None
    nonResourceURLs: ["/healthz*"]
  - level: RequestResponse
    userGroups: ["system:masters"]
`
	got, err := ParseAuditPolicy([]byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	want := `{"file":"","omitStages":["RequestReceived"],"rules":[` +
		`{"level":"None","users":["system:kube-proxy"],"verbs":["watch"],"resources":[{"group":"","resources":["endpoints","services"]}]},` +
		`{"level":"Metadata","resources":[{"group":"","resources":["secrets"],"resourceNames":["a"]}],"namespaces":["kube-system"],"omitStages":["ResponseStarted"]},` +
		`{"level":"None","nonResourceURLs":["/healthz*"]},` +
		`{"level":"RequestResponse","userGroups":["system:masters"]}]}`
	if s := jsonOf(got); s != want {
		t.Errorf("policy = %s\nwant %s", s, want)
	}
	for name, bad := range map[string]string{
		"bad level":   "apiVersion: audit.k8s.io/v1\nkind: Policy\nrules: [{level: Everything}]\n",
		"no level":    "apiVersion: audit.k8s.io/v1\nkind: Policy\nrules: [{verbs: [get]}]\n",
		"old version": "apiVersion: audit.k8s.io/v1beta1\nkind: Policy\nrules: [{level: Metadata}]\n",
		"wrong kind":  "apiVersion: audit.k8s.io/v1\nkind: Event\n",
		"not yaml":    "rules: [\n",
	} {
		if got, err := ParseAuditPolicy([]byte(bad)); err == nil {
			t.Errorf("%s: parsed as %+v, want an error", name, got)
		}
	}
}

// The fixture roots' files are summarised, and a flag naming a missing file
// leaves the summary with an error, never with rules.
func TestAPIServerPolicyFixtures(t *testing.T) {
	f := collectFixture(t, "kubeadm")
	api := mustComponent(t, f, KubeAPIServer)
	if e := api.Encryption; e == nil || e.Error != "" || e.File != "/etc/kubernetes/enc/encryption-config.yaml" ||
		jsonOf(e.Resources) != `[{"resources":["secrets","configmaps"],"providers":[{"type":"aescbc"},{"type":"identity"}]}]` {
		t.Errorf("kubeadm encryption summary = %s", jsonOf(e))
	}
	if p := api.AuditPolicy; p == nil || p.Error != "" || len(p.Rules) != 6 || p.Rules[2].Level != "Metadata" {
		t.Errorf("kubeadm audit policy = %s", jsonOf(p))
	}
	doc, err := f.JSON()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(doc), "ZHVtbXkt") {
		t.Errorf("the fixture's dummy encryption key reached the document")
	}
	r := mustComponent(t, collectFixture(t, "rke2"), KubeAPIServer)
	if p := r.AuditPolicy; p == nil || p.Error == "" || len(p.Rules) != 0 {
		t.Errorf("rke2 audit policy (missing file) = %s, want an error", jsonOf(p))
	}
	if e := r.Encryption; e == nil || e.Error != "" || len(e.Resources) != 1 {
		t.Errorf("rke2 encryption summary = %s", jsonOf(e))
	}
}

// FuzzParsePolicies feeds arbitrary bytes to both parsers: they never panic,
// and a summary they accept holds only known provider types and levels.
func FuzzParsePolicies(f *testing.F) {
	f.Add([]byte("apiVersion: apiserver.config.k8s.io/v1\nkind: EncryptionConfiguration\nresources: [{resources: [secrets], providers: [{aescbc: {keys: [{name: k, secret: c2VjcmV0}]}}, {identity: {}}]}]\n"))
	f.Add([]byte(`{"kind":"EncryptionConfiguration","apiVersion":"apiserver.config.k8s.io/v1","resources":[{"resources":["*.*"],"providers":[{"kms":{"apiVersion":"v2"}}]}]}`))
	f.Add([]byte("apiVersion: audit.k8s.io/v1\nkind: Policy\nrules: [{level: Metadata, resources: [{group: \"\", resources: [secrets]}]}]\n"))
	f.Add([]byte("rules: [{level: None}\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		if enc, err := ParseEncryptionConfig(append([]byte{}, data...)); err == nil {
			for _, r := range enc.Resources {
				for _, p := range r.Providers {
					if !encryptionProviderTypes[p.Type] {
						t.Errorf("provider type %q accepted", p.Type)
					}
				}
			}
		}
		if pol, err := ParseAuditPolicy(data); err == nil {
			for _, r := range pol.Rules {
				if !auditLevels[r.Level] {
					t.Errorf("level %q accepted", r.Level)
				}
			}
		}
	})
}
