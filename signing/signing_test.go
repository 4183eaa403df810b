package signing

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestSignAndVerify(t *testing.T) {
	dir := t.TempDir()
	priv, pub, err := Generate(filepath.Join(dir, "k"))
	if err != nil {
		t.Fatal(err)
	}
	if fi, _ := os.Stat(priv); fi.Mode().Perm() != 0o600 {
		t.Errorf("private key mode %v", fi.Mode())
	}
	if _, _, err := Generate(filepath.Join(dir, "k")); err == nil {
		t.Error("Generate overwrote an existing key")
	}
	key, err := LoadPrivate(priv)
	if err != nil {
		t.Fatal(err)
	}
	pk, err := LoadPublic(pub)
	if err != nil {
		t.Fatal(err)
	}
	data := []byte(`{"apiVersion":"kubeassay/v2"}`)
	sig := Sign(key, data)
	if err := Verify(pk, data, sig); err != nil {
		t.Fatal(err)
	}
	tampered := append([]byte(nil), data...)
	tampered[3] ^= 1
	if err := Verify(pk, tampered, sig); !errors.Is(err, ErrMismatch) {
		t.Errorf("a changed byte verified: %v", err)
	}
	if err := Verify(pk, data, sig[:10]); err == nil || !strings.Contains(err.Error(), "not an ed25519 signature") {
		t.Errorf("a short signature: %v", err)
	}
	_, pub2, _ := Generate(filepath.Join(dir, "other"))
	pk2, _ := LoadPublic(pub2)
	if err := Verify(pk2, data, sig); !errors.Is(err, ErrMismatch) {
		t.Errorf("another key verified: %v", err)
	}
	if Fingerprint(pk) == Fingerprint(pk2) || !strings.HasPrefix(Fingerprint(pk), "SHA256:") {
		t.Errorf("fingerprints %s %s", Fingerprint(pk), Fingerprint(pk2))
	}
}

func TestKeysAreChecked(t *testing.T) {
	dir := t.TempDir()
	priv, pub, err := Generate(filepath.Join(dir, "k"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(priv, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadPrivate(priv); err == nil || !strings.Contains(err.Error(), "readable by others") {
		t.Errorf("a world-readable key: %v", err)
	}
	if _, err := LoadPublic(priv); err == nil || !strings.Contains(err.Error(), `a PEM "PRIVATE KEY" block, want "PUBLIC KEY"`) {
		t.Errorf("a private key as public: %v", err)
	}
	bad := filepath.Join(dir, "bad.pub")
	os.WriteFile(bad, []byte("not pem"), 0o644)
	if _, err := LoadPublic(bad); err == nil || !strings.Contains(err.Error(), "not a PEM file") {
		t.Errorf("garbage: %v", err)
	}
	_ = pub
}
