// Package nodejobs runs kubeassay's node collector in a cluster and
// gathers the documents it writes.
//
// Two halves meet in a ConfigMap per node:
//
//   - Publish is the collector's side ('kubeassay node --publish', run by a
//     Job pinned to a node): it writes the node's NodeFacts document into the
//     ConfigMap ConfigMapName(node), data key DataKey, labelled with the run.
//   - Gather is the scanner's side ('kubeassay scan --nodes'): it lists the
//     nodes, creates one Job per node (JobFor), waits for the ConfigMaps of
//     its run, reads them and deletes everything it created.
//
// Both take a client the caller built: the CLI builds every client
// configuration with cluster.RESTConfig, so --kubeconfig, --context,
// --timeout, --qps and --burst mean the same on both sides.
package nodejobs

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"strings"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
)

// Names, labels and keys shared by the collector and the scanner.
const (
	// DefaultNamespace is where the collector Jobs run and the ConfigMaps
	// are written unless told otherwise.
	DefaultNamespace = "kubeassay"
	// ServiceAccount is the collector Jobs' service account
	// (deploy/node-collector-rbac.yaml).
	ServiceAccount = "kubeassay-node-collector"
	// DataKey is the ConfigMap data key holding the NodeFacts JSON.
	DataKey = "node.json"

	LabelName      = "app.kubernetes.io/name"
	LabelNodeFacts = "kubeassay.io/node-facts"
	LabelRun       = "kubeassay.io/run"
	// AnnotationNode holds the node's name in full (a label value is
	// limited to 63 characters, a node name is not).
	AnnotationNode = "kubeassay.io/node-name"

	appName = "kubeassay"
)

// inClusterNamespaceFile is where a pod finds its own namespace.
var inClusterNamespaceFile = "/var/run/secrets/kubernetes.io/serviceaccount/namespace"

// InClusterNamespace returns the namespace of the pod this process runs
// in, or DefaultNamespace outside a pod.
func InClusterNamespace() string {
	if data, err := os.ReadFile(inClusterNamespaceFile); err == nil {
		if ns := strings.TrimSpace(string(data)); ns != "" {
			return ns
		}
	}
	return DefaultNamespace
}

// ConfigMapName is the name of the ConfigMap holding node's document:
// kubeassay-node-<node>, made DNS-safe, truncated and suffixed with a hash
// when too long.
func ConfigMapName(node string) string {
	return dnsName("kubeassay-node-", node, 63)
}

// dnsName returns prefix+name as a DNS-1123 label (lower case letters,
// digits and '-', at most max characters). A name that had to be changed or
// shortened gets a hash of the original, so distinct names stay distinct.
func dnsName(prefix, name string, max int) string {
	var b strings.Builder
	for _, r := range strings.ToLower(name) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' {
			b.WriteRune(r)
		} else {
			b.WriteByte('-')
		}
	}
	clean := b.String()
	if clean == name && len(prefix)+len(clean) <= max {
		return prefix + clean
	}
	sum := sha256.Sum256([]byte(name))
	hash := hex.EncodeToString(sum[:])[:8]
	room := max - len(prefix) - len(hash) - 1
	if room < 0 {
		room = 0
	}
	if len(clean) > room {
		clean = clean[:room]
	}
	clean = strings.Trim(clean, "-")
	if clean == "" {
		return prefix + hash
	}
	return prefix + clean + "-" + hash
}

// configMapFor builds the ConfigMap Publish writes: doc, node's NodeFacts
// document, under DataKey, and nothing else from the node but its name.
// doc is published as given: the nodes package has already redacted every
// secret in it (docs/node-facts.md, "What is redacted").
func configMapFor(namespace, runID, node string, doc []byte) *corev1.ConfigMap {
	return &corev1.ConfigMap{
		ObjectMeta: metav1.ObjectMeta{
			Name:      ConfigMapName(node),
			Namespace: namespace,
			Labels: map[string]string{
				LabelName:      appName,
				LabelNodeFacts: "true",
				LabelRun:       runID,
			},
			Annotations: map[string]string{AnnotationNode: node},
		},
		Data: map[string]string{DataKey: string(doc)},
	}
}

// Publish writes doc, node's NodeFacts document, into the ConfigMap
// ConfigMapName(node) in namespace, labelled with runID; it creates the
// ConfigMap or updates it. It needs only get, create and update on
// configmaps in that namespace.
func Publish(ctx context.Context, cs kubernetes.Interface, namespace, runID, node string, doc []byte) (*corev1.ConfigMap, error) {
	if node == "" {
		return nil, fmt.Errorf("publishing node facts: the node has no name")
	}
	want := configMapFor(namespace, runID, node, doc)
	name := want.Name
	cms := cs.CoreV1().ConfigMaps(namespace)
	got, err := cms.Get(ctx, name, metav1.GetOptions{})
	switch {
	case apierrors.IsNotFound(err):
		cm, err := cms.Create(ctx, want, metav1.CreateOptions{})
		if err == nil {
			return cm, nil
		}
		if !apierrors.IsAlreadyExists(err) {
			return nil, fmt.Errorf("creating ConfigMap %s/%s: %w", namespace, name, err)
		}
		// Created meanwhile (a retried pod): update it.
		if got, err = cms.Get(ctx, name, metav1.GetOptions{}); err != nil {
			return nil, fmt.Errorf("reading ConfigMap %s/%s: %w", namespace, name, err)
		}
	case err != nil:
		return nil, fmt.Errorf("reading ConfigMap %s/%s: %w", namespace, name, err)
	}
	upd := got.DeepCopy()
	if upd.Labels == nil {
		upd.Labels = map[string]string{}
	}
	for k, v := range want.Labels {
		upd.Labels[k] = v
	}
	if upd.Annotations == nil {
		upd.Annotations = map[string]string{}
	}
	upd.Annotations[AnnotationNode] = node
	upd.Data = want.Data
	upd.BinaryData = nil
	cm, err := cms.Update(ctx, upd, metav1.UpdateOptions{})
	if err != nil {
		return nil, fmt.Errorf("updating ConfigMap %s/%s: %w", namespace, name, err)
	}
	return cm, nil
}
