package testcluster

import (
	"context"
	"fmt"
	"os"
	"sync"
	"testing"
	"time"
)

// shared is the per-test-binary cluster managed by RunMain.
var shared struct {
	mu      sync.Mutex
	enabled bool // RunMain is running
	opts    Options
	cluster *Cluster
	err     error // a failed start is not retried
	started bool
}

// RunMain runs a package's tests with a shared cluster and exits. Call it from
// TestMain:
//
//	func TestMain(m *testing.M) {
//		testcluster.RunMain(m, testcluster.Options{Tokens: []testcluster.Token{{User: "alice"}}})
//	}
//
// The cluster is started lazily by the first Shared call, so running only tests
// that do not need it (go test -run, -short) costs nothing; it is stopped after
// all tests have run. If opts.Logf is nil, progress goes to stderr when
// testing.Verbose().
func RunMain(m *testing.M, opts Options) {
	os.Exit(runMain(m, opts))
}

func runMain(m *testing.M, opts Options) int {
	shared.mu.Lock()
	shared.enabled, shared.opts = true, opts
	shared.mu.Unlock()

	code := m.Run()

	shared.mu.Lock()
	defer shared.mu.Unlock()
	shared.enabled = false
	if shared.cluster != nil {
		if err := shared.cluster.Stop(); err != nil {
			fmt.Fprintf(os.Stderr, "testcluster: stopping the shared cluster: %v\n", err)
			if code == 0 {
				code = 1
			}
		}
		shared.cluster = nil
	}
	return code
}

// Shared returns the package's shared cluster, starting it on first use. It
// requires TestMain to call RunMain. Tests must not Stop it nor change state
// other tests depend on; they should use their own namespaces (for example
// named after t.Name()). If the start fails, every test calling Shared fails
// with the same error.
func Shared(t testing.TB) *Cluster {
	t.Helper()
	shared.mu.Lock()
	defer shared.mu.Unlock()
	if !shared.enabled {
		t.Fatalf("testcluster.Shared needs the package's TestMain to call testcluster.RunMain(m, testcluster.Options{...})")
	}
	if !shared.started {
		shared.started = true
		opts := shared.opts
		if opts.Logf == nil {
			if testing.Verbose() {
				opts.Logf = func(format string, args ...any) {
					fmt.Fprintf(os.Stderr, format+"\n", args...)
				}
			}
		}
		// Generous: this may include building kube-apiserver (4–7 min cold).
		ctx, cancel := context.WithTimeout(context.Background(), 15*time.Minute)
		shared.cluster, shared.err = Start(ctx, opts)
		cancel()
	}
	if shared.err != nil {
		t.Fatalf("starting the shared cluster: %v", shared.err)
	}
	return shared.cluster
}
