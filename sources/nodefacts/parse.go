package nodefacts

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"sigs.k8s.io/yaml"
)

// ParseConfigDocument parses a YAML or JSON configuration file (a
// KubeletConfiguration, KubeProxyConfiguration, k3s config...) into a
// JSON-like map. Numbers are kept as json.Number. The top level must be a
// mapping. It never panics.
func ParseConfigDocument(data []byte) (m map[string]any, err error) {
	defer func() {
		if r := recover(); r != nil {
			m, err = nil, fmt.Errorf("parser failure: %v", r)
		}
	}()
	if !utf8.Valid(data) {
		return nil, errors.New("not valid UTF-8 text")
	}
	trimmed := bytes.TrimSpace(data)
	if len(trimmed) == 0 {
		return map[string]any{}, nil
	}
	if trimmed[0] != '{' && data[len(data)-1] != '\n' {
		// YAML cut short often still parses, as a shorter file whose
		// missing settings would read as defaults. Files the tools write
		// end with a line break; one that does not is not trusted.
		return nil, errors.New("the YAML does not end with a line break: the file may have been cut short (if it is whole, end it with a newline)")
	}
	j, err := yaml.YAMLToJSON(data)
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(j))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	switch t := v.(type) {
	case map[string]any:
		return t, nil
	case nil:
		return map[string]any{}, nil
	default:
		return nil, fmt.Errorf("top level is a %T, not a mapping", v)
	}
}

// ParseKubeletConfig parses a KubeletConfiguration file (YAML or JSON).
// A kind other than KubeletConfiguration is an error; so is a missing
// kind, as for the kubelet, but the parsed map is still returned then.
func ParseKubeletConfig(data []byte) (map[string]any, error) {
	return parseTypedConfig(data, "KubeletConfiguration")
}

// ParseKubeProxyConfig parses a KubeProxyConfiguration file.
func ParseKubeProxyConfig(data []byte) (map[string]any, error) {
	return parseTypedConfig(data, "KubeProxyConfiguration")
}

func parseTypedConfig(data []byte, kind string) (map[string]any, error) {
	m, err := ParseConfigDocument(data)
	if err != nil {
		return nil, err
	}
	switch k := m["kind"].(type) {
	case string:
		if k != kind {
			return nil, fmt.Errorf("kind is %q, want %q", k, kind)
		}
	case nil:
		return m, fmt.Errorf("kind is missing, want %q", kind)
	default:
		return nil, fmt.Errorf("kind is a %T, want %q", k, kind)
	}
	return m, nil
}

// MergePatch applies patch to base following JSON Merge Patch (RFC 7386),
// as the kubelet does for --config-dir drop-ins: maps merge deeply, lists
// and scalars replace, null deletes. Neither argument is modified.
func MergePatch(base, patch map[string]any) map[string]any {
	out := make(map[string]any, len(base)+len(patch))
	for k, v := range base {
		out[k] = v
	}
	for k, pv := range patch {
		if pv == nil {
			delete(out, k)
			continue
		}
		pm, isMap := pv.(map[string]any)
		if !isMap {
			out[k] = pv
			continue
		}
		bm, _ := out[k].(map[string]any)
		out[k] = MergePatch(bm, pm)
	}
	return out
}

// lookupPath finds a dotted path ("authentication.anonymous.enabled") in
// a parsed document. present is true when the last key exists, even with
// a null value.
func lookupPath(m map[string]any, key string) (value any, present bool) {
	parts := strings.Split(key, ".")
	cur := m
	for i, p := range parts {
		v, ok := cur[p]
		if !ok {
			return nil, false
		}
		if i == len(parts)-1 {
			return v, true
		}
		next, ok := v.(map[string]any)
		if !ok {
			return nil, false
		}
		cur = next
	}
	return nil, false
}

// scalarString renders a scalar config value as a flag value would be
// written; lists and maps are rendered as JSON.
func scalarString(v any) string {
	switch t := v.(type) {
	case string:
		return t
	case bool:
		return strconv.FormatBool(t)
	case json.Number:
		return t.String()
	case nil:
		return ""
	default:
		b, err := json.Marshal(t)
		if err != nil {
			return fmt.Sprint(t)
		}
		return string(b)
	}
}

// ParseEnvFile parses a systemd EnvironmentFile / shell-style file of
// KEY=VALUE lines (kubeadm-flags.env, /etc/default/kubelet). Quotes are
// removed; comments and malformed lines are skipped.
func ParseEnvFile(data []byte) map[string]string {
	out := map[string]string{}
	for _, line := range strings.Split(string(data), "\n") {
		line = strings.TrimSpace(line)
		line = strings.TrimPrefix(line, "export ")
		if line == "" || line[0] == '#' {
			continue
		}
		k, v, ok := strings.Cut(line, "=")
		k = strings.TrimSpace(k)
		if !ok || k == "" || strings.ContainsAny(k, " \t\"'") {
			continue
		}
		out[k] = strings.Join(SplitShellWords(strings.TrimSpace(v)), " ")
	}
	return out
}

// SplitShellWords splits a command line the way a POSIX shell would for
// plain words: whitespace separates, single and double quotes group,
// backslash escapes. Unterminated quotes end at the end of input.
func SplitShellWords(s string) []string {
	var words []string
	var cur strings.Builder
	inWord := false
	var quote rune
	escaped := false
	for _, r := range s {
		switch {
		case escaped:
			cur.WriteRune(r)
			escaped = false
		case r == '\\' && quote != '\'':
			escaped = true
			inWord = true
		case quote != 0:
			if r == quote {
				quote = 0
			} else {
				cur.WriteRune(r)
			}
		case r == '\'' || r == '"':
			quote = r
			inWord = true
		case r == ' ' || r == '\t' || r == '\n' || r == '\r':
			if inWord {
				words = append(words, cur.String())
				cur.Reset()
				inWord = false
			}
		default:
			cur.WriteRune(r)
			inWord = true
		}
	}
	if inWord {
		words = append(words, cur.String())
	}
	return words
}

// parseIDFile parses /etc/passwd or /etc/group ("name:x:id:..."). The
// first entry for an id wins, as getpwuid(3) does.
func parseIDFile(data []byte) map[uint32]string {
	out := map[uint32]string{}
	for _, line := range strings.Split(string(data), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || line[0] == '#' || line[0] == '+' || line[0] == '-' {
			continue
		}
		fields := strings.Split(line, ":")
		if len(fields) < 3 || fields[0] == "" {
			continue
		}
		id, err := strconv.ParseUint(fields[2], 10, 32)
		if err != nil {
			continue
		}
		if _, seen := out[uint32(id)]; !seen {
			out[uint32(id)] = fields[0]
		}
	}
	return out
}
