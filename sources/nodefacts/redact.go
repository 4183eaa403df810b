package nodefacts

import (
	"encoding/json"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Redaction. The facts document never keeps a secret: tokens, passwords,
// keys and the like are replaced by Redacted where they are collected
// (flags, arguments, parsed configuration files, environment variables),
// and Collect sweeps the finished document once more. The name of a
// secret setting is kept, so whether it is set, and where, stays known.
// docs/node-facts.md ("What is redacted") lists the rules.

// Redacted replaces a secret value.
const Redacted = "REDACTED"

// secretNames are always redacted, whatever their value. Names are
// compared normalised (secretKey): lower case, without "-", "_" and ".".
var secretNames = map[string]bool{
	"token":               true, // k3s/rke2 --token, kubeadm bootstrapTokens[].token
	"agenttoken":          true, // k3s/rke2 --agent-token
	"clustersecret":       true, // k3s's old name for --token
	"initialclustertoken": true, // etcd --initial-cluster-token
	"etcds3accesskey":     true, // k3s/rke2 etcd snapshot S3 credentials
	"etcds3secretkey":     true,
	"etcds3sessiontoken":  true,
	"vpnauth":             true, // k3s --vpn-auth "name=tailscale,joinKey=..."
	"staticpodurlheader":  true, // kubelet staticPodURLHeader (e.g. Authorization)
	"manifesturlheader":   true, // kubelet --manifest-url-header
	"bootstraptoken":      true,
	"discoverytoken":      true, // kubeadm join
	"tlsbootstraptoken":   true,
	"password":            true,
	"passwd":              true,
	"secret":              true,
	"apikey":              true,
}

// secretWords mark a name as secret (unless it names a path, below).
var secretWords = []string{"token", "password", "passwd", "secret", "credential", "apikey", "accesskey", "privatekey"}

// pathSuffixes mark a name as naming a file or directory, not holding the
// secret itself (--token-file, tlsPrivateKeyFile, --cert-dir).
var pathSuffixes = []string{"file", "files", "path", "paths", "dir", "dirs"}

// notSecretNames contain a secret word but hold no secret.
var notSecretNames = map[string]bool{
	"imagecredentialproviderconfig": true, // kubelet: a path
}

// secrecy says how a name is treated.
type secrecy int

const (
	notSecret secrecy = iota
	// secretByName: secretNames; the value is always redacted.
	secretByName
	// secretByWord: the name contains a secret word; the value is
	// redacted unless it is plainly not a secret (true/false, a
	// duration, empty), so "--enable-bootstrap-token-auth=true" and
	// "--service-account-max-token-expiration=48h" stay readable.
	secretByWord
)

// secretKey normalises a flag, option or config key for the name rules.
func secretKey(name string) string {
	name = strings.ToLower(strings.TrimLeft(name, "-"))
	return strings.NewReplacer("-", "", "_", "", ".", "").Replace(name)
}

// classify applies the name rules to one flag or key name. Flags known to
// be boolean (--use-service-account-credentials) hold no secret.
func classify(name string) secrecy {
	n := secretKey(name)
	if secretNames[n] {
		return secretByName
	}
	if n == "" || notSecretNames[n] || booleanFlags[normalizeFlagName(strings.ToLower(strings.TrimLeft(name, "-")))] {
		return notSecret
	}
	for _, s := range pathSuffixes {
		if strings.HasSuffix(n, s) {
			return notSecret
		}
	}
	for _, w := range secretWords {
		if strings.Contains(n, w) {
			return secretByWord
		}
	}
	return notSecret
}

// plainlyNotSecret reports whether a value under a secret-word name is
// kept: empty, a boolean ("true", "false", "1", "t"... as flags parse
// them), or a duration ("48h", "0").
func plainlyNotSecret(v string) bool {
	if strings.TrimSpace(v) == "" {
		return true
	}
	if _, err := strconv.ParseBool(v); err == nil {
		return true
	}
	if _, err := time.ParseDuration(v); err == nil && strings.ContainsAny(v, "hmsuµn") {
		return true
	}
	return false
}

var (
	// urlUserinfo matches "scheme://userinfo@": the userinfo may hold a
	// password ("postgres://k3s:secret@db/k3s") or a token.
	urlUserinfo = regexp.MustCompile(`(?i)\b([a-z][a-z0-9+.\-]*://)([^\s/?#]*)@`)
	// urlCutUserinfo matches "scheme://user:rest" with no "@" after it: a
	// userinfo whose "@host" was cut off (a command line cut short). The
	// rest is a password unless it starts like a port ("host:6443/x").
	urlCutUserinfo = regexp.MustCompile(`(?i)\b([a-z][a-z0-9+.\-]*://)([^\s/?#@:\[]+):([^\s@]*)$`)
	portLike       = regexp.MustCompile(`^[0-9]*([/?#,]|$)`)
	// secretQuery matches query or DSN parameters that carry a secret
	// ("?password=...", "&sslpassword=...", ";token=...", and the
	// space-separated "host=db password=..." form of a libpq DSN).
	secretQuery = regexp.MustCompile(`(?i)((?:^|[?&;\s])[^=&;\s]*(?:password|passwd|pwd|token|secret|apikey|api_key|accesskey|access_key)[^=&;\s]*=)([^&;\s#]*)`)
)

// RedactText applies the value rules to any text: a PEM block
// ("-----BEGIN ...") anywhere makes the whole value Redacted; a URL's
// password becomes Redacted ("https://user:REDACTED@host", a user-only
// userinfo "https://REDACTED@host"); secret query parameters
// ("?password=REDACTED") too.
func RedactText(s string) string {
	if strings.Contains(s, "-----BEGIN") {
		return Redacted
	}
	if strings.Contains(s, "://") {
		s = urlUserinfo.ReplaceAllStringFunc(s, func(m string) string {
			sub := urlUserinfo.FindStringSubmatch(m)
			scheme, info := sub[1], sub[2]
			if user, _, hasPassword := strings.Cut(info, ":"); hasPassword {
				return scheme + user + ":" + Redacted + "@"
			}
			return scheme + Redacted + "@"
		})
	}
	if strings.Contains(s, "://") {
		if m := urlCutUserinfo.FindStringSubmatchIndex(s); m != nil && !portLike.MatchString(s[m[6]:m[7]]) {
			s = s[:m[6]] + Redacted
		}
	}
	if strings.Contains(s, "=") {
		s = secretQuery.ReplaceAllString(s, "${1}"+Redacted)
	}
	return s
}

// RedactFlag returns what is kept of the value of flag (or option) name.
// The items of the k3s/rke2 "<component>-arg" options
// ("kube-apiserver-arg: [oidc-client-secret=x]") are judged by the flag
// they set.
func RedactFlag(name, value string) string {
	if strings.HasSuffix(name, "-arg") {
		lead := len(value) - len(strings.TrimLeft(value, " -"))
		inner, v, ok := strings.Cut(value[lead:], "=")
		if ok {
			return value[:lead] + inner + "=" + RedactFlag(normalizeFlagName(strings.TrimSpace(inner)), v)
		}
		return RedactText(value)
	}
	switch classify(name) {
	case secretByName:
		return Redacted
	case secretByWord:
		if !plainlyNotSecret(value) {
			return Redacted
		}
	}
	return RedactText(value)
}

// RedactArgs redacts a command line (without the binary), reading it as
// ParseFlags does: the value of a secret flag is replaced whether it is
// written "--token=x" or "--token x".
func RedactArgs(args []string) []string {
	if args == nil {
		return nil
	}
	out := make([]string, len(args))
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			out[i] = a
			for j := i + 1; j < len(args); j++ {
				out[j] = RedactText(args[j])
			}
			break
		}
		if !looksLikeFlag(a) {
			out[i] = RedactText(a)
			continue
		}
		body := strings.TrimPrefix(strings.TrimPrefix(a, "-"), "-")
		name, value, hasValue := strings.Cut(body, "=")
		name = normalizeFlagName(name)
		switch {
		case name == "" || strings.HasPrefix(name, "-"):
			out[i] = RedactText(a)
		case hasValue:
			out[i] = a[:len(a)-len(value)] + RedactFlag(name, value)
		default:
			out[i] = a
			if !booleanFlags[name] && i+1 < len(args) && !looksLikeFlag(args[i+1]) && args[i+1] != "--" {
				i++
				out[i] = RedactFlag(name, args[i])
			}
		}
	}
	return out
}

// redactAll applies RedactText to every item, in place.
func redactAll(items []string) []string {
	for i, s := range items {
		items[i] = RedactText(s)
	}
	return items
}

// RedactConfig returns a copy of a parsed configuration document with
// the values of secret keys redacted (maps keep their keys, lists their
// length) and the value rules applied to every string.
func RedactConfig(m map[string]any) map[string]any {
	if m == nil {
		return nil
	}
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[k] = redactValue(k, v, notSecret)
	}
	return out
}

// redactValue redacts v, found under key; inherited is the secrecy of an
// enclosing key (everything under staticPodURLHeader is secret).
func redactValue(key string, v any, inherited secrecy) any {
	s := classify(key)
	if inherited > s {
		s = inherited
	}
	switch t := v.(type) {
	case nil:
		return nil
	case map[string]any:
		out := make(map[string]any, len(t))
		for k, item := range t {
			out[k] = redactValue(k, item, s)
		}
		return out
	case []any:
		out := make([]any, len(t))
		for i, item := range t {
			out[i] = redactValue(key, item, s)
		}
		return out
	case string:
		switch s {
		case secretByName:
			return Redacted
		case secretByWord:
			if !plainlyNotSecret(t) {
				return Redacted
			}
		}
		return RedactText(t)
	case bool:
		if s == secretByName {
			return Redacted
		}
		return t
	case json.Number:
		if s != notSecret {
			return Redacted
		}
		return t
	default:
		if s != notSecret {
			return Redacted
		}
		return t
	}
}

// redactSetting redacts an effective setting's value by its dotted key:
// any secret segment makes it secret.
func redactSetting(key string, v any) any {
	s := notSecret
	for _, part := range strings.Split(key, ".") {
		if c := classify(part); c > s {
			s = c
		}
	}
	last := key
	if i := strings.LastIndex(key, "."); i >= 0 {
		last = key[i+1:]
	}
	return redactValue(last, v, s)
}

// redactFacts sweeps a finished document: every place a secret could
// have reached is passed through the rules again (they are idempotent).
func redactFacts(f *Facts) {
	for _, c := range f.Components {
		c.Args = RedactArgs(c.Args)
		for name, vals := range c.Flags {
			for i, v := range vals {
				vals[i] = RedactFlag(name, v)
			}
		}
		redactAll(c.Positional)
		redactAll(c.Notes)
		redactErrors(c.Unreadable)
		redactPolicies(c)
		if cfg := c.Config; cfg != nil {
			cfg.Merged = RedactConfig(cfg.Merged)
			redactErrors(cfg.Unreadable)
			for key, s := range cfg.Settings {
				s.Value = redactSetting(key, s.Value)
				for i := range s.History {
					s.History[i].Value = redactSetting(key, s.History[i].Value)
				}
				s.Error = RedactText(s.Error)
				cfg.Settings[key] = s
			}
		}
	}
	redactErrors(f.Errors)
	for i := range f.Files {
		file := &f.Files[i]
		file.Error = RedactText(file.Error)
		file.Incomplete = RedactText(file.Incomplete)
		redactAll(file.DiscoveredBy)
	}
	for i := range f.Platform.Evidence {
		f.Platform.Evidence[i].Detail = RedactText(f.Platform.Evidence[i].Detail)
	}
}

func redactErrors(errs []Error) {
	for i := range errs {
		errs[i].Path = RedactText(errs[i].Path)
		errs[i].Message = RedactText(errs[i].Message)
	}
}
