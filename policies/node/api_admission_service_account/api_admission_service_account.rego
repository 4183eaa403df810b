# METADATA
# title: API server keeps the ServiceAccount admission plugin
# description: |
#   The ServiceAccount plugin gives each pod a service account and its token volume
#   and refuses pods that name a service account that does not exist. It is on by
#   default: the check fails when --disable-admission-plugins lists it, or when the
#   deprecated --admission-control replaces the default list without it.
# related_resources:
#   - ref: https://kubernetes.io/docs/reference/access-authn-authz/admission-controllers/
#     description: Admission controllers
#   - ref: https://kubernetes.io/docs/reference/access-authn-authz/service-accounts-admin/
#     description: Managing service accounts
#   - ref: https://www.cisecurity.org/benchmark/kubernetes
#     description: CIS Kubernetes Benchmark
# custom:
#   id: KA-API-008
#   severity: medium
#   subject: object
#   kinds: [NodeFacts]
#   remediation: |
#     Remove ServiceAccount from --disable-admission-plugins (and stop using
#     --admission-control). In a kubeadm cluster edit
#     /etc/kubernetes/manifests/kube-apiserver.yaml on every control plane node (the
#     kubelet restarts the API server) and put the same setting under
#     `apiServer.extraArgs` of the ClusterConfiguration so that upgrades keep it; on
#     k3s and RKE2 use `kube-apiserver-arg` in the config file.
package kubeassay.checks.node.api_admission_service_account

import data.kubeassay.lib.node

component := "kube-apiserver"

skip := node.component_skip(component)

unknown := node.admission_unknown

# ServiceAccount is on by default: only --disable-admission-plugins, or the
# deprecated --admission-control replacing the whole list, turns it off.
deny contains f if some f in node.default_plugin_off("ServiceAccount")
