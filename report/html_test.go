package report_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/kubeassay/kubeassay/checks"
	"github.com/kubeassay/kubeassay/report"
	"github.com/kubeassay/kubeassay/scan"
)

// htmlFixture scans the demo workload and one more manifest (a namespace
// and a name that are not ASCII) and writes the HTML report.
func htmlFixture(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	demo, err := os.ReadDir("../testdata/demo")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range demo {
		data, err := os.ReadFile(filepath.Join("../testdata/demo", e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, e.Name()), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	extra := "apiVersion: v1\nkind: Pod\nmetadata: {name: café-ü, namespace: équipe}\nspec:\n  hostNetwork: true\n  containers:\n  - {name: app, image: nginx}\n"
	if err := os.WriteFile(filepath.Join(dir, "extra.yaml"), []byte(extra), 0o644); err != nil {
		t.Fatal(err)
	}
	b, err := scan.LoadBuiltin()
	if err != nil {
		t.Fatal(err)
	}
	res, err := scan.Run(context.Background(), b, scan.Options{Benchmarks: []string{"pss-baseline", "pss-restricted"}, Files: []string{dir}, ToolVersion: "test"})
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "report.html")
	if err := os.WriteFile(path, []byte(renderHTML(t, res)), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// browser starts Debian's headless Chromium (make test installs it) and
// records every network request and every console error or exception
// (chromedp enables the network and runtime domains of each page).
func browser(t *testing.T) (context.Context, func() (requests, problems []string)) {
	t.Helper()
	chromium, err := exec.LookPath("chromium")
	if err != nil {
		t.Fatal("chromium is not installed (make test installs it: dev/install-report-tools.sh)")
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(chromium), chromedp.NoSandbox, chromedp.WindowSize(1280, 1000))
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(actx)
	ctx, cancelTimeout := context.WithTimeout(ctx, 90*time.Second)
	t.Cleanup(func() { cancelTimeout(); cancelCtx(); cancelAlloc() })
	var mu sync.Mutex
	var requests, problems []string
	err = chromedp.Listen(ctx, func(ev any) {
		mu.Lock()
		defer mu.Unlock()
		switch e := ev.(type) {
		case *network.EventRequestWillBeSent:
			requests = append(requests, e.Request.URL)
		case *runtime.EventConsoleAPICalled:
			if e.Type == runtime.ConsoleAPICalledTypeError || e.Type == runtime.ConsoleAPICalledTypeWarning {
				problems = append(problems, "console "+string(e.Type))
			}
		case *runtime.EventExceptionThrown:
			problems = append(problems, "exception: "+e.ExceptionDetails.Text)
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	return ctx, func() ([]string, []string) {
		mu.Lock()
		defer mu.Unlock()
		return append([]string(nil), requests...), append([]string(nil), problems...)
	}
}

// TestHTMLReportInABrowser opens the report in headless Chromium: no
// console error, no request leaves the page, the filters and the search
// change what is visible, a deep link opens its control with its findings,
// and a screenshot is saved.
func TestHTMLReportInABrowser(t *testing.T) {
	page := htmlFixture(t)
	url := "file://" + page
	ctx, seen := browser(t)
	do := func(steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, steps...); err != nil {
			t.Fatal(err)
		}
	}
	evalInt := func(expr string) int {
		t.Helper()
		n, err := chromedp.Run(ctx, chromedp.Evaluate[int](expr))
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	// set changes a form field as a user would, and fires its event.
	set := func(id, value, event string) {
		t.Helper()
		js, _ := json.Marshal(value)
		do(chromedp.Evaluate[chromedp.Void](`void (e => { e.value = ` + string(js) + `; e.dispatchEvent(new Event("` + event + `")) })(document.getElementById("` + id + `"))`))
	}
	visible := func() int {
		return evalInt(`document.querySelectorAll("details.control:not([hidden])").length`)
	}
	do(chromedp.Navigate(url), chromedp.WaitVisible(chromedp.CSS("#f-count")))
	total := evalInt(`document.querySelectorAll("details.control").length`)
	initial := visible()
	if initial == 0 || initial >= total {
		t.Fatalf("%d of %d controls visible at load, want the non-PASS ones", initial, total)
	}

	// Unticking FAIL hides the failed controls.
	do(chromedp.Click(chromedp.CSS(`input[name=status][value=FAIL]`)))
	if n := visible(); n >= initial {
		t.Errorf("unticking FAIL left %d controls visible (was %d)", n, initial)
	}
	do(chromedp.Click(chromedp.CSS(`input[name=status][value=FAIL]`)))
	if n := visible(); n != initial {
		t.Errorf("ticking FAIL again shows %d controls, want %d", n, initial)
	}

	// The search box finds the non-ASCII pod's control and little else.
	do(chromedp.SendKeys(chromedp.CSS("#f-search"), "café-ü"))
	ids, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll("details.control:not([hidden])")).map(d => d.dataset.control)`))
	if err != nil {
		t.Fatal(err)
	}
	if len(ids) == 0 || len(ids) >= initial || !slices.Contains(ids, "baseline.host-namespaces") {
		t.Errorf("search café-ü shows %v", ids)
	}
	set("f-search", "", "input")

	// The namespace filter keeps the controls with findings in it.
	set("f-namespace", "équipe", "change")
	if n := visible(); n == 0 || n >= initial {
		t.Errorf("namespace équipe shows %d controls (of %d)", n, initial)
	}
	// A printout says which filters made it: the filters are not printed.
	note, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById("f-print").textContent`))
	if err != nil {
		t.Fatal(err)
	}
	if want := fmt.Sprintf("of %d controls shown", total); !strings.Contains(note, "namespace équipe") || !strings.Contains(note, "status ") || !strings.Contains(note, want) {
		t.Errorf("print note %q does not name the filters and %q", note, want)
	}

	// A deep link opens its control with all its findings, clearing the
	// filters (here: namespace équipe, which has none of them).
	do(chromedp.Navigate(url+"#baseline.privileged"), chromedp.WaitVisible(chromedp.CSS("#f-count")))
	open := evalInt(`document.querySelector('[data-control="baseline.privileged"]').open ? 1 : 0`)
	rows := evalInt(`document.querySelector('[data-control="baseline.privileged"]').querySelectorAll("table.findings tbody tr:not([hidden])").length`)
	if open != 1 || rows == 0 {
		t.Errorf("#baseline.privileged: open %v, %d finding rows", open == 1, rows)
	}
	// The same control of pss-restricted shares the findings table, kept
	// once in the page: opened, it shows the same rows.
	if n := evalInt(`document.querySelectorAll("#finding-sets template").length`); n == 0 || n >= evalInt(`document.querySelectorAll("details.control[data-findings]").length`) {
		t.Errorf("%d findings tables for the controls with findings: none is shared", n)
	}
	do(chromedp.Navigate(url+"#pss-restricted/baseline.privileged"), chromedp.WaitVisible(chromedp.CSS("#f-count")))
	again := evalInt(`document.getElementById("pss-restricted/baseline.privileged").querySelectorAll("table.findings tbody tr").length`)
	if again != rows {
		t.Errorf("pss-restricted/baseline.privileged shows %d rows, pss-baseline's %d", again, rows)
	}

	shot, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(os.TempDir(), "kubeassay-html-report.png")
	if err := os.WriteFile(out, shot, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s", out)

	requests, problems := seen()
	for _, r := range requests {
		if !strings.HasPrefix(r, "file://"+page) && !strings.HasPrefix(r, "data:") {
			t.Errorf("the page made a request: %s", r)
		}
	}
	if len(requests) == 0 {
		t.Error("no request was seen at all: the listener is not working")
	}
	if len(problems) > 0 {
		t.Errorf("console: %v", problems)
	}
}

// TestLargeResultRenders: a result the size of a 100k-object scan's (50,000
// findings over a few controls, in two benchmarks) renders as HTML and as PDF, within the
// sizes users can open (15 MB, 10 MB: the PDF caps its evidence).
func TestLargeResultRenders(t *testing.T) {
	res := &report.Result{APIVersion: report.APIVersion, Kind: report.Kind, Metadata: report.Metadata{ToolVersion: "test", Objects: map[string]int{"Pod": 100000}}}
	b := report.Benchmark{ID: "pss-restricted", Title: "Restricted", Version: "v1.37", Sections: []report.Section{{ID: "restricted", Title: "Restricted"}}}
	for c := 0; c < 5; c++ {
		id := fmt.Sprintf("KA-POD-%03d", c)
		ctl := report.Control{ID: fmt.Sprintf("restricted.c%d", c), Title: "A control", Section: "restricted", Severity: "high", Automated: true, Status: report.StatusFail,
			Checks: []string{id}, Failed: 10000}
		rec := report.CheckResult{ID: id, Evaluated: 10000}
		for i := 0; i < 10000; i++ {
			rec.Findings = append(rec.Findings, report.Finding{
				Status: report.StatusFail, Check: id, Message: fmt.Sprintf(`container "app-%d" is privileged`, i),
				Path: "spec.template.spec.containers[0].securityContext.privileged", Value: true,
				Resource: report.Resource{APIVersion: "apps/v1", Kind: "Deployment", Namespace: fmt.Sprintf("team-%03d", i%300), Name: fmt.Sprintf("web-%05d", i)},
			})
		}
		report.SortFindings(rec.Findings)
		res.Checks = append(res.Checks, rec)
		b.Controls = append(b.Controls, ctl)
	}
	// A second benchmark reporting the same checks (as CIS, NSA and PSS
	// do) shares the findings: the HTML holds them once.
	other := b
	other.ID, other.Title = "cis-1.12", "CIS"
	res.Benchmarks = []report.Benchmark{b, other}
	for format, limit := range map[string]int{"html": 15 << 20, "pdf": 10 << 20} {
		w, err := report.NewWriter(format, report.Options{})
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := w.Write(&buf, res); err != nil {
			t.Fatalf("%s: %v", format, err)
		}
		if buf.Len() == 0 || buf.Len() > limit {
			t.Errorf("%s: %d bytes, want at most %d", format, buf.Len(), limit)
		}
		if format == "html" && bytes.Count(buf.Bytes(), []byte("<tr data-ns=")) != 50000 {
			t.Errorf("html: %d finding rows, want 50000", bytes.Count(buf.Bytes(), []byte("<tr data-ns=")))
		}
	}
}

// A finding about a Namespace object ("namespace payments has no
// NetworkPolicy") belongs to that namespace for the namespace filter: its
// control and its row are shown when payments is chosen, and payments is a
// choice.
func TestHTMLNamespaceFilterKnowsNamespaceFindings(t *testing.T) {
	res := &report.Result{APIVersion: report.APIVersion, Kind: report.Kind, Metadata: report.Metadata{ToolVersion: "test", Objects: map[string]int{"Namespace": 1}}}
	b := report.Benchmark{ID: "cis-1.12", Title: "CIS", Version: "1.12", Sections: []report.Section{{ID: "5.3", Title: "Network Policies"}}}
	b.Controls = []report.Control{{ID: "5.3.2", Title: "Every namespace has a NetworkPolicy", Section: "5.3", Severity: "medium", Automated: true, Status: report.StatusFail,
		Checks: []string{"KA-INV-002"}, Evaluated: 3, Failed: 1}}
	res.Checks = []report.CheckResult{{ID: "KA-INV-002", Evaluated: 3,
		Findings: []report.Finding{{Status: report.StatusFail, Check: "KA-INV-002", Message: `namespace "payments" has no NetworkPolicy`,
			Resource: report.Resource{APIVersion: "v1", Kind: "Namespace", Name: "payments"}, Origin: &checks.Origin{File: "cluster.yaml", Document: 3}}}}}
	// A benchmark whose only control could not be decided has no score:
	// the page says why rather than n/a.
	undecided := report.Benchmark{ID: "nsa-cisa-1.2", Title: "NSA", Version: "1.2", Sections: []report.Section{{ID: "network", Title: "Network"}},
		Score: report.Score{Error: 1},
		Controls: []report.Control{{ID: "nsa.network.default-deny", Title: "Default deny", Section: "network", Severity: "medium", Automated: true,
			Status: report.StatusError, Reason: "CiliumNetworkPolicy could not be read: forbidden"}}}
	res.Benchmarks = []report.Benchmark{b, undecided}
	page := renderHTML(t, res)
	if !strings.Contains(page, "Score <strong>not decided</strong>") {
		t.Error("an all-ERROR benchmark's score is not said to be undecided")
	}
	// Each finding names its check and where its object was read; each
	// control how many objects were judged; an ERROR's reason is under its
	// title, not only inside the collapsed body.
	for _, want := range []string{`data-control="5.3.2" data-status="FAIL" data-severity="medium" data-ns="payments"`, `<tr data-ns="payments">`, `<option>payments</option>`,
		`<small class="origin">cluster.yaml: document 3</small>`, `<td>KA-INV-002`, `3 objects judged by KA-INV-002`,
		`<span class="why">CiliumNetworkPolicy could not be read: forbidden</span></summary>`} {
		if !strings.Contains(page, want) {
			t.Errorf("no %s in the page", want)
		}
	}
}

// renderHTML writes res as the HTML report.
func renderHTML(t *testing.T, res *report.Result) string {
	t.Helper()
	w, err := report.NewWriter("html", report.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := w.Write(&buf, res); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}
