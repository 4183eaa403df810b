package nodefacts

import (
	"slices"
	"strings"
	"testing"
)

func TestK3sFixture(t *testing.T) {
	f := collectFixture(t, "k3s")
	wantProfile(t, f, "k3s")
	const cfg = "file:/etc/rancher/k3s/config.yaml"
	const site = "file:/etc/rancher/k3s/config.yaml.d/50-site.yaml"

	sup := mustComponent(t, f, K3s)
	if sup.PID != 500 || supervisorRole(sup) != "server" {
		t.Errorf("k3s pid=%d role=%q", sup.PID, supervisorRole(sup))
	}
	wantFlag(t, sup, "write-kubeconfig-mode", "0644", cfg)
	// config.yaml.d "kubelet-arg+" appends to config.yaml's kubelet-arg.
	if got := sup.FlagValues("kubelet-arg"); len(got) != 4 || got[3] != "event-qps=0" {
		t.Errorf("k3s kubelet-arg = %v", got)
	}

	// Embedded components take their flags from the *-arg options.
	api := mustComponent(t, f, KubeAPIServer)
	if api.Source != "embedded:k3s" || api.PID != 500 || !api.Running {
		t.Errorf("apiserver source=%s pid=%d", api.Source, api.PID)
	}
	wantFlag(t, api, "anonymous-auth", "false", cfg)
	wantFlag(t, api, "request-timeout", "300s", "cmdline")
	wantFlag(t, api, "encryption-provider-config", "/var/lib/rancher/k3s/server/cred/encryption-config.json", cfg)
	if got := FlagMap(api.Flags).List("enable-admission-plugins"); len(got) != 2 || got[1] != "EventRateLimit" {
		t.Errorf("admission plugins = %v", got)
	}
	wantFlag(t, mustComponent(t, f, KubeControllerManager), "terminated-pod-gc-threshold", "10", cfg)
	mustComponent(t, f, KubeScheduler)
	mustComponent(t, f, Etcd) // cluster-init: true

	k := mustComponent(t, f, Kubelet)
	if k.Config == nil || k.Config.Defaults != "command-line" ||
		k.Config.DropInDir != "/var/lib/rancher/k3s/agent/etc/kubelet.conf.d" {
		t.Fatalf("kubelet config = %+v", k.Config)
	}
	const defaults = "drop-in:/var/lib/rancher/k3s/agent/etc/kubelet.conf.d/00-k3s-defaults.conf"
	wantSetting(t, k, "authentication.anonymous.enabled", false, defaults)
	wantSetting(t, k, "readOnlyPort", 0, defaults)
	if s := wantSetting(t, k, "eventRecordQPS", 0, "flag"); s.Origin != site {
		t.Errorf("eventRecordQPS origin = %q, want %q", s.Origin, site)
	}
	if s := wantSetting(t, k, "protectKernelDefaults", true, "flag"); s.Origin != cfg {
		t.Errorf("protectKernelDefaults origin = %q", s.Origin)
	}
	wantSetting(t, k, "streamingConnectionIdleTimeout", "5m", "flag")

	p := mustComponent(t, f, KubeProxy)
	wantSetting(t, p, "metricsBindAddress", "127.0.0.1:10249", "default")

	// write-kubeconfig-mode 0644 leaves the admin kubeconfig weak.
	admin := wantFile(t, f, "/etc/rancher/k3s/k3s.yaml", RoleAdminKubeconfig, "0644", "root", "root")
	if ModeWithin(*admin.ModeBits, 0o600) {
		t.Errorf("k3s.yaml 0644 reported within 0600")
	}
	wantFile(t, f, "/var/lib/rancher/k3s/server/cred/admin.kubeconfig", RoleAdminKubeconfig, "0600", "root", "root")
	wantFile(t, f, "/var/lib/rancher/k3s/server/db/etcd", RoleEtcdDataDir, "0700", "root", "root")
	wantFile(t, f, "/var/lib/rancher/k3s/agent/kubeproxy.kubeconfig", RoleKubeProxyKubeconfig, "0600", "root", "root")
	wantFile(t, f, "/var/lib/rancher/k3s/agent/client-ca.crt", RoleKubeletClientCA, "0644", "root", "root")
	wantFile(t, f, "/var/lib/rancher/k3s/server/tls/server-ca.key", RolePKIKey, "0600", "root", "root")
	wantFile(t, f, "/var/lib/rancher/k3s/server/cred/scheduler.kubeconfig", RoleSchedulerKubeconfig, "0600", "root", "root")
	wantFile(t, f, "/etc/systemd/system/k3s.service", RoleKubeletService, "0600", "root", "root")
	wantFile(t, f, "/var/lib/rancher/k3s/agent/etc/cni/net.d/10-flannel.conflist", RoleCNIConfig, "0600", "root", "root")
}

func TestRKE2Fixture(t *testing.T) {
	f := collectFixture(t, "rke2")
	wantProfile(t, f, "rke2")
	const R = "/var/lib/rancher/rke2"

	// Control plane from static pod manifests (no processes).
	api := mustComponent(t, f, KubeAPIServer)
	if api.Source != "manifest:"+R+"/agent/pod-manifests/kube-apiserver.yaml" || api.Running {
		t.Errorf("apiserver source = %s", api.Source)
	}
	wantFlag(t, api, "encryption-provider-config", R+"/server/cred/encryption-config.json", api.Source)
	wantFlag(t, mustComponent(t, f, KubeScheduler), "bind-address", "127.0.0.1", "")

	// etcd reads its --config-file and ignores other flags.
	etcd := mustComponent(t, f, Etcd)
	const etcdCfg = "file:" + R + "/server/db/etcd/config"
	wantFlag(t, etcd, "client-cert-auth", "true", etcdCfg)
	wantFlag(t, etcd, "peer-client-cert-auth", "true", etcdCfg)
	wantFlag(t, etcd, "peer-cert-file", R+"/server/tls/etcd/peer-server-client.crt", etcdCfg)
	wantFlag(t, etcd, "data-dir", R+"/server/db/etcd", etcdCfg)
	if etcd.ManifestPath != R+"/agent/pod-manifests/etcd.yaml" || etcd.Source != "process" {
		t.Errorf("etcd source=%s manifest=%s", etcd.Source, etcd.ManifestPath)
	}

	k := mustComponent(t, f, Kubelet)
	if k.Source != "process" || !strings.HasPrefix(k.Binary, R+"/data/") {
		t.Errorf("kubelet source=%s binary=%s", k.Source, k.Binary)
	}
	const dropIn = "drop-in:" + R + "/agent/etc/kubelet.conf.d/00-rke2-defaults.conf"
	wantSetting(t, k, "authentication.anonymous.enabled", false, dropIn)
	wantSetting(t, k, "staticPodPath", R+"/agent/pod-manifests", dropIn)
	wantSetting(t, k, "protectKernelDefaults", true, "flag")
	wantSetting(t, k, "hostnameOverride", "rke2-node1", "flag")

	p := mustComponent(t, f, KubeProxy)
	wantSetting(t, p, "clientConnection.kubeconfig", R+"/agent/kubeproxy.kubeconfig", "flag")
	wantSetting(t, p, "healthzBindAddress", "127.0.0.1", "flag")
	if p.ManifestPath != R+"/agent/pod-manifests/kube-proxy.yaml" {
		t.Errorf("kube-proxy manifestPath = %q", p.ManifestPath)
	}

	wantFile(t, f, R+"/server/db/etcd", RoleEtcdDataDir, "0700", "etcd", "etcd")
	wantFile(t, f, R+"/agent/pod-manifests/kube-apiserver.yaml", RoleAPIServerManifest, "0600", "root", "root")
	wantFile(t, f, R+"/server/cred/controller.kubeconfig", RoleControllerManagerKubeconfig, "0600", "root", "root")
	wantFile(t, f, R+"/server/tls/serving-kube-apiserver.key", "apiserver-tls-key", "0600", "root", "root")
	wantFile(t, f, "/etc/rancher/rke2/rke2.yaml", RoleAdminKubeconfig, "0600", "root", "root")
	wantFile(t, f, "/usr/local/lib/systemd/system/rke2-server.service", RoleKubeletService, "0600", "root", "root")
	wantFile(t, f, "/etc/rancher/rke2/audit-policy.yaml", "apiserver-audit-policy", "", "", "")
}

func TestEKSFixture(t *testing.T) {
	f := collectFixture(t, "eks")
	wantProfile(t, f, "eks")
	k := mustComponent(t, f, Kubelet)
	// "--config <path>" (space form).
	wantFlag(t, k, "config", "/etc/kubernetes/kubelet/kubelet-config.json", "cmdline")
	const file = "file:/etc/kubernetes/kubelet/kubelet-config.json"
	wantSetting(t, k, "authentication.anonymous.enabled", false, file)
	wantSetting(t, k, "featureGates.RotateKubeletServerCertificate", true, file)
	wantSetting(t, k, "tlsCipherSuites", []string{"TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"}, file)
	// A JSON drop-in overrides the JSON file.
	wantSetting(t, k, "eventRecordQPS", 0, "drop-in:/etc/kubernetes/kubelet/config.json.d/40-nodeadm.conf")
	wantSetting(t, k, "rotateCertificates", false, "default")
	if k.Config.Merged["maxPods"] == nil || k.Config.Merged["hairpinMode"] != "hairpin-veth" {
		t.Errorf("merged config lost keys: %v", k.Config.Merged)
	}

	p := mustComponent(t, f, KubeProxy)
	wantSetting(t, p, "metricsBindAddress", "0.0.0.0:10249", "file:/proc/2100/root/var/lib/kube-proxy-config/config")

	wantFile(t, f, "/etc/kubernetes/kubelet/kubelet-config.json", RoleKubeletConfig, "0644", "root", "root")
	wantFile(t, f, "/var/lib/kubelet/kubeconfig", RoleKubeletKubeconfig, "0644", "root", "root")
	wantFile(t, f, "/etc/kubernetes/pki/ca.crt", RoleKubeletClientCA, "0644", "root", "root")
	wantFile(t, f, "/etc/systemd/system/kubelet.service.d/30-kubelet-extra-args.conf", RoleKubeletServiceDropIn, "0644", "root", "root")
	wantFile(t, f, "/proc/2100/root/var/lib/kube-proxy/kubeconfig", RoleKubeProxyKubeconfig, "0644", "root", "root")
}

func TestGKEFixture(t *testing.T) {
	f := collectFixture(t, "gke")
	wantProfile(t, f, "gke")
	k := mustComponent(t, f, Kubelet)
	const file = "file:/home/kubernetes/kubelet-config.yaml"
	// The read-only port is open on this node: the weak setting shows.
	wantSetting(t, k, "readOnlyPort", 10255, file)
	wantSetting(t, k, "serverTLSBootstrap", true, file)
	// "--pod-max-pids -1": a negative number is a value, not a flag.
	wantSetting(t, k, "podPidsLimit", -1, "flag")
	wantFlag(t, k, "pod-max-pids", "-1", "cmdline")

	// kube-proxy runs from a shell-wrapped static pod manifest.
	p := mustComponent(t, f, KubeProxy)
	if p.Source != "manifest:/etc/kubernetes/manifests/kube-proxy.manifest" {
		t.Errorf("kube-proxy source = %s", p.Source)
	}
	wantFlag(t, p, "detect-local-mode", "NodeCIDR", "")
	if _, ok := p.Flag("2>&1"); ok || len(p.Positional) != 0 {
		t.Errorf("shell redirections leaked into kube-proxy flags: %v %v", p.Flags, p.Positional)
	}
	wantSetting(t, p, "clientConnection.kubeconfig", "/var/lib/kube-proxy/kubeconfig", "flag")

	wantFile(t, f, "/home/kubernetes/kubelet-config.yaml", RoleKubeletConfig, "0644", "root", "root")
	wantFile(t, f, "/etc/srv/kubernetes/pki/ca-certificates.crt", RoleKubeletClientCA, "0644", "root", "root")
	wantFile(t, f, "/var/lib/kube-proxy/kubeconfig", RoleKubeProxyKubeconfig, "0644", "root", "root")
	wantFile(t, f, "/etc/kubernetes/manifests/kube-proxy.manifest", RoleKubeProxyManifest, "0644", "root", "root")
	wantFile(t, f, "/var/lib/kubelet/bootstrap-kubeconfig", RoleKubeletBootstrapKubeconfig, "0600", "root", "root")
}

func TestAKSFixture(t *testing.T) {
	f := collectFixture(t, "aks")
	wantProfile(t, f, "aks")
	// No kubelet process: flags come from /etc/default/kubelet.
	k := mustComponent(t, f, Kubelet)
	const env = "env-file:/etc/default/kubelet"
	if k.Source != env || k.Running {
		t.Errorf("kubelet source=%s running=%v", k.Source, k.Running)
	}
	if s := wantSetting(t, k, "authentication.anonymous.enabled", false, "flag"); s.Origin != env {
		t.Errorf("anonymous-auth origin = %q", s.Origin)
	}
	wantSetting(t, k, "featureGates.RotateKubeletServerCertificate", true, "flag")
	wantSetting(t, k, "tlsCipherSuites", []string{"TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384"}, "flag")
	wantSetting(t, k, "rotateCertificates", true, "flag")
	if k.Config.Defaults != "command-line" {
		t.Errorf("defaults = %s", k.Config.Defaults)
	}

	p := mustComponent(t, f, KubeProxy)
	wantSetting(t, p, "metricsBindAddress", "0.0.0.0:10249", "flag")

	wantFile(t, f, "/etc/kubernetes/azure.json", RoleAzureJSON, "0600", "root", "root")
	kc := wantFile(t, f, "/var/lib/kubelet/kubeconfig", RoleKubeletKubeconfig, "0600", "root", "root")
	if !slices.Contains(kc.Roles, RoleKubeProxyKubeconfig) {
		t.Errorf("kube-proxy shares the kubelet kubeconfig on AKS; roles = %v", kc.Roles)
	}
	wantFile(t, f, "/etc/kubernetes/certs/kubeletserver.key", RoleKubeletTLSKey, "0600", "root", "root")
	wantFile(t, f, "/etc/default/kubelet", RoleKubeletEnvFile, "0644", "root", "root")
	if _, ok := f.File("/etc/default/kubeletconfig.json"); ok {
		t.Errorf("the profile's default kubelet config was recorded although the kubelet's flags are known")
	}
}

func TestForcedProfile(t *testing.T) {
	root := fixtureRoot(t, "aks")
	f, err := Collect(t.Context(), Options{Root: root, Profile: "eks", Hostname: "forced"})
	if err != nil {
		t.Fatal(err)
	}
	if f.Platform.Name != "eks" || f.Platform.Detected || f.Metadata.Hostname != "forced" {
		t.Errorf("platform %+v hostname %q", f.Platform, f.Metadata.Hostname)
	}
	f, err = Collect(t.Context(), Options{Root: root, Profile: "nonsense"})
	if err != nil {
		t.Fatal(err)
	}
	if f.Platform.Name != "generic" || !hasError(f, "", "unknown profile") {
		t.Errorf("unknown profile: platform %s errors %v", f.Platform.Name, f.Errors)
	}
}
