package testcluster_test

import (
	"bufio"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/tools/clientcmd"
	"k8s.io/utils/ptr"

	"github.com/kubeassay/kubeassay/dev/testcluster"
)

// nobody authenticates but is granted nothing by RBAC.
const nobody = "nobody"

func TestMain(m *testing.M) {
	if os.Getenv(helperEnv) != "" {
		// Re-executed by TestProcessesDieWithTestBinary: run only the helper.
		os.Exit(m.Run())
	}
	testcluster.RunMain(m, testcluster.Options{
		Tokens: []testcluster.Token{{User: nobody, Groups: []string{"kubeassay:test"}}},
	})
}

func ctx(t *testing.T) context.Context {
	c, cancel := context.WithTimeout(context.Background(), time.Minute)
	t.Cleanup(cancel)
	return c
}

func TestVersion(t *testing.T) {
	c := testcluster.Shared(t)
	info, err := c.Clientset(t, c.AdminToken).Discovery().ServerVersion()
	if err != nil {
		t.Fatal(err)
	}
	if info.GitVersion != testcluster.KubernetesVersion || info.Major != "1" || info.Minor != "37" {
		t.Fatalf("server version %s (major %q minor %q), want %s", info.GitVersion, info.Major, info.Minor, testcluster.KubernetesVersion)
	}
	t.Logf("kube-apiserver %s, started in %s", info.GitVersion, c.StartupDuration)
}

func TestNamespaceAndPrivilegedPod(t *testing.T) {
	c := testcluster.Shared(t)
	cs := c.Clientset(t, c.AdminToken)
	const ns = "privileged-pod"
	if err := c.CreateNamespace(ctx(t), ns, nil); err != nil {
		t.Fatal(err)
	}
	pod := &corev1.Pod{
		ObjectMeta: metav1.ObjectMeta{Name: "root", Namespace: ns, Labels: map[string]string{"app": "root"}},
		Spec: corev1.PodSpec{
			HostPID: true,
			Containers: []corev1.Container{{
				Name:            "c",
				Image:           "registry.example/busybox:1",
				SecurityContext: &corev1.SecurityContext{Privileged: ptr.To(true)},
			}},
		},
	}
	if _, err := cs.CoreV1().Pods(ns).Create(ctx(t), pod, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}

	gotNS, err := cs.CoreV1().Namespaces().Get(ctx(t), ns, metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if gotNS.Status.Phase != corev1.NamespaceActive {
		t.Errorf("namespace phase %q, want Active", gotNS.Status.Phase)
	}
	got, err := cs.CoreV1().Pods(ns).Get(ctx(t), "root", metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	sc := got.Spec.Containers[0].SecurityContext
	if sc == nil || sc.Privileged == nil || !*sc.Privileged || !got.Spec.HostPID {
		t.Errorf("pod read back without privileged/hostPID: %+v hostPID=%v", sc, got.Spec.HostPID)
	}
	// Admission ran: the ServiceAccount plugin filled in the default account.
	if got.Spec.ServiceAccountName != "default" {
		t.Errorf("serviceAccountName %q, want default", got.Spec.ServiceAccountName)
	}
	// Nothing schedules it.
	if got.Status.Phase != corev1.PodPending || got.Spec.NodeName != "" {
		t.Errorf("pod phase %q node %q, want Pending and unscheduled", got.Status.Phase, got.Spec.NodeName)
	}
}

func TestPrivilegedPodRejectedWithoutAllowPrivileged(t *testing.T) {
	t.Parallel()
	c, err := testcluster.Start(ctx(t), testcluster.Options{
		ExtraAPIServerFlags: map[string]string{"--allow-privileged": "false"},
		Logf:                t.Logf,
	})
	if err != nil {
		t.Fatal(err)
	}
	defer stop(t, c)
	if err := c.CreateNamespace(ctx(t), "p", nil); err != nil {
		t.Fatal(err)
	}
	pod := &corev1.Pod{
		ObjectMeta: metav1.ObjectMeta{Name: "root"},
		Spec: corev1.PodSpec{Containers: []corev1.Container{{
			Name: "c", Image: "x", SecurityContext: &corev1.SecurityContext{Privileged: ptr.To(true)},
		}}},
	}
	_, err = c.Clientset(t, c.AdminToken).CoreV1().Pods("p").Create(ctx(t), pod, metav1.CreateOptions{})
	if !apierrors.IsInvalid(err) {
		t.Fatalf("creating a privileged pod with --allow-privileged=false: got %v, want Invalid", err)
	}
}

func TestTokenWithoutRBACIsForbidden(t *testing.T) {
	c := testcluster.Shared(t)
	tok := c.TokenFor(nobody)
	if tok == "" {
		t.Fatal("no generated token for", nobody)
	}
	_, err := c.Clientset(t, tok).CoreV1().Pods("default").List(ctx(t), metav1.ListOptions{})
	if !apierrors.IsForbidden(err) {
		t.Fatalf("listing pods as %s: got %v, want Forbidden", nobody, err)
	}
	if !strings.Contains(err.Error(), `User "nobody"`) {
		t.Errorf("error does not name the user: %v", err)
	}
	// A wrong token is Unauthorized, not Forbidden.
	_, err = c.Clientset(t, "not-a-token").CoreV1().Pods("default").List(ctx(t), metav1.ListOptions{})
	if !apierrors.IsUnauthorized(err) {
		t.Fatalf("listing pods with a bad token: got %v, want Unauthorized", err)
	}
}

func TestKubeconfig(t *testing.T) {
	c := testcluster.Shared(t)
	cfg, err := clientcmd.NewNonInteractiveDeferredLoadingClientConfig(
		&clientcmd.ClientConfigLoadingRules{ExplicitPath: c.KubeconfigPath},
		&clientcmd.ConfigOverrides{CurrentContext: testcluster.ContextName},
	).ClientConfig()
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Insecure || len(cfg.CAData) == 0 {
		t.Errorf("kubeconfig should verify TLS with CA data: insecure=%v caData=%d bytes", cfg.Insecure, len(cfg.CAData))
	}
	cs, err := kubernetes.NewForConfig(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := cs.CoreV1().Namespaces().List(ctx(t), metav1.ListOptions{}); err != nil {
		t.Fatal(err)
	}

	// And the CA really is what verifies the server: a client with an empty
	// pool must fail.
	hc := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: x509.NewCertPool()}}}
	if resp, err := hc.Get(c.URL + "/livez"); err == nil {
		resp.Body.Close()
		t.Fatal("TLS to the server succeeded without its CA")
	}
}

func TestAuditLog(t *testing.T) {
	c := testcluster.Shared(t)
	if err := c.CreateNamespace(ctx(t), "audited", nil); err != nil {
		t.Fatal(err)
	}
	// The log backend writes synchronously ("blocking" mode), but allow a
	// moment for the file to be flushed.
	deadline := time.Now().Add(10 * time.Second)
	for {
		found, err := auditHas(c.AuditLogPath, func(ev auditEvent) bool {
			return ev.Verb == "create" && ev.ObjectRef.Resource == "namespaces" && ev.ObjectRef.Name == "audited" &&
				ev.User.Username == testcluster.AdminUser && ev.Level == "Metadata"
		})
		if err != nil {
			t.Fatal(err)
		}
		if found {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("no Metadata audit event for creating namespace audited in %s", c.AuditLogPath)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

type auditEvent struct {
	Level     string                    `json:"level"`
	Verb      string                    `json:"verb"`
	User      struct{ Username string } `json:"user"`
	ObjectRef struct {
		Resource string `json:"resource"`
		Name     string `json:"name"`
	} `json:"objectRef"`
}

func auditHas(path string, match func(auditEvent) bool) (bool, error) {
	f, err := os.Open(path)
	if err != nil {
		return false, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1024*1024), 16*1024*1024)
	for sc.Scan() {
		var ev auditEvent
		if json.Unmarshal(sc.Bytes(), &ev) == nil && match(ev) {
			return true, nil
		}
	}
	return false, sc.Err()
}

// TestWeakFlagsAndStop starts a second, deliberately weak cluster, checks the
// flags took effect, and that Stop leaves no process or directory behind.
func TestWeakFlagsAndStop(t *testing.T) {
	t.Parallel()
	c, err := testcluster.Start(ctx(t), testcluster.Options{
		Tokens: []testcluster.Token{{Token: "fixed-token", User: "eve"}},
		ExtraAPIServerFlags: map[string]string{
			"authorization-mode": "AlwaysAllow",
			"profiling":          "true",
		},
		RemoveAPIServerFlags: []string{"audit-log-path", "audit-policy-file"},
		Logf:                 t.Logf,
	})
	if err != nil {
		t.Fatal(err)
	}
	stopped := false
	defer func() {
		if !stopped {
			stop(t, c)
		}
	}()

	for _, want := range []string{"--authorization-mode=AlwaysAllow", "--profiling=true"} {
		if !slices.Contains(c.APIServerArgs, want) {
			t.Errorf("APIServerArgs lack %s: %v", want, c.APIServerArgs)
		}
	}
	for _, arg := range c.APIServerArgs {
		if strings.HasPrefix(arg, "--audit-") {
			t.Errorf("removed flag still passed: %s", arg)
		}
	}
	if c.AuditLogPath != "" {
		t.Errorf("AuditLogPath = %q with auditing removed", c.AuditLogPath)
	}
	// The running process really got those arguments.
	cmdline, err := os.ReadFile(fmt.Sprintf("/proc/%d/cmdline", c.APIServerPID))
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Split(strings.TrimRight(string(cmdline), "\x00"), "\x00")[1:]; !slices.Equal(got, c.APIServerArgs) {
		t.Errorf("process args %v, want %v", got, c.APIServerArgs)
	}

	// AlwaysAllow: eve, with no RBAC at all, may list secrets.
	if c.TokenFor("eve") != "fixed-token" {
		t.Errorf("TokenFor(eve) = %q", c.TokenFor("eve"))
	}
	if _, err := c.Clientset(t, "fixed-token").CoreV1().Secrets("kube-system").List(ctx(t), metav1.ListOptions{}); err != nil {
		t.Errorf("AlwaysAllow server refused eve: %v", err)
	}
	// Profiling on: /debug/pprof/ is served.
	rc := c.RESTConfig("fixed-token")
	cs := kubernetes.NewForConfigOrDie(rc)
	if _, err := cs.Discovery().RESTClient().Get().AbsPath("/debug/pprof/").DoRaw(ctx(t)); err != nil {
		t.Errorf("/debug/pprof/ with --profiling=true: %v", err)
	}

	apiPID, etcdPID, dir := c.APIServerPID, c.EtcdPID, c.Dir
	if !alive(apiPID) || !alive(etcdPID) {
		t.Fatalf("processes not running before Stop: apiserver %v etcd %v", alive(apiPID), alive(etcdPID))
	}
	began := time.Now()
	stopped = true
	if err := c.Stop(); err != nil {
		t.Fatal(err)
	}
	t.Logf("Stop took %s", time.Since(began).Round(time.Millisecond))
	if alive(apiPID) || alive(etcdPID) {
		t.Errorf("after Stop: apiserver alive=%v etcd alive=%v", alive(apiPID), alive(etcdPID))
	}
	if _, err := os.Stat(dir); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("Dir %s still exists after Stop (err %v)", dir, err)
	}
	if err := c.Stop(); err != nil {
		t.Errorf("second Stop: %v", err)
	}
}

func TestManagedFlagsCannotBeOverridden(t *testing.T) {
	for _, opts := range []testcluster.Options{
		{ExtraAPIServerFlags: map[string]string{"--secure-port": "6443"}},
		{ExtraAPIServerFlags: map[string]string{"etcd-servers": "http://elsewhere:2379"}},
		{RemoveAPIServerFlags: []string{"token-auth-file"}},
	} {
		if c, err := testcluster.Start(context.Background(), opts); err == nil {
			_ = c.Stop()
			t.Errorf("Start(%+v) succeeded, want an error", opts)
		}
	}
}

const helperEnv = "KUBEASSAY_TESTCLUSTER_HELPER"

// TestProcessesDieWithTestBinary re-executes this test binary to start a
// cluster, SIGKILLs it, and checks that the kernel took etcd and
// kube-apiserver down with it (Pdeathsig).
func TestProcessesDieWithTestBinary(t *testing.T) {
	t.Parallel()
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperStartAndHang$", "-test.v")
	cmd.Env = append(os.Environ(), helperEnv+"=1")
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { _ = cmd.Process.Kill(); _ = cmd.Wait() }()

	var apiPID, etcdPID int
	var dir string
	sc := bufio.NewScanner(out)
	for sc.Scan() {
		if f := strings.Fields(sc.Text()); len(f) == 4 && f[0] == "CLUSTER" {
			apiPID, _ = strconv.Atoi(f[1])
			etcdPID, _ = strconv.Atoi(f[2])
			dir = f[3]
			break
		}
	}
	if apiPID == 0 || etcdPID == 0 {
		t.Fatalf("helper did not report its cluster (scan error %v)", sc.Err())
	}
	defer os.RemoveAll(dir) // nobody else will
	if !alive(apiPID) || !alive(etcdPID) {
		t.Fatal("helper's processes not running")
	}
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	_ = cmd.Wait()
	deadline := time.Now().Add(10 * time.Second)
	for alive(apiPID) || alive(etcdPID) {
		if time.Now().After(deadline) {
			t.Fatalf("10s after the test binary died: apiserver alive=%v etcd alive=%v", alive(apiPID), alive(etcdPID))
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// TestHelperStartAndHang is TestProcessesDieWithTestBinary's child; it does
// nothing in a normal run.
func TestHelperStartAndHang(t *testing.T) {
	if os.Getenv(helperEnv) == "" {
		return
	}
	c, err := testcluster.Start(context.Background(), testcluster.Options{KeepDir: true})
	if err != nil {
		t.Fatal(err)
	}
	fmt.Printf("CLUSTER %d %d %s\n", c.APIServerPID, c.EtcdPID, c.Dir)
	select {} // until killed
}

func stop(t *testing.T, c *testcluster.Cluster) {
	t.Helper()
	if err := c.Stop(); err != nil {
		t.Errorf("Stop: %v", err)
	}
}

// alive reports whether pid is a running (not zombie) process.
func alive(pid int) bool {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return false
	}
	// The state follows the parenthesised command name.
	s := string(data)
	i := strings.LastIndexByte(s, ')')
	return i < 0 || i+2 >= len(s) || (s[i+2] != 'Z' && s[i+2] != 'X')
}
