package testcluster

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
)

// KubernetesVersion is the kube-apiserver version the harness builds and runs.
// It must match the k8s.io/kubernetes requirement in
// dev/testcluster/kube-apiserver/go.mod; build-apiserver.sh reads it from there.
const KubernetesVersion = "v1.37.2"

// modulePath is the product module; the repository root is the directory
// whose go.mod declares it.
const modulePath = "github.com/kubeassay/kubeassay"

// CacheDir returns the directory where the harness keeps build products and
// the demo kubeconfig: $KUBEASSAY_CACHE, else $XDG_CACHE_HOME/kubeassay, else
// $HOME/.cache/kubeassay. The same rule is used by build-apiserver.sh.
func CacheDir() (string, error) {
	if d := os.Getenv("KUBEASSAY_CACHE"); d != "" {
		return d, nil
	}
	if d := os.Getenv("XDG_CACHE_HOME"); d != "" {
		return filepath.Join(d, "kubeassay"), nil
	}
	home := os.Getenv("HOME")
	if home == "" {
		var err error
		if home, err = os.UserHomeDir(); err != nil {
			return "", fmt.Errorf("cannot find a cache directory: set KUBEASSAY_CACHE: %w", err)
		}
	}
	return filepath.Join(home, ".cache", "kubeassay"), nil
}

// APIServerCachePath is where build-apiserver.sh puts the binary.
func APIServerCachePath() (string, error) {
	cache, err := CacheDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(cache, "bin", "kube-apiserver-"+KubernetesVersion), nil
}

// RepoRoot returns the root of the kubeassay repository: the nearest
// directory, walking up from the working directory, whose go.mod declares the
// kubeassay module; failing that, the directory this source file came from
// (unless the binary was built with -trimpath).
func RepoRoot() (string, error) {
	var starts []string
	if wd, err := os.Getwd(); err == nil {
		starts = append(starts, wd)
	}
	if _, file, _, ok := runtime.Caller(0); ok && filepath.IsAbs(file) {
		starts = append(starts, filepath.Dir(file))
	}
	for _, dir := range starts {
		for d := dir; ; d = filepath.Dir(d) {
			if isModuleRoot(d) {
				return d, nil
			}
			if filepath.Dir(d) == d {
				break
			}
		}
	}
	return "", fmt.Errorf("cannot find the %s repository (a go.mod declaring it) above the working directory; set KUBEASSAY_APISERVER to a kube-apiserver %s binary", modulePath, KubernetesVersion)
}

func isModuleRoot(dir string) bool {
	data, err := os.ReadFile(filepath.Join(dir, "go.mod"))
	if err != nil {
		return false
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) >= 2 && f[0] == "module" && strings.Trim(f[1], `"`) == modulePath {
			return true
		}
	}
	return false
}

func isExecutable(path string) bool {
	st, err := os.Stat(path)
	return err == nil && st.Mode().IsRegular() && st.Mode().Perm()&0o111 != 0
}

// findAPIServer returns the kube-apiserver binary to run: opts, then
// $KUBEASSAY_APISERVER, then the cache; when none exists it builds the binary
// with build-apiserver.sh (minutes when cold), streaming its output to
// logf.
func findAPIServer(ctx context.Context, explicit string, logf func(string, ...any)) (string, error) {
	if explicit == "" {
		explicit = os.Getenv("KUBEASSAY_APISERVER")
	}
	if explicit != "" {
		if !isExecutable(explicit) {
			return "", fmt.Errorf("kube-apiserver %q (from options or KUBEASSAY_APISERVER) is not an executable file", explicit)
		}
		return explicit, nil
	}
	cached, err := APIServerCachePath()
	if err != nil {
		return "", err
	}
	if isExecutable(cached) {
		return cached, nil
	}
	root, err := RepoRoot()
	if err != nil {
		return "", fmt.Errorf("kube-apiserver not found at %s and cannot build it: %w", cached, err)
	}
	logf("testcluster: %s missing, running build-apiserver.sh (4–7 minutes on a cold build cache, seconds when warm)", cached)
	out, err := runScript(ctx, filepath.Join(root, "dev", "testcluster", "build-apiserver.sh"), logf)
	if err != nil {
		return "", err
	}
	if out == "" || !isExecutable(out) {
		return "", fmt.Errorf("build-apiserver.sh printed %q, which is not an executable", out)
	}
	return out, nil
}

// findEtcd returns the etcd binary to run: opts, then $KUBEASSAY_ETCD, then
// PATH, then /usr/bin/etcd; when none exists it runs install-etcd.sh
// (apt-get; needs root or sudo).
func findEtcd(ctx context.Context, explicit string, logf func(string, ...any)) (string, error) {
	if explicit == "" {
		explicit = os.Getenv("KUBEASSAY_ETCD")
	}
	if explicit != "" {
		if !isExecutable(explicit) {
			return "", fmt.Errorf("etcd %q (from options or KUBEASSAY_ETCD) is not an executable file", explicit)
		}
		return explicit, nil
	}
	if p, err := exec.LookPath("etcd"); err == nil {
		return p, nil
	}
	if isExecutable("/usr/bin/etcd") {
		return "/usr/bin/etcd", nil
	}
	root, err := RepoRoot()
	if err != nil {
		return "", fmt.Errorf("etcd not found on PATH and cannot install it: %w", err)
	}
	logf("testcluster: etcd not found, running install-etcd.sh")
	out, err := runScript(ctx, filepath.Join(root, "dev", "testcluster", "install-etcd.sh"), logf)
	if err != nil {
		return "", err
	}
	if out == "" || !isExecutable(out) {
		return "", fmt.Errorf("install-etcd.sh printed %q, which is not an executable", out)
	}
	return out, nil
}

// runScript runs a script of this folder that prints a path as the last line of its
// stdout, passing its stderr through to logf line by line.
func runScript(ctx context.Context, script string, logf func(string, ...any)) (string, error) {
	cmd := exec.CommandContext(ctx, "bash", script)
	var stdout bytes.Buffer
	cmd.Stdout = &stdout
	stderr, err := cmd.StderrPipe()
	if err != nil {
		return "", err
	}
	var tail tailBuffer
	if err := cmd.Start(); err != nil {
		return "", fmt.Errorf("running %s: %w", script, err)
	}
	sc := bufio.NewScanner(stderr)
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	for sc.Scan() {
		logf("%s", sc.Text())
		tail.add(sc.Text())
	}
	if err := cmd.Wait(); err != nil {
		return "", fmt.Errorf("%s failed: %w\n%s", script, err, tail.String())
	}
	lines := strings.Split(strings.TrimSpace(stdout.String()), "\n")
	return strings.TrimSpace(lines[len(lines)-1]), nil
}

// tailBuffer keeps the last lines written to it.
type tailBuffer struct{ lines []string }

func (t *tailBuffer) add(line string) {
	t.lines = append(t.lines, line)
	if len(t.lines) > 40 {
		t.lines = t.lines[len(t.lines)-40:]
	}
}

func (t *tailBuffer) String() string { return strings.Join(t.lines, "\n") }

// fileTail returns about the last n lines of a log file, for error messages.
func fileTail(path string, n int) string {
	data, err := os.ReadFile(path)
	if err != nil {
		return fmt.Sprintf("(cannot read %s: %v)", path, err)
	}
	const maxBytes = 16 * 1024
	if len(data) > maxBytes {
		data = data[len(data)-maxBytes:]
	}
	lines := strings.Split(strings.TrimRight(string(data), "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
