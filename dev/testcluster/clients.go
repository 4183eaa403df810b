package testcluster

import (
	"context"
	"os"
	"path/filepath"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/clientcmd"
	clientcmdapi "k8s.io/client-go/tools/clientcmd/api"
)

// Kubeconfig returns a kubeconfig for the cluster with a single context,
// ContextName, authenticating with token.
func (c *Cluster) Kubeconfig(token string) *clientcmdapi.Config {
	cfg := clientcmdapi.NewConfig()
	cfg.Clusters[ContextName] = &clientcmdapi.Cluster{
		Server:                   c.URL,
		CertificateAuthorityData: c.CAData,
	}
	cfg.AuthInfos[ContextName] = &clientcmdapi.AuthInfo{Token: token}
	cfg.Contexts[ContextName] = &clientcmdapi.Context{Cluster: ContextName, AuthInfo: ContextName}
	cfg.CurrentContext = ContextName
	return cfg
}

// WriteKubeconfig writes an admin kubeconfig (see Kubeconfig) to path,
// creating its directory, with mode 0600.
func (c *Cluster) WriteKubeconfig(path string) error {
	return c.writeKubeconfig(path)
}

func (c *Cluster) writeKubeconfig(path string) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return err
	}
	data, err := clientcmd.Write(*c.Kubeconfig(c.AdminToken))
	if err != nil {
		return err
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, data, 0o600); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

// RESTConfig returns a client-go config that authenticates with token (for
// example c.AdminToken or one of c.Tokens) and verifies the server's
// certificate. Client-side rate limiting is raised (QPS 500, burst 1000) so
// tests can load many objects quickly; the server still applies its own
// priority-and-fairness limits.
func (c *Cluster) RESTConfig(token string) *rest.Config {
	return &rest.Config{
		Host:            c.URL,
		BearerToken:     token,
		TLSClientConfig: rest.TLSClientConfig{CAData: append([]byte(nil), c.CAData...)},
		QPS:             500,
		Burst:           1000,
		UserAgent:       "kubeassay-testcluster",
	}
}

// NewClientset returns a typed clientset that authenticates with token.
func (c *Cluster) NewClientset(token string) (*kubernetes.Clientset, error) {
	return kubernetes.NewForConfig(c.RESTConfig(token))
}

// Clientset is NewClientset for tests: it fails t on error.
func (c *Cluster) Clientset(t TB, token string) *kubernetes.Clientset {
	t.Helper()
	cs, err := c.NewClientset(token)
	if err != nil {
		t.Fatalf("testcluster: clientset: %v", err)
	}
	return cs
}

// TB is the part of testing.TB the helpers use.
type TB interface {
	Helper()
	Fatalf(format string, args ...any)
}

// TokenFor returns the token of the first Options.Tokens entry for user, or
// "" if there is none.
func (c *Cluster) TokenFor(user string) string {
	for _, t := range c.Tokens {
		if t.User == user {
			return t.Token
		}
	}
	return ""
}

// CreateNamespace creates a namespace and, as kube-controller-manager would,
// its "default" ServiceAccount; without that ServiceAccount the API server's
// ServiceAccount admission plugin rejects pods that do not name another one.
// The namespace gets labels (pod-security.kubernetes.io/enforce, ...) when
// given. An existing namespace or ServiceAccount is not an error.
func (c *Cluster) CreateNamespace(ctx context.Context, name string, labels map[string]string) error {
	cs, err := c.NewClientset(c.AdminToken)
	if err != nil {
		return err
	}
	ns := &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: name, Labels: labels}}
	if _, err := cs.CoreV1().Namespaces().Create(ctx, ns, metav1.CreateOptions{}); err != nil && !apierrors.IsAlreadyExists(err) {
		return err
	}
	sa := &corev1.ServiceAccount{ObjectMeta: metav1.ObjectMeta{Name: "default", Namespace: name}}
	if _, err := cs.CoreV1().ServiceAccounts(name).Create(ctx, sa, metav1.CreateOptions{}); err != nil && !apierrors.IsAlreadyExists(err) {
		return err
	}
	return nil
}
