package nodejobs

import (
	"fmt"
	"path"
	"sort"
	"strings"
	"time"

	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// HostMountRoot is where the collector Job mounts the host's directories.
const HostMountRoot = "/host"

// HostPaths are the host directories the collector reads: the
// configuration, manifests, certificates and data directories of every
// supported platform (kubeadm, k3s and rke2 under /var/lib/rancher, GKE's
// /home/kubernetes), the systemd units that carry kubelet flags, the CNI
// directory, and /proc (with hostPID, the host's processes: their command
// lines are the components' flags). Directories covered by another in the
// list are mounted once (see MountedHostPaths).
var HostPaths = []string{
	"/etc",
	"/var/lib/kubelet",
	"/var/lib/etcd",
	"/etc/kubernetes",
	"/var/lib/rancher",
	"/home/kubernetes",
	"/lib/systemd",
	"/usr/lib/systemd",
	"/opt/cni",
	"/proc",
}

// MountedHostPaths returns HostPaths sorted, without those under another
// entry (/etc/kubernetes is inside /etc).
func MountedHostPaths() []string {
	paths := append([]string(nil), HostPaths...)
	sort.Strings(paths)
	var out []string
	for _, p := range paths {
		p = path.Clean(p)
		covered := false
		for _, q := range out {
			if p == q || strings.HasPrefix(p, q+"/") {
				covered = true
				break
			}
		}
		if !covered {
			out = append(out, p)
		}
	}
	return out
}

// DefaultTolerationSpecs let the collector run on control-plane and etcd
// nodes, which are usually tainted against ordinary workloads.
var DefaultTolerationSpecs = []string{
	"node-role.kubernetes.io/control-plane:NoSchedule",
	"node-role.kubernetes.io/master:NoSchedule",
	"node-role.kubernetes.io/etcd:NoExecute",
	"CriticalAddonsOnly:NoExecute",
}

// ParseToleration parses key[=value]:Effect (Effect one of NoSchedule,
// PreferNoSchedule, NoExecute). Without a value the toleration matches any
// value of the key (operator Exists).
func ParseToleration(s string) (corev1.Toleration, error) {
	i := strings.LastIndex(s, ":")
	if i < 0 {
		return corev1.Toleration{}, fmt.Errorf("toleration %q: want key[=value]:Effect", s)
	}
	spec, effect := s[:i], s[i+1:]
	var t corev1.Toleration
	switch e := corev1.TaintEffect(effect); e {
	case corev1.TaintEffectNoSchedule, corev1.TaintEffectPreferNoSchedule, corev1.TaintEffectNoExecute:
		t.Effect = e
	default:
		return corev1.Toleration{}, fmt.Errorf("toleration %q: effect %q is not NoSchedule, PreferNoSchedule or NoExecute", s, effect)
	}
	key, value, hasValue := strings.Cut(spec, "=")
	if key == "" {
		return corev1.Toleration{}, fmt.Errorf("toleration %q: want key[=value]:Effect", s)
	}
	t.Key = key
	if hasValue {
		t.Operator, t.Value = corev1.TolerationOpEqual, value
	} else {
		t.Operator = corev1.TolerationOpExists
	}
	return t, nil
}

// ParseTolerations parses each spec with ParseToleration.
func ParseTolerations(specs []string) ([]corev1.Toleration, error) {
	var out []corev1.Toleration
	for _, s := range specs {
		t, err := ParseToleration(s)
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, nil
}

// JobName is the name of the collector Job for node in run runID.
func JobName(runID, node string) string {
	// 52 leaves room for the pod name suffix the Job controller adds.
	return dnsName("kubeassay-node-"+runID+"-", node, 52)
}

// JobFor returns the collector Job for node: pinned to it, in the host's
// PID namespace, with the host's directories mounted read-only under
// /host, running 'kubeassay node --publish'. opts must have its defaults
// filled in (Gather does it).
func JobFor(node string, opts Options) *batchv1.Job {
	labels := map[string]string{
		LabelName:                appName,
		LabelRun:                 opts.RunID,
		"kubeassay.io/component": "node-collector",
	}
	deadline := int64((opts.Timeout + time.Second - 1) / time.Second)
	ttl := int32(300)
	backoff := int32(0)
	grace := int64(5)
	root := int64(0)
	no, yes := false, true
	var volumes []corev1.Volume
	var mounts []corev1.VolumeMount
	for _, p := range MountedHostPaths() {
		name := "host" + strings.ReplaceAll(p, "/", "-")
		volumes = append(volumes, corev1.Volume{
			Name: name,
			// No type: a directory missing on this platform must not
			// fail the pod (and the mount is read-only).
			VolumeSource: corev1.VolumeSource{HostPath: &corev1.HostPathVolumeSource{Path: p}},
		})
		mounts = append(mounts, corev1.VolumeMount{Name: name, MountPath: HostMountRoot + p, ReadOnly: true})
	}
	return &batchv1.Job{
		ObjectMeta: metav1.ObjectMeta{
			Name:        JobName(opts.RunID, node),
			Namespace:   opts.Namespace,
			Labels:      labels,
			Annotations: map[string]string{AnnotationNode: node},
		},
		Spec: batchv1.JobSpec{
			BackoffLimit:            &backoff,
			ActiveDeadlineSeconds:   &deadline,
			TTLSecondsAfterFinished: &ttl,
			Template: corev1.PodTemplateSpec{
				ObjectMeta: metav1.ObjectMeta{Labels: labels, Annotations: map[string]string{AnnotationNode: node}},
				Spec: corev1.PodSpec{
					NodeName:                      node,
					HostPID:                       true,
					RestartPolicy:                 corev1.RestartPolicyNever,
					ServiceAccountName:            ServiceAccount,
					AutomountServiceAccountToken:  &yes,
					TerminationGracePeriodSeconds: &grace,
					Tolerations:                   opts.Tolerations,
					SecurityContext: &corev1.PodSecurityContext{
						SeccompProfile: &corev1.SeccompProfile{Type: corev1.SeccompProfileTypeRuntimeDefault},
					},
					Containers: []corev1.Container{{
						Name:            "collector",
						Image:           opts.Image,
						ImagePullPolicy: corev1.PullIfNotPresent,
						Command: []string{"kubeassay", "node", "--publish",
							"--root", HostMountRoot,
							"--node-name", "$(NODE_NAME)",
							"--run-id", opts.RunID,
							"--namespace", opts.Namespace},
						Env: []corev1.EnvVar{{
							Name:      "NODE_NAME",
							ValueFrom: &corev1.EnvVarSource{FieldRef: &corev1.ObjectFieldSelector{FieldPath: "spec.nodeName"}},
						}},
						Resources: corev1.ResourceRequirements{
							Requests: corev1.ResourceList{
								corev1.ResourceCPU:    resource.MustParse("50m"),
								corev1.ResourceMemory: resource.MustParse("64Mi"),
							},
							Limits: corev1.ResourceList{
								corev1.ResourceCPU:    resource.MustParse("500m"),
								corev1.ResourceMemory: resource.MustParse("256Mi"),
							},
						},
						VolumeMounts: mounts,
						SecurityContext: &corev1.SecurityContext{
							// Root, to read root-owned files; of root's
							// capabilities only DAC_READ_SEARCH, which lets it
							// read (never write) any file.
							RunAsUser:                &root,
							RunAsNonRoot:             &no,
							Privileged:               &no,
							AllowPrivilegeEscalation: &no,
							ReadOnlyRootFilesystem:   &yes,
							Capabilities: &corev1.Capabilities{
								Drop: []corev1.Capability{"ALL"},
								Add:  []corev1.Capability{"DAC_READ_SEARCH"},
							},
						},
					}},
					Volumes: volumes,
				},
			},
		},
	}
}
