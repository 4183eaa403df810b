# METADATA
# title: Restricted volume types
# description: |
#   The restricted level allows only volume types that a pod cannot use to
#   reach storage outside what Kubernetes hands it: node directories, network
#   file systems and block devices named inline, git repositories cloned on the
#   node. Pod Security Standards, Restricted (Volume Types).
#   Restricted fields: spec.volumes[*]. Allowed: volumes of type configMap,
#   csi, downwardAPI, emptyDir, ephemeral, image, persistentVolumeClaim,
#   projected, secret. Every other inline source (hostPath, nfs, iscsi,
#   gitRepo, awsElasticBlockStore, gcePersistentDisk, azureDisk, azureFile,
#   cephfs, cinder, fc, flexVolume, flocker, glusterfs, photonPersistentDisk,
#   portworxVolume, quobyte, rbd, scaleIO, storageos, vsphereVolume) fails. A
#   volume with no source at all is an emptyDir (the API server defaults it).
# related_resources:
#   - ref: https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted
#     description: Pod Security Standards, Restricted, Volume Types
# custom:
#   id: KA-POD-013
#   severity: medium
#   subject: pod
#   remediation: |
#     Use a persistentVolumeClaim (backed by a PersistentVolume or a CSI
#     driver) instead of the inline volume source, or one of configMap, secret,
#     projected, downwardAPI, emptyDir, ephemeral, csi or image.
package kubeassay.checks.pod.volume_types

import data.kubeassay.lib.kubernetes as k8s

allowed_types := {
	"configMap",
	"csi",
	"downwardAPI",
	"emptyDir",
	"ephemeral",
	"image",
	"persistentVolumeClaim",
	"projected",
	"secret",
}

deny contains {"msg": msg, "path": path, "value": v.volume[type]} if {
	some v in k8s.volumes
	types := sources(v.volume)
	count(types & allowed_types) == 0
	some type in types
	msg := sprintf("volume %q uses restricted volume type %q", [v.name, type])
	path := sprintf("%s.%s", [v.path, type])
}

# sources is the set of volume source fields a volume sets.
sources(volume) := {key |
	some key, source in volume
	key != "name"
	source != null
}
