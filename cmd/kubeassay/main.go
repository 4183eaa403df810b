// Command kubeassay audits Kubernetes clusters and manifests against security
// benchmarks: the CIS Kubernetes Benchmark, the NSA/CISA hardening guide, the
// OWASP Kubernetes Top 10 and the Pod Security Standards.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

// Exit codes.
const (
	exitOK       = 0
	exitFindings = 1 // --fail-on, --fail-below, --fail-on-severity or --fail-on-regression matched, verify found a mismatch, or a policy test failed
	exitUsage    = 2 // bad flags or input, or a fatal error
)

func main() {
	tuneGC()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run executes the command line and returns the exit code.
func run(ctx context.Context, args []string, in io.Reader, out, errOut io.Writer) int {
	root := newRootCommand(in, out, errOut)
	root.SetArgs(args)
	err := root.ExecuteContext(ctx)
	var fe *failOnError
	var me *mismatchError
	var re *regressionError
	var ge *gateError
	var pe *policyTestError
	switch {
	case errors.As(err, &pe):
		fmt.Fprintln(errOut, err)
		return exitFindings
	case errors.As(err, &ge):
		fmt.Fprintln(errOut, err)
		return exitFindings
	case errors.As(err, &re):
		fmt.Fprintln(errOut, err)
		return exitFindings
	case err == nil:
		return exitOK
	case errors.As(err, &me):
		fmt.Fprintln(errOut, "kubeassay:", err)
		return exitFindings
	case errors.As(err, &fe):
		fmt.Fprintln(errOut, err)
		return exitFindings
	default:
		fmt.Fprintln(errOut, "Error:", err)
		return exitUsage
	}
}
