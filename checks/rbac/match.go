package rbac

import (
	"slices"
	"strings"

	rbacv1 "k8s.io/api/rbac/v1"
)

// The matching of one rule against one request, as upstream's
// pkg/apis/rbac/v1/evaluation_helpers.go decides it.

// RuleAllows reports whether one rule allows the request, as the RBAC
// authorizer decides it.
func RuleAllows(attrs Attributes, pr *rbacv1.PolicyRule) bool {
	if !verbMatches(pr, attrs.Verb) {
		return false
	}
	if !attrs.IsResourceRequest() {
		return nonResourceURLMatches(pr, attrs.Path)
	}
	combined := attrs.Resource
	if attrs.Subresource != "" {
		combined += "/" + attrs.Subresource
	}
	return apiGroupMatches(pr, attrs.APIGroup) &&
		resourceMatches(pr, combined, attrs.Subresource) &&
		resourceNameMatches(pr, attrs.Name)
}

func verbMatches(pr *rbacv1.PolicyRule, verb string) bool {
	for _, v := range pr.Verbs {
		if v == rbacv1.VerbAll || v == verb {
			return true
		}
	}
	return false
}

func apiGroupMatches(pr *rbacv1.PolicyRule, group string) bool {
	for _, g := range pr.APIGroups {
		if g == rbacv1.APIGroupAll || g == group {
			return true
		}
	}
	return false
}

func resourceMatches(pr *rbacv1.PolicyRule, combined, subresource string) bool {
	for _, res := range pr.Resources {
		if res == rbacv1.ResourceAll || res == combined {
			return true
		}
		// */subresource matches that subresource of every resource.
		if subresource != "" && len(res) == len(subresource)+2 && strings.HasPrefix(res, "*/") && strings.HasSuffix(res, subresource) {
			return true
		}
	}
	return false
}

func resourceNameMatches(pr *rbacv1.PolicyRule, name string) bool {
	if len(pr.ResourceNames) == 0 || name == AnyName {
		return true
	}
	return slices.Contains(pr.ResourceNames, name)
}

// AnyName, as a request's Name, asks for some object of the resource,
// whichever: a rule limited by resourceNames grants it too. The verbs that
// act on one named object (impersonate a group, bind a role, proxy to a
// node, create a token) are dangerous with any name a rule lists, not only
// with none ("*" is no valid object name).
const AnyName = "*"

func nonResourceURLMatches(pr *rbacv1.PolicyRule, path string) bool {
	for _, u := range pr.NonResourceURLs {
		if u == rbacv1.NonResourceAll || u == path {
			return true
		}
		if strings.HasSuffix(u, "*") && strings.HasPrefix(path, strings.TrimRight(u, "*")) {
			return true
		}
	}
	return false
}
