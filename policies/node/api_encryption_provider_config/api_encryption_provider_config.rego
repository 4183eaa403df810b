# METADATA
# title: API server encrypts data at rest
# description: |
#   Without --encryption-provider-config the API server writes Secrets (and every
#   other resource) to etcd as plain text: anyone who reads an etcd backup, the etcd
#   data directory or etcd's network traffic reads every credential in the cluster.
#   This check passes when the flag names a file and the node facts could read and
#   parse that file as an EncryptionConfiguration; it fails when the flag is unset
#   or empty. A file that is missing or does not parse leaves the check undecided
#   (the API server would not start with it). Whether the file really encrypts
#   Secrets, and with what, is KA-API-024 (CIS 1.2.28).
# related_resources:
#   - ref: https://kubernetes.io/docs/tasks/administer-cluster/encrypt-data/
#     description: Encrypting confidential data at rest
#   - ref: https://www.cisecurity.org/benchmark/kubernetes
#     description: CIS Kubernetes Benchmark
# custom:
#   id: KA-API-023
#   severity: high
#   subject: object
#   kinds: [NodeFacts]
#   remediation: |
#     Write an EncryptionConfiguration whose first provider for secrets is kms (v2),
#     aescbc or secretbox, keep it on every control plane node readable by root only,
#     and set --encryption-provider-config to it (kubeadm: add the flag and a hostPath
#     mount to /etc/kubernetes/manifests/kube-apiserver.yaml and to the
#     ClusterConfiguration's apiServer.extraArgs and extraVolumes; k3s and RKE2:
#     `secrets-encryption: true`). Restart the API servers, then rewrite the existing
#     Secrets so they are stored encrypted: `kubectl get secrets -A -o json | kubectl
#     replace -f -`.
package kubeassay.checks.node.api_encryption_provider_config

import data.kubeassay.lib.apiserver
import data.kubeassay.lib.node

component := "kube-apiserver"

flag := "encryption-provider-config"

skip := node.component_skip(component)

unknown := apiserver.summary_unknown(flag, "encryptionConfig", "encryption provider configuration")

deny contains f if some f in node.unset_flags(component, [flag], "Secrets are stored in etcd unencrypted")
