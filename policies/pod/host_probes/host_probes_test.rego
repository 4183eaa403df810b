package kubeassay.checks.pod.host_probes_test

import data.kubeassay.checks.pod.host_probes

pod(spec) := {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": spec}

test_unset_hosts_allowed if {
	count(host_probes.deny) == 0 with input as pod({"containers": [{
		"name": "a",
		"livenessProbe": {"httpGet": {"path": "/healthz", "port": 8080}},
		"readinessProbe": {"tcpSocket": {"port": 8080, "host": ""}},
		"startupProbe": {"grpc": {"port": 9090}},
		"lifecycle": {
			"postStart": {"httpGet": {"path": "/warm", "port": 8080}},
			"preStop": {"exec": {"command": ["sleep", "5"]}},
		},
	}]})
}

# Any host is refused, loopback addresses included.
test_loopback_hosts if {
	findings := host_probes.deny with input as pod({"containers": [{
		"name": "a",
		"livenessProbe": {"httpGet": {"host": "127.0.0.1", "port": 8080}},
		"readinessProbe": {"tcpSocket": {"host": "::1", "port": 8080}},
		"startupProbe": {"httpGet": {"host": "localhost", "port": 8080}},
	}]})
	findings == {
		{"msg": "container \"a\" sets livenessProbe.httpGet.host to \"127.0.0.1\"", "path": "spec.containers[0].livenessProbe.httpGet.host", "value": "127.0.0.1"},
		{"msg": "container \"a\" sets readinessProbe.tcpSocket.host to \"::1\"", "path": "spec.containers[0].readinessProbe.tcpSocket.host", "value": "::1"},
		{"msg": "container \"a\" sets startupProbe.httpGet.host to \"localhost\"", "path": "spec.containers[0].startupProbe.httpGet.host", "value": "localhost"},
	}
}

test_lifecycle_handlers if {
	findings := host_probes.deny with input as pod({"containers": [
		{"name": "valid"},
		{"name": "d", "lifecycle": {"postStart": {"tcpSocket": {"host": "invalid.host", "port": 1}}}},
		{"name": "e", "lifecycle": {"preStop": {"httpGet": {"host": "169.254.169.254", "path": "/latest/meta-data", "port": 80}}}},
	]})
	{f.path | some f in findings} == {
		"spec.containers[1].lifecycle.postStart.tcpSocket.host",
		"spec.containers[2].lifecycle.preStop.httpGet.host",
	}
}

test_init_and_ephemeral_containers if {
	findings := host_probes.deny with input as pod({
		"initContainers": [{"name": "init", "livenessProbe": {"httpGet": {"host": "invalid.init.host", "port": 80}}}],
		"containers": [{"name": "a"}],
		"ephemeralContainers": [{"name": "debug", "lifecycle": {"preStop": {"tcpSocket": {"host": "2001:4860:4860::8888", "port": 53}}}}],
	})
	{f.path | some f in findings} == {
		"spec.initContainers[0].livenessProbe.httpGet.host",
		"spec.ephemeralContainers[0].lifecycle.preStop.tcpSocket.host",
	}
}

test_deployment_path if {
	findings := host_probes.deny with input as {
		"apiVersion": "apps/v1",
		"kind": "Deployment",
		"metadata": {"name": "w"},
		"spec": {"template": {"spec": {"containers": [{"name": "web", "readinessProbe": {"httpGet": {"host": "10.0.0.1", "port": 10250}}}]}}},
	}
	findings == {{
		"msg": "container \"web\" sets readinessProbe.httpGet.host to \"10.0.0.1\"",
		"path": "spec.template.spec.containers[0].readinessProbe.httpGet.host",
		"value": "10.0.0.1",
	}}
}
