// Command demo is what `make demo` runs: it starts a local control plane
// (etcd and kube-apiserver, see package testcluster), loads the sample
// workload in testdata/demo into it, runs the kubeassay binary against it as a
// user would, and stops the control plane.
//
//	go run ./dev/demo -bin bin/kubeassay -- -b pss-baseline,pss-restricted -o table -o json=demo-result.json
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"syscall"
	"time"

	"github.com/kubeassay/kubeassay/dev/testcluster"
)

func main() {
	bin := flag.String("bin", "bin/kubeassay", "the kubeassay binary to run")
	workload := flag.String("f", "testdata/demo", "manifests to load into the cluster")
	flag.Parse()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, *bin, *workload, flag.Args()); err != nil {
		fmt.Fprintln(os.Stderr, "demo:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, bin, workload string, scanArgs []string) error {
	fmt.Fprintln(os.Stderr, "demo: starting etcd and kube-apiserver on loopback ...")
	c, err := testcluster.Start(ctx, testcluster.Options{})
	if err != nil {
		return err
	}
	defer c.Stop()
	fmt.Fprintf(os.Stderr, "demo: API server %s ready in %s\n", c.URL, c.StartupDuration.Round(100*time.Millisecond))
	n, err := load(ctx, c, workload)
	if err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "demo: loaded %d objects from %s; scanning with %s\n\n", n, workload, bin)
	cmd := exec.CommandContext(ctx, bin, append([]string{"scan", "--kubeconfig", c.KubeconfigPath}, scanArgs...)...)
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	return cmd.Run()
}

// load reads the workload's objects and creates them. Documents that are
// not whole objects (the demo has a deliberately broken one: no name) are
// left out here; the offline scan (make demo-offline) shows them reported.
func load(ctx context.Context, c *testcluster.Cluster, dir string) (int, error) {
	objs, err := testcluster.ReadManifests(ctx, dir)
	if err != nil {
		return 0, err
	}
	return c.CreateObjects(ctx, objs, 8)
}
