package testcluster

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"time"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/client-go/dynamic"
)

// UpstreamFile is a file of a public Go module at a pinned version: the
// harness takes test data such as CustomResourceDefinitions from the
// projects that publish them, through the Go module proxy (checksummed like
// any dependency), instead of copying them into this repository.
type UpstreamFile struct {
	Module, Version, Path string
}

func (f UpstreamFile) String() string { return f.Module + "@" + f.Version + "/" + f.Path }

// NetworkPolicyCRDs are the network plugins' policy CRDs, as their projects
// ship them: Cilium's two policy kinds, Calico's (the crd.projectcalico.org
// group its operator installs; projectcalico.org/v3 is served by Calico's
// aggregated API server, not by a CRD) and the Network Policy API's
// AdminNetworkPolicy and BaselineAdminNetworkPolicy.
var NetworkPolicyCRDs = []UpstreamFile{
	{"github.com/cilium/cilium", "v1.20.2", "pkg/k8s/apis/cilium.io/client/crds/v2/ciliumnetworkpolicies.yaml"},
	{"github.com/cilium/cilium", "v1.20.2", "pkg/k8s/apis/cilium.io/client/crds/v2/ciliumclusterwidenetworkpolicies.yaml"},
	{"github.com/projectcalico/calico", "v1.11.0-cni-plugin.0.20250813170300-a0db560f0520", "libcalico-go/config/crd/crd.projectcalico.org_networkpolicies.yaml"},
	{"github.com/projectcalico/calico", "v1.11.0-cni-plugin.0.20250813170300-a0db560f0520", "libcalico-go/config/crd/crd.projectcalico.org_globalnetworkpolicies.yaml"},
	{"sigs.k8s.io/network-policy-api", "v0.1.7", "config/crd/standard/policy.networking.k8s.io_adminnetworkpolicies.yaml"},
	{"sigs.k8s.io/network-policy-api", "v0.1.7", "config/crd/standard/policy.networking.k8s.io_baselineadminnetworkpolicies.yaml"},
}

// Local downloads the module (once: the go command caches it) and returns
// the file's path in the module cache.
func (f UpstreamFile) Local(ctx context.Context) (string, error) {
	cmd := exec.CommandContext(ctx, "go", "mod", "download", "-json", f.Module+"@"+f.Version)
	// Outside any module, so that no go.mod or go.work is consulted or changed.
	cmd.Dir = os.TempDir()
	cmd.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS=-mod=mod")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	var info struct{ Dir, Error string }
	if jerr := json.Unmarshal(stdout.Bytes(), &info); jerr != nil && err == nil {
		err = jerr
	}
	if info.Error != "" {
		return "", fmt.Errorf("%s: %s", f, info.Error)
	}
	if err != nil {
		return "", fmt.Errorf("go mod download %s@%s: %w: %s", f.Module, f.Version, err, stderr.String())
	}
	return filepath.Join(info.Dir, filepath.FromSlash(f.Path)), nil
}

var crdGVR = schema.GroupVersionResource{Group: "apiextensions.k8s.io", Version: "v1", Resource: "customresourcedefinitions"}

// InstallCRDs creates the CustomResourceDefinitions of files (YAML, one or
// more documents each, read as ReadManifests reads them) and waits until the API server serves every one of
// them. A CRD that already exists is left as it is.
func (c *Cluster) InstallCRDs(ctx context.Context, files ...UpstreamFile) error {
	dyn, err := dynamic.NewForConfig(c.RESTConfig(c.AdminToken))
	if err != nil {
		return err
	}
	var names []string
	for _, f := range files {
		path, err := f.Local(ctx)
		if err != nil {
			return err
		}
		objs, err := ReadManifests(ctx, path)
		if err != nil {
			return fmt.Errorf("%s: %w", f, err)
		}
		if len(objs) == 0 {
			return fmt.Errorf("%s: no object in it", f)
		}
		for _, obj := range objs {
			u := &unstructured.Unstructured{Object: obj}
			if u.GetKind() != "CustomResourceDefinition" {
				return fmt.Errorf("%s: a %s, not a CustomResourceDefinition", f, u.GetKind())
			}
			if _, err := dyn.Resource(crdGVR).Create(ctx, u, metav1.CreateOptions{}); err != nil && !apierrors.IsAlreadyExists(err) {
				return fmt.Errorf("%s: create CRD %s: %w", f, u.GetName(), err)
			}
			names = append(names, u.GetName())
		}
	}
	for _, name := range names {
		for {
			u, err := dyn.Resource(crdGVR).Get(ctx, name, metav1.GetOptions{})
			if err == nil && established(u) {
				// Established, and its resources answer a list: what a
				// client that discovers them afterwards relies on.
				if err = listServed(ctx, dyn, u); err == nil {
					break
				}
			}
			select {
			case <-ctx.Done():
				return fmt.Errorf("CRD %s is not established: %v (%w)", name, err, ctx.Err())
			case <-time.After(100 * time.Millisecond):
			}
		}
	}
	return nil
}

func listServed(ctx context.Context, dyn dynamic.Interface, crd *unstructured.Unstructured) error {
	group, _, _ := unstructured.NestedString(crd.Object, "spec", "group")
	plural, _, _ := unstructured.NestedString(crd.Object, "spec", "names", "plural")
	versions, _, _ := unstructured.NestedSlice(crd.Object, "spec", "versions")
	for _, v := range versions {
		m, _ := v.(map[string]any)
		if name, _ := m["name"].(string); m["served"] == true {
			gvr := schema.GroupVersionResource{Group: group, Version: name, Resource: plural}
			if _, err := dyn.Resource(gvr).List(ctx, metav1.ListOptions{Limit: 1}); err != nil {
				return err
			}
		}
	}
	return nil
}

func established(u *unstructured.Unstructured) bool {
	conds, _, _ := unstructured.NestedSlice(u.Object, "status", "conditions")
	for _, c := range conds {
		if m, ok := c.(map[string]any); ok && m["type"] == "Established" && m["status"] == "True" {
			return true
		}
	}
	return false
}
