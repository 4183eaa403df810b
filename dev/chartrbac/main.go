// Command chartrbac copies the rules of the ClusterRole kubeassay-reader
// from deploy/rbac.yaml (generated from the checks by 'kubeassay rbac')
// into the Helm chart's templates/reader.yaml, so that 'make rbac' keeps
// the two the same; charts/chart_test.go fails when they differ.
//
//	go run ./dev/chartrbac [-rbac deploy/rbac.yaml] [-chart charts/kubeassay/templates/reader.yaml]
package main

import (
	"flag"
	"fmt"
	"os"
	"strings"
)

func main() {
	rbac := flag.String("rbac", "deploy/rbac.yaml", "the generated RBAC")
	chart := flag.String("chart", "charts/kubeassay/templates/reader.yaml", "the chart's template of the same role")
	flag.Parse()
	if err := run(*rbac, *chart); err != nil {
		fmt.Fprintln(os.Stderr, "chartrbac:", err)
		os.Exit(1)
	}
}

func run(rbacFile, chartFile string) error {
	src, err := os.ReadFile(rbacFile)
	if err != nil {
		return err
	}
	rules, err := rulesOf(string(src), rbacFile)
	if err != nil {
		return err
	}
	tmpl, err := os.ReadFile(chartFile)
	if err != nil {
		return err
	}
	old, err := rulesOf(string(tmpl), chartFile)
	if err != nil {
		return err
	}
	out := strings.Replace(string(tmpl), old, rules, 1)
	if out == string(tmpl) {
		return nil
	}
	return os.WriteFile(chartFile, []byte(out), 0o644)
}

// rulesOf is the rules block (from "rules:" to the end of its document) of
// the ClusterRole document in text.
func rulesOf(text, name string) (string, error) {
	for _, doc := range strings.Split(text, "\n---\n") {
		if !strings.Contains(doc, "\nkind: ClusterRole\n") {
			continue
		}
		i := strings.Index(doc, "\nrules:\n")
		if i < 0 {
			return "", fmt.Errorf("%s: the ClusterRole has no rules", name)
		}
		return strings.TrimRight(doc[i+1:], "\n"), nil
	}
	return "", fmt.Errorf("%s: no ClusterRole", name)
}
