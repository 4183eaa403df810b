package nodefacts

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// Options configure Collect.
type Options struct {
	// Root is the directory the host's filesystem is mounted at: "/" (the
	// default) on the node, "/host" in a pod. Everything, /proc included,
	// is read under it. Reading other processes' /proc/<pid>/root needs
	// the host's PID namespace.
	Root string
	// Profile forces a platform profile (kubeadm, k3s, rke2, eks, gke,
	// aks, generic); "" detects it.
	Profile string
	// Hostname overrides the hostname recorded; by default
	// <root>/etc/hostname, else (Root "/") the kernel's.
	Hostname string
	// PIDs, when set, limits the processes considered to these (for tests
	// and diagnosis on a host running several control planes).
	PIDs []int
	// NodeName is the node's name in the cluster when it differs from the
	// hostname; by default the hostname.
	NodeName string
	// Now returns the collection time; default time.Now.
	Now func() time.Time
	// MaxFileSize caps every file read; default DefaultMaxFileSize.
	MaxFileSize int64
	// ToolVersion overrides the package-level ToolVersion.
	ToolVersion string
}

// collector holds the state of one collection.
type collector struct {
	opts    Options
	fs      *hostFS
	facts   *Facts
	users   map[uint32]string
	groups  map[uint32]string
	files   map[string]*fileRequest
	profile Profile
	// manifestEnv holds the environment of the container of each
	// component whose flags came from a static pod manifest.
	manifestEnv map[string][]ManifestEnvVar
}

// Collect gathers the node facts under opts.Root. It fails only when the
// root cannot be read at all or ctx ends; every other problem is recorded
// in the document's errors.
func Collect(ctx context.Context, opts Options) (*Facts, error) {
	if opts.Root == "" {
		opts.Root = "/"
	}
	root, err := filepath.Abs(opts.Root)
	if err != nil {
		return nil, err
	}
	if fi, err := os.Stat(root); err != nil {
		return nil, fmt.Errorf("node root: %w", err)
	} else if !fi.IsDir() {
		return nil, fmt.Errorf("node root %s is not a directory", root)
	}
	now := time.Now
	if opts.Now != nil {
		now = opts.Now
	}
	version := ToolVersion
	if opts.ToolVersion != "" {
		version = opts.ToolVersion
	}
	c := &collector{
		opts:  opts,
		fs:    newHostFS(root, opts.MaxFileSize),
		files: map[string]*fileRequest{},
		facts: &Facts{
			APIVersion: APIVersion,
			Kind:       Kind,
			Metadata: Metadata{
				CollectedAt: now().UTC().Truncate(time.Second),
				Root:        root,
				ToolVersion: version,
			},
			Components: map[string]*Component{},
		},
	}
	c.users = c.loadIDs("/etc/passwd")
	c.groups = c.loadIDs("/etc/group")

	procs := c.scanProcesses(ctx)
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	c.componentsFromProcesses(procs)
	c.profile = c.detectProfile()
	c.components()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	c.componentFiles()
	c.profileFiles()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	c.facts.Files = c.statFiles()
	c.facts.Metadata.Hostname = c.hostname()
	c.facts.Metadata.Name = c.facts.Metadata.Hostname
	if c.opts.NodeName != "" {
		c.facts.Metadata.Name = c.opts.NodeName
	}
	redactFacts(c.facts)
	c.facts.normalize()
	return c.facts, nil
}

// components completes the components found as processes: the k3s/rke2
// supervisor's embedded components, the kubelet (from its process, env
// files or the profile), static pods, etcd's environment and config file,
// and the effective configurations.
func (c *collector) components() {
	comps := c.facts.Components
	var sup *Component
	var supOpts map[string][]sourcedValue
	for _, n := range []string{K3s, RKE2} {
		if s := comps[n]; s != nil {
			sup, supOpts = s, c.rancherOptions(s)
			break
		}
	}
	if sup != nil {
		c.embed(sup, supOpts, map[string]bool{Kubelet: true})
	}
	var envUnreadable []Error
	if comps[Kubelet] == nil {
		envUnreadable = c.kubeletFromEnvFiles()
	}
	if comps[Kubelet] == nil {
		c.kubeletFromProfile()
	}
	if k := comps[Kubelet]; k != nil && len(envUnreadable) > 0 {
		// An environment file that could not be read may hold its flags.
		k.Unreadable = append(k.Unreadable, envUnreadable...)
	}
	if k := comps[Kubelet]; k != nil {
		dropIn := ""
		if strings.HasPrefix(k.Source, "embedded:") && len(c.profile.KubeletConfigDir) > 0 {
			dropIn = c.profile.KubeletConfigDir[0]
		}
		k.Config = c.kubeletConfig(k, dropIn)
	}
	// Static pods: the kubelet's staticPodPath, else the profile's.
	dirs, by := c.profile.ManifestDirs, "profile:"+c.profile.Name
	if k := comps[Kubelet]; k != nil {
		if s, ok := k.Setting("staticPodPath"); ok {
			if p, isStr := s.Value.(string); isStr && p != "" {
				dirs, by = []string{c.locate(k.PID, p)}, "config:kubelet staticPodPath ("+s.Source+")"
			} else if s.Source == SourceUnknown {
				by += " (kubelet staticPodPath unknown)"
			}
		}
	}
	for _, d := range dirs {
		c.staticPods(d, by)
	}
	if sup != nil {
		c.embed(sup, supOpts, map[string]bool{KubeAPIServer: true, KubeControllerManager: true,
			KubeScheduler: true, Etcd: true, KubeProxy: true})
	}
	if a := comps[KubeAPIServer]; a != nil {
		c.apiserverPolicies(a)
	}
	if e := comps[Etcd]; e != nil {
		c.etcdEnvironment(e)
		c.etcdConfigFile(e)
	}
	if cm := comps[KubeControllerManager]; cm != nil {
		c.controllerManagerConfig(cm)
	}
	if s := comps[KubeScheduler]; s != nil {
		s.Config = c.schedulerConfig(s)
	}
	if p := comps[KubeProxy]; p != nil {
		p.Config = c.proxyConfig(p)
	}
}

// kubeletFromEnvFiles builds a kubelet that is not running from the flags
// kept in the profile's environment files (AKS /etc/default/kubelet,
// kubeadm-flags.env). It returns the environment files that exist but
// could not be read: the kubelet's flags may be in them.
func (c *collector) kubeletFromEnvFiles() (unreadable []Error) {
	for _, f := range c.profile.KubeletEnvFiles {
		exists, err := c.fs.lookup(f)
		if err == nil && exists {
			var data []byte
			if data, err = c.fs.readFile(f); err == nil {
				if c.kubeletFromEnvFile(f, data) {
					return unreadable
				}
				continue
			}
		}
		if err != nil {
			c.addError(f, err)
			unreadable = append(unreadable, Error{Path: f, Message: errMessage(err)})
		}
	}
	return unreadable
}

// kubeletFromEnvFile builds the kubelet from one environment file; false
// when the file holds no flags.
func (c *collector) kubeletFromEnvFile(f string, data []byte) bool {
	env := ParseEnvFile(data)
	var args []string
	for _, k := range sortedKeys(env) {
		if strings.Contains(env[k], "--") {
			args = append(args, SplitShellWords(env[k])...)
		}
	}
	flags, _ := ParseFlags(args)
	if len(flags) == 0 {
		return false
	}
	k := &Component{Name: Kubelet, Source: "env-file:" + f, Args: RedactArgs(args)}
	k.setFlags(flags, "env-file:"+f)
	k.Notes = append(k.Notes, "no kubelet process found; flags are from "+f)
	c.facts.Components[Kubelet] = k
	return true
}

// kubeletFromProfile builds a kubelet that is not running from the
// profile's default config file, when it exists.
func (c *collector) kubeletFromProfile() {
	for _, f := range c.profile.KubeletConfig {
		if c.fs.exists(f) {
			k := &Component{Name: Kubelet, Source: "profile:" + c.profile.Name}
			k.setFlags([]Flag{{Name: "config", Value: f}}, "profile:"+c.profile.Name)
			k.Notes = append(k.Notes, "no kubelet process found; configuration is the profile's default file "+f)
			c.facts.Components[Kubelet] = k
			return
		}
	}
}

// componentFiles registers the files every component's flags and
// configuration name.
func (c *collector) componentFiles() {
	for _, name := range sortedKeys(c.facts.Components) {
		comp := c.facts.Components[name]
		switch name {
		case Kubelet:
			c.kubeletFiles(comp)
		case KubeProxy:
			c.proxyFiles(comp)
		case KubeScheduler:
			c.schedulerFiles(comp)
		default:
			c.flagFiles(comp)
		}
	}
}

// profileFiles registers the profile's locations: default files for
// roles no flag named, fixed files, PKI and CNI trees, service units.
func (c *collector) profileFiles() {
	p := c.profile
	by := "profile:" + p.Name
	comps := c.facts.Components
	slots := []struct {
		role  string
		paths []string
		use   bool
	}{
		{RoleKubeletConfig, p.KubeletConfig, !flagsKnown(comps[Kubelet])},
		{RoleKubeletKubeconfig, p.KubeletKubeconfig, !flagsKnown(comps[Kubelet])},
		{RoleKubeletClientCA, p.KubeletClientCA, !flagsKnown(comps[Kubelet])},
		{RoleKubeProxyKubeconfig, p.ProxyKubeconfig, true},
		{RoleKubeProxyConfig, p.ProxyConfig, comps[KubeProxy] == nil},
		{RoleEtcdDataDir, p.EtcdDataDir, true},
		// With --config the scheduler's kubeconfig is the one its config
		// names; when that is unknown or unset, no default stands in.
		{RoleSchedulerKubeconfig, p.SchedulerKubecfg, comps[KubeScheduler] == nil || comps[KubeScheduler].Config == nil},
		{RoleControllerManagerKubeconfig, p.ControllerKubecfg, true},
	}
	for _, s := range slots {
		if !s.use || len(s.paths) == 0 || c.hasRole(s.role) {
			continue
		}
		found := false
		for _, f := range s.paths {
			if c.fs.exists(f) {
				c.addFile(f, by+" default", s.role)
				found = true
			}
		}
		if !found {
			c.addFile(s.paths[0], by+" default", s.role)
		}
	}
	for _, f := range p.Fixed {
		c.addFile(f.Path, by, f.Roles...)
	}
	for _, d := range p.PKIDirs {
		c.addTree(d, by+" pki", RolePKIDir, pkiRoles)
	}
	for _, d := range p.CNIConfigDirs {
		c.addTree(d, by+" cni", RoleCNIConfigDir, func(string) []string { return []string{RoleCNIConfig} })
	}
	for _, f := range p.KubeletEnvFiles {
		if c.fs.exists(f) {
			c.addFile(f, by, RoleKubeletEnvFile)
		}
	}
	if p.RancherConfig != "" && !c.hasRole(RoleRancherConfig) {
		c.addFile(p.RancherConfig, by, RoleRancherConfig)
	}
	c.systemdUnits(p.ServiceUnits)
}

// flagsKnown reports whether a component's full command line is known
// (from its process, static pod manifest or environment file), so the
// files it uses are named by its flags rather than guessed from the
// profile.
func flagsKnown(comp *Component) bool {
	if comp == nil {
		return false
	}
	return comp.Source == "process" || strings.HasPrefix(comp.Source, "manifest:") ||
		strings.HasPrefix(comp.Source, "env-file:")
}

// loadIDs reads <root>/etc/passwd or /etc/group. Names are never looked up
// through the collecting process's own NSS.
func (c *collector) loadIDs(p string) map[uint32]string {
	data, err := c.fs.readFile(p)
	if err != nil {
		c.addError(p, err)
		return map[uint32]string{}
	}
	return parseIDFile(data)
}

// hostname picks the recorded hostname.
func (c *collector) hostname() string {
	if c.opts.Hostname != "" {
		return c.opts.Hostname
	}
	if data, err := c.fs.readFile("/etc/hostname"); err == nil {
		if h := strings.TrimSpace(strings.SplitN(string(data), "\n", 2)[0]); h != "" {
			return h
		}
	}
	if c.fs.root == "/" {
		if h, err := os.Hostname(); err == nil {
			return h
		}
	}
	return ""
}

// addError records an error (a missing file is recorded too: callers
// decide whether absence is worth reporting).
func (c *collector) addError(p string, err error) {
	if err == nil {
		return
	}
	c.addErrorMsg(p, errMessage(err))
}

func (c *collector) addErrorMsg(p, msg string) {
	c.facts.Errors = append(c.facts.Errors, Error{Path: p, Message: msg})
}

// unreadable records a configuration source of comp that exists or is
// named but could not be read or parsed, in comp.Unreadable and in the
// document's errors.
func (c *collector) unreadable(comp *Component, p, msg string) {
	comp.Unreadable = append(comp.Unreadable, Error{Path: p, Message: msg})
	c.addErrorMsg(p, msg)
}
