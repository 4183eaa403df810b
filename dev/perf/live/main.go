// Command live measures a scan of a live cluster: it starts a local control
// plane (package testcluster), loads N synthetic objects from bench/gen into
// it, then measures (a) listing the kinds the checks read with client-go
// alone (dynamic client, decoding every object as client-go does), (a') the
// same pages fetched as text and not decoded, the floor under any client,
// and (b) the whole `kubeassay scan` of the cluster, and prints them with
// the scan's peak RSS.
//
//	go run ./bench/live -bin bin/kubeassay -n 5000,25000
package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/client-go/dynamic"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"

	"github.com/kubeassay/kubeassay/dev/perf/gen"
	"github.com/kubeassay/kubeassay/dev/testcluster"
)

// listed are the resources of the kinds the built-in checks read (the
// workload kinds).
var listed = []schema.GroupVersionResource{
	{Version: "v1", Resource: "pods"},
	{Group: "apps", Version: "v1", Resource: "deployments"},
	{Group: "apps", Version: "v1", Resource: "replicasets"},
	{Group: "apps", Version: "v1", Resource: "statefulsets"},
	{Group: "apps", Version: "v1", Resource: "daemonsets"},
	{Group: "batch", Version: "v1", Resource: "jobs"},
	{Group: "batch", Version: "v1", Resource: "cronjobs"},
}

func main() {
	bin := flag.String("bin", "bin/kubeassay", "kubeassay binary")
	sizes := flag.String("n", "5000,25000", "comma-separated object counts")
	hold := flag.Bool("hold", false, "keep the last cluster running, for scans by hand, until interrupted")
	flag.Parse()
	fmt.Printf("%-8s %9s %10s %10s %10s %10s %10s %7s %10s\n", "objects", "load", "list", "typed", "protobuf", "fetch", "scan", "ratio", "peak RSS")
	for _, s := range strings.Split(*sizes, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err == nil {
			last := !strings.Contains(*sizes, ",") || strings.HasSuffix(strings.TrimSpace(*sizes), strings.TrimSpace(s))
			err = measure(*bin, n, *hold && last)
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "live:", err)
			os.Exit(1)
		}
	}
}

func measure(bin string, n int, hold bool) error {
	ctx := context.Background()
	c, err := testcluster.Start(ctx, testcluster.Options{ExtraAPIServerFlags: map[string]string{"max-requests-inflight": "1000", "max-mutating-requests-inflight": "500"}})
	if err != nil {
		return err
	}
	defer c.Stop()
	cfg := c.RESTConfig(c.AdminToken)
	dyn, err := dynamic.NewForConfig(cfg)
	if err != nil {
		return err
	}
	start := time.Now()
	if err := load(ctx, c, n); err != nil {
		return err
	}
	loadTime := time.Since(start)

	start = time.Now()
	if err := listAll(ctx, dyn); err != nil {
		return err
	}
	listTime := time.Since(start)

	start = time.Now()
	if err := listTyped(ctx, cfg, false); err != nil {
		return err
	}
	typedJSONTime := time.Since(start)

	start = time.Now()
	if err := listTyped(ctx, cfg, true); err != nil {
		return err
	}
	typedTime := time.Since(start)

	raw, err := rest.UnversionedRESTClientFor(dynamic.ConfigFor(cfg))
	if err != nil {
		return err
	}
	start = time.Now()
	if err := fetchAll(ctx, raw); err != nil {
		return err
	}
	fetchTime := time.Since(start)

	cmd := exec.Command(bin, "scan", "--kubeconfig", c.KubeconfigPath, "-b", "pss-baseline,pss-restricted", "-o", "json=/dev/null")
	cmd.Stderr = os.Stderr
	start = time.Now()
	if err := cmd.Run(); err != nil {
		return err
	}
	scanTime := time.Since(start)
	rss := cmd.ProcessState.SysUsage().(*syscall.Rusage).Maxrss * 1024
	defer func() {
		if hold {
			fmt.Printf("holding the cluster: KUBECONFIG=%s; interrupt to stop\n", c.KubeconfigPath)
			sig := make(chan os.Signal, 1)
			signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
			<-sig
		}
	}()
	fmt.Printf("%-8d %8.1fs %9.2fs %9.2fs %9.2fs %9.2fs %9.2fs %6.2fx %9.0fM\n", n, loadTime.Seconds(), listTime.Seconds(), typedJSONTime.Seconds(), typedTime.Seconds(), fetchTime.Seconds(), scanTime.Seconds(), scanTime.Seconds()/listTime.Seconds(), float64(rss)/(1<<20))
	return nil
}

// listAll lists the kinds the checks read, page by page, four at a time, as
// plain client-go would, and discards the objects.
func listAll(ctx context.Context, dyn dynamic.Interface) error {
	return pageAll(len(listed), func(i int, next string) (string, error) {
		return cont(dyn.Resource(listed[i]).List(ctx, pageOptions(next)))
	})
}

// listTyped lists the same kinds with the typed clients, in JSON (their
// default) or in protobuf, the fastest way plain client-go has to get
// decoded objects.
func listTyped(ctx context.Context, cfg *rest.Config, protobuf bool) error {
	pcfg := rest.CopyConfig(cfg)
	if protobuf {
		pcfg.ContentType = "application/vnd.kubernetes.protobuf"
		pcfg.AcceptContentTypes = "application/vnd.kubernetes.protobuf,application/json"
	}
	cs, err := kubernetes.NewForConfig(pcfg)
	if err != nil {
		return err
	}
	pages := []func(string) (string, error){
		typed(ctx, cs.CoreV1().Pods("").List),
		typed(ctx, cs.AppsV1().Deployments("").List),
		typed(ctx, cs.AppsV1().ReplicaSets("").List),
		typed(ctx, cs.AppsV1().StatefulSets("").List),
		typed(ctx, cs.AppsV1().DaemonSets("").List),
		typed(ctx, cs.BatchV1().Jobs("").List),
		typed(ctx, cs.BatchV1().CronJobs("").List),
	}
	return pageAll(len(pages), func(i int, next string) (string, error) { return pages[i](next) })
}

// typed turns a typed client's List into a page function.
func typed[L metav1.ListInterface](ctx context.Context, list func(context.Context, metav1.ListOptions) (L, error)) func(string) (string, error) {
	return func(next string) (string, error) { return cont(list(ctx, pageOptions(next))) }
}

// fetchAll reads the same pages as listAll as text and decodes nothing but
// each page's continue token: the floor under any client's list.
func fetchAll(ctx context.Context, raw rest.Interface) error {
	return pageAll(len(listed), func(i int, next string) (string, error) {
		gvr := listed[i]
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
