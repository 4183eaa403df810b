package report_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"image/png"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kubeassay/kubeassay/checks"
	"github.com/kubeassay/kubeassay/report"
	"github.com/kubeassay/kubeassay/scan"
)

func TestPDFEvidence(t *testing.T) {
	res := demoPlusResult(t)
	path := writePDF(t, "demo.pdf", renderPDF(t, res, report.Options{}))

	info := readInfo(t, path)
	if info.pages < 5 {
		t.Errorf("the demo PDF has %d pages, want at least 5", info.pages)
	}
	if !near(info.width, 595.28) || !near(info.height, 841.89) {
		t.Errorf("default page size is %.2f x %.2f pts, want A4 595 x 842", info.width, info.height)
	}
	if got := info.fields["CreationDate"]; !strings.Contains(got, "2026") || !strings.Contains(got, "Nov") {
		t.Errorf("CreationDate %q is not the scan's finish time", got)
	}

	raw, text := pdfText(t, path)
	sum := jsonSHA256(t, res)
	want := []string{
		"Kubernetes security audit evidence",
		res.Metadata.PolicyDigest,
		sum,
		"café-ü", "équipe", "Pod/équipe/café-ü",
		"Scan identity not recorded",
		"2026-11-01 12:00:00 UTC", "2026-11-01 12:00:01 UTC",
		"v0.0.0-test",
		"scan -f testdata/demo -f accented.yaml -b pss-baseline,pss-restricted -o pdf=evidence.pdf",
		"sha256sum result.json",
		"kubeassay report result.json -o pdf=evidence.pdf",
		"Input documents that could not be read",
		"Kinds not served not applicable: no live cluster was listed",
		fmt.Sprintf("page 1 of %d", info.pages),
		fmt.Sprintf("page %d of %d", info.pages, info.pages),
		fmt.Sprintf("End of the evidence report: %d pages.", info.pages),
		"Remediation",
		"field: spec.containers[0].securityContext.privileged",
		"value: true",
	}
	for _, b := range res.Benchmarks {
		want = append(want, b.Title)
		for _, c := range b.Controls {
			if c.Status == report.StatusFail || c.Status == report.StatusError {
				want = append(want, c.ID)
			}
		}
	}
	for _, s := range want {
		if !strings.Contains(text, s) {
			t.Errorf("the PDF's text lacks %q", s)
		}
	}
	// The status words label the chart's bars: colour is not the only
	// signal.
	for _, st := range []string{"PASS", "FAIL", "ERROR", "WARN", "SKIP", "MANUAL"} {
		if !regexp.MustCompile(`(?m)^\s*` + st + `\s.*\s` + st + ` \d+\s*$`).MatchString(raw) {
			t.Errorf("no chart bar labelled %s with its count", st)
		}
	}
	// The running header on every page but the cover.
	if n := strings.Count(text, "kubeassay evidence · "); n != info.pages-1 {
		t.Errorf("the running header is on %d pages, want %d", n, info.pages-1)
	}
	// The footer ties every page to the JSON result, and numbers it.
	pages := strings.Split(strings.TrimSuffix(raw, "\f"), "\f")
	if len(pages) != info.pages {
		t.Fatalf("pdftotext gave %d pages, pdfinfo %d", len(pages), info.pages)
	}
	for i, p := range pages {
		if !strings.Contains(p, "JSON result SHA-256 "+sum) || !strings.Contains(p, fmt.Sprintf("page %d of %d", i+1, info.pages)) {
			t.Errorf("page %d lacks the footer", i+1)
		}
	}
}

func near(a, b float64) bool { return a-b < 0.5 && b-a < 0.5 }

func TestPDFOutline(t *testing.T) {
	res := demoPlusResult(t)
	path := writePDF(t, "outline.pdf", renderPDF(t, res, report.Options{}))
	items := readOutline(t, path)
	titles := map[string]outlineItem{}
	for _, it := range items {
		titles[it.Title] = it
	}
	for _, want := range []struct {
		title string
		level int
	}{
		{"Cover and scope", 0},
		{"Scope", 1},
		{"Coverage gaps", 1},
		{"Pod Security Standards, Baseline (pss-baseline v1.37)", 0},
		{"Pod Security Standards, Restricted (pss-restricted v1.37)", 0},
		{"Summary", 1},
		{"Section Baseline", 1},
		{"Section Restricted", 1},
		{"baseline.privileged Privileged Containers (FAIL)", 2},
		{"Appendix: how this report was produced", 0},
		{"JSON result SHA-256", 1},
		{"Policy digest", 1},
	} {
		it, ok := titles[want.title]
		if !ok {
			t.Errorf("the outline has no entry %q; it has %q", want.title, keys(titles))
			continue
		}
		if it.Level != want.level {
			t.Errorf("outline entry %q is at level %d, want %d", want.title, it.Level, want.level)
		}
		if it.Page < 1 {
			t.Errorf("outline entry %q points at no page", want.title)
		}
	}
	// Each benchmark's entry points at the page that starts it.
	info := readInfo(t, path)
	if p := titles["Appendix: how this report was produced"].Page; p < 3 || p > info.pages {
		t.Errorf("the appendix bookmark points at page %d of %d", p, info.pages)
	}
}

func keys(m map[string]outlineItem) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

func TestPDFPaperSizes(t *testing.T) {
	res := demoPlusResult(t)
	for _, tt := range []struct {
		paper string
		w, h  float64
	}{
		{"", 595.28, 841.89},
		{"a4", 595.28, 841.89},
		{"letter", 612, 792},
	} {
		info := readInfo(t, writePDF(t, "paper-"+tt.paper+".pdf", renderPDF(t, res, report.Options{Paper: tt.paper})))
		if !near(info.width, tt.w) || !near(info.height, tt.h) {
			t.Errorf("paper %q: %.2f x %.2f pts, want %.2f x %.2f", tt.paper, info.width, info.height, tt.w, tt.h)
		}
	}
	w, err := report.NewWriter("pdf", report.Options{Paper: "legal"})
	if err != nil {
		t.Fatal(err)
	}
	err = w.Write(&bytes.Buffer{}, res)
	if err == nil || !strings.Contains(err.Error(), `"legal"`) {
		t.Errorf("paper legal: want an error naming it, got %v", err)
	}
}

// TestPDFCapsFindings scans 40 privileged pods: the PDF lists 25 and says
// how many more the JSON result has.
func TestPDFCapsFindings(t *testing.T) {
	var b strings.Builder
	for i := range 40 {
		fmt.Fprintf(&b, "---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: priv-%02d\n  namespace: many\nspec:\n  containers:\n    - name: c\n      image: busybox:1\n      securityContext:\n        privileged: true\n", i)
	}
	file := filepath.Join(t.TempDir(), "many.yaml")
	if err := os.WriteFile(file, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	res := pdfScan(t, scan.Options{Benchmarks: []string{"pss-baseline"}, Files: []string{file}})
	var priv *report.Control
	for i, c := range res.Benchmarks[0].Controls {
		if c.ID == "baseline.privileged" {
			priv = &res.Benchmarks[0].Controls[i]
		}
	}
	if priv == nil || len(res.ControlFindings(priv)) != 40 || priv.Failed != 40 {
		t.Fatalf("want 40 findings of baseline.privileged, got %v", priv)
	}
	// --max-findings is the table's: the PDF lists 25 whatever it says.
	data := renderPDF(t, res, report.Options{})
	if !bytes.Equal(data, renderPDF(t, res, report.Options{MaxFindings: report.DefaultMaxFindings})) ||
		!bytes.Equal(data, renderPDF(t, res, report.Options{MaxFindings: -1})) {
		t.Error("MaxFindings changed the PDF")
	}
	path := writePDF(t, "capped.pdf", data)
	_, text := pdfText(t, path)
	if !strings.Contains(text, "and 15 more (see the JSON result)") {
		t.Error("the PDF does not say that 15 more findings are in the JSON result")
	}
	if !strings.Contains(text, "Pod/many/priv-24") || strings.Contains(text, "Pod/many/priv-25") {
		t.Error("the PDF should list priv-00 to priv-24 and no more")
	}
}

// TestPDFDeterministic renders the same scan three times, from three scans:
// the bytes are the same.
func TestPDFDeterministic(t *testing.T) {
	extra := filepath.Join(t.TempDir(), "accented.yaml")
	if err := os.WriteFile(extra, []byte(accented), 0o644); err != nil {
		t.Fatal(err)
	}
	var outs [][]byte
	for range 3 {
		outs = append(outs, renderPDF(t, demoPlusResultFrom(t, extra), report.Options{}))
	}
	if !bytes.Equal(outs[0], outs[1]) || !bytes.Equal(outs[1], outs[2]) {
		t.Error("the same result gave different PDF bytes")
	}
	node := nodeResult(t)
	if !bytes.Equal(renderPDF(t, node, report.Options{Paper: "letter"}), renderPDF(t, node, report.Options{Paper: "letter"})) {
		t.Error("the same node result gave different PDF bytes")
	}
}

// TestPDFReRendersFromJSON reads the JSON result back, as kubeassay report
// does, and renders it: the PDF is the same, byte for byte, and the JSON's
// SHA-256 is the one the PDF states.
func TestPDFReRendersFromJSON(t *testing.T) {
	res := demoPlusResult(t)
	var js bytes.Buffer
	w, _ := report.NewWriter("json", report.Options{})
	if err := w.Write(&js, res); err != nil {
		t.Fatal(err)
	}
	back, err := report.Read(bytes.NewReader(js.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	first := renderPDF(t, res, report.Options{})
	if !bytes.Equal(first, renderPDF(t, back, report.Options{})) {
		t.Error("the PDF rendered from the JSON result differs from the PDF of the scan")
	}
	sum := sha256.Sum256(js.Bytes())
	_, text := pdfText(t, writePDF(t, "rerender.pdf", first))
	if !strings.Contains(text, hex.EncodeToString(sum[:])) {
		t.Error("the PDF does not state the sha256sum of the JSON result")
	}
}

// TestPDFChecklist renders a node scan against CIS 1.12: its manual controls
// become a checklist with room for the auditor's result and signature.
func TestPDFChecklist(t *testing.T) {
	res := nodeResult(t)
	path := writePDF(t, "node.pdf", renderPDF(t, res, report.Options{Paper: "letter"}))
	info := readInfo(t, path)
	if info.pages < 20 {
		t.Errorf("the CIS node PDF has %d pages, want at least 20", info.pages)
	}
	_, text := pdfText(t, path)
	manual := 0
	for _, c := range res.Benchmarks[0].Controls {
		if c.Status == report.StatusManual {
			manual++
		}
	}
	if manual == 0 {
		t.Fatal("the node scan has no manual control")
	}
	for _, s := range []string{"Manual checklist", "Result Pass Fail Not applicable", "Auditor name", "Date", "Signature",
		"Local node yes", "Cluster none"} {
		if !strings.Contains(text, s) {
			t.Errorf("the node PDF's text lacks %q", s)
		}
	}
	if n := strings.Count(text, "Signature"); n != manual {
		t.Errorf("%d signature lines for %d manual controls", n, manual)
	}
	items := readOutline(t, path)
	found := map[string]bool{}
	for _, it := range items {
		found[it.Title] = true
	}
	for _, s := range res.Benchmarks[0].Sections {
		if label := "Section " + s.ID + " " + s.Title; !found[label] {
			t.Errorf("no bookmark %q", label)
		}
	}
	if !found[fmt.Sprintf("Manual checklist (%d controls)", manual)] {
		t.Error("no bookmark for the manual checklist")
	}
}

// TestPDFLongText renders findings with long unbroken paths and values and
// names outside the fonts: every word stays inside the page's margins, and
// what the font cannot draw is written as <U+XXXX>.
func TestPDFLongText(t *testing.T) {
	long := strings.Repeat("spec.template.spec.containers[0].env[12].valueFrom.configMapKeyRef.", 8) + "name"
	blob := strings.Repeat("A", 700)
	res := &report.Result{
		APIVersion: report.APIVersion, Kind: report.Kind,
		Metadata: report.Metadata{
			ToolVersion: "v0.0.0-test",
			StartedAt:   time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC), FinishedAt: time.Date(2026, 1, 2, 3, 4, 6, 0, time.UTC),
			Source:  report.Source{Type: "cluster"},
			Objects: map[string]int{"Pod": 1},
			Cluster: &report.Cluster{Server: "https://" + strings.Repeat("very-long-host-name-", 8) + "example.com:6443",
				Version: "v1.37.0", Platform: "kubeadm", Evidence: []string{"node label node-role.kubernetes.io/control-plane"},
				Unavailable: map[string]string{"Secret": "forbidden: User \"audit\" cannot list resource \"secrets\""},
				NotServed:   []string{"PodSecurityPolicy"},
				Context:     "prod-zürich", Namespaces: []string{"shop", "équipe"}, ExcludedNamespaces: []string{"kube-system"},
				Identity: &report.Identity{Username: "system:serviceaccount:kubeassay:reader",
					Groups: []string{"system:authenticated", "system:serviceaccounts"}}},
			Command:      []string{"scan", "--kubeconfig", "/home/ops/" + strings.Repeat("x", 150) + "/config", "-o", "pdf=it's here.pdf"},
			PolicyDigest: "sha256:" + strings.Repeat("ab", 32),
		},
		Benchmarks: []report.Benchmark{{
			ID: "pss-baseline", Title: "Pod Security Standards, Baseline", Version: "v1.37",
			Score:    report.Score{Fail: 1, Error: 1},
			Sections: []report.Section{{ID: "baseline", Title: "Baseline", Score: report.Score{Fail: 1, Error: 1}}},
			Controls: []report.Control{{
				ID: "baseline.long", Title: "A control whose evidence is long " + strings.Repeat("and longer ", 20),
				Section: "baseline", Severity: "high", Automated: true, Status: report.StatusFail,
				Remediation: strings.Repeat("Remove it. ", 60),
				Checks:      []string{"KA-TEST-1"}, Failed: 1,
			}, {
				ID: "baseline.undecided", Title: "Undecided", Section: "baseline", Severity: "medium", Automated: true,
				Status: report.StatusError, Reason: strings.Repeat("Secret/ns/name could not be read; ", 40),
			}},
		}},
		Checks: []report.CheckResult{{
			ID: "KA-TEST-1", Evaluated: 1,
			Findings: []report.Finding{{
				Status: report.StatusFail, Check: "KA-TEST-1",
				Message:  "value " + blob + " is wrong for 日本語-ünïcode 😀",
				Path:     long,
				Value:    map[string]any{"key": strings.Repeat("/var/lib/kubelet/pods/", 30), "smile": "😀"},
				Resource: report.Resource{APIVersion: "v1", Kind: "Pod", Namespace: "ns-" + strings.Repeat("n", 60), Name: strings.Repeat("pod-name-", 12) + "😀"},
			}},
		}},
		Errors: nil,
	}
	for _, paper := range []string{"a4", "letter"} {
		path := writePDF(t, "long-"+paper+".pdf", renderPDF(t, res, report.Options{Paper: paper}))
		info := readInfo(t, path)
		// pdftotext -bbox gives every word's box, in points.
		bbox := runTool(t, "pdftotext", "-bbox", path, "-")
		re := regexp.MustCompile(`<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>`)
		words := re.FindAllStringSubmatch(bbox, -1)
		if len(words) < 100 {
			t.Fatalf("pdftotext -bbox found %d words", len(words))
		}
		margin := 18 / 25.4 * 72
		for _, m := range words {
			x0, _ := strconv.ParseFloat(m[1], 64)
			x1, _ := strconv.ParseFloat(m[2], 64)
			if x0 < margin-1 || x1 > info.width-margin+1 {
				t.Errorf("%s: word %.40q runs from %.1f to %.1f pt, outside the margins (%.1f to %.1f)", paper, m[3], x0, x1, margin, info.width-margin)
			}
		}
		_, text := pdfText(t, path)
		for _, s := range []string{"<U+1F600>", "<U+65E5><U+672C><U+8A9E>-ünïcode", "Secret", "PodSecurityPolicy", "forbidden",
			"Scan identity system:serviceaccount:kubeassay:reader groups: system:authenticated, system:serviceaccounts",
			"Kubeconfig context prod-zürich", "Namespaces read shop, équipe excluded: kube-system"} {
			if !strings.Contains(text, s) {
				t.Errorf("%s: the text lacks %q", paper, s)
			}
		}
		// The shell-quoted command line can be pasted back.
		if !strings.Contains(strings.ReplaceAll(text, " ", ""), `'pdf=it'\''shere.pdf'`) {
			t.Errorf("%s: the command line is not shell-quoted", paper)
		}
	}
}

// TestPDFPages renders the cover, a summary and a findings page to PNG, as a
// reader would see them (KUBEASSAY_PDF_KEEP=DIR keeps them to look at).
func TestPDFPages(t *testing.T) {
	res := demoPlusResult(t)
	path := writePDF(t, "pages.pdf", renderPDF(t, res, report.Options{}))
	dir := filepath.Dir(path)
	// The cover, the first benchmark's summary (its chart) and the first
	// page with findings.
	raw, _ := pdfText(t, path)
	findings := 0
	for i, p := range strings.Split(raw, "\f") {
		if strings.Contains(p, "Remediation") {
			findings = i + 1
			break
		}
	}
	if findings == 0 {
		t.Fatal("no page shows findings")
	}
	for _, page := range []int{1, 3, findings} {
		prefix := filepath.Join(dir, fmt.Sprintf("page-%d", page))
		runTool(t, "pdftoppm", "-png", "-r", "60", "-f", strconv.Itoa(page), "-l", strconv.Itoa(page), "-singlefile", path, prefix)
		f, err := os.Open(prefix + ".png")
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(f)
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		// A4 at 60 dpi.
		if b := img.Bounds(); b.Dx() < 490 || b.Dx() > 500 || b.Dy() < 698 || b.Dy() > 705 {
			t.Errorf("page %d renders %dx%d, want about 496x702", page, b.Dx(), b.Dy())
		}
	}
}

// TestPDFOddResults renders results with little in them: no benchmark, no
// times, a control outside its benchmark's sections, a manual control
// without an audit procedure, many unreadable documents.
func TestPDFOddResults(t *testing.T) {
	var errs []report.InputError
	for i := range 130 {
		errs = append(errs, report.InputError{Origin: checks.Origin{File: fmt.Sprintf("k8s/broken-%03d.yaml", i), Document: 1}, Message: "invalid YAML"})
	}
	for name, res := range map[string]*report.Result{
		"empty": {},
		"odd": {
			Metadata: report.Metadata{Source: report.Source{Type: "nodes", NodeFacts: []string{"facts/ünode.json"}}},
			Benchmarks: []report.Benchmark{{ID: "b", Title: "B", Controls: []report.Control{
				{ID: "x.1", Title: "Outside", Section: "nowhere", Automated: true, Status: report.StatusFail, Checks: []string{"x"}, Failed: 1},
				{ID: "x.2", Title: "By hand", Section: "nowhere", Status: report.StatusManual},
			}}},
			Checks: []report.CheckResult{{ID: "x", Findings: []report.Finding{{Status: "FAIL", Check: "x", Message: "m"}}}},
			Errors: errs,
		},
	} {
		data := renderPDF(t, res, report.Options{Paper: "letter"})
		path := writePDF(t, "odd-"+name+".pdf", data)
		info := readInfo(t, path)
		_, text := pdfText(t, path)
		if !strings.Contains(text, fmt.Sprintf("End of the evidence report: %d pages.", info.pages)) {
			t.Errorf("%s: no closing line naming %d pages", name, info.pages)
		}
		if name == "odd" {
			for _, s := range []string{"Controls outside the listed sections", "x.1", "By hand", "facts/ünode.json",
				"130 input documents could not be read", "k8s/broken-099.yaml", "and 30 more (see the JSON result)"} {
				if !strings.Contains(text, s) {
					t.Errorf("%s: the text lacks %q", name, s)
				}
			}
			if strings.Contains(text, "k8s/broken-100.yaml") {
				t.Errorf("%s: the appendix lists more than 100 unreadable documents", name)
			}
		}
	}
}
