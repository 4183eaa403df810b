// Command demo is what `make demo` runs: it starts a local control plane
// (etcd and kube-apiserver, see package testcluster), loads the sample
// workload in testdata/demo into it, runs the kubeassay binary against it as a
// user would, and stops the control plane.
//
//	go run ./hack/demo -bin bin/kubeassay -- -b pss-baseline,pss-restricted -o table -o json=demo-result.json
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/client-go/discovery"
	"k8s.io/client-go/discovery/cached/memory"
	"k8s.io/client-go/dynamic"
	"k8s.io/client-go/restmapper"

	"github.com/kubeassay/kubeassay/checks"
	"github.com/kubeassay/kubeassay/manifests"
	"github.com/kubeassay/kubeassay/testcluster"
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

// load creates the workload's objects, owners first, pointing each owner
// reference at the uid its owner got in this cluster. Documents that are not
// objects (the demo has a deliberately broken one) are left out here.
func load(ctx context.Context, c *testcluster.Cluster, dir string) (int, error) {
	files, err := manifests.Expand([]string{dir})
	if err != nil {
		return 0, err
	}
	docs := make(chan checks.Document, 64)
	go func() {
		defer close(docs)
		_ = (&manifests.Reader{}).Read(ctx, files, docs)
	}()
	var objs []*unstructured.Unstructured
	for d := range docs {
		if d.Err == nil && d.Object != nil && d.Object["kind"] != nil {
			objs = append(objs, &unstructured.Unstructured{Object: d.Object})
		}
	}
	cfg := c.RESTConfig(c.AdminToken)
	dc, err := discovery.NewDiscoveryClientForConfig(cfg)
	if err != nil {
		return 0, err
	}
	mapper := restmapper.NewDeferredDiscoveryRESTMapper(memory.NewMemCacheClient(dc))
	dyn, err := dynamic.NewForConfig(cfg)
	if err != nil {
		return 0, err
	}
	uids := map[string]string{} // kind/namespace/name -> uid
	created := 0
	for pending := objs; len(pending) > 0; {
		var next []*unstructured.Unstructured
		for _, o := range pending {
			if !ownersCreated(o, uids) {
				next = append(next, o)
				continue
			}
			if ns := o.GetNamespace(); ns != "" {
				if err := c.CreateNamespace(ctx, ns); err != nil {
					return created, err
				}
			}
			refs := o.GetOwnerReferences()
			for i := range refs {
				refs[i].UID = typesUID(uids[key(refs[i].Kind, o.GetNamespace(), refs[i].Name)])
			}
			o.SetOwnerReferences(refs)
			o.SetUID("")
			gvk := schema.FromAPIVersionAndKind(o.GetAPIVersion(), o.GetKind())
			m, err := mapper.RESTMapping(gvk.GroupKind(), gvk.Version)
			if err != nil {
				return created, fmt.Errorf("%s %s: %w", gvk.Kind, o.GetName(), err)
			}
			out, err := dyn.Resource(m.Resource).Namespace(o.GetNamespace()).Create(ctx, o, metav1.CreateOptions{})
			if err != nil {
				return created, fmt.Errorf("create %s %s/%s: %w", gvk.Kind, o.GetNamespace(), o.GetName(), err)
			}
			uids[key(o.GetKind(), o.GetNamespace(), o.GetName())] = string(out.GetUID())
			created++
		}
		if len(next) == len(pending) {
			return created, errors.New(filepath.Join(dir) + ": owner references that name objects not in the workload")
		}
		pending = next
	}
	return created, nil
}

func ownersCreated(o *unstructured.Unstructured, uids map[string]string) bool {
	for _, r := range o.GetOwnerReferences() {
		if _, ok := uids[key(r.Kind, o.GetNamespace(), r.Name)]; !ok {
			return false
		}
	}
	return true
}

func key(kind, ns, name string) string { return kind + "/" + ns + "/" + name }

func typesUID(s string) types.UID { return types.UID(s) }
