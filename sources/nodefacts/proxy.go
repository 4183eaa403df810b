package nodefacts

// proxySettings are the kube-proxy settings the checks read, with the
// KubeProxyConfiguration defaults of Kubernetes 1.34 (IPv4 node).
var proxySettings = []settingSpec{
	{Key: "clientConnection.kubeconfig", Flag: "kubeconfig"},
	{Key: "metricsBindAddress", Flag: "metrics-bind-address", FileDefault: "127.0.0.1:10249"},
	{Key: "healthzBindAddress", Flag: "healthz-bind-address", FileDefault: "0.0.0.0:10256"},
	{Key: "bindAddress", Flag: "bind-address", FileDefault: "0.0.0.0"},
	{Key: "mode", Flag: "proxy-mode", FileDefault: "iptables"},
	{Key: "hostnameOverride", Flag: "hostname-override"},
	{Key: "clusterCIDR", Flag: "cluster-cidr"},
	{Key: "enableProfiling", Flag: "profiling", Kind: kindBool, FileDefault: false},
}

// proxyFlagsHonouredWithConfig are the flags kube-proxy applies even when
// --config is given; every other flag is ignored then.
var proxyFlagsHonouredWithConfig = map[string]bool{"hostname-override": true}

// proxyConfig computes kube-proxy's effective configuration. Unlike the
// kubelet, kube-proxy ignores (almost all) command-line flags when a
// --config file is given; such flags are kept in the history, marked
// ignored. Empty strings in the file count as unset, as kube-proxy's
// defaulting treats them.
//
// A --config file that is missing or cannot be read or parsed makes every
// setting "unknown" but --hostname-override from a flag (kube-proxy would
// not start; nothing is defaulted). So does a flag source of kube-proxy
// that could not be read (a k3s/rke2 config file): --config itself may be
// set there.
func (c *collector) proxyConfig(p *Component) *EffectiveConfig {
	flags := FlagMap(p.Flags)
	flagsUnknown := append([]Error{}, p.Unreadable...)
	cfg := &EffectiveConfig{Defaults: "command-line", Settings: map[string]Setting{}}
	var layers []configLayer
	var broken []Error
	if file, ok := flags.Last("config"); ok && file != "" {
		cfg.Defaults = "config-file"
		cfg.ConfigFile = c.locate(p.PID, file)
		data, err := c.fs.readFile(cfg.ConfigFile)
		var m map[string]any
		if err == nil {
			m, err = ParseKubeProxyConfig(data)
		}
		if err != nil {
			c.addError(cfg.ConfigFile, err)
			broken = append(broken, Error{Path: cfg.ConfigFile, Message: errMessage(err)})
			cfg.Unreadable = append([]Error{}, broken...)
			p.Unreadable = append(p.Unreadable, broken...)
		} else {
			m = RedactConfig(m)
			layers = append(layers, configLayer{source: "file:" + cfg.ConfigFile, data: m})
			cfg.Merged = m
		}
	}
	merged := map[string]any{}
	if len(layers) > 0 {
		merged = layers[0].data
	}
	for _, spec := range proxySettings {
		s := fromLayers(layers, merged, spec.Key)
		if str, isStr := s.Value.(string); isStr && str == "" {
			s.Value, s.Source = nil, ""
		}
		if vals := flags[spec.Flag]; len(vals) > 0 {
			v := convertFlagValue(vals[len(vals)-1], spec.Kind)
			ignored := cfg.ConfigFile != "" && !proxyFlagsHonouredWithConfig[spec.Flag]
			s.History = append(s.History, Layer{Source: "flag", Value: v, Ignored: ignored})
			if !ignored {
				s.Value, s.Source, s.Origin = v, "flag", p.FlagSources[spec.Flag]
			}
		}
		if s.Source != "flag" {
			if unknownBy := append(append([]Error{}, broken...), flagsUnknown...); len(unknownBy) > 0 {
				s = unknownSetting(s.History, unknownBy)
			}
		}
		if s.Source == "" {
			s.Value, s.Source = spec.FileDefault, "default"
			if spec.FileDefault == nil {
				s.Source = "unset"
			}
		}
		cfg.Settings[spec.Key] = s
	}
	return cfg
}

// proxyFiles registers kube-proxy's config file and kubeconfig.
func (c *collector) proxyFiles(p *Component) {
	c.flagFiles(p)
	if p.Config == nil {
		return
	}
	if p.Config.ConfigFile != "" {
		c.addFile(p.Config.ConfigFile, "flag:kube-proxy --config", RoleKubeProxyConfig)
	}
	s := p.Config.Settings["clientConnection.kubeconfig"]
	if kc, ok := s.Value.(string); ok && kc != "" {
		c.addFile(c.locate(p.PID, kc), "config:kube-proxy clientConnection.kubeconfig ("+s.Source+")", RoleKubeProxyKubeconfig)
	}
}
