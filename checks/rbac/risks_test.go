package rbac_test

import (
	"cmp"
	"reflect"
	"slices"
	"strings"
	"testing"

	rbacv1 "k8s.io/api/rbac/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/kubeassay/kubeassay/checks/rbac"
)

const rbacGroup = "rbac.authorization.k8s.io"

// riskPopulation: one subject per risk (u-<what>), subjects that must hold
// nothing (u-none-*), and system subjects.
func riskPopulation() rbac.Objects {
	cr := func(name string, rs ...rbacv1.PolicyRule) rbacv1.ClusterRole { return clusterRole(name, nil, rs...) }
	certs := "certificates.k8s.io"
	adm := "admissionregistration.k8s.io"
	return rbac.Objects{
		ClusterRoles: []rbacv1.ClusterRole{
			cr("all", pr(l("*"), l("*"), l("*"))),
			cr("secrets-get", pr(l("get"), l(""), l("secrets"))),
			cr("secrets-named", pr(l("get", "list", "watch"), l(""), l("secrets"), "app-config")),
			cr("nodes-proxy", pr(l("get"), l(""), l("nodes/proxy"))),
			cr("impersonate", pr(l("impersonate"), l(""), l("groups"))),
			// Impersonating one named group is enough when it is
			// system:masters; a named CSR approval (patch) with the
			// signer, too.
			cr("impersonate-masters", pr(l("impersonate"), l(""), l("groups"), "system:masters")),
			cr("csr-patch-named", pr(l("patch"), l(certs), l("certificatesigningrequests/approval"), "csr-1"), pr(l("approve"), l(certs), l("signers"), "kubernetes.io/kube-apiserver-client")),
			cr("csr-approver", pr(l("update"), l(certs), l("certificatesigningrequests/approval")), pr(l("approve"), l(certs), l("signers"), "kubernetes.io/kube-apiserver-client")),
			cr("csr-half", pr(l("update"), l(certs), l("certificatesigningrequests/approval"))),
			cr("signer", pr(l("approve"), l(certs), l("signers"), "kubernetes.io/*")),
			cr("signer-other", pr(l("approve"), l(certs), l("signers"), "example.com/mine")),
			cr("mutating", pr(l("patch"), l(adm), l("mutatingwebhookconfigurations"))),
			cr("validating", pr(l("create"), l(adm), l("validatingwebhookconfigurations"))),
			cr("binder", pr(l("bind"), l(rbacGroup), l("clusterroles"))),
			cr("bind-cluster-admin", pr(l("bind"), l(rbacGroup), l("clusterroles"), "cluster-admin")),
			cr("bind-view", pr(l("bind"), l(rbacGroup), l("clusterroles"), "view")),
			cr("escalator", pr(l("escalate"), l(rbacGroup), l("roles"))),
			cr("crb-writer", pr(l("create"), l(rbacGroup), l("clusterrolebindings"))),
			cr("pod-creator", pr(l("create"), l(""), l("pods"))),
			cr("deployer", pr(l("create", "get"), l("apps"), l("deployments"))),
			cr("cron", pr(l("create"), l("batch"), l("cronjobs"))),
			cr("exec", pr(l("create"), l(""), l("pods/exec"))),
			cr("ephemeral", pr(l("patch"), l(""), l("pods/ephemeralcontainers"))),
			cr("token", pr(l("create"), l(""), l("serviceaccounts/token"))),
			cr("pv", pr(l("create"), l(""), l("persistentvolumes"))),
			cr("attach", pr(l("get"), l(""), l("pods/attach"))),
			cr("rb-writer", pr(l("update"), l(rbacGroup), l("rolebindings"))),
			cr("role-writer", pr(l("patch"), l(rbacGroup), l("roles"))),
			cr("portforward", pr(l("create"), l(""), l("pods/portforward"))),
			// Near misses: other verbs, groups, subresources, names.
			cr("harmless",
				pr(l("get", "list", "watch"), l(""), l("pods", "pods/log", "configmaps", "serviceaccounts")),
				pr(l("list", "update"), l("apps"), l("deployments")),
				pr(l("create"), l("apps"), l("pods")),
				pr(l("get"), l(""), l("nodes", "nodes/stats")),
				pr(l("create"), l(""), l("serviceaccounts")),
				pr(l("get", "list"), l(rbacGroup), l("*")),
				pr(l("*"), l(""), l("configmaps")),
				pr(l("create"), l(""), l("pods/exec"), "one-pod"),
			),
		},
		Roles: []rbacv1.Role{
			{ObjectMeta: metav1.ObjectMeta{Namespace: "team-a", Name: "binder"}, Rules: []rbacv1.PolicyRule{pr(l("bind"), l(rbacGroup), l("roles"))}},
			{ObjectMeta: metav1.ObjectMeta{Namespace: "team-a", Name: "impersonate-sa"}, Rules: []rbacv1.PolicyRule{pr(l("impersonate"), l(""), l("serviceaccounts"))}},
		},
		ClusterRoleBindings: []rbacv1.ClusterRoleBinding{
			crbTo("all", "all", user("u-all")),
			crbTo("secrets", "secrets-get", user("u-secrets")),
			crbTo("secrets-named", "secrets-named", user("u-none-named")),
			crbTo("proxy", "nodes-proxy", user("u-proxy")),
			crbTo("impersonate", "impersonate", group("impersonators")),
			crbTo("impersonate-masters", "impersonate-masters", user("u-impersonate-masters")),
			crbTo("csr-patch", "csr-patch-named", user("u-csr-patch")),
			crbTo("csr", "csr-approver", user("u-csr")),
			crbTo("csr-split-1", "csr-half", user("u-csr-split"), user("u-none-csr-half")),
			crbTo("csr-split-2", "signer", user("u-csr-split"), user("u-none-signer")),
			crbTo("csr-other", "signer-other", user("u-none-csr-half")),
			crbTo("mutating", "mutating", user("u-mutating")),
			crbTo("validating", "validating", user("u-validating")),
			crbTo("binder", "binder", user("u-binder")),
			crbTo("bind-cluster-admin", "bind-cluster-admin", user("u-bind-cluster-admin")),
			crbTo("bind-view", "bind-view", user("u-none-bind-view")),
			crbTo("escalator", "escalator", user("u-escalator")),
			crbTo("crb", "crb-writer", user("u-crb")),
			crbTo("pv", "pv", user("u-pv")),
			crbTo("everyone-creates-pods", "pod-creator", group("system:authenticated")),
			crbTo("harmless", "harmless", user("u-none-harmless"), group("system:serviceaccounts")),
			crbTo("dangling", "does-not-exist", user("u-none-dangling")),
			// System subjects.
			crbTo("system:controller:replicaset-controller", "pod-creator", sa("kube-system", "replicaset-controller")),
			crbTo("system:kube-scheduler", "pod-creator", user("system:kube-scheduler")),
			crbTo("system:node-proxy", "nodes-proxy", group("system:nodes"), user("system:node:n1")),
		},
		RoleBindings: []rbacv1.RoleBinding{
			rbTo("team-a", "deployer", "ClusterRole", "deployer", sa("", "deployer")),
			rbTo("team-a", "cron", "ClusterRole", "cron", user("u-cron")),
			rbTo("team-a", "secrets", "ClusterRole", "secrets-get", user("u-ns-secrets")),
			rbTo("team-a", "secrets-named", "ClusterRole", "secrets-named", user("u-none-ns-named")),
			rbTo("team-a", "exec", "ClusterRole", "exec", user("u-exec")),
			rbTo("team-a", "ephemeral", "ClusterRole", "ephemeral", user("u-ephemeral")),
			rbTo("team-a", "token", "ClusterRole", "token", user("u-token")),
			rbTo("team-a", "attach", "ClusterRole", "attach", user("u-attach")),
			rbTo("team-a", "rb", "ClusterRole", "rb-writer", user("u-rb")),
			rbTo("team-a", "roles", "ClusterRole", "role-writer", user("u-role")),
			rbTo("team-a", "pf", "ClusterRole", "portforward", user("u-pf")),
			rbTo("team-a", "binder", "Role", "binder", user("u-ns-binder")),
			// bind on clusterroles through a RoleBinding: binding them in team-a.
			rbTo("team-a", "binder-cr", "ClusterRole", "binder", user("u-ns-binder-cr")),
			rbTo("team-a", "impersonate-sa", "Role", "impersonate-sa", user("u-ns-impersonate")),
			rbTo("team-a", "admin", "ClusterRole", "all", user("u-ns-admin")),
			// Cluster-scoped resources are never granted by a RoleBinding.
			rbTo("team-a", "proxy", "ClusterRole", "nodes-proxy", user("u-none-ns-proxy")),
			rbTo("team-a", "pv", "ClusterRole", "pv", user("u-none-ns-pv")),
			rbTo("team-a", "crb", "ClusterRole", "crb-writer", user("u-none-ns-crb")),
			rbTo("team-a", "impersonate", "ClusterRole", "impersonate", user("u-none-ns-impersonate")),
			rbTo("team-a", "harmless", "ClusterRole", "harmless", user("u-none-ns-harmless")),
			// A cluster-wide holder with a RoleBinding too.
			rbTo("team-b", "secrets", "ClusterRole", "secrets-get", user("u-secrets")),
			// A RoleBinding in kube-system to its own service account.
			rbTo("kube-system", "bootstrap", "ClusterRole", "secrets-get", sa("", "bootstrap-signer")),
		},
	}
}

// held: the findings as "RISK@scope" by subject.
func held(fs []rbac.RiskFinding) map[string][]string {
	m := map[string][]string{}
	for _, f := range fs {
		k := f.Subject.Kind + "/" + f.Subject.Name
		if f.Subject.Namespace != "" {
			k = f.Subject.Kind + "/" + f.Subject.Namespace + "/" + f.Subject.Name
		}
		m[k] = append(m[k], f.Risk.ID+"@"+f.Scope)
	}
	for _, v := range m {
		slices.Sort(v)
	}
	return m
}

func TestRiskPopulation(t *testing.T) {
	fs := rbac.New(riskPopulation()).FindRisks(rbac.Risks)
	got := held(fs)
	ns := func(ids ...string) []string {
		var out []string
		for _, id := range ids {
			out = append(out, id+"@team-a")
		}
		return out
	}
	want := map[string][]string{
		"User/u-secrets":                 {"RBAC-SECRETS-READ-CLUSTER@cluster", "RBAC-SECRETS-READ@team-b"},
		"User/u-proxy":                   {"RBAC-NODES-PROXY@cluster"},
		"Group/impersonators":            {"RBAC-IMPERSONATE@cluster"},
		"User/u-csr":                     {"RBAC-CSR-APPROVE@cluster"},
		"User/u-csr-split":               {"RBAC-CSR-APPROVE@cluster"},
		"User/u-mutating":                {"RBAC-MUTATING-WEBHOOK@cluster"},
		"User/u-impersonate-masters":     {"RBAC-IMPERSONATE@cluster"},
		"User/u-csr-patch":               {"RBAC-CSR-APPROVE@cluster"},
		"User/u-validating":              {"RBAC-VALIDATING-WEBHOOK@cluster"},
		"User/u-binder":                  {"RBAC-BIND@cluster"},
		"User/u-bind-cluster-admin":      {"RBAC-BIND@cluster"},
		"User/u-ns-binder-cr":            ns("RBAC-BIND"),
		"User/u-escalator":               {"RBAC-ESCALATE@cluster"},
		"User/u-crb":                     {"RBAC-CLUSTERROLEBINDINGS-MODIFY@cluster"},
		"User/u-pv":                      {"RBAC-PV-CREATE@cluster"},
		"Group/system:authenticated":     {"RBAC-PODS-CREATE@cluster"},
		"ServiceAccount/team-a/deployer": ns("RBAC-WORKLOADS-CREATE"),
		"User/u-cron":                    ns("RBAC-WORKLOADS-CREATE"),
		"User/u-ns-secrets":              ns("RBAC-SECRETS-READ"),
		"User/u-exec":                    ns("RBAC-PODS-EXEC"),
		"User/u-ephemeral":               ns("RBAC-PODS-EPHEMERAL"),
		"User/u-token":                   ns("RBAC-SA-TOKEN-CREATE"),
		"User/u-attach":                  ns("RBAC-PODS-ATTACH"),
		"User/u-rb":                      ns("RBAC-ROLEBINDINGS-MODIFY"),
		"User/u-role":                    ns("RBAC-ROLES-MODIFY"),
		"User/u-pf":                      ns("RBAC-PODS-PORTFORWARD"),
		"User/u-ns-binder":               ns("RBAC-BIND"),
		"User/u-ns-impersonate":          ns("RBAC-IMPERSONATE-SERVICEACCOUNTS"),
		"ServiceAccount/kube-system/replicaset-controller": {"RBAC-PODS-CREATE@cluster"},
		"User/system:kube-scheduler":                       {"RBAC-PODS-CREATE@cluster"},
		"Group/system:nodes":                               {"RBAC-NODES-PROXY@cluster"},
		"User/system:node:n1":                              {"RBAC-NODES-PROXY@cluster"},
		"ServiceAccount/kube-system/bootstrap-signer":      {"RBAC-SECRETS-READ@kube-system"},
		// A namespace admin (RoleBinding to a `*` role) holds every
		// namespaced risk in its namespace, not the cluster-wide ones.
		"User/u-ns-admin": ns("RBAC-BIND", "RBAC-ESCALATE", "RBAC-IMPERSONATE-SERVICEACCOUNTS", "RBAC-PODS-ATTACH", "RBAC-PODS-CREATE",
			"RBAC-PODS-EPHEMERAL", "RBAC-PODS-EXEC", "RBAC-PODS-PORTFORWARD", "RBAC-ROLEBINDINGS-MODIFY", "RBAC-ROLES-MODIFY",
			"RBAC-SA-TOKEN-CREATE", "RBAC-SECRETS-READ", "RBAC-WORKLOADS-CREATE"),
	}
	// u-all and system:masters hold every risk that has a cluster scope.
	var everything []string
	for _, r := range rbac.Risks {
		if r.Where != rbac.InNamespace {
			everything = append(everything, r.ID+"@cluster")
		}
	}
	slices.Sort(everything)
	want["User/u-all"] = everything
	want["Group/system:masters"] = everything
	for _, v := range want {
		slices.Sort(v)
	}
	for k, v := range got {
		if strings.Contains(k, "u-none") {
			t.Errorf("%s must hold no risk, holds %v", k, v)
		}
	}
	for k := range want {
		if !reflect.DeepEqual(got[k], want[k]) {
			t.Errorf("%s:\n got %v\nwant %v", k, got[k], want[k])
		}
	}
	for k := range got {
		if _, ok := want[k]; !ok {
			t.Errorf("unexpected %s: %v", k, got[k])
		}
	}
	// Every risk of the catalog is held by a subject of the population
	// other than u-all, u-ns-admin and system:masters (u-all is
	// RBAC-WILDCARD's own).
	for _, r := range rbac.Risks {
		if r.ID == "RBAC-WILDCARD" {
			continue
		}
		if !slices.ContainsFunc(fs, func(f rbac.RiskFinding) bool {
			return f.Risk.ID == r.ID && f.Subject.Name != "u-all" && f.Subject.Name != "u-ns-admin" && f.Subject.Name != rbac.PrivilegedGroup
		}) {
			t.Errorf("%s: no subject of its own", r.ID)
		}
	}
}

func TestRiskSystemSubjects(t *testing.T) {
	for _, f := range rbac.New(riskPopulation()).FindRisks(rbac.Risks) {
		s := f.Subject
		want := s.Name == rbac.PrivilegedGroup || s.Namespace == "kube-system" || strings.HasPrefix(s.Name, "system:node") || s.Name == "system:kube-scheduler"
		if f.System != want {
			t.Errorf("%v: System %v", s, f.System)
		}
	}
	for _, c := range []struct {
		s    rbac.Subject
		want bool
	}{
		{rbac.Subject{Kind: "Group", Name: "system:masters"}, true},
		{rbac.Subject{Kind: "User", Name: "system:kube-controller-manager"}, true},
		{rbac.Subject{Kind: "User", Name: "system:serviceaccount:kube-system:x"}, true},
		{rbac.Subject{Kind: "User", Name: "system:serviceaccount:team-a:x"}, false},
		{rbac.Subject{Kind: "Group", Name: "system:authenticated"}, false},
		{rbac.Subject{Kind: "Group", Name: "system:unauthenticated"}, false},
		{rbac.Subject{Kind: "Group", Name: "system:serviceaccounts"}, false},
		{rbac.Subject{Kind: "Group", Name: "system:serviceaccounts:kube-system"}, false},
		{rbac.Subject{Kind: "User", Name: "system:anonymous"}, false},
		{rbac.Subject{Kind: "ServiceAccount", Namespace: "kube-system", Name: "x"}, true},
		{rbac.Subject{Kind: "ServiceAccount", Namespace: "kube-public", Name: "x"}, false},
		{rbac.Subject{Kind: "User", Name: "system:masters"}, false},
	} {
		if got := rbac.IsSystemSubject(c.s); got != c.want {
			t.Errorf("IsSystemSubject(%v) = %v", c.s, got)
		}
	}
}

func TestRiskOrderAndVia(t *testing.T) {
	r := rbac.New(riskPopulation())
	fs := r.FindRisks(rbac.Risks)
	if again := r.FindRisks(rbac.Risks); !reflect.DeepEqual(fs, again) {
		t.Error("two runs differ")
	}
	order := map[string]int{"User": 0, "Group": 1, "ServiceAccount": 2}
	for i := 1; i < len(fs); i++ {
		a, b := fs[i-1], fs[i]
		c := cmp.Or(-cmp.Compare(a.Risk.Severity, b.Risk.Severity), cmp.Compare(order[a.Subject.Kind], order[b.Subject.Kind]),
			cmp.Compare(a.Subject.Namespace, b.Subject.Namespace), cmp.Compare(a.Subject.Name, b.Subject.Name))
		if c > 0 {
			t.Errorf("out of order: %v %s before %v %s", a.Subject, a.Risk.ID, b.Subject, b.Risk.ID)
		}
	}
	find := func(name, id string) rbac.RiskFinding {
		for _, f := range fs {
			if f.Subject.Name == name && f.Risk.ID == id {
				return f
			}
		}
		t.Fatalf("%s does not hold %s", name, id)
		return rbac.RiskFinding{}
	}
	// Both halves of the approval, each through its binding.
	f := find("u-csr-split", "RBAC-CSR-APPROVE")
	if len(f.Via) != 2 || f.Via[0].Binding.Name != "csr-split-1" || f.Via[1].Binding.Name != "csr-split-2" || f.Risk.Severity != rbac.Critical {
		t.Errorf("%+v", f)
	}
	f = find("deployer", "RBAC-WORKLOADS-CREATE")
	if f.Scope != "team-a" || len(f.Via) != 1 || f.Via[0].Binding != (rbac.Ref{Kind: "RoleBinding", Namespace: "team-a", Name: "deployer"}) ||
		f.Via[0].Role != (rbac.Ref{Kind: "ClusterRole", Name: "deployer"}) || f.Via[0].Rule == nil {
		t.Errorf("%+v", f)
	}
	f = find(rbac.PrivilegedGroup, "RBAC-WILDCARD")
	if len(f.Via) != 1 || !f.Via[0].Privileged || !f.System {
		t.Errorf("%+v", f)
	}
}

func TestRiskCatalog(t *testing.T) {
	ids := map[string]bool{}
	for _, r := range rbac.Risks {
		if ids[r.ID] || !strings.HasPrefix(r.ID, "RBAC-") || r.Title == "" || r.Why == "" || len(r.AnyOf) == 0 || r.Severity < rbac.Low || r.Severity > rbac.Critical {
			t.Errorf("bad entry %+v", r)
		}
		ids[r.ID] = true
		for _, set := range r.AnyOf {
			for _, a := range set {
				if a.Namespace != "" || a.Verb == "" || a.Resource == "" {
					t.Errorf("%s: bad request %+v", r.ID, a)
				}
			}
		}
	}
	for _, s := range []string{"critical", "HIGH", "Medium", "low"} {
		if _, err := rbac.ParseSeverity(s); err != nil {
			t.Error(err)
		}
	}
	if _, err := rbac.ParseSeverity("severe"); err == nil {
		t.Error("severe parsed")
	}
}

func TestRiskFoldWildcard(t *testing.T) {
	o := riskPopulation()
	// u-all also reads Secrets through a binding of its own: that finding
	// is not implied by the wildcard's binding and stays.
	o.ClusterRoleBindings = append(o.ClusterRoleBindings, crbTo("all-secrets", "secrets-get", user("u-all")))
	fs := rbac.New(o).FindRisks(rbac.Risks)
	folded := rbac.FoldWildcard(fs)
	got := held(folded)
	if want := []string{"RBAC-SECRETS-READ-CLUSTER@cluster", "RBAC-WILDCARD@cluster"}; !reflect.DeepEqual(got["User/u-all"], want) {
		t.Errorf("u-all: %v", got["User/u-all"])
	}
	if want := []string{"RBAC-WILDCARD@cluster"}; !reflect.DeepEqual(got["Group/system:masters"], want) {
		t.Errorf("system:masters: %v", got["Group/system:masters"])
	}
	// Others are untouched, the order kept.
	for k, v := range held(fs) {
		if k != "User/u-all" && k != "Group/system:masters" && !reflect.DeepEqual(got[k], v) {
			t.Errorf("%s: %v, was %v", k, got[k], v)
		}
	}
	for _, f := range folded {
		if f.Risk.ID != "RBAC-WILDCARD" {
			if len(f.Implies) > 0 {
				t.Errorf("%+v", f)
			}
			continue
		}
		n := 0
		for _, r := range rbac.Risks {
			if r.Where != rbac.InNamespace && r.ID != "RBAC-WILDCARD" {
				n++
			}
		}
		if f.Subject.Name == "u-all" {
			n-- // RBAC-SECRETS-READ-CLUSTER stays
		}
		if len(f.Implies) != n || slices.Contains(f.Implies, "RBAC-WILDCARD") {
			t.Errorf("%s implies %v", f.Subject.Name, f.Implies)
		}
	}
}

// BenchmarkFindRisks runs the whole catalog on the generated population of
// bench_test.go (300 namespaces, 5,100 RoleBindings, 600 ClusterRoles and
// ClusterRoleBindings); make bench reports it.
func BenchmarkFindRisks(b *testing.B) {
	r := rbac.New(generated())
	b.ResetTimer()
	for b.Loop() {
		r.FindRisks(rbac.Risks)
	}
}
