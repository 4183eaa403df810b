# METADATA
# title: Namespaces enforce the Pod Security Standards baseline level
# description: |
#   Pod Security Admission refuses, at admission, the pods that break the level
#   a namespace enforces (label pod-security.kubernetes.io/enforce). Every
#   Namespace that is not a system one (kube-system, kube-public,
#   kube-node-lease, which the benchmark lets be exempted by name) and enforces
#   less than baseline is reported: no label, or a lower level. A label whose value
#   is not a level leaves the namespace's level unknown (ERROR). The cluster-wide
#   default of the API server's AdmissionConfiguration is not read: a namespace
#   without the label is reported, saying so. The workloads that break the level
#   today are what the pod checks of the same recommendations report.
# related_resources:
#   - ref: https://kubernetes.io/docs/concepts/security/pod-security-admission/
#     description: Kubernetes documentation, Pod Security Admission
#   - ref: https://www.cisecurity.org/benchmark/kubernetes
#     description: CIS Kubernetes Benchmark (5.2)
# custom:
#   id: KA-INV-024
#   severity: high
#   subject: inventory
#   kinds: [Namespace]
#   remediation: |
#     Run `kubectl label --dry-run=server --overwrite ns NAMESPACE pod-security.kubernetes.io/enforce=baseline`
#     to see which running pods would break the level, fix them, then label the
#     namespace for real. Set pod-security.kubernetes.io/enforce-version to pin
#     the rules' version if upgrades must not change them.
package kubeassay.checks.inventory.namespace_pss_baseline

import data.kubeassay.lib.podsecurity as psa

deny contains f if {
	some f in psa.below("baseline")
}

unknown := concat("; ", sort(psa.invalid)) if count(psa.invalid) > 0
