// Command memo proves the template memo on a whole population: it writes a
// synthetic cluster dump of N objects (dev/perf/gen), scans it against every
// built-in benchmark twice, once as kubeassay always does (each shape of
// pod template evaluated once, names put back) and once with
// --every-template (every distinct template evaluated itself), and fails
// unless the two results hold the same checks, findings, controls and
// scores. It prints both runs' wall time and peak RSS. With -policy-dir,
// both scans load that directory too: its pod checks judge every template
// beside the memo of the built-in ones.
//
//	go run ./dev/perf/memo -bin bin/kubeassay -n 100000
//	go run ./dev/perf/memo -n 100000 -b all,acme-workloads -policy-dir docs/examples/policies
package main

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"syscall"
	"time"

	"github.com/kubeassay/kubeassay/dev/perf/benchsel"
	"github.com/kubeassay/kubeassay/dev/perf/gen"
	"github.com/kubeassay/kubeassay/report"
)

func main() {
	bin := flag.String("bin", "bin/kubeassay", "kubeassay binary to run")
	n := flag.Int("n", 100000, "objects")
	bench := flag.String("b", benchsel.All, `benchmarks, comma-separated ("all": every built-in benchmark)`)
	policyDir := flag.String("policy-dir", "", "a policy directory both scans load (--policy-dir)")
	flag.Parse()
	if err := run(*bin, *n, *bench, *policyDir); err != nil {
		fmt.Fprintln(os.Stderr, "memo:", err)
		os.Exit(1)
	}
}

func run(bin string, n int, bench, policyDir string) error {
	bench, err := benchsel.Expand(bin, bench)
	if err != nil {
		return err
	}
	dir, err := os.MkdirTemp("", "kubeassay-memo-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	input := filepath.Join(dir, "cluster.json")
	if err := gen.New(1).WriteListFile(input, n); err != nil {
		return err
	}
	fmt.Printf("%d objects, benchmarks %s\n", n, bench)
	if policyDir != "" {
		fmt.Printf("policy directory %s\n", policyDir)
	}
	fmt.Printf("%-16s %9s %10s %10s %8s\n", "evaluation", "wall", "peak RSS", "templates", "shapes")
	var results [2]*report.Result
	for i, mode := range []string{"memo", "every template"} {
		out := filepath.Join(dir, fmt.Sprintf("result-%d.json", i))
		args := []string{"scan", "-f", input, "-b", bench, "-o", "json=" + out}
		if i == 1 {
			args = append(args, "--every-template")
		}
		if policyDir != "" {
			args = append(args, "--policy-dir", policyDir)
		}
		cmd := exec.Command(bin, args...)
		cmd.Stderr = os.Stderr
		start := time.Now()
		if err := cmd.Run(); err != nil {
			return fmt.Errorf("%s: %w", cmd.String(), err)
		}
		wall := time.Since(start)
		rss := cmd.ProcessState.SysUsage().(*syscall.Rusage).Maxrss * 1024
		if results[i], err = read(out); err != nil {
			return err
		}
		md := results[i].Metadata
		fmt.Printf("%-16s %8.2fs %9.0fM %10d %8d\n", mode, wall.Seconds(), float64(rss)/(1<<20), md.Templates, md.Shapes)
	}
	memo, direct := results[0], results[1]
	findings := 0
	for i, c := range memo.Checks {
		findings += len(c.Findings)
		if i >= len(direct.Checks) || !reflect.DeepEqual(c, direct.Checks[i]) {
			return fmt.Errorf("check %s differs between the memo and every template's evaluation", c.ID)
		}
	}
	if len(memo.Checks) != len(direct.Checks) {
		return fmt.Errorf("%d checks with the memo, %d without", len(memo.Checks), len(direct.Checks))
	}
	if !reflect.DeepEqual(memo.Benchmarks, direct.Benchmarks) {
		return fmt.Errorf("benchmark verdicts differ between the memo and every template's evaluation")
	}
	if !reflect.DeepEqual(memo.Errors, direct.Errors) {
		return fmt.Errorf("input errors differ between the memo and every template's evaluation")
	}
	fmt.Printf("identical: %d checks, %d findings, %d benchmarks\n", len(memo.Checks), findings, len(memo.Benchmarks))
	return nil
}

func read(path string) (*report.Result, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return report.Read(f)
}
