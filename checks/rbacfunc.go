package checks

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/types"

	"github.com/kubeassay/kubeassay/checks/rbac"
)

// RBAC for the inventory checks. An inventory check that lists the four RBAC
// kinds (Role, ClusterRole, RoleBinding, ClusterRoleBinding) in custom.kinds
// may call the built-in function
//
//	kubeassay.rbac.holders({"anyOf": [[REQUEST, ...], ...], "where": WHERE})
//
// which answers with checks/rbac, the resolver proved against the API
// server's own SubjectAccessReview: aggregated ClusterRoles expanded, service
// account subjects resolved, wildcards, subresources and the privileged
// group system:masters as the API server sees them. A REQUEST is
// {"verb", "group", "resource" ("pods" or "pods/exec"), "name"}; a subject
// holds the permission when, for one set of anyOf, it is allowed every
// request of the set. WHERE is "cluster" (through ClusterRoleBindings, for
// every namespace at once or a cluster-scoped resource), "namespace" (in a
// namespace, through a RoleBinding of it) or "anywhere" (both). Rules
// restricted by resourceNames hold a request only when it names the
// resource.
//
// The answer is a list, in a fixed order, of
//
//	{"subject": {"kind", "name", "namespace"}, "scope": "cluster" | NAMESPACE,
//	 "system": BOOL, "via": [{"binding": REF, "role": REF, "aggregatedFrom"}]}
//
// where REF is {"kind", "namespace", "name"}; system marks the subjects
// Kubernetes itself needs (rbac.IsSystemSubject), which CIS leaves aside.
// policies/lib/rbac.rego turns the answer into findings about bindings.
//
// The resolver is built once per scan from the RBAC objects read and reaches
// the function through the evaluation's context. A binding whose role is
// not in the input, or an RBAC object that does not decode, leaves what it
// grants unknown: every check calling the function is then undecided (ERROR)
// with the reason, besides its findings.

// rbacHolders is the name of the built-in function.
const rbacHolders = "kubeassay.rbac.holders"

// rbacKinds are the kinds a check lists to call the function.
var rbacKinds = []GroupKind{
	{rbac.Group, "ClusterRole"}, {rbac.Group, "ClusterRoleBinding"},
	{rbac.Group, "Role"}, {rbac.Group, "RoleBinding"},
}

// usesRBAC reports whether a check lists every RBAC kind.
func usesRBAC(ch *Check) bool {
	for _, k := range rbacKinds {
		found := false
		for _, c := range ch.Kinds {
			found = found || c == k
		}
		if !found {
			return false
		}
	}
	return true
}

// rbacView is one scan's resolver, what it could not resolve, and the
// answers given so far (checks often ask the same question).
type rbacView struct {
	resolver *rbac.Resolver
	// problems: RBAC objects that did not decode, bindings whose role is
	// not in the input. Each makes the checks that ask undecided.
	problems []string
	mu       sync.Mutex
	answers  map[string]*ast.Term
}

type rbacKey struct{}

// newRBACView builds the resolver from the kept RBAC objects.
func newRBACView(objs []inventoryObject) *rbacView {
	var o rbac.Objects
	v := &rbacView{answers: map[string]*ast.Term{}}
	for _, ob := range objs {
		if ob.gk.Group != rbac.Group {
			continue
		}
		if _, err := o.Add(ob.obj); err != nil {
			v.problems = append(v.problems, fmt.Sprintf("%s could not be decoded: %v", ob.ref.Kind+"/"+qualified(ob.ref), err))
		}
	}
	v.problems = append(v.problems, o.Duplicates()...)
	v.resolver = rbac.New(o)
	for _, d := range v.resolver.Dangling() {
		d = strings.TrimSuffix(d, ", which does not exist")
		v.problems = append(v.problems, d+", which is not in the input: what it grants is unknown")
	}
	return v
}

func qualified(r ObjectRef) string {
	if r.Namespace != "" {
		return r.Namespace + "/" + r.Name
	}
	return r.Name
}

// holdersQuery is the function's argument.
type holdersQuery struct {
	AnyOf requestSets `json:"anyOf"`
	Where string      `json:"where"`
}

type holderRef struct {
	Kind      string `json:"kind"`
	Namespace string `json:"namespace"`
	Name      string `json:"name"`
}

type holderVia struct {
	Binding        holderRef `json:"binding"`
	Role           holderRef `json:"role"`
	AggregatedFrom string    `json:"aggregatedFrom"`
}

type holder struct {
	Subject holderRef   `json:"subject"`
	Scope   string      `json:"scope"`
	System  bool        `json:"system"`
	Via     []holderVia `json:"via"`
}

func (v *rbacView) holders(arg ast.Value) (*ast.Term, error) {
	key := arg.String()
	v.mu.Lock()
	defer v.mu.Unlock()
	if t, ok := v.answers[key]; ok {
		return t, nil
	}
	var q holdersQuery
	if err := ast.As(arg, &q); err != nil {
		return nil, fmt.Errorf("%s: %v", rbacHolders, err)
	}
	where, err := parseWhere(q.Where)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", rbacHolders, err)
	}
	anyOf, err := q.AnyOf.attributes()
	if err != nil {
		return nil, fmt.Errorf("%s: %v", rbacHolders, err)
	}
	risk := rbac.Risk{ID: "query", Where: where, AnyOf: anyOf}
	out := []holder{}
	for _, f := range v.resolver.FindRisks([]rbac.Risk{risk}) {
		h := holder{Subject: holderRef{Kind: f.Subject.Kind, Namespace: f.Subject.Namespace, Name: f.Subject.Name}, Scope: f.Scope, System: f.System, Via: []holderVia{}}
		for _, g := range f.Via {
			if g.Privileged {
				continue
			}
			h.Via = append(h.Via, holderVia{
				Binding:        holderRef(g.Binding),
				Role:           holderRef(g.Role),
				AggregatedFrom: g.AggregatedFrom,
			})
		}
		out = append(out, h)
	}
	data, err := json.Marshal(out)
	if err != nil {
		return nil, err
	}
	var plain any
	if err := json.Unmarshal(data, &plain); err != nil {
		return nil, err
	}
	val, err := ast.InterfaceToValue(plain)
	if err != nil {
		return nil, err
	}
	t := ast.NewTerm(val)
	v.answers[key] = t
	return t, nil
}

var errNoRBAC = errors.New(rbacHolders + " is for inventory checks that list Role, ClusterRole, RoleBinding and ClusterRoleBinding in custom.kinds")

// rbacHoldersDecl declares the function to the compiler; the catalog
// compiles with it, and every query it prepares carries its implementation
// (rbacHoldersOption), so nothing is registered in OPA's global tables.
var rbacHoldersDecl = &rego.Function{
	Name:        rbacHolders,
	Description: "The subjects holding a permission, and through which bindings and roles (checks/rbacfunc.go).",
	Decl:        types.NewFunction(types.Args(types.A), types.NewArray(nil, types.A)),
}

// builtins returns the declarations of kubeassay's own functions for a
// compiler.
func builtins() map[string]*ast.Builtin {
	out := map[string]*ast.Builtin{}
	for _, f := range Functions() {
		out[f.Decl.Name] = f.Decl
	}
	return out
}

// Function is one of kubeassay's own Rego functions: its declaration for a
// compiler and the option that gives a query its implementation. OPA's
// tester takes both (policies' tests), the catalog uses both itself.
type Function struct {
	Decl   *ast.Builtin
	Option func(*rego.Rego)
}

// Functions lists kubeassay's own Rego functions.
func Functions() []Function {
	return []Function{{
		Decl:   &ast.Builtin{Name: rbacHoldersDecl.Name, Description: rbacHoldersDecl.Description, Decl: rbacHoldersDecl.Decl},
		Option: rbacHoldersOption(),
	}}
}

// rbacHoldersOption gives a query the function's implementation: it answers
// from the RBAC view the evaluation's context carries (withRBAC).
func rbacHoldersOption() func(*rego.Rego) {
	return rego.Function1(rbacHoldersDecl, func(bctx rego.BuiltinContext, arg *ast.Term) (*ast.Term, error) {
		v, _ := bctx.Context.Value(rbacKey{}).(*rbacView)
		if v == nil {
			return nil, errNoRBAC
		}
		return v.holders(arg.Value)
	})
}

// withRBAC returns ctx carrying the scan's RBAC view for the function.
func withRBAC(ctx context.Context, v *rbacView) context.Context {
	return context.WithValue(ctx, rbacKey{}, v)
}
