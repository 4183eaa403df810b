package kubeassay.checks.pod.volume_types_test

import data.kubeassay.checks.pod.volume_types

pod(volumes) := {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": {"containers": [{"name": "a"}], "volumes": volumes}}

restricted_types := [
	"hostPath", "gcePersistentDisk", "awsElasticBlockStore", "gitRepo", "nfs", "iscsi", "glusterfs",
	"rbd", "flexVolume", "cinder", "cephfs", "flocker", "fc", "azureFile", "vsphereVolume",
	"quobyte", "azureDisk", "photonPersistentDisk", "portworxVolume", "scaleIO", "storageos",
]

test_allowed_types if {
	count(volume_types.deny) == 0 with input as pod([
		{"name": "a1", "emptyDir": {}},
		{"name": "a2", "secret": {"secretName": "s"}},
		{"name": "a3", "persistentVolumeClaim": {"claimName": "c"}},
		{"name": "a4", "downwardAPI": {"items": []}},
		{"name": "a5", "configMap": {"name": "cm"}},
		{"name": "a6", "projected": {"sources": []}},
		{"name": "a7", "csi": {"driver": "secrets-store.csi.k8s.io"}},
		{"name": "a8", "ephemeral": {"volumeClaimTemplate": {"spec": {}}}},
		{"name": "a9", "image": {"reference": "registry.example.com/data:1.0"}},
	])
}

# The API server defaults a volume without a source to an emptyDir.
test_volume_without_source_allowed if {
	count(volume_types.deny) == 0 with input as pod([{"name": "scratch"}])
	count(volume_types.deny) == 0 with input as pod([{"name": "scratch", "nfs": null}])
}

test_every_restricted_type if {
	volumes := [{"name": sprintf("b%d", [i + 1]), type: {}} | some i, type in restricted_types]
	findings := volume_types.deny with input as pod(volumes)
	{f.path | some f in findings} == {sprintf("spec.volumes[%d].%s", [i, type]) | some i, type in restricted_types}
}

test_restricted_finding if {
	findings := volume_types.deny with input as pod([
		{"name": "cfg", "configMap": {"name": "cfg"}},
		{"name": "shared", "nfs": {"server": "nfs.example.com", "path": "/exports/shared"}},
	])
	findings == {{
		"msg": "volume \"shared\" uses restricted volume type \"nfs\"",
		"path": "spec.volumes[1].nfs",
		"value": {"server": "nfs.example.com", "path": "/exports/shared"},
	}}
}

test_unknown_type if {
	findings := volume_types.deny with input as pod([{"name": "x", "someFutureSource": {}}])
	{f.path | some f in findings} == {"spec.volumes[0].someFutureSource"}
}

test_statefulset_path if {
	findings := volume_types.deny with input as {
		"apiVersion": "apps/v1",
		"kind": "StatefulSet",
		"metadata": {"name": "db"},
		"spec": {"template": {"spec": {
			"containers": [{"name": "db"}],
			"volumes": [{"name": "repo", "gitRepo": {"repository": "https://example.com/repo.git"}}],
		}}},
	}
	{f.path | some f in findings} == {"spec.template.spec.volumes[0].gitRepo"}
}
