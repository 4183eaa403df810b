package nodejobs_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	rbacv1 "k8s.io/api/rbac/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/tools/clientcmd"

	"github.com/kubeassay/kubeassay/dev/testcluster"
	"github.com/kubeassay/kubeassay/report"
	"github.com/kubeassay/kubeassay/scan"
	"github.com/kubeassay/kubeassay/sources/nodefacts"
	"github.com/kubeassay/kubeassay/sources/nodejobs"
)

// The static tokens authenticate as the ServiceAccounts the RBAC file binds,
// so the real API server judges the file's Roles.
const (
	collectorUser = "system:serviceaccount:kubeassay:kubeassay-node-collector"
	scannerUser   = "system:serviceaccount:kubeassay:kubeassay-scanner"
	fixtureRoot   = "../../testdata/nodes/kubeadm"
)

func TestMain(m *testing.M) {
	saGroups := []string{"system:serviceaccounts", "system:serviceaccounts:kubeassay"}
	testcluster.RunMain(m, testcluster.Options{Tokens: []testcluster.Token{
		{User: collectorUser, Groups: saGroups},
		{User: scannerUser, Groups: saGroups},
	}})
}

var setupOnce sync.Once
var setupErr error

// setup creates the kubeassay namespace and applies
// deploy/node-collector-rbac.yaml, once per test binary.
func setup(t *testing.T) (*testcluster.Cluster, *kubernetes.Clientset) {
	t.Helper()
	c := testcluster.Shared(t)
	admin := c.Clientset(t, c.AdminToken)
	objs := loadRBAC(t)
	setupOnce.Do(func() {
		ctx := context.Background()
		if setupErr = c.CreateNamespace(ctx, nodejobs.DefaultNamespace, nil); setupErr != nil {
			return
		}
		for _, o := range objs {
			var err error
			switch x := o.(type) {
			case *corev1.ServiceAccount:
				_, err = admin.CoreV1().ServiceAccounts(x.Namespace).Create(ctx, x, metav1.CreateOptions{})
			case *rbacv1.Role:
				_, err = admin.RbacV1().Roles(x.Namespace).Create(ctx, x, metav1.CreateOptions{})
			case *rbacv1.RoleBinding:
				_, err = admin.RbacV1().RoleBindings(x.Namespace).Create(ctx, x, metav1.CreateOptions{})
			case *rbacv1.ClusterRole:
				_, err = admin.RbacV1().ClusterRoles().Create(ctx, x, metav1.CreateOptions{})
			case *rbacv1.ClusterRoleBinding:
				_, err = admin.RbacV1().ClusterRoleBindings().Create(ctx, x, metav1.CreateOptions{})
			default:
				err = fmt.Errorf("unexpected %T in %s", o, rbacFile)
			}
			if err != nil && !apierrors.IsAlreadyExists(err) {
				setupErr = err
				return
			}
		}
	})
	if setupErr != nil {
		t.Fatalf("setup: %v", setupErr)
	}
	return c, admin
}

// buildCLI builds cmd/kubeassay into a temporary directory.
func buildCLI(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "kubeassay")
	cmd := exec.Command("go", "build", "-o", bin, "./cmd/kubeassay")
	cmd.Dir = repoRoot(t)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// writeKubeconfig writes a kubeconfig for the cluster authenticating as
// user (one of the Options.Tokens).
func writeKubeconfig(t *testing.T, c *testcluster.Cluster, user string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "kubeconfig")
	if err := clientcmd.WriteToFile(*c.Kubeconfig(c.TokenFor(user)), path); err != nil {
		t.Fatal(err)
	}
	return path
}

func runCollector(ctx context.Context, bin string, args ...string) (string, error) {
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Env = append(os.Environ(), "KUBECONFIG=/nonexistent") // only --kubeconfig counts
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// TestPublishAsCollectorProcess runs 'kubeassay node --publish' as a real
// process, authenticated as the collector ServiceAccount (whose only RBAC is
// the collector Role), twice: the first run creates the ConfigMap, the
// second updates it.
func TestPublishAsCollectorProcess(t *testing.T) {
	c, admin := setup(t)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	bin := buildCLI(t)
	kubeconfig := writeKubeconfig(t, c, collectorUser)
	name := nodejobs.ConfigMapName("cp-1")
	defer admin.CoreV1().ConfigMaps("kubeassay").Delete(context.Background(), name, metav1.DeleteOptions{})

	for _, run := range []string{"run-one", "run-two"} {
		// No --namespace: outside a pod the default is kubeassay.
		out, err := runCollector(ctx, bin, "node", "--publish", "--root", fixtureRoot, "--node-name", "cp-1", "--run-id", run, "--kubeconfig", kubeconfig)
		if err != nil {
			t.Fatalf("%s: %v\n%s", run, err, out)
		}
		if !strings.Contains(out, "published to ConfigMap kubeassay/"+name) {
			t.Errorf("%s: output %q", run, out)
		}
		cm, err := admin.CoreV1().ConfigMaps("kubeassay").Get(ctx, name, metav1.GetOptions{})
		if err != nil {
			t.Fatalf("%s: %v", run, err)
		}
		wantLabels := map[string]string{"app.kubernetes.io/name": "kubeassay", "kubeassay.io/node-facts": "true", "kubeassay.io/run": run}
		for k, v := range wantLabels {
			if cm.Labels[k] != v {
				t.Errorf("%s: label %s=%q, want %q", run, k, cm.Labels[k], v)
			}
		}
		facts, err := nodefacts.Parse([]byte(cm.Data["node.json"]))
		if err != nil {
			t.Fatalf("%s: node.json: %v", run, err)
		}
		if facts.Metadata.Name != "cp-1" || facts.Platform.Name != "kubeadm" {
			t.Errorf("%s: document of %q platform %q", run, facts.Metadata.Name, facts.Platform.Name)
		}
	}

	// The collector's token really is limited: it cannot list ConfigMaps
	// nor write elsewhere.
	collector := c.Clientset(t, c.TokenFor(collectorUser))
	if _, err := collector.CoreV1().ConfigMaps("kubeassay").List(ctx, metav1.ListOptions{}); !apierrors.IsForbidden(err) {
		t.Errorf("collector listing ConfigMaps: %v, want Forbidden", err)
	}
	if _, err := collector.CoreV1().Secrets("kubeassay").Get(ctx, "x", metav1.GetOptions{}); !apierrors.IsForbidden(err) {
		t.Errorf("collector reading a Secret: %v, want Forbidden", err)
	}

	// Without RBAC in the namespace the publish fails, and says so.
	out, err := runCollector(ctx, bin, "node", "--publish", "--root", fixtureRoot, "--node-name", "cp-1", "--namespace", "default", "--kubeconfig", kubeconfig)
	if err == nil || !strings.Contains(out, "--publish") || !strings.Contains(out, "forbidden") {
		t.Errorf("publishing to default: %v\n%s", err, out)
	}
}

// TestGatherRunsJobsAndReportsMissingNodes runs the scanner's side against
// the real API server as the scanner ServiceAccount. There is no kubelet,
// so a goroutine plays it: it watches the Jobs Gather creates and, for cp-1
// only, runs the Job's own command line as a process (with --root pointed at
// the kubeadm fixture and the collector's kubeconfig). worker-1's document
// never arrives.
func TestGatherRunsJobsAndReportsMissingNodes(t *testing.T) {
	c, admin := setup(t)
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	bin := buildCLI(t)
	collectorKubeconfig := writeKubeconfig(t, c, collectorUser)

	for _, n := range []string{"cp-1", "worker-1"} {
		node := &corev1.Node{ObjectMeta: metav1.ObjectMeta{Name: n, Labels: map[string]string{"kubeassay-test": "gather"}}}
		if _, err := admin.CoreV1().Nodes().Create(ctx, node, metav1.CreateOptions{}); err != nil && !apierrors.IsAlreadyExists(err) {
			t.Fatal(err)
		}
		defer admin.CoreV1().Nodes().Delete(context.Background(), n, metav1.DeleteOptions{})
	}

	// The fake kubelet polls (a fresh API server's watch cache may refuse
	// watches on a resource that never had objects).
	var mu sync.Mutex
	jobs := map[string]*batchv1.Job{} // node -> Job as created
	runnerErr := make(chan error, 1)
	stop := make(chan struct{})
	runnerDone := make(chan struct{})
	defer func() { close(stop); <-runnerDone }()
	go func() {
		defer close(runnerDone)
		for {
			select {
			case <-stop:
				return
			case <-time.After(100 * time.Millisecond):
			}
			l, err := admin.BatchV1().Jobs("kubeassay").List(ctx, metav1.ListOptions{})
			if err != nil {
				continue
			}
			for i := range l.Items {
				j := &l.Items[i]
				node := j.Spec.Template.Spec.NodeName
				mu.Lock()
				_, seen := jobs[node]
				if !seen {
					jobs[node] = j
				}
				mu.Unlock()
				if seen || node != "cp-1" {
					continue // worker-1: no kubelet ever runs it
				}
				args := append([]string(nil), j.Spec.Template.Spec.Containers[0].Command[1:]...)
				for i, a := range args {
					switch {
					case a == "$(NODE_NAME)":
						args[i] = node
					case a == "/host" && i > 0 && args[i-1] == "--root":
						args[i] = fixtureRoot
					}
				}
				out, err := runCollector(ctx, bin, append(args, "--kubeconfig", collectorKubeconfig)...)
				if err != nil {
					err = fmt.Errorf("collector %v: %v\n%s", args, err, out)
				}
				runnerErr <- err
			}
		}
	}()

	scanner := c.Clientset(t, c.TokenFor(scannerUser))
	timeout := 8 * time.Second
	res, err := nodejobs.Gather(ctx, scanner, nodejobs.Options{
		Image:        "example.test/kubeassay:test",
		Timeout:      timeout,
		NodeSelector: "kubeassay-test=gather",
		PollInterval: 200 * time.Millisecond,
		Logf:         t.Logf,
	})
	if err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-runnerErr:
		if err != nil {
			t.Fatal(err)
		}
	default:
		t.Fatal("the cp-1 collector never ran")
	}
	for _, warning := range res.Warnings {
		t.Errorf("warning: %s", warning)
	}

	// The Jobs, as created.
	mu.Lock()
	defer mu.Unlock()
	if len(jobs) != 2 {
		t.Fatalf("Jobs created for %d nodes, want 2: %v", len(jobs), jobs)
	}
	wantMounts := map[string]string{}
	for _, p := range []string{"/etc", "/var/lib/kubelet", "/var/lib/etcd", "/var/lib/rancher", "/home/kubernetes", "/lib/systemd", "/usr/lib/systemd", "/opt/cni", "/proc"} {
		wantMounts["/host"+p] = p
	}
	for node, j := range jobs {
		ps := j.Spec.Template.Spec
		if ps.NodeName != node || !ps.HostPID || ps.ServiceAccountName != "kubeassay-node-collector" || ps.RestartPolicy != corev1.RestartPolicyNever {
			t.Errorf("%s: pod spec nodeName %q hostPID %v serviceAccount %q restart %q", node, ps.NodeName, ps.HostPID, ps.ServiceAccountName, ps.RestartPolicy)
		}
		if d := j.Spec.ActiveDeadlineSeconds; d == nil || *d != int64(timeout/time.Second) {
			t.Errorf("%s: activeDeadlineSeconds %v, want %d", node, d, int64(timeout/time.Second))
		}
		if b := j.Spec.BackoffLimit; b == nil || *b != 0 {
			t.Errorf("%s: backoffLimit %v, want 0", node, b)
		}
		if j.Spec.TTLSecondsAfterFinished == nil || j.Labels["kubeassay.io/run"] != res.RunID {
			t.Errorf("%s: ttl %v labels %v", node, j.Spec.TTLSecondsAfterFinished, j.Labels)
		}
		if len(ps.Containers) != 1 {
			t.Fatalf("%s: %d containers", node, len(ps.Containers))
		}
		ctr := ps.Containers[0]
		if ctr.Image != "example.test/kubeassay:test" {
			t.Errorf("%s: image %q", node, ctr.Image)
		}
		cmd := strings.Join(ctr.Command, " ")
		if !strings.HasPrefix(cmd, "kubeassay node --publish --root /host --node-name $(NODE_NAME) --run-id "+res.RunID) {
			t.Errorf("%s: command %q", node, cmd)
		}
		sc := ctr.SecurityContext
		if sc == nil || sc.ReadOnlyRootFilesystem == nil || !*sc.ReadOnlyRootFilesystem || sc.RunAsUser == nil || *sc.RunAsUser != 0 ||
			sc.Capabilities == nil || fmt.Sprint(sc.Capabilities.Drop) != "[ALL]" || fmt.Sprint(sc.Capabilities.Add) != "[DAC_READ_SEARCH]" ||
			sc.Privileged == nil || *sc.Privileged || sc.AllowPrivilegeEscalation == nil || *sc.AllowPrivilegeEscalation {
			t.Errorf("%s: securityContext %+v", node, sc)
		}
		if ctr.Resources.Limits.Memory().IsZero() || ctr.Resources.Requests.Cpu().IsZero() {
			t.Errorf("%s: resources %+v", node, ctr.Resources)
		}
		hostPaths := map[string]string{}
		for _, v := range ps.Volumes {
			if v.HostPath == nil {
				t.Errorf("%s: volume %s is not a hostPath", node, v.Name)
				continue
			}
			hostPaths[v.Name] = v.HostPath.Path
		}
		got := map[string]string{}
		for _, m := range ctr.VolumeMounts {
			if !m.ReadOnly {
				t.Errorf("%s: mount %s is writable", node, m.MountPath)
			}
			got[m.MountPath] = hostPaths[m.Name]
		}
		if fmt.Sprint(got) != fmt.Sprint(wantMounts) {
			t.Errorf("%s: mounts %v, want %v", node, got, wantMounts)
		}
		var tolerated []string
		for _, tol := range ps.Tolerations {
			tolerated = append(tolerated, tol.Key)
		}
		if !strings.Contains(strings.Join(tolerated, ","), "node-role.kubernetes.io/control-plane") {
			t.Errorf("%s: tolerations %v", node, ps.Tolerations)
		}
	}

	// What came back.
	if len(res.Documents) != 2 || res.Documents[0].Node != "cp-1" || res.Documents[1].Node != "worker-1" {
		t.Fatalf("documents %+v", res.Documents)
	}
	cp, worker := res.Documents[0], res.Documents[1]
	if cp.Err != nil {
		t.Fatalf("cp-1: %v", cp.Err)
	}
	facts, err := nodefacts.Parse(cp.JSON)
	if err != nil || facts.Metadata.Name != "cp-1" {
		t.Fatalf("cp-1 document: %v %+v", err, facts)
	}
	if worker.Err == nil || !strings.HasPrefix(worker.Err.Error(), "node facts did not arrive within 8s: ") || !strings.Contains(worker.Err.Error(), "started no pod") {
		t.Errorf("worker-1: %v", worker.Err)
	}

	// Everything the run created is gone.
	sel := metav1.ListOptions{LabelSelector: "kubeassay.io/run=" + res.RunID}
	if l, err := admin.BatchV1().Jobs("kubeassay").List(ctx, sel); err != nil || len(l.Items) != 0 {
		t.Errorf("Jobs left: %v %v", err, names(l.Items))
	}
	if l, err := admin.CoreV1().ConfigMaps("kubeassay").List(ctx, sel); err != nil || len(l.Items) != 0 {
		t.Errorf("ConfigMaps left: %v %d", err, len(l.Items))
	}

	// The documents feed the scan: cp-1 is judged, worker-1 is an input
	// error.
	b, err := scan.LoadBuiltin()
	if err != nil {
		t.Fatal(err)
	}
	var docs []scan.NodeDocument
	for _, d := range res.Documents {
		docs = append(docs, scan.NodeDocument{Node: d.Node, JSON: d.JSON, Err: d.Err})
	}
	rep, err := scan.Run(ctx, b, scan.Options{Benchmarks: []string{"cis-1.12"}, NodeDocuments: docs})
	if err != nil {
		t.Fatal(err)
	}
	// cp-1's facts pass 1.2.15, but worker-1's are missing: not PASS.
	if st := controlStatus(rep, "1.2.15"); st != report.StatusError {
		t.Errorf("1.2.15 with worker-1's facts missing: %s, want ERROR", st)
	}
	if len(rep.Errors) != 1 || rep.Errors[0].Origin.File != "node/worker-1" || !strings.Contains(rep.Errors[0].Message, "did not arrive within 8s") {
		t.Errorf("input errors %+v, want worker-1's", rep.Errors)
	}
}

func names(jobs []batchv1.Job) []string {
	var out []string
	for _, j := range jobs {
		out = append(out, j.Name)
	}
	sort.Strings(out)
	return out
}

func controlStatus(r *report.Result, id string) string {
	for _, b := range r.Benchmarks {
		for _, c := range b.Controls {
			if c.ID == id {
				return c.Status
			}
		}
	}
	return ""
}

// TestGatherFailsCleanlyWithoutNodes: a selector matching nothing is an
// error, and nothing is created.
func TestGatherFailsCleanlyWithoutNodes(t *testing.T) {
	c, _ := setup(t)
	scanner := c.Clientset(t, c.TokenFor(scannerUser))
	_, err := nodejobs.Gather(context.Background(), scanner, nodejobs.Options{NodeSelector: "kubeassay-test=none"})
	if err == nil || !strings.Contains(err.Error(), "no node matches") {
		t.Errorf("err = %v", err)
	}
}
