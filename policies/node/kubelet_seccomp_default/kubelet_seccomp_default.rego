# METADATA
# title: Kubelet applies the runtime's default seccomp profile
# description: |
#   With seccompDefault (--seccomp-default) the kubelet gives every container that
#   asks for no seccomp profile the container runtime's default profile
#   (RuntimeDefault), which blocks system calls containers rarely need and that
#   kernel exploits often use; without it such containers run Unconfined. The
#   kubelet's default is false, so an unset setting fails. The value is the
#   kubelet's effective setting (config file, drop-ins, flags, defaults); the
#   message says which layer set it.
# related_resources:
#   - ref: https://kubernetes.io/docs/tutorials/security/seccomp/#enable-the-use-of-runtimedefault-as-the-default-seccomp-profile-for-all-workloads
#     description: Use RuntimeDefault as the default seccomp profile for all workloads
#   - ref: https://www.cisecurity.org/benchmark/kubernetes
#     description: CIS Kubernetes Benchmark
# custom:
#   id: KA-KUBELET-011
#   severity: medium
#   subject: object
#   kinds: [NodeFacts]
#   remediation: |
#     Check that the workloads run under RuntimeDefault (the Pod Security Standards
#     restricted profile lists those that set no profile), then set `seccompDefault:
#     true` in the kubelet configuration (kubeadm: /var/lib/kubelet/config.yaml and
#     the kubelet ConfigMap, or a drop-in under --config-dir; k3s and RKE2:
#     `kubelet-arg: [seccomp-default=true]`) and restart the kubelet.
package kubeassay.checks.node.kubelet_seccomp_default

import data.kubeassay.lib.node

component := "kubelet"

key := "seccompDefault"

skip := node.component_skip(component)

unknown := node.settings_unknown(component, [key])

deny contains f if some f in node.setting_not_true(component, key)
