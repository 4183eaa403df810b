# METADATA
# title: API server uses the RBAC authorizer
# description: |
#   RBAC lets cluster administrators grant each user and service account only the
#   verbs and resources it needs, through Roles and bindings that the API itself
#   manages and audits. Without it there is no per-subject access control in the
#   cluster. An unset --authorization-mode means AlwaysAllow and fails; authorizers
#   from an --authorization-config file are not recorded and the check is skipped.
# related_resources:
#   - ref: https://kubernetes.io/docs/reference/access-authn-authz/rbac/
#     description: Using RBAC authorization
#   - ref: https://www.cisecurity.org/benchmark/kubernetes
#     description: CIS Kubernetes Benchmark
# custom:
#   id: KA-API-006
#   severity: high
#   subject: object
#   kinds: [NodeFacts]
#   remediation: |
#     Add RBAC to --authorization-mode (normally Node,RBAC), after creating the Roles
#     and bindings your users need. In a kubeadm cluster edit
#     /etc/kubernetes/manifests/kube-apiserver.yaml on every control plane node (the
#     kubelet restarts the API server) and put the same setting under
#     `apiServer.extraArgs` of the ClusterConfiguration so that upgrades keep it; on
#     k3s and RKE2 use `kube-apiserver-arg` in the config file.
package kubeassay.checks.node.api_authorization_rbac

import data.kubeassay.lib.node

component := "kube-apiserver"

skip := node.component_skip(component)

unknown := node.authorization_unknown

deny contains f if some f in node.authorizer_missing("RBAC")
