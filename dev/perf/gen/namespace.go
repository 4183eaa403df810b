package gen

import "fmt"

const rbacGroup = "rbac.authorization.k8s.io"

// appNames are the stems of generated app names.
var appNames = []string{"api", "web", "worker", "cache", "gateway", "search", "billing", "auth", "ingest", "notify", "report", "scheduler"}

// namespace emits one namespace and what it holds: its Namespace (with or
// without Pod Security labels), the default ServiceAccount, a quota and a
// LimitRange in some namespaces, 6 to 19 apps (an operator's namespace: the
// operator and up to two more), each with its workload, Service, ConfigMap,
// Secret and usually its own ServiceAccount, NetworkPolicies (default deny,
// per-app rules only, or none), and Roles and RoleBindings. operator, when
// set, is the first app's name and its ServiceAccount's, which the
// operator's ClusterRoleBinding names.
func (g *Generator) namespace(ns, operator string, emit func(Object) error) error {
	level := ""
	labels := Object{"kubernetes.io/metadata.name": ns}
	switch r := g.rnd.IntN(100); {
	case r < 30:
		level = "restricted"
		labels["pod-security.kubernetes.io/enforce"] = level
		labels["pod-security.kubernetes.io/enforce-version"] = "latest"
	case r < 50:
		level = "baseline"
		labels["pod-security.kubernetes.io/enforce"] = level
		labels["pod-security.kubernetes.io/warn"] = "restricted"
		labels["pod-security.kubernetes.io/audit"] = "restricted"
	case r < 60:
		labels["pod-security.kubernetes.io/warn"] = "restricted"
		labels["pod-security.kubernetes.io/audit"] = "restricted"
	}
	if operator == "" {
		labels["team"] = ns
		labels["environment"] = []string{"prod", "staging", "dev"}[g.rnd.IntN(3)]
	}
	objs := []Object{
		{"apiVersion": "v1", "kind": "Namespace", "metadata": g.meta("Namespace", "", ns, labels), "spec": Object{"finalizers": []any{"kubernetes"}}, "status": Object{"phase": "Active"}},
	}
	defaultAutomount := g.rnd.IntN(100) >= 30
	objs = append(objs, g.serviceAccount(ns, "default", boolOrNil(!defaultAutomount, false)))
	if g.rnd.IntN(100) < 60 {
		objs = append(objs, g.quota(ns, "compute-resources", Object{"requests.cpu": "20", "requests.memory": "40Gi", "limits.cpu": "40", "limits.memory": "80Gi", "pods": "200"}))
		if g.rnd.IntN(3) == 0 {
			objs = append(objs, g.quota(ns, "object-counts", Object{"configmaps": "100", "secrets": "100", "services": "50", "persistentvolumeclaims": "20"}))
		}
	}
	if g.rnd.IntN(100) < 55 {
		objs = append(objs, g.limitRange(ns))
	}
	for _, o := range objs {
		if err := emit(o); err != nil {
			return err
		}
	}
	apps := 6 + g.rnd.IntN(14)
	if operator != "" {
		apps = 1 + g.rnd.IntN(3)
	}
	var names, sas []string
	for i := range apps {
		name := fmt.Sprintf("%s-%s", appNames[g.rnd.IntN(len(appNames))], g.suffix(3))
		if i == 0 && operator != "" {
			name = operator
		}
		p := g.profile(level)
		// Most apps run as their own ServiceAccount; of those, some turn
		// the token off on the account, a few say true explicitly.
		automount := defaultAutomount
		if i == 0 && operator != "" || g.rnd.IntN(100) < 80 {
			p.sa = name
			var set any
			switch r := g.rnd.IntN(100); {
			case r < 25 && operator == "":
				set, automount = false, false
			case r < 35:
				set, automount = true, true
			default:
				automount = true
			}
			if err := emit(g.serviceAccount(ns, name, set)); err != nil {
				return err
			}
			sas = append(sas, name)
		}
		p.noAutomount = g.rnd.IntN(20) == 0
		p.mountToken = automount && !p.noAutomount
		var err error
		switch r := g.rnd.IntN(20); {
		case r < 15 || i == 0 && operator != "":
			err = g.deployment(ns, name, p, emit)
		case r < 17:
			err = g.statefulSet(ns, name, p, emit)
		case r < 18 && level == "":
			err = g.daemonSet(ns, name, p, emit)
		default:
			err = g.cronJob(ns, name, p, emit)
		}
		if err != nil {
			return err
		}
		for _, o := range []Object{g.service(ns, name), g.configMap(ns, name), g.secret(ns, name)} {
			if err := emit(o); err != nil {
				return err
			}
		}
		names = append(names, name)
	}
	for _, o := range append(g.networkPolicies(ns, names), g.namespaceRBAC(ns, sas)...) {
		if err := emit(o); err != nil {
			return err
		}
	}
	return nil
}

func boolOrNil(set, v bool) any {
	if set {
		return v
	}
	return nil
}

// serviceAccount makes a ServiceAccount; automount is nil (not set), true
// or false.
func (g *Generator) serviceAccount(ns, name string, automount any) Object {
	sa := Object{"apiVersion": "v1", "kind": "ServiceAccount", "metadata": g.meta("ServiceAccount", ns, name, nil)}
	if automount != nil {
		sa["automountServiceAccountToken"] = automount
	}
	return sa
}

func (g *Generator) quota(ns, name string, hard Object) Object {
	used := Object{}
	for k := range hard {
		used[k] = "0"
	}
	return Object{"apiVersion": "v1", "kind": "ResourceQuota", "metadata": g.meta("ResourceQuota", ns, name, nil),
		"spec": Object{"hard": hard}, "status": Object{"hard": hard, "used": used}}
}

func (g *Generator) limitRange(ns string) Object {
	return Object{"apiVersion": "v1", "kind": "LimitRange", "metadata": g.meta("LimitRange", ns, "default-limits", nil),
		"spec": Object{"limits": []any{Object{"type": "Container",
			"default":        Object{"cpu": "500m", "memory": "512Mi"},
			"defaultRequest": Object{"cpu": "100m", "memory": "128Mi"},
		}}}}
}

// networkPolicies returns a namespace's NetworkPolicies: in 45% of
// namespaces a default deny of all traffic, DNS egress allowed and an
// ingress rule for most apps; in 25% ingress rules for some apps only; in
// the rest none.
func (g *Generator) networkPolicies(ns string, apps []string) []Object {
	np := func(name string, spec Object) Object {
		return Object{"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy", "metadata": g.meta("NetworkPolicy", ns, name, nil), "spec": spec}
	}
	allow := func(app string) Object {
		return np("allow-"+app, Object{
			"podSelector": Object{"matchLabels": Object{"app.kubernetes.io/name": app}},
			"policyTypes": []any{"Ingress"},
			"ingress": []any{Object{
				"from": []any{
					Object{"podSelector": Object{}},
					Object{"namespaceSelector": Object{"matchLabels": Object{"kubernetes.io/metadata.name": "ingress-nginx"}}},
				},
				"ports": []any{Object{"port": 8080, "protocol": "TCP"}},
			}},
		})
	}
	var out []Object
	switch r := g.rnd.IntN(100); {
	case r < 45:
		out = append(out,
			np("default-deny-all", Object{"podSelector": Object{}, "policyTypes": []any{"Ingress", "Egress"}}),
			np("allow-dns", Object{"podSelector": Object{}, "policyTypes": []any{"Egress"}, "egress": []any{Object{
				"to": []any{Object{
					"namespaceSelector": Object{"matchLabels": Object{"kubernetes.io/metadata.name": "kube-system"}},
					"podSelector":       Object{"matchLabels": Object{"k8s-app": "kube-dns"}},
				}},
				"ports": []any{Object{"port": 53, "protocol": "UDP"}, Object{"port": 53, "protocol": "TCP"}},
			}}}))
		for _, app := range apps {
			if g.rnd.IntN(10) < 8 {
				out = append(out, allow(app))
			}
		}
	case r < 70:
		for _, app := range apps {
			if g.rnd.IntN(2) == 0 {
				out = append(out, allow(app))
			}
		}
	}
	return out
}

func rule(groups, resources, verbs []string) Object {
	return Object{"apiGroups": anys(groups), "resources": anys(resources), "verbs": anys(verbs)}
}

func anys(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

var (
	read  = []string{"get", "list", "watch"}
	write = []string{"get", "list", "watch", "create", "update", "patch", "delete"}
)

func (g *Generator) role(ns, name string, rules ...Object) Object {
	return Object{"apiVersion": rbacGroup + "/v1", "kind": "Role", "metadata": g.meta("Role", ns, name, nil), "rules": anys2(rules)}
}

func anys2(os []Object) []any {
	out := make([]any, len(os))
	for i, o := range os {
		out[i] = o
	}
	return out
}

func subject(kind, name, ns string) Object {
	s := Object{"kind": kind, "name": name}
	if kind == "ServiceAccount" {
		s["namespace"] = ns
	} else {
		s["apiGroup"] = rbacGroup
	}
	return s
}

func (g *Generator) roleBinding(ns, name, refKind, ref string, subjects ...Object) Object {
	return Object{"apiVersion": rbacGroup + "/v1", "kind": "RoleBinding", "metadata": g.meta("RoleBinding", ns, name, nil),
		"roleRef": Object{"apiGroup": rbacGroup, "kind": refKind, "name": ref}, "subjects": anys2(subjects)}
}

// namespaceRBAC returns a namespace's Roles and RoleBindings: a read-only
// developer role and a deployer role for every namespace; the built-in edit
// and view ClusterRoles bound to the team's groups; in some namespaces a
// secret reader or leader-election role bound to an app's ServiceAccount, a
// wildcard role, or a binding that grants the default ServiceAccount rights.
func (g *Generator) namespaceRBAC(ns string, sas []string) []Object {
	out := []Object{
		g.role(ns, "developer", rule([]string{"", "apps", "batch"}, []string{"pods", "pods/log", "deployments", "replicasets", "statefulsets", "jobs", "cronjobs", "configmaps", "services"}, read)),
		g.role(ns, "deployer", rule([]string{"apps"}, []string{"deployments", "statefulsets", "daemonsets"}, write), rule([]string{""}, []string{"configmaps", "services"}, write)),
		g.roleBinding(ns, "developers", "Role", "developer", subject("Group", ns+"-developers", "")),
		g.roleBinding(ns, "deployers", "Role", "deployer", subject("User", "ci-deployer@example.com", "")),
		g.roleBinding(ns, "team-edit", "ClusterRole", "edit", subject("Group", ns+"-admins", "")),
	}
	if g.rnd.IntN(2) == 0 {
		out = append(out, g.roleBinding(ns, "team-view", "ClusterRole", "view", subject("Group", ns+"-viewers", ""), subject("Group", "sre", "")))
	}
	if len(sas) > 0 && g.rnd.IntN(100) < 35 {
		sa := sas[g.rnd.IntN(len(sas))]
		out = append(out,
			g.role(ns, "secret-reader", Object{"apiGroups": []any{""}, "resources": []any{"secrets"}, "verbs": []any{"get"}, "resourceNames": []any{sa + "-db"}}),
			g.roleBinding(ns, sa+"-secret-reader", "Role", "secret-reader", subject("ServiceAccount", sa, ns)))
	}
	if len(sas) > 0 && g.rnd.IntN(100) < 40 {
		sa := sas[g.rnd.IntN(len(sas))]
		out = append(out,
			g.role(ns, sa+"-leader-election", rule([]string{"coordination.k8s.io"}, []string{"leases"}, []string{"get", "create", "update"}), rule([]string{""}, []string{"events"}, []string{"create", "patch"})),
			g.roleBinding(ns, sa+"-leader-election", "Role", sa+"-leader-election", subject("ServiceAccount", sa, ns)))
	}
	if g.rnd.IntN(100) < 8 {
		out = append(out,
			g.role(ns, "namespace-admin", rule([]string{"*"}, []string{"*"}, []string{"*"})),
			g.roleBinding(ns, "namespace-admins", "Role", "namespace-admin", subject("Group", ns+"-owners", "")))
	}
	if g.rnd.IntN(100) < 12 {
		// An old habit: the default ServiceAccount given rights.
		out = append(out, g.roleBinding(ns, "default-view", "ClusterRole", "view", subject("ServiceAccount", "default", ns)))
	}
	return out
}
