package kubeassay.checks.node.api_etcd_client_cert_test

import data.kubeassay.checks.node.api_etcd_client_cert
import data.kubeassay.test.node as t

comp := "kube-apiserver"

test_pass_when_set if {
	doc1 := t.on(comp, "kubeadm", t.process(comp, {"etcd-certfile": ["/etc/kubernetes/pki/apiserver-etcd-client.crt"], "etcd-keyfile": ["/etc/kubernetes/pki/apiserver-etcd-client.key"]}))
	not api_etcd_client_cert.skip with input as doc1
	count(api_etcd_client_cert.deny) == 0 with input as doc1
	count(api_etcd_client_cert.warn) == 0 with input as t.on(comp, "kubeadm", t.process(comp, {"etcd-certfile": ["/etc/kubernetes/pki/apiserver-etcd-client.crt"], "etcd-keyfile": ["/etc/kubernetes/pki/apiserver-etcd-client.key"]}))
}

test_fail_when_unset if {
	api_etcd_client_cert.deny == {{"msg": "kube-apiserver --etcd-certfile is not set: the API server cannot authenticate to etcd", "path": "components.kube-apiserver.flags.etcd-certfile", "value": null}, {"msg": "kube-apiserver --etcd-keyfile is not set: the API server cannot authenticate to etcd", "path": "components.kube-apiserver.flags.etcd-keyfile", "value": null}} with input as t.on(comp, "kubeadm", t.process(comp, {}))
}

test_fail_when_only_etcd_certfile_is_set if {
	api_etcd_client_cert.deny == {{"msg": "kube-apiserver --etcd-keyfile is not set: the API server cannot authenticate to etcd", "path": "components.kube-apiserver.flags.etcd-keyfile", "value": null}} with input as t.on(comp, "kubeadm", t.process(comp, {"etcd-certfile": ["/etc/kubernetes/pki/apiserver-etcd-client.crt"]}))
}

test_fail_when_empty if {
	api_etcd_client_cert.deny == {{"msg": "kube-apiserver --etcd-certfile= (set in static pod manifest /etc/kubernetes/manifests/kube-apiserver.yaml): the API server cannot authenticate to etcd", "path": "components.kube-apiserver.flags.etcd-certfile", "value": ""}} with input as t.on(comp, "kubeadm", t.from_manifest(comp, {"etcd-certfile": [""], "etcd-keyfile": ["/etc/kubernetes/pki/apiserver-etcd-client.key"]}))
}

test_warn_when_a_named_file_is_missing if {
	api_etcd_client_cert.warn == {{"msg": "kube-apiserver --etcd-certfile names /etc/kubernetes/pki/apiserver-etcd-client.crt, which does not exist on this node", "path": "files[/etc/kubernetes/pki/apiserver-etcd-client.crt].exists", "value": false}} with input as t.facts("kubeadm", {"kube-apiserver": t.process(comp, {"etcd-certfile": ["/etc/kubernetes/pki/apiserver-etcd-client.crt"], "etcd-keyfile": ["/etc/kubernetes/pki/apiserver-etcd-client.key"]})}, [{"path": "/etc/kubernetes/pki/apiserver-etcd-client.crt", "roles": ["test"], "discoveredBy": ["flag:kube-apiserver --etcd-certfile"], "exists": false}])
	doc2 := t.facts("kubeadm", {"kube-apiserver": t.process(comp, {"etcd-certfile": ["/etc/kubernetes/pki/apiserver-etcd-client.crt"], "etcd-keyfile": ["/etc/kubernetes/pki/apiserver-etcd-client.key"]})}, [{"path": "/etc/kubernetes/pki/apiserver-etcd-client.crt", "roles": ["test"], "discoveredBy": ["flag:kube-apiserver --etcd-certfile"], "exists": false}])
	not api_etcd_client_cert.skip with input as doc2
	count(api_etcd_client_cert.deny) == 0 with input as doc2
}

test_skip_when_not_running if {
	api_etcd_client_cert.skip == "kube-apiserver is not running on this node" with input as t.facts("kubeadm", {"kubelet": {"name": "kubelet", "source": "process", "flags": {}}}, [])
}

test_skip_on_managed_control_plane if {
	api_etcd_client_cert.skip == "managed control plane (eks): kube-apiserver is run by the provider" with input as t.on(comp, "eks", t.process(comp, {"etcd-certfile": [""], "etcd-keyfile": ["/etc/kubernetes/pki/apiserver-etcd-client.key"]}))
	api_etcd_client_cert.skip == "managed control plane (aks): kube-apiserver is run by the provider" with input as t.facts("aks", {}, [])
}

test_unknown_when_embedded_and_unset if {
	api_etcd_client_cert.unknown == "kube-apiserver runs inside k3s, whose built-in arguments are not recorded, and kube-apiserver-arg does not set --etcd-certfile or --etcd-keyfile" with input as t.on(comp, "k3s", t.embedded(comp, {}))
}

test_embedded_flags_are_judged if {
	doc3 := t.on(comp, "k3s", t.embedded(comp, {"etcd-certfile": [""], "etcd-keyfile": ["/etc/kubernetes/pki/apiserver-etcd-client.key"]}))
	not api_etcd_client_cert.skip with input as doc3
	count(api_etcd_client_cert.deny) == 1 with input as doc3
}
