package checks

import (
	"context"
	"fmt"
	"strings"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"

	"github.com/kubeassay/kubeassay/checks/rbac"
)

// RBAC risks. An inventory check that lists the four RBAC kinds and defines
//
//	risk := [{"what": TEXT, "where": WHERE, "any_of": [[REQUEST, ...], ...]}, ...]
//
// (requests as for kubeassay.rbac.holders, which its deny rule asks through
// lib/rbac.rego's risk_findings) is one of the dangerous permissions that
// `kubeassay rbac risks` lists. The check is the one definition of the
// risk: its id, title, severity and description are the risk's, and the
// scan and `rbac risks` put the same requests to the same resolver.

// IsRBACRisk reports whether a check defines an RBAC risk.
func (ch *Check) IsRBACRisk() bool { return ch.rules["risk"] }

// RBACRisks returns the risks the catalog's checks define, in the order of
// the checks (by id): one rbac.Risk per part of a check's risk, each with
// the check's id and severity, the part's what as its title and the check's
// description as why.
func (c *Catalog) RBACRisks(ctx context.Context) ([]rbac.Risk, error) {
	var out []rbac.Risk
	for _, ch := range c.Checks {
		if !ch.IsRBACRisk() {
			continue
		}
		sev, err := rbac.ParseSeverity(ch.Severity)
		if err != nil {
			return nil, fmt.Errorf("%s: check %s: %w", ch.File, ch.ID, err)
		}
		val, err := c.value(ctx, "data."+ch.Package+".risk")
		if err != nil {
			return nil, fmt.Errorf("%s: check %s: %w", ch.File, ch.ID, err)
		}
		var parts []struct {
			What  string      `json:"what"`
			Where string      `json:"where"`
			AnyOf requestSets `json:"any_of"`
		}
		if err := ast.As(val, &parts); err != nil {
			return nil, fmt.Errorf("%s: check %s: risk: %w", ch.File, ch.ID, err)
		}
		if len(parts) == 0 {
			return nil, fmt.Errorf("%s: check %s: risk has no part", ch.File, ch.ID)
		}
		for _, p := range parts {
			where, err := parseWhere(p.Where)
			if err != nil {
				return nil, fmt.Errorf("%s: check %s: risk: %w", ch.File, ch.ID, err)
			}
			anyOf, err := p.AnyOf.attributes()
			if err != nil || len(anyOf) == 0 {
				return nil, fmt.Errorf("%s: check %s: risk %q: no requests (%v)", ch.File, ch.ID, p.What, err)
			}
			out = append(out, rbac.Risk{ID: ch.ID, Title: p.What, Severity: sev, Why: ch.Description, Where: where, AnyOf: anyOf})
		}
	}
	return out, nil
}

// value evaluates a rule of the catalog that needs no input (a check's
// risk, a library's data): it must be defined.
func (c *Catalog) value(ctx context.Context, ref string) (ast.Value, error) {
	rs, err := rego.New(rego.Compiler(c.compiler), rego.Query(ref)).Eval(ctx)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", ref, err)
	}
	if len(rs) != 1 || len(rs[0].Expressions) != 1 {
		return nil, fmt.Errorf("%s is undefined", ref)
	}
	return ast.InterfaceToValue(rs[0].Expressions[0].Value)
}

// requestSets are the sets of requests of a risk or of a holders query.
type requestSets [][]struct {
	Verb     string `json:"verb"`
	Group    string `json:"group"`
	Resource string `json:"resource"`
	Name     string `json:"name"`
}

func (q requestSets) attributes() ([][]rbac.Attributes, error) {
	var out [][]rbac.Attributes
	for _, set := range q {
		var attrs []rbac.Attributes
		for _, r := range set {
			if r.Verb == "" || r.Resource == "" {
				return nil, fmt.Errorf("a request needs a verb and a resource")
			}
			res, sub, _ := strings.Cut(r.Resource, "/")
			attrs = append(attrs, rbac.Attributes{Verb: r.Verb, APIGroup: r.Group, Resource: res, Subresource: sub, Name: r.Name})
		}
		out = append(out, attrs)
	}
	return out, nil
}

func parseWhere(s string) (rbac.Where, error) {
	switch s {
	case "cluster":
		return rbac.InCluster, nil
	case "namespace":
		return rbac.InNamespace, nil
	case "anywhere":
		return rbac.Anywhere, nil
	}
	return 0, fmt.Errorf("where is %q, want cluster, namespace or anywhere", s)
}

// MarkSystem sets each finding's System as the scan's RBAC checks decide
// it (lib/rbac.rego's own_grants): a subject Kubernetes itself needs
// (rbac.IsSystemSubject) is left aside only when every grant of the finding
// comes from system:masters or from a binding the API server creates
// itself (bootstrap_bindings, with its label and role). A binding of
// anyone else's to a system subject (a tiller service account in
// kube-system bound to cluster-admin) makes the finding a user's.
func (c *Catalog) MarkSystem(ctx context.Context, objs rbac.Objects, fs []rbac.RiskFinding) error {
	val, err := c.value(ctx, "data.kubeassay.lib.rbac.bootstrap_bindings")
	if err != nil {
		return err
	}
	var list [][4]string // [kind, namespace, name, role]
	if err := ast.As(val, &list); err != nil {
		return fmt.Errorf("data.kubeassay.lib.rbac.bootstrap_bindings: %w", err)
	}
	bootstrap := map[[4]string]bool{}
	for _, k := range list {
		bootstrap[k] = true
	}
	if len(bootstrap) == 0 {
		return fmt.Errorf("bootstrap bindings: none read")
	}
	const label, value = "kubernetes.io/bootstrapping", "rbac-defaults"
	builtin := map[rbac.Ref]bool{}
	for _, b := range objs.ClusterRoleBindings {
		if b.Labels[label] == value && b.RoleRef.Kind == "ClusterRole" && bootstrap[[4]string{"ClusterRoleBinding", "", b.Name, b.RoleRef.Name}] {
			builtin[rbac.Ref{Kind: "ClusterRoleBinding", Name: b.Name}] = true
		}
	}
	for _, b := range objs.RoleBindings {
		if b.Labels[label] == value && b.RoleRef.Kind == "Role" && bootstrap[[4]string{"RoleBinding", b.Namespace, b.Name, b.RoleRef.Name}] {
			builtin[rbac.Ref{Kind: "RoleBinding", Namespace: b.Namespace, Name: b.Name}] = true
		}
	}
	for i := range fs {
		if !fs[i].System {
			continue
		}
		for _, g := range fs[i].Via {
			if !g.Privileged && !builtin[g.Binding] {
				fs[i].System = false
				break
			}
		}
	}
	return nil
}
