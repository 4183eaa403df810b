package nodefacts

import "fmt"

// schedulerSettings are the KubeSchedulerConfiguration settings the checks
// read, with their deprecated flags, which kube-scheduler ignores when
// --config is given ("This parameter is ignored if a config file is
// specified in --config"). enableContentionProfiling defaults to the
// effective enableProfiling (v1 SetDefaults_KubeSchedulerConfiguration).
var schedulerSettings = []settingSpec{
	{Key: "enableProfiling", Flag: "profiling", Kind: kindBool, FileDefault: true},
	{Key: "enableContentionProfiling", Flag: "contention-profiling", Kind: kindBool, FileDefault: true},
	{Key: "clientConnection.kubeconfig", Flag: "kubeconfig"},
}

// schedulerAPIVersions are the KubeSchedulerConfiguration versions read.
var schedulerAPIVersions = map[string]bool{
	"kubescheduler.config.k8s.io/v1":      true,
	"kubescheduler.config.k8s.io/v1beta3": true, // removed in 1.29, still seen on older nodes
}

// ParseSchedulerConfig parses a KubeSchedulerConfiguration file
// (kubescheduler.config.k8s.io/v1 or v1beta3). Another kind or apiVersion
// is an error, as for kube-scheduler.
func ParseSchedulerConfig(data []byte) (map[string]any, error) {
	m, err := parseTypedConfig(data, "KubeSchedulerConfiguration")
	if err != nil {
		return nil, err
	}
	switch v := m["apiVersion"].(type) {
	case string:
		if !schedulerAPIVersions[v] {
			return nil, fmt.Errorf("apiVersion %q is not kubescheduler.config.k8s.io/v1 or v1beta3", v)
		}
	default:
		return nil, fmt.Errorf("apiVersion is missing or not a string, want %q", "kubescheduler.config.k8s.io/v1")
	}
	return m, nil
}

// schedulerConfig computes kube-scheduler's effective configuration when
// it has --config (nil otherwise: its flags are then its configuration).
// With --config, kube-scheduler ignores its deprecated flags --profiling,
// --contention-profiling and --kubeconfig: they are kept in the history,
// marked ignored. A config file that is missing or cannot be read or
// parsed, or a flag source that could not be read, makes the settings
// "unknown".
func (c *collector) schedulerConfig(s *Component) *EffectiveConfig {
	file, ok := s.Flag("config")
	if !ok || file == "" {
		return nil
	}
	flags := FlagMap(s.Flags)
	cfg := &EffectiveConfig{Defaults: "config-file", ConfigFile: c.locate(s.PID, file), Settings: map[string]Setting{}}
	unknownBy := append([]Error{}, s.Unreadable...)
	var layers []configLayer
	data, err := c.fs.readFile(cfg.ConfigFile)
	var m map[string]any
	if err == nil {
		m, err = ParseSchedulerConfig(data)
	}
	if err != nil {
		broken := Error{Path: cfg.ConfigFile, Message: errMessage(err)}
		cfg.Unreadable = []Error{broken}
		c.unreadable(s, broken.Path, broken.Message)
		unknownBy = append(unknownBy, broken)
	} else {
		m = RedactConfig(m)
		cfg.Merged = m
		layers = append(layers, configLayer{source: "file:" + cfg.ConfigFile, data: m})
	}
	merged := map[string]any{}
	if len(layers) > 0 {
		merged = layers[0].data
	}
	for _, spec := range schedulerSettings {
		st := fromLayers(layers, merged, spec.Key)
		if str, isStr := st.Value.(string); isStr && str == "" {
			st.Value, st.Source = nil, "" // an empty kubeconfig is unset
		}
		if vals := flags[spec.Flag]; len(vals) > 0 {
			v := convertFlagValue(vals[len(vals)-1], spec.Kind)
			st.History = append(st.History, Layer{Source: "flag", Value: v, Ignored: true})
		}
		switch {
		case len(unknownBy) > 0:
			st = unknownSetting(st.History, unknownBy)
		case st.Source == "":
			def := spec.FileDefault
			if spec.Key == "enableContentionProfiling" {
				// On by default only when profiling is enabled.
				def = cfg.Settings["enableProfiling"].Value
			}
			st.Value, st.Source = def, "default"
			if def == nil {
				st.Source = "unset"
			}
		}
		cfg.Settings[spec.Key] = st
	}
	return cfg
}

// schedulerFiles registers the files kube-scheduler's flags and
// configuration name. With --config, the kubeconfig it uses is
// clientConnection.kubeconfig, not the ignored --kubeconfig flag.
func (c *collector) schedulerFiles(s *Component) {
	if s.Config == nil {
		c.flagFiles(s)
		return
	}
	c.flagFilesExcept(s, map[string]bool{"kubeconfig": true})
	st := s.Config.Settings["clientConnection.kubeconfig"]
	if kc, ok := st.Value.(string); ok && kc != "" {
		c.addFile(c.locate(s.PID, kc), "config:kube-scheduler clientConnection.kubeconfig ("+st.Source+")", RoleSchedulerKubeconfig)
	}
}

// controllerManagerConfig handles a kube-controller-manager --config flag.
// Upstream kube-controller-manager has none (it fails with "unknown flag:
// --config"; its KubeControllerManagerConfiguration type is internal), so
// a process running with one is not an upstream build and what the file
// sets cannot be told: the component is recorded as unreadable.
func (c *collector) controllerManagerConfig(cm *Component) {
	file, ok := cm.Flag("config")
	if !ok || file == "" || file == "true" {
		return
	}
	c.unreadable(cm, c.locate(cm.PID, file),
		"kube-controller-manager has no --config flag upstream; its settings cannot be determined")
}
