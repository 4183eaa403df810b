package nodefacts

import (
	"sort"
	"strconv"
	"strings"
)

// Flag is one parsed command-line flag.
type Flag struct {
	Name  string
	Value string
}

// FlagMap maps a flag name to all its values in order.
type FlagMap map[string][]string

// Last returns the effective value of a non-repeatable flag.
func (m FlagMap) Last(name string) (string, bool) {
	v := m[name]
	if len(v) == 0 {
		return "", false
	}
	return v[len(v)-1], true
}

// Bool returns the effective value of a boolean flag.
func (m FlagMap) Bool(name string) (value, set bool) {
	s, ok := m.Last(name)
	if !ok {
		return false, false
	}
	b, err := strconv.ParseBool(s)
	if err != nil {
		return false, false
	}
	return b, true
}

// List returns the comma-separated items of every value of a flag, in
// order (e.g. --enable-admission-plugins, --authorization-mode).
func (m FlagMap) List(name string) []string {
	var out []string
	for _, v := range m[name] {
		for _, item := range strings.Split(v, ",") {
			if item = strings.TrimSpace(item); item != "" {
				out = append(out, item)
			}
		}
	}
	return out
}

// Gates merges every value of a map-valued flag such as --feature-gates
// ("A=true,B=false"); later values win per key. Items that do not parse as
// key=bool are skipped.
func (m FlagMap) Gates(name string) map[string]bool {
	out := map[string]bool{}
	for _, item := range m.List(name) {
		k, v, ok := strings.Cut(item, "=")
		if !ok {
			continue
		}
		b, err := strconv.ParseBool(strings.TrimSpace(v))
		if err != nil {
			continue
		}
		out[strings.TrimSpace(k)] = b
	}
	return out
}

// booleanFlags never take the next argument as their value: for these
// "--flag value" means the flag is true and "value" is a positional
// argument, as with pflag and Go's flag package.
var booleanFlags = map[string]bool{
	"allow-privileged": true, "alsologtostderr": true, "anonymous-auth": true,
	"authentication-token-webhook": true, "auto-tls": true, "client-cert-auth": true,
	"cluster-init": true, "debug": true,
	"enable-debugging-handlers": true, "enable-server": true, "fail-swap-on": true,
	"help": true, "logtostderr": true, "make-iptables-util-chains": true,
	"masquerade-all": true, "peer-auto-tls": true, "peer-client-cert-auth": true,
	"profiling": true, "protect-kernel-defaults": true, "register-node": true,
	"rotate-certificates": true, "rotate-server-certificates": true,
	"seccomp-default": true, "service-account-extend-token-expiration": true,
	"service-account-lookup": true, "serialize-image-pulls": true,
	"use-service-account-credentials": true, "version": true,
	"enable-pprof": true, "strict-reconfig-check": true, "experimental-initial-corrupt-check": true,
	"cgroups-per-qos": true, "enable-controller-attach-detach": true, "leader-elect": true,
	"secrets-encryption": true, "disable-kube-proxy": true,
	"disable-apiserver": true, "disable-scheduler": true, "disable-controller-manager": true,
	"disable-etcd": true, "selinux": true, "no-flannel": true,
	"enable-bootstrap-token-auth": true,
}

// isNumber reports whether s parses as a number, so "-1" is a value and
// not a flag.
func isNumber(s string) bool {
	_, err := strconv.ParseFloat(s, 64)
	return err == nil
}

// looksLikeFlag reports whether an argument starts a new flag.
func looksLikeFlag(s string) bool {
	return len(s) > 1 && s[0] == '-' && !isNumber(s)
}

// normalizeFlagName applies Kubernetes' word-separator normalisation
// (underscores become dashes).
func normalizeFlagName(name string) string {
	return strings.ReplaceAll(name, "_", "-")
}

// ParseFlags parses a command line (without the binary) into flags in
// order and positional arguments. It accepts --flag=value, --flag value,
// -flag=value, -flag value and boolean --flag (value "true"). A flag known
// to be boolean never consumes the next argument; any other flag consumes
// the next argument when it does not look like a flag (negative numbers
// are values). Everything after "--" is positional. It never fails.
func ParseFlags(args []string) (flags []Flag, positional []string) {
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			positional = append(positional, args[i+1:]...)
			break
		}
		if !looksLikeFlag(a) {
			positional = append(positional, a)
			continue
		}
		body := strings.TrimPrefix(a, "-")
		body = strings.TrimPrefix(body, "-")
		name, value, hasValue := strings.Cut(body, "=")
		name = normalizeFlagName(name)
		if name == "" || strings.HasPrefix(name, "-") {
			// "---x", "--=x", "--_x": not flag syntax pflag accepts.
			positional = append(positional, a)
			continue
		}
		if !hasValue {
			switch {
			case booleanFlags[name]:
				value = "true"
			case i+1 < len(args) && !looksLikeFlag(args[i+1]) && args[i+1] != "--":
				i++
				value = args[i]
			default:
				value = "true"
			}
		}
		flags = append(flags, Flag{Name: name, Value: value})
	}
	return flags, positional
}

// flagMapOf groups parsed flags by name, keeping every value in order.
func flagMapOf(flags []Flag) FlagMap {
	m := FlagMap{}
	for _, f := range flags {
		m[f.Name] = append(m[f.Name], f.Value)
	}
	return m
}

// setFlags replaces a component's flags with the parsed ones, recording
// source as the provenance of each flag. Values are redacted (RedactFlag).
func (c *Component) setFlags(flags []Flag, source string) {
	c.Flags = map[string][]string{}
	c.FlagSources = map[string]string{}
	c.addFlags(flags, source)
}

// addFlags appends flags (they come after, and so win over, existing ones).
// Values are redacted (RedactFlag) before they are stored.
func (c *Component) addFlags(flags []Flag, source string) {
	if c.Flags == nil {
		c.Flags = map[string][]string{}
	}
	if c.FlagSources == nil {
		c.FlagSources = map[string]string{}
	}
	for _, f := range flags {
		c.Flags[f.Name] = append(c.Flags[f.Name], RedactFlag(f.Name, f.Value))
		c.FlagSources[f.Name] = source
	}
}

// flagItem parses one k3s/rke2 "*-arg" item ("anonymous-auth=false",
// "--v=2", "profiling") into a flag.
func flagItem(item string) (Flag, bool) {
	item = strings.TrimSpace(item)
	item = strings.TrimLeft(item, "-")
	name, value, ok := strings.Cut(item, "=")
	name = strings.TrimSpace(name)
	if name == "" {
		return Flag{}, false
	}
	if !ok {
		value = "true"
	}
	return Flag{Name: normalizeFlagName(name), Value: value}, true
}

// sortedKeys returns a map's keys in order.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
