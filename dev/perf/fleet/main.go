// Command fleet measures kubeassay compare at fleet scale: it generates
// distinct clusters (dev/perf/gen, one seed each) of N objects, scans each
// once against every built-in benchmark, then times 'kubeassay compare' of
// R results (the scanned ones, repeated in turn when R is larger), and of
// the first two (the drift), printing wall time and peak RSS.
//
//	go run ./dev/perf/fleet -bin bin/kubeassay -n 10000 -results 50 -clusters 5
//	go run ./dev/perf/fleet -bin bin/kubeassay -n 100000 -results 10 -clusters 2
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"time"

	"github.com/kubeassay/kubeassay/dev/perf/benchsel"
	"github.com/kubeassay/kubeassay/dev/perf/gen"
)

func main() {
	bin := flag.String("bin", "bin/kubeassay", "kubeassay binary to run")
	n := flag.Int("n", 10000, "objects per cluster")
	results := flag.Int("results", 50, "results to compare at once")
	clusters := flag.Int("clusters", 5, "distinct clusters generated and scanned (their results are repeated up to -results)")
	bench := flag.String("b", benchsel.All, `benchmarks, comma-separated ("all": every built-in benchmark)`)
	flag.Parse()
	if err := run(*bin, *n, *results, *clusters, *bench); err != nil {
		fmt.Fprintln(os.Stderr, "fleet:", err)
		os.Exit(1)
	}
}

func run(bin string, n, results, clusters int, bench string) error {
	bench, err := benchsel.Expand(bin, bench)
	if err != nil {
		return err
	}
	dir, err := os.MkdirTemp("", "kubeassay-fleet-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	var scanned []string
	for i := range clusters {
		input := filepath.Join(dir, fmt.Sprintf("cluster-%d.json", i))
		if err := gen.New(uint64(i+1)).WriteListFile(input, n); err != nil {
			return err
		}
		out := filepath.Join(dir, fmt.Sprintf("result-%d.json", i))
		if _, _, err := timed(bin, "scan", "-f", input, "-b", bench, "-o", "json="+out); err != nil {
			return err
		}
		os.Remove(input)
		scanned = append(scanned, out)
	}
	var files []string
	for i := range results {
		files = append(files, scanned[i%len(scanned)])
	}
	fmt.Printf("%d results of %d-object scans (%d distinct clusters), benchmarks %s\n", results, n, clusters, bench)
	fmt.Printf("%-22s %9s %10s\n", "compare", "wall", "peak RSS")
	for _, c := range []struct {
		name  string
		files []string
	}{{fmt.Sprintf("%d results", results), files}, {"2 results (drift)", scanned[:min(2, len(scanned))]}} {
		if len(c.files) < 2 {
			continue
		}
		wall, rss, err := timed(bin, append([]string{"compare", "-o", "json=" + filepath.Join(dir, "cmp.json")}, c.files...)...)
		if err != nil {
			return err
		}
		fmt.Printf("%-22s %8.2fs %9.0fM\n", c.name, wall.Seconds(), float64(rss)/(1<<20))
	}
	return nil
}

func timed(bin string, args ...string) (time.Duration, int64, error) {
	cmd := exec.Command(bin, args...)
	cmd.Stdout, cmd.Stderr = io.Discard, os.Stderr
	start := time.Now()
	if err := cmd.Run(); err != nil {
		return 0, 0, fmt.Errorf("%s: %w", cmd.String(), err)
	}
	return time.Since(start), cmd.ProcessState.SysUsage().(*syscall.Rusage).Maxrss * 1024, nil
}
