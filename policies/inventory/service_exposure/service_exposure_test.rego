package kubeassay.checks.inventory.service_exposure_test

import data.kubeassay.checks.inventory.service_exposure as check

svc(spec) := {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "web", "namespace": "shop"}, "spec": spec}

test_cluster_ip_passes if {
	count(check.deny) == 0 with input as svc({"ports": [{"port": 80}]})
	count(check.deny) == 0 with input as svc({"type": "ClusterIP", "clusterIP": "None", "ports": [{"port": 80}]})
	count(check.deny) == 0 with input as svc({"type": "ExternalName", "externalName": "db.example.com"})
}

test_node_port_fails if {
	check.deny == {{"msg": "Service is of type NodePort: ports 80/TCP (node port 30080) are reachable from outside the cluster", "path": "spec.type", "value": "NodePort"}} with input as svc({"type": "NodePort", "ports": [{"port": 80, "protocol": "TCP", "nodePort": 30080}]})
}

test_load_balancer_with_ranges_is_reported_with_them if {
	check.deny == {{"msg": "Service is of type LoadBalancer: ports 443/TCP (node port 31443) are reachable from outside the cluster, limited to 10.0.0.0/8", "path": "spec.type", "value": "LoadBalancer"}} with input as svc({"type": "LoadBalancer", "loadBalancerSourceRanges": ["10.0.0.0/8"], "ports": [{"port": 443, "nodePort": 31443}]})
}
