package cluster

import (
	"context"
	"fmt"
	"sort"
	"strings"

	authenticationv1 "k8s.io/api/authentication/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/client-go/discovery"
	"k8s.io/client-go/dynamic"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"
)

// Facts describe the scanned cluster.
type Facts struct {
	Server  string `json:"server"`
	Version string `json:"version"`
	// Nodes counts the nodes; nil when they could not be listed.
	Nodes *int `json:"nodes"`
	// Platform is kubeadm, k3s, rke2, eks, gke, aks, openshift or unknown.
	Platform string `json:"platform"`
	// Evidence says what decided the platform.
	Evidence []string `json:"evidence"`
	// Kubelets counts the nodes by the kubelet version they report
	// (status.nodeInfo.kubeletVersion); nil when the nodes could not be
	// listed.
	Kubelets map[string]int `json:"kubelets,omitempty"`
	// Context is the kubeconfig context read ("in-cluster" for the pod's
	// service account); "" when not known.
	Context string `json:"context,omitempty"`
	// Identity is who the API server says the scan ran as (a
	// SelfSubjectReview); nil when it could not tell.
	Identity *Identity `json:"identity,omitempty"`
}

// Identity is a user as the API server authenticated it: its name and
// groups only (never the extra attributes, which may name credentials).
type Identity struct {
	Username string   `json:"username"`
	Groups   []string `json:"groups,omitempty"`
}

// whoAmI asks the API server who the credentials are (SelfSubjectReview,
// allowed to every authenticated user by default).
func whoAmI(ctx context.Context, cfg *rest.Config) (*Identity, error) {
	cs, err := kubernetes.NewForConfig(cfg)
	if err != nil {
		return nil, err
	}
	r, err := cs.AuthenticationV1().SelfSubjectReviews().Create(ctx, &authenticationv1.SelfSubjectReview{}, metav1.CreateOptions{})
	if err != nil {
		return nil, err
	}
	groups := append([]string(nil), r.Status.UserInfo.Groups...)
	sort.Strings(groups)
	return &Identity{Username: r.Status.UserInfo.Username, Groups: groups}, nil
}

// Managed platforms run the control plane for the user.
var Managed = map[string]bool{"eks": true, "gke": true, "aks": true}

var nodesGVR = schema.GroupVersionResource{Version: "v1", Resource: "nodes"}

// describe reads the server version and the nodes, and decides the platform.
func describe(ctx context.Context, cfg *rest.Config, dc discovery.DiscoveryInterface) (Facts, error) {
	f := Facts{Server: cfg.Host, Platform: "unknown"}
	v, err := dc.ServerVersion()
	if err != nil {
		return f, fmt.Errorf("reach the API server at %s: %w", cfg.Host, err)
	}
	f.Version = v.GitVersion
	if id, err := whoAmI(ctx, cfg); err == nil {
		f.Identity = id
	} else {
		f.Evidence = append(f.Evidence, "identity could not be read (SelfSubjectReview): "+err.Error())
	}
	dyn, err := dynamic.NewForConfig(cfg)
	if err != nil {
		return f, err
	}
	var nodes []map[string]any
	cont := ""
	for {
		list, err := dyn.Resource(nodesGVR).List(ctx, metav1.ListOptions{Limit: 500, Continue: cont})
		if err != nil {
			f.Evidence = append(f.Evidence, "nodes could not be listed: "+err.Error())
			nodes = nil
			break
		}
		for _, n := range list.Items {
			nodes = append(nodes, n.Object)
		}
		if cont = list.GetContinue(); cont == "" {
			n := len(nodes)
			f.Nodes = &n
			f.Kubelets = kubeletVersions(nodes)
			break
		}
	}
	openshift := false
	if groups, err := dc.ServerGroups(); err == nil {
		for _, g := range groups.Groups {
			if g.Name == "config.openshift.io" {
				openshift = true
			}
		}
	}
	f.Platform, f.Evidence = platform(f.Version, nodes, openshift, f.Evidence)
	return f, nil
}

// kubeletVersions counts the nodes by the kubelet version each reports;
// a node that reports none counts as "".
func kubeletVersions(nodes []map[string]any) map[string]int {
	out := map[string]int{}
	for _, n := range nodes {
		status, _ := n["status"].(map[string]any)
		info, _ := status["nodeInfo"].(map[string]any)
		v, _ := info["kubeletVersion"].(string)
		out[v]++
	}
	return out
}

// platform decides the platform from the version string, the nodes'
// providerID prefixes and labels, and the API groups served. Every signal
// found is kept as evidence; the first decisive one names the platform.
func platform(version string, nodes []map[string]any, openshift bool, evidence []string) (string, []string) {
	votes := map[string]int{}
	add := func(p, why string) {
		if votes[p] == 0 {
			evidence = append(evidence, why)
		}
		votes[p]++
	}
	switch {
	case strings.Contains(version, "-eks-"):
		add("eks", fmt.Sprintf("server version %s has -eks-", version))
	case strings.Contains(version, "-gke."):
		add("gke", fmt.Sprintf("server version %s has -gke.", version))
	case strings.Contains(version, "+k3s"):
		add("k3s", fmt.Sprintf("server version %s has +k3s", version))
	case strings.Contains(version, "+rke2"):
		add("rke2", fmt.Sprintf("server version %s has +rke2", version))
	}
	if openshift {
		add("openshift", "the API serves config.openshift.io")
	}
	for _, n := range nodes {
		meta, _ := n["metadata"].(map[string]any)
		name, _ := meta["name"].(string)
		labels, _ := meta["labels"].(map[string]any)
		spec, _ := n["spec"].(map[string]any)
		provider, _ := spec["providerID"].(string)
		switch {
		case strings.HasPrefix(provider, "aws://") && labels["eks.amazonaws.com/nodegroup"] != nil:
			add("eks", fmt.Sprintf("node %s: providerID aws:// and label eks.amazonaws.com/nodegroup", name))
		case strings.HasPrefix(provider, "gce://") && labels["cloud.google.com/gke-nodepool"] != nil:
			add("gke", fmt.Sprintf("node %s: providerID gce:// and label cloud.google.com/gke-nodepool", name))
		case strings.HasPrefix(provider, "azure://") && labels["kubernetes.azure.com/cluster"] != nil:
			add("aks", fmt.Sprintf("node %s: providerID azure:// and label kubernetes.azure.com/cluster", name))
		case strings.HasPrefix(provider, "k3s://"):
			add("k3s", fmt.Sprintf("node %s: providerID k3s://", name))
		case strings.HasPrefix(provider, "rke2://"):
			add("rke2", fmt.Sprintf("node %s: providerID rke2://", name))
		}
		if _, ok := labels["node-role.kubernetes.io/control-plane"]; ok {
			add("kubeadm", fmt.Sprintf("node %s: a control-plane node the cluster runs itself", name))
		}
	}
	if len(votes) == 0 {
		return "unknown", append(evidence, "no platform signal in the version, the nodes or the API groups")
	}
	// Managed and distribution signals outrank a self-run control plane.
	order := []string{"eks", "gke", "aks", "openshift", "rke2", "k3s", "kubeadm"}
	sort.SliceStable(order, func(i, j int) bool { return votes[order[i]] > 0 && votes[order[j]] == 0 })
	return order[0], evidence
}
