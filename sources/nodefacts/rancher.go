package nodefacts

import (
	"path"
	"strings"
)

// rancherArgKeys maps k3s/rke2 config keys to the embedded component whose
// flags they carry.
var rancherArgKeys = map[string]string{
	"kube-apiserver-arg":          KubeAPIServer,
	"kube-controller-manager-arg": KubeControllerManager,
	"kube-scheduler-arg":          KubeScheduler,
	"kubelet-arg":                 Kubelet,
	"kube-proxy-arg":              KubeProxy,
	"etcd-arg":                    Etcd,
}

// ParseRancherConfig parses a k3s/rke2 config.yaml into key -> values:
// a scalar gives one value, a list one value per item, a boolean
// "true"/"false". Keys keep a trailing "+" (append to the earlier value).
func ParseRancherConfig(data []byte) (map[string][]string, error) {
	m, err := ParseConfigDocument(data)
	if err != nil {
		return nil, err
	}
	out := map[string][]string{}
	for k, v := range m {
		switch t := v.(type) {
		case []any:
			vals := make([]string, 0, len(t))
			for _, item := range t {
				vals = append(vals, scalarString(item))
			}
			out[k] = vals
		default:
			out[k] = []string{scalarString(t)}
		}
	}
	return out, nil
}

// sourcedValue is one value of a supervisor option with its origin.
type sourcedValue struct {
	value, source string
}

// rancherOptions merges the supervisor's config.yaml, config.yaml.d/*.yaml
// (lexical order; "key+" appends, "key" replaces) and its command line
// (appended last, so it wins). A file that exists (or, for config.yaml,
// is named by --config) but cannot be read or parsed is recorded in
// sup.Unreadable: the options, and the flags of the components embedded
// from them, may be set there.
func (c *collector) rancherOptions(sup *Component) map[string][]sourcedValue {
	prof := profiles[sup.Name]
	cfgPath, explicit := FlagMap(sup.Flags).Last("config")
	if !explicit {
		cfgPath, explicit = FlagMap(sup.Flags).Last("c")
	}
	if cfgPath == "" {
		cfgPath, explicit = prof.RancherConfig, false
	}
	opts := map[string][]sourcedValue{}
	files := []string{cfgPath}
	dropDir := cfgPath + ".d"
	if exists, err := c.fs.lookup(dropDir); err != nil {
		c.unreadable(sup, dropDir, errMessage(err))
	} else if exists && c.fs.isDir(dropDir) {
		c.addFile(dropDir, "profile:"+sup.Name+" config", RoleRancherConfig)
		entries, err := c.fs.readDir(dropDir)
		if err != nil {
			c.unreadable(sup, dropDir, errMessage(err))
		}
		for _, e := range entries {
			if ext := path.Ext(e.Name()); !e.IsDir() && (ext == ".yaml" || ext == ".yml") {
				files = append(files, path.Join(dropDir, e.Name()))
			}
		}
	}
	for i, f := range files {
		c.addFile(f, sup.Name+" config", RoleRancherConfig)
		exists, err := c.fs.lookup(f)
		if err == nil && !exists {
			if i == 0 && explicit {
				c.unreadable(sup, f, "named by --config but does not exist")
			}
			continue
		}
		var data []byte
		if err == nil {
			data, err = c.fs.readFile(f)
		}
		var vals map[string][]string
		if err == nil {
			vals, err = ParseRancherConfig(data)
		}
		if err != nil {
			c.unreadable(sup, f, errMessage(err))
			continue
		}
		for _, k := range sortedKeys(vals) {
			key, appendMode := strings.CutSuffix(k, "+")
			var sv []sourcedValue
			for _, v := range vals[k] {
				sv = append(sv, sourcedValue{v, "file:" + f})
			}
			if appendMode {
				opts[key] = append(opts[key], sv...)
			} else {
				opts[key] = sv
			}
		}
	}
	cmdFlags, _ := ParseFlags(sup.Args)
	for _, fl := range cmdFlags {
		opts[fl.Name] = append(opts[fl.Name], sourcedValue{fl.Value, "cmdline"})
	}
	// The supervisor's own flags: file values first, then the command line.
	sup.Flags, sup.FlagSources = map[string][]string{}, map[string]string{}
	for _, k := range sortedKeys(opts) {
		for _, v := range opts[k] {
			sup.addFlags([]Flag{{Name: k, Value: v.value}}, v.source)
		}
	}
	return opts
}

// embeddedComponents lists the components a k3s/rke2 server or agent runs
// in-process (or starts itself) unless disabled.
func embeddedComponents(sup *Component, etcdDirExists bool) []string {
	flags := FlagMap(sup.Flags)
	disabled := func(n string) bool { b, _ := flags.Bool("disable-" + n); return b }
	var out []string
	if supervisorRole(sup) == "server" {
		for _, n := range []struct{ comp, flag string }{
			{KubeAPIServer, "apiserver"}, {KubeControllerManager, "controller-manager"},
			{KubeScheduler, "scheduler"},
		} {
			if !disabled(n.flag) {
				out = append(out, n.comp)
			}
		}
		ci, _ := flags.Bool("cluster-init")
		usesEtcd := ci || etcdDirExists || len(flags["etcd-arg"]) > 0 || len(flags["server"]) > 0
		if usesEtcd && len(flags["datastore-endpoint"]) == 0 && !disabled("etcd") {
			out = append(out, Etcd)
		}
	}
	out = append(out, Kubelet)
	if !disabled("kube-proxy") {
		out = append(out, KubeProxy)
	}
	return out
}

// embed creates the components the supervisor runs that were found
// neither as processes nor as static pods, with the flags from its
// "<component>-arg" options. The supervisor's unreadable configuration
// files are unreadable sources of every component embedded from them.
func (c *collector) embed(sup *Component, opts map[string][]sourcedValue, only map[string]bool) {
	etcdDir := profiles[sup.Name].RancherDataDir + "/server/db/etcd"
	want := embeddedComponents(sup, c.fs.isDir(etcdDir))
	for _, name := range want {
		if !only[name] || c.facts.Components[name] != nil {
			continue
		}
		comp := &Component{
			Name: name, Running: sup.Running, Source: "embedded:" + sup.Name,
			Binary: sup.Binary, PID: sup.PID, Args: []string{},
		}
		comp.setFlags(nil, "")
		for key, target := range rancherArgKeys {
			if target != name {
				continue
			}
			for _, v := range opts[key] {
				if fl, ok := flagItem(v.value); ok {
					comp.Args = append(comp.Args, "--"+fl.Name+"="+fl.Value)
					comp.addFlags([]Flag{fl}, v.source)
				}
			}
		}
		c.supervisorMappings(sup, comp, opts)
		comp.Args = RedactArgs(comp.Args)
		comp.Unreadable = append(comp.Unreadable, sup.Unreadable...)
		comp.Notes = append(comp.Notes, sup.Name+" runs this component with built-in arguments that are not visible here; "+
			"only the "+name+"-arg options, the mapped "+sup.Name+" options and the drop-in directory are known")
		c.facts.Components[name] = comp
	}
}

// supervisorMappings turns the few supervisor options that set an
// embedded component's flags into those flags (placed before the
// explicit *-arg values, which win).
func (c *collector) supervisorMappings(sup, comp *Component, opts map[string][]sourcedValue) {
	last := func(k string) (sourcedValue, bool) {
		v := opts[k]
		if len(v) == 0 {
			return sourcedValue{}, false
		}
		return v[len(v)-1], true
	}
	var pre []Flag
	var src string
	defer func() {
		for i := len(pre) - 1; i >= 0; i-- {
			comp.Args = append([]string{"--" + pre[i].Name + "=" + pre[i].Value}, comp.Args...)
		}
	}()
	switch comp.Name {
	case Kubelet:
		if v, ok := last("protect-kernel-defaults"); ok {
			pre, src = append(pre, Flag{"protect-kernel-defaults", v.value}), v.source
		}
	case KubeAPIServer:
		if v, ok := last("secrets-encryption"); ok && v.value == "true" {
			dataDir := profiles[sup.Name].RancherDataDir
			if d, ok := last("data-dir"); ok && d.value != "" {
				dataDir = d.value
			}
			pre, src = append(pre, Flag{"encryption-provider-config", dataDir + "/server/cred/encryption-config.json"}), v.source
		}
	}
	if len(pre) == 0 {
		return
	}
	old := comp.Flags
	oldSrc := comp.FlagSources
	comp.setFlags(pre, src)
	for _, k := range sortedKeys(old) {
		for _, v := range old[k] {
			comp.addFlags([]Flag{{k, v}}, oldSrc[k])
		}
	}
}
