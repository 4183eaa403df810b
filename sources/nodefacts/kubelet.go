package nodefacts

import (
	"encoding/json"
	"path"
	"strconv"
	"strings"
)

// valueKind says how a flag value converts to a config value.
type valueKind int

const (
	kindString valueKind = iota
	kindBool
	kindInt
	kindList // comma-separated list
)

// settingSpec ties a config path to its flag and defaults.
type settingSpec struct {
	Key  string
	Flag string
	Kind valueKind
	// FileDefault applies when a --config file is given (the
	// KubeletConfiguration v1beta1 defaults); FlagDefault applies when it
	// is not (the kubelet's legacy command-line defaults). nil: no default.
	FileDefault any
	FlagDefault any
	// FlagOnly settings have no config file field.
	FlagOnly bool
}

func num(n int64) json.Number { return json.Number(strconv.FormatInt(n, 10)) }

// kubeletSettings are the settings the CIS kubelet recommendations (4.2.x,
// and the managed benchmarks' kubelet sections) need, with the kubelet's
// defaults as of Kubernetes 1.34 (pkg/kubelet/apis/config/v1beta1
// SetDefaults_KubeletConfiguration and cmd/kubelet/app/options
// applyLegacyDefaults). See docs/node-facts.md.
var kubeletSettings = []settingSpec{
	{Key: "authentication.anonymous.enabled", Flag: "anonymous-auth", Kind: kindBool, FileDefault: false, FlagDefault: true},
	{Key: "authentication.webhook.enabled", Flag: "authentication-token-webhook", Kind: kindBool, FileDefault: true, FlagDefault: false},
	{Key: "authentication.x509.clientCAFile", Flag: "client-ca-file"},
	{Key: "authorization.mode", Flag: "authorization-mode", FileDefault: "Webhook", FlagDefault: "AlwaysAllow"},
	{Key: "readOnlyPort", Flag: "read-only-port", Kind: kindInt, FileDefault: num(0), FlagDefault: num(10255)},
	{Key: "port", Flag: "port", Kind: kindInt, FileDefault: num(10250), FlagDefault: num(10250)},
	{Key: "address", Flag: "address", FileDefault: "0.0.0.0", FlagDefault: "0.0.0.0"},
	{Key: "healthzBindAddress", Flag: "healthz-bind-address", FileDefault: "127.0.0.1", FlagDefault: "127.0.0.1"},
	{Key: "healthzPort", Flag: "healthz-port", Kind: kindInt, FileDefault: num(10248), FlagDefault: num(10248)},
	{Key: "streamingConnectionIdleTimeout", Flag: "streaming-connection-idle-timeout", FileDefault: "4h0m0s", FlagDefault: "4h0m0s"},
	{Key: "makeIPTablesUtilChains", Flag: "make-iptables-util-chains", Kind: kindBool, FileDefault: true, FlagDefault: true},
	{Key: "hostnameOverride", Flag: "hostname-override", FlagOnly: true},
	{Key: "eventRecordQPS", Flag: "event-qps", Kind: kindInt, FileDefault: num(50), FlagDefault: num(50)},
	{Key: "eventBurst", Flag: "event-burst", Kind: kindInt, FileDefault: num(100), FlagDefault: num(100)},
	{Key: "tlsCertFile", Flag: "tls-cert-file"},
	{Key: "tlsPrivateKeyFile", Flag: "tls-private-key-file"},
	{Key: "tlsCipherSuites", Flag: "tls-cipher-suites", Kind: kindList},
	{Key: "tlsMinVersion", Flag: "tls-min-version"},
	{Key: "rotateCertificates", Flag: "rotate-certificates", Kind: kindBool, FileDefault: false, FlagDefault: false},
	{Key: "serverTLSBootstrap", Flag: "rotate-server-certificates", Kind: kindBool, FileDefault: false, FlagDefault: false},
	{Key: "protectKernelDefaults", Flag: "protect-kernel-defaults", Kind: kindBool, FileDefault: false, FlagDefault: false},
	{Key: "podPidsLimit", Flag: "pod-max-pids", Kind: kindInt, FileDefault: num(-1), FlagDefault: num(-1)},
	{Key: "seccompDefault", Flag: "seccomp-default", Kind: kindBool, FileDefault: false, FlagDefault: false},
	{Key: "staticPodPath", Flag: "pod-manifest-path"},
	{Key: "enableServer", Flag: "enable-server", Kind: kindBool, FileDefault: true, FlagDefault: true},
	{Key: "kubeconfig", Flag: "kubeconfig", FlagOnly: true},
	{Key: "bootstrapKubeconfig", Flag: "bootstrap-kubeconfig", FlagOnly: true},
	{Key: "certDir", Flag: "cert-dir", FlagOnly: true, FileDefault: "/var/lib/kubelet/pki", FlagDefault: "/var/lib/kubelet/pki"},
}

// featureGateDefaults are the feature gates the checks read, with their
// default in Kubernetes 1.34 (RotateKubeletServerCertificate: beta, on by
// default since 1.12).
var featureGateDefaults = map[string]bool{
	"RotateKubeletServerCertificate": true,
}

// convertFlagValue turns a flag value into the config value type. A value
// that does not parse is kept as the string given.
func convertFlagValue(v string, kind valueKind) any {
	switch kind {
	case kindBool:
		if b, err := strconv.ParseBool(v); err == nil {
			return b
		}
	case kindInt:
		if n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64); err == nil {
			return num(n)
		}
	case kindList:
		items := []any{}
		for _, s := range strings.Split(v, ",") {
			if s = strings.TrimSpace(s); s != "" {
				items = append(items, s)
			}
		}
		return items
	}
	return v
}

// configLayer is one parsed configuration file.
type configLayer struct {
	source string // "file:<path>" or "drop-in:<path>"
	data   map[string]any
}

// loadKubeletLayers reads the --config file and the --config-dir drop-ins.
// broken lists the ones that are named or exist but could not be read or
// parsed (a missing --config file, a --config-dir that cannot be walked,
// a drop-in that does not parse): the kubelet would not start with them,
// and what they set is unknown. A broken file is never used as a layer.
func (c *collector) loadKubeletLayers(cfg *EffectiveConfig, pid int) (layers []configLayer, broken []Error) {
	load := func(p, source string) {
		data, err := c.fs.readFile(p)
		var m map[string]any
		if err == nil {
			m, err = ParseKubeletConfig(data)
		}
		if err != nil {
			c.addError(p, err)
			broken = append(broken, Error{Path: p, Message: errMessage(err)})
			return
		}
		layers = append(layers, configLayer{source: source + p, data: RedactConfig(m)})
	}
	if cfg.ConfigFile != "" {
		p := c.locate(pid, cfg.ConfigFile)
		cfg.ConfigFile = p
		load(p, "file:")
	}
	if cfg.DropInDir != "" {
		dir := c.locate(pid, cfg.DropInDir)
		cfg.DropInDir = dir
		files, _, errs, _ := c.fs.walkFiles(dir, false)
		c.facts.Errors = append(c.facts.Errors, errs...)
		broken = append(broken, errs...)
		if !c.fs.isDir(dir) {
			const msg = "kubelet --config-dir is not a readable directory"
			c.addErrorMsg(dir, msg)
			broken = append(broken, Error{Path: dir, Message: msg})
		}
		for _, f := range files {
			if path.Ext(f) != ".conf" {
				continue
			}
			cfg.DropIns = append(cfg.DropIns, f)
			load(f, "drop-in:")
		}
	}
	return layers, broken
}

// kubeletConfig computes the kubelet's effective configuration: config
// file, then drop-ins (JSON merge patch, lexical order), then flags, then
// defaults for what is still unset.
//
// Nothing is defaulted that may be set where it cannot be read: when the
// config file or a drop-in is broken, every setting a flag does not set
// is "unknown" (flags override the files, so flag-set settings stay
// known); when the kubelet's own flags may be incomplete (its
// Unreadable sources: a k3s/rke2 config file, an environment file),
// every setting a flag could set and no known flag sets is "unknown" too.
func (c *collector) kubeletConfig(k *Component, dropInDefault string) *EffectiveConfig {
	flags := FlagMap(k.Flags)
	flagsUnknown := append([]Error{}, k.Unreadable...)
	cfg := &EffectiveConfig{Defaults: "command-line", Settings: map[string]Setting{}}
	cfg.ConfigFile, _ = flags.Last("config")
	cfg.DropInDir, _ = flags.Last("config-dir")
	if cfg.DropInDir == "" && dropInDefault != "" && c.fs.isDir(dropInDefault) {
		cfg.DropInDir = dropInDefault
		k.Notes = append(k.Notes, "drop-in directory "+dropInDefault+" taken from the "+c.profile.Name+" profile")
	}
	if cfg.ConfigFile != "" {
		cfg.Defaults = "config-file"
	}
	layers, broken := c.loadKubeletLayers(cfg, k.PID)
	if len(broken) > 0 {
		cfg.Unreadable = sortErrors(append([]Error{}, broken...))
		k.Unreadable = append(k.Unreadable, broken...)
	}
	merged := map[string]any{}
	for _, l := range layers {
		merged = MergePatch(merged, l.data)
	}
	if len(layers) > 0 {
		cfg.Merged = merged
	}
	fileDefaults := cfg.Defaults == "config-file"
	for _, spec := range kubeletSettings {
		var s Setting
		if !spec.FlagOnly {
			s = fromLayers(layers, merged, spec.Key)
		}
		if vals := flags[spec.Flag]; len(vals) > 0 {
			raw := vals[len(vals)-1]
			if spec.Kind == kindList {
				// A list flag (a pflag StringSlice) given twice
				// appends: every value counts, not the last.
				raw = strings.Join(vals, ",")
			}
			v := convertFlagValue(raw, spec.Kind)
			s.Value, s.Source, s.Origin = v, "flag", k.FlagSources[spec.Flag]
			s.History = append(s.History, Layer{Source: "flag", Value: v})
			if k.FlagsIncomplete {
				// A later source of flags was not read: the value
				// seen may not be the one the kubelet runs with.
				s = unknownSetting(s.History, flagsUnknown)
			}
		}
		if s.Source != "flag" && s.Source != SourceUnknown {
			var unknownBy []Error
			if !spec.FlagOnly {
				unknownBy = append(unknownBy, broken...)
			}
			if spec.Flag != "" {
				unknownBy = append(unknownBy, flagsUnknown...)
			}
			notRunning := strings.HasPrefix(k.Source, "env-file:") || strings.HasPrefix(k.Source, "profile:")
			if spec.Flag != "" && (notRunning || spec.FlagOnly && k.Source != "process" && !strings.HasPrefix(k.Source, "manifest:")) {
				// No command line of the kubelet was read: a flag-only
				// setting that no known flag sets is unknown, not unset;
				// and when the kubelet was not found running at all (its
				// systemd unit's ExecStart and Environment lines are not
				// parsed), so is every setting a flag could override.
				unknownBy = append(unknownBy, Error{Path: "kubelet command line", Message: "not read (kubelet source " + k.Source + "): flags it may carry are not known"})
			}
			if len(unknownBy) > 0 {
				s = unknownSetting(s.History, unknownBy)
			}
		}
		if s.Source == "" {
			def := spec.FlagDefault
			if fileDefaults {
				def = spec.FileDefault
			}
			s.Value, s.Source = def, "default"
			if def == nil {
				s.Source = "unset"
			}
		}
		cfg.Settings[spec.Key] = s
	}
	gatesUnknownBy := append(append([]Error{}, broken...), flagsUnknown...)
	c.featureGates(cfg, layers, merged, flags, k.FlagSources["feature-gates"], gatesUnknownBy, k.FlagsIncomplete)
	return cfg
}

// unknownSetting is a setting whose value cannot be known because the
// sources in errs could not be read. The history of the layers that
// could be read is kept.
func unknownSetting(history []Layer, errs []Error) Setting {
	return Setting{Value: nil, Source: SourceUnknown, Error: errorText(errs), History: history}
}

// fromLayers finds a setting's value in the merged file layers and the
// history of every layer that set it.
func fromLayers(layers []configLayer, merged map[string]any, key string) Setting {
	var s Setting
	for _, l := range layers {
		if v, ok := lookupPath(l.data, key); ok {
			s.History = append(s.History, Layer{Source: l.source, Value: v})
		}
	}
	if v, ok := lookupPath(merged, key); ok && v != nil {
		s.Value = v
		for i := len(s.History) - 1; i >= 0; i-- {
			if s.History[i].Value != nil {
				s.Source = s.History[i].Source
				break
			}
		}
	}
	return s
}

// featureGates records "featureGates.<Name>" for every gate set anywhere
// and for the gates the checks read. --feature-gates merges into the
// file's featureGates map, key by key. A gate --feature-gates does not set
// is unknown when a source in unknownBy could not be read.
func (c *collector) featureGates(cfg *EffectiveConfig, layers []configLayer, merged map[string]any, flags FlagMap, origin string, unknownBy []Error, flagsIncomplete bool) {
	names := map[string]bool{}
	for n := range featureGateDefaults {
		names[n] = true
	}
	if fg, ok := merged["featureGates"].(map[string]any); ok {
		for n := range fg {
			names[n] = true
		}
	}
	flagGates := flags.Gates("feature-gates")
	for n := range flagGates {
		names[n] = true
	}
	for n := range names {
		key := "featureGates." + n
		s := fromLayers(layers, merged, key)
		if v, ok := flagGates[n]; ok {
			s.Value, s.Source, s.Origin = v, "flag", origin
			s.History = append(s.History, Layer{Source: "flag", Value: v})
			if flagsIncomplete {
				s = unknownSetting(s.History, unknownBy)
			}
		} else if len(unknownBy) > 0 {
			s = unknownSetting(s.History, unknownBy)
		}
		if s.Source == "" {
			if def, ok := featureGateDefaults[n]; ok {
				s.Value, s.Source = def, "default"
			} else {
				s.Source = "unset"
			}
		}
		cfg.Settings[key] = s
	}
}

// kubeletFiles registers the files the kubelet's flags and effective
// configuration name.
func (c *collector) kubeletFiles(k *Component) {
	by := "flag:kubelet --"
	c.flagFiles(k)
	if k.Config == nil {
		return
	}
	cfg := k.Config
	if cfg.ConfigFile != "" {
		c.addFile(cfg.ConfigFile, by+"config", RoleKubeletConfig)
	}
	if cfg.DropInDir != "" {
		c.addFile(cfg.DropInDir, by+"config-dir", RoleKubeletConfigDir)
	}
	for _, d := range cfg.DropIns {
		c.addFile(d, by+"config-dir", RoleKubeletConfigDropIn)
	}
	for key, role := range map[string]string{
		"authentication.x509.clientCAFile": RoleKubeletClientCA,
		"tlsCertFile":                      RoleKubeletTLSCert,
		"tlsPrivateKeyFile":                RoleKubeletTLSKey,
		"staticPodPath":                    RoleStaticPodDir,
	} {
		s := cfg.Settings[key]
		if p, ok := s.Value.(string); ok && p != "" {
			c.addFile(c.locate(k.PID, p), "config:kubelet "+key+" ("+s.Source+")", role)
		}
	}
}

// flagFiles registers the files a component's flags name.
func (c *collector) flagFiles(comp *Component) {
	c.flagFilesExcept(comp, nil)
}

// flagFilesExcept registers the files a component's flags name, but for
// the flags in skip (flags the component ignores).
func (c *collector) flagFilesExcept(comp *Component, skip map[string]bool) {
	for flag, role := range flagFileRoles[comp.Name] {
		if skip[flag] {
			continue
		}
		for _, v := range comp.Flags[flag] {
			if v == "" || v == "true" { // a bare flag is not a path
				continue
			}
			c.addFile(c.locate(comp.PID, v), "flag:"+comp.Name+" --"+flag, role)
		}
	}
}

// locate returns the host path of a file a process names: the path itself
// when it exists on the host, else the same path inside the process's
// container (/proc/<pid>/root/...) when it exists there.
func (c *collector) locate(pid int, p string) string {
	p = cleanHostPath(p)
	if pid <= 0 || c.fs.exists(p) {
		return p
	}
	inContainer := path.Join("/proc", strconv.Itoa(pid), "root", p)
	if c.fs.exists(inContainer) {
		return inContainer
	}
	return p
}
