package kubeassay.checks.node.sched_profiling_test

import data.kubeassay.checks.node.sched_profiling
import data.kubeassay.test.node as t

comp := "kube-scheduler"

test_pass_when_false if {
	not sched_profiling.skip with input as t.on(comp, "kubeadm", t.process(comp, {"profiling": ["false"]}))
	count(sched_profiling.deny) == 0 with input as t.on(comp, "kubeadm", t.process(comp, {"profiling": ["false"]}))
}

test_pass_with_any_spelling_go_accepts if {
	not sched_profiling.skip with input as t.on(comp, "kubeadm", t.process(comp, {"profiling": ["False"]}))
	count(sched_profiling.deny) == 0 with input as t.on(comp, "kubeadm", t.process(comp, {"profiling": ["False"]}))
}

test_fail_when_true if {
	sched_profiling.deny == {{"msg": "kube-scheduler --profiling=true (set in static pod manifest /etc/kubernetes/manifests/kube-scheduler.yaml); want false", "path": "components.kube-scheduler.flags.profiling", "value": "true"}} with input as t.on(comp, "kubeadm", t.from_manifest(comp, {"profiling": ["true"]}))
}

test_fail_by_default if {
	sched_profiling.deny == {{"msg": "kube-scheduler --profiling is not set (default true); want false", "path": "components.kube-scheduler.flags.profiling", "value": null}} with input as t.on(comp, "kubeadm", t.process(comp, {}))
}

test_last_value_wins if {
	not sched_profiling.skip with input as t.on(comp, "kubeadm", t.process(comp, {"profiling": ["true", "false"]}))
	count(sched_profiling.deny) == 0 with input as t.on(comp, "kubeadm", t.process(comp, {"profiling": ["true", "false"]}))
	not sched_profiling.skip with input as t.on(comp, "kubeadm", t.process(comp, {"profiling": ["false", "true"]}))
	count(sched_profiling.deny) == 1 with input as t.on(comp, "kubeadm", t.process(comp, {"profiling": ["false", "true"]}))
}

test_skip_when_not_running if {
	sched_profiling.skip == "kube-scheduler is not running on this node" with input as t.facts("kubeadm", {"kubelet": {"name": "kubelet", "source": "process", "flags": {}}}, [])
}

test_skip_on_managed_control_plane if {
	sched_profiling.skip == "managed control plane (eks): kube-scheduler is run by the provider" with input as t.on(comp, "eks", t.process(comp, {"profiling": ["true"]}))
	sched_profiling.skip == "managed control plane (aks): kube-scheduler is run by the provider" with input as t.facts("aks", {}, [])
}

test_unknown_when_embedded_and_unset if {
	sched_profiling.unknown == "kube-scheduler runs inside k3s, whose built-in arguments are not recorded, and kube-scheduler-arg does not set --profiling" with input as t.on(comp, "k3s", t.embedded(comp, {}))
}

test_embedded_flags_are_judged if {
	not sched_profiling.skip with input as t.on(comp, "k3s", t.embedded(comp, {"profiling": ["true"]}))
	count(sched_profiling.deny) == 1 with input as t.on(comp, "k3s", t.embedded(comp, {"profiling": ["true"]}))
}

with_config(settings) := object.union(t.process(comp, {"config": ["/etc/kubernetes/scheduler.yaml"], "profiling": ["false"]}), {"config": {
	"defaults": "config-file",
	"configFile": "/etc/kubernetes/scheduler.yaml",
	"settings": settings,
}})

test_config_file_decides_and_the_flag_is_ignored if {
	# --profiling=false is ignored with --config: the file's default (true) fails.
	sched_profiling.deny == {{"msg": "kube-scheduler enableProfiling is true (the default when a --config file is used); want false", "path": "components.kube-scheduler.config.settings[enableProfiling]", "value": true}} with input as t.facts("kubeadm", {"kube-scheduler": with_config({"enableProfiling": {"value": true, "source": "default"}})}, [])
	count(sched_profiling.deny) == 0 with input as t.facts("kubeadm", {"kube-scheduler": with_config({"enableProfiling": {"value": false, "source": "file:/etc/kubernetes/scheduler.yaml"}})}, [])
	not sched_profiling.unknown with input as t.facts("kubeadm", {"kube-scheduler": with_config({"enableProfiling": {"value": false, "source": "file:/etc/kubernetes/scheduler.yaml"}})}, [])
}

test_unknown_when_the_config_file_could_not_be_read if {
	doc := t.facts("kubeadm", {"kube-scheduler": with_config({"enableProfiling": {"value": null, "source": "unknown", "error": "/etc/kubernetes/scheduler.yaml: yaml: line 1: did not find expected node content"}})}, [])
	sched_profiling.unknown == "kube-scheduler setting enableProfiling (/etc/kubernetes/scheduler.yaml: yaml: line 1: did not find expected node content) could not be determined" with input as doc
	count(sched_profiling.deny) == 0 with input as doc
}
