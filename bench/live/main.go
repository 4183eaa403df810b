// Command live measures a scan of a live cluster: it starts a local control
// plane (package testcluster), loads N synthetic objects from bench/gen into
// it, then measures (a) listing the kinds the checks read with client-go
// alone and (b) the whole `kubeassay scan` of the cluster, and prints both
// with the scan's peak RSS.
//
//	go run ./bench/live -bin bin/kubeassay -n 5000,25000
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/client-go/dynamic"

	"github.com/kubeassay/kubeassay/bench/gen"
	"github.com/kubeassay/kubeassay/testcluster"
)

// resources maps the generated kinds to what they are created and listed as.
var resources = map[string]schema.GroupVersionResource{
	"Namespace":      {Version: "v1", Resource: "namespaces"},
	"ServiceAccount": {Version: "v1", Resource: "serviceaccounts"},
	"Pod":            {Version: "v1", Resource: "pods"},
	"Service":        {Version: "v1", Resource: "services"},
	"ConfigMap":      {Version: "v1", Resource: "configmaps"},
	"Secret":         {Version: "v1", Resource: "secrets"},
	"Deployment":     {Group: "apps", Version: "v1", Resource: "deployments"},
	"ReplicaSet":     {Group: "apps", Version: "v1", Resource: "replicasets"},
	"StatefulSet":    {Group: "apps", Version: "v1", Resource: "statefulsets"},
	"DaemonSet":      {Group: "apps", Version: "v1", Resource: "daemonsets"},
	"Job":            {Group: "batch", Version: "v1", Resource: "jobs"},
	"CronJob":        {Group: "batch", Version: "v1", Resource: "cronjobs"},
	"Role":           {Group: "rbac.authorization.k8s.io", Version: "v1", Resource: "roles"},
	"RoleBinding":    {Group: "rbac.authorization.k8s.io", Version: "v1", Resource: "rolebindings"},
}

// listed are the kinds the built-in checks read (the workload kinds).
var listed = []string{"Pod", "Deployment", "ReplicaSet", "StatefulSet", "DaemonSet", "Job", "CronJob"}

func main() {
	bin := flag.String("bin", "bin/kubeassay", "kubeassay binary")
	sizes := flag.String("n", "5000,25000", "comma-separated object counts")
	flag.Parse()
	fmt.Printf("%-8s %9s %10s %10s %7s %10s\n", "objects", "load", "list", "scan", "ratio", "peak RSS")
	for _, s := range strings.Split(*sizes, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err == nil {
			err = measure(*bin, n)
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "live:", err)
			os.Exit(1)
		}
	}
}

func measure(bin string, n int) error {
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
	if err := load(ctx, dyn, n); err != nil {
		return err
	}
	loadTime := time.Since(start)

	start = time.Now()
	if err := listAll(ctx, dyn); err != nil {
		return err
	}
	listTime := time.Since(start)

	cmd := exec.Command(bin, "scan", "--kubeconfig", c.KubeconfigPath, "-b", "pss-baseline,pss-restricted", "-o", "json=/dev/null")
	cmd.Stderr = os.Stderr
	start = time.Now()
	if err := cmd.Run(); err != nil {
		return err
	}
	scanTime := time.Since(start)
	rss := cmd.ProcessState.SysUsage().(*syscall.Rusage).Maxrss * 1024
	fmt.Printf("%-8d %8.1fs %9.2fs %9.2fs %6.2fx %9.0fM\n", n, loadTime.Seconds(), listTime.Seconds(), scanTime.Seconds(), scanTime.Seconds()/listTime.Seconds(), float64(rss)/(1<<20))
	return nil
}

// listAll lists the kinds the checks read, page by page, four at a time, as
// plain client-go would, and discards the objects.
func listAll(ctx context.Context, dyn dynamic.Interface) error {
	var wg sync.WaitGroup
	errs := make(chan error, len(listed))
	sem := make(chan struct{}, 4)
	for _, k := range listed {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			cont := ""
			for {
				l, err := dyn.Resource(resources[k]).List(ctx, metav1.ListOptions{Limit: 500, Continue: cont})
				if err != nil {
					errs <- err
					return
				}
				if cont = l.GetContinue(); cont == "" {
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	return <-errs
}

// load creates n generated objects: namespaces and service accounts first,
// then owners before what they own, each wave 32 at a time, with owner
// references pointed at the uids the owners got.
func load(ctx context.Context, dyn dynamic.Interface, n int) error {
	var objs []gen.Object
	if err := gen.New(1).Generate(n, func(o gen.Object) error { objs = append(objs, o); return nil }); err != nil {
		return err
	}
	uids := sync.Map{}
	wave := func(pick func(gen.Object) bool) error {
		var wg sync.WaitGroup
		sem := make(chan struct{}, 32)
		var first error
		var mu sync.Mutex
		for _, o := range objs {
			if !pick(o) {
				continue
			}
			wg.Add(1)
			sem <- struct{}{}
			go func() {
				defer wg.Done()
				defer func() { <-sem }()
				if err := create(ctx, dyn, o, &uids); err != nil {
					mu.Lock()
					if first == nil {
						first = err
					}
					mu.Unlock()
				}
			}()
		}
		wg.Wait()
		return first
	}
	depth := func(o gen.Object) int {
		switch o["kind"] {
		case "Namespace":
			return 0
		case "ServiceAccount":
			return 1
		case "ReplicaSet", "Job":
			return 3
		case "Pod":
			return 4
		}
		return 2
	}
	for d := 0; d <= 4; d++ {
		if err := wave(func(o gen.Object) bool { return depth(o) == d }); err != nil {
			return err
		}
	}
	return nil
}

func create(ctx context.Context, dyn dynamic.Interface, o gen.Object, uids *sync.Map) error {
	u := &unstructured.Unstructured{Object: o}
	kind := u.GetKind()
	u.SetUID("")
	u.SetResourceVersion("")
	u.SetCreationTimestamp(metav1.Time{})
	delete(u.Object, "status")
	refs := u.GetOwnerReferences()
	for i := range refs {
		v, ok := uids.Load(refs[i].Kind + "/" + u.GetNamespace() + "/" + refs[i].Name)
		if !ok {
			return fmt.Errorf("%s %s/%s: owner %s %s not created", kind, u.GetNamespace(), u.GetName(), refs[i].Kind, refs[i].Name)
		}
		refs[i].UID = types.UID(v.(string))
	}
	u.SetOwnerReferences(refs)
	if kind == "Service" {
		unstructured.RemoveNestedField(u.Object, "spec", "clusterIP") // let the server allocate
	}
	if kind == "Job" {
		// The API server sets a Job's selector and its uid labels itself.
		for _, l := range []string{"batch.kubernetes.io/controller-uid", "controller-uid", "batch.kubernetes.io/job-name", "job-name"} {
			unstructured.RemoveNestedField(u.Object, "spec", "template", "metadata", "labels", l)
		}
	}
	gvr, ok := resources[kind]
	if !ok {
		return fmt.Errorf("no resource for kind %s", kind)
	}
	out, err := dyn.Resource(gvr).Namespace(u.GetNamespace()).Create(ctx, u, metav1.CreateOptions{})
	if err != nil {
		return fmt.Errorf("create %s %s/%s: %w", kind, u.GetNamespace(), u.GetName(), err)
	}
	uids.Store(kind+"/"+u.GetNamespace()+"/"+u.GetName(), string(out.GetUID()))
	return nil
}
