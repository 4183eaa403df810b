package rbac

import "strings"

// The tests' catalog of risks: the shapes of request the resolver is asked
// (single requests, subresources, names, two requests in one set). The
// product's risks are the Rego checks that define them
// (checks.Catalog.RBACRisks); checks/rbacrisks_test.go holds those to
// the resolver.

// Requests of the catalog.
func req(verb, group, resource string) Attributes {
	resource, sub, _ := strings.Cut(resource, "/")
	return Attributes{Verb: verb, APIGroup: group, Resource: resource, Subresource: sub}
}

// anyOf: the risk is held with any one of the requests.
func anyOf(reqs ...Attributes) [][]Attributes {
	out := make([][]Attributes, len(reqs))
	for i, a := range reqs {
		out[i] = []Attributes{a}
	}
	return out
}

// each: every verb on every resource of one group.
func each(verbs []string, group string, resources ...string) []Attributes {
	var out []Attributes
	for _, res := range resources {
		for _, v := range verbs {
			out = append(out, req(v, group, res))
		}
	}
	return out
}

func signer(name string) Attributes {
	return Attributes{Verb: "approve", APIGroup: "certificates.k8s.io", Resource: "signers", Name: name}
}

var approvals = []Attributes{
	named(req("update", "certificates.k8s.io", "certificatesigningrequests/approval")),
	named(req("patch", "certificates.k8s.io", "certificatesigningrequests/approval")),
}

// named asks a with some object name (AnyName): a rule limited to named
// objects grants it too.
func named(a Attributes) Attributes {
	a.Name = AnyName
	return a
}

// namedEach is each, asked for some object name.
func namedEach(verbs []string, group string, resources ...string) []Attributes {
	out := each(verbs, group, resources...)
	for i := range out {
		out[i] = named(out[i])
	}
	return out
}

// Risks is the tests' catalog.
var Risks = []Risk{
	{
		ID: "RBAC-WILDCARD", Title: "every verb on every resource (cluster-admin equivalent)", Severity: Critical, Where: InCluster,
		Why:   "A rule with verbs, apiGroups and resources all `*` bound cluster-wide allows everything the API offers, including every other risk on this list: whoever holds it owns the cluster.",
		AnyOf: anyOf(req("*", "*", "*")),
	},
	{
		ID: "RBAC-SECRETS-READ-CLUSTER", Title: "read Secrets in every namespace", Severity: Critical, Where: InCluster,
		Why:   "Secrets hold service account tokens, registry credentials and TLS keys; reading them in every namespace yields the credentials of the most privileged workloads of the cluster.",
		AnyOf: anyOf(each([]string{"get", "list", "watch"}, "", "secrets")...),
	},
	{
		ID: "RBAC-SECRETS-READ", Title: "read Secrets in a namespace", Severity: High, Where: InNamespace,
		Why:   "Every Secret of the namespace is readable: the credentials of its applications, and any service account token stored as a Secret, whose permissions the holder then has.",
		AnyOf: anyOf(each([]string{"get", "list", "watch"}, "", "secrets")...),
	},
	{
		ID: "RBAC-NODES-PROXY", Title: "proxy to the kubelet API (nodes/proxy)", Severity: Critical, Where: InCluster,
		Why:   "nodes/proxy reaches the kubelet API of every node, which can run commands in any container of the node; requests through it bypass admission control, and the audit log shows a nodes/proxy request, not a pod exec.",
		AnyOf: anyOf(namedEach([]string{"get", "create"}, "", "nodes/proxy")...),
	},
	{
		ID: "RBAC-IMPERSONATE", Title: "impersonate users, groups or service accounts", Severity: Critical, Where: InCluster,
		Why:   "Impersonation lets the holder act as any user, group (system:masters included) or service account: it has every permission of whoever it chooses to be.",
		AnyOf: anyOf(namedEach([]string{"impersonate"}, "", "users", "groups", "serviceaccounts")...),
	},
	{
		ID: "RBAC-CSR-APPROVE", Title: "approve certificate signing requests for API client certificates", Severity: Critical, Where: InCluster,
		Why: "Approving a CSR for the kube-apiserver-client signers makes the cluster CA issue a client certificate for any user and groups, system:masters included; approval needs update on certificatesigningrequests/approval and approve on the signer.",
		AnyOf: func() [][]Attributes {
			var sets [][]Attributes
			for _, a := range approvals {
				for _, s := range []string{"kubernetes.io/kube-apiserver-client", "kubernetes.io/kube-apiserver-client-kubelet", "kubernetes.io/*"} {
					sets = append(sets, []Attributes{a, signer(s)})
				}
			}
			return sets
		}(),
	},
	{
		ID: "RBAC-MUTATING-WEBHOOK", Title: "create or modify mutating admission webhooks", Severity: Critical, Where: InCluster,
		Why:   "A mutating webhook receives the objects it selects (Secrets included) and may change any of them as they are admitted, for example add a container or a host mount to every new pod.",
		AnyOf: anyOf(each([]string{"create", "update", "patch"}, "admissionregistration.k8s.io", "mutatingwebhookconfigurations")...),
	},
	{
		ID: "RBAC-VALIDATING-WEBHOOK", Title: "create or modify validating admission webhooks", Severity: High, Where: InCluster,
		Why:   "A validating webhook receives the objects it selects (Secrets included) and can reject any request; changing one can also disable a policy the cluster relies on.",
		AnyOf: anyOf(each([]string{"create", "update", "patch"}, "admissionregistration.k8s.io", "validatingwebhookconfigurations")...),
	},
	{
		ID: "RBAC-BIND", Title: "bind any role (bind on roles or clusterroles)", Severity: High, Where: Anywhere,
		Why: "The bind verb lifts the API server's escalation check on bindings: with permission to create a binding, the holder can grant itself any role it may bind, cluster-admin included, without holding its permissions. Bind restricted to cluster-admin by resourceNames counts.",
		AnyOf: anyOf(req("bind", Group, "clusterroles"), req("bind", Group, "roles"),
			Attributes{Verb: "bind", APIGroup: Group, Resource: "clusterroles", Name: "cluster-admin"}),
	},
	{
		ID: "RBAC-ESCALATE", Title: "escalate roles (escalate on roles or clusterroles)", Severity: High, Where: Anywhere,
		Why:   "The escalate verb lifts the API server's escalation check on roles: with permission to update a role bound to it, the holder can add any permission to that role.",
		AnyOf: anyOf(req("escalate", Group, "clusterroles"), req("escalate", Group, "roles")),
	},
	{
		ID: "RBAC-CLUSTERROLEBINDINGS-MODIFY", Title: "create or modify ClusterRoleBindings", Severity: High, Where: InCluster,
		Why:   "Binding ClusterRoles cluster-wide grants their permissions to any subject, including identities the holder controls; the escalation check limits it to roles the holder may bind, but with bind (or permissions of its own) it reaches cluster-admin.",
		AnyOf: anyOf(each([]string{"create", "update", "patch"}, Group, "clusterrolebindings")...),
	},
	{
		ID: "RBAC-PODS-CREATE", Title: "create pods", Severity: High, Where: Anywhere,
		Why:   "A new pod can run as any service account of its namespace (taking its token) and, unless admission forbids it, be privileged or mount the node's filesystem.",
		AnyOf: anyOf(req("create", "", "pods")),
	},
	{
		ID: "RBAC-WORKLOADS-CREATE", Title: "create workloads that create pods", Severity: High, Where: Anywhere,
		Why: "Deployments, DaemonSets, StatefulSets, ReplicaSets, Jobs, CronJobs and ReplicationControllers create pods from their template: the holder runs pods as with create pods (a DaemonSet on every node).",
		AnyOf: anyOf(
			req("create", "apps", "deployments"), req("create", "apps", "daemonsets"), req("create", "apps", "statefulsets"),
			req("create", "apps", "replicasets"), req("create", "batch", "jobs"), req("create", "batch", "cronjobs"),
			req("create", "", "replicationcontrollers")),
	},
	{
		ID: "RBAC-PODS-EXEC", Title: "run commands in containers (pods/exec)", Severity: High, Where: Anywhere,
		Why:   "Exec runs any command in a running container, with its service account token, its mounted Secrets and its privileges. get counts too: older API servers allowed exec over WebSocket with get.",
		AnyOf: anyOf(req("create", "", "pods/exec"), req("get", "", "pods/exec")),
	},
	{
		ID: "RBAC-PODS-EPHEMERAL", Title: "add ephemeral containers to pods", Severity: High, Where: Anywhere,
		Why:   "An ephemeral container added to a running pod runs any image with the pod's service account, volumes and namespaces: exec by another name.",
		AnyOf: anyOf(req("update", "", "pods/ephemeralcontainers"), req("patch", "", "pods/ephemeralcontainers")),
	},
	{
		ID: "RBAC-SA-TOKEN-CREATE", Title: "create service account tokens", Severity: High, Where: Anywhere,
		Why:   "serviceaccounts/token issues a token for a service account: the holder acts as any service account it may ask for (all of the namespace, or of the cluster).",
		AnyOf: anyOf(req("create", "", "serviceaccounts/token")),
	},
	{
		ID: "RBAC-IMPERSONATE-SERVICEACCOUNTS", Title: "impersonate the service accounts of a namespace", Severity: High, Where: InNamespace,
		Why:   "A RoleBinding allowing impersonate on serviceaccounts lets the holder act as every service account of the namespace.",
		AnyOf: anyOf(req("impersonate", "", "serviceaccounts")),
	},
	{
		ID: "RBAC-PV-CREATE", Title: "create PersistentVolumes", Severity: High, Where: InCluster,
		Why:   "A PersistentVolume can be a hostPath: a pod claiming it mounts any directory of the node it runs on, such as the kubelet's credentials or the container runtime socket.",
		AnyOf: anyOf(req("create", "", "persistentvolumes")),
	},
	{
		ID: "RBAC-PODS-ATTACH", Title: "attach to containers (pods/attach)", Severity: Medium, Where: Anywhere,
		Why:   "Attach connects to the main process of a running container: where it reads a shell or commands from stdin, this is exec. get counts as for exec.",
		AnyOf: anyOf(req("create", "", "pods/attach"), req("get", "", "pods/attach")),
	},
	{
		ID: "RBAC-ROLEBINDINGS-MODIFY", Title: "create or modify RoleBindings", Severity: Medium, Where: Anywhere,
		Why:   "A RoleBinding grants a role to any subject in its namespace (ClusterRoles such as admin included); the escalation check limits it to roles the holder may bind, so it spreads the holder's permissions to identities it controls, and with bind reaches every role.",
		AnyOf: anyOf(each([]string{"create", "update", "patch"}, Group, "rolebindings")...),
	},
	{
		ID: "RBAC-ROLES-MODIFY", Title: "create or modify Roles and ClusterRoles", Severity: Medium, Where: Anywhere,
		Why:   "Changing a role changes what every subject bound to it may do; the escalation check limits new rules to permissions the holder has, unless it holds escalate.",
		AnyOf: anyOf(append(each([]string{"create", "update", "patch"}, Group, "roles"), each([]string{"update", "patch"}, Group, "clusterroles")...)...),
	},
	{
		ID: "RBAC-PODS-PORTFORWARD", Title: "forward ports of pods (pods/portforward)", Severity: Low, Where: Anywhere,
		Why:   "Port forwarding reaches any port of a pod through the API server, around NetworkPolicies and Services: internal admin interfaces and databases become reachable.",
		AnyOf: anyOf(req("create", "", "pods/portforward"), req("get", "", "pods/portforward")),
	},
}
