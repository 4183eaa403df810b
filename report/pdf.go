package report

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"strings"
	"time"
)

// pdfWriter renders the evidence PDF for auditors (docs/evidence-pdf.md):
// a cover with the scope and the coverage gaps, per benchmark a summary,
// every section's controls, the evidence of every failed and undecided
// control and a checklist for the manual ones, and an appendix that says how
// the report was produced and how to verify it against the JSON result.
//
// The same Result renders to the same bytes: the PDF's dates are the scan's
// finish time, gofpdf's catalogs are sorted and nothing random is written.
type pdfWriter struct{ opts Options }

// PDFMaxFindings is how many findings the PDF lists per control; the JSON
// result has them all.
const PDFMaxFindings = 25

// pdfPaper maps Options.Paper to gofpdf's page size.
func pdfPaper(paper string) (string, error) {
	switch strings.ToLower(paper) {
	case "", "a4":
		return "A4", nil
	case "letter":
		return "Letter", nil
	}
	return "", fmt.Errorf("unknown paper size %q for the PDF report (a4 or letter)", paper)
}

func (p pdfWriter) Write(w io.Writer, r *Result) error {
	paper, err := pdfPaper(p.opts.Paper)
	if err != nil {
		return err
	}
	fonts, err := loadPDFFonts()
	if err != nil {
		return err
	}
	// The SHA-256 of the JSON result of the same Result: the JSON writer is
	// deterministic, so this is the sha256sum of -o json=FILE from the same
	// scan (compact, as it is written by default: not --pretty, not .gz).
	h := sha256.New()
	if err := (jsonWriter{}).Write(h, r); err != nil {
		return err
	}
	// Options.MaxFindings is the table's (--max-findings): the PDF always
	// lists PDFMaxFindings, so that its size stays bounded and a result
	// renders the same whatever flags render it.
	e := &evidence{r: r, sum: hex.EncodeToString(h.Sum(nil)), max: PDFMaxFindings, signedBy: p.opts.SignedBy}
	e.d = newPDFDoc(paper, fonts)
	e.render()
	if err := e.d.f.Error(); err != nil {
		return fmt.Errorf("rendering the PDF report: %w", err)
	}
	return e.d.f.Output(w)
}

// evidence renders one Result.
type evidence struct {
	r   *Result
	d   *pdfDoc
	sum string // hex SHA-256 of the JSON result
	// signedBy is the fingerprint of the key that signed the JSON result
	// (--sign), "" when it was not signed.
	signedBy string
	max      int
}

func (e *evidence) render() {
	r, d := e.r, e.d
	md := r.Metadata
	when := md.FinishedAt
	if when.IsZero() {
		when = md.StartedAt
	}
	if when.IsZero() {
		when = time.Unix(0, 0)
	}
	d.f.SetCreationDate(when.UTC())
	d.f.SetModificationDate(when.UTC())
	d.f.SetTitle("Kubernetes security audit evidence: "+e.target(), true)
	d.f.SetSubject(strings.Join(e.benchmarkIDs(), ", "), true)
	d.f.SetCreator("kubeassay "+md.ToolVersion, true)
	d.f.SetProducer("kubeassay evidence PDF writer (gofpdf)", true)

	d.headLeft = "kubeassay evidence · " + e.target()
	d.headRight = "scanned " + utcDate(md.StartedAt)
	if ids := e.benchmarkIDs(); len(ids) > 0 {
		d.headRight = strings.Join(ids, ", ") + " · " + d.headRight
	}
	d.footLeft = "JSON result SHA-256 " + e.sum

	e.cover()
	for _, b := range r.Benchmarks {
		e.benchmark(b)
	}
	e.appendix()
}

// target names what was scanned in a few words: the cluster's server, or
// the sources.
func (e *evidence) target() string {
	if c := e.r.Metadata.Cluster; c != nil && c.Server != "" {
		return c.Server
	}
	return orNone(describeSource(e.r.Metadata.Source), "(source not recorded)")
}

func (e *evidence) benchmarkIDs() []string {
	ids := make([]string, 0, len(e.r.Benchmarks))
	for _, b := range e.r.Benchmarks {
		ids = append(ids, b.ID)
	}
	return ids
}

func utcDate(t time.Time) string {
	if t.IsZero() {
		return "(date not recorded)"
	}
	return t.UTC().Format("2006-01-02")
}

func utcTime(t time.Time) string {
	if t.IsZero() {
		return "not recorded"
	}
	return t.UTC().Format("2006-01-02 15:04:05 UTC")
}

// shellQuote renders a command line that can be pasted into a POSIX shell.
func shellQuote(args []string) string {
	out := make([]string, len(args))
	for i, a := range args {
		if a != "" && strings.Trim(a, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_./=:,@%+-") == "" {
			out[i] = a
			continue
		}
		out[i] = "'" + strings.ReplaceAll(a, "'", `'\''`) + "'"
	}
	return strings.Join(out, " ")
}

// capText shortens s to about n bytes, on a rune boundary, saying how much
// was left out.
func capText(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := n
	for cut > 0 && cut < len(s) && s[cut]&0xC0 == 0x80 {
		cut--
	}
	return s[:cut] + fmt.Sprintf(" … (%d more bytes; the JSON result has it in full)", len(s)-cut)
}

// reflow joins the lines of each paragraph of text written with hard line
// breaks (the audit procedures), keeping blank lines and list items.
func reflow(s string) string {
	var paras []string
	for _, p := range strings.Split(strings.TrimSpace(s), "\n\n") {
		var b strings.Builder
		for i, l := range strings.Split(p, "\n") {
			l = strings.TrimSpace(l)
			if i > 0 {
				if isListItem(l) {
					b.WriteByte('\n')
				} else {
					b.WriteByte(' ')
				}
			}
			b.WriteString(l)
		}
		paras = append(paras, b.String())
	}
	return strings.Join(paras, "\n\n")
}

func isListItem(l string) bool {
	if strings.HasPrefix(l, "- ") || strings.HasPrefix(l, "* ") {
		return true
	}
	i := 0
	for i < len(l) && l[i] >= '0' && l[i] <= '9' {
		i++
	}
	return i > 0 && i+1 < len(l) && (l[i] == '.' || l[i] == ')') && l[i+1] == ' '
}
