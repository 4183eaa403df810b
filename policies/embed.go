// Package policies holds kubeassay's Rego checks and the helpers they share.
//
// Each check has a folder of its own under its area,
// <area>/<check>/, holding everything about it: the module <check>.rego
// with its OPA METADATA block, its Rego unit tests <check>_test.rego, and
// its fixtures, one YAML file per case under pass/, fail/, skip/ and
// error/; policies_test.go runs the tests and judges the fixtures with
// checks/policytest, the code 'kubeassay policy test' tests a policy
// directory with. lib/ holds the helpers the checks share. See
// docs/writing-a-check.md.
package policies

import "embed"

// FS holds every Rego module, tests included (fixtures are not embedded);
// the checks package skips the *_test.rego files when it builds the
// catalogue.
//
// It also holds pod/placeholders.yaml, the names in a pod template that the
// pod checks only print, which the engine replaces to evaluate templates
// that differ only in names once.
//
//go:embed lib/*.rego */*/*.rego pod/placeholders.yaml
var FS embed.FS
