package kubeassay.checks.pod.host_pid_test

import data.kubeassay.checks.pod.host_pid as check

pod(spec) := {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": object.union({"containers": [{"name": "c", "image": "i"}]}, spec)}

test_set_fails if {
	fs := check.deny with input as pod({"hostPID": true})
	count(fs) == 1
	some f in fs
	f.path == "spec.hostPID"
}

test_template_path if {
	d := {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "d"}, "spec": {"template": pod({"hostPID": true})}}
	some f in check.deny with input as d
	f.path == "spec.template.spec.hostPID"
}

test_unset_or_false_passes if {
	count(check.deny) == 0 with input as pod({})
	count(check.deny) == 0 with input as pod({"hostPID": false})
}

test_other_host_namespaces_are_not_this_check if {
	others := {"hostPID", "hostIPC", "hostNetwork"} - {"hostPID"}
	every o in others {
		count(check.deny) == 0 with input as pod({o: true})
	}
}

test_a_value_other_than_a_boolean_is_not_read_as_false if {
	some v in ["true", 1, {}]
	fs := check.deny with input as pod({"hostPID": v})
	count(fs) == 1
	count(check.deny) == 0 with input as pod({"hostPID": null})
}
