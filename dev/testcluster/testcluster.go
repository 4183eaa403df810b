// Package testcluster runs a real Kubernetes control plane on the local
// machine for tests and the demo: an etcd and an upstream kube-apiserver
// (built from k8s.io/kubernetes by dev/testcluster/build-apiserver.sh), both bound to
// 127.0.0.1 on random free ports, with static-token authentication, RBAC and
// an audit log. There is no scheduler, controller-manager or kubelet: objects
// are stored exactly as created (pods stay Pending, Deployments get no
// ReplicaSets, namespaces get no default ServiceAccount; see CreateNamespace).
//
// A package's tests normally share one cluster (it takes 15–20 s to start):
//
//	func TestMain(m *testing.M) { testcluster.RunMain(m, testcluster.Options{}) }
//
//	func TestSomething(t *testing.T) {
//		c := testcluster.Shared(t)
//		cs := c.Clientset(t, c.AdminToken)
//		...
//	}
//
// Tests that need different server flags start their own with Start.
// See docs/local-control-plane.md.
package testcluster

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/tls"
	"crypto/x509"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// ContextName is the name of the context (and cluster and user) in the
// kubeconfig the harness writes.
const ContextName = "kubeassay-local"

// AdminUser is the user name of Cluster.AdminToken (group system:masters).
const AdminUser = "kubeassay-admin"

// Token is an extra static bearer token for the API server's --token-auth-file.
// The file is read once at start, so every token a test needs must be given in
// Options.Tokens.
type Token struct {
	// Token is the bearer token. Empty means generate a random one; read it
	// back from Cluster.Tokens or Cluster.TokenFor.
	Token string
	// User is the user name the token authenticates as. Required.
	User string
	// UID is the user's UID; defaults to User.
	UID string
	// Groups the user belongs to (besides system:authenticated, which the
	// server adds). No RBAC is granted to anyone but system:masters: a test
	// creates the Roles and bindings it wants judged.
	Groups []string
}

// Options configure Start. The zero value is a sensible, RBAC-enforcing
// server.
type Options struct {
	// Tokens are extra static tokens, besides the admin token.
	Tokens []Token

	// ExtraAPIServerFlags add kube-apiserver flags or replace the harness's
	// defaults. Keys are flag names with or without leading dashes
	// ("profiling", "--authorization-mode"); values are used verbatim, so
	// {"authorization-mode": "AlwaysAllow", "profiling": "true",
	// "anonymous-auth": "true"} makes a deliberately weak server. The flags the
	// harness needs to reach the server (etcd-servers, secure-port, cert-dir,
	// token-auth-file, bind-address) cannot be changed.
	ExtraAPIServerFlags map[string]string

	// RemoveAPIServerFlags drops default flags, e.g. "audit-log-path" and
	// "audit-policy-file" for a server without audit logging. Required flags
	// (see ExtraAPIServerFlags) cannot be removed.
	RemoveAPIServerFlags []string

	// KeepDir keeps the temporary directory (logs, certificates, etcd data,
	// kubeconfig) after Stop.
	KeepDir bool

	// Dir is the parent of the temporary directory; default os.TempDir().
	Dir string

	// APIServerBinary and EtcdBinary override where the binaries are found
	// (default: $KUBEASSAY_APISERVER or the build cache, building it if
	// missing; $KUBEASSAY_ETCD, PATH or /usr/bin/etcd, installing it if
	// missing).
	APIServerBinary string
	EtcdBinary      string

	// StartTimeout bounds the wait for /readyz once the processes run (not
	// the build of a missing binary). Default 2 minutes.
	StartTimeout time.Duration

	// Logf receives progress messages (build output, start-up times).
	// Default: discard.
	Logf func(format string, args ...any)
}

// Cluster is a running control plane. Its fields are read-only.
type Cluster struct {
	// URL is the API server's https URL, e.g. https://127.0.0.1:34567.
	URL string
	// CAData is the PEM that verifies the server's certificate (the
	// self-signed serving certificate kube-apiserver wrote to its cert-dir,
	// followed by the CA that signed it).
	CAData []byte
	// AdminToken authenticates as AdminUser in group system:masters.
	AdminToken string
	// Tokens are Options.Tokens with generated tokens filled in.
	Tokens []Token
	// KubeconfigPath is a kubeconfig with one context, ContextName, using
	// the admin token.
	KubeconfigPath string
	// AuditLogPath is the API server's --audit-log-path (empty if removed).
	AuditLogPath string
	// Dir is the temporary directory holding everything: etcd data,
	// certificates, the token and audit policy files, and the logs
	// (APIServerLogPath, EtcdLogPath).
	Dir              string
	APIServerLogPath string
	EtcdLogPath      string
	// EtcdURL is etcd's client URL.
	EtcdURL string
	// APIServerPID and EtcdPID are the processes' ids.
	APIServerPID int
	EtcdPID      int
	// APIServerBinary and EtcdBinary are the binaries that run.
	APIServerBinary string
	EtcdBinary      string
	// APIServerArgs are the exact arguments kube-apiserver was started with
	// (without argv[0]), "--name=value" each, sorted by name.
	APIServerArgs []string
	// StartupDuration is how long Start took from launching etcd to /readyz
	// answering ok (excluding finding or building the binaries).
	StartupDuration time.Duration

	keepDir   bool
	etcd      *process
	apiserver *process
	stopOnce  sync.Once
	stopErr   error

	exitedOnce sync.Once
	exited     chan struct{}
}

// requiredFlags are managed by the harness and may not be overridden.
var requiredFlags = map[string]bool{
	"etcd-servers":    true,
	"secure-port":     true,
	"cert-dir":        true,
	"token-auth-file": true,
	"bind-address":    true,
}

// Start starts etcd and kube-apiserver and waits until the API server is
// ready. The caller must call Stop. ctx bounds the start (including a build of
// a missing binary); it does not stop the cluster once Start has returned.
func Start(ctx context.Context, opts Options) (_ *Cluster, err error) {
	logf := opts.Logf
	if logf == nil {
		logf = func(string, ...any) {}
	}
	timeout := opts.StartTimeout
	if timeout <= 0 {
		timeout = 2 * time.Minute
	}
	for name := range opts.ExtraAPIServerFlags {
		if requiredFlags[flagName(name)] {
			return nil, fmt.Errorf("testcluster: flag --%s is managed by the harness and cannot be overridden", flagName(name))
		}
	}
	for _, name := range opts.RemoveAPIServerFlags {
		if requiredFlags[flagName(name)] {
			return nil, fmt.Errorf("testcluster: flag --%s is managed by the harness and cannot be removed", flagName(name))
		}
	}

	apiserverBin, err := findAPIServer(ctx, opts.APIServerBinary, logf)
	if err != nil {
		return nil, fmt.Errorf("testcluster: %w", err)
	}
	etcdBin, err := findEtcd(ctx, opts.EtcdBinary, logf)
	if err != nil {
		return nil, fmt.Errorf("testcluster: %w", err)
	}

	dir, err := os.MkdirTemp(opts.Dir, "kubeassay-testcluster-")
	if err != nil {
		return nil, fmt.Errorf("testcluster: %w", err)
	}
	c := &Cluster{
		Dir:              dir,
		APIServerBinary:  apiserverBin,
		EtcdBinary:       etcdBin,
		APIServerLogPath: filepath.Join(dir, "kube-apiserver.log"),
		EtcdLogPath:      filepath.Join(dir, "etcd.log"),
		KubeconfigPath:   filepath.Join(dir, "kubeconfig"),
		keepDir:          opts.KeepDir,
	}
	defer func() {
		if err != nil {
			// Keep the logs referred to in the error when asked to.
			_ = c.Stop()
			err = fmt.Errorf("testcluster: %w", err)
		}
	}()
	if err := c.writeFiles(opts); err != nil {
		return nil, err
	}

	began := time.Now()
	// Free ports are picked by binding :0 and closing, so another process may
	// grab one before our server does; retry a couple of times on that.
	for attempt := 1; ; attempt++ {
		err = c.startEtcd(ctx)
		if err == nil || attempt == 3 || !strings.Contains(err.Error(), "address already in use") {
			break
		}
		logf("testcluster: etcd port taken, retrying: %v", err)
	}
	if err != nil {
		return nil, err
	}
	for attempt := 1; ; attempt++ {
		err = c.startAPIServer(ctx, opts, timeout)
		if err == nil || attempt == 3 {
			break
		}
		if strings.Contains(err.Error(), "address already in use") {
			logf("testcluster: kube-apiserver port taken, retrying: %v", err)
			continue
		}
		// kube-apiserver advertises the host's default-route address, and
		// refuses loopback unless no endpoint reconciler runs. On a machine
		// without a usable interface, fall back to exactly that.
		if !hasFlag(opts.ExtraAPIServerFlags, "advertise-address") && noAdvertiseAddress(err) {
			logf("testcluster: no usable host address, advertising 127.0.0.1 without an endpoint reconciler: %v", err)
			opts.ExtraAPIServerFlags = withLoopbackAdvertise(opts.ExtraAPIServerFlags)
			continue
		}
		break
	}
	if err != nil {
		return nil, err
	}
	c.StartupDuration = time.Since(began)
	logf("testcluster: kube-apiserver %s ready at %s in %s (dir %s)", KubernetesVersion, c.URL, c.StartupDuration.Round(100*time.Millisecond), c.Dir)
	return c, nil
}

func flagName(s string) string { return strings.TrimLeft(s, "-") }

func noAdvertiseAddress(err error) bool {
	msg := strings.ToLower(err.Error())
	return strings.Contains(msg, "unable to find suitable network address") ||
		strings.Contains(msg, "unable to select an IP from default routes") ||
		strings.Contains(msg, "no acceptable interface with global unicast address found on host")
}

func hasFlag(flags map[string]string, name string) bool {
	for k := range flags {
		if flagName(k) == name {
			return true
		}
	}
	return false
}

func withLoopbackAdvertise(flags map[string]string) map[string]string {
	out := make(map[string]string, len(flags)+2)
	for k, v := range flags {
		out[flagName(k)] = v
	}
	out["advertise-address"] = "127.0.0.1"
	out["endpoint-reconciler-type"] = "none"
	return out
}

// writeFiles writes the token file, service-account key and audit policy.
func (c *Cluster) writeFiles(opts Options) error {
	c.AdminToken = randomToken()
	var csv strings.Builder
	writeToken := func(t Token) error {
		for _, s := range append([]string{t.Token, t.User, t.UID}, t.Groups...) {
			if strings.ContainsAny(s, ",\"\n\r") {
				return fmt.Errorf("token field %q: commas, quotes and newlines are not allowed", s)
			}
		}
		fmt.Fprintf(&csv, "%s,%s,%s,\"%s\"\n", t.Token, t.User, t.UID, strings.Join(t.Groups, ","))
		return nil
	}
	if err := writeToken(Token{Token: c.AdminToken, User: AdminUser, UID: AdminUser, Groups: []string{"system:masters"}}); err != nil {
		return err
	}
	seen := map[string]bool{c.AdminToken: true}
	for _, t := range opts.Tokens {
		if t.User == "" {
			return errors.New("Options.Tokens: every token needs a User")
		}
		if t.Token == "" {
			t.Token = randomToken()
		}
		if t.UID == "" {
			t.UID = t.User
		}
		if seen[t.Token] {
			return fmt.Errorf("Options.Tokens: token for %q is used twice", t.User)
		}
		seen[t.Token] = true
		t.Groups = append([]string(nil), t.Groups...)
		if err := writeToken(t); err != nil {
			return err
		}
		c.Tokens = append(c.Tokens, t)
	}
	if err := os.WriteFile(filepath.Join(c.Dir, "tokens.csv"), []byte(csv.String()), 0o600); err != nil {
		return err
	}

	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return err
	}
	keyPEM := pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(key)})
	if err := os.WriteFile(filepath.Join(c.Dir, "sa.key"), keyPEM, 0o600); err != nil {
		return err
	}

	// Metadata for every request, except the API server's own loopback
	// traffic (several hundred KB in the first seconds); one event per
	// request (the ResponseComplete stage, or ResponseStarted for watches).
	const policy = `apiVersion: audit.k8s.io/v1
kind: Policy
omitStages: ["RequestReceived"]
rules:
- level: None
  users: ["system:apiserver"]
- level: Metadata
`
	if err := os.WriteFile(filepath.Join(c.Dir, "audit-policy.yaml"), []byte(policy), 0o600); err != nil {
		return err
	}
	return os.MkdirAll(filepath.Join(c.Dir, "certs"), 0o700)
}

func randomToken() string {
	b := make([]byte, 24)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	return hex.EncodeToString(b)
}

// freePort returns a TCP port on 127.0.0.1 that was free a moment ago.
func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

func (c *Cluster) startEtcd(ctx context.Context) error {
	clientPort, err := freePort()
	if err != nil {
		return err
	}
	peerPort, err := freePort()
	if err != nil {
		return err
	}
	if peerPort == clientPort {
		return errors.New("etcd ports: address already in use")
	}
	client := fmt.Sprintf("http://127.0.0.1:%d", clientPort)
	peer := fmt.Sprintf("http://127.0.0.1:%d", peerPort)
	dataDir := filepath.Join(c.Dir, "etcd")
	_ = os.RemoveAll(dataDir) // from a failed attempt
	args := []string{
		"--name=kubeassay",
		"--data-dir=" + dataDir,
		"--listen-client-urls=" + client,
		"--advertise-client-urls=" + client,
		"--listen-peer-urls=" + peer,
		"--initial-advertise-peer-urls=" + peer,
		"--initial-cluster=kubeassay=" + peer,
		"--initial-cluster-state=new",
		"--log-level=warn",
		"--logger=zap",
	}
	p, err := startProcess("etcd", c.EtcdBinary, args, c.Dir, c.EtcdLogPath)
	if err != nil {
		return err
	}
	c.etcd, c.EtcdPID, c.EtcdURL = p, p.pid(), client

	// etcd is up in well under a second; /health answers once it has a leader.
	hc := &http.Client{Timeout: 2 * time.Second}
	deadline := time.Now().Add(30 * time.Second)
	for {
		if p.exited() {
			return p.exitError()
		}
		resp, err := hc.Get(client + "/health")
		if err == nil {
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK && strings.Contains(string(body), "true") {
				return nil
			}
		}
		if time.Now().After(deadline) {
			_, _ = p.stop(5 * time.Second)
			return fmt.Errorf("etcd not healthy at %s after 30s; last lines of %s:\n%s", client, c.EtcdLogPath, fileTail(c.EtcdLogPath, 30))
		}
		if err := sleep(ctx, 100*time.Millisecond); err != nil {
			_, _ = p.stop(5 * time.Second)
			return err
		}
	}
}

func (c *Cluster) apiserverFlags(opts Options, port int) map[string]string {
	flags := map[string]string{
		// Required: the harness depends on these.
		"etcd-servers":    c.EtcdURL,
		"secure-port":     strconv.Itoa(port),
		"bind-address":    "127.0.0.1",
		"cert-dir":        filepath.Join(c.Dir, "certs"),
		"token-auth-file": filepath.Join(c.Dir, "tokens.csv"),
		// Defaults: a normally configured, RBAC-enforcing server.
		"service-account-issuer":           "https://kubernetes.default.svc.cluster.local",
		"service-account-key-file":         filepath.Join(c.Dir, "sa.key"),
		"service-account-signing-key-file": filepath.Join(c.Dir, "sa.key"),
		"service-cluster-ip-range":         "10.96.0.0/16",
		"authorization-mode":               "Node,RBAC",
		"allow-privileged":                 "true",
		"audit-log-path":                   filepath.Join(c.Dir, "audit.log"),
		"audit-policy-file":                filepath.Join(c.Dir, "audit-policy.yaml"),
	}
	for _, name := range opts.RemoveAPIServerFlags {
		delete(flags, flagName(name))
	}
	for name, value := range opts.ExtraAPIServerFlags {
		flags[flagName(name)] = value
	}
	return flags
}

func (c *Cluster) startAPIServer(ctx context.Context, opts Options, timeout time.Duration) error {
	port, err := freePort()
	if err != nil {
		return err
	}
	flags := c.apiserverFlags(opts, port)
	names := make([]string, 0, len(flags))
	for name := range flags {
		names = append(names, name)
	}
	sort.Strings(names)
	args := make([]string, 0, len(names))
	for _, name := range names {
		args = append(args, "--"+name+"="+flags[name])
	}
	c.APIServerArgs = args
	c.AuditLogPath = flags["audit-log-path"]
	c.URL = fmt.Sprintf("https://127.0.0.1:%d", port)
	// A failed attempt may have left a certificate for another port; the
	// certificate does not name the port, but start clean anyway.
	certDir := flags["cert-dir"]
	_ = os.RemoveAll(certDir)
	if err := os.MkdirAll(certDir, 0o700); err != nil {
		return err
	}

	p, err := startProcess("kube-apiserver", c.APIServerBinary, args, c.Dir, c.APIServerLogPath)
	if err != nil {
		return err
	}
	c.apiserver, c.APIServerPID = p, p.pid()

	fail := func(err error) error {
		_, _ = p.stop(10 * time.Second)
		return fmt.Errorf("%w; last lines of %s:\n%s", err, c.APIServerLogPath, fileTail(c.APIServerLogPath, 30))
	}
	deadline := time.Now().Add(timeout)
	certFile := filepath.Join(certDir, "apiserver.crt")
	var lastErr error
	for {
		if p.exited() {
			return p.exitError()
		}
		if time.Now().After(deadline) {
			return fail(fmt.Errorf("kube-apiserver not ready at %s after %s (last probe: %v)", c.URL, timeout, lastErr))
		}
		lastErr = c.probeReady(certFile)
		if lastErr == nil {
			break
		}
		if err := sleep(ctx, 250*time.Millisecond); err != nil {
			return fail(err)
		}
	}
	return c.writeKubeconfig(c.KubeconfigPath)
}

// probeReady loads the serving certificate kube-apiserver generated into
// cert-dir (it appears early in start-up) and asks /readyz with the admin
// token, verifying TLS against that certificate.
func (c *Cluster) probeReady(certFile string) error {
	if c.CAData == nil {
		pemData, err := os.ReadFile(certFile)
		if err != nil {
			return fmt.Errorf("waiting for the serving certificate: %w", err)
		}
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(pemData) {
			return fmt.Errorf("serving certificate %s not complete yet", certFile)
		}
		c.CAData = pemData
	}
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(c.CAData)
	hc := &http.Client{
		Timeout:   5 * time.Second,
		Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}},
	}
	defer hc.CloseIdleConnections()
	req, err := http.NewRequest(http.MethodGet, c.URL+"/readyz", nil)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+c.AdminToken)
	resp, err := hc.Do(req)
	if err != nil {
		var uerr x509.UnknownAuthorityError
		if errors.As(err, &uerr) {
			// The certificate was being rewritten when we read it; reread.
			c.CAData = nil
		}
		return err
	}
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("/readyz: %s: %s", resp.Status, strings.TrimSpace(string(body)))
	}
	return nil
}

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
