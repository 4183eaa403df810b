package checks

import (
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// inventoryDocs: three namespaces; a has a NetworkPolicy, b only one of a
// group no network plugin serves, c a Deployment and no policy.
const inventoryDocs = `apiVersion: v1
kind: Namespace
metadata: {name: a}
---
apiVersion: v1
kind: Namespace
metadata: {name: b}
---
apiVersion: v1
kind: Namespace
metadata:
  name: c
  managedFields: [{manager: kubectl, operation: Update, fieldsType: FieldsV1, fieldsV1: {'f:metadata': {'f:labels': {}}}}]
  annotations:
    kubectl.kubernetes.io/last-applied-configuration: '{"big": "copy"}'
    team: c
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny, namespace: a}
spec: {podSelector: {}}
---
apiVersion: networking.example.com/v1
kind: NetworkPolicy
metadata: {name: deny, namespace: b}
spec: {podSelector: {}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: c}
spec:
  template:` + privilegedTemplate

func TestInventoryCheckEvaluatedOnceOnTheWholeInventory(t *testing.T) {
	cat := builtinCatalog(t)
	res, eng := runEngine(t, cat, []string{"KA-INV-002", "KA-POD-003"}, inventoryDocs)
	if n := eng.inventoryEvals.Load(); n != 1 {
		t.Errorf("inventory evaluations = %d, want 1 per run", n)
	}
	var got []ObjectFinding
	for _, f := range res.Findings {
		if f.CheckID == "KA-INV-002" {
			got = append(got, f)
		}
	}
	// b's look-alike policy does not count: kinds are matched by group.
	want := []ObjectFinding{
		{Finding: Finding{CheckID: "KA-INV-002", Message: `namespace "b" has no NetworkPolicy, and no Cilium, Calico or admin network policy selects its pods`},
			Object: ObjectRef{APIVersion: "v1", Kind: "Namespace", Name: "b"}, Origin: Origin{File: "test.yaml", Document: 2}},
		{Finding: Finding{CheckID: "KA-INV-002", Message: `namespace "c" has no NetworkPolicy, and no Cilium, Calico or admin network policy selects its pods`},
			Object: ObjectRef{APIVersion: "v1", Kind: "Namespace", Name: "c"}, Origin: Origin{File: "test.yaml", Document: 3}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("findings:\n got %+v\nwant %+v", got, want)
	}
	// The pod check still judged the Deployment, once.
	if res.Evaluated["KA-POD-003"] != 1 || len(res.Findings) != 3 {
		t.Errorf("pod check: evaluated %v, findings %+v", res.Evaluated, res.Findings)
	}
	// Evaluated counts the objects of its kinds it judged: 3 namespaces
	// and 1 networking.k8s.io NetworkPolicy.
	if res.Evaluated["KA-INV-002"] != 4 || len(res.Skipped["KA-INV-002"]) != 0 || len(res.Unknown["KA-INV-002"]) != 0 {
		t.Errorf("evaluated %v, skipped %v, unknown %v", res.Evaluated, res.Skipped, res.Unknown)
	}
	if res.Objects["NetworkPolicy.networking.example.com"] != 1 || res.Objects["NetworkPolicy"] != 1 {
		t.Errorf("objects %v", res.Objects)
	}
}

// echoCheck is an inventory check that reports its whole input in one
// finding's message, about the first Namespace.
const echoCheck = `# METADATA
# title: Echo
# description: Reports its input.
# custom:
#   id: KA-TEST-INV
#   severity: low
#   subject: inventory
#   kinds: [Namespace, NetworkPolicy]
#   remediation: None.
package kubeassay.checks.test.echo

deny contains {"msg": json.marshal(input), "path": "", "value": null, "resource": {"apiVersion": "v1", "kind": "Namespace", "name": input.namespaces[0]}}
`

func TestInventoryInputHoldsOnlyItsKindsIndexed(t *testing.T) {
	cat, err := LoadCatalog(testFS(t, map[string]string{"test/echo/echo.rego": echoCheck}))
	if err != nil {
		t.Fatal(err)
	}
	res := run(t, cat, []string{"KA-TEST-INV"}, inventoryDocs)
	if len(res.Findings) != 1 {
		t.Fatalf("findings %+v, errors %v", res.Findings, res.CheckErrors)
	}
	var in struct {
		Objects     map[string][]map[string]any            `json:"objects"`
		ByNamespace map[string]map[string][]map[string]any `json:"by_namespace"`
		Namespaces  []string                               `json:"namespaces"`
	}
	if err := json.Unmarshal([]byte(res.Findings[0].Message), &in); err != nil {
		t.Fatal(err)
	}
	names := func(objs []map[string]any) []string {
		var out []string
		for _, o := range objs {
			m := o["metadata"].(map[string]any)
			ns, _ := m["namespace"].(string)
			out = append(out, strings.TrimPrefix(ns+"/", "/")+m["name"].(string))
		}
		return out
	}
	// Only the kinds the check lists: not the Deployment, not the Calico
	// policy (another kind).
	if len(in.Objects) != 2 || !reflect.DeepEqual(names(in.Objects["Namespace"]), []string{"a", "b", "c"}) ||
		!reflect.DeepEqual(names(in.Objects["NetworkPolicy"]), []string{"a/deny"}) {
		t.Errorf("objects %v", in.Objects)
	}
	if len(in.ByNamespace) != 1 || !reflect.DeepEqual(names(in.ByNamespace["a"]["NetworkPolicy"]), []string{"a/deny"}) {
		t.Errorf("by_namespace %v", in.ByNamespace)
	}
	if !reflect.DeepEqual(in.Namespaces, []string{"a", "b", "c"}) {
		t.Errorf("namespaces %v", in.Namespaces)
	}
	// What no check reads is not kept: the fields of managedFields (its
	// managers are) and the last-applied copy.
	c := in.Objects["Namespace"][2]["metadata"].(map[string]any)
	if mf := c["managedFields"]; !reflect.DeepEqual(mf, []any{map[string]any{"manager": "kubectl", "operation": "Update"}}) {
		t.Errorf("managedFields kept as %v, want the manager and operation only", mf)
	}
	if ann := c["annotations"].(map[string]any); len(ann) != 1 || ann["team"] != "c" {
		t.Errorf("annotations %v", ann)
	}
	if res.Findings[0].Object != (ObjectRef{APIVersion: "v1", Kind: "Namespace", Name: "a"}) {
		t.Errorf("finding about %v", res.Findings[0].Object)
	}
}

func TestInventoryFindingWithoutResourceIsRefused(t *testing.T) {
	for name, deny := range map[string]string{
		"none":    `deny contains {"msg": "x", "path": "", "value": null} if count(input.namespaces) > 0`,
		"no name": `deny contains {"msg": "x", "path": "", "value": null, "resource": {"apiVersion": "v1", "kind": "Namespace"}} if true`,
		"not obj": `deny contains {"msg": "x", "path": "", "value": null, "resource": "Namespace/a"} if true`,
	} {
		t.Run(name, func(t *testing.T) {
			src := strings.Replace(echoCheck, `deny contains {"msg": json.marshal(input), "path": "", "value": null, "resource": {"apiVersion": "v1", "kind": "Namespace", "name": input.namespaces[0]}}`, deny, 1)
			cat, err := LoadCatalog(testFS(t, map[string]string{"test/echo/echo.rego": src}))
			if err != nil {
				t.Fatal(err)
			}
			res := run(t, cat, []string{"KA-TEST-INV"}, inventoryDocs)
			if len(res.Findings) != 0 || res.Evaluated["KA-TEST-INV"] != 0 {
				t.Errorf("findings %+v, evaluated %v", res.Findings, res.Evaluated)
			}
			if errs := res.CheckErrors["KA-TEST-INV"]; len(errs) != 1 || !strings.Contains(errs[0], "resource") {
				t.Errorf("check errors %v, want one naming the missing resource", res.CheckErrors)
			}
		})
	}
}

func TestInventoryCheckWithoutObjectsIsNotEvaluated(t *testing.T) {
	cat := builtinCatalog(t)
	res, eng := runEngine(t, cat, []string{"KA-INV-001", "KA-INV-002"}, strings.SplitN(inventoryDocs, "\n---\n", 6)[5])
	if n := eng.inventoryEvals.Load(); n != 0 {
		t.Errorf("inventory evaluations = %d, want none: no object of their kinds", n)
	}
	for _, id := range []string{"KA-INV-001", "KA-INV-002"} {
		if res.Evaluated[id] != 0 || len(res.Skipped[id]) != 0 || len(res.Unknown[id]) != 0 || len(res.CheckErrors[id]) != 0 {
			t.Errorf("%s: evaluated %v, skipped %v, unknown %v, errors %v", id, res.Evaluated, res.Skipped, res.Unknown, res.CheckErrors)
		}
	}
}

func TestInventorySkipAndUnknown(t *testing.T) {
	cat := builtinCatalog(t)
	// Policies but no Namespace: which namespaces exist is not known.
	res := run(t, cat, []string{"KA-INV-002"}, `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny, namespace: a}`)
	if res.Evaluated["KA-INV-002"] != 0 || len(res.Skipped["KA-INV-002"]) != 1 {
		t.Errorf("evaluated %v, skipped %v", res.Evaluated, res.Skipped)
	}
	// A policy without namespace may cover b: undecided, not failed.
	res = run(t, cat, []string{"KA-INV-002"}, `apiVersion: v1
kind: Namespace
metadata: {name: b}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny}`)
	u := res.Unknown["KA-INV-002"]
	if len(u) != 1 || u[0].Object != (ObjectRef{}) || !strings.Contains(u[0].Reason, "(b)") || res.Evaluated["KA-INV-002"] != 0 || len(res.Findings) != 0 {
		t.Errorf("unknown %+v, evaluated %v, findings %+v", u, res.Evaluated, res.Findings)
	}
}

func TestInventoryKindsAreListed(t *testing.T) {
	cat := builtinCatalog(t)
	_, eng := runEngine(t, cat, []string{"KA-INV-001", "KA-INV-002"}, `apiVersion: v1
kind: ConfigMap
metadata: {name: x}`)
	got := KindNames(eng.Kinds())
	want := []string{"AdminNetworkPolicy", "BaselineAdminNetworkPolicy", "CiliumClusterwideNetworkPolicy", "CiliumNetworkPolicy", "ClusterRoleBinding",
		"GlobalNetworkPolicy.crd.projectcalico.org", "GlobalNetworkPolicy.projectcalico.org", "Namespace", "NetworkPolicy",
		"NetworkPolicy.crd.projectcalico.org", "NetworkPolicy.projectcalico.org", "RoleBinding"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Kinds() = %v, want %v (the cluster source lists these)", got, want)
	}
	for _, k := range eng.Kinds() {
		if !eng.Judges(k) {
			t.Errorf("Judges(%v) = false", k)
		}
	}
}

// scopeDocs: ConfigMaps in default and shop, one without a namespace, a
// Deployment with the ReplicaSet and Pod it owns, in default, and two Pods
// there whose controllers are not workload kinds: an operator's
// StrimziPodSet, and a Job of another API group than batch.
const scopeDocs = `apiVersion: v1
kind: ConfigMap
metadata: {name: settings, namespace: default}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: settings, namespace: shop}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: loose}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: default, uid: d1}
spec:
  template:` + privilegedTemplate + `
---
apiVersion: apps/v1
kind: ReplicaSet
metadata:
  name: web-1
  namespace: default
  uid: r1
  ownerReferences: [{apiVersion: apps/v1, kind: Deployment, name: web, uid: d1, controller: true}]
spec:
  template:` + privilegedTemplate + `
---
apiVersion: v1
kind: Pod
metadata:
  name: web-1-a
  namespace: default
  ownerReferences: [{apiVersion: apps/v1, kind: ReplicaSet, name: web-1, uid: r1, controller: true}]
spec:
  containers: [{name: app, image: app}]
---
apiVersion: v1
kind: Pod
metadata:
  name: kafka-0
  namespace: default
  ownerReferences: [{apiVersion: core.strimzi.io/v1beta2, kind: StrimziPodSet, name: kafka, uid: s1, controller: true}]
spec:
  containers: [{name: kafka, image: kafka}]
---
apiVersion: v1
kind: Pod
metadata:
  name: train-worker-0
  namespace: default
  ownerReferences: [{apiVersion: batch.volcano.sh/v1alpha1, kind: Job, name: train, uid: v1, controller: true}]
spec:
  containers: [{name: worker, image: worker}]
`

// custom.kinds ["*"] and custom.namespaces: the default-namespace check
// (KA-INV-027) reads every kind in default and the objects without a
// namespace, owned ones too (it reports them through their owner when the
// owner was read); nothing of other namespaces is kept.
func TestInventoryScope(t *testing.T) {
	cat := builtinCatalog(t)
	ch, _ := cat.Check("KA-INV-027")
	if !slices.Equal(ch.Namespaces, []string{"default"}) || !ch.EveryKind || ch.SkipOwned {
		t.Fatalf("KA-INV-027 scope: namespaces %v, every kind %v, skip owned %v", ch.Namespaces, ch.EveryKind, ch.SkipOwned)
	}
	res, eng := runEngine(t, cat, []string{"KA-INV-027"}, scopeDocs)
	var got []string
	for _, f := range res.Findings {
		got = append(got, f.Object.Kind+"/"+f.Object.Namespace+"/"+f.Object.Name)
	}
	slices.Sort(got)
	// The ReplicaSet and its pod answer to the Deployment, which was read;
	// the pods of the operator and of the Volcano Job have no workload
	// controller to answer for them: they are judged themselves.
	if want := []string{"ConfigMap/default/settings", "Deployment/default/web", "Pod/default/kafka-0", "Pod/default/train-worker-0"}; !slices.Equal(got, want) {
		t.Errorf("findings on %v, want %v", got, want)
	}
	if n := res.Evaluated["KA-INV-027"]; n != 7 {
		t.Errorf("evaluated %d objects, want the 7 in default or in no namespace", n)
	}
	owner := &ownerRef{Kind: "ReplicaSet", Name: "web-1", Workload: true}
	for _, c := range []struct {
		obj  *object
		keep bool
	}{
		{&object{gk: GroupKind{"", "ConfigMap"}, ref: ObjectRef{Namespace: "default"}}, true},
		{&object{gk: GroupKind{"", "ConfigMap"}, ref: ObjectRef{Namespace: "shop"}}, false},
		{&object{gk: GroupKind{"", "ConfigMap"}}, true},
		{&object{gk: GroupKind{"", "Pod"}, ref: ObjectRef{Namespace: "default"}, owner: owner}, true},
		{&object{gk: GroupKind{"coordination.k8s.io", "Lease"}, ref: ObjectRef{Namespace: "default"}}, true},
		{&object{gk: GroupKind{"example.com", "Widget"}, ref: ObjectRef{Namespace: "default"}}, true},
		{&object{gk: GroupKind{"rbac.authorization.k8s.io", "ClusterRole"}}, false},
		{&object{gk: NodeFacts}, false},
	} {
		if got := eng.keepsEveryKind(c.obj); got != c.keep {
			t.Errorf("keeps %s in %q (owner %v) = %v, want %v", c.obj.gk, c.obj.ref.Namespace, c.obj.owner != nil, got, c.keep)
		}
	}
}

// An object named only by generateName (a manifest) is named by it in the
// inventory checks' findings, as everywhere else in the report: without a
// metadata.name they built no finding, and the object passed.
func TestInventoryObjectsNamedByGenerateName(t *testing.T) {
	cat := builtinCatalog(t)
	docs := `apiVersion: v1
kind: Pod
metadata: {generateName: debug-, namespace: default}
spec:
  containers: [{name: sh, image: busybox}]
---
apiVersion: v1
kind: Pod
metadata: {generateName: probe-, namespace: kube-system}
spec:
  containers: [{name: sh, image: busybox}]`
	res, _ := runEngine(t, cat, []string{"KA-INV-012", "KA-INV-027"}, docs)
	var got []string
	for _, f := range res.Findings {
		got = append(got, f.CheckID+" "+f.Object.Namespace+"/"+f.Object.Name)
	}
	slices.Sort(got)
	if want := []string{"KA-INV-012 kube-system/probe-", "KA-INV-027 default/debug-"}; !slices.Equal(got, want) {
		t.Errorf("findings %q, want %q", got, want)
	}
}
