package nodefacts

import (
	"testing"
)

func TestKubeadmFixture(t *testing.T) {
	f := collectFixture(t, "kubeadm")
	wantProfile(t, f, "kubeadm")
	if f.Metadata.Hostname != "cp1" || f.Metadata.ToolVersion != "test" || !f.Metadata.CollectedAt.Equal(fixedNow()) {
		t.Errorf("metadata = %+v", f.Metadata)
	}
	// proc/1, 101, 103..106, 210, 211 and the kernel thread 97.
	if f.Metadata.ProcessesScanned != 9 {
		t.Errorf("processesScanned = %d, want 9", f.Metadata.ProcessesScanned)
	}

	api := mustComponent(t, f, KubeAPIServer)
	if api.Source != "process" || api.PID != 101 || !api.Running {
		t.Errorf("apiserver source=%s pid=%d running=%v", api.Source, api.PID, api.Running)
	}
	wantFlag(t, api, "anonymous-auth", "false", "cmdline")
	wantFlag(t, api, "audit-log-maxage", "30", "cmdline")
	if got := api.FlagValues("service-account-key-file"); len(got) != 2 || got[1] != "/etc/kubernetes/pki/sa-old.pub" {
		t.Errorf("repeated --service-account-key-file = %v", got)
	}
	if got := FlagMap(api.Flags).List("authorization-mode"); len(got) != 2 || got[0] != "Node" || got[1] != "RBAC" {
		t.Errorf("authorization-mode list = %v", got)
	}
	if api.ManifestPath != "/etc/kubernetes/manifests/kube-apiserver.yaml" {
		t.Errorf("apiserver manifestPath = %q", api.ManifestPath)
	}

	// Scheduler: found both ways; the process wins, the manifest is recorded.
	sched := mustComponent(t, f, KubeScheduler)
	wantFlag(t, sched, "bind-address", "127.0.0.1", "cmdline")
	wantFlag(t, sched, "v", "2", "cmdline")
	if sched.ManifestPath != "/etc/kubernetes/manifests/kube-scheduler.yaml" || sched.Source != "process" {
		t.Errorf("scheduler source=%s manifest=%q", sched.Source, sched.ManifestPath)
	}

	// Controller manager: no process, flags from the manifest.
	kcm := mustComponent(t, f, KubeControllerManager)
	const kcmManifest = "manifest:/etc/kubernetes/manifests/kube-controller-manager.yaml"
	if kcm.Source != kcmManifest || kcm.Running {
		t.Errorf("controller-manager source=%s running=%v", kcm.Source, kcm.Running)
	}
	wantFlag(t, kcm, "use-service-account-credentials", "true", kcmManifest)
	wantFlag(t, kcm, "feature-gates", "RotateKubeletServerCertificate=true", kcmManifest)

	etcd := mustComponent(t, f, Etcd)
	wantFlag(t, etcd, "peer-client-cert-auth", "true", "cmdline")
	wantFlag(t, etcd, "data-dir", "/var/lib/etcd", "cmdline")

	// Kubelet: file, then drop-ins, then flags, then defaults.
	k := mustComponent(t, f, Kubelet)
	if k.Config == nil || k.Config.Defaults != "config-file" || k.Config.ConfigFile != "/var/lib/kubelet/config.yaml" {
		t.Fatalf("kubelet config = %+v", k.Config)
	}
	if len(k.Config.DropIns) != 2 {
		t.Errorf("drop-ins = %v, want the two .conf files only", k.Config.DropIns)
	}
	const file = "file:/var/lib/kubelet/config.yaml"
	const hardening = "drop-in:/etc/kubernetes/kubelet.conf.d/10-hardening.conf"
	const gates = "drop-in:/etc/kubernetes/kubelet.conf.d/20-gates.conf"
	wantSetting(t, k, "authentication.anonymous.enabled", false, hardening)
	qps := wantSetting(t, k, "eventRecordQPS", 30, "flag")
	if len(qps.History) != 3 || qps.History[0].Source != file || qps.History[1].Source != hardening ||
		jsonOf(qps.History[1].Value) != "20" || qps.Origin != "cmdline" {
		t.Errorf("eventRecordQPS history = %+v origin %q", qps.History, qps.Origin)
	}
	wantSetting(t, k, "streamingConnectionIdleTimeout", "5m0s", hardening)
	wantSetting(t, k, "authorization.mode", "Webhook", file)
	wantSetting(t, k, "authentication.x509.clientCAFile", "/etc/kubernetes/pki/ca.crt", file)
	wantSetting(t, k, "readOnlyPort", 0, "default")
	wantSetting(t, k, "podPidsLimit", -1, "default")
	wantSetting(t, k, "makeIPTablesUtilChains", true, "default")
	wantSetting(t, k, "rotateCertificates", true, file)
	wantSetting(t, k, "serverTLSBootstrap", true, gates)
	wantSetting(t, k, "featureGates.RotateKubeletServerCertificate", true, gates)
	wantSetting(t, k, "featureGates.ExampleAlphaGate", false, file)
	wantSetting(t, k, "tlsCertFile", nil, "unset")
	wantSetting(t, k, "hostnameOverride", nil, "unset")
	wantSetting(t, k, "staticPodPath", "/etc/kubernetes/manifests", file)

	// kube-proxy ignores flags when --config is given; its files live in
	// its container.
	p := mustComponent(t, f, KubeProxy)
	const proxyCfg = "/proc/106/root/var/lib/kube-proxy/config.conf"
	if p.Config == nil || p.Config.ConfigFile != proxyCfg {
		t.Fatalf("kube-proxy config = %+v", p.Config)
	}
	m := wantSetting(t, p, "metricsBindAddress", "0.0.0.0:10249", "file:"+proxyCfg)
	if len(m.History) != 2 || !m.History[1].Ignored {
		t.Errorf("metricsBindAddress history = %+v, want the flag marked ignored", m.History)
	}
	wantSetting(t, p, "hostnameOverride", "cp1", "flag")
	wantSetting(t, p, "mode", "iptables", "default")

	// Files: modes, owners and roles.
	wantFile(t, f, "/etc/kubernetes/manifests/kube-apiserver.yaml", RoleAPIServerManifest, "0600", "root", "root")
	sf := wantFile(t, f, "/etc/kubernetes/manifests/kube-scheduler.yaml", RoleSchedulerManifest, "0644", "root", "root")
	if ModeWithin(*sf.ModeBits, 0o600) {
		t.Errorf("the scheduler manifest at 0644 must not be within 0600")
	}
	for _, role := range []string{RoleAPIServerManifest, RoleControllerManagerManifest, RoleEtcdManifest,
		RoleAdminKubeconfig, RoleSchedulerKubeconfig, RoleControllerManagerKubeconfig, RolePKIKey, RoleKubeletConfig} {
		files := f.FilesWithRole(role)
		if len(files) == 0 {
			t.Errorf("no file with role %s", role)
		}
		for _, file := range files {
			if file.Exists && !ModeWithin(*file.ModeBits, 0o600) {
				t.Errorf("%s (%s) mode %s, want within 0600", file.Path, role, file.Mode)
			}
		}
	}
	wantFile(t, f, "/var/lib/etcd", RoleEtcdDataDir, "0700", "etcd", "etcd")
	wantFile(t, f, "/etc/kubernetes/super-admin.conf", RoleSuperAdminKubeconfig, "0600", "root", "root")
	wantFile(t, f, "/etc/kubernetes/pki/ca.crt", RolePKICert, "0644", "root", "root")
	wantFile(t, f, "/etc/kubernetes/pki/ca.crt", RoleKubeletClientCA, "0644", "root", "root")
	wantFile(t, f, "/etc/kubernetes/pki/etcd/peer.key", RolePKIKey, "0600", "root", "root")
	wantFile(t, f, "/etc/kubernetes/pki/sa.pub", RolePKIPublicKey, "0644", "root", "root")
	wantFile(t, f, "/etc/kubernetes/pki/etcd", RolePKIDir, "0755", "root", "root")
	wantFile(t, f, "/etc/kubernetes/pki/sa-old.pub", "apiserver-service-account-key", "", "", "")
	wantFile(t, f, "/etc/kubernetes/bootstrap-kubelet.conf", RoleKubeletBootstrapKubeconfig, "", "", "")
	wantFile(t, f, "/etc/kubernetes/kubelet.conf.d/10-hardening.conf", RoleKubeletConfigDropIn, "0600", "root", "root")
	wantFile(t, f, "/usr/lib/systemd/system/kubelet.service", RoleKubeletService, "0600", "root", "root")
	wantFile(t, f, "/usr/lib/systemd/system/kubelet.service.d/10-kubeadm.conf", RoleKubeletServiceDropIn, "0600", "root", "root")
	wantFile(t, f, "/proc/106/root/var/lib/kube-proxy/kubeconfig.conf", RoleKubeProxyKubeconfig, "0600", "root", "root")
	wantFile(t, f, "/etc/cni/net.d/10-flannel.conflist", RoleCNIConfig, "0600", "root", "root")
	if _, ok := f.File("/etc/kubernetes/kubelet.conf.d/README.txt"); ok {
		t.Errorf("README.txt recorded as a kubelet drop-in")
	}

	// Symlinks: one level followed; loops recorded, not followed.
	lb := wantFile(t, f, "/etc/cni/net.d/99-loopback.conf", RoleCNIConfig, "0600", "root", "root")
	if lb.LinkTarget != "/opt/cni/shared/loopback.conf" || lb.Type != "file" {
		t.Errorf("symlink loopback: target %q type %q", lb.LinkTarget, lb.Type)
	}
	loop, _ := f.File("/etc/cni/net.d/loop-a")
	if loop.Type != "symlink" || loop.Error == "" || !hasError(f, "/etc/cni/net.d/loop-a", "symlink") {
		t.Errorf("symlink loop not recorded as an error: %+v", loop)
	}
}
