package nodejobs

import (
	"regexp"
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
)

var dnsLabel = regexp.MustCompile(`^[a-z0-9]([-a-z0-9]*[a-z0-9])?$`)

func TestNamesAreDNSSafe(t *testing.T) {
	long := strings.Repeat("very-long-node-name.", 12) + "example.com"
	for _, tt := range []struct{ node, want string }{
		{"cp-1", "kubeassay-node-cp-1"},
		{"ip-10-0-0-1.ec2.internal", ""}, // dots: rewritten and hashed
		{"Worker_1", ""},
		{long, ""},
	} {
		got := ConfigMapName(tt.node)
		if tt.want != "" && got != tt.want {
			t.Errorf("ConfigMapName(%q) = %q, want %q", tt.node, got, tt.want)
		}
		if len(got) > 63 || !dnsLabel.MatchString(got) || !strings.HasPrefix(got, "kubeassay-node-") {
			t.Errorf("ConfigMapName(%q) = %q: not a DNS label", tt.node, got)
		}
		if j := JobName("0123456789", tt.node); len(j) > 52 || !dnsLabel.MatchString(j) {
			t.Errorf("JobName(%q) = %q", tt.node, j)
		}
	}
	if ConfigMapName(long) == ConfigMapName(long+"x") || ConfigMapName("a.b") == ConfigMapName("a-b") {
		t.Error("distinct nodes share a ConfigMap name")
	}
}

func TestMountedHostPathsDedupe(t *testing.T) {
	got := strings.Join(MountedHostPaths(), " ")
	want := "/etc /home/kubernetes /lib/systemd /opt/cni /proc /usr/lib/systemd /var/lib/etcd /var/lib/kubelet /var/lib/rancher"
	if got != want {
		t.Errorf("MountedHostPaths = %s, want %s (/etc/kubernetes is inside /etc)", got, want)
	}
}

func TestParseToleration(t *testing.T) {
	tol, err := ParseToleration("dedicated=audit:NoSchedule")
	if err != nil || tol != (corev1.Toleration{Key: "dedicated", Operator: corev1.TolerationOpEqual, Value: "audit", Effect: corev1.TaintEffectNoSchedule}) {
		t.Errorf("key=value: %+v %v", tol, err)
	}
	tol, err = ParseToleration("node-role.kubernetes.io/control-plane:NoExecute")
	if err != nil || tol.Operator != corev1.TolerationOpExists || tol.Key != "node-role.kubernetes.io/control-plane" || tol.Effect != corev1.TaintEffectNoExecute {
		t.Errorf("key: %+v %v", tol, err)
	}
	for _, bad := range []string{"dedicated", "dedicated:Sometimes", ":NoSchedule", "=x:NoSchedule"} {
		if _, err := ParseToleration(bad); err == nil {
			t.Errorf("%q: no error", bad)
		}
	}
	if _, err := ParseTolerations(DefaultTolerationSpecs); err != nil {
		t.Error(err)
	}
}
