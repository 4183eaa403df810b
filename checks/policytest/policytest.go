// Package policytest tests a tree of checks the way kubeassay tests its
// own: it runs the Rego unit tests (*_test.rego) through OPA's tester, scans
// each fixture of a check's folder with only that check enabled and judges
// it by the folder it is in, and holds the tree to the layout of a check
// folder. The built-in policies (policies/policies_test.go) and the policy
// directories of 'kubeassay policy test' are tested by this same code.
//
// A check's folder, <area>/<check>/, holds:
//
//	<check>.rego       the module, with its METADATA
//	<check>_test.rego  its Rego unit tests
//	pass/   inputs it judges and finds nothing in
//	fail/   inputs in which it finds something
//	skip/   inputs it does not apply to: nothing judged, a skip reason, no finding
//	error/  inputs whose data it needs is missing: undecided (its unknown rule
//	        fires), never judged clean
//
// Every check has pass and fail fixtures; a node check, and every check that
// defines unknown, has an error fixture too, so that none can pass on data
// that was not read.
package policytest

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/tester"
	"github.com/open-policy-agent/opa/v1/topdown"

	"github.com/kubeassay/kubeassay/checks"
	"github.com/kubeassay/kubeassay/sources/manifests"
)

// Tree is a tree of checks to test: the built-in policies, or a policy
// directory.
type Tree struct {
	// Dir is the tree on disk: the checks' fixture folders are read from
	// it.
	Dir string
	// FS holds the tree's files; its *_test.rego are the Rego tests.
	FS fs.FS
	// PolicyDir is the tree as the catalogue knows it
	// (checks.PolicyDir.Path, checks.Check.PolicyDir): "" for the built-in
	// tree.
	PolicyDir string
}

// Kinds of test.
const (
	// KindRego is a Rego unit test (a test_ rule).
	KindRego = "rego"
	// KindFixture is a fixture file judged by its folder, or a fixture
	// folder a check must have.
	KindFixture = "fixture"
	// KindLayout is a rule of a check folder's layout.
	KindLayout = "layout"
)

// Result is the outcome of one test.
type Result struct {
	Kind string `json:"kind"`
	// Check is the id of the check the test is about; empty for the tests
	// of a library, and for a folder that holds no check.
	Check string `json:"check,omitempty"`
	// Name is the Rego test (package.rule), or the fixture file or folder.
	Name string `json:"name"`
	// File is where the test is: the Rego test's file and line, the
	// fixture or the folder.
	File string `json:"file"`
	Pass bool   `json:"pass"`
	// Message says why a test failed.
	Message string `json:"message,omitempty"`
}

// Verdicts are the fixture folders of a check, in the order they are
// judged.
var Verdicts = []string{"pass", "fail", "skip", "error"}

// testHelpers is where the library's Rego test builders live (the node
// fixture builders, data.kubeassay.test.node): the library's test modules
// of such packages are loaded for the Rego tests of every tree.
const testHelpers = "kubeassay.test."

// Run tests each tree. cat is the catalogue of every check, built-in ones
// and those of the policy directories (scan.LoadPolicies), compiled
// together; the trees' checks are those of cat whose PolicyDir is the
// tree's. library holds the built-in tree (policies.FS): the Rego tests are
// compiled with every module of cat and the library's test builders
// (packages kubeassay.test.*). An error is a tree whose tests cannot be
// loaded or compiled; a test that fails is a Result whose Pass is false.
func Run(ctx context.Context, cat *checks.Catalog, library fs.FS, trees ...Tree) ([]Result, error) {
	rego, err := regoTests(ctx, cat, library, trees)
	if err != nil {
		return nil, err
	}
	// Each test goes with the tree whose files it is in: the policy
	// directory whose path names it (the longest), else the built-in tree.
	treeOf := func(file string) int {
		best, bestLen := -1, -1
		for i, t := range trees {
			prefix := checks.PolicyDir{Path: t.PolicyDir}.File("")
			if t.PolicyDir == "" && bestLen < 0 {
				best, bestLen = i, 0
			} else if t.PolicyDir != "" && strings.HasPrefix(file, prefix) && len(prefix) > bestLen {
				best, bestLen = i, len(prefix)
			}
		}
		return best
	}
	var out []Result
	for i, t := range trees {
		tests := map[string][]Result{}  // by check id ("" for a library's tests)
		byModule := map[string]string{} // check module file -> id
		var tchecks []*checks.Check
		for _, ch := range cat.Checks {
			if ch.PolicyDir == t.PolicyDir {
				tchecks = append(tchecks, ch)
				byModule[ch.File] = ch.ID
			}
		}
		for _, r := range rego {
			file, _, _ := strings.Cut(r.File, ":")
			if treeOf(file) != i {
				continue
			}
			id := byModule[strings.TrimSuffix(file, "_test.rego")+".rego"]
			r.Check = id
			tests[id] = append(tests[id], r)
		}
		out = append(out, Layout(t, tchecks)...)
		for _, ch := range tchecks {
			out = append(out, tests[ch.ID]...)
			out = append(out, Fixtures(ctx, cat, ch, filepath.Join(t.Dir, filepath.FromSlash(path.Dir(ch.Path))))...)
		}
		out = append(out, tests[""]...)
	}
	return out, nil
}

// regoTests runs the Rego tests of the trees, sorted by file and line.
func regoTests(ctx context.Context, cat *checks.Catalog, library fs.FS, trees []Tree) ([]Result, error) {
	modules := map[string]*ast.Module{}
	for name, m := range cat.Modules() {
		modules[name] = m
	}
	parse := func(fsys fs.FS, name func(string) string, keep func(*ast.Module) bool) (int, error) {
		n := 0
		err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(p, "_test.rego") {
				return err
			}
			src, err := fs.ReadFile(fsys, p)
			if err != nil {
				return err
			}
			m, err := ast.ParseModuleWithOpts(name(p), string(src), ast.ParserOptions{RegoVersion: ast.RegoV1, ProcessAnnotation: true})
			if err != nil {
				return err
			}
			if keep(m) {
				modules[name(p)] = m
				n++
			}
			return nil
		})
		return n, err
	}
	helper := func(m *ast.Module) bool {
		return strings.HasPrefix(strings.TrimPrefix(m.Package.Path.String(), "data."), testHelpers)
	}
	if _, err := parse(library, func(p string) string { return p }, helper); err != nil {
		return nil, fmt.Errorf("load the library's test helpers: %w", err)
	}
	tests := 0
	for _, t := range trees {
		n, err := parse(t.FS, checks.PolicyDir{Path: t.PolicyDir}.File, func(*ast.Module) bool { return true })
		if err != nil {
			return nil, fmt.Errorf("load Rego tests: %w", err)
		}
		tests += n
	}
	if tests == 0 {
		return nil, nil
	}
	// The modules call kubeassay's own functions (kubeassay.rbac.holders).
	var functions []*tester.Builtin
	for _, f := range checks.Functions() {
		functions = append(functions, &tester.Builtin{Decl: f.Decl, Func: f.Option})
	}
	runner := func() *tester.Runner {
		return tester.NewRunner().SetModules(modules).AddCustomBuiltins(functions).RaiseBuiltinErrors(true)
	}
	ch, err := runner().RunTests(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("compile Rego tests: %w", err)
	}
	type located struct {
		Result
		file string
		row  int
	}
	var res []located
	for r := range ch {
		l := located{Result: Result{Kind: KindRego, Name: strings.TrimPrefix(r.Package, "data.") + "." + r.Name, Pass: true}}
		if r.Location != nil {
			l.file, l.row = r.Location.File, r.Location.Row
			l.File = fmt.Sprintf("%s:%d", l.file, l.row)
		}
		switch {
		case r.Error != nil:
			l.Pass, l.Message = false, fmt.Sprintf("error: %v", r.Error)
		case r.Fail:
			l.Pass, l.Message = false, "failed"
			if r.FailedAt != nil && r.FailedAt.Location != nil {
				l.Message = fmt.Sprintf("failed at line %d: %s", r.FailedAt.Location.Row, oneLine(r.FailedAt.String()))
			}
		case r.Skip:
			l.Pass, l.Message = false, "skipped: every Rego test must run"
		}
		res = append(res, l)
	}
	// A test that failed says which of its expressions was false: the
	// failed tests run again, alone and traced (tracing all of them would
	// slow every passing run), and the last expression that failed is the
	// one reported, as opa test --show-failure-line does.
	var failed []string
	for _, l := range res {
		if l.Message == "failed" {
			failed = append(failed, regexp.QuoteMeta("data."+l.Name))
		}
	}
	if len(failed) > 0 {
		traced, err := runner().EnableTracing(true).Filter("^("+strings.Join(failed, "|")+")$").RunTests(ctx, nil)
		if err != nil {
			return nil, fmt.Errorf("trace the failed Rego tests: %w", err)
		}
		at := map[string]string{}
		for r := range traced {
			if line := failureLine(r.Trace); line != "" {
				at[strings.TrimPrefix(r.Package, "data.")+"."+r.Name] = line
			}
		}
		for i := range res {
			if line, ok := at[res[i].Name]; ok && res[i].Message == "failed" {
				res[i].Message = "failed at " + line
			}
		}
	}
	slices.SortFunc(res, func(a, b located) int {
		return cmp.Or(cmp.Compare(a.file, b.file), cmp.Compare(a.row, b.row), cmp.Compare(a.Name, b.Name))
	})
	out := make([]Result, len(res))
	for i, r := range res {
		out[i] = r.Result
	}
	return out, nil
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// failureLine is the last expression a test's trace says failed, as
// "line N: expression", or "" when the trace names none.
func failureLine(trace []*topdown.Event) string {
	for _, e := range slices.Backward(trace) {
		if e.Op != topdown.FailOp || e.Location == nil || e.QueryID == 0 {
			continue
		}
		expr, ok := e.Node.(*ast.Expr)
		if !ok {
			continue
		}
		if _, every := expr.Terms.(*ast.Every); every {
			continue // the expression that failed is inside the every
		}
		text := oneLine(string(e.Location.Text)) // as written, not as compiled
		if text == "" {
			text = oneLine(expr.String())
		}
		return fmt.Sprintf("line %d: %s", e.Location.Row, text)
	}
	return ""
}

// Required returns the fixture folders a check must have: pass and fail;
// error too for a node check and for a check that says when its data is
// missing (defines unknown).
func Required(ch *checks.Check) []string {
	required := []string{"pass", "fail"}
	if slices.Equal(ch.Kinds, []checks.GroupKind{checks.NodeFacts}) || ch.Defines("unknown") {
		required = append(required, "error")
	}
	return required
}

// Fixtures scans every fixture of the check's folder dir with only that
// check enabled, and judges each by the folder it is in (see the package
// comment); a fixture folder the check must have (Required) and does not is
// a failure too.
func Fixtures(ctx context.Context, cat *checks.Catalog, ch *checks.Check, dir string) []Result {
	var out []Result
	fail := func(name, format string, args ...any) {
		out = append(out, Result{Kind: KindFixture, Check: ch.ID, Name: name, File: name, Message: fmt.Sprintf(format, args...)})
	}
	eng, err := checks.NewEngine(ctx, cat, []string{ch.ID}, checks.Options{})
	if err != nil {
		fail(dir, "%v", err)
		return out
	}
	required := Required(ch)
	for _, verdict := range Verdicts {
		// A folder that cannot be read is a failure, never a check with
		// fewer fixtures than it has.
		entries, err := os.ReadDir(filepath.Join(dir, verdict))
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			fail(filepath.Join(dir, verdict), "%v", err)
			continue
		}
		var files []string
		for _, e := range entries {
			if !e.IsDir() && path.Ext(e.Name()) == ".yaml" {
				files = append(files, filepath.Join(dir, verdict, e.Name()))
			}
		}
		if len(files) == 0 && slices.Contains(required, verdict) {
			fail(filepath.Join(dir, verdict), "no %s fixture in %s: %s", verdict, filepath.Join(dir, verdict), whyRequired(ch, verdict))
		}
		for _, f := range files {
			r := Result{Kind: KindFixture, Check: ch.ID, Name: f, File: f, Pass: true}
			if msg := judge(ctx, eng, ch, verdict, f); msg != "" {
				r.Pass, r.Message = false, msg
			}
			out = append(out, r)
		}
	}
	return out
}

func whyRequired(ch *checks.Check, verdict string) string {
	switch {
	case verdict != "error":
		return "every check has pass/ and fail/ fixtures"
	case ch.Defines("unknown"):
		return "the check defines unknown, and an error/ fixture (data it needs is missing) shows that it is undecided there, never PASS"
	}
	return "every node check has an error/ fixture (facts it needs are missing) that shows it is undecided there, never PASS"
}

// judge scans file with eng and says what is wrong with the verdict for a
// fixture of the folder verdict; "" when nothing is.
func judge(ctx context.Context, eng *checks.Engine, ch *checks.Check, verdict, file string) string {
	res, err := scanFile(ctx, eng, file)
	if err != nil {
		return err.Error()
	}
	var problems []string
	if len(res.InputErrors) > 0 {
		problems = append(problems, fmt.Sprintf("input errors: %v", res.InputErrors))
	}
	if errs := res.CheckErrors[ch.ID]; len(errs) > 0 {
		problems = append(problems, fmt.Sprintf("check errors: %v", errs))
	}
	fails := 0
	for _, fd := range res.Findings {
		if !fd.Warn {
			fails++
		}
	}
	judged, skipped, unknown := res.Evaluated[ch.ID], len(res.Skipped[ch.ID]), len(res.Unknown[ch.ID])
	switch verdict {
	case "pass":
		if fails > 0 || judged == 0 || unknown > 0 {
			problems = append(problems, fmt.Sprintf("want judged and clean, got %d judged, %d unknown, findings %+v", judged, unknown, res.Findings))
		}
	case "fail":
		if fails == 0 {
			problems = append(problems, fmt.Sprintf("want a finding, got none (%d judged, unknown %+v, skipped %v)", judged, res.Unknown[ch.ID], res.Skipped[ch.ID]))
		}
	case "skip":
		if judged > 0 || skipped == 0 || unknown > 0 || len(res.Findings) > 0 {
			problems = append(problems, fmt.Sprintf("want skipped, got %d judged, skipped %v, unknown %+v, findings %+v", judged, res.Skipped[ch.ID], res.Unknown[ch.ID], res.Findings))
		}
	case "error":
		if unknown == 0 || judged > 0 || fails > 0 {
			problems = append(problems, fmt.Sprintf("want undecided, got %d judged, skipped %v, unknown %+v, findings %+v", judged, res.Skipped[ch.ID], res.Unknown[ch.ID], res.Findings))
		}
	}
	return strings.Join(problems, "; ")
}

func scanFile(ctx context.Context, eng *checks.Engine, file string) (*checks.Result, error) {
	docs := make(chan checks.Document, 16)
	readErr := make(chan error, 1)
	go func() {
		defer close(docs)
		readErr <- (&manifests.Reader{}).Read(ctx, []string{file}, docs)
	}()
	res, err := eng.Run(ctx, docs, nil)
	if err != nil {
		return nil, err
	}
	if err := <-readErr; err != nil {
		return nil, err
	}
	return res, nil
}

// Layout holds the tree to the layout of a check folder: each check's
// module is <area>/<check>/<check>.rego with <check>_test.rego beside it,
// and every folder of an area (but lib/ and benchmarks/) is one check's,
// holding its module, its tests and its fixture folders and nothing else
// the tests would not read. tchecks are the tree's checks.
func Layout(t Tree, tchecks []*checks.Check) []Result {
	var out []Result
	fail := func(id, name, format string, args ...any) {
		out = append(out, Result{Kind: KindLayout, Check: id, Name: name, File: name, Message: fmt.Sprintf(format, args...)})
	}
	modules := map[string]bool{}
	for _, ch := range tchecks {
		modules[ch.Path] = true
		file := filepath.Join(t.Dir, filepath.FromSlash(ch.Path))
		parts := strings.Split(ch.Path, "/")
		name := strings.TrimSuffix(path.Base(ch.Path), ".rego")
		if len(parts) != 3 || parts[1] != name {
			fail(ch.ID, file, "a check's module is <area>/<check>/<check>.rego, in a folder of its own with its tests and fixtures")
			continue
		}
		test := strings.TrimSuffix(ch.Path, ".rego") + "_test.rego"
		if _, err := fs.Stat(t.FS, test); err != nil {
			fail(ch.ID, file, "%s has no %s beside it: every check has Rego unit tests", file, path.Base(test))
		}
	}
	// A folder that cannot be read fails the layout: its checks' files
	// would go unseen.
	readDir := func(d string) []os.DirEntry {
		entries, err := os.ReadDir(d)
		if err != nil {
			fail("", d, "%v", err)
		}
		return entries
	}
	areas := readDir(t.Dir)
	for _, area := range areas {
		if !area.IsDir() || area.Name() == "lib" || area.Name() == "benchmarks" || strings.HasPrefix(area.Name(), ".") {
			continue
		}
		folders := readDir(filepath.Join(t.Dir, area.Name()))
		for _, folder := range folders {
			if !folder.IsDir() {
				continue
			}
			d := filepath.Join(t.Dir, area.Name(), folder.Name())
			name := folder.Name()
			if !modules[area.Name()+"/"+name+"/"+name+".rego"] {
				fail("", d, "%s: no check module %s.rego in it", d, name)
			}
			for _, e := range readDir(d) {
				switch {
				case e.IsDir() && slices.Contains(Verdicts, e.Name()):
				case !e.IsDir() && (e.Name() == name+".rego" || e.Name() == name+"_test.rego"):
				default:
					fail("", filepath.Join(d, e.Name()), "%s: not part of a check folder (<check>.rego, <check>_test.rego, pass/, fail/, skip/, error/)", filepath.Join(d, e.Name()))
				}
			}
		}
	}
	if len(out) == 0 {
		out = append(out, Result{Kind: KindLayout, Name: t.Dir, File: t.Dir, Pass: true})
	}
	return out
}
