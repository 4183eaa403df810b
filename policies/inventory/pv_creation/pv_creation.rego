# METADATA
# title: Creating PersistentVolumes is limited to the subjects that need it
# description: |
#   A PersistentVolume can be a hostPath volume: whoever creates one and claims it
#   from a pod reaches the node's file system, even where pod security forbids
#   hostPath in pods. PersistentVolumes are cluster-scoped, so only
#   ClusterRoleBindings grant create on them. Every subject holding it is reported
#   once per binding, with its role; the subjects Kubernetes itself needs are left
#   aside.
# related_resources:
#   - ref: https://kubernetes.io/docs/concepts/security/rbac-good-practices/
#     description: Kubernetes documentation, RBAC good practices
#   - ref: https://www.cisecurity.org/benchmark/kubernetes
#     description: CIS Kubernetes Benchmark (5.1.9)
# custom:
#   id: KA-INV-008
#   severity: high
#   subject: inventory
#   kinds: [ClusterRole, ClusterRoleBinding, Role, RoleBinding]
#   remediation: |
#     Keep create on persistentvolumes for the storage provisioners and
#     administrators; users request storage with PersistentVolumeClaims.
package kubeassay.checks.inventory.pv_creation

import data.kubeassay.lib.rbac

risk := [{"what": "create PersistentVolumes", "where": "cluster", "any_of": rbac.each(["create"], "", ["persistentvolumes"])}]

deny contains f if {
	some f in rbac.risk_findings(risk)
}
