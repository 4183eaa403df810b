package kubeassay.checks.pod.host_path_volumes_test

import data.kubeassay.checks.pod.host_path_volumes

pod(spec) := {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": spec}

test_other_volumes_allowed if {
	count(host_path_volumes.deny) == 0 with input as pod({
		"containers": [{"name": "a"}],
		"volumes": [
			{"name": "tmp", "emptyDir": {}},
			{"name": "cfg", "configMap": {"name": "cfg"}},
			{"name": "data", "persistentVolumeClaim": {"claimName": "data"}},
			{"name": "nfs", "nfs": {"server": "nfs.example.com", "path": "/exports"}},
			{"name": "odd", "hostPath": null, "emptyDir": {}},
		],
	})
}

test_host_path_volume if {
	findings := host_path_volumes.deny with input as pod({
		"containers": [{"name": "a"}],
		"volumes": [
			{"name": "tmp", "emptyDir": {}},
			{"name": "docker", "hostPath": {"path": "/var/run/docker.sock", "type": "Socket"}},
		],
	})
	findings == {{
		"msg": "volume \"docker\" mounts host path \"/var/run/docker.sock\"",
		"path": "spec.volumes[1].hostPath",
		"value": {"path": "/var/run/docker.sock", "type": "Socket"},
	}}
}

test_empty_host_path_source if {
	findings := host_path_volumes.deny with input as pod({"containers": [{"name": "a"}], "volumes": [{"name": "h", "hostPath": {}}]})
	{f.path | some f in findings} == {"spec.volumes[0].hostPath"}
}

test_statefulset_path if {
	findings := host_path_volumes.deny with input as {
		"apiVersion": "apps/v1",
		"kind": "StatefulSet",
		"metadata": {"name": "db"},
		"spec": {"template": {"spec": {
			"containers": [{"name": "db"}],
			"volumes": [{"name": "data", "hostPath": {"path": "/srv/db"}}],
		}}},
	}
	{f.path | some f in findings} == {"spec.template.spec.volumes[0].hostPath"}
}
