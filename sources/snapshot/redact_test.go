package snapshot

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/base64"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kubeassay/kubeassay/checks"
)

// A ConfigMap's values never reach a snapshot; what the checks judge does:
// the keys, the empty values, the private keys.
func TestConfigMapValuesAreRedacted(t *testing.T) {
	const canary = "canary-7f3a9c"
	pem := "-----BEGIN RSA PRIVATE KEY-----\n" + canary + "\n-----END RSA PRIVATE KEY-----\n"
	obj := map[string]any{
		"kind": "ConfigMap",
		"data": map[string]any{"db.password": canary, "empty": "", "tls.key": pem},
		"binaryData": map[string]any{
			"blob": base64.StdEncoding.EncodeToString([]byte(canary)),
			"key":  base64.StdEncoding.EncodeToString([]byte(pem)),
		},
	}
	redactConfigMap(obj)
	data := obj["data"].(map[string]any)
	bin := obj["binaryData"].(map[string]any)
	if data["db.password"] != Redacted || data["empty"] != "" {
		t.Errorf("data %v", data)
	}
	if !privateKey.MatchString(data["tls.key"].(string)) {
		t.Errorf("a private key no longer looks like one: %q", data["tls.key"])
	}
	for k, v := range bin {
		b, err := base64.StdEncoding.DecodeString(v.(string))
		if err != nil {
			t.Fatalf("binaryData %s is no longer base64: %v", k, err)
		}
		if k == "key" && !privateKey.Match(b) {
			t.Errorf("binaryData key no longer holds a private key: %q", b)
		}
	}
	for _, m := range []map[string]any{data, bin} {
		for k, v := range m {
			s := v.(string)
			if b, err := base64.StdEncoding.DecodeString(s); err == nil {
				s += string(b)
			}
			if strings.Contains(s, canary) {
				t.Errorf("%s keeps the value: %q", k, v)
			}
		}
	}
}

// A snapshot is read to its end: a gzip stream cut short (its CRC and
// length trailer lost) or data after the closing brace is an error, never a
// replay of what came before.
func TestReadWholeSnapshot(t *testing.T) {
	doc := `{"apiVersion":"kubeassay/v1","kind":"Snapshot","metadata":{"kinds":["Pod"]},"items":[{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","namespace":"a"},"spec":{"containers":[{"name":"c","image":"i"}]}}]}`
	gz := func(s string) []byte {
		var b bytes.Buffer
		zw := gzip.NewWriter(&b)
		zw.Write([]byte(s))
		zw.Close()
		return b.Bytes()
	}
	whole := gz(doc)
	dir := t.TempDir()
	for name, data := range map[string][]byte{
		"ok.json.gz":      whole,
		"cut.json.gz":     whole[:len(whole)-8],
		"joined.json":     []byte(doc + "\n" + doc),
		"garbage.json.gz": gz(doc + " trailing"),
	} {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		out := make(chan checks.Document, 8)
		_, err := Read(context.Background(), path, func(checks.GroupKind) bool { return true }, out)
		close(out)
		if ok := err == nil; ok != (name == "ok.json.gz") {
			t.Errorf("%s: err = %v", name, err)
		}
	}
}
