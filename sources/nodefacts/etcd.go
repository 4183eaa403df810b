package nodefacts

import (
	"errors"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
)

// etcdEnvPrefix starts the environment variables etcd reads as flags.
const etcdEnvPrefix = "ETCD_"

// etcdEnvFlag maps an etcd environment variable to the flag it sets, as
// etcd's flags.SetFlagsFromEnv does: ETCD_CLIENT_CERT_AUTH ->
// client-cert-auth. ok is false for any other variable.
func etcdEnvFlag(name string) (flag string, ok bool) {
	rest, found := strings.CutPrefix(name, etcdEnvPrefix)
	if !found || rest == "" {
		return "", false
	}
	return strings.ReplaceAll(strings.ToLower(rest), "_", "-"), true
}

// parseEnviron parses /proc/<pid>/environ (NUL-separated NAME=value) and
// keeps only the ETCD_* variables: nothing else of a process's
// environment is ever kept.
func parseEnviron(data []byte) map[string]string {
	out := map[string]string{}
	for _, kv := range strings.Split(string(data), "\x00") {
		name, value, ok := strings.Cut(kv, "=")
		if !ok || !strings.HasPrefix(name, etcdEnvPrefix) {
			continue
		}
		out[name] = value
	}
	return out
}

// etcdEnvironment adds the flags etcd takes from its ETCD_* environment
// variables: those of the process (/proc/<pid>/environ), or of the static
// pod manifest's container when no process was found. A flag given on the
// command line shadows its variable, as in etcd; a --config-file (applied
// after this) overrides both. Flags from the environment have the source
// "env:<path>". An environment that exists but cannot be read is recorded
// as unreadable: a flag not on the command line may be set in it.
func (c *collector) etcdEnvironment(e *Component) {
	env := map[string]string{}
	var src string
	switch {
	case e.Source == "process" && e.PID > 0:
		p := path.Join("/proc", strconv.Itoa(e.PID), "environ")
		data, err := c.fs.readFile(p)
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) || processVanished(err) {
				return // no environment to read (or the process is gone)
			}
			c.unreadable(e, p, errMessage(err))
			return
		}
		env, src = parseEnviron(data), "env:"+p
	case strings.HasPrefix(e.Source, "manifest:"):
		file := strings.TrimPrefix(e.Source, "manifest:")
		src = "env:" + file
		for _, v := range c.manifestEnv[Etcd] {
			if !strings.HasPrefix(v.Name, etcdEnvPrefix) {
				continue
			}
			if v.ValueFrom != nil {
				c.unreadable(e, file, "environment variable "+v.Name+" is set from valueFrom; its value cannot be read from the manifest")
				continue
			}
			env[v.Name] = v.Value // a later entry wins, as in a pod
		}
	default:
		return
	}
	names := make([]string, 0, len(env))
	for n := range env {
		names = append(names, n)
	}
	sort.Strings(names)
	var flags []Flag
	for _, n := range names {
		flag, ok := etcdEnvFlag(n)
		if !ok {
			continue
		}
		if _, onCmdline := e.Flags[flag]; onCmdline {
			continue // shadowed by the flag
		}
		flags = append(flags, Flag{Name: flag, Value: env[n]})
	}
	if len(flags) > 0 {
		e.addFlags(flags, src)
	}
}

// etcdSecurityKeys maps etcd config-file transport security keys to flags.
var etcdSecurityKeys = []string{"cert-file", "key-file", "client-cert-auth", "trusted-ca-file", "auto-tls"}

// etcdConfigFile applies etcd's --config-file: etcd then ignores its other
// command-line flags (and environment), so the file's settings replace
// them. When the file cannot be read or parsed, what etcd runs with is
// unknown: only --config-file is kept and the file is recorded as
// unreadable.
func (c *collector) etcdConfigFile(e *Component) {
	file, ok := e.Flag("config-file")
	if !ok || file == "" {
		return
	}
	file = c.locate(e.PID, file)
	cfgSrc := e.FlagSources["config-file"]
	data, err := c.fs.readFile(file)
	var m map[string]any
	if err == nil {
		m, err = ParseConfigDocument(data)
	}
	if err != nil {
		e.setFlags([]Flag{{Name: "config-file", Value: file}}, cfgSrc)
		c.unreadable(e, file, errMessage(err))
		e.Notes = append(e.Notes, "etcd ignores other command-line flags when --config-file is given, and "+file+
			" could not be read: its settings are unknown")
		return
	}
	src := "file:" + file
	var flags []Flag
	for _, k := range sortedKeys(m) {
		switch v := m[k].(type) {
		case map[string]any:
			prefix := ""
			switch k {
			case "client-transport-security":
			case "peer-transport-security":
				prefix = "peer-"
			default:
				continue
			}
			for _, sk := range etcdSecurityKeys {
				if sv, ok := v[sk]; ok && sv != nil {
					flags = append(flags, Flag{Name: prefix + sk, Value: scalarString(sv)})
				}
			}
		case []any:
			for _, item := range v {
				flags = append(flags, Flag{Name: k, Value: scalarString(item)})
			}
		case nil:
		default:
			flags = append(flags, Flag{Name: k, Value: scalarString(v)})
		}
	}
	e.setFlags([]Flag{{Name: "config-file", Value: file}}, cfgSrc)
	e.addFlags(flags, src)
	e.Notes = append(e.Notes, "etcd ignores other command-line flags when --config-file is given; flags are from "+file)
}
