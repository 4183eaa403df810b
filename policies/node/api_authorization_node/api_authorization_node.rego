# METADATA
# title: API server uses the Node authorizer
# description: |
#   The Node authorizer limits each kubelet to the objects of its own node: the
#   Secrets, ConfigMaps and volumes of the pods bound to it. Without it a kubelet's
#   credential is governed by RBAC alone, where nodes usually get much broader read
#   access. An unset --authorization-mode means AlwaysAllow and fails; authorizers
#   from an --authorization-config file are not recorded and the check is skipped.
# related_resources:
#   - ref: https://kubernetes.io/docs/reference/access-authn-authz/node/
#     description: Node authorization
#   - ref: https://www.cisecurity.org/benchmark/kubernetes
#     description: CIS Kubernetes Benchmark
# custom:
#   id: KA-API-005
#   severity: high
#   subject: object
#   kinds: [NodeFacts]
#   remediation: |
#     Add Node to --authorization-mode, before RBAC (Node,RBAC), and NodeRestriction
#     to --enable-admission-plugins. In a kubeadm cluster edit
#     /etc/kubernetes/manifests/kube-apiserver.yaml on every control plane node (the
#     kubelet restarts the API server) and put the same setting under
#     `apiServer.extraArgs` of the ClusterConfiguration so that upgrades keep it; on
#     k3s and RKE2 use `kube-apiserver-arg` in the config file.
package kubeassay.checks.node.api_authorization_node

import data.kubeassay.lib.node

component := "kube-apiserver"

skip := node.component_skip(component)

unknown := node.authorization_unknown

deny contains f if some f in node.authorizer_missing("Node")
