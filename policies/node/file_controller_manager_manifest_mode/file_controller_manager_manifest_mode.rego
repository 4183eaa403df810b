# METADATA
# title: Controller manager pod specification file is mode 0600 or stricter
# description: |
#   The static pod manifest that defines kube-controller-manager holds its full
#   command line: which flags it runs with, which certificates and keys it loads,
#   which host paths it mounts. The kubelet runs whatever the file says, so only root
#   may be able to change it, and nobody else needs to read it. Judged on every
#   manifest file with the role `controller-manager-manifest` (found through the
#   kubelet's staticPodPath); a missing file or a component that does not run from a
#   manifest is skipped, never passed.
# related_resources:
#   - ref: https://kubernetes.io/docs/reference/setup-tools/kubeadm/implementation-details/
#     description: "kubeadm implementation details: files on a control plane node"
#   - ref: https://www.cisecurity.org/benchmark/kubernetes
#     description: CIS Kubernetes Benchmark
# custom:
#   id: KA-FILE-003
#   severity: medium
#   subject: object
#   kinds: [NodeFacts]
#   remediation: |
#     Run `chmod 600 <file>` on the manifest named in the finding (kubeadm:
#     /etc/kubernetes/manifests/kube-controller-manager.yaml; RKE2:
#     /var/lib/rancher/rke2/agent/pod-manifests/). The kubelet keeps running the pod;
#     nothing restarts.
package kubeassay.checks.node.file_controller_manager_manifest_mode

import data.kubeassay.lib.node

roles := {"controller-manager-manifest"}

what := "controller manager pod specification file"

skip := node.files_skip(roles, "kube-controller-manager", what)

unknown := node.mode_unknown_reason(roles, what)

# 384 is 0600: no permission bit outside it may be set.
deny contains f if some f in node.wider_than(roles, what, 384)
