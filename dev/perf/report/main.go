// Command report measures the HTML and PDF reports of a large result: how
// long each takes to write, how big it is, and how long the HTML page takes
// in headless Chromium until it is usable (its filters applied and a search
// answered). Part of make bench:
//
//	go run ./dev/perf/report -result /tmp/scale/result.json
//
// Without -result it scans a generated cluster of -n objects first (with
// -bin, against the benchmarks of -b, "all" for every built-in one), as
// dev/perf/scale does.
package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/kubeassay/kubeassay/dev/perf/benchsel"
	"github.com/kubeassay/kubeassay/dev/perf/gen"
	"github.com/kubeassay/kubeassay/report"
)

func main() {
	result := flag.String("result", "", "a JSON result to render (default: scan a generated cluster)")
	bin := flag.String("bin", "bin/kubeassay", "kubeassay binary, to scan the generated cluster")
	n := flag.Int("n", 100000, "objects in the generated cluster")
	formats := flag.String("formats", "html,pdf", "formats to measure")
	bench := flag.String("b", "pss-baseline,pss-restricted", `benchmarks to scan the generated cluster against ("all": every built-in one)`)
	flag.Parse()
	if err := run(*result, *bin, *bench, *n, strings.Split(*formats, ",")); err != nil {
		fmt.Fprintln(os.Stderr, "report:", err)
		os.Exit(1)
	}
}

func run(resultPath, bin, bench string, n int, formats []string) error {
	dir, err := os.MkdirTemp("", "kubeassay-report-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	if resultPath == "" {
		input := filepath.Join(dir, "cluster.json")
		f, err := os.Create(input)
		if err != nil {
			return err
		}
		if err := gen.New(1).WriteList(f, n); err != nil {
			return err
		}
		f.Close()
		resultPath = filepath.Join(dir, "result.json")
		ids, err := benchsel.Expand(bin, bench)
		if err != nil {
			return err
		}
		cmd := exec.Command(bin, "scan", "-f", input, "-b", ids, "-o", "json="+resultPath)
		cmd.Stderr = os.Stderr
		if err := cmd.Run(); err != nil {
			return fmt.Errorf("scan: %w", err)
		}
	}
	f, err := os.Open(resultPath)
	if err != nil {
		return err
	}
	res, err := report.Read(f)
	f.Close()
	if err != nil {
		return fmt.Errorf("%s: %w", resultPath, err)
	}
	findings, shown := 0, 0
	for _, ch := range res.Checks {
		findings += len(ch.Findings)
	}
	for _, b := range res.Benchmarks {
		for _, c := range b.Controls {
			shown += c.FindingCount()
		}
	}
	fmt.Printf("result: %s, %d findings (%d in controls)\n\n%-6s %10s %10s\n", resultPath, findings, shown, "format", "write", "size")
	var htmlPath string
	for _, format := range formats {
		w, err := report.NewWriter(format, report.Options{})
		if err != nil {
			return err
		}
		var buf bytes.Buffer
		start := time.Now()
		if err := w.Write(&buf, res); err != nil {
			return fmt.Errorf("%s: %w", format, err)
		}
		took := time.Since(start)
		path := filepath.Join(dir, "report."+format)
		if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
			return err
		}
		fmt.Printf("%-6s %9.2fs %9.1fM\n", format, took.Seconds(), float64(buf.Len())/(1<<20))
		if format == "html" {
			htmlPath = path
		}
	}
	if htmlPath == "" {
		return nil
	}
	usable, err := browserLoad(htmlPath)
	if err != nil {
		return err
	}
	fmt.Printf("\nhtml usable in headless Chromium after %.2fs (navigation to filters applied and a search answered)\n", usable.Seconds())
	return nil
}

// browserLoad opens the page and times it until it is usable: the filters
// have run (the count is shown) and a search over every control's findings
// has answered.
func browserLoad(path string) (time.Duration, error) {
	chromium, err := exec.LookPath("chromium")
	if err != nil {
		return 0, fmt.Errorf("chromium: %w (make report-tools installs it)", err)
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(chromium), chromedp.NoSandbox)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancelAlloc()
	ctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	ctx, cancelTimeout := context.WithTimeout(ctx, 2*time.Minute)
	defer cancelTimeout()
	if err := chromedp.Do(ctx, chromedp.Navigate("about:blank")); err != nil {
		return 0, err
	}
	start := time.Now()
	err = chromedp.Do(ctx,
		chromedp.Navigate("file://"+path),
		chromedp.WaitVisible(chromedp.CSS("#f-count")),
		chromedp.Evaluate[chromedp.Void](`void (e => { e.value = "default"; e.dispatchEvent(new Event("input")) })(document.getElementById("f-search"))`),
		chromedp.Evaluate[chromedp.Void](`void document.getElementById("f-count").textContent`),
	)
	return time.Since(start), err
}
