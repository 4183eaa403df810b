// Package policies holds kubeassay's Rego checks and the helpers they share.
//
// Each check is a module under a directory named for its area (pod/, ...)
// with an OPA METADATA block; see docs/writing-a-check.md. Unit tests sit
// beside each module as *_test.rego and run through OPA's tester from
// policies_test.go.
package policies

import "embed"

// FS holds every Rego module, tests included; the checks package skips the
// *_test.rego files when it builds the catalogue.
//
//go:embed */*.rego
var FS embed.FS
