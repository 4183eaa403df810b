package report

import (
	"fmt"
	"maps"
	"slices"
	"strings"
)

// The cover of the evidence PDF: what was scanned, as whom, when, with which
// tool and rules, the results at a glance, and the coverage gaps.

// cover writes the title, the scope of the scan, the results at a glance and
// the coverage gaps.
func (e *evidence) cover() {
	d, md := e.d, e.r.Metadata
	d.newPage()
	d.f.Bookmark("Cover and scope", 0, d.y())
	d.setY(32)
	d.setFont(fontBold, 8.5)
	d.setColor(colMuted)
	d.para(fontBold, 8.5, colMuted, 0, "KUBEASSAY · EVIDENCE REPORT")
	d.space(2)
	d.para(fontBold, 22, colAccent, 0, "Kubernetes security audit evidence")
	d.space(1)
	titles := make([]string, 0, len(e.r.Benchmarks))
	for _, b := range e.r.Benchmarks {
		titles = append(titles, b.Title)
	}
	if len(titles) > 0 {
		d.para(fontRegular, 12, colText, 0, strings.Join(titles, " · "))
	}
	d.para(fontRegular, 10, colMuted, 0, fmt.Sprintf("Scan of %s, finished %s", e.target(), utcTime(md.FinishedAt)))
	d.space(3)
	d.draw(colAccent)
	d.f.SetLineWidth(0.6)
	d.f.Line(marginSide, d.y(), d.pageW-marginSide, d.y())
	d.space(5)

	d.heading(12.5, "Scope: what was scanned, when, how", 1, "Scope")
	d.table([]column{{"", 0.27, "L"}, {"", 0.73, "L"}}, e.scopeRows(), true)

	d.heading(12.5, "Results at a glance", 1, "Results at a glance")
	cols := e.statusColumns("Benchmark")
	var rows []tableRow
	for _, b := range e.r.Benchmarks {
		row := tableRow{{spanBold(b.Title), spanMuted(b.ID + " " + b.Version)},
			{spanText(percentText(b.Score.Percent))}, {spanText(percentText(b.Score.WeightedPercent))}}
		for _, s := range e.statuses() {
			row = append(row, cell{spanText(fmt.Sprint(scoreCount(b.Score, s)))})
		}
		rows = append(rows, row)
	}
	if len(rows) == 0 {
		d.para(fontRegular, 8.5, colText, 0, "No benchmark was run.")
		d.space(3)
	} else {
		d.table(cols, rows, true)
	}

	e.gaps()
}

func (e *evidence) scopeRows() []tableRow {
	md := e.r.Metadata
	src := md.Source
	var rows []tableRow
	add := func(k string, v ...span) { rows = append(rows, tableRow{{spanBold(k)}, v}) }

	kind := map[string]string{
		"manifests": "manifest files (YAML/JSON)",
		"cluster":   "a live cluster, through its API server",
		"snapshot":  "a snapshot of a cluster",
		"nodes":     "node facts",
	}[src.Type]
	if kind == "" {
		kind = orNone(src.Type, "not recorded")
	}
	add("Scanned", spanText(kind))
	if len(src.Paths) > 0 {
		add("Input paths", spanMono(strings.Join(src.Paths, "\n")))
	}
	if len(src.NodeFacts) > 0 {
		add("Node facts files", spanMono(strings.Join(src.NodeFacts, "\n")))
	}
	if src.LocalNode {
		add("Local node", spanText("yes: the facts of the host kubeassay ran on were collected and scanned"))
	}
	if c := md.Cluster; c != nil {
		add("Cluster server", spanMono(orNone(c.Server, "not recorded")))
		platform := []span{spanText(orNone(c.Platform, "not determined"))}
		if len(c.Evidence) > 0 {
			platform = append(platform, spanMuted("evidence: "+strings.Join(c.Evidence, "; ")))
		}
		add("Platform", platform...)
		add("Kubernetes version", spanText(orNone(c.Version, "not recorded")))
		nodes := "could not be listed"
		if c.Nodes != nil {
			nodes = fmt.Sprint(*c.Nodes)
		}
		add("Nodes", spanText(nodes))
		if c.Context != "" {
			add("Kubeconfig context", spanMono(c.Context))
		}
		ns := []span{spanText("all")}
		if len(c.Namespaces) > 0 {
			ns = []span{spanText(strings.Join(c.Namespaces, ", "))}
		}
		if len(c.ExcludedNamespaces) > 0 {
			ns = append(ns, spanMuted("excluded: "+strings.Join(c.ExcludedNamespaces, ", ")))
		}
		add("Namespaces read", ns...)
	} else {
		add("Cluster", spanText("none: no live cluster was scanned"))
	}
	total := 0
	for _, n := range md.Objects {
		total += n
	}
	var kinds []string
	for _, k := range slices.Sorted(maps.Keys(md.Objects)) {
		kinds = append(kinds, fmt.Sprintf("%s %d", k, md.Objects[k]))
	}
	objects := []span{spanText(plural(total, "object", "objects") + " read")}
	if len(kinds) > 60 {
		kinds = append(kinds[:60], fmt.Sprintf("and %d more kinds (see the JSON result)", len(kinds)-60))
	}
	if len(kinds) > 0 {
		objects = append(objects, spanMuted(strings.Join(kinds, ", ")))
	}
	add("Objects", objects...)
	add("Pod templates", spanText(fmt.Sprintf("%d distinct pod templates evaluated", md.Templates)))
	var bench []span
	for _, b := range e.r.Benchmarks {
		bench = append(bench, spanText(fmt.Sprintf("%s %s: %s", b.ID, b.Version, b.Title)))
		ref := b.Document
		if b.URL != "" {
			ref = strings.TrimSpace(ref + " " + b.URL)
		}
		if ref != "" {
			bench = append(bench, spanMuted(ref))
		}
	}
	if len(bench) == 0 {
		bench = []span{spanText("none")}
	}
	add("Benchmarks", bench...)
	if sel := md.Selection; sel != nil {
		chosen := []span{spanText("chosen by the scan for platform " + sel.Platform + " (-b auto)")}
		for _, why := range sel.Reasons {
			chosen = append(chosen, spanMuted(why))
		}
		add("Benchmark choice", chosen...)
	}
	add("Scan started", spanText(utcTime(md.StartedAt)))
	finished := utcTime(md.FinishedAt)
	if !md.StartedAt.IsZero() && !md.FinishedAt.IsZero() {
		finished += fmt.Sprintf(" (took %s)", md.FinishedAt.Sub(md.StartedAt).Round(1e6))
	}
	add("Scan finished", spanText(finished))
	add("Tool", spanText("kubeassay "+orNone(md.ToolVersion, "(version not recorded)")))
	add("Policy digest", spanMono(orNone(md.PolicyDigest, "not recorded")),
		spanMuted("SHA-256 of the checks and benchmark definitions the scan used"))
	for _, d := range md.PolicyDirs {
		add("Policy directory", spanMono(d.Path), spanMuted(describePolicyDir(d)), spanMono(d.Digest))
	}
	if len(md.Command) > 0 {
		add("Command line", spanMono(shellQuote(md.Command)))
	} else {
		add("Command line", spanText("not recorded"))
	}
	add("Scan identity", e.identity()...)
	add("JSON result SHA-256", spanMono(e.sum), spanMuted("see the appendix for how to verify it"))
	return rows
}

// identity says who the scan ran as, as the API server authenticated it,
// or that it is not recorded and why.
func (e *evidence) identity() []span {
	c := e.r.Metadata.Cluster
	switch {
	case c != nil && c.Identity != nil:
		v := []span{spanMono(orNone(c.Identity.Username, "(empty user name)"))}
		if len(c.Identity.Groups) > 0 {
			v = append(v, spanMuted("groups: "+strings.Join(c.Identity.Groups, ", ")))
		}
		return append(v, spanMuted("as the API server authenticated the scan's credentials"))
	case c != nil:
		return []span{spanText("not recorded"), spanMuted("the API server did not say who the scan ran as; the platform evidence says why, when it is known")}
	}
	return []span{spanText("not recorded"), spanMuted("no live cluster was scanned, so no API server authenticated the scan")}
}

func orNone(s, none string) string {
	if s == "" {
		return none
	}
	return s
}

// gaps states plainly what the scan could not cover.
func (e *evidence) gaps() {
	d, md := e.d, e.r.Metadata
	d.heading(12.5, "Coverage gaps", 1, "Coverage gaps")
	d.para(fontRegular, 8.5, colText, 0, "kubeassay never passes a control on data it did not read: "+
		"every gap below leaves the controls that need the missing data ERROR, never PASS.")
	d.space(2)
	var rows []tableRow
	add := func(k string, v ...span) { rows = append(rows, tableRow{{spanBold(k)}, v}) }
	if c := md.Cluster; c != nil {
		if len(c.Unavailable) == 0 {
			add("Kinds that could not be read", spanText("none"))
		} else {
			var v []span
			v = append(v, spanText(plural(len(c.Unavailable), "kind", "kinds")+" could not be listed:"))
			for _, k := range slices.Sorted(maps.Keys(c.Unavailable)) {
				v = append(v, spanText(k+": "+c.Unavailable[k]))
			}
			add("Kinds that could not be read", v...)
		}
		if len(c.NotServed) == 0 {
			add("Kinds not served", spanText("none: the cluster serves every kind the checks judge"))
		} else {
			add("Kinds not served", spanText(plural(len(c.NotServed), "kind", "kinds")+" the checks judge that this cluster does not serve:"),
				spanText(strings.Join(c.NotServed, ", ")))
		}
	} else {
		add("Kinds that could not be read", spanText("not applicable: no live cluster was listed"))
		add("Kinds not served", spanText("not applicable: no live cluster was listed"))
	}
	if n := len(e.r.Errors); n == 0 {
		add("Input documents that could not be read", spanText("none"))
	} else {
		const first = 5
		v := []span{spanText(plural(n, "input document", "input documents") + " could not be read; the result is incomplete.")}
		for i, ie := range e.r.Errors {
			if i == first {
				v = append(v, spanMuted(fmt.Sprintf("and %d more: the appendix lists them, the JSON result's errors hold them all", n-first)))
				break
			}
			v = append(v, spanMono(capText(ie.String(), 400)))
		}
		add("Input documents that could not be read", v...)
	}
	var undecided []span
	for _, b := range e.r.Benchmarks {
		undecided = append(undecided, spanText(fmt.Sprintf("%s: %d ERROR (could not be decided), %d SKIP (nothing to judge)",
			b.ID, b.Score.Error, b.Score.Skip)))
	}
	if len(undecided) > 0 {
		add("Controls not decided", undecided...)
	}
	d.table([]column{{"", 0.3, "L"}, {"", 0.7, "L"}}, rows, true)
}
