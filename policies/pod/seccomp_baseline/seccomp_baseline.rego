# METADATA
# title: Seccomp profile disabled
# description: |
#   A seccomp profile limits the system calls a container can make. Setting
#   the profile type to Unconfined (or to a type the runtime does not know)
#   removes that filter. Pod Security Standards, Baseline (Seccomp).
#   Restricted fields: spec.securityContext.seccompProfile.type and
#   securityContext.seccompProfile.type of every init, regular and ephemeral
#   container. Allowed values: undefined, RuntimeDefault, Localhost. The
#   seccomp.security.alpha.kubernetes.io annotations, which Kubernetes no
#   longer honours, are not looked at (as in Pod Security Admission 1.19+).
# related_resources:
#   - ref: https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline
#     description: Pod Security Standards, Baseline, Seccomp
#   - ref: https://kubernetes.io/docs/tutorials/security/seccomp/
#     description: Restrict a container's syscalls with seccomp
# custom:
#   id: KA-POD-010
#   severity: medium
#   subject: pod
#   remediation: |
#     Set seccompProfile.type to RuntimeDefault (or Localhost with a profile
#     installed on the nodes) instead of Unconfined, or remove the setting.
package kubeassay.checks.pod.seccomp_baseline

import data.kubeassay.lib.kubernetes as k8s

deny contains f if some f in k8s.disallowed_seccomp
