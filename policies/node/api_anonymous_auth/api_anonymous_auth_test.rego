package kubeassay.checks.node.api_anonymous_auth_test

import data.kubeassay.checks.node.api_anonymous_auth as check
import data.kubeassay.test.node as t

comp := "kube-apiserver"

on(flags) := t.on(comp, "kubeadm", t.process(comp, flags))

test_pass_when_false if {
	doc := on({"anonymous-auth": ["false"]})
	not check.skip with input as doc
	not check.unknown with input as doc
	count(check.deny) == 0 with input as doc
	count(check.deny) == 0 with input as on({"anonymous-auth": ["0"], "authentication-config": ["/etc/kubernetes/authn.yaml"]})
}

test_fail_when_unset if {
	check.deny == {{"msg": "kube-apiserver --anonymous-auth is not set (default true): requests without credentials are served as system:anonymous; want false", "path": "components.kube-apiserver.flags.anonymous-auth", "value": null}} with input as on({})
}

test_fail_when_true if {
	check.deny == {{"msg": "kube-apiserver --anonymous-auth=true (set in static pod manifest /etc/kubernetes/manifests/kube-apiserver.yaml): requests without credentials are served as system:anonymous; want false", "path": "components.kube-apiserver.flags.anonymous-auth", "value": "true"}} with input as t.on(comp, "kubeadm", t.from_manifest(comp, {"anonymous-auth": ["true"]}))
}

test_unknown_with_authentication_config if {
	doc := on({"authentication-config": ["/etc/kubernetes/authn.yaml"]})
	check.unknown == "kube-apiserver takes its authenticators from --authentication-config=/etc/kubernetes/authn.yaml (set on the command line), which may configure anonymous requests, and the node facts do not record its content" with input as doc
	count(check.deny) == 0 with input as doc
}

test_unknown_when_embedded_and_unset if {
	check.unknown == "kube-apiserver runs inside k3s, whose built-in arguments are not recorded, and kube-apiserver-arg does not set --anonymous-auth" with input as t.on(comp, "k3s", t.embedded(comp, {}))
	count(check.deny) == 0 with input as t.on(comp, "k3s", t.embedded(comp, {}))
}

test_skip_on_managed if {
	check.skip == "managed control plane (gke): kube-apiserver is run by the provider" with input as t.facts("gke", {}, [])
}
