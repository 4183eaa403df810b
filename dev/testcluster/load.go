package testcluster

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/client-go/discovery"
	"k8s.io/client-go/discovery/cached/memory"
	"k8s.io/client-go/dynamic"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/restmapper"

	"github.com/kubeassay/kubeassay/checks"
	"github.com/kubeassay/kubeassay/sources/manifests"
)

// ReadManifests reads the whole objects of manifest files or directories,
// as CreateObjects takes them. Documents that are not whole objects (no
// kind, no name: the demo has a deliberately broken one) are left out; a
// scan of the same files reports them.
func ReadManifests(ctx context.Context, paths ...string) ([]map[string]any, error) {
	files, err := manifests.Expand(paths, nil)
	if err != nil {
		return nil, err
	}
	docs := make(chan checks.Document, 64)
	go func() {
		defer close(docs)
		_ = (&manifests.Reader{}).Read(ctx, files, docs)
	}()
	var objs []map[string]any
	for d := range docs {
		if d.Err != nil || d.Object == nil || d.Object["kind"] == nil {
			continue
		}
		if meta, _ := d.Object["metadata"].(map[string]any); meta["name"] == nil && meta["generateName"] == nil {
			continue
		}
		objs = append(objs, d.Object)
	}
	return objs, nil
}

// CreateObjects creates objects as they would be read back from a cluster
// (kubectl output, a generator's dump): server-set fields are dropped, every
// namespace is created first (with its default ServiceAccount), owners are
// created before what they own, and owner references are pointed at the uids
// the owners got here. Up to parallel creates run at once. An object whose
// owner is not among objs is an error.
func (c *Cluster) CreateObjects(ctx context.Context, objs []map[string]any, parallel int) (int, error) {
	cfg := c.RESTConfig(c.AdminToken)
	// The API server warns about every generated pod that would violate
	// the restricted Pod Security level: thousands of lines that say
	// nothing about loading.
	cfg.WarningHandler = rest.NoWarnings{}
	dc, err := discovery.NewDiscoveryClientForConfig(cfg)
	if err != nil {
		return 0, err
	}
	mapper := restmapper.NewDeferredDiscoveryRESTMapper(memory.NewMemCacheClient(dc))
	dyn, err := dynamic.NewForConfig(cfg)
	if err != nil {
		return 0, err
	}
	var pending []*unstructured.Unstructured
	namespaces := map[string]map[string]string{} // name -> labels of its Namespace object
	for _, o := range objs {
		u := &unstructured.Unstructured{Object: o}
		if u.GetKind() == "Namespace" {
			namespaces[u.GetName()] = u.GetLabels()
			continue
		}
		if ns := u.GetNamespace(); ns != "" {
			if _, ok := namespaces[ns]; !ok {
				namespaces[ns] = nil
			}
		}
		pending = append(pending, u)
	}
	created := 0
	for ns, labels := range namespaces {
		if err := c.CreateNamespace(ctx, ns, labels); err != nil {
			return created, err
		}
		created++
	}
	var mu sync.Mutex
	uids := map[string]string{} // kind/namespace/name -> uid
	ready := func(u *unstructured.Unstructured) bool {
		mu.Lock()
		defer mu.Unlock()
		for _, r := range u.GetOwnerReferences() {
			if _, ok := uids[r.Kind+"/"+u.GetNamespace()+"/"+r.Name]; !ok {
				return false
			}
		}
		return true
	}
	for len(pending) > 0 {
		var wave, later []*unstructured.Unstructured
		for _, u := range pending {
			if ready(u) {
				wave = append(wave, u)
			} else {
				later = append(later, u)
			}
		}
		if len(wave) == 0 {
			u := later[0]
			return created, fmt.Errorf("%s %s/%s: its owner is not among the objects", u.GetKind(), u.GetNamespace(), u.GetName())
		}
		var wg sync.WaitGroup
		var first error
		sem := make(chan struct{}, max(parallel, 1))
		for _, u := range wave {
			wg.Add(1)
			sem <- struct{}{}
			go func() {
				defer wg.Done()
				defer func() { <-sem }()
				uid, err := createOne(ctx, dyn, mapper, u, &mu, uids)
				mu.Lock()
				defer mu.Unlock()
				switch {
				case err != nil && first == nil:
					first = err
				case err == nil && uid != "":
					uids[u.GetKind()+"/"+u.GetNamespace()+"/"+u.GetName()] = uid
					created++
				}
			}()
		}
		wg.Wait()
		if first != nil {
			return created, first
		}
		pending = later
	}
	return created, nil
}

func createOne(ctx context.Context, dyn dynamic.Interface, mapper *restmapper.DeferredDiscoveryRESTMapper, in *unstructured.Unstructured, mu *sync.Mutex, uids map[string]string) (string, error) {
	// A copy through JSON leaves the caller's object alone and gives the
	// number types unstructured objects expect, whatever the caller used.
	data, err := json.Marshal(in.Object)
	if err != nil {
		return "", err
	}
	u := &unstructured.Unstructured{}
	if err := u.UnmarshalJSON(data); err != nil {
		return "", fmt.Errorf("%s %s/%s: %w", in.GetKind(), in.GetNamespace(), in.GetName(), err)
	}
	u.SetUID("")
	u.SetResourceVersion("")
	u.SetCreationTimestamp(metav1.Time{})
	delete(u.Object, "status")
	refs := u.GetOwnerReferences()
	mu.Lock()
	for i := range refs {
		refs[i].UID = types.UID(uids[refs[i].Kind+"/"+u.GetNamespace()+"/"+refs[i].Name])
	}
	mu.Unlock()
	u.SetOwnerReferences(refs)
	switch u.GetKind() {
	case "Service":
		unstructured.RemoveNestedField(u.Object, "spec", "clusterIP") // the server allocates it
		unstructured.RemoveNestedField(u.Object, "spec", "clusterIPs")
	case "Job":
		// The server sets a Job's selector and uid labels itself.
		for _, l := range []string{"batch.kubernetes.io/controller-uid", "controller-uid", "batch.kubernetes.io/job-name", "job-name"} {
			unstructured.RemoveNestedField(u.Object, "spec", "template", "metadata", "labels", l)
		}
	}
	gvk := schema.FromAPIVersionAndKind(u.GetAPIVersion(), u.GetKind())
	m, err := mapper.RESTMapping(gvk.GroupKind(), gvk.Version)
	if err != nil {
		return "", fmt.Errorf("%s %s: %w", gvk.Kind, u.GetName(), err)
	}
	out, err := dyn.Resource(m.Resource).Namespace(u.GetNamespace()).Create(ctx, u, metav1.CreateOptions{})
	switch {
	case err == nil:
		return string(out.GetUID()), nil
	case apierrors.IsAlreadyExists(err) && u.GetKind() == "ServiceAccount" && u.GetName() == "default":
		// CreateNamespace made it: the manifest's version replaces it
		// (automountServiceAccountToken: false, say).
		cur, err := dyn.Resource(m.Resource).Namespace(u.GetNamespace()).Get(ctx, u.GetName(), metav1.GetOptions{})
		if err != nil {
			return "", fmt.Errorf("get ServiceAccount %s/default: %w", u.GetNamespace(), err)
		}
		u.SetResourceVersion(cur.GetResourceVersion())
		out, err := dyn.Resource(m.Resource).Namespace(u.GetNamespace()).Update(ctx, u, metav1.UpdateOptions{})
		if err != nil {
			return "", fmt.Errorf("update ServiceAccount %s/default: %w", u.GetNamespace(), err)
		}
		return string(out.GetUID()), nil
	}
	return "", fmt.Errorf("create %s %s/%s: %w", gvk.Kind, u.GetNamespace(), u.GetName(), err)
}
