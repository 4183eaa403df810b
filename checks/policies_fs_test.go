package checks

import "github.com/kubeassay/kubeassay/policies"

var policiesFS = policies.FS
