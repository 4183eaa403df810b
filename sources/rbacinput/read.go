// Package rbacinput reads the RBAC objects that 'kubeassay rbac who-can' and
// 'kubeassay rbac risks' resolve: from manifests, kubectl output and
// snapshots, through the readers a scan uses (manifests.Expand and Reader,
// snapshot.Is and Read), or from a live cluster. What could not be read
// comes back as warnings, never silently: an answer resolved from the rest
// may lack subjects.
package rbacinput

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"slices"

	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"
	"sigs.k8s.io/yaml"

	"github.com/kubeassay/kubeassay/checks"
	"github.com/kubeassay/kubeassay/checks/rbac"
	"github.com/kubeassay/kubeassay/sources/manifests"
	"github.com/kubeassay/kubeassay/sources/snapshot"
)

// ReadCluster lists the RBAC of the cluster cfg points to; the kinds that
// could not be listed come back as warnings. It fails only when the cluster
// could not be reached at all.
func ReadCluster(ctx context.Context, cfg *rest.Config) (rbac.Objects, []string, error) {
	cs, err := kubernetes.NewForConfig(cfg)
	if err != nil {
		return rbac.Objects{}, nil, err
	}
	return readCluster(ctx, cs, cfg.Host)
}

func readCluster(ctx context.Context, cs kubernetes.Interface, host string) (rbac.Objects, []string, error) {
	objs, unavailable, err := rbac.List(ctx, cs)
	if err != nil {
		return objs, nil, fmt.Errorf("reading RBAC from %s: %w", host, err)
	}
	var warnings []string
	for _, k := range rbac.Kinds {
		if r, ok := unavailable[k]; ok {
			warnings = append(warnings, fmt.Sprintf("could not list %s: %s", k, r))
		}
	}
	warnings = append(warnings, objs.Duplicates()...)
	return objs, warnings, nil
}

// ReadFiles reads the RBAC objects of manifests and snapshots: files,
// directories (recursively) and "-" for stdin, as 'kubeassay scan -f' takes
// them. A document that could not be read (unless it shows a kind other
// than the RBAC ones), an RBAC object that does not decode, a snapshot that
// could not list or did not read an RBAC kind, and an object read twice come
// back as warnings naming the file. The error is for a path that does not
// exist, a snapshot that is damaged or cut short, or ctx done.
func ReadFiles(ctx context.Context, stdin io.Reader, paths []string) (rbac.Objects, []string, error) {
	files, err := manifests.Expand(paths, nil)
	if err != nil {
		return rbac.Objects{}, nil, err
	}
	var objs rbac.Objects
	var warnings []string
	isRBAC := func(gk checks.GroupKind) bool { return gk.Group == rbac.Group && slices.Contains(rbac.Kinds, gk.Kind) }
	for _, file := range files {
		ctx, cancel := context.WithCancel(ctx)
		docs := make(chan checks.Document, 64)
		errc := make(chan error, 1)
		var snapWarnings []string // written before errc is sent
		snap := file != manifests.Stdin && snapshot.Is(file)
		go func() {
			defer close(docs)
			if snap {
				meta, err := snapshot.Read(ctx, file, isRBAC, docs)
				if err == nil {
					for _, k := range rbac.Kinds {
						gk := checks.GroupKind{Group: rbac.Group, Kind: k}
						switch {
						case meta.Unavailable[gk.String()] != "":
							snapWarnings = append(snapWarnings, fmt.Sprintf("%s: the snapshot could not list %s: %s", file, k, meta.Unavailable[gk.String()]))
						case !slices.Contains(meta.Kinds, gk.String()):
							snapWarnings = append(snapWarnings, fmt.Sprintf("%s: the snapshot did not read %s", file, k))
						}
					}
				}
				errc <- err
				return
			}
			errc <- (&manifests.Reader{Stdin: stdin}).Read(ctx, []string{file}, docs)
		}()
		for d := range docs {
			if w := addDocument(&objs, d); w != "" {
				warnings = append(warnings, w)
			}
		}
		err := <-errc
		cancel()
		if err != nil {
			return objs, nil, err
		}
		warnings = append(warnings, snapWarnings...)
	}
	warnings = append(warnings, objs.Duplicates()...)
	return objs, warnings, nil
}

// addDocument adds the RBAC object of d to objs, if it is one; it returns a
// warning when d may have held RBAC that was not read.
func addDocument(objs *rbac.Objects, d checks.Document) string {
	if d.Err != nil {
		if d.Kind != "" && !slices.Contains(rbac.Kinds, d.Kind) {
			return "" // a broken document of another kind: no RBAC lost
		}
		return fmt.Sprintf("%s: %v", d.Origin, d.Err)
	}
	if d.JSON != nil && d.Kind == "" {
		// The object names its kind: decoded once, straight into its type.
		if checks.GuessKind(d.JSON) == "" && !bytes.Contains(d.JSON, []byte(`"kind"`)) {
			// An item of a typed List read from a file, which names
			// neither its kind nor (here) its List's: it may be an
			// RBAC object, and is not read.
			return fmt.Sprintf("%s: names no kind: it was not read", d.Origin)
		}
		if err := objs.AddJSON(d.JSON); err != nil {
			return fmt.Sprintf("%s: %v", d.Origin, err)
		}
		return ""
	}
	obj := d.Object
	switch {
	case obj != nil:
	case d.JSON != nil:
		if err := json.Unmarshal(d.JSON, &obj); err != nil {
			return fmt.Sprintf("%s: %v", d.Origin, err)
		}
	case d.YAML != nil:
		if err := yaml.Unmarshal(d.YAML, &obj); err != nil {
			return fmt.Sprintf("%s: %v", d.Origin, err)
		}
	}
	if obj == nil {
		return ""
	}
	if _, ok := obj["kind"]; !ok && d.Kind != "" {
		obj["apiVersion"], obj["kind"] = d.APIVersion, d.Kind
	}
	if _, err := objs.Add(obj); err != nil {
		return fmt.Sprintf("%s: %v", d.Origin, err)
	}
	return ""
}
