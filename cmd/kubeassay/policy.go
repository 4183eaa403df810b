package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"github.com/spf13/viper"

	"github.com/kubeassay/kubeassay/checks/policytest"
	"github.com/kubeassay/kubeassay/policies"
	"github.com/kubeassay/kubeassay/scan"
)

// policyOutputKey is the -o of 'policy test': its own text or JSON.
const policyOutputKey = "policy.output"

// addPolicyDirFlag adds --policy-dir, for the commands that load the
// checks and benchmarks (scan, snapshot, rbac, benchmarks list and show).
func addPolicyDirFlag(f *pflag.FlagSet) {
	f.StringArray("policy-dir", nil, "a directory of checks and benchmark definitions of your own, loaded beside the built-in ones and validated as they are (repeatable; see docs/writing-policies.md)")
}

// loadPolicies loads the built-in checks and benchmarks with those of the
// policy directories (--policy-dir, KUBEASSAY_POLICY_DIR, policy-dir:).
func loadPolicies(v *viper.Viper) (*scan.Builtin, error) {
	return scan.LoadPolicies(stringList(v, "policy-dir"))
}

// policyTestError is 'policy test' finding a test that fails: exit 1.
type policyTestError struct{ failed, total int }

func (e *policyTestError) Error() string {
	return fmt.Sprintf("kubeassay: policy test: %d of %d tests failed", e.failed, e.total)
}

const policyTestExamples = `  # The Rego tests and fixtures of every check in a directory of your own
  kubeassay policy test ./my-policies

  # Several directories, loaded together (a benchmark of one may map the checks of another)
  kubeassay policy test ./team-policies ./platform-policies

  # The directories of the configuration (policy-dir: in kubeassay.yaml, KUBEASSAY_POLICY_DIR)
  kubeassay policy test

  # The results as JSON, for a CI job
  kubeassay policy test ./my-policies -o json=policy-tests.json -o text`

func newPolicyCommand(s streams, v *viper.Viper) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "policy",
		Short: "Work with checks and benchmarks of your own (--policy-dir)",
		Args:  cobra.NoArgs,
		RunE:  func(cmd *cobra.Command, _ []string) error { return cmd.Help() },
	}
	test := &cobra.Command{
		Use:   "test [DIR...]",
		Short: "Run the Rego tests and fixtures of the checks in policy directories",
		Long: `Test policy directories (what 'kubeassay scan --policy-dir DIR' loads) as kubeassay tests its
own checks, with the same code: load them beside the built-in checks and benchmarks, with the
same validation (METADATA, ids, benchmark definitions); run every *_test.rego through OPA's
tester; scan every fixture of a check's folder with only that check enabled and judge it by
its folder:

  pass/   the check judged something and found nothing
  fail/   it found something
  skip/   it does not apply: nothing judged, a skip reason
  error/  data it needs is missing: undecided (its unknown rule), never judged clean

Every check has pass/ and fail/ fixtures and a <check>_test.rego beside its module; a node
check, and a check that defines unknown, has an error/ fixture too. A check's folder holds
nothing else. See docs/writing-policies.md.

With no DIR, the directories of the configuration (policy-dir: in kubeassay.yaml,
KUBEASSAY_POLICY_DIR) are tested.

One line per test, PASS or FAIL (with the reason), then a summary. Exit status: 0 when every
test passed, 1 when one failed, 2 when the directories could not be loaded (a module that does
not parse or compile, METADATA that lacks a field, an id that is taken, a benchmark that maps
an unknown check).`,
		Example: policyTestExamples,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runPolicyTest(cmd, s, v, args)
		},
	}
	addOutputFlag(test.Flags(), []string{"text", "json"}, "text")
	ownSetting(test.Flags(), "output", policyOutputKey)
	cmd.AddCommand(test)
	return cmd
}

// policyTestReport is the JSON of 'policy test'.
type policyTestReport struct {
	PolicyDirs []string            `json:"policyDirs"`
	Passed     int                 `json:"passed"`
	Failed     int                 `json:"failed"`
	Results    []policytest.Result `json:"results"`
}

func runPolicyTest(cmd *cobra.Command, s streams, v *viper.Viper, dirs []string) error {
	if len(dirs) == 0 {
		dirs = stringList(v, "policy-dir")
	}
	if len(dirs) == 0 {
		return errors.New("no policy directory to test: kubeassay policy test DIR (or policy-dir: in kubeassay.yaml)")
	}
	b, err := scan.LoadPolicies(dirs)
	if err != nil {
		return err
	}
	rep := policyTestReport{Results: []policytest.Result{}}
	var trees []policytest.Tree
	for _, pd := range b.PolicyDirs {
		rep.PolicyDirs = append(rep.PolicyDirs, pd.Path)
		trees = append(trees, policytest.Tree{Dir: pd.Path, FS: os.DirFS(pd.Path), PolicyDir: pd.Path})
	}
	results, err := policytest.Run(cmd.Context(), b.Catalog, policies.FS, trees...)
	if err != nil {
		return err
	}
	rep.Results = append(rep.Results, results...)
	for _, r := range results {
		if r.Pass {
			rep.Passed++
		} else {
			rep.Failed++
		}
	}
	err = writeTableOrJSON(s, v, policyOutputKey, "text", rep, func(w io.Writer) error {
		return policyTestText(w, b, rep)
	})
	if err != nil {
		return err
	}
	if rep.Failed > 0 {
		return &policyTestError{failed: rep.Failed, total: len(results)}
	}
	return nil
}

// policyTestText writes one line per test, the reason under a failure,
// then the summary.
func policyTestText(w io.Writer, b *scan.Builtin, rep policyTestReport) error {
	var sb strings.Builder
	count := map[string]int{}
	for _, r := range rep.Results {
		count[r.Kind]++
		status := "PASS"
		if !r.Pass {
			status = "FAIL"
		}
		name := r.File
		if r.Kind == policytest.KindRego {
			// The rule; its file names the package.
			name = r.Name[strings.LastIndex(r.Name, ".")+1:] + " (" + r.File + ")"
		}
		fmt.Fprintf(&sb, "%s  %-7s  %-12s  %s\n", status, r.Kind, orDash(r.Check), name)
		if !r.Pass {
			fmt.Fprintf(&sb, "      %s\n", r.Message)
		}
	}
	checks, benchmarks := 0, 0
	for _, pd := range b.PolicyDirs {
		checks += len(pd.Checks)
		benchmarks += len(pd.Benchmarks)
	}
	what := fmt.Sprintf("%s, %s, %s, %s", plural(checks, "check"), plural(benchmarks, "benchmark"),
		plural(count[policytest.KindRego], "Rego test"), plural(count[policytest.KindFixture], "fixture"))
	if rep.Failed > 0 {
		fmt.Fprintf(&sb, "FAIL: %d of %d tests failed (%s)\n", rep.Failed, len(rep.Results), what)
	} else {
		fmt.Fprintf(&sb, "ok: %d tests passed (%s)\n", rep.Passed, what)
	}
	_, err := io.WriteString(w, sb.String())
	return err
}
