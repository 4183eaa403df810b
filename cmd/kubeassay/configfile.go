package main

import (
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"slices"
	"sort"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"github.com/spf13/viper"
	"sigs.k8s.io/yaml"
)

// settingKey is the key of a flag in kubeassay.yaml: its name, or its
// command's own "<command>.<flag>".
func settingKey(f *pflag.Flag) string {
	if k := f.Annotations[configKey]; len(k) == 1 {
		return k[0]
	}
	return f.Name
}

// setting is one key of kubeassay.yaml: the first flag that has it, and the
// commands that read it.
type setting struct {
	flag     *pflag.Flag
	commands []string
}

// settings lists every key kubeassay.yaml may hold: the flags of every
// command but the hidden ones and those that make no sense in a file.
func settings(root *cobra.Command) map[string]*setting {
	out := map[string]*setting{}
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		c.LocalFlags().VisitAll(func(f *pflag.Flag) {
			if f.Hidden || f.Name == "help" || f.Name == "config" {
				return
			}
			key := settingKey(f)
			s, ok := out[key]
			if !ok {
				s = &setting{flag: f}
				out[key] = s
			}
			if c.Name() == "scan" {
				// scan's words describe a shared setting best.
				s.flag = f
			}
			if name := c.CommandPath(); !slices.Contains(s.commands, name) {
				s.commands = append(s.commands, strings.TrimPrefix(name, "kubeassay "))
			}
		})
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
	return out
}

// checkConfigKeys refuses a key in the configuration file that no command
// reads: a typo would otherwise be ignored in silence.
func checkConfigKeys(v *viper.Viper, file string, root *cobra.Command) error {
	known := settings(root)
	var unknown []string
	for _, k := range v.AllKeys() {
		if _, ok := known[k]; !ok && k != waiversKey {
			unknown = append(unknown, k)
		}
	}
	if len(unknown) == 0 {
		return nil
	}
	sort.Strings(unknown)
	msg := fmt.Sprintf("%s: unknown key %q", file, unknown[0])
	if len(unknown) > 1 {
		msg = fmt.Sprintf("%s: unknown keys %s", file, strings.Join(quoteAll(unknown), ", "))
	}
	if near := nearest(unknown[0], known); near != "" {
		msg += fmt.Sprintf(" (did you mean %q?)", near)
	}
	return fmt.Errorf("%s; 'kubeassay config init' prints every key", msg)
}

func quoteAll(s []string) []string {
	out := make([]string, len(s))
	for i, x := range s {
		out[i] = fmt.Sprintf("%q", x)
	}
	return out
}

// nearest is the known key closest to k by edit distance, when close.
func nearest(k string, known map[string]*setting) string {
	best, bestD := "", 3
	for c := range known {
		if d := editDistance(k, c); d < bestD || (d == bestD && best != "" && c < best) {
			best, bestD = c, d
		}
	}
	return best
}

func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
}

func newConfigCommand(s streams) *cobra.Command {
	cmd := &cobra.Command{Use: "config", Short: "Work with kubeassay.yaml"}
	cmd.AddCommand(&cobra.Command{
		Use:   "init",
		Short: "Print a kubeassay.yaml with every setting, its default and what it does",
		Long: `Print a kubeassay.yaml holding every setting any command reads, each with its default
value and a comment saying what it does and which commands read it. Settings a command keeps
for itself are in a section named after it (risks: {output: ...}). Keep what you need:
flags win over KUBEASSAY_* variables, which win over the file; a key no command reads is an
error naming it.`,
		Example: "  kubeassay config init > kubeassay.yaml",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return writeConfigInit(s.out, settings(cmd.Root()))
		},
	})
	return cmd
}

func writeConfigInit(w io.Writer, all map[string]*setting) error {
	top := []string{}
	sections := map[string][]string{}
	for k := range all {
		if sec, name, ok := strings.Cut(k, "."); ok {
			sections[sec] = append(sections[sec], name)
		} else {
			top = append(top, k)
		}
	}
	sort.Strings(top)
	var b strings.Builder
	b.WriteString("# kubeassay.yaml: every setting, with its default (kubeassay config init).\n")
	b.WriteString("# Flags win over KUBEASSAY_* environment variables, which win over this file.\n")
	for _, k := range top {
		writeSetting(&b, "", k, all[k])
	}
	b.WriteString(waiversExample)
	for _, sec := range slices.Sorted(maps.Keys(sections)) {
		fmt.Fprintf(&b, "\n# Settings of '%s' alone.\n%s:\n", sec, sec)
		names := sections[sec]
		sort.Strings(names)
		for _, n := range names {
			writeSetting(&b, "  ", n, all[sec+"."+n])
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// waiversExample is the waivers key in 'config init': commented out, since
// every waiver names a real control and a real owner.
const waiversExample = `
# Waivers: findings accepted for a time, by whom and why (docs/waivers.md). Each names
# a check or a <benchmark>/<control>, may select objects (namespace, kind, name, labels:
# globs) or nodes, and needs a justification, an owner and an expiry date. Waived findings
# are WAIVED in every report; expired and stale waivers are reported.
# (scan)
waivers: []
#  - control: cis-1.12/5.2.2
#    namespace: kube-system
#    name: "kube-proxy*"
#    justification: kube-proxy needs host networking and privilege
#    owner: platform-team@example.com
#    expires: "2027-06-30"
`

func writeSetting(b *strings.Builder, indent, key string, s *setting) {
	f := s.flag
	fmt.Fprintf(b, "\n%s# %s\n%s# (%s)\n", indent, strings.ReplaceAll(f.Usage, "\n", " "), indent, strings.Join(s.commands, ", "))
	fmt.Fprintf(b, "%s%s: %s\n", indent, key, yamlValue(f))
}

// yamlValue is a flag's default as YAML.
func yamlValue(f *pflag.Flag) string {
	var v any
	switch f.Value.Type() {
	case "stringSlice", "stringArray":
		list := []string{}
		if sv, ok := f.Value.(pflag.SliceValue); ok && sv.GetSlice() != nil {
			list = sv.GetSlice()
		}
		// A flow sequence, on the key's line.
		data, err := json.Marshal(list)
		if err != nil {
			return "[]"
		}
		return string(data)
	case "bool":
		v = f.DefValue == "true"
	case "int", "int64", "float32", "float64":
		return f.DefValue
	default:
		v = f.DefValue
	}
	data, err := yaml.Marshal(v)
	if err != nil {
		return `""`
	}
	return strings.TrimSpace(string(data))
}
