// Package signing signs scan results as evidence and verifies them: ed25519
// keys in standard PEM (PKCS#8 private keys, SPKI public keys), detached raw
// signatures over a result's canonical JSON, so that openssl verifies the
// same signature as kubeassay:
//
//	openssl pkeyutl -verify -pubin -inkey kubeassay.pub -rawin -in result.json -sigfile result.json.sig
package signing

import (
	"crypto/ed25519"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"fmt"
	"os"
)

// SignatureSuffix is added to a result file's name for its signature.
const SignatureSuffix = ".sig"

// Generate makes a key pair and writes it as prefix.key (the private key,
// mode 0600) and prefix.pub. It refuses to overwrite either file.
func Generate(prefix string) (private, public string, err error) {
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return "", "", err
	}
	privDER, err := x509.MarshalPKCS8PrivateKey(priv)
	if err != nil {
		return "", "", err
	}
	pubDER, err := x509.MarshalPKIXPublicKey(pub)
	if err != nil {
		return "", "", err
	}
	private, public = prefix+".key", prefix+".pub"
	for _, f := range []struct {
		path, kind string
		der        []byte
		mode       os.FileMode
	}{{private, "PRIVATE KEY", privDER, 0o600}, {public, "PUBLIC KEY", pubDER, 0o644}} {
		out, err := os.OpenFile(f.path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, f.mode)
		if err != nil {
			return "", "", err
		}
		err = pem.Encode(out, &pem.Block{Type: f.kind, Bytes: f.der})
		if cerr := out.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return "", "", fmt.Errorf("%s: %w", f.path, err)
		}
	}
	return private, public, nil
}

// LoadPrivate reads a PKCS#8 PEM ed25519 private key. Like ssh, it refuses a
// key file that others than its owner may read.
func LoadPrivate(path string) (ed25519.PrivateKey, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if fi.Mode().Perm()&0o077 != 0 {
		return nil, fmt.Errorf("%s: the private key is readable by others (mode %04o): chmod 600 it", path, fi.Mode().Perm())
	}
	block, err := readPEM(path, "PRIVATE KEY")
	if err != nil {
		return nil, err
	}
	k, err := x509.ParsePKCS8PrivateKey(block.Bytes)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	key, ok := k.(ed25519.PrivateKey)
	if !ok {
		return nil, fmt.Errorf("%s: a %T, not an ed25519 private key", path, k)
	}
	return key, nil
}

// LoadPublic reads an SPKI PEM ed25519 public key.
func LoadPublic(path string) (ed25519.PublicKey, error) {
	block, err := readPEM(path, "PUBLIC KEY")
	if err != nil {
		return nil, err
	}
	k, err := x509.ParsePKIXPublicKey(block.Bytes)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	key, ok := k.(ed25519.PublicKey)
	if !ok {
		return nil, fmt.Errorf("%s: a %T, not an ed25519 public key", path, k)
	}
	return key, nil
}

func readPEM(path, kind string) (*pem.Block, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	block, _ := pem.Decode(data)
	if block == nil {
		return nil, fmt.Errorf("%s: not a PEM file", path)
	}
	if block.Type != kind {
		return nil, fmt.Errorf("%s: a PEM %q block, want %q", path, block.Type, kind)
	}
	return block, nil
}

// Fingerprint names a public key: the SHA-256 of its SPKI encoding, in hex.
func Fingerprint(pub ed25519.PublicKey) string {
	der, err := x509.MarshalPKIXPublicKey(pub)
	if err != nil {
		return ""
	}
	sum := sha256.Sum256(der)
	return "SHA256:" + hex.EncodeToString(sum[:])
}

// Sign signs data (ed25519 signs the message itself, not a digest of it).
func Sign(key ed25519.PrivateKey, data []byte) []byte { return ed25519.Sign(key, data) }

// ErrMismatch is returned when a signature does not verify.
var ErrMismatch = errors.New("the signature does not match")

// Verify checks a raw ed25519 signature over data.
func Verify(pub ed25519.PublicKey, data, sig []byte) error {
	if len(sig) != ed25519.SignatureSize {
		return fmt.Errorf("not an ed25519 signature: %d bytes, want %d", len(sig), ed25519.SignatureSize)
	}
	if !ed25519.Verify(pub, data, sig) {
		return ErrMismatch
	}
	return nil
}
