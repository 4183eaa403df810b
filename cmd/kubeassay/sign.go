package main

import (
	"bytes"
	"compress/gzip"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/spf13/cobra"
	"github.com/spf13/viper"

	"github.com/kubeassay/kubeassay/report"
	"github.com/kubeassay/kubeassay/signing"
)

// mismatchError is a verification that failed: exit 1, like --fail-on.
type mismatchError struct{ msg string }

func (e *mismatchError) Error() string { return e.msg }

func newKeygenCommand(s streams, v *viper.Viper) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "keygen",
		Short: "Make an ed25519 key pair for signing results",
		Long: `Make an ed25519 key pair: NAME.key (the private key, PKCS#8 PEM, mode 0600) and NAME.pub
(the public key, SPKI PEM), for 'kubeassay scan --sign NAME.key' and 'kubeassay verify
--key NAME.pub'. Existing files are never overwritten. Keep the private key where only the
signer can read it; give the public key to whoever verifies.`,
		Example: `  kubeassay keygen --out kubeassay       # kubeassay.key, kubeassay.pub
  kubeassay scan --sign kubeassay.key -o json=result.json -o pdf=evidence.pdf
  kubeassay verify result.json --key kubeassay.pub`,
		Args: cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			priv, pub, err := signing.Generate(v.GetString("out"))
			if err != nil {
				return err
			}
			key, err := signing.LoadPublic(pub)
			if err != nil {
				return err
			}
			fmt.Fprintf(s.out, "wrote %s (private, mode 0600) and %s (public key %s)\n", priv, pub, signing.Fingerprint(key))
			return nil
		},
	}
	cmd.Flags().String("out", "kubeassay", "name of the key files: NAME.key and NAME.pub")
	return cmd
}

func newVerifyCommand(s streams, v *viper.Viper) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "verify RESULT",
		Short: "Check that a signed result is the one that was signed",
		Long: `Check a JSON result written with 'kubeassay scan --sign' (or 'kubeassay report --sign')
against its detached signature (RESULT.sig, or --signature) and the signer's public key. The
signature covers the result's canonical form: the compact JSON kubeassay writes by default,
whose SHA-256 the evidence PDF prints on every page. An indented or gzipped copy of the same
result verifies too. Exit 0 when it verifies, 1 when it does not (saying what does not match),
2 when a file cannot be read.

openssl verifies the same signature of a compact result file:
  openssl pkeyutl -verify -pubin -inkey kubeassay.pub -rawin -in result.json -sigfile result.json.sig`,
		Example: `  kubeassay verify result.json --key kubeassay.pub
  kubeassay verify result.json.gz --key kubeassay.pub --signature result.json.gz.sig`,
		Args: cobra.ExactArgs(1),
		RunE: func(_ *cobra.Command, args []string) error {
			return verifyResult(s, args[0], v.GetString("key"), v.GetString("signature"))
		},
	}
	cmd.Flags().String("key", "", "the signer's public key (PEM, from 'kubeassay keygen')")
	cmd.Flags().String("signature", "", "the signature file (default: RESULT.sig)")
	_ = cmd.MarkFlagRequired("key")
	return cmd
}

func verifyResult(s streams, path, keyPath, sigPath string) error {
	pub, err := signing.LoadPublic(keyPath)
	if err != nil {
		return err
	}
	if sigPath == "" {
		sigPath = path + signing.SignatureSuffix
	}
	sig, err := os.ReadFile(sigPath)
	if err != nil {
		return fmt.Errorf("the signature: %w", err)
	}
	raw, err := readMaybeGzip(path)
	if err != nil {
		return err
	}
	res, err := report.Read(bytes.NewReader(raw))
	if err != nil {
		return &mismatchError{fmt.Sprintf("%s is not a kubeassay result any more: %v", path, err)}
	}
	canonical, err := canonicalJSON(res)
	if err != nil {
		return err
	}
	sum := sha256.Sum256(canonical)
	digest := hex.EncodeToString(sum[:])
	if err := signing.Verify(pub, canonical, sig); err != nil {
		if errors.Is(err, signing.ErrMismatch) {
			return &mismatchError{fmt.Sprintf("%s does not match %s: the result was changed after it was signed (its canonical SHA-256 is now %s), or it was signed with another key than %s (%s)",
				path, sigPath, digest, keyPath, signing.Fingerprint(pub))}
		}
		return &mismatchError{fmt.Sprintf("%s: %v", sigPath, err)}
	}
	form := "its canonical form, byte for byte"
	if !bytes.Equal(bytes.TrimSuffix(raw, []byte("\n")), bytes.TrimSuffix(canonical, []byte("\n"))) {
		form = "an indented or re-encoded copy of its canonical form, whose content is unchanged"
	}
	fmt.Fprintf(s.out, "verified: %s (%s) is the result signed by %s\n  canonical SHA-256 %s\n  scan finished %s, kubeassay %s\n",
		path, form, signing.Fingerprint(pub), digest, res.Metadata.FinishedAt.UTC().Format("2006-01-02 15:04:05 UTC"), res.Metadata.ToolVersion)
	return nil
}

// canonicalJSON is the form a signature covers: the compact JSON the JSON
// writer writes by default (deterministic for a result).
func canonicalJSON(res *report.Result) ([]byte, error) {
	w, err := report.NewWriter("json", report.Options{})
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := w.Write(&buf, res); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func readMaybeGzip(path string) ([]byte, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	if len(data) > 1 && data[0] == 0x1f && data[1] == 0x8b {
		zr, err := gzip.NewReader(bytes.NewReader(data))
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		if data, err = io.ReadAll(zr); err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
	}
	return data, nil
}

// signer is --sign: the key, loaded before anything is written, and where
// the signatures go.
type signer struct {
	path string
	key  ed25519.PrivateKey
	fp   string
}

// loadSigner reads --sign and checks that some -o json=FILE takes its
// signature.
func loadSigner(v *viper.Viper, outputs []outputSpec) (*signer, error) {
	path := v.GetString("sign")
	if path == "" {
		return nil, nil
	}
	hasFile := false
	for _, o := range outputs {
		if o.format == "json" && o.path != "" {
			hasFile = true
		}
	}
	if !hasFile {
		return nil, fmt.Errorf("--sign %s: give -o json=FILE, whose signature is written beside it (FILE%s)", path, signing.SignatureSuffix)
	}
	key, err := signing.LoadPrivate(path)
	if err != nil {
		return nil, fmt.Errorf("--sign: %w", err)
	}
	return &signer{path: path, key: key, fp: signing.Fingerprint(key.Public().(ed25519.PublicKey))}, nil
}

// sign writes FILE.sig beside every -o json=FILE.
func (sg *signer) sign(outputs []outputSpec, res *report.Result) error {
	canonical, err := canonicalJSON(res)
	if err != nil {
		return err
	}
	sig := signing.Sign(sg.key, canonical)
	for _, o := range outputs {
		if o.format != "json" || o.path == "" {
			continue
		}
		if err := writeFile(o.path+signing.SignatureSuffix, func(w io.Writer) error { _, err := w.Write(sig); return err }); err != nil {
			return fmt.Errorf("--sign: %w", err)
		}
	}
	return nil
}
