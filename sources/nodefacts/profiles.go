package nodefacts

import (
	"sort"
	"strings"
)

// Profile lists where a platform keeps the files the CIS recommendations
// name. Slot lists (KubeletConfig, ...) are used only when no flag or
// config file names the file; Fixed files are always recorded.
type Profile struct {
	Name string
	// Default locations, in order of preference.
	KubeletConfig      []string
	KubeletConfigDir   []string
	KubeletKubeconfig  []string
	KubeletClientCA    []string
	ManifestDirs       []string
	EtcdDataDir        []string
	ProxyConfig        []string
	ProxyKubeconfig    []string
	SchedulerKubecfg   []string
	ControllerKubecfg  []string
	PKIDirs            []string
	CNIConfigDirs      []string
	KubeletEnvFiles    []string // files holding kubelet flags (KEY="--a=b ...")
	ServiceUnits       []string // systemd units running the kubelet
	RancherConfig      string   // k3s/rke2 config.yaml
	RancherDataDir     string
	Fixed              []FixedFile
	markers            []marker
	kubeletLabelPrefix string // node label prefix the platform's kubelet sets
}

// FixedFile is a path a profile always records, with its roles.
type FixedFile struct {
	Path  string
	Roles []string
}

// marker is detection evidence: a path whose existence points at a profile.
type marker struct {
	path   string
	weight int
}

// systemdDirs are searched for kubelet service units and their drop-ins.
var systemdDirs = []string{
	"/etc/systemd/system", "/lib/systemd/system", "/usr/lib/systemd/system",
	"/usr/local/lib/systemd/system", "/run/systemd/system",
}

var commonCNI = []string{"/etc/cni/net.d"}

var kubeadmLike = Profile{
	KubeletConfig:     []string{"/var/lib/kubelet/config.yaml"},
	KubeletKubeconfig: []string{"/etc/kubernetes/kubelet.conf"},
	KubeletClientCA:   []string{"/etc/kubernetes/pki/ca.crt"},
	ManifestDirs:      []string{"/etc/kubernetes/manifests"},
	EtcdDataDir:       []string{"/var/lib/etcd"},
	ProxyConfig:       []string{"/var/lib/kube-proxy/config.conf"},
	ProxyKubeconfig:   []string{"/var/lib/kube-proxy/kubeconfig.conf"},
	SchedulerKubecfg:  []string{"/etc/kubernetes/scheduler.conf"},
	ControllerKubecfg: []string{"/etc/kubernetes/controller-manager.conf"},
	PKIDirs:           []string{"/etc/kubernetes/pki"},
	CNIConfigDirs:     commonCNI,
	KubeletEnvFiles:   []string{"/var/lib/kubelet/kubeadm-flags.env", "/etc/default/kubelet", "/etc/sysconfig/kubelet"},
	ServiceUnits:      []string{"kubelet.service"},
	Fixed: []FixedFile{
		{"/etc/kubernetes/admin.conf", []string{RoleAdminKubeconfig}},
		{"/etc/kubernetes/super-admin.conf", []string{RoleAdminKubeconfig, RoleSuperAdminKubeconfig}},
	},
}

// profiles are the known platforms, in tie-break order.
var profiles = map[string]Profile{
	"kubeadm": withName("kubeadm", kubeadmLike, []marker{
		{"/var/lib/kubelet/kubeadm-flags.env", 4},
		{"/etc/kubernetes/manifests", 2},
		{"/etc/kubernetes/admin.conf", 2},
		{"/etc/kubernetes/kubelet.conf", 2},
		{"/var/lib/kubelet/config.yaml", 2},
	}),
	"k3s":  rancherProfile("k3s", "/var/lib/rancher/k3s", "/etc/rancher/k3s", "k3s.yaml", commonCNI[:0]),
	"rke2": rancherProfile("rke2", "/var/lib/rancher/rke2", "/etc/rancher/rke2", "rke2.yaml", commonCNI),
	"eks": {
		Name:              "eks",
		KubeletConfig:     []string{"/etc/kubernetes/kubelet/kubelet-config.json", "/etc/kubernetes/kubelet/config.json"},
		KubeletConfigDir:  []string{"/etc/kubernetes/kubelet/config.json.d"},
		KubeletKubeconfig: []string{"/var/lib/kubelet/kubeconfig"},
		KubeletClientCA:   []string{"/etc/kubernetes/pki/ca.crt"},
		ProxyConfig:       []string{"/var/lib/kube-proxy-config/config"},
		ProxyKubeconfig:   []string{"/var/lib/kube-proxy/kubeconfig"},
		PKIDirs:           []string{"/etc/kubernetes/pki"},
		CNIConfigDirs:     commonCNI,
		KubeletEnvFiles:   []string{"/etc/eks/kubelet/environment"},
		ServiceUnits:      []string{"kubelet.service"},
		markers: []marker{
			{"/etc/kubernetes/kubelet/kubelet-config.json", 5},
			{"/etc/kubernetes/kubelet/config.json", 4},
			{"/etc/eks", 3},
		},
		kubeletLabelPrefix: "eks.amazonaws.com/",
	},
	"gke": {
		Name:              "gke",
		KubeletConfig:     []string{"/home/kubernetes/kubelet-config.yaml"},
		KubeletKubeconfig: []string{"/var/lib/kubelet/kubeconfig"},
		KubeletClientCA:   []string{"/etc/srv/kubernetes/pki/ca-certificates.crt"},
		ProxyKubeconfig:   []string{"/var/lib/kube-proxy/kubeconfig"},
		ManifestDirs:      []string{"/etc/kubernetes/manifests"},
		PKIDirs:           []string{"/etc/srv/kubernetes/pki"},
		CNIConfigDirs:     commonCNI,
		ServiceUnits:      []string{"kubelet.service"},
		Fixed: []FixedFile{
			{"/var/lib/kubelet/bootstrap-kubeconfig", []string{RoleKubeletBootstrapKubeconfig}},
		},
		markers: []marker{
			{"/home/kubernetes/kubelet-config.yaml", 5},
			{"/home/kubernetes/bin/kubelet", 4},
			{"/etc/srv/kubernetes", 2},
		},
		kubeletLabelPrefix: "cloud.google.com/gke-",
	},
	"aks": {
		Name:              "aks",
		KubeletConfig:     []string{"/etc/default/kubeletconfig.json"},
		KubeletKubeconfig: []string{"/var/lib/kubelet/kubeconfig"},
		KubeletClientCA:   []string{"/etc/kubernetes/certs/ca.crt"},
		ProxyKubeconfig:   []string{"/var/lib/kubelet/kubeconfig"},
		PKIDirs:           []string{"/etc/kubernetes/certs"},
		CNIConfigDirs:     commonCNI,
		KubeletEnvFiles:   []string{"/etc/default/kubelet"},
		ServiceUnits:      []string{"kubelet.service"},
		Fixed: []FixedFile{
			{"/etc/kubernetes/azure.json", []string{RoleAzureJSON}},
			{"/var/lib/kubelet/bootstrap-kubeconfig", []string{RoleKubeletBootstrapKubeconfig}},
		},
		markers: []marker{
			{"/etc/kubernetes/azure.json", 5},
			{"/etc/default/kubeletconfig.json", 3},
			{"/etc/default/kubelet", 1},
		},
		kubeletLabelPrefix: "kubernetes.azure.com/",
	},
	"generic": withName("generic", kubeadmLike, nil),
}

// profileOrder breaks ties between equally supported profiles.
var profileOrder = []string{"k3s", "rke2", "eks", "gke", "aks", "kubeadm"}

// ProfileNames returns the names Options.Profile accepts.
func ProfileNames() []string {
	return sortedKeys(profiles)
}

// LookupProfile returns a platform profile's default locations.
func LookupProfile(name string) (Profile, bool) {
	p, ok := profiles[name]
	return p, ok
}

func withName(name string, p Profile, m []marker) Profile {
	p.Name = name
	p.markers = m
	return p
}

func rancherProfile(name, data, etc, adminFile string, cni []string) Profile {
	p := Profile{
		Name:              name,
		KubeletConfigDir:  []string{data + "/agent/etc/kubelet.conf.d"},
		KubeletKubeconfig: []string{data + "/agent/kubelet.kubeconfig"},
		KubeletClientCA:   []string{data + "/agent/client-ca.crt"},
		ManifestDirs:      []string{data + "/agent/pod-manifests"},
		EtcdDataDir:       []string{data + "/server/db/etcd"},
		ProxyKubeconfig:   []string{data + "/agent/kubeproxy.kubeconfig"},
		SchedulerKubecfg:  []string{data + "/server/cred/scheduler.kubeconfig"},
		ControllerKubecfg: []string{data + "/server/cred/controller.kubeconfig"},
		PKIDirs:           []string{data + "/server/tls"},
		CNIConfigDirs:     append(append([]string{}, cni...), data+"/agent/etc/cni/net.d"),
		ServiceUnits:      []string{name + ".service", name + "-server.service", name + "-agent.service"},
		RancherConfig:     etc + "/config.yaml",
		RancherDataDir:    data,
		Fixed: []FixedFile{
			{etc + "/" + adminFile, []string{RoleAdminKubeconfig}},
			{data + "/server/cred/admin.kubeconfig", []string{RoleAdminKubeconfig}},
		},
		markers: []marker{{data, 5}, {etc, 3}},
	}
	return p
}

// detectProfile weighs the evidence for every profile and returns the
// best supported one ("generic" when there is none).
func (c *collector) detectProfile() Profile {
	if c.opts.Profile != "" {
		p, ok := profiles[c.opts.Profile]
		if !ok {
			c.addErrorMsg("", "unknown profile "+c.opts.Profile+"; using generic")
			p = profiles["generic"]
		}
		c.facts.Platform = Platform{Name: p.Name, Detected: false,
			Evidence: []Evidence{{Profile: p.Name, Kind: "forced", Detail: "Options.Profile", Weight: 0}}}
		return p
	}
	var ev []Evidence
	for _, name := range profileOrder {
		p := profiles[name]
		for _, m := range p.markers {
			if c.fs.exists(m.path) {
				ev = append(ev, Evidence{Profile: name, Kind: "path", Detail: m.path, Weight: m.weight})
			}
		}
	}
	for _, comp := range c.facts.Components {
		switch comp.Name {
		case K3s, RKE2:
			ev = append(ev, Evidence{Profile: comp.Name, Kind: "process",
				Detail: strings.TrimSpace(comp.Binary + " " + supervisorRole(comp)), Weight: 10})
		case Kubelet:
			ev = append(ev, kubeletEvidence(comp)...)
		}
	}
	score := map[string]int{}
	for _, e := range ev {
		score[e.Profile] += e.Weight
	}
	best := "generic"
	for _, name := range profileOrder {
		if score[name] > score[best] {
			best = name
		}
	}
	c.facts.Platform = Platform{Name: best, Detected: best != "generic", Evidence: ev}
	return profiles[best]
}

// kubeletEvidence looks at the kubelet's binary path, --config and node
// labels.
func kubeletEvidence(k *Component) []Evidence {
	var ev []Evidence
	switch {
	case strings.HasPrefix(k.Binary, "/var/lib/rancher/rke2/"):
		ev = append(ev, Evidence{Profile: "rke2", Kind: "process", Detail: "kubelet binary " + k.Binary, Weight: 8})
	case strings.HasPrefix(k.Binary, "/home/kubernetes/bin/"):
		ev = append(ev, Evidence{Profile: "gke", Kind: "process", Detail: "kubelet binary " + k.Binary, Weight: 4})
	}
	if cfg, ok := k.Flag("config"); ok {
		for _, name := range profileOrder {
			for _, p := range profiles[name].KubeletConfig {
				if cfg == p && name != "kubeadm" {
					ev = append(ev, Evidence{Profile: name, Kind: "kubelet-flag", Detail: "--config=" + cfg, Weight: 4})
				}
			}
		}
	}
	labels := FlagMap(k.Flags).List("node-labels")
	seen := map[string]bool{}
	for _, name := range profileOrder {
		prefix := profiles[name].kubeletLabelPrefix
		if prefix == "" {
			continue
		}
		for _, l := range labels {
			if strings.HasPrefix(l, prefix) && !seen[name] {
				seen[name] = true
				key, _, _ := strings.Cut(l, "=")
				ev = append(ev, Evidence{Profile: name, Kind: "kubelet-flag", Detail: "--node-labels " + key, Weight: 5})
			}
		}
	}
	sort.Slice(ev, func(i, j int) bool { return ev[i].Detail < ev[j].Detail })
	return ev
}
