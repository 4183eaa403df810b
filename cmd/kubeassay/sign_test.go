package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// A signed result verifies with kubeassay and with Debian's openssl (make
// report-tools installs it); one byte changed, or another key, fails both,
// and verify says what does not match.
func TestSignedResultVerifies(t *testing.T) {
	dir := t.TempDir()
	prefix := filepath.Join(dir, "kubeassay")
	if r := runCLI(t, "", "keygen", "--out", prefix); r.code != 0 || !strings.Contains(r.stdout, "public key SHA256:") {
		t.Fatalf("keygen: %d %s %s", r.code, r.stdout, r.err)
	}
	key, pub := prefix+".key", prefix+".pub"
	result := filepath.Join(dir, "result.json")
	pretty := filepath.Join(dir, "pretty.json")
	pdf := filepath.Join(dir, "evidence.pdf")
	if r := runCLI(t, "", "scan", "-f", demo, "-b", "pss-baseline", "--sign", key, "-o", "json="+result, "-o", "pdf="+pdf); r.code != 0 {
		t.Fatalf("scan --sign: %d %s", r.code, r.err)
	}
	if r := runCLI(t, "", "report", result, "--pretty", "--sign", key, "-o", "json="+pretty); r.code != 0 {
		t.Fatalf("report --sign: %d %s", r.code, r.err)
	}
	for _, f := range []string{result, pretty} {
		r := runCLI(t, "", "verify", f, "--key", pub)
		if r.code != 0 || !strings.Contains(r.stdout, "verified: "+f) {
			t.Errorf("verify %s: %d %s %s", f, r.code, r.stdout, r.err)
		}
	}
	// The evidence PDF names the key beside the result's SHA-256.
	keygenOut := runCLI(t, "", "verify", result, "--key", pub).stdout
	fp := keygenOut[strings.Index(keygenOut, "SHA256:"):]
	fp = fp[:strings.IndexAny(fp, "\n ")]
	text, err := exec.Command("pdftotext", pdf, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(strings.Join(strings.Fields(string(text)), ""), fp) {
		t.Errorf("the PDF does not name the signing key %s", fp)
	}
	openssl := func(file, sig string) error {
		return exec.Command("openssl", "pkeyutl", "-verify", "-pubin", "-inkey", pub, "-rawin", "-in", file, "-sigfile", sig).Run()
	}
	if err := openssl(result, result+".sig"); err != nil {
		t.Errorf("openssl does not verify the signature: %v", err)
	}

	data, err := os.ReadFile(result)
	if err != nil {
		t.Fatal(err)
	}
	// One byte of a finding's message changed.
	i := bytes.Index(data, []byte(`"message":"`)) + len(`"message":"`)
	data[i] ^= 0x20
	tampered := filepath.Join(dir, "tampered.json")
	if err := os.WriteFile(tampered, data, 0o644); err != nil {
		t.Fatal(err)
	}
	sig, _ := os.ReadFile(result + ".sig")
	os.WriteFile(tampered+".sig", sig, 0o644)
	r := runCLI(t, "", "verify", tampered, "--key", pub)
	if r.code != 1 || !strings.Contains(r.err, "does not match "+tampered+".sig: the result was changed after it was signed") {
		t.Errorf("verify of a changed result: %d %s", r.code, r.err)
	}
	if err := openssl(tampered, tampered+".sig"); err == nil {
		t.Error("openssl verified a changed result")
	}
	other := filepath.Join(dir, "other")
	runCLI(t, "", "keygen", "--out", other)
	if r := runCLI(t, "", "verify", result, "--key", other+".pub"); r.code != 1 || !strings.Contains(r.err, "or it was signed with another key") {
		t.Errorf("verify with another key: %d %s", r.code, r.err)
	}
	if r := runCLI(t, "", "verify", filepath.Join(dir, "missing.json"), "--key", pub); r.code != 2 {
		t.Errorf("verify of a missing file: exit %d", r.code)
	}
}

func TestSignNeedsAFileAndAPrivateKey(t *testing.T) {
	dir := t.TempDir()
	prefix := filepath.Join(dir, "k")
	runCLI(t, "", "keygen", "--out", prefix)
	if r := runCLI(t, "", "scan", "-f", demo, "-b", "pss-baseline", "--sign", prefix+".key", "-o", "json"); r.code != 2 || !strings.Contains(r.err, "give -o json=FILE") {
		t.Errorf("--sign without a JSON file: %d %s", r.code, r.err)
	}
	os.Chmod(prefix+".key", 0o640)
	if r := runCLI(t, "", "scan", "-f", demo, "-b", "pss-baseline", "--sign", prefix+".key", "-o", "json="+filepath.Join(dir, "r.json")); r.code != 2 || !strings.Contains(r.err, "readable by others") {
		t.Errorf("--sign with a group-readable key: %d %s", r.code, r.err)
	}
	if _, err := os.Stat(filepath.Join(dir, "r.json")); err == nil {
		t.Error("the result was written although its key could not be used")
	}
}
