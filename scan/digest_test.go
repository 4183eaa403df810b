package scan

import (
	"io/fs"
	"regexp"
	"testing"
	"testing/fstest"
)

// TestPolicyDigest: the digest names the rules exactly: stable for the same
// files, different when a file's content or path changes.
func TestPolicyDigest(t *testing.T) {
	b, err := LoadBuiltin()
	if err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`^sha256:[0-9a-f]{64}$`).MatchString(b.Digest) {
		t.Fatalf("digest %q", b.Digest)
	}
	digest := func(files fstest.MapFS) string {
		d, err := fsDigest(map[string]fs.FS{"policies": files})
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	base := digest(fstest.MapFS{"a/a.rego": {Data: []byte("package a")}, "b.rego": {Data: []byte("x")}})
	if again := digest(fstest.MapFS{"b.rego": {Data: []byte("x")}, "a/a.rego": {Data: []byte("package a")}}); again != base {
		t.Error("the same files gave another digest")
	}
	for name, files := range map[string]fstest.MapFS{
		"content": {"a/a.rego": {Data: []byte("package b")}, "b.rego": {Data: []byte("x")}},
		"path":    {"a/c.rego": {Data: []byte("package a")}, "b.rego": {Data: []byte("x")}},
		"split":   {"a/a.rego": {Data: []byte("package ")}, "b.rego": {Data: []byte("ax")}},
	} {
		if digest(files) == base {
			t.Errorf("a changed %s kept the digest", name)
		}
	}
}
