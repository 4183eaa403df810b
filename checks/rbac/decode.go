package rbac

import (
	"context"
	"fmt"
	json "github.com/goccy/go-json"
	"slices"
	"strings"

	rbacv1 "k8s.io/api/rbac/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
)

// Group is the API group of the RBAC kinds.
const Group = "rbac.authorization.k8s.io"

// Kinds are the four RBAC kinds, in the order they are listed.
var Kinds = []string{"ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding"}

// IsRBAC reports whether apiVersion and kind name an RBAC kind.
func IsRBAC(apiVersion, kind string) bool {
	group, _, _ := strings.Cut(apiVersion, "/")
	if !strings.Contains(apiVersion, "/") {
		group = ""
	}
	if group != Group {
		return false
	}
	switch kind {
	case "Role", "ClusterRole", "RoleBinding", "ClusterRoleBinding":
		return true
	}
	return false
}

// Add adds one decoded object (as JSON decodes it). A List adds its items.
// It reports whether the object was an RBAC object (or a List holding
// one); objects of other kinds are ignored, an RBAC object that does not
// decode is an error.
func (o *Objects) Add(obj map[string]any) (bool, error) {
	apiVersion, _ := obj["apiVersion"].(string)
	kind, _ := obj["kind"].(string)
	if items, ok := obj["items"].([]any); ok && strings.HasSuffix(kind, "List") {
		found := false
		for i, it := range items {
			m, ok := it.(map[string]any)
			if !ok {
				return found, fmt.Errorf("items[%d]: not an object", i)
			}
			// Items of a typed list (RoleList) may carry no kind.
			if _, ok := m["kind"]; !ok && kind != "List" {
				m = withKind(m, apiVersion, strings.TrimSuffix(kind, "List"))
			}
			added, err := o.Add(m)
			if err != nil {
				return found, fmt.Errorf("items[%d]: %w", i, err)
			}
			found = found || added
		}
		return found, nil
	}
	if !IsRBAC(apiVersion, kind) {
		return false, nil
	}
	data, err := json.Marshal(obj)
	if err != nil {
		return true, err
	}
	return true, o.AddJSON(data)
}

func withKind(m map[string]any, apiVersion, kind string) map[string]any {
	c := make(map[string]any, len(m)+2)
	for k, v := range m {
		c[k] = v
	}
	c["apiVersion"], c["kind"] = apiVersion, kind
	return c
}

// AddJSON adds one object given as JSON; objects that are not RBAC objects
// are ignored. Any version of the RBAC group is read with the v1 shape.
func (o *Objects) AddJSON(data []byte) error {
	var head struct {
		APIVersion string `json:"apiVersion"`
		Kind       string `json:"kind"`
		Items      []json.RawMessage
	}
	if err := json.Unmarshal(data, &head); err != nil {
		return err
	}
	if head.Items != nil && strings.HasSuffix(head.Kind, "List") {
		var m map[string]any
		if err := json.Unmarshal(data, &m); err != nil {
			return err
		}
		_, err := o.Add(m)
		return err
	}
	if !IsRBAC(head.APIVersion, head.Kind) {
		return nil
	}
	name := func(m metav1.ObjectMeta) error {
		if m.Name == "" {
			return fmt.Errorf("%s without metadata.name", head.Kind)
		}
		return nil
	}
	namespaced := func(m metav1.ObjectMeta) error {
		if err := name(m); err != nil {
			return err
		}
		if m.Namespace == "" {
			return fmt.Errorf("%s %s without metadata.namespace", head.Kind, m.Name)
		}
		return nil
	}
	// An object is added only when it decoded whole: a broken one is not
	// half used, and never takes another's place.
	var err error
	switch head.Kind {
	case "Role":
		var v rbacv1.Role
		if err = json.Unmarshal(data, &v); err == nil {
			if err = namespaced(v.ObjectMeta); err == nil {
				o.Roles = append(o.Roles, v)
			}
		}
	case "ClusterRole":
		var v rbacv1.ClusterRole
		if err = json.Unmarshal(data, &v); err == nil {
			if err = name(v.ObjectMeta); err == nil {
				o.ClusterRoles = append(o.ClusterRoles, v)
			}
		}
	case "RoleBinding":
		var v rbacv1.RoleBinding
		if err = json.Unmarshal(data, &v); err == nil {
			if err = namespaced(v.ObjectMeta); err == nil {
				o.RoleBindings = append(o.RoleBindings, v)
			}
		}
	case "ClusterRoleBinding":
		var v rbacv1.ClusterRoleBinding
		if err = json.Unmarshal(data, &v); err == nil {
			if err = name(v.ObjectMeta); err == nil {
				o.ClusterRoleBindings = append(o.ClusterRoleBindings, v)
			}
		}
	}
	if err != nil {
		return fmt.Errorf("%s: %w", head.Kind, err)
	}
	return nil
}

// FromObjects builds a resolver from decoded objects; objects of other
// kinds are ignored.
func FromObjects(objs []map[string]any) (*Resolver, error) {
	var o Objects
	for i, obj := range objs {
		if _, err := o.Add(obj); err != nil {
			return nil, fmt.Errorf("object %d: %w", i, err)
		}
	}
	return New(o), nil
}

// FromJSON builds a resolver from JSON documents (objects or Lists);
// objects of other kinds are ignored.
func FromJSON(docs ...[]byte) (*Resolver, error) {
	var o Objects
	for i, d := range docs {
		if err := o.AddJSON(d); err != nil {
			return nil, fmt.Errorf("document %d: %w", i, err)
		}
	}
	return New(o), nil
}

// List reads every RBAC object of the cluster. Kinds that could not be
// listed are returned with the reason; a resolver built from the rest
// answers from part of the RBAC only. The error is for a cluster that could
// not be reached at all.
func List(ctx context.Context, cs kubernetes.Interface) (Objects, map[string]string, error) {
	var o Objects
	unavailable := map[string]string{}
	api := cs.RbacV1()
	lists := map[string]func(metav1.ListOptions) (string, error){
		"ClusterRole": func(opts metav1.ListOptions) (string, error) {
			l, err := api.ClusterRoles().List(ctx, opts)
			if err != nil {
				return "", err
			}
			o.ClusterRoles = append(o.ClusterRoles, l.Items...)
			return l.Continue, nil
		},
		"ClusterRoleBinding": func(opts metav1.ListOptions) (string, error) {
			l, err := api.ClusterRoleBindings().List(ctx, opts)
			if err != nil {
				return "", err
			}
			o.ClusterRoleBindings = append(o.ClusterRoleBindings, l.Items...)
			return l.Continue, nil
		},
		"Role": func(opts metav1.ListOptions) (string, error) {
			l, err := api.Roles("").List(ctx, opts)
			if err != nil {
				return "", err
			}
			o.Roles = append(o.Roles, l.Items...)
			return l.Continue, nil
		},
		"RoleBinding": func(opts metav1.ListOptions) (string, error) {
			l, err := api.RoleBindings("").List(ctx, opts)
			if err != nil {
				return "", err
			}
			o.RoleBindings = append(o.RoleBindings, l.Items...)
			return l.Continue, nil
		},
	}
	reached := false
	var firstErr error
	for _, kind := range Kinds {
		opts := metav1.ListOptions{Limit: 500}
		for {
			next, err := lists[kind](opts)
			if err != nil {
				if apierrors.IsForbidden(err) || apierrors.IsUnauthorized(err) {
					reached = true
					unavailable[kind] = reasonOf(err)
				} else {
					unavailable[kind] = err.Error()
					firstErr = cmpErr(firstErr, err)
				}
				break
			}
			reached = true
			if next == "" {
				break
			}
			opts.Continue = next
		}
	}
	if !reached && firstErr != nil {
		return o, unavailable, firstErr
	}
	return o, unavailable, nil
}

func reasonOf(err error) string {
	switch {
	case apierrors.IsForbidden(err):
		return "forbidden: " + err.Error()
	case apierrors.IsUnauthorized(err):
		return "unauthorized: " + err.Error()
	}
	return err.Error()
}

func cmpErr(a, b error) error {
	if a != nil {
		return a
	}
	return b
}

// Duplicates names every RBAC object read more than once under the same
// kind, namespace and name (two manifests, an overlay and its base): the
// cluster holds one of them, and which one is not known, so what it grants
// is not either. A live listing never has any.
func (o *Objects) Duplicates() []string {
	seen := map[string]int{}
	count := func(kind, ns, name string) {
		key := kind + "/" + name
		if ns != "" {
			key = kind + "/" + ns + "/" + name
		}
		seen[key]++
	}
	for _, r := range o.Roles {
		count("Role", r.Namespace, r.Name)
	}
	for _, r := range o.ClusterRoles {
		count("ClusterRole", "", r.Name)
	}
	for _, b := range o.RoleBindings {
		count("RoleBinding", b.Namespace, b.Name)
	}
	for _, b := range o.ClusterRoleBindings {
		count("ClusterRoleBinding", "", b.Name)
	}
	var out []string
	for key, n := range seen {
		if n > 1 {
			out = append(out, fmt.Sprintf("%s was read %d times, and the objects may differ: which one the cluster holds is not known", key, n))
		}
	}
	slices.Sort(out)
	return out
}
