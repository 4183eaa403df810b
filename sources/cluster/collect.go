// Package cluster reads a live cluster for a scan: it lists, through
// client-go, every kind the selected checks judge, page by page and
// concurrently, and hands each object to the engine as it arrives. Secrets are
// listed as metadata only. A kind that cannot be listed is recorded with the
// reason, so that the controls needing it are never PASS.
package cluster

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/client-go/discovery"
	"k8s.io/client-go/dynamic"
	"k8s.io/client-go/metadata"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/clientcmd"

	json "github.com/goccy/go-json"

	"github.com/kubeassay/kubeassay/checks"
	"github.com/kubeassay/kubeassay/sources/manifests"
)

// Options say which cluster to read and how.
type Options struct {
	Kubeconfig string // empty: KUBECONFIG, ~/.kube/config, or in-cluster
	Context    string
	// Cluster and User, as kubectl's --cluster and --user, replace the
	// context's cluster and user with others of the kubeconfig.
	Cluster, User string
	// Namespaces limits namespaced kinds to these namespaces; empty means all.
	Namespaces []string
	// ExcludeNamespaces drops objects of these namespaces.
	ExcludeNamespaces []string
	Timeout           time.Duration // per request; 0 means 60s
	QPS               float32       // 0 means 50
	Burst             int           // 0 means 100
	PageSize          int64         // 0 means 500
	// EveryKindIn names the namespaces in which every namespaced kind the
	// server serves is listed too, as metadata only (the checks of every
	// kind in default: engine.EveryKindNamespaces).
	EveryKindIn []string
	// Parallel bounds the lists in flight; 0 means 4.
	Parallel int
	// Listed, when set, is called as each kind finishes listing, with how
	// many kinds are done of how many; calls are serialised.
	Listed func(done, total int)
	// Facts, when set, are the cluster's facts as Describe found them
	// before the scan chose its checks; Collect uses them instead of
	// asking again.
	Facts *Facts
}

// ContextName is the kubeconfig context RESTConfig reads: the one given,
// else the current one of the kubeconfig, else "in-cluster" when there is
// no kubeconfig; "" when the kubeconfig cannot be read.
func ContextName(opts Options) string {
	if opts.Context != "" {
		return opts.Context
	}
	rules := clientcmd.NewDefaultClientConfigLoadingRules()
	if opts.Kubeconfig != "" {
		rules.ExplicitPath = opts.Kubeconfig
	}
	raw, err := rules.Load()
	if err != nil {
		return ""
	}
	if raw.CurrentContext == "" && len(raw.Contexts) == 0 {
		return "in-cluster"
	}
	return raw.CurrentContext
}

// DefaultNamespace is the namespace kubectl would use with no -n: the
// context's, else the in-cluster service account's, else "default".
func DefaultNamespace(opts Options) (string, error) {
	ns, _, err := clientConfig(opts).Namespace()
	return ns, err
}

func clientConfig(opts Options) clientcmd.ClientConfig {
	rules := clientcmd.NewDefaultClientConfigLoadingRules()
	if opts.Kubeconfig != "" {
		rules.ExplicitPath = opts.Kubeconfig
	}
	overrides := &clientcmd.ConfigOverrides{CurrentContext: opts.Context}
	overrides.Context.Cluster, overrides.Context.AuthInfo = opts.Cluster, opts.User
	return clientcmd.NewNonInteractiveDeferredLoadingClientConfig(rules, overrides)
}

// RESTConfig builds the client configuration the way kubectl does: an
// explicit kubeconfig, else KUBECONFIG or ~/.kube/config, else the
// in-cluster service account.
func RESTConfig(opts Options) (*rest.Config, error) {
	cfg, err := clientConfig(opts).ClientConfig()
	if err != nil {
		if opts.Kubeconfig != "" {
			return nil, fmt.Errorf("--kubeconfig %s: %w", opts.Kubeconfig, err)
		}
		if opts.Context != "" {
			return nil, fmt.Errorf("--context %s: %w", opts.Context, err)
		}
		if opts.Cluster != "" || opts.User != "" {
			return nil, fmt.Errorf("--cluster %q --user %q: %w", opts.Cluster, opts.User, err)
		}
		return nil, fmt.Errorf("no cluster configured (no kubeconfig, and not in a pod): %w", err)
	}
	cfg.QPS = opts.QPS
	if cfg.QPS == 0 {
		cfg.QPS = 50
	}
	cfg.Burst = opts.Burst
	if cfg.Burst == 0 {
		cfg.Burst = 100
	}
	cfg.Timeout = opts.Timeout
	if cfg.Timeout == 0 {
		cfg.Timeout = 60 * time.Second
	}
	cfg.UserAgent = "kubeassay"
	return cfg, nil
}

// Result is what collection read, and what it could not. Kinds are named
// by checks.GroupKind.String (Pod, Deployment, Widget.example.com).
type Result struct {
	// Listed counts the objects read, by kind.
	Listed map[string]int
	// Unavailable holds the kinds that could not be listed (forbidden,
	// timed out, failed) with the reason.
	Unavailable map[string]string
	// NotServed lists the kinds this API server does not serve at all,
	// sorted.
	NotServed []string
	// Cluster describes the cluster.
	Cluster Facts
}

type resource struct {
	gk         checks.GroupKind // the kind asked for (gvr may be of a legacy group of it)
	gvr        schema.GroupVersionResource
	namespaced bool
	// metaOnly lists the resource through the metadata client: the
	// server sends names, labels, owners and managers, never the object.
	metaOnly bool
	// namespaces, when set, are the only ones listed (Options.Namespaces
	// otherwise).
	namespaces []string
}

// recordKinds are the namespaced kinds that are records the cluster writes
// about objects, not objects anyone puts in a namespace: the checks of
// every kind do not list them.
var recordKinds = map[checks.GroupKind]bool{
	{Kind: "Event"}:                               true,
	{Group: "events.k8s.io", Kind: "Event"}:       true,
	{Group: "metrics.k8s.io", Kind: "PodMetrics"}: true,
}

// EveryKindListed returns, sorted, the namespaces of EveryKindIn that the
// namespace options let be listed.
func (o Options) EveryKindListed() []string {
	var out []string
	for _, ns := range o.EveryKindIn {
		if slices.Contains(o.ExcludeNamespaces, ns) || (len(o.Namespaces) > 0 && !slices.Contains(o.Namespaces, ns)) {
			continue
		}
		out = append(out, ns)
	}
	slices.Sort(out)
	return out
}

// everyKind returns the resources to list for Options.EveryKindIn: every
// namespaced kind the server serves and lets be listed, but those todo
// lists anyway, in those namespaces (within Options.Namespaces and
// without Options.ExcludeNamespaces), as metadata. A discovery failure
// may hide a kind: it is recorded for each group that failed.
func everyKind(served map[checks.GroupKind]resource, todo []resource, partial error, opts Options, res *Result) []resource {
	namespaces := opts.EveryKindListed()
	if len(namespaces) == 0 {
		return nil
	}
	if partial != nil {
		var failed *discovery.ErrGroupDiscoveryFailed
		if errors.As(partial, &failed) {
			for gv, err := range failed.Groups {
				// metrics-server down hides no object of a namespace:
				// its only namespaced kind is a record.
				if gv.Group != "metrics.k8s.io" {
					res.Unavailable["kinds of "+gv.Group] = fmt.Sprintf("API discovery of %s failed: %v", gv, err)
				}
			}
		} else {
			res.Unavailable["some kinds"] = "API discovery was incomplete: " + partial.Error()
		}
	}
	listed := map[schema.GroupResource]bool{}
	for _, r := range todo {
		listed[r.gvr.GroupResource()] = true
	}
	var out []resource
	for gk, r := range served {
		if !r.namespaced || recordKinds[gk] || listed[r.gvr.GroupResource()] {
			continue
		}
		r.metaOnly, r.namespaces = true, namespaces
		out = append(out, r)
	}
	slices.SortFunc(out, func(a, b resource) int { return a.gk.Compare(b.gk) })
	return out
}

// Describe reads the server version and the nodes, and decides the
// platform, as Collect does first: for a caller that must know the platform
// before it chooses what to list.
func Describe(ctx context.Context, cfg *rest.Config) (Facts, error) {
	dc, err := discovery.NewDiscoveryClientForConfig(cfg)
	if err != nil {
		return Facts{}, err
	}
	return describe(ctx, cfg, dc)
}

// Collect lists every kind in kinds, each found by its group and name, and
// sends each object to out, which it does not close. It fails only when the
// cluster cannot be reached at all; a kind that cannot be listed is
// recorded in the result. Kinds no API server serves (NodeFacts) are left
// out.
func Collect(ctx context.Context, cfg *rest.Config, kinds []checks.GroupKind, opts Options, out chan<- checks.Document) (*Result, error) {
	dc, err := discovery.NewDiscoveryClientForConfig(cfg)
	if err != nil {
		return nil, err
	}
	res := &Result{Listed: map[string]int{}, Unavailable: map[string]string{}}
	if opts.Facts != nil {
		res.Cluster = *opts.Facts
	} else if res.Cluster, err = describe(ctx, cfg, dc); err != nil {
		return nil, err
	}
	res.Cluster.Context = ContextName(opts)
	served, partial, err := servedKinds(dc)
	if err != nil {
		return nil, fmt.Errorf("discover the API of %s: %w", cfg.Host, err)
	}
	todo := classify(kinds, served, partial, res)
	todo = append(todo, everyKind(served, todo, partial, opts, res)...)
	raw, err := rest.UnversionedRESTClientFor(dynamic.ConfigFor(cfg))
	if err != nil {
		return nil, err
	}
	// The kinds listed as metadata for the checks of every kind include
	// deprecated ones (v1 Endpoints): their warnings are not the user's.
	metaCfg := rest.CopyConfig(cfg)
	metaCfg.WarningHandler = rest.NoWarnings{}
	meta, err := metadata.NewForConfig(metaCfg)
	if err != nil {
		return nil, err
	}
	l := &lister{raw: raw, meta: meta, opts: opts, out: out}
	if l.opts.PageSize == 0 {
		l.opts.PageSize = 500
	}
	parallel := opts.Parallel
	if parallel <= 0 {
		parallel = 4
	}
	var mu sync.Mutex
	var wg sync.WaitGroup
	finished := 0
	sem := make(chan struct{}, parallel)
	for _, r := range todo {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			n, err := l.list(ctx, r)
			mu.Lock()
			defer mu.Unlock()
			res.Listed[r.gk.String()] += n
			finished++
			if opts.Listed != nil {
				opts.Listed(finished, len(todo))
			}
			if err != nil {
				res.Unavailable[r.gk.String()] = reason(r, err)
			}
		}()
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return res, nil
}

// classify returns the resources to list for kinds, and records in res the
// kinds the server does not serve, or that discovery could not tell about.
// A kind is looked for in its group, then in the legacy groups of the same
// kind (checks.Groups), never by its name alone.
func classify(kinds []checks.GroupKind, served map[checks.GroupKind]resource, partial error, res *Result) []resource {
	var todo []resource
	for _, gk := range kinds {
		if !checks.FromAPI(gk) {
			continue
		}
		groups := checks.Groups(gk)
		var r resource
		ok := false
		for _, g := range groups {
			if r, ok = served[checks.GroupKind{Group: g, Kind: gk.Kind}]; ok {
				break
			}
		}
		switch {
		case !ok && discoveryFailed(partial, groups):
			// Discovery failed for a group the kind may be served
			// in: it is unknown, not absent.
			res.Unavailable[gk.String()] = "API discovery was incomplete: " + partial.Error()
		case !ok:
			res.NotServed = append(res.NotServed, gk.String())
		default:
			r.gk = gk
			todo = append(todo, r)
		}
	}
	sort.Strings(res.NotServed)
	return todo
}

// discoveryFailed reports whether a partial discovery failure may hide a
// kind of these groups: when the error names the groups that failed, only
// those; otherwise any.
func discoveryFailed(partial error, groups []string) bool {
	if partial == nil {
		return false
	}
	var failed *discovery.ErrGroupDiscoveryFailed
	if !errors.As(partial, &failed) {
		return true
	}
	for gv := range failed.Groups {
		if slices.Contains(groups, gv.Group) {
			return true
		}
	}
	return false
}

// reason words a list error for the report.
func reason(r resource, err error) string {
	what := r.gvr.Resource
	if r.gvr.Group != "" {
		what += "." + r.gvr.Group
	}
	switch {
	case apierrors.IsForbidden(err):
		return fmt.Sprintf("forbidden: the credentials may not list %s", what)
	case apierrors.IsTimeout(err), apierrors.IsServerTimeout(err), errors.Is(err, context.DeadlineExceeded):
		return fmt.Sprintf("timed out listing %s", what)
	}
	return fmt.Sprintf("listing %s failed: %v", what, err)
}

// servedKinds maps each kind the server serves (and lets be listed), by
// group and name, to its preferred resource. A partial failure (one
// aggregated API down) still gives the rest, and is returned as partial.
func servedKinds(dc discovery.DiscoveryInterface) (_ map[checks.GroupKind]resource, partial, err error) {
	lists, err := dc.ServerPreferredResources()
	if err != nil && len(lists) == 0 {
		return nil, nil, err
	}
	partial = err
	out := map[checks.GroupKind]resource{}
	for _, l := range lists {
		gv, perr := schema.ParseGroupVersion(l.GroupVersion)
		if perr != nil {
			continue
		}
		for _, r := range l.APIResources {
			if strings.Contains(r.Name, "/") || !slices.Contains(r.Verbs, "list") {
				continue
			}
			gk := checks.GroupKind{Group: gv.Group, Kind: r.Kind}
			out[gk] = resource{gk: gk, gvr: gv.WithResource(r.Name), namespaced: r.Namespaced}
		}
	}
	return out, partial, nil
}

type lister struct {
	raw  rest.Interface // JSON, for the list pages read as text
	meta metadata.Interface
	opts Options
	out  chan<- checks.Document
}

// list reads every object of one resource, page by page, in every selected
// namespace, and returns how many it sent.
func (l *lister) list(ctx context.Context, r resource) (int, error) {
	namespaces := []string{metav1.NamespaceAll}
	switch {
	case r.namespaces != nil:
		namespaces = r.namespaces
	case r.namespaced && len(l.opts.Namespaces) > 0:
		namespaces = l.opts.Namespaces
	}
	n := 0
	send := func(d checks.Document) error {
		select {
		case l.out <- d:
			n++
			return nil
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	for _, ns := range namespaces {
		cont := ""
		for {
			opts := metav1.ListOptions{Limit: l.opts.PageSize, Continue: cont}
			next, err := l.page(ctx, r, ns, opts, send)
			if err != nil {
				return n, err
			}
			if next == "" {
				break
			}
			cont = next
		}
	}
	return n, nil
}

// excluded reports whether an object of a namespaced kind is in an excluded
// namespace.
func (l *lister) excluded(r resource, ns string) bool {
	return r.namespaced && slices.Contains(l.opts.ExcludeNamespaces, ns)
}

// namespaceKind is the kind of Namespace objects.
var namespaceKind = checks.GroupKind{Kind: "Namespace"}

// outOfScope reports whether an object is left out by the namespace
// options: an object of a namespaced kind in an excluded namespace, or a
// Namespace that is not one of those scanned. A Namespace is scoped by its
// own name, so that a check of the namespaces as a whole (every namespace
// has a NetworkPolicy) judges those whose objects were listed, and never
// fails one whose objects were left out.
func (l *lister) outOfScope(r resource, name, ns string) bool {
	if r.gk == namespaceKind {
		return slices.Contains(l.opts.ExcludeNamespaces, name) ||
			(len(l.opts.Namespaces) > 0 && !slices.Contains(l.opts.Namespaces, name))
	}
	return l.excluded(r, ns)
}

// page lists one page, sends its objects and returns the continue token.
// Secrets go through the metadata client: the server sends their metadata
// only, so no value ever reaches this process. Every other page is read as
// JSON text and split into items without decoding them: the engine's
// workers decode, in parallel, only what the checks read (not status, not
// managedFields).
func (l *lister) page(ctx context.Context, r resource, ns string, opts metav1.ListOptions, send func(checks.Document) error) (string, error) {
	// cluster:pods for a well-known kind, cluster:widgets.example.com for
	// another, so that two kinds of the same name have two origins.
	file := "cluster:" + r.gvr.Resource
	if r.gk.String() != r.gk.Kind && r.gvr.Group != "" {
		file += "." + r.gvr.Group
	}
	origin := func(i int) checks.Origin { return checks.Origin{File: file, Item: &i} }
	// The items carry neither apiVersion nor kind: the engine reads them
	// from the Document, with the group the kind was found in.
	apiVersion := r.gvr.GroupVersion().String()
	// Anything named Secret, in any group, is read as metadata only: the
	// safe direction for values that may be secret. So is every kind
	// listed only for the checks of every kind.
	if r.gk.Kind == "Secret" || r.metaOnly {
		list, err := l.meta.Resource(r.gvr).Namespace(ns).List(ctx, opts)
		if err != nil {
			return "", err
		}
		for i := range list.Items {
			if l.excluded(r, list.Items[i].Namespace) {
				continue
			}
			item := &list.Items[i]
			// kubectl apply leaves the whole object, values included,
			// in an annotation: it never leaves here.
			delete(item.Annotations, checks.LastApplied)
			// Of managedFields, the managers tell the API server's own
			// objects from copies; the fields are never needed.
			for j := range item.ManagedFields {
				item.ManagedFields[j].FieldsV1 = nil
			}
			m, err := runtime.DefaultUnstructuredConverter.ToUnstructured(item)
			if err != nil {
				return "", err
			}
			m["apiVersion"], m["kind"] = apiVersion, r.gk.Kind
			if err := send(checks.Document{Origin: origin(i), Object: m}); err != nil {
				return "", err
			}
		}
		return list.Continue, nil
	}
	body, err := l.raw.Get().AbsPath(listPath(r, ns)...).
		Param("limit", strconv.FormatInt(opts.Limit, 10)).
		Param("continue", opts.Continue).
		Do(ctx).Raw()
	if err != nil {
		return "", err
	}
	var sendErr error
	rest, err := manifests.SplitList(bytes.NewReader(body), func(item []byte, i int) {
		if sendErr != nil {
			return
		}
		if len(l.opts.ExcludeNamespaces) > 0 || (r.gk == namespaceKind && len(l.opts.Namespaces) > 0) {
			var m struct {
				Metadata struct {
					Name      string `json:"name"`
					Namespace string `json:"namespace"`
				} `json:"metadata"`
			}
			if json.Unmarshal(item, &m) == nil && l.outOfScope(r, m.Metadata.Name, m.Metadata.Namespace) {
				return
			}
		}
		sendErr = send(checks.Document{Origin: origin(i), JSON: item, APIVersion: apiVersion, Kind: r.gk.Kind})
	})
	if err != nil {
		return "", fmt.Errorf("read the list of %s: %w", r.gvr.Resource, err)
	}
	if sendErr != nil {
		return "", sendErr
	}
	var list struct {
		Metadata struct {
			Continue string `json:"continue"`
		} `json:"metadata"`
	}
	if err := json.Unmarshal(rest, &list); err != nil {
		return "", fmt.Errorf("read the list of %s: %w", r.gvr.Resource, err)
	}
	return list.Metadata.Continue, nil
}

// listPath is the API path of a resource, in a namespace or ("") in all.
func listPath(r resource, ns string) []string {
	p := []string{"/apis", r.gvr.Group, r.gvr.Version}
	if r.gvr.Group == "" {
		p = []string{"/api", r.gvr.Version}
	}
	if r.namespaced && ns != "" {
		p = append(p, "namespaces", ns)
	}
	return append(p, r.gvr.Resource)
}
