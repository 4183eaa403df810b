# METADATA
# title: Creating pods is limited to the subjects that need it
# description: |
#   Whoever can create a pod in a namespace can run it as any service account of
#   that namespace, mount its Secrets and ConfigMaps, and, where pod security
#   allows, reach the node. Workload controllers create pods on their creator's
#   behalf, so creating Deployments, ReplicaSets, StatefulSets, DaemonSets, Jobs,
#   CronJobs and ReplicationControllers counts too. Every subject holding create on
#   one of them is reported once per binding, with its role and scope; the
#   subjects Kubernetes itself needs are left aside for what the bindings
#   Kubernetes creates itself give them (a binding of anyone else's to them is
#   reported).
# related_resources:
#   - ref: https://kubernetes.io/docs/concepts/security/rbac-good-practices/
#     description: Kubernetes documentation, RBAC good practices
#   - ref: https://www.cisecurity.org/benchmark/kubernetes
#     description: CIS Kubernetes Benchmark (5.1.4)
# custom:
#   id: KA-INV-006
#   severity: high
#   subject: inventory
#   kinds: [ClusterRole, ClusterRoleBinding, Role, RoleBinding]
#   remediation: |
#     Take create on pods and workload resources away from the subjects listed that
#     do not deploy software; deploy through a pipeline's service account, and enforce
#     Pod Security Admission on the namespaces where pods are created.
package kubeassay.checks.inventory.pod_creation

import data.kubeassay.lib.rbac

requests := array.concat(rbac.each(["create"], "", ["pods", "replicationcontrollers"]), array.concat(rbac.each(["create"], "apps", ["deployments", "replicasets", "statefulsets", "daemonsets"]), rbac.each(["create"], "batch", ["jobs", "cronjobs"])))

risk := [{"what": "create pods or workloads", "where": "anywhere", "any_of": requests}]

deny contains f if {
	some f in rbac.risk_findings(risk)
}
