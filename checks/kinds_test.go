package checks

import (
	"reflect"
	"strings"
	"testing"
)

// objectModule is a check module of subject object judging kinds.
func objectModule(id, pkg, kinds, body string) string {
	return strings.Replace(checkModule(id, pkg, "high", body), "#   subject: pod\n", "#   subject: object\n#   kinds: "+kinds+"\n", 1)
}

const calicoPolicy = `apiVersion: crd.projectcalico.org/v1
kind: NetworkPolicy
metadata: {name: NAME, namespace: shop}
spec:
  selector: all()
  types: [Ingress]`

// Hole 8: kinds are matched by group and name. A check of
// networking.k8s.io NetworkPolicies judges those (and the extensions/v1beta1
// ones old manifests still carry), not Calico's NetworkPolicy, which has
// other fields: judged, it would be a wrong verdict. Calico's are objects of
// another kind, counted under a name that shows their group.
func TestObjectCheckMatchesGroupAndKind(t *testing.T) {
	cat, err := LoadCatalog(testFS(t, map[string]string{
		"test/netpol.rego": objectModule("T-NP", "netpol", "[NetworkPolicy.networking.k8s.io]",
			`deny contains k8s.finding("selects no pod", "spec.podSelector", null) if not input.spec.podSelector`),
	}))
	if err != nil {
		t.Fatal(err)
	}
	ch, _ := cat.Check("T-NP")
	if want := []GroupKind{{"networking.k8s.io", "NetworkPolicy"}}; !reflect.DeepEqual(ch.Kinds, want) {
		t.Fatalf("kinds = %v, want %v", ch.Kinds, want)
	}
	docs := []string{
		"apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny-all, namespace: shop}\nspec: {podSelector: {}, policyTypes: [Ingress]}",
		"apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: broken, namespace: shop}\nspec: {policyTypes: [Ingress]}",
		"apiVersion: extensions/v1beta1\nkind: NetworkPolicy\nmetadata: {name: old, namespace: shop}\nspec: {policyTypes: [Ingress]}",
	}
	for _, name := range []string{"calico-a", "calico-b", "calico-c"} {
		docs = append(docs, strings.Replace(calicoPolicy, "NAME", name, 1))
	}
	res, eng := runEngine(t, cat, []string{"T-NP"}, strings.Join(docs, "\n---\n"))
	if got := KindNames(eng.Kinds()); !reflect.DeepEqual(got, []string{"NetworkPolicy"}) {
		t.Errorf("engine kinds = %v", got)
	}
	if res.Evaluated["T-NP"] != 3 {
		t.Errorf("judged %d objects, want the 3 networking.k8s.io/extensions ones", res.Evaluated["T-NP"])
	}
	var got []string
	for _, f := range res.Findings {
		got = append(got, f.Object.APIVersion+" "+f.Object.Name)
	}
	if want := []string{"networking.k8s.io/v1 broken", "extensions/v1beta1 old"}; !reflect.DeepEqual(got, want) {
		t.Errorf("findings on %q, want %q", got, want)
	}
	if want := map[string]int{"NetworkPolicy": 3, "NetworkPolicy.crd.projectcalico.org": 3}; !reflect.DeepEqual(res.Objects, want) {
		t.Errorf("objects = %v, want %v", res.Objects, want)
	}
	if len(res.InputErrors) > 0 || len(res.CheckErrors) > 0 || len(res.Unknown) > 0 {
		t.Errorf("input errors %v, check errors %v, unknown %v", res.InputErrors, res.CheckErrors, res.Unknown)
	}
}

// An old-style manifest (extensions/v1beta1, apps/v1beta2) is still a
// workload and fails the privileged check, never dropped into "no object of
// this kind"; a custom resource named Deployment is not a Deployment.
func TestWorkloadKindsMatchGroupAndKind(t *testing.T) {
	cat := builtinCatalog(t)
	workload := func(apiVersion, kind, name string) string {
		return "apiVersion: " + apiVersion + "\nkind: " + kind + "\nmetadata: {name: " + name + ", namespace: shop}\nspec:\n  template:" + privilegedTemplate
	}
	res := run(t, cat, []string{"KA-POD-003"}, strings.Join([]string{
		workload("extensions/v1beta1", "Deployment", "old-web"),
		workload("apps/v1beta2", "DaemonSet", "old-agent"),
		workload("example.com/v1", "Deployment", "not-a-deployment"),
	}, "\n---\n"))
	var got []string
	for _, f := range res.Findings {
		got = append(got, f.Object.APIVersion+" "+f.Object.Kind+" "+f.Object.Name+" "+f.Path)
	}
	want := []string{
		"apps/v1beta2 DaemonSet old-agent spec.template.spec.containers[0].securityContext.privileged",
		"extensions/v1beta1 Deployment old-web spec.template.spec.containers[0].securityContext.privileged",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("findings:\n got %q\nwant %q", got, want)
	}
	if res.Evaluated["KA-POD-003"] != 2 {
		t.Errorf("judged %d objects, want 2", res.Evaluated["KA-POD-003"])
	}
	if want := map[string]int{"Deployment": 1, "DaemonSet": 1, "Deployment.example.com": 1}; !reflect.DeepEqual(res.Objects, want) {
		t.Errorf("objects = %v, want %v", res.Objects, want)
	}
	if len(res.InputErrors) > 0 {
		t.Errorf("input errors: %v", res.InputErrors)
	}
}

// A bare kind name is a well-known kind; any other kind names its group, so
// that a new kind cannot be matched by name alone.
func TestCatalogRefusesUnknownBareKinds(t *testing.T) {
	for kinds, want := range map[string]string{
		"[Widget]":                            `a/x.rego: check T-1: custom.kinds: "Widget" is not a well-known kind`,
		"[networkpolicies.networking.k8s.io]": `a/x.rego: check T-1: custom.kinds: "networkpolicies.networking.k8s.io": a kind is a name`,
		"[Widget.Example.COM]":                `is not an API group`,
		"[Pod, Widget.]":                      `is not an API group`,
	} {
		_, err := LoadCatalog(testFS(t, map[string]string{"a/x.rego": objectModule("T-1", "x", kinds, "")}))
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("kinds %s: error %v, want it to contain %q", kinds, err, want)
		}
	}
	cat, err := LoadCatalog(testFS(t, map[string]string{"a/x.rego": objectModule("T-1", "x", "[Widget.example.com, Deployment.extensions, Pod, Event.core, Deployment]", "")}))
	if err != nil {
		t.Fatal(err)
	}
	ch, _ := cat.Check("T-1")
	if got, want := KindNames(ch.Kinds), []string{"Deployment", "Event", "Pod", "Widget.example.com"}; !reflect.DeepEqual(got, want) {
		t.Errorf("kinds = %q, want %q", got, want)
	}
}

func TestKindNames(t *testing.T) {
	for _, tt := range []struct {
		apiVersion, kind string
		want             GroupKind
		name             string
	}{
		{"v1", "Pod", GroupKind{"", "Pod"}, "Pod"},
		{"apps/v1", "Deployment", GroupKind{"apps", "Deployment"}, "Deployment"},
		{"extensions/v1beta1", "Deployment", GroupKind{"apps", "Deployment"}, "Deployment"},
		{"extensions/v1beta1", "NetworkPolicy", GroupKind{"networking.k8s.io", "NetworkPolicy"}, "NetworkPolicy"},
		{"batch/v1beta1", "CronJob", GroupKind{"batch", "CronJob"}, "CronJob"},
		{"kubeassay/v1", "NodeFacts", NodeFacts, "NodeFacts"},
		{"crd.projectcalico.org/v1", "NetworkPolicy", GroupKind{"crd.projectcalico.org", "NetworkPolicy"}, "NetworkPolicy.crd.projectcalico.org"},
		{"example.com/v1", "Widget", GroupKind{"example.com", "Widget"}, "Widget.example.com"},
		{"v1", "Event", GroupKind{"", "Event"}, "Event"},
		{"v1", "Deployment", GroupKind{"", "Deployment"}, "Deployment.core"},
	} {
		gk := ObjectKind(tt.apiVersion, tt.kind)
		if gk != tt.want || gk.String() != tt.name {
			t.Errorf("%s %s: %v named %q, want %v named %q", tt.apiVersion, tt.kind, gk, gk.String(), tt.want, tt.name)
		}
		if _, known := kindsByName[tt.kind]; known || tt.want.Group != "" {
			if back, err := ParseKind(tt.name); err != nil || back != gk {
				t.Errorf("ParseKind(%q) = %v, %v; want %v", tt.name, back, err, gk)
			}
		}
	}
	if IsWorkload(GroupKind{"example.com", "Deployment"}) || !IsWorkload(GroupKind{"apps", "Deployment"}) {
		t.Error("IsWorkload matches by name alone")
	}
	if !IsWorkload(ObjectKind("extensions/v1beta1", "ReplicaSet")) {
		t.Error("an extensions ReplicaSet is not a workload")
	}
}

// The kinds the engine reads objects of are read without allocating.
func TestObjectKindDoesNotAllocate(t *testing.T) {
	apiVersion, kind := "extensions/v1beta1", "Deployment"
	if n := testing.AllocsPerRun(100, func() {
		gk := ObjectKind(apiVersion, kind)
		_ = IsWorkload(gk)
		_ = gk.String()
	}); n != 0 {
		t.Errorf("%v allocations per object", n)
	}
}

// Objects of these kinds have no namespace; the inventory files them under
// no namespace at all, not under "".
func TestClusterScopedKinds(t *testing.T) {
	for _, k := range []string{"Namespace", "NodeFacts", "Node", "PersistentVolume", "ClusterRole", "ClusterRoleBinding", "ValidatingWebhookConfiguration", "MutatingWebhookConfiguration", "ValidatingAdmissionPolicy", "ValidatingAdmissionPolicyBinding"} {
		gk, err := ParseKind(k)
		if err != nil || !clusterScoped(gk) {
			t.Errorf("%s: cluster-scoped = false (%v)", k, err)
		}
	}
	for _, k := range []string{"Pod", "ConfigMap", "Role", "RoleBinding", "NetworkPolicy", "ResourceQuota", "LimitRange", "ServiceAccount"} {
		if gk, _ := ParseKind(k); clusterScoped(gk) {
			t.Errorf("%s: cluster-scoped = true", k)
		}
	}
}
