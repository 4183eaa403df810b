// Command scale measures a whole scan at scale: it writes a synthetic
// cluster dump of N objects as one JSON List (as kubectl get -o json writes
// it), runs the kubeassay binary on it against the benchmarks of -b
// (pss-baseline and pss-restricted unless told; "all" for every built-in
// benchmark, CIS included, whose inventory checks judge the generated RBAC,
// Namespaces and NetworkPolicies), and prints wall time, objects per second
// and peak RSS. -census prints how many objects of each kind were
// generated, and how the namespaces and ServiceAccounts are mixed.
//
//	go run ./dev/perf/scale -bin bin/kubeassay -n 10000,100000
//	go run ./dev/perf/scale -bin bin/kubeassay -n 100000 -b all -census
package main

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/kubeassay/kubeassay/dev/perf/benchsel"
	"github.com/kubeassay/kubeassay/dev/perf/gen"
	"github.com/kubeassay/kubeassay/report"
)

func main() {
	bin := flag.String("bin", "bin/kubeassay", "kubeassay binary to run")
	sizes := flag.String("n", "10000,100000", "comma-separated object counts")
	dir := flag.String("dir", "", "where to write the inputs (default: a temporary directory)")
	runs := flag.Int("runs", 3, "runs per size; the best wall time and its RSS are reported")
	bench := flag.String("b", "pss-baseline,pss-restricted", `benchmarks to scan against, comma-separated ("all": every built-in benchmark)`)
	census := flag.Bool("census", false, "print the generated population of each size")
	flag.Parse()
	if err := run(*bin, *sizes, *dir, *bench, *runs, *census); err != nil {
		fmt.Fprintln(os.Stderr, "scale:", err)
		os.Exit(1)
	}
}

func run(bin, sizes, dir, bench string, runs int, census bool) error {
	bench, err := benchsel.Expand(bin, bench)
	if err != nil {
		return err
	}
	fmt.Printf("benchmarks: %s\n", bench)
	if dir == "" {
		d, err := os.MkdirTemp("", "kubeassay-scale-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(d)
		dir = d
	} else if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	fmt.Printf("%-8s %10s %9s %12s %10s %17s\n", "objects", "input", "wall", "objects/s", "peak RSS", "templates/shapes")
	var censuses []string
	for _, s := range strings.Split(sizes, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil {
			return fmt.Errorf("-n %s: %w", s, err)
		}
		input := filepath.Join(dir, fmt.Sprintf("cluster-%d.json", n))
		if err := gen.New(1).WriteListFile(input, n); err != nil {
			return err
		}
		st, _ := os.Stat(input)
		var best time.Duration
		var bestRSS int64
		var templates string
		for i := 0; i < runs; i++ {
			out := filepath.Join(dir, "result.json")
			cmd := exec.Command(bin, "scan", "-f", input, "-b", bench, "-o", "json="+out)
			cmd.Stderr = os.Stderr
			start := time.Now()
			if err := cmd.Run(); err != nil {
				return fmt.Errorf("%s: %w", strings.Join(cmd.Args, " "), err)
			}
			wall := time.Since(start)
			rss := cmd.ProcessState.SysUsage().(*syscall.Rusage).Maxrss * 1024
			if best == 0 || wall < best {
				best, bestRSS = wall, rss
			}
			templates = readTemplates(out)
		}
		fmt.Printf("%-8d %9.1fM %8.2fs %12.0f %9.0fM %17s\n", n, float64(st.Size())/1e6, best.Seconds(), float64(n)/best.Seconds(), float64(bestRSS)/(1<<20), templates)
		if census {
			c, err := gen.New(1).Census(n)
			if err != nil {
				return err
			}
			censuses = append(censuses, c.String())
		}
	}
	for _, c := range censuses {
		fmt.Print("\n" + c)
	}
	return nil
}

// readTemplates reads the counts of templates and of their shapes (the
// evaluations they took) from the report.
func readTemplates(path string) string {
	f, err := os.Open(path)
	if err != nil {
		return "?"
	}
	defer f.Close()
	res, err := report.Read(f)
	if err != nil {
		return "?"
	}
	return fmt.Sprintf("%d/%d", res.Metadata.Templates, res.Metadata.Shapes)
}
