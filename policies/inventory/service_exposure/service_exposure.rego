# METADATA
# title: Services are not exposed outside the cluster
# description: |
#   A Service of type NodePort opens its port on every node of the cluster, and
#   one of type LoadBalancer asks the cloud for an address that (unless the load
#   balancer is made internal, or limited by loadBalancerSourceRanges) anyone on
#   the internet can reach. Either puts the workload behind it in front of
#   whoever can reach the nodes or the load balancer, past every NetworkPolicy
#   that protects it from inside. Each such Service fails, naming its type and
#   ports; one that limits its load balancer to source ranges is still reported,
#   with the ranges, since whether they are narrow enough is for a person to
#   judge. ClusterIP, headless and ExternalName Services pass.
# related_resources:
#   - ref: https://kubernetes.io/docs/concepts/services-networking/service/#publishing-services-service-types
#     description: Kubernetes documentation, Service types
#   - ref: https://owasp.org/www-project-kubernetes-top-ten/
#     description: OWASP Kubernetes Top 10 (overly exposed components)
# custom:
#   id: KA-SVC-001
#   severity: medium
#   subject: object
#   kinds: [Service]
#   remediation: |
#     Make the Service type ClusterIP and publish what must be reached from outside
#     through an Ingress or Gateway with TLS and authentication; where a load balancer
#     is needed, make it internal (the provider's annotation, e.g.
#     service.beta.kubernetes.io/aws-load-balancer-internal) or set
#     spec.loadBalancerSourceRanges to the networks that need it.
package kubeassay.checks.inventory.service_exposure

exposed := {"NodePort", "LoadBalancer"}

type := object.get(input, ["spec", "type"], "ClusterIP")

ports := [p |
	some x in object.get(input, ["spec", "ports"], [])
	p := port(x)
]

port(x) := sprintf("%v/%v (node port %v)", [object.get(x, "port", "?"), object.get(x, "protocol", "TCP"), x.nodePort]) if {
	object.get(x, "nodePort", null) != null
} else := sprintf("%v/%v", [object.get(x, "port", "?"), object.get(x, "protocol", "TCP")])

ranges := object.get(input, ["spec", "loadBalancerSourceRanges"], [])

limited := sprintf(", limited to %s", [concat(", ", ranges)]) if {
	type == "LoadBalancer"
	count(ranges) > 0
} else := ""

deny contains {"msg": msg, "path": "spec.type", "value": type} if {
	type in exposed
	msg := sprintf("Service is of type %s: ports %s are reachable from outside the cluster%s", [type, concat(", ", ports), limited])
}
