package nodejobs

import (
	"context"
	"strings"
	"testing"
	"time"

	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes/fake"
)

// TestGatherStopsWaitingForFailedJobs: a Job that failed ends the wait for
// its node at once (not at the timeout), and the message gives the Job's
// and the pod's reasons.
func TestGatherStopsWaitingForFailedJobs(t *testing.T) {
	cs := fake.NewClientset(&corev1.Node{ObjectMeta: metav1.ObjectMeta{Name: "n1"}})
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	go func() {
		for ctx.Err() == nil {
			time.Sleep(20 * time.Millisecond)
			jobs, err := cs.BatchV1().Jobs("kubeassay").List(ctx, metav1.ListOptions{})
			if err != nil || len(jobs.Items) == 0 {
				continue
			}
			j := jobs.Items[0]
			j.Status.Conditions = []batchv1.JobCondition{{Type: batchv1.JobFailed, Status: corev1.ConditionTrue, Reason: "DeadlineExceeded", Message: "Job was active longer than specified deadline"}}
			pod := &corev1.Pod{
				ObjectMeta: metav1.ObjectMeta{Name: j.Name + "-abcde", Namespace: "kubeassay", Labels: map[string]string{batchv1.JobNameLabel: j.Name}},
				Status: corev1.PodStatus{Phase: corev1.PodPending, ContainerStatuses: []corev1.ContainerStatus{{
					Name:  "collector",
					State: corev1.ContainerState{Waiting: &corev1.ContainerStateWaiting{Reason: "ImagePullBackOff", Message: "Back-off pulling image"}},
				}}},
			}
			if _, err := cs.CoreV1().Pods("kubeassay").Create(ctx, pod, metav1.CreateOptions{}); err != nil {
				t.Error(err)
			}
			if _, err := cs.BatchV1().Jobs("kubeassay").UpdateStatus(ctx, &j, metav1.UpdateOptions{}); err != nil {
				t.Error(err)
			}
			return
		}
	}()
	start := time.Now()
	res, err := Gather(ctx, cs, Options{Timeout: 20 * time.Second, PollInterval: 50 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	if took := time.Since(start); took > 10*time.Second {
		t.Errorf("Gather waited %s for a failed Job", took)
	}
	if len(res.Documents) != 1 || res.Documents[0].Err == nil {
		t.Fatalf("documents %+v", res.Documents)
	}
	msg := res.Documents[0].Err.Error()
	for _, want := range []string{"node facts did not arrive within 20s: ", "failed: DeadlineExceeded", "ImagePullBackOff Back-off pulling image"} {
		if !strings.Contains(msg, want) {
			t.Errorf("message %q lacks %q", msg, want)
		}
	}
	if jobs, _ := cs.BatchV1().Jobs("kubeassay").List(ctx, metav1.ListOptions{}); len(jobs.Items) != 0 {
		t.Errorf("%d Jobs left", len(jobs.Items))
	}
}
