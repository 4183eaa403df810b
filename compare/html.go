package compare

import (
	_ "embed"
	"html/template"
	"io"
	"strings"

	"github.com/kubeassay/kubeassay/report"
)

//go:embed html/compare.tmpl
var htmlTemplate string

var htmlPage = template.Must(template.New("compare").Funcs(template.FuncMap{
	"add":     func(a, b int) int { return a + b },
	"lower":   strings.ToLower,
	"join":    strings.Join,
	"differs": differs,
	"score":   func(b Benchmark, i int) string { return score(b.Scores[i], b.Ran[i]) + delta(b, i) },
	"same": func(b Benchmark, all bool) int {
		if all {
			return 0
		}
		n := 0
		for _, c := range b.Controls {
			if !differs(c) {
				n++
			}
		}
		return n
	},
}).Parse(htmlTemplate))

// writeHTML renders one self-contained page, styled like the scan report:
// no script, no request leaves it. Everything from the results is escaped
// by html/template.
func writeHTML(w io.Writer, c *Comparison, opts Options) error {
	return htmlPage.Execute(w, struct {
		C   *Comparison
		All bool
		CSS template.CSS
	}{c, opts.All, template.CSS(report.HTMLStyle())})
}
