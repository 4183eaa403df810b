package nodejobs

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes/fake"

	"github.com/kubeassay/kubeassay/sources/nodefacts"
	"github.com/kubeassay/kubeassay/sources/nodefacts/nodetest"
)

// canaryRoot is the nodes package's fake k3s node whose every secret
// (tokens, passwords in URLs, S3 keys, etcd's environment, kubelet
// headers, a PEM block) contains "CANARY".
const canaryRoot = "../nodefacts/testdata/canary"

// TestPublishedFactsHoldNoSecret collects the canary node, publishes its
// document as 'kubeassay node --publish' does (into a fake API server),
// and looks for the canary in everything that leaves the node: the
// ConfigMap as built, as stored, and anything printed or logged.
func TestPublishedFactsHoldNoSecret(t *testing.T) {
	var doc, built []byte
	var published, stored *corev1.ConfigMap
	out := nodetest.CaptureOutput(t, func() {
		facts, err := nodefacts.Collect(context.Background(), nodefacts.Options{Root: canaryRoot, NodeName: "canary-1"})
		if err != nil {
			t.Fatal(err)
		}
		if doc, err = facts.JSON(); err != nil {
			t.Fatal(err)
		}
		if built, err = json.Marshal(configMapFor("kubeassay", "run-1", facts.Metadata.Name, doc)); err != nil {
			t.Fatal(err)
		}
		cs := fake.NewClientset()
		if published, err = Publish(context.Background(), cs, "kubeassay", "run-1", facts.Metadata.Name, doc); err != nil {
			t.Fatal(err)
		}
		if stored, err = cs.CoreV1().ConfigMaps("kubeassay").Get(context.Background(), ConfigMapName("canary-1"), metav1.GetOptions{}); err != nil {
			t.Fatal(err)
		}
	})

	for what, data := range map[string][]byte{
		"the facts document":     doc,
		"the ConfigMap built":    built,
		"the ConfigMap returned": mustJSON(t, published),
		"the ConfigMap stored":   mustJSON(t, stored),
		"the output and logs":    []byte(out),
	} {
		if i := bytes.Index(data, []byte("CANARY")); i >= 0 {
			t.Errorf("a secret reached %s: …%s…", what, data[max(0, i-120):min(len(data), i+60)])
		}
	}
	// The document did arrive, with its secrets' keys (set-ness) intact.
	back, err := nodefacts.Parse([]byte(stored.Data[DataKey]))
	if err != nil {
		t.Fatal(err)
	}
	k3s := back.Components[nodefacts.K3s]
	if k3s == nil || strings.Join(k3s.FlagValues("token"), ",") != "REDACTED,REDACTED" || k3s.FlagSources["token"] != "cmdline" {
		t.Errorf("published k3s token = %v", k3s)
	}
	if etcd := back.Components[nodefacts.Etcd]; etcd == nil || etcd.FlagSources["initial-cluster-token"] != "env:/proc/600/environ" {
		t.Errorf("published etcd = %+v", etcd)
	}
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
