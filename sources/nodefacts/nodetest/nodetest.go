// Package nodetest serves node facts tests: it prepares fixture roots
// (testdata/nodes/<platform>) as a temporary copy with the modes and
// ownership their modes.txt lists, so that collection reads a real file
// tree, and captures what a step prints or logs (for the canary tests).
package nodetest

import (
	"bufio"
	"io"
	"io/fs"
	"log"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// FixtureRoot copies a fixture root (testdata/nodes/<platform>) to a temporary directory
// (symlinks kept as symlinks, files 0644, directories 0755) and applies
// its modes.txt. Ownership is applied with chown when running as root;
// otherwise only modes are applied, and every test asserting ownership
// fails (requireRoot, called by wantFile): an assertion that passes
// without checking anything is never reported as a pass.
func FixtureRoot(t testing.TB, src string) string {
	t.Helper()
	dst := t.TempDir()
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		target := filepath.Join(dst, rel)
		switch {
		case d.Type()&fs.ModeSymlink != 0:
			link, err := os.Readlink(p)
			if err != nil {
				return err
			}
			return os.Symlink(link, target)
		case d.IsDir():
			if err := os.MkdirAll(target, 0o755); err != nil {
				return err
			}
			return os.Chmod(target, 0o755)
		default:
			return copyFile(p, target)
		}
	})
	if err != nil {
		t.Fatalf("copying fixture %s: %v", src, err)
	}
	applyModes(t, dst)
	return dst
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o644)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	if err := out.Close(); err != nil {
		return err
	}
	return os.Chmod(dst, 0o644)
}

// applyModes applies "<path-or-glob> <octal mode> <uid> <gid>" lines.
func applyModes(t testing.TB, root string) {
	t.Helper()
	f, err := os.Open(filepath.Join(root, "modes.txt"))
	if err != nil {
		t.Fatalf("modes.txt: %v", err)
	}
	defer f.Close()
	isRoot := os.Geteuid() == 0
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		fields := strings.Fields(line)
		if len(fields) != 4 {
			t.Fatalf("modes.txt:%d: want 4 fields, got %q", n, line)
		}
		mode, err1 := strconv.ParseUint(fields[1], 8, 32)
		uid, err2 := strconv.Atoi(fields[2])
		gid, err3 := strconv.Atoi(fields[3])
		if err1 != nil || err2 != nil || err3 != nil {
			t.Fatalf("modes.txt:%d: bad line %q", n, line)
		}
		matches, _ := filepath.Glob(filepath.Join(root, fields[0]))
		if len(matches) == 0 {
			t.Fatalf("modes.txt:%d: %s matches nothing", n, fields[0])
		}
		for _, m := range matches {
			if isRoot {
				if err := os.Lchown(m, uid, gid); err != nil {
					t.Fatalf("chown %s: %v", m, err)
				}
			}
			if err := os.Chmod(m, fs.FileMode(mode)); err != nil {
				t.Fatalf("chmod %s: %v", m, err)
			}
		}
	}
	if !isRoot {
		t.Logf("not running as root: fixture ownership not applied, only modes; ownership assertions will fail")
	}
}

// CaptureOutput runs fn with os.Stdout, os.Stderr and the log package
// writing into a buffer, and returns what was written.
func CaptureOutput(t testing.TB, fn func()) string {
	t.Helper()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, stderr, logOut := os.Stdout, os.Stderr, log.Writer()
	os.Stdout, os.Stderr = w, w
	log.SetOutput(w)
	done := make(chan []byte)
	go func() {
		b, _ := io.ReadAll(r)
		done <- b
	}()
	defer func() {
		os.Stdout, os.Stderr = stdout, stderr
		log.SetOutput(logOut)
	}()
	fn()
	w.Close()
	return string(<-done)
}
