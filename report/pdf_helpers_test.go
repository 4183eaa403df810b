package report_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/xml"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kubeassay/kubeassay/report"
	"github.com/kubeassay/kubeassay/scan"
	"github.com/kubeassay/kubeassay/sources/nodefacts"
	"github.com/kubeassay/kubeassay/sources/nodefacts/nodetest"
)

// The evidence PDF is read back with poppler's own tools (pdfinfo,
// pdftotext, pdftohtml, pdftoppm), which make test installs
// (dev/install-report-tools.sh). KUBEASSAY_PDF_KEEP=DIR keeps the PDFs and
// page images the tests make, to look at.

// popplerTool returns the path of a poppler tool; a missing one fails the
// test.
func popplerTool(t *testing.T, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		t.Fatalf("%s is not installed: the PDF tests read the PDF with poppler-utils (make report-tools installs it): %v", name, err)
	}
	return p
}

func runTool(t *testing.T, name string, args ...string) string {
	t.Helper()
	cmd := exec.Command(popplerTool(t, name), args...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, errb.String())
	}
	return out.String()
}

// pdfScan runs a real scan and fixes what changes from run to run.
func pdfScan(t *testing.T, opts scan.Options) *report.Result {
	t.Helper()
	b, err := scan.LoadBuiltin()
	if err != nil {
		t.Fatal(err)
	}
	opts.ToolVersion = "v0.0.0-test"
	res, err := scan.Run(context.Background(), b, opts)
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)
	res.Metadata.StartedAt, res.Metadata.FinishedAt = at, at.Add(1500*time.Millisecond)
	return res
}

// accented is a manifest whose names are not ASCII: a privileged pod named
// café-ü in namespace équipe.
const accented = `apiVersion: v1
kind: Pod
metadata:
  name: café-ü
  namespace: équipe
spec:
  containers:
    - name: app
      image: registry.example.com/app:1
      securityContext:
        privileged: true
`

// demoPlusResult scans the demo manifests and the accented pod against both
// PSS levels.
func demoPlusResult(t *testing.T) *report.Result {
	t.Helper()
	extra := filepath.Join(t.TempDir(), "accented.yaml")
	if err := os.WriteFile(extra, []byte(accented), 0o644); err != nil {
		t.Fatal(err)
	}
	return demoPlusResultFrom(t, extra)
}

// demoPlusResultFrom is demoPlusResult with the accented manifest at extra.
func demoPlusResultFrom(t *testing.T, extra string) *report.Result {
	t.Helper()
	res := pdfScan(t, scan.Options{
		Benchmarks: []string{"pss-baseline", "pss-restricted"},
		Files:      []string{filepath.Join("..", "testdata", "demo"), extra},
	})
	res.Metadata.Command = []string{"scan", "-f", "testdata/demo", "-f", "accented.yaml", "-b", "pss-baseline,pss-restricted", "-o", "pdf=evidence.pdf"}
	return res
}

// nodeResult scans the kubeadm node fixture against CIS 1.12, whose manual
// controls make the checklist.
func nodeResult(t *testing.T) *report.Result {
	t.Helper()
	root := nodetest.FixtureRoot(t, filepath.Join("..", "testdata", "nodes", "kubeadm"))
	return pdfScan(t, scan.Options{Benchmarks: []string{"cis-1.12"}, LocalNode: true,
		LocalNodeOptions: nodefacts.Options{Root: root, ToolVersion: "test", NodeName: "kubeadm-node"}})
}

func renderPDF(t *testing.T, res *report.Result, opts report.Options) []byte {
	t.Helper()
	w, err := report.NewWriter("pdf", opts)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := w.Write(&buf, res); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// writePDF writes the PDF to a file the tools can read, in
// KUBEASSAY_PDF_KEEP when it is set.
func writePDF(t *testing.T, name string, data []byte) string {
	t.Helper()
	dir := os.Getenv("KUBEASSAY_PDF_KEEP")
	if dir == "" {
		dir = t.TempDir()
	} else if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func jsonSHA256(t *testing.T, res *report.Result) string {
	t.Helper()
	w, _ := report.NewWriter("json", report.Options{})
	h := sha256.New()
	if err := w.Write(h, res); err != nil {
		t.Fatal(err)
	}
	return hex.EncodeToString(h.Sum(nil))
}

type pdfInfo struct {
	pages  int
	width  float64
	height float64
	fields map[string]string
}

func readInfo(t *testing.T, path string) pdfInfo {
	t.Helper()
	out := runTool(t, "pdfinfo", path)
	info := pdfInfo{fields: map[string]string{}}
	for _, l := range strings.Split(out, "\n") {
		k, v, ok := strings.Cut(l, ":")
		if ok {
			info.fields[k] = strings.TrimSpace(v)
		}
	}
	info.pages, _ = strconv.Atoi(info.fields["Pages"])
	m := regexp.MustCompile(`^([\d.]+) x ([\d.]+) pts`).FindStringSubmatch(info.fields["Page size"])
	if m == nil {
		t.Fatalf("pdfinfo gave no page size:\n%s", out)
	}
	info.width, _ = strconv.ParseFloat(m[1], 64)
	info.height, _ = strconv.ParseFloat(m[2], 64)
	return info
}

// pdfText is pdftotext's reading of the PDF, with runs of white space made
// one space so that wrapped text still matches.
func pdfText(t *testing.T, path string) (raw, flat string) {
	t.Helper()
	raw = runTool(t, "pdftotext", "-enc", "UTF-8", "-layout", path, "-")
	return raw, strings.Join(strings.Fields(raw), " ")
}

// outlineItem is an entry of the PDF's outline (bookmarks) as pdftohtml
// reads it.
type outlineItem struct {
	Title    string
	Page     int
	Level    int
	Children []outlineItem
}

func readOutline(t *testing.T, path string) []outlineItem {
	t.Helper()
	out := runTool(t, "pdftohtml", "-xml", "-i", "-q", "-stdout", path)
	dec := xml.NewDecoder(strings.NewReader(out))
	dec.Strict = false
	var items []outlineItem
	level := -1
	var stack [][]outlineItem
	var cur *outlineItem
	var text strings.Builder
	for {
		tok, err := dec.Token()
		if err != nil {
			break
		}
		switch el := tok.(type) {
		case xml.StartElement:
			switch el.Name.Local {
			case "outline":
				level++
				stack = append(stack, nil)
			case "item":
				cur = &outlineItem{Level: level}
				for _, a := range el.Attr {
					if a.Name.Local == "page" {
						cur.Page, _ = strconv.Atoi(a.Value)
					}
				}
				text.Reset()
			}
		case xml.CharData:
			if cur != nil {
				text.Write(el)
			}
		case xml.EndElement:
			switch el.Name.Local {
			case "item":
				cur.Title = strings.TrimSpace(text.String())
				items = append(items, *cur)
				cur = nil
			case "outline":
				level--
				stack = stack[:len(stack)-1]
			}
		}
	}
	return items
}
