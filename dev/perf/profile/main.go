// Command profile scans files with chosen benchmarks and writes a CPU
// profile, to find which checks a scale run spends its time in:
//
//	go run ./dev/perf/profile -b all -o cpu.pprof cluster.json && go tool pprof -top cpu.pprof
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/pprof"
	"strings"
	"time"

	"github.com/kubeassay/kubeassay/report"
	"github.com/kubeassay/kubeassay/scan"
)

func main() {
	bench := flag.String("b", "all", `benchmarks, comma-separated ("all": every built-in one)`)
	checks := flag.String("check", "", "checks instead of benchmarks, comma-separated")
	out := flag.String("o", "cpu.pprof", "CPU profile to write")
	format := flag.String("format", "json", `report format written (and discarded) after the scan; "" for none`)
	flag.Parse()
	b, err := scan.LoadBuiltin()
	if err != nil {
		fail(err)
	}
	opts := scan.Options{Files: flag.Args()}
	if *checks != "" {
		opts.Checks = strings.Split(*checks, ",")
	} else {
		for _, id := range strings.Split(*bench, ",") {
			if id != "all" {
				opts.Benchmarks = append(opts.Benchmarks, id)
				continue
			}
			for _, bm := range b.Benchmarks {
				opts.Benchmarks = append(opts.Benchmarks, bm.ID)
			}
		}
	}
	f, err := os.Create(*out)
	if err != nil {
		fail(err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		fail(err)
	}
	start := time.Now()
	res, err := scan.Run(context.Background(), b, opts)
	if err != nil {
		fail(err)
	}
	scanned := time.Since(start)
	if *format != "" {
		w, err := report.NewWriter(*format, report.Options{})
		if err != nil {
			fail(err)
		}
		if err := w.Write(io.Discard, res); err != nil {
			fail(err)
		}
	}
	pprof.StopCPUProfile()
	fmt.Fprintf(os.Stderr, "scanned in %s, written in %s; profile in %s\n", scanned.Round(time.Millisecond), (time.Since(start) - scanned).Round(time.Millisecond), *out)
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "profile:", err)
	os.Exit(1)
}
