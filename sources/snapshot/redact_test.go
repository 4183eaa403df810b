package snapshot

import (
	"encoding/base64"
	"strings"
	"testing"
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
