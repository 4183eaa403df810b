// Command live measures a scan of a live cluster: it starts a local control
// plane (package testcluster), loads N synthetic objects from dev/perf/gen
// into it, then runs the whole `kubeassay scan` of the cluster against the
// benchmarks of -b (every built-in one unless told), in a memory cgroup
// limited to -memory as a CronJob with limits.memory would run it, and
// measures side by side, on the same cluster, (a) listing every kind the
// scan read with client-go alone (dynamic client, decoding every object as
// client-go does) and (a') the same pages fetched as text and not decoded,
// the floor under any client. It prints both with the scan's peak RSS, the
// cgroup's peak charge and whether the kernel had to kill anything.
//
//	go run ./dev/perf/live -bin bin/kubeassay -n 5000,25000
//	go run ./dev/perf/live -bin bin/kubeassay -n 25000 -b pss-restricted -memory 0
package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/client-go/discovery"
	"k8s.io/client-go/dynamic"
	"k8s.io/client-go/rest"

	"github.com/kubeassay/kubeassay/checks"
	"github.com/kubeassay/kubeassay/dev/perf/benchsel"
	"github.com/kubeassay/kubeassay/dev/perf/cgroup"
	"github.com/kubeassay/kubeassay/dev/perf/gen"
	"github.com/kubeassay/kubeassay/dev/testcluster"
	"github.com/kubeassay/kubeassay/report"
)

func main() {
	bin := flag.String("bin", "bin/kubeassay", "kubeassay binary")
	sizes := flag.String("n", "5000,25000", "comma-separated object counts")
	bench := flag.String("b", benchsel.All, `benchmarks to scan against, comma-separated ("all": every built-in benchmark)`)
	memory := flag.String("memory", "512Mi", `memory limit of the scan's cgroup, as in limits.memory ("0": run without one)`)
	cronjob := flag.Bool("cronjob", false, "scan as deploy/'s CronJob does: JSON, HTML and PDF into a history directory with --keep")
	hold := flag.Bool("hold", false, "keep the last cluster running, for scans by hand, until interrupted")
	flag.Parse()
	limit, err := quantity(*memory)
	if err == nil {
		*bench, err = benchsel.Expand(*bin, *bench)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "live:", err)
		os.Exit(2)
	}
	fmt.Printf("benchmarks: %s\n", *bench)
	fmt.Printf("%-8s %7s %6s %9s %9s %9s %7s %9s %9s %s\n", "objects", "load", "kinds", "list", "fetch", "scan", "ratio", "peak RSS", "cgroup", "limit")
	for _, s := range strings.Split(*sizes, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err == nil {
			last := !strings.Contains(*sizes, ",") || strings.HasSuffix(strings.TrimSpace(*sizes), strings.TrimSpace(s))
			err = measure(*bin, *bench, limit, n, *cronjob, *hold && last)
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "live:", err)
			os.Exit(1)
		}
	}
}

// quantity reads a memory size as limits.memory writes it: 512Mi, 1Gi, or
// bytes.
func quantity(s string) (int64, error) {
	mult := int64(1)
	for suffix, m := range map[string]int64{"Ki": 1 << 10, "Mi": 1 << 20, "Gi": 1 << 30} {
		if strings.HasSuffix(s, suffix) {
			s, mult = strings.TrimSuffix(s, suffix), m
		}
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 0 {
		return 0, fmt.Errorf("-memory %q: not a size such as 512Mi", s)
	}
	return n * mult, nil
}

func measure(bin, bench string, limit int64, n int, cronjob, hold bool) error {
	ctx := context.Background()
	c, err := testcluster.Start(ctx, testcluster.Options{ExtraAPIServerFlags: map[string]string{"max-requests-inflight": "1000", "max-mutating-requests-inflight": "500"}})
	if err != nil {
		return err
	}
	defer c.Stop()
	cfg := c.RESTConfig(c.AdminToken)
	// The list step reads v1 Endpoints as the scan does; its deprecation
	// warning is not part of the measurement.
	cfg.WarningHandler = rest.NoWarnings{}
	dyn, err := dynamic.NewForConfig(cfg)
	if err != nil {
		return err
	}
	start := time.Now()
	if err := load(ctx, c, n); err != nil {
		return err
	}
	loadTime := time.Since(start)

	dir, err := os.MkdirTemp("", "kubeassay-live-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	out := filepath.Join(dir, "result.json")
	args := []string{"scan", "--kubeconfig", c.KubeconfigPath, "-b", bench, "-o", "json=" + out}
	if cronjob {
		args = append(args, "-o", "html", "-o", "pdf", "--report-dir", dir, "--keep", "3")
	}
	cmd := exec.Command(bin, args...)
	limited := "none"
	var group *cgroup.Group
	if limit > 0 {
		if group, err = cgroup.New(fmt.Sprintf("kubeassay-live-%d", os.Getpid()), limit); err != nil {
			fmt.Fprintf(os.Stderr, "live: no memory cgroup, the scan runs unlimited: %v\n", err)
		} else {
			defer group.Remove()
			cmd = group.Command(bin, args...)
			limited = fmt.Sprintf("%dMi", limit>>20)
		}
	}
	cmd.Stderr = os.Stderr
	start = time.Now()
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("%s: %w", strings.Join(cmd.Args, " "), err)
	}
	scanTime := time.Since(start)
	rss := cmd.ProcessState.SysUsage().(*syscall.Rusage).Maxrss * 1024
	charged := "-"
	if group != nil {
		peak, kills, err := group.Peak()
		if err != nil {
			return err
		}
		if kills > 0 {
			return fmt.Errorf("the kernel OOM-killed %d process(es) in the scan's cgroup", kills)
		}
		charged = fmt.Sprintf("%.0fM", float64(peak)/(1<<20))
	}

	kinds, err := readKinds(cfg, out)
	if err != nil {
		return err
	}
	start = time.Now()
	if err := listAll(ctx, dyn, kinds); err != nil {
		return err
	}
	listTime := time.Since(start)

	raw, err := rest.UnversionedRESTClientFor(dynamic.ConfigFor(cfg))
	if err != nil {
		return err
	}
	start = time.Now()
	if err := fetchAll(ctx, raw, kinds); err != nil {
		return err
	}
	fetchTime := time.Since(start)
	defer func() {
		if hold {
			fmt.Printf("holding the cluster: KUBECONFIG=%s; interrupt to stop\n", c.KubeconfigPath)
			sig := make(chan os.Signal, 1)
			signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
			<-sig
		}
	}()
	fmt.Printf("%-8d %6.1fs %6d %8.2fs %8.2fs %8.2fs %6.2fx %8.0fM %9s %s\n", n, loadTime.Seconds(), len(kinds), listTime.Seconds(), fetchTime.Seconds(), scanTime.Seconds(), scanTime.Seconds()/listTime.Seconds(), float64(rss)/(1<<20), charged, limited)
	return nil
}

// readKinds returns the resources of every kind the scan's result says it
// read (metadata.objects), found in the cluster's discovery: the bare name
// of a well-known kind is looked up in the core group first, then in the
// only group that serves it.
func readKinds(cfg *rest.Config, result string) ([]schema.GroupVersionResource, error) {
	f, err := os.Open(result)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	res, err := report.Read(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", result, err)
	}
	dc, err := discovery.NewDiscoveryClientForConfig(cfg)
	if err != nil {
		return nil, err
	}
	lists, err := dc.ServerPreferredResources()
	if err != nil {
		return nil, err
	}
	byKind := map[string][]schema.GroupVersionResource{}
	for _, l := range lists {
		gv, err := schema.ParseGroupVersion(l.GroupVersion)
		if err != nil {
			return nil, err
		}
		for _, r := range l.APIResources {
			if strings.Contains(r.Name, "/") {
				continue
			}
			gvr := gv.WithResource(r.Name)
			byKind[r.Kind+"."+gv.Group] = append(byKind[r.Kind+"."+gv.Group], gvr)
			byKind[r.Kind] = append(byKind[r.Kind], gvr)
		}
	}
	var kinds []schema.GroupVersionResource
	var names []string
	for name := range res.Metadata.Objects {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		if name == checks.ClusterVersion.Kind {
			continue // the scan's own document of the cluster's version: nothing lists it
		}
		found := byKind[name]
		if core := byKind[name+"."]; len(core) > 0 {
			found = core
		}
		if len(found) != 1 {
			return nil, fmt.Errorf("kind %s read by the scan: %d resources serve it", name, len(found))
		}
		kinds = append(kinds, found[0])
	}
	return kinds, nil
}

// listAll lists the kinds, page by page, four at a time, as plain client-go
// would, and discards the objects.
func listAll(ctx context.Context, dyn dynamic.Interface, kinds []schema.GroupVersionResource) error {
	return pageAll(len(kinds), func(i int, next string) (string, error) {
		return cont(dyn.Resource(kinds[i]).List(ctx, pageOptions(next)))
	})
}

// fetchAll reads the same pages as listAll as text and decodes nothing but
// each page's continue token: the floor under any client's list.
func fetchAll(ctx context.Context, raw rest.Interface, kinds []schema.GroupVersionResource) error {
	return pageAll(len(kinds), func(i int, next string) (string, error) {
		gvr := kinds[i]
		path := []string{"/apis", gvr.Group, gvr.Version, gvr.Resource}
		if gvr.Group == "" {
			path = []string{"/api", gvr.Version, gvr.Resource}
		}
		body, err := raw.Get().AbsPath(path...).Param("limit", "500").Param("continue", next).Do(ctx).Raw()
		if err != nil {
			return "", err
		}
		// The server writes the list's metadata, and so the token,
		// before its items.
		if j := bytes.Index(body, []byte(`"items":`)); j >= 0 {
			body = body[:j]
		}
		at := bytes.Index(body, []byte(`"continue":"`))
		if at < 0 {
			return "", nil
		}
		rest := body[at+len(`"continue":"`):]
		return string(rest[:bytes.IndexByte(rest, '"')]), nil
	})
}

func pageOptions(next string) metav1.ListOptions {
	return metav1.ListOptions{Limit: 500, Continue: next}
}

func cont[L metav1.ListInterface](l L, err error) (string, error) {
	if err != nil {
		return "", err
	}
	return l.GetContinue(), nil
}

// pageAll reads n kinds, four at a time, each page by page: page reads the
// page of kind i that the token next names and returns the next token ("":
// the last page). It returns the first error.
func pageAll(n int, page func(i int, next string) (string, error)) error {
	var wg sync.WaitGroup
	errs := make(chan error, n)
	sem := make(chan struct{}, 4)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			next := ""
			for {
				var err error
				if next, err = page(i, next); err != nil {
					errs <- err
					return
				}
				if next == "" {
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	return <-errs
}

// load creates n generated objects, 32 at a time.
func load(ctx context.Context, c *testcluster.Cluster, n int) error {
	var objs []map[string]any
	if err := gen.New(1).Generate(n, func(o gen.Object) error {
		if !preexisting(o) {
			objs = append(objs, o)
		}
		return nil
	}); err != nil {
		return err
	}
	_, err := c.CreateObjects(ctx, objs, 32)
	return err
}

// preexisting reports whether the test cluster has o, or will not take it,
// so that load leaves it out: the RBAC the API server bootstraps itself
// (labelled kubernetes.io/bootstrapping=rbac-defaults, already there), and
// ResourceQuotas, whose admission refuses every object of a namespace until
// the quota controller, which the test cluster does not run, has filled in
// the quota's status. The namespaces then have no quota, so KA-INV-013 fails
// on all of them: that changes what is reported, not what listing costs.
func preexisting(o gen.Object) bool {
	if o["kind"] == "ResourceQuota" {
		return true
	}
	meta, _ := o["metadata"].(gen.Object)
	labels, _ := meta["labels"].(gen.Object)
	return labels["kubernetes.io/bootstrapping"] == "rbac-defaults"
}
