package verdict

import (
	"strings"
	"testing"

	"github.com/kubeassay/kubeassay/benchmarks"
	"github.com/kubeassay/kubeassay/checks"
	"github.com/kubeassay/kubeassay/policies"
	"github.com/kubeassay/kubeassay/report"
)

func TestScore(t *testing.T) {
	controls := []report.Control{
		{Automated: true, Severity: "critical", Status: report.StatusPass},
		{Automated: true, Severity: "low", Status: report.StatusFail},
		{Automated: true, Severity: "high", Status: report.StatusFail},
		{Automated: true, Severity: "high", Status: report.StatusSkip},
		{Automated: true, Severity: "medium", Status: report.StatusError},
		{Automated: true, Severity: "medium", Status: report.StatusWarn},
		{Automated: false, Severity: "high", Status: report.StatusManual},
	}
	s := score(controls)
	if s.Pass != 1 || s.Fail != 2 || s.Skip != 1 || s.Error != 1 || s.Warn != 1 || s.Manual != 1 {
		t.Errorf("counts %+v", s)
	}
	// 1 of 4 passed (the ERROR is not met); by weight 10 of 10+1+6+3.
	if s.Percent == nil || *s.Percent != 25 {
		t.Errorf("percent %v, want 25", fmtPct(s.Percent))
	}
	if s.WeightedPercent == nil || *s.WeightedPercent != 50 {
		t.Errorf("weighted %v, want 50", fmtPct(s.WeightedPercent))
	}
	for _, cs := range [][]report.Control{
		{{Automated: true, Status: report.StatusSkip}},
		{{Automated: true, Severity: "high", Status: report.StatusError}},
	} {
		if e := score(cs); e.Percent != nil || e.WeightedPercent != nil {
			t.Errorf("nothing passed or failed should have no percentage: %+v", e)
		}
	}
	// A FAIL that becomes ERROR (its input broke) never raises the score.
	before := score([]report.Control{{Automated: true, Severity: "high", Status: report.StatusPass}, {Automated: true, Severity: "high", Status: report.StatusFail}})
	after := score([]report.Control{{Automated: true, Severity: "high", Status: report.StatusPass}, {Automated: true, Severity: "high", Status: report.StatusError}})
	if *after.Percent > *before.Percent || *after.WeightedPercent > *before.WeightedPercent {
		t.Errorf("FAIL -> ERROR raised the score: %v -> %v", *before.Percent, *after.Percent)
	}
}

func TestUnreadableKindIsErrorNeverPass(t *testing.T) {
	cat, err := checks.LoadCatalog(policies.FS)
	if err != nil {
		t.Fatal(err)
	}
	bs, err := benchmarks.LoadBuiltin(cat)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := benchmarks.Find(bs, "pss-baseline")
	// Deployments were read and are clean; pods could not be listed.
	res := &checks.Result{Objects: map[string]int{"Deployment": 3}, Evaluated: map[string]int{}, CheckErrors: map[string][]string{}}
	for _, ch := range cat.Checks {
		res.Evaluated[ch.ID] = 3
	}
	r := Build(Run{Unavailable: map[string]string{"Pod": "forbidden: the credentials may not list pods"}}, []*benchmarks.Benchmark{b}, cat, res)
	for _, c := range r.Benchmarks[0].Controls {
		if c.Status != report.StatusError || !strings.Contains(c.Reason, "Pod could not be read: forbidden") {
			t.Errorf("%s: %s %q, want ERROR naming the unreadable pods", c.ID, c.Status, c.Reason)
		}
	}
	if r.Benchmarks[0].Score.Pass != 0 {
		t.Error("a control passed although pods could not be read")
	}
}

// An inventory check judges its kinds as a whole: a kind it needs that could
// not be listed, or an unread document of one of its kinds, leaves its
// control ERROR although what was read is clean; nothing of its kinds read is
// SKIP; an undecided inventory (no object named) is ERROR with the reason.
func TestInventoryControlsNeverPassOnUnreadKinds(t *testing.T) {
	cat, err := checks.LoadCatalog(policies.FS)
	if err != nil {
		t.Fatal(err)
	}
	bs, err := benchmarks.LoadBuiltin(cat)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := benchmarks.Find(bs, "cis-1.12")
	status := func(run Run, res *checks.Result, id string) report.Control {
		t.Helper()
		for _, c := range Build(run, []*benchmarks.Benchmark{b}, cat, res).Benchmarks[0].Controls {
			if c.ID == id {
				return c
			}
		}
		t.Fatalf("no control %s", id)
		return report.Control{}
	}
	clean := func() *checks.Result {
		return &checks.Result{Objects: map[string]int{"Namespace": 2, "NetworkPolicy": 2, "ClusterRoleBinding": 1},
			Evaluated: map[string]int{"KA-INV-001": 1, "KA-INV-002": 4}, CheckErrors: map[string][]string{}}
	}
	if c := status(Run{}, clean(), "5.3.2"); c.Status != report.StatusPass {
		t.Errorf("clean: %s %q", c.Status, c.Reason)
	}
	// NetworkPolicies could not be listed: every namespace might lack one.
	c := status(Run{Unavailable: map[string]string{"NetworkPolicy": "forbidden"}}, clean(), "5.3.2")
	if c.Status != report.StatusError || !strings.Contains(c.Reason, "NetworkPolicy could not be read: forbidden") {
		t.Errorf("unavailable NetworkPolicy: %s %q", c.Status, c.Reason)
	}
	c = status(Run{Unavailable: map[string]string{"RoleBinding": "forbidden"}}, clean(), "5.1.1")
	if c.Status != report.StatusError || !strings.Contains(c.Reason, "RoleBinding could not be read") {
		t.Errorf("unavailable RoleBinding: %s %q", c.Status, c.Reason)
	}
	// A Namespace document that did not parse.
	res := clean()
	res.InputErrors = []checks.InputError{{Origin: checks.Origin{File: "ns.yaml", Document: 2}, Kind: "Namespace", Message: "invalid YAML"}}
	if c := status(Run{}, res, "5.3.2"); c.Status != report.StatusError || !strings.Contains(c.Reason, "ns.yaml: document 2") {
		t.Errorf("unread Namespace: %s %q", c.Status, c.Reason)
	}
	if c := status(Run{}, res, "5.1.1"); c.Status != report.StatusPass {
		t.Errorf("an unread Namespace changes 5.1.1: %s %q", c.Status, c.Reason)
	}
	// Nothing of its kinds in the input.
	empty := &checks.Result{Objects: map[string]int{"Deployment": 1}, Evaluated: map[string]int{}, CheckErrors: map[string][]string{}}
	if c := status(Run{}, empty, "5.3.2"); c.Status != report.StatusSkip || !strings.Contains(c.Reason, "Namespace, NetworkPolicy, NetworkPolicy.crd.projectcalico.org") {
		t.Errorf("no object: %s %q", c.Status, c.Reason)
	}
	// 5.6.4 judges every kind in default: any kind that could not be
	// listed, and any document that could not be read, may hide one.
	inDefault := &checks.Result{Objects: map[string]int{"ServiceAccount": 1}, Evaluated: map[string]int{"KA-INV-027": 1}, CheckErrors: map[string][]string{}}
	if c := status(Run{}, inDefault, "5.6.4"); c.Status != report.StatusPass {
		t.Errorf("5.6.4 clean: %s %q", c.Status, c.Reason)
	}
	c = status(Run{Unavailable: map[string]string{"Widget.example.com": "forbidden"}}, inDefault, "5.6.4")
	if c.Status != report.StatusError || !strings.Contains(c.Reason, "Widget.example.com could not be read: forbidden") {
		t.Errorf("5.6.4 with an unlisted kind: %s %q", c.Status, c.Reason)
	}
	many := map[string]string{}
	for _, k := range []string{"Lease.coordination.k8s.io", "PersistentVolumeClaim", "PodTemplate", "Role.rbac.authorization.k8s.io", "RoleBinding.rbac.authorization.k8s.io", "Secret", "Widget.example.com"} {
		many[k] = "forbidden: the credentials may not list " + k
	}
	c = status(Run{Unavailable: many}, inDefault, "5.6.4")
	if c.Status != report.StatusError || !strings.Contains(c.Reason, "7 kinds could not be read (Lease.coordination.k8s.io, PersistentVolumeClaim, PodTemplate, Role.rbac.authorization.k8s.io, RoleBinding.rbac.authorization.k8s.io and 2 more") ||
		!strings.Contains(c.Reason, "may not list Lease.coordination.k8s.io") {
		t.Errorf("5.6.4 with many unlisted kinds: %s %q", c.Status, c.Reason)
	}
	// What cannot be in a namespace hides nothing there.
	unreadNode := &checks.Result{Objects: inDefault.Objects, Evaluated: inDefault.Evaluated, CheckErrors: map[string][]string{},
		InputErrors: []checks.InputError{{Origin: checks.Origin{File: "node/cp-1"}, Kind: "NodeFacts", Message: "did not arrive"}}}
	if c := status(Run{Unavailable: map[string]string{"ClusterRole": "forbidden"}}, unreadNode, "5.6.4"); c.Status != report.StatusPass {
		t.Errorf("5.6.4 with an unlisted cluster-scoped kind and unread node facts: %s %q", c.Status, c.Reason)
	}
	unreadWidget := &checks.Result{Objects: inDefault.Objects, Evaluated: inDefault.Evaluated, CheckErrors: map[string][]string{},
		InputErrors: []checks.InputError{{Origin: checks.Origin{File: "w.yaml", Document: 1}, Kind: "Widget", Message: "invalid YAML"}}}
	if c := status(Run{}, unreadWidget, "5.6.4"); c.Status != report.StatusError || !strings.Contains(c.Reason, "w.yaml: document 1") {
		t.Errorf("5.6.4 with an unread document: %s %q", c.Status, c.Reason)
	}
	if c := status(Run{}, empty, "5.6.4"); c.Status != report.StatusSkip || !strings.Contains(c.Reason, "namespaces this control judges (default)") {
		t.Errorf("5.6.4 with nothing in default: %s %q", c.Status, c.Reason)
	}
	// A finding that says a namespace has no policy is unproven while a
	// policy kind could not be read (custom.absence): ERROR naming it, not
	// FAIL; a Namespace that could not be listed proves nothing missing and
	// leaves the finding standing.
	open := func() *checks.Result {
		r := clean()
		r.Findings = []checks.ObjectFinding{{Finding: checks.Finding{CheckID: "KA-INV-002", Message: `namespace "open" has no NetworkPolicy`},
			Object: checks.ObjectRef{APIVersion: "v1", Kind: "Namespace", Name: "open"}}}
		return r
	}
	c = status(Run{Unavailable: map[string]string{"CiliumClusterwideNetworkPolicy": "forbidden"}}, open(), "5.3.2")
	if c.Status != report.StatusError || c.FindingCount() != 0 || !strings.Contains(c.Reason, "1 objects may lack what the control asks for (Namespace/open)") ||
		!strings.Contains(c.Reason, "CiliumClusterwideNetworkPolicy could not be read: forbidden") {
		t.Errorf("absence with an unread policy kind: %s %q %v", c.Status, c.Reason, c.FindingCount())
	}
	unreadPolicy := open()
	unreadPolicy.InputErrors = []checks.InputError{{Origin: checks.Origin{File: "np.yaml", Document: 1}, Kind: "NetworkPolicy", Message: "invalid YAML"}}
	if c := status(Run{}, unreadPolicy, "5.3.2"); c.Status != report.StatusError || c.FindingCount() != 0 {
		t.Errorf("absence with an unread NetworkPolicy document: %s %q %v", c.Status, c.Reason, c.FindingCount())
	}
	c = status(Run{Unavailable: map[string]string{"Namespace": "the listing was cut short"}}, open(), "5.3.2")
	if c.Status != report.StatusFail || c.FindingCount() != 1 || !strings.Contains(c.Reason, "Namespace could not be read") {
		t.Errorf("absence with Namespaces read in part: %s %q %v", c.Status, c.Reason, c.FindingCount())
	}
	if c := status(Run{}, open(), "5.3.2"); c.Status != report.StatusFail || c.FindingCount() != 1 {
		t.Errorf("absence with everything read: %s %q %v", c.Status, c.Reason, c.FindingCount())
	}
	// A check that finds what is there (a binding to cluster-admin) keeps
	// its FAIL whatever else could not be read.
	bound := clean()
	bound.Findings = []checks.ObjectFinding{{Finding: checks.Finding{CheckID: "KA-INV-001", Message: "binds cluster-admin"},
		Object: checks.ObjectRef{APIVersion: "rbac.authorization.k8s.io/v1", Kind: "ClusterRoleBinding", Name: "ci-admin"}}}
	if c := status(Run{Unavailable: map[string]string{"RoleBinding": "forbidden"}}, bound, "5.1.1"); c.Status != report.StatusFail || c.FindingCount() != 1 {
		t.Errorf("5.1.1 with a finding and RoleBindings unread: %s %q", c.Status, c.Reason)
	}
	// Undecided as a whole: the reason is the check's, without an object.
	res = clean()
	res.Evaluated = map[string]int{}
	res.Unknown = map[string][]checks.Unknown{"KA-INV-002": {{Reason: "1 namespaces ... could be covered"}}}
	if c := status(Run{}, res, "5.3.2"); c.Status != report.StatusError || !strings.HasPrefix(c.Reason, "not decided: 1 namespaces ... could be covered") {
		t.Errorf("unknown: %s %q", c.Status, c.Reason)
	}
	// Only the unknowns that name an object are counted as objects.
	res.Unknown["KA-INV-002"] = append(res.Unknown["KA-INV-002"],
		checks.Unknown{Object: checks.ObjectRef{Kind: "Namespace", Name: "shop"}, Reason: "its policies were not read"},
		checks.Unknown{Object: checks.ObjectRef{Kind: "Namespace", Name: "web"}, Reason: "its policies were not read"})
	if c := status(Run{}, res, "5.3.2"); c.Status != report.StatusError || !strings.HasPrefix(c.Reason, "not decided for 2 objects: ") {
		t.Errorf("unknown with objects: %s %q", c.Status, c.Reason)
	}
}

func fmtPct(p *float64) any {
	if p == nil {
		return "n/a"
	}
	return *p
}
