package gen

import (
	"fmt"
	"slices"
)

// operator is a controller installed cluster-wide, with its own namespace,
// ServiceAccount, ClusterRole and ClusterRoleBinding, and ClusterRoles for
// its custom resources labelled to be aggregated into view, edit, admin or
// the cluster's monitoring role.
type operator struct {
	name, group string
	resources   []string
}

var operatorNames = []struct{ name, group, resource string }{
	{"cert-manager", "cert-manager.io", "certificates"}, {"prometheus-operator", "monitoring.coreos.com", "servicemonitors"},
	{"argocd", "argoproj.io", "applications"}, {"external-secrets", "external-secrets.io", "externalsecrets"},
	{"keda", "keda.sh", "scaledobjects"}, {"velero", "velero.io", "backups"},
	{"istio-system", "networking.istio.io", "virtualservices"}, {"kyverno", "kyverno.io", "policies"},
	{"ingress-nginx", "networking.k8s.io", "ingresses"}, {"external-dns", "externaldns.k8s.io", "dnsendpoints"},
	{"strimzi", "kafka.strimzi.io", "kafkatopics"}, {"cnpg-system", "postgresql.cnpg.io", "clusters"},
	{"flux-system", "kustomize.toolkit.fluxcd.io", "kustomizations"}, {"crossplane-system", "pkg.crossplane.io", "providers"},
	{"tekton-pipelines", "tekton.dev", "pipelineruns"}, {"knative-serving", "serving.knative.dev", "services"},
}

// operatorsFor returns the operators of a cluster of n objects: one per
// 2,500 objects, at least 3 and at most 40.
func operatorsFor(n int) []operator {
	count := min(max(n/2500, 3), 40)
	ops := make([]operator, count)
	for i := range ops {
		base := operatorNames[i%len(operatorNames)]
		ops[i] = operator{name: base.name, group: base.group, resources: []string{base.resource, base.resource + "/status"}}
		if round := i / len(operatorNames); round > 0 {
			// A second install of the same kind of operator, for another
			// group of teams.
			ops[i].name = fmt.Sprintf("%s-%d", base.name, round+1)
			ops[i].group = fmt.Sprintf("v%d.%s", round+1, base.group)
		}
	}
	return ops
}

const (
	aggregateToView  = "rbac.authorization.k8s.io/aggregate-to-view"
	aggregateToEdit  = "rbac.authorization.k8s.io/aggregate-to-edit"
	aggregateToAdmin = "rbac.authorization.k8s.io/aggregate-to-admin"
	aggregateToMon   = "rbac.example.com/aggregate-to-monitoring"
	aggregateToOwner = "rbac.example.com/aggregate-to-namespace-owner"
)

// bootstrap marks the RBAC objects the API server creates itself.
func bootstrap(m Object) Object {
	m["labels"] = withLabel(labelsOf(m), "kubernetes.io/bootstrapping", "rbac-defaults")
	m["annotations"] = Object{"rbac.authorization.kubernetes.io/autoupdate": "true"}
	return m
}

func labelsOf(m Object) Object {
	if l, ok := m["labels"].(Object); ok {
		return l
	}
	return Object{}
}

func (g *Generator) clusterRole(name string, labels Object, rules ...Object) Object {
	return Object{"apiVersion": rbacGroup + "/v1", "kind": "ClusterRole", "metadata": g.meta("ClusterRole", "", name, labels), "rules": anys2(rules)}
}

func (g *Generator) clusterRoleBinding(name, role string, subjects ...Object) Object {
	b := Object{"apiVersion": rbacGroup + "/v1", "kind": "ClusterRoleBinding", "metadata": g.meta("ClusterRoleBinding", "", name, nil),
		"roleRef": Object{"apiGroup": rbacGroup, "kind": "ClusterRole", "name": role}}
	if len(subjects) > 0 {
		b["subjects"] = anys2(subjects)
	}
	return b
}

// controllers are the kube-controller-manager's controllers that run with
// their own ServiceAccount in kube-system, with the resources each manages.
var controllers = []struct {
	name, group string
	resources   []string
}{
	{"attachdetach-controller", "storage.k8s.io", []string{"volumeattachments"}},
	{"certificate-controller", "certificates.k8s.io", []string{"certificatesigningrequests", "certificatesigningrequests/approval", "certificatesigningrequests/status"}},
	{"clusterrole-aggregation-controller", rbacGroup, []string{"clusterroles"}},
	{"cronjob-controller", "batch", []string{"cronjobs", "jobs"}},
	{"daemon-set-controller", "apps", []string{"daemonsets", "daemonsets/status", "controllerrevisions"}},
	{"deployment-controller", "apps", []string{"deployments", "deployments/status", "replicasets"}},
	{"disruption-controller", "policy", []string{"poddisruptionbudgets", "poddisruptionbudgets/status"}},
	{"endpoint-controller", "", []string{"endpoints", "services", "pods"}},
	{"endpointslice-controller", "discovery.k8s.io", []string{"endpointslices"}},
	{"ephemeral-volume-controller", "", []string{"persistentvolumeclaims", "pods"}},
	{"expand-controller", "", []string{"persistentvolumes", "persistentvolumeclaims/status"}},
	{"generic-garbage-collector", "*", []string{"*"}},
	{"horizontal-pod-autoscaler", "autoscaling", []string{"horizontalpodautoscalers", "horizontalpodautoscalers/status"}},
	{"job-controller", "batch", []string{"jobs", "jobs/status", "jobs/finalizers"}},
	{"namespace-controller", "*", []string{"*"}},
	{"node-controller", "", []string{"nodes", "nodes/status", "pods/status"}},
	{"persistent-volume-binder", "", []string{"persistentvolumes", "persistentvolumeclaims"}},
	{"pod-garbage-collector", "", []string{"pods", "nodes"}},
	{"pv-protection-controller", "", []string{"persistentvolumes"}},
	{"pvc-protection-controller", "", []string{"persistentvolumeclaims"}},
	{"replicaset-controller", "apps", []string{"replicasets", "replicasets/status", "replicasets/finalizers"}},
	{"replication-controller", "", []string{"replicationcontrollers", "replicationcontrollers/status"}},
	{"resourcequota-controller", "", []string{"resourcequotas", "resourcequotas/status"}},
	{"root-ca-cert-publisher", "", []string{"configmaps"}},
	{"service-account-controller", "", []string{"serviceaccounts"}},
	{"statefulset-controller", "apps", []string{"statefulsets", "statefulsets/status", "statefulsets/finalizers"}},
	{"ttl-after-finished-controller", "batch", []string{"jobs"}},
	{"ttl-controller", "", []string{"nodes"}},
	{"legacy-service-account-token-cleaner", "", []string{"secrets"}},
	{"validatingadmissionpolicy-status-controller", "admissionregistration.k8s.io", []string{"validatingadmissionpolicies/status"}},
}

// clusterRBAC returns the cluster-scoped RBAC of a cluster of n objects:
// the API server's bootstrap roles and bindings (with the aggregated admin,
// edit and view), kubeadm's, each operator's, the cluster's own aggregated
// roles with the labelled roles they select, and bindings of teams and
// tools, a few of them to cluster-admin. An aggregated ClusterRole holds
// the rules of the roles it selects, as the aggregation controller leaves
// it.
func (g *Generator) clusterRBAC(n int, ops []operator) []Object {
	var roles, bindings []Object
	crole := func(name string, labels Object, rules ...Object) {
		roles = append(roles, g.clusterRole(name, labels, rules...))
	}
	bind := func(name, role string, subjects ...Object) {
		bindings = append(bindings, g.clusterRoleBinding(name, role, subjects...))
	}
	sysBind := func(name, role string, subjects ...Object) {
		bind(name, role, subjects...)
		bootstrap(bindings[len(bindings)-1]["metadata"].(Object))
	}
	sysRole := func(name string, labels Object, rules ...Object) {
		crole(name, labels, rules...)
		bootstrap(roles[len(roles)-1]["metadata"].(Object))
	}
	all := []string{"*"}
	sysRole("cluster-admin", nil, rule(all, all, all), Object{"nonResourceURLs": []any{"*"}, "verbs": []any{"*"}})
	sysRole("system:aggregate-to-view", Object{aggregateToView: "true"}, rule([]string{"", "apps", "batch", "networking.k8s.io", "policy", "autoscaling"}, []string{"pods", "services", "endpoints", "configmaps", "persistentvolumeclaims", "deployments", "replicasets", "statefulsets", "daemonsets", "jobs", "cronjobs", "ingresses", "networkpolicies", "poddisruptionbudgets", "horizontalpodautoscalers"}, read))
	sysRole("system:aggregate-to-edit", Object{aggregateToEdit: "true"}, rule([]string{"", "apps", "batch", "networking.k8s.io", "autoscaling"}, []string{"pods", "pods/exec", "pods/attach", "pods/portforward", "services", "configmaps", "secrets", "serviceaccounts", "deployments", "deployments/scale", "statefulsets", "daemonsets", "jobs", "cronjobs", "ingresses", "networkpolicies", "horizontalpodautoscalers"}, write), rule([]string{""}, []string{"serviceaccounts/token"}, []string{"create"}))
	sysRole("system:aggregate-to-admin", Object{aggregateToAdmin: "true"}, rule([]string{"authorization.k8s.io"}, []string{"localsubjectaccessreviews"}, []string{"create"}), rule([]string{rbacGroup}, []string{"roles", "rolebindings"}, write))
	for _, r := range []struct {
		name  string
		rules []Object
	}{
		{"system:basic-user", []Object{rule([]string{"authorization.k8s.io"}, []string{"selfsubjectaccessreviews", "selfsubjectrulesreviews"}, []string{"create"})}},
		{"system:discovery", []Object{{"nonResourceURLs": anys([]string{"/api", "/api/*", "/apis", "/apis/*", "/healthz", "/livez", "/openapi", "/openapi/*", "/readyz", "/version", "/version/"}), "verbs": []any{"get"}}}},
		{"system:public-info-viewer", []Object{{"nonResourceURLs": anys([]string{"/healthz", "/livez", "/readyz", "/version", "/version/"}), "verbs": []any{"get"}}}},
		{"system:node", []Object{rule([]string{""}, []string{"pods", "nodes", "nodes/status", "configmaps", "secrets", "persistentvolumeclaims"}, read), rule([]string{""}, []string{"serviceaccounts/token"}, []string{"create"})}},
		{"system:node-proxier", []Object{rule([]string{"", "discovery.k8s.io"}, []string{"endpoints", "services", "endpointslices", "nodes"}, read)}},
		{"system:kube-scheduler", []Object{rule([]string{""}, []string{"pods", "nodes", "bindings", "pods/binding"}, write), rule([]string{"coordination.k8s.io"}, []string{"leases"}, write)}},
		{"system:kube-controller-manager", []Object{rule([]string{""}, []string{"secrets", "serviceaccounts", "serviceaccounts/token"}, write), rule([]string{"coordination.k8s.io"}, []string{"leases"}, write)}},
		{"system:kube-dns", []Object{rule([]string{""}, []string{"endpoints", "services"}, []string{"list", "watch"})}},
		{"system:auth-delegator", []Object{rule([]string{"authentication.k8s.io"}, []string{"tokenreviews"}, []string{"create"}), rule([]string{"authorization.k8s.io"}, []string{"subjectaccessreviews"}, []string{"create"})}},
		{"system:kubelet-api-admin", []Object{rule([]string{""}, []string{"nodes", "nodes/proxy", "nodes/log", "nodes/stats", "nodes/metrics"}, all)}},
		{"system:node-bootstrapper", []Object{rule([]string{"certificates.k8s.io"}, []string{"certificatesigningrequests"}, []string{"create", "get", "list", "watch"})}},
		{"system:persistent-volume-provisioner", []Object{rule([]string{""}, []string{"persistentvolumes"}, write)}},
		{"system:volume-scheduler", []Object{rule([]string{""}, []string{"persistentvolumes"}, read)}},
		{"system:monitoring", []Object{{"nonResourceURLs": anys([]string{"/metrics", "/metrics/slis", "/livez", "/readyz", "/healthz"}), "verbs": []any{"get"}}}},
		{"system:service-account-issuer-discovery", []Object{{"nonResourceURLs": anys([]string{"/.well-known/openid-configuration", "/openid/v1/jwks"}), "verbs": []any{"get"}}}},
		{"system:certificates.k8s.io:certificatesigningrequests:nodeclient", []Object{rule([]string{"certificates.k8s.io"}, []string{"certificatesigningrequests/nodeclient"}, []string{"create"})}},
		{"system:certificates.k8s.io:certificatesigningrequests:selfnodeclient", []Object{rule([]string{"certificates.k8s.io"}, []string{"certificatesigningrequests/selfnodeclient"}, []string{"create"})}},
		{"system:certificates.k8s.io:kubelet-serving-approver", []Object{{"apiGroups": []any{"certificates.k8s.io"}, "resources": []any{"signers"}, "resourceNames": []any{"kubernetes.io/kubelet-serving"}, "verbs": []any{"approve"}}}},
		{"system:certificates.k8s.io:kube-apiserver-client-kubelet-approver", []Object{{"apiGroups": []any{"certificates.k8s.io"}, "resources": []any{"signers"}, "resourceNames": []any{"kubernetes.io/kube-apiserver-client-kubelet"}, "verbs": []any{"approve"}}}},
	} {
		sysRole(r.name, nil, r.rules...)
	}
	for _, c := range controllers {
		verbs := write
		if c.group == "*" {
			verbs = []string{"get", "list", "watch", "delete", "deletecollection"}
		}
		sysRole("system:controller:"+c.name, nil, rule([]string{c.group}, c.resources, verbs), rule([]string{"", "events.k8s.io"}, []string{"events"}, []string{"create", "update", "patch"}))
		sysBind("system:controller:"+c.name, "system:controller:"+c.name, subject("ServiceAccount", c.name, "kube-system"))
	}
	authenticated := subject("Group", "system:authenticated", "")
	sysBind("cluster-admin", "cluster-admin", subject("Group", "system:masters", ""))
	sysBind("system:basic-user", "system:basic-user", authenticated)
	sysBind("system:discovery", "system:discovery", authenticated)
	sysBind("system:public-info-viewer", "system:public-info-viewer", authenticated, subject("Group", "system:unauthenticated", ""))
	sysBind("system:node", "system:node")
	sysBind("system:node-proxier", "system:node-proxier", subject("User", "system:kube-proxy", ""))
	sysBind("system:kube-scheduler", "system:kube-scheduler", subject("User", "system:kube-scheduler", ""))
	sysBind("system:volume-scheduler", "system:volume-scheduler", subject("User", "system:kube-scheduler", ""))
	sysBind("system:kube-controller-manager", "system:kube-controller-manager", subject("User", "system:kube-controller-manager", ""))
	sysBind("system:kube-dns", "system:kube-dns", subject("ServiceAccount", "kube-dns", "kube-system"))
	sysBind("system:monitoring", "system:monitoring", subject("Group", "system:monitoring", ""))
	sysBind("system:service-account-issuer-discovery", "system:service-account-issuer-discovery", subject("Group", "system:serviceaccounts", ""))
	// kubeadm's own.
	crole("kubeadm:get-nodes", nil, rule([]string{""}, []string{"nodes"}, []string{"get"}))
	bind("kubeadm:get-nodes", "kubeadm:get-nodes", subject("Group", "system:bootstrappers:kubeadm:default-node-token", ""))
	bind("kubeadm:kubelet-bootstrap", "system:node-bootstrapper", subject("Group", "system:bootstrappers:kubeadm:default-node-token", ""))
	bind("kubeadm:node-autoapprove-bootstrap", "system:certificates.k8s.io:certificatesigningrequests:nodeclient", subject("Group", "system:bootstrappers:kubeadm:default-node-token", ""))
	bind("kubeadm:node-autoapprove-certificate-rotation", "system:certificates.k8s.io:certificatesigningrequests:selfnodeclient", subject("Group", "system:nodes", ""))
	bind("kubeadm:node-proxier", "system:node-proxier", subject("ServiceAccount", "kube-proxy", "kube-system"))
	bind("kubeadm:cluster-admins", "cluster-admin", subject("Group", "kubeadm:cluster-admins", ""))
	// Operators.
	for i, op := range ops {
		sa := subject("ServiceAccount", op.name, op.name)
		crole(op.name, Object{"app.kubernetes.io/name": op.name, "app.kubernetes.io/managed-by": "Helm"},
			rule([]string{op.group}, op.resources, write),
			rule([]string{""}, []string{"secrets", "configmaps", "services", "events"}, write),
			rule([]string{"apps"}, []string{"deployments"}, read))
		bind(op.name, op.name, sa)
		crole(op.name+"-view", Object{aggregateToView: "true", "app.kubernetes.io/name": op.name}, rule([]string{op.group}, op.resources[:1], read))
		if i%10 < 7 {
			crole(op.name+"-edit", Object{aggregateToEdit: "true", "app.kubernetes.io/name": op.name}, rule([]string{op.group}, op.resources[:1], write))
		}
		if i%10 < 3 {
			crole(op.name+"-admin", Object{aggregateToAdmin: "true", aggregateToOwner: "true", "app.kubernetes.io/name": op.name}, rule([]string{op.group}, op.resources, write))
		}
		if i%3 == 0 {
			crole(op.name+"-metrics", Object{aggregateToMon: "true"}, rule([]string{op.group}, op.resources[:1], []string{"get", "list"}))
		}
		if i%8 == 5 {
			// An operator installed with a chart that asks for everything.
			bind(op.name+"-cluster-admin", "cluster-admin", sa)
		}
	}
	crole("monitoring-metrics", Object{aggregateToMon: "true"}, rule([]string{""}, []string{"pods", "services", "endpoints", "nodes", "nodes/metrics"}, read), Object{"nonResourceURLs": []any{"/metrics"}, "verbs": []any{"get"}})
	crole("namespace-owner-extras", Object{aggregateToOwner: "true"}, rule([]string{""}, []string{"resourcequotas", "limitranges"}, read))
	// Teams and tools, one binding per thousand objects, at least 2 and at
	// most 150: cluster-wide view for SREs and auditors, a CI deployer, and
	// now and then cluster-admin for a person or a pipeline.
	for i := range min(max(n/1000, 2), 150) {
		switch i % 10 {
		case 0:
			bind(fmt.Sprintf("ci-deployer-%d", i), "edit", subject("ServiceAccount", "ci-deployer", fmt.Sprintf("team-%03d", i)))
		case 7:
			if i%20 == 7 {
				bind(fmt.Sprintf("break-glass-%d", i), "cluster-admin", subject("User", fmt.Sprintf("oncall-%d@example.com", i), ""))
				break
			}
			fallthrough
		default:
			role := []string{"view", "monitoring", "namespace-owner"}[i%3]
			bind(fmt.Sprintf("%s-group-%d", role, i), role, subject("Group", fmt.Sprintf("org-unit-%d", i), ""))
		}
	}
	roles = g.aggregate(roles, []aggregator{
		{"view", []string{aggregateToView}, Object{aggregateToEdit: "true"}, true},
		{"edit", []string{aggregateToEdit}, Object{aggregateToAdmin: "true"}, true},
		{"admin", []string{aggregateToAdmin}, nil, true},
		{"monitoring", []string{aggregateToMon}, nil, false},
		{"namespace-owner", []string{aggregateToAdmin, aggregateToOwner}, nil, false},
	})
	return append(roles, bindings...)
}

// aggregator is a ClusterRole with an aggregationRule: it selects the
// ClusterRoles that carry any of its labels set to "true".
type aggregator struct {
	name    string
	selects []string
	labels  Object
	builtin bool
}

// aggregate appends the aggregated ClusterRoles, in order (view before
// edit, which view is labelled into, before admin), each with the union of
// the rules of the roles it selects, taken in name order.
func (g *Generator) aggregate(roles []Object, aggs []aggregator) []Object {
	for _, a := range aggs {
		var sources []Object
		for _, r := range roles {
			labels := labelsOf(r["metadata"].(Object))
			for _, l := range a.selects {
				if labels[l] == "true" {
					sources = append(sources, r)
					break
				}
			}
		}
		slices.SortStableFunc(sources, func(x, y Object) int {
			return cmpString(x["metadata"].(Object)["name"].(string), y["metadata"].(Object)["name"].(string))
		})
		var rules []any
		seen := map[string]bool{}
		for _, s := range sources {
			for _, r := range s["rules"].([]any) {
				key := fmt.Sprint(r)
				if !seen[key] {
					seen[key] = true
					rules = append(rules, r)
				}
			}
		}
		var selectors []any
		for _, l := range a.selects {
			selectors = append(selectors, Object{"matchLabels": Object{l: "true"}})
		}
		role := g.clusterRole(a.name, a.labels)
		role["aggregationRule"] = Object{"clusterRoleSelectors": selectors}
		role["rules"] = rules
		if a.builtin {
			bootstrap(role["metadata"].(Object))
		}
		roles = append(roles, role)
	}
	return roles
}

func cmpString(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// systemNamespaces emits default, kube-public, kube-node-lease and
// kube-system: their default ServiceAccounts, kube-system's controller and
// add-on ServiceAccounts, and the Roles and RoleBindings the API server
// and kubeadm make there.
func (g *Generator) systemNamespaces(emit func(Object) error) error {
	var objs []Object
	for _, ns := range []string{"default", "kube-public", "kube-node-lease", "kube-system"} {
		objs = append(objs,
			Object{"apiVersion": "v1", "kind": "Namespace", "metadata": g.meta("Namespace", "", ns, Object{"kubernetes.io/metadata.name": ns}), "spec": Object{"finalizers": []any{"kubernetes"}}, "status": Object{"phase": "Active"}},
			g.serviceAccount(ns, "default", nil))
	}
	for _, c := range controllers {
		objs = append(objs, g.serviceAccount("kube-system", c.name, nil))
	}
	for _, sa := range []string{"coredns", "kube-dns", "kube-proxy", "bootstrap-signer", "token-cleaner", "metrics-server"} {
		objs = append(objs, g.serviceAccount("kube-system", sa, nil))
	}
	sysRole := func(ns, name string, rules ...Object) Object {
		r := g.role(ns, name, rules...)
		bootstrap(r["metadata"].(Object))
		return r
	}
	sysBinding := func(ns, name, role string, subjects ...Object) Object {
		b := g.roleBinding(ns, name, "Role", role, subjects...)
		bootstrap(b["metadata"].(Object))
		return b
	}
	leases := rule([]string{"coordination.k8s.io"}, []string{"leases"}, []string{"watch"})
	objs = append(objs,
		sysRole("kube-system", "extension-apiserver-authentication-reader", Object{"apiGroups": []any{""}, "resources": []any{"configmaps"}, "resourceNames": []any{"extension-apiserver-authentication"}, "verbs": []any{"get", "list", "watch"}}),
		sysRole("kube-system", "system::leader-locking-kube-controller-manager", leases),
		sysRole("kube-system", "system::leader-locking-kube-scheduler", leases),
		sysRole("kube-system", "system:controller:bootstrap-signer", rule([]string{""}, []string{"secrets"}, read)),
		sysRole("kube-system", "system:controller:token-cleaner", rule([]string{""}, []string{"secrets"}, []string{"delete", "get", "list", "watch"})),
		sysRole("kube-public", "system:controller:bootstrap-signer", rule([]string{""}, []string{"configmaps"}, []string{"get", "list", "watch", "update"})),
		sysBinding("kube-system", "system::extension-apiserver-authentication-reader", "extension-apiserver-authentication-reader", subject("User", "system:kube-controller-manager", ""), subject("User", "system:kube-scheduler", "")),
		sysBinding("kube-system", "system::leader-locking-kube-controller-manager", "system::leader-locking-kube-controller-manager", subject("User", "system:kube-controller-manager", ""), subject("ServiceAccount", "kube-controller-manager", "kube-system")),
		sysBinding("kube-system", "system::leader-locking-kube-scheduler", "system::leader-locking-kube-scheduler", subject("User", "system:kube-scheduler", ""), subject("ServiceAccount", "kube-scheduler", "kube-system")),
		sysBinding("kube-system", "system:controller:bootstrap-signer", "system:controller:bootstrap-signer", subject("ServiceAccount", "bootstrap-signer", "kube-system")),
		sysBinding("kube-system", "system:controller:token-cleaner", "system:controller:token-cleaner", subject("ServiceAccount", "token-cleaner", "kube-system")),
		sysBinding("kube-public", "system:controller:bootstrap-signer", "system:controller:bootstrap-signer", subject("ServiceAccount", "bootstrap-signer", "kube-system")),
		g.role("kube-system", "kube-proxy", Object{"apiGroups": []any{""}, "resources": []any{"configmaps"}, "resourceNames": []any{"kube-proxy"}, "verbs": []any{"get"}}),
		g.roleBinding("kube-system", "kube-proxy", "Role", "kube-proxy", subject("Group", "system:bootstrappers:kubeadm:default-node-token", "")),
		g.role("kube-system", "kubeadm:kubelet-config", Object{"apiGroups": []any{""}, "resources": []any{"configmaps"}, "resourceNames": []any{"kubelet-config"}, "verbs": []any{"get"}}),
		g.roleBinding("kube-system", "kubeadm:kubelet-config", "Role", "kubeadm:kubelet-config", subject("Group", "system:nodes", ""), subject("Group", "system:bootstrappers:kubeadm:default-node-token", "")),
		g.role("kube-system", "kubeadm:nodes-kubeadm-config", Object{"apiGroups": []any{""}, "resources": []any{"configmaps"}, "resourceNames": []any{"kubeadm-config"}, "verbs": []any{"get"}}),
		g.roleBinding("kube-system", "kubeadm:nodes-kubeadm-config", "Role", "kubeadm:nodes-kubeadm-config", subject("Group", "system:nodes", ""), subject("Group", "system:bootstrappers:kubeadm:default-node-token", "")),
		g.role("kube-public", "kubeadm:bootstrap-signer-clusterinfo", Object{"apiGroups": []any{""}, "resources": []any{"configmaps"}, "resourceNames": []any{"cluster-info"}, "verbs": []any{"get"}}),
		g.roleBinding("kube-public", "kubeadm:bootstrap-signer-clusterinfo", "Role", "kubeadm:bootstrap-signer-clusterinfo", subject("User", "system:anonymous", "")),
	)
	for _, o := range objs {
		if err := emit(o); err != nil {
			return err
		}
	}
	return nil
}
