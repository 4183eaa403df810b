package kubeassay.checks.pod.host_ports_test

import data.kubeassay.checks.pod.host_ports

pod(spec) := {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": spec}

test_container_ports_allowed if {
	count(host_ports.deny) == 0 with input as pod({"containers": [
		{"name": "a"},
		{"name": "b", "ports": [{"containerPort": 8080}, {"containerPort": 9090, "hostPort": 0}]},
	]})
}

test_host_port if {
	findings := host_ports.deny with input as pod({"containers": [{
		"name": "web",
		"ports": [{"containerPort": 8080}, {"containerPort": 443, "hostPort": 443}],
	}]})
	findings == {{
		"msg": "container \"web\" uses hostPort 443",
		"path": "spec.containers[0].ports[1].hostPort",
		"value": 443,
	}}
}

test_containers_of_every_type if {
	findings := host_ports.deny with input as pod({
		"initContainers": [{"name": "init", "ports": [{"containerPort": 80, "hostPort": 8080}]}],
		"containers": [{"name": "a", "ports": [{"containerPort": 80, "hostPort": 8080}, {"containerPort": 90, "hostPort": 9090}]}],
		"ephemeralContainers": [{"name": "debug", "ports": [{"containerPort": 1, "hostPort": 1}]}],
	})
	{f.path | some f in findings} == {
		"spec.initContainers[0].ports[0].hostPort",
		"spec.containers[0].ports[0].hostPort",
		"spec.containers[0].ports[1].hostPort",
		"spec.ephemeralContainers[0].ports[0].hostPort",
	}
}

test_daemonset_path if {
	findings := host_ports.deny with input as {
		"apiVersion": "apps/v1",
		"kind": "DaemonSet",
		"metadata": {"name": "ingress"},
		"spec": {"template": {"spec": {"containers": [{"name": "nginx", "ports": [{"containerPort": 80, "hostPort": 80}]}]}}},
	}
	{f.path | some f in findings} == {"spec.template.spec.containers[0].ports[0].hostPort"}
}
