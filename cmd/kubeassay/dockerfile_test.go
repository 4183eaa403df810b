package main

import (
	"bufio"
	"debug/elf"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// No Docker engine runs here, so the image's essentials are checked on the
// Dockerfile itself, and the binary it builds is built the same way and run:
// the final stage is a base without a shell, the user is a non-root uid by
// number (runAsNonRoot can verify it), the entry point is the binary in exec
// form, and the build is static (CGO off: no ELF interpreter), which the
// distroless static base needs.
func TestDockerfileEssentials(t *testing.T) {
	f, err := os.Open(filepath.Join("..", "..", "Dockerfile"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var froms, users, entry []string
	var build string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		word, rest, _ := strings.Cut(line, " ")
		switch word {
		case "FROM":
			froms = append(froms, rest)
		case "USER":
			users = append(users, rest)
		case "ENTRYPOINT":
			entry = append(entry, rest)
		case "RUN":
			if strings.Contains(rest, "go build") {
				build = rest
			}
		}
	}
	if len(froms) < 2 || !strings.HasPrefix(froms[len(froms)-1], "gcr.io/distroless/static") {
		t.Errorf("the final stage is %v, want a distroless static base (no shell)", froms)
	}
	if len(users) != 1 {
		t.Fatalf("USER lines %v", users)
	}
	uid, err := strconv.Atoi(strings.Split(users[0], ":")[0])
	if err != nil || uid == 0 {
		t.Errorf("USER %s: want a non-root uid by number", users[0])
	}
	if len(entry) != 1 || entry[0] != `["/kubeassay"]` {
		t.Errorf("ENTRYPOINT %v, want the binary in exec form", entry)
	}
	if !strings.Contains(build, "CGO_ENABLED=0") || !strings.Contains(build, "-o /out/kubeassay ./cmd/kubeassay") {
		t.Errorf("the build line %q is not a static build of ./cmd/kubeassay", build)
	}
	// Build as the Dockerfile does, and run it.
	bin := filepath.Join(t.TempDir(), "kubeassay")
	cmd := exec.Command("go", "build", "-trimpath", "-ldflags", "-s -w -X main.version=docker-test", "-o", bin, ".")
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	ef, err := elf.Open(bin)
	if err != nil {
		t.Fatal(err)
	}
	defer ef.Close()
	for _, p := range ef.Progs {
		if p.Type == elf.PT_INTERP {
			t.Error("the binary needs an ELF interpreter (dynamic libc): it would not start on a static base")
		}
	}
	out, err := exec.Command(bin, "version").CombinedOutput()
	if err != nil || !strings.Contains(string(out), "kubeassay docker-test") {
		t.Errorf("the static binary does not run: %v\n%s", err, out)
	}
}
