package nodejobs

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"

	"github.com/kubeassay/kubeassay/sources/nodefacts"
)

// Defaults of Options.
const (
	DefaultTimeout      = 2 * time.Minute
	DefaultPollInterval = 2 * time.Second
	DefaultImageRepo    = "ghcr.io/kubeassay/kubeassay"
)

// Options configure Gather.
type Options struct {
	// Namespace the Jobs run in and the ConfigMaps are written to; default
	// DefaultNamespace. It must exist, with the ServiceAccount and RBAC of
	// deploy/node-collector-rbac.yaml.
	Namespace string
	// Image is the collector image; default DefaultImageRepo:latest.
	Image string
	// RunID labels everything of this run; default a random id.
	RunID string
	// Timeout bounds the wait for the documents (and is the Jobs'
	// activeDeadlineSeconds); default DefaultTimeout.
	Timeout time.Duration
	// NodeSelector is a label selector limiting the nodes; "" is all.
	NodeSelector string
	// Tolerations of the collector pods; nil means DefaultTolerationSpecs.
	Tolerations []corev1.Toleration
	// PollInterval is how often the ConfigMaps are listed; default
	// DefaultPollInterval.
	PollInterval time.Duration
	// Logf, when set, receives progress messages.
	Logf func(format string, args ...any)
}

func (o *Options) defaults() error {
	if o.Namespace == "" {
		o.Namespace = DefaultNamespace
	}
	if o.Image == "" {
		o.Image = DefaultImageRepo + ":latest"
	}
	if o.RunID == "" {
		var b [5]byte
		if _, err := rand.Read(b[:]); err != nil {
			return err
		}
		o.RunID = hex.EncodeToString(b[:])
	}
	if o.Timeout <= 0 {
		o.Timeout = DefaultTimeout
	}
	if o.PollInterval <= 0 {
		o.PollInterval = DefaultPollInterval
	}
	if o.Tolerations == nil {
		ts, err := ParseTolerations(DefaultTolerationSpecs)
		if err != nil {
			return err
		}
		o.Tolerations = ts
	}
	if o.Logf == nil {
		o.Logf = func(string, ...any) {}
	}
	return nil
}

// Document is what came back for one node: its NodeFacts JSON, or why
// there is none.
type Document struct {
	Node string
	JSON []byte
	// Err says why the node's document is missing (it did not arrive in
	// time, its Job failed, or it could not be read).
	Err error
}

// Result is the outcome of Gather.
type Result struct {
	RunID string
	// Documents has one entry per node selected, sorted by node name.
	Documents []Document
	// Warnings are problems that did not stop the run, such as objects
	// that could not be deleted afterwards.
	Warnings []string
}

// Gather lists the nodes matching opts.NodeSelector, creates one collector
// Job per node (JobFor), waits up to opts.Timeout for their ConfigMaps,
// reads them, and deletes the Jobs and ConfigMaps of the run, whatever
// happened. A node whose document did not arrive has a Document with Err
// set; Gather itself fails only when the nodes cannot be listed, none
// matches, or ctx ends.
func Gather(ctx context.Context, cs kubernetes.Interface, opts Options) (*Result, error) {
	if err := opts.defaults(); err != nil {
		return nil, err
	}
	nodeList, err := cs.CoreV1().Nodes().List(ctx, metav1.ListOptions{LabelSelector: opts.NodeSelector})
	if err != nil {
		return nil, fmt.Errorf("listing nodes: %w", err)
	}
	if len(nodeList.Items) == 0 {
		if opts.NodeSelector != "" {
			return nil, fmt.Errorf("no node matches --node-selector %q", opts.NodeSelector)
		}
		return nil, errors.New("the cluster has no nodes")
	}
	var names []string
	for _, n := range nodeList.Items {
		names = append(names, n.Name)
	}
	sort.Strings(names)

	g := &gatherer{cs: cs, opts: opts, jobs: map[string]string{}, docs: map[string]*Document{}}
	res := &Result{RunID: opts.RunID}
	defer func() { res.Warnings = append(res.Warnings, g.cleanup(ctx)...) }()

	for _, n := range names {
		job := JobFor(n, opts)
		if _, err := cs.BatchV1().Jobs(opts.Namespace).Create(ctx, job, metav1.CreateOptions{}); err != nil {
			if ctx.Err() != nil {
				return res, ctx.Err()
			}
			g.docs[n] = &Document{Node: n, Err: fmt.Errorf("creating collector Job %s/%s: %w", opts.Namespace, job.Name, err)}
			continue
		}
		g.jobs[n] = job.Name
	}
	opts.Logf("started %d collector Jobs in namespace %s (run %s); waiting up to %s", len(g.jobs), opts.Namespace, opts.RunID, opts.Timeout)
	if err := g.wait(ctx, names); err != nil {
		return res, err
	}
	for _, n := range names {
		d := g.docs[n]
		if d == nil {
			d = &Document{Node: n, Err: fmt.Errorf("node facts did not arrive within %s: %s", opts.Timeout, g.why(ctx, n))}
		}
		res.Documents = append(res.Documents, *d)
	}
	return res, nil
}

type gatherer struct {
	cs   kubernetes.Interface
	opts Options
	jobs map[string]string    // node -> Job name created
	docs map[string]*Document // node -> outcome, once known
}

// wait polls until every node has an outcome or the timeout passes.
func (g *gatherer) wait(ctx context.Context, names []string) error {
	byConfigMap := map[string]string{}
	for _, n := range names {
		byConfigMap[ConfigMapName(n)] = n
	}
	deadline := time.Now().Add(g.opts.Timeout)
	ticker := time.NewTicker(g.opts.PollInterval)
	defer ticker.Stop()
	for {
		g.poll(ctx, byConfigMap)
		if len(g.docs) == len(names) {
			return nil
		}
		if !time.Now().Before(deadline) {
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-ticker.C:
		}
	}
}

func (g *gatherer) selector() string {
	return LabelRun + "=" + g.opts.RunID
}

// poll reads the run's ConfigMaps and notes failed Jobs.
func (g *gatherer) poll(ctx context.Context, byConfigMap map[string]string) {
	ns := g.opts.Namespace
	cms, err := g.cs.CoreV1().ConfigMaps(ns).List(ctx, metav1.ListOptions{LabelSelector: g.selector() + "," + LabelNodeFacts + "=true"})
	if err != nil {
		g.opts.Logf("listing ConfigMaps in %s: %v", ns, err)
	} else {
		for _, cm := range cms.Items {
			n, ok := byConfigMap[cm.Name]
			if !ok || g.docs[n] != nil {
				continue
			}
			data, ok := cm.Data[DataKey]
			if !ok {
				continue // not written yet
			}
			if _, err := nodefacts.Parse([]byte(data)); err != nil {
				g.docs[n] = &Document{Node: n, Err: fmt.Errorf("ConfigMap %s/%s: %w", ns, cm.Name, err)}
				continue
			}
			g.docs[n] = &Document{Node: n, JSON: []byte(data)}
			g.opts.Logf("node facts of %s arrived", n)
		}
	}
	jobs, err := g.cs.BatchV1().Jobs(ns).List(ctx, metav1.ListOptions{LabelSelector: g.selector()})
	if err != nil {
		return
	}
	for _, j := range jobs.Items {
		n := j.Annotations[AnnotationNode]
		if n == "" || g.docs[n] != nil || g.jobs[n] != j.Name {
			continue
		}
		if c := jobCondition(&j, batchv1.JobFailed); c != nil {
			// The pod may still have published before failing; the next
			// poll would not see it, so look once more.
			if cm, err := g.cs.CoreV1().ConfigMaps(ns).Get(ctx, ConfigMapName(n), metav1.GetOptions{}); err == nil && cm.Labels[LabelRun] == g.opts.RunID && cm.Data[DataKey] != "" {
				continue
			}
			// Same wording as a timeout: the document will not come.
			g.docs[n] = &Document{Node: n, Err: fmt.Errorf("node facts did not arrive within %s: %s", g.opts.Timeout, g.why(ctx, n))}
		}
	}
}

func jobCondition(j *batchv1.Job, t batchv1.JobConditionType) *batchv1.JobCondition {
	for i := range j.Status.Conditions {
		if c := &j.Status.Conditions[i]; c.Type == t && c.Status == corev1.ConditionTrue {
			return c
		}
	}
	return nil
}

// why describes, as far as the API tells, why node's Job produced nothing.
func (g *gatherer) why(ctx context.Context, node string) string {
	name, ok := g.jobs[node]
	if !ok {
		return "no collector Job was created"
	}
	ns := g.opts.Namespace
	var parts []string
	j, err := g.cs.BatchV1().Jobs(ns).Get(ctx, name, metav1.GetOptions{})
	if err != nil {
		return fmt.Sprintf("Job %s/%s: %v", ns, name, err)
	}
	if c := jobCondition(j, batchv1.JobFailed); c != nil {
		parts = append(parts, strings.TrimSpace(fmt.Sprintf("Job %s/%s failed: %s %s", ns, name, c.Reason, c.Message)))
	}
	pods, err := g.cs.CoreV1().Pods(ns).List(ctx, metav1.ListOptions{LabelSelector: batchv1.JobNameLabel + "=" + name})
	if err == nil {
		for _, p := range pods.Items {
			parts = append(parts, "pod "+p.Name+": "+podReason(&p))
		}
		if len(pods.Items) == 0 && len(parts) == 0 {
			parts = append(parts, fmt.Sprintf("Job %s/%s has started no pod (active %d, failed %d)", ns, name, j.Status.Active, j.Status.Failed))
		}
	} else if len(parts) == 0 {
		parts = append(parts, fmt.Sprintf("Job %s/%s: active %d, succeeded %d, failed %d", ns, name, j.Status.Active, j.Status.Succeeded, j.Status.Failed))
	}
	return strings.Join(parts, "; ")
}

// podReason sums up why a pod is not done: its waiting or terminated
// container, or its scheduling condition, or its phase.
func podReason(p *corev1.Pod) string {
	for _, s := range append(append([]corev1.ContainerStatus{}, p.Status.InitContainerStatuses...), p.Status.ContainerStatuses...) {
		if w := s.State.Waiting; w != nil && w.Reason != "" {
			return strings.TrimSpace(fmt.Sprintf("%s %s", w.Reason, w.Message))
		}
		if t := s.State.Terminated; t != nil && t.ExitCode != 0 {
			return strings.TrimSpace(fmt.Sprintf("%s (exit %d) %s", t.Reason, t.ExitCode, t.Message))
		}
	}
	for _, c := range p.Status.Conditions {
		if c.Type == corev1.PodScheduled && c.Status == corev1.ConditionFalse {
			return strings.TrimSpace(fmt.Sprintf("unschedulable: %s %s", c.Reason, c.Message))
		}
	}
	s := string(p.Status.Phase)
	if p.Status.Reason != "" {
		s += ": " + p.Status.Reason
	}
	if p.Status.Message != "" {
		s += " " + p.Status.Message
	}
	if s == "" {
		s = "no status"
	}
	return s
}

// cleanup deletes the Jobs created and the run's ConfigMaps, even when ctx
// has ended, and returns what could not be deleted.
func (g *gatherer) cleanup(parent context.Context) []string {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(parent), 30*time.Second)
	defer cancel()
	ns := g.opts.Namespace
	var warnings []string
	bg := metav1.DeletePropagationBackground
	var jobNames []string
	for _, name := range g.jobs {
		jobNames = append(jobNames, name)
	}
	sort.Strings(jobNames)
	for _, name := range jobNames {
		err := g.cs.BatchV1().Jobs(ns).Delete(ctx, name, metav1.DeleteOptions{PropagationPolicy: &bg})
		if err != nil && !apierrors.IsNotFound(err) {
			warnings = append(warnings, fmt.Sprintf("deleting Job %s/%s: %v", ns, name, err))
		}
	}
	cms, err := g.cs.CoreV1().ConfigMaps(ns).List(ctx, metav1.ListOptions{LabelSelector: g.selector() + "," + LabelNodeFacts + "=true"})
	if err != nil {
		return append(warnings, fmt.Sprintf("listing the run's ConfigMaps in %s: %v", ns, err))
	}
	for _, cm := range cms.Items {
		err := g.cs.CoreV1().ConfigMaps(ns).Delete(ctx, cm.Name, metav1.DeleteOptions{})
		if err != nil && !apierrors.IsNotFound(err) {
			warnings = append(warnings, fmt.Sprintf("deleting ConfigMap %s/%s: %v", ns, cm.Name, err))
		}
	}
	return warnings
}
