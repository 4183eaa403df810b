package rbac

import (
	"slices"
	"strings"
)

// Well-known names.
const (
	// PrivilegedGroup is allowed everything by kube-apiserver's
	// privileged-groups authorizer, before RBAC is asked.
	PrivilegedGroup      = "system:masters"
	AuthenticatedGroup   = "system:authenticated"
	UnauthenticatedGroup = "system:unauthenticated"
	AnonymousUser        = "system:anonymous"
	// AllServiceAccountsGroup holds every service account;
	// ServiceAccountGroupPrefix+NS those of one namespace.
	AllServiceAccountsGroup   = "system:serviceaccounts"
	ServiceAccountGroupPrefix = "system:serviceaccounts:"
	ServiceAccountUserPrefix  = "system:serviceaccount:"
)

// UserInfo is who asks: a user name and the groups the authenticator gave.
// The implicit groups (system:authenticated or system:unauthenticated, and
// a service account's system:serviceaccounts groups) are added by Allowed;
// they need not be listed.
type UserInfo struct {
	Name   string   `json:"name"`
	Groups []string `json:"groups,omitempty"`
}

// ServiceAccountUser is the user name of a service account.
func ServiceAccountUser(namespace, name string) string {
	return ServiceAccountUserPrefix + namespace + ":" + name
}

// ParseServiceAccountUser splits system:serviceaccount:NS:NAME.
func ParseServiceAccountUser(user string) (namespace, name string, ok bool) {
	rest, found := strings.CutPrefix(user, ServiceAccountUserPrefix)
	if !found {
		return "", "", false
	}
	namespace, name, found = strings.Cut(rest, ":")
	if !found || namespace == "" || name == "" || strings.Contains(name, ":") {
		return "", "", false
	}
	return namespace, name, true
}

// WithImplicitGroups returns the user with the groups kube-apiserver's
// authentication adds: system:unauthenticated for system:anonymous,
// system:authenticated for everyone else, and for a service account
// system:serviceaccounts and system:serviceaccounts:<namespace>.
func (u UserInfo) WithImplicitGroups() UserInfo {
	groups := slices.Clone(u.Groups)
	add := func(g string) {
		if !slices.Contains(groups, g) {
			groups = append(groups, g)
		}
	}
	if ns, _, ok := ParseServiceAccountUser(u.Name); ok {
		add(AllServiceAccountsGroup)
		add(ServiceAccountGroupPrefix + ns)
	}
	if u.Name == AnonymousUser {
		add(UnauthenticatedGroup)
	} else if !slices.Contains(groups, UnauthenticatedGroup) {
		add(AuthenticatedGroup)
	}
	return UserInfo{Name: u.Name, Groups: groups}
}

// Attributes is what is asked: a resource request (Resource set) or a
// non-resource request (Path set).
type Attributes struct {
	Verb        string `json:"verb"`
	APIGroup    string `json:"apiGroup,omitempty"` // "" is the core group
	Resource    string `json:"resource,omitempty"`
	Subresource string `json:"subresource,omitempty"`
	Name        string `json:"name,omitempty"`
	// Namespace of the request; "" on a namespaced resource means every
	// namespace at once, which only cluster-wide grants allow.
	Namespace string `json:"namespace,omitempty"`
	// Path of a non-resource request (/metrics, /healthz, ...).
	Path string `json:"path,omitempty"`
}

// IsResourceRequest reports whether the attributes name a resource rather
// than a non-resource path.
func (a Attributes) IsResourceRequest() bool { return a.Path == "" }

// clusterScoped lists the built-in cluster-scoped resources. The API server
// never sends a namespace with a request for them, so Allowed and WhoCan
// drop one given by mistake: a RoleBinding never grants them. (namespaces
// is not listed: a request for namespace N does carry namespace N.)
var clusterScoped = map[string]map[string]bool{
	"":                             {"nodes": true, "persistentvolumes": true, "componentstatuses": true},
	"rbac.authorization.k8s.io":    {"clusterroles": true, "clusterrolebindings": true},
	"storage.k8s.io":               {"storageclasses": true, "csidrivers": true, "csinodes": true, "volumeattachments": true, "volumeattributesclasses": true},
	"apiextensions.k8s.io":         {"customresourcedefinitions": true},
	"apiregistration.k8s.io":       {"apiservices": true},
	"admissionregistration.k8s.io": {"mutatingwebhookconfigurations": true, "validatingwebhookconfigurations": true, "validatingadmissionpolicies": true, "validatingadmissionpolicybindings": true, "mutatingadmissionpolicies": true, "mutatingadmissionpolicybindings": true},
	"certificates.k8s.io":          {"certificatesigningrequests": true, "clustertrustbundles": true},
	"scheduling.k8s.io":            {"priorityclasses": true},
	"node.k8s.io":                  {"runtimeclasses": true},
	"networking.k8s.io":            {"ingressclasses": true, "ipaddresses": true, "servicecidrs": true},
	"flowcontrol.apiserver.k8s.io": {"flowschemas": true, "prioritylevelconfigurations": true},
	"authentication.k8s.io":        {"tokenreviews": true, "selfsubjectreviews": true},
	"authorization.k8s.io":         {"subjectaccessreviews": true, "selfsubjectaccessreviews": true, "selfsubjectrulesreviews": true},
	"resource.k8s.io":              {"deviceclasses": true, "resourceslices": true},
}

// IsClusterScoped reports whether a built-in resource is cluster-scoped.
func IsClusterScoped(apiGroup, resource string) bool { return clusterScoped[apiGroup][resource] }

// Normalize returns the attributes as the API server would send them: no
// namespace for a non-resource path or a built-in cluster-scoped resource.
func (a Attributes) Normalize() Attributes {
	if !a.IsResourceRequest() {
		return Attributes{Verb: a.Verb, Path: a.Path}
	}
	if IsClusterScoped(a.APIGroup, a.Resource) {
		a.Namespace = ""
	}
	return a
}
