// Package nodes collects the facts a CIS node check needs from one
// Kubernetes node (control plane or worker) into a single typed,
// JSON-serialisable document. Every node check reads only this document,
// so it holds the processes' flags, the kubelet's and kube-proxy's effective
// configuration with provenance, the static pod manifests, and the mode and
// ownership of every file the CIS recommendations name.
//
// Two rules hold for every document: what could not be read is unknown,
// never a default (Component.Unreadable, Setting.Source "unknown",
// File.Incomplete), and no secret is ever kept (tokens, passwords, keys
// are replaced by Redacted at collection; see redact.go).
//
// The document is described in docs/node-facts.md and
// docs/node-facts.schema.json.
package nodefacts

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"time"
)

// Document identity.
const (
	APIVersion = "kubeassay/v1"
	Kind       = "NodeFacts"
)

// Component names used as keys of Facts.Components.
const (
	KubeAPIServer         = "kube-apiserver"
	KubeControllerManager = "kube-controller-manager"
	KubeScheduler         = "kube-scheduler"
	Etcd                  = "etcd"
	Kubelet               = "kubelet"
	KubeProxy             = "kube-proxy"
	K3s                   = "k3s"
	RKE2                  = "rke2"
)

// ToolVersion is written to metadata.toolVersion unless Options.ToolVersion
// is set. Builds may override it with -ldflags "-X ...nodes.ToolVersion=v1.2.3".
var ToolVersion = "dev"

// Facts is the node facts document.
type Facts struct {
	APIVersion string                `json:"apiVersion"`
	Kind       string                `json:"kind"`
	Metadata   Metadata              `json:"metadata"`
	Platform   Platform              `json:"platform"`
	Components map[string]*Component `json:"components"`
	Files      []File                `json:"files"`
	Errors     []Error               `json:"errors"`
}

// Metadata says where and when the facts were collected.
type Metadata struct {
	// Name is the node's name in the cluster (the hostname unless told
	// otherwise); it names the document in reports.
	Name        string    `json:"name"`
	Hostname    string    `json:"hostname"`
	CollectedAt time.Time `json:"collectedAt"`
	// Root is the directory the host's filesystem was read under ("/" on
	// the node itself, "/host" in a pod that mounts the host there).
	Root        string `json:"root"`
	ToolVersion string `json:"toolVersion"`
	// ProcessesScanned counts the <root>/proc/<pid> entries whose command
	// line was read.
	ProcessesScanned int `json:"processesScanned"`
}

// Platform is the detected (or forced) platform profile.
type Platform struct {
	// Name is one of kubeadm, k3s, rke2, eks, gke, aks, or generic when
	// nothing pointed at a known platform.
	Name string `json:"name"`
	// Detected is false when Options.Profile forced the profile.
	Detected bool       `json:"detected"`
	Evidence []Evidence `json:"evidence"`
}

// Evidence is one observation that pointed at a platform.
type Evidence struct {
	Profile string `json:"profile"`
	// Kind is process, path, kubelet-flag or forced.
	Kind   string `json:"kind"`
	Detail string `json:"detail"`
	Weight int    `json:"weight"`
}

// Component is one Kubernetes component found on the node.
type Component struct {
	Name string `json:"name"`
	// Running is true when the component runs as its own process or inside
	// a running k3s/rke2 supervisor process.
	Running bool `json:"running"`
	// Source says where the flags came from: "process",
	// "manifest:<path>" (static pod manifest, no process seen),
	// "embedded:k3s" / "embedded:rke2" (inside the supervisor, flags from
	// its config file), "env-file:<path>" or "profile:<name>".
	Source string `json:"source"`
	Binary string `json:"binary,omitempty"`
	PID    int    `json:"pid,omitempty"`
	// Args is the raw argument list after the binary (for manifests:
	// command[1:] + args; for embedded components: the synthesised flags).
	Args []string `json:"args"`
	// Flags maps each flag name (without dashes) to all its values in
	// order; the last one is the effective value of a non-repeatable flag.
	Flags map[string][]string `json:"flags"`
	// FlagSources says where the effective (last) value of each flag came
	// from: "cmdline", "file:<path>", "manifest:<path>", "env-file:<path>",
	// "profile:<name>", or "env:<path>" (an ETCD_* environment variable of
	// etcd, read from /proc/<pid>/environ or the static pod manifest).
	FlagSources map[string]string `json:"flagSources"`
	// Positional holds the non-flag arguments (e.g. "server" for k3s).
	Positional []string `json:"positional,omitempty"`
	// ManifestPath is the static pod manifest defining the component, if any.
	ManifestPath string `json:"manifestPath,omitempty"`
	// OtherPIDs lists further processes of the same component.
	OtherPIDs []int `json:"otherPIDs,omitempty"`
	// Config is the effective configuration (kubelet, kube-proxy, and
	// kube-scheduler when it has --config).
	Config *EffectiveConfig `json:"config,omitempty"`
	// Unreadable lists the component's configuration sources (config
	// files, drop-ins, k3s/rke2 config.yaml and config.yaml.d files,
	// environment files, etcd --config-file and environment, scheduler
	// --config) that exist or are named but could not be read or parsed.
	// A flag or setting that is not known may have been set in one of
	// them: its value is unknown, never its default. They are in Errors
	// too.
	Unreadable []Error `json:"unreadable,omitempty"`
	// FlagsIncomplete is set when a source that ranks after the flags
	// recorded could not be read whole: the command line was cut short
	// (an argument after the cut may repeat a flag, and the last one
	// wins). Then no flag is known, set or not.
	FlagsIncomplete bool     `json:"flagsIncomplete,omitempty"`
	Notes           []string `json:"notes,omitempty"`
	// Encryption summarises kube-apiserver's --encryption-provider-config
	// (resources and provider names in order, never keys).
	Encryption *EncryptionConfig `json:"encryptionConfig,omitempty"`
	// AuditPolicy summarises kube-apiserver's --audit-policy-file.
	AuditPolicy *AuditPolicy `json:"auditPolicy,omitempty"`
}

// EffectiveConfig is a component's configuration after merging its config
// file, drop-ins, command-line flags and defaults.
type EffectiveConfig struct {
	// Defaults is "config-file" when a --config file was given (the
	// versioned config API's defaults apply) and "command-line" otherwise
	// (the kubelet's legacy flag defaults apply).
	Defaults   string   `json:"defaults"`
	ConfigFile string   `json:"configFile,omitempty"`
	DropInDir  string   `json:"dropInDir,omitempty"`
	DropIns    []string `json:"dropIns,omitempty"`
	// Merged is the config file with every drop-in merged on top, before
	// flags and defaults.
	Merged map[string]any `json:"merged,omitempty"`
	// Settings maps a config path ("authentication.anonymous.enabled",
	// "featureGates.RotateKubeletServerCertificate", ...) to its value.
	Settings map[string]Setting `json:"settings"`
	// Unreadable lists the config file and drop-ins that exist or are
	// named but could not be read or parsed; the settings they could set
	// are then "unknown".
	Unreadable []Error `json:"unreadable,omitempty"`
}

// SourceUnknown is the Setting.Source of a setting whose value cannot be
// known because a configuration source that could set it was unreadable.
const SourceUnknown = "unknown"

// Setting is one effective setting with its provenance.
type Setting struct {
	Value any `json:"value"`
	// Source is "flag", "file:<path>", "drop-in:<path>", "default",
	// "unset" (no layer set it and it has no default) or "unknown" (a
	// source that could set it was unreadable; Value is null and Error
	// says which).
	Source string `json:"source"`
	// Origin says, for Source "flag", where the flag itself came from.
	Origin string `json:"origin,omitempty"`
	// Error says, for Source "unknown", which sources could not be read:
	// "<path>: <message>", several joined by "; ".
	Error string `json:"error,omitempty"`
	// History lists every layer that set the value, in the order applied.
	History []Layer `json:"history,omitempty"`
}

// Layer is one value a setting had in one configuration layer.
type Layer struct {
	Source string `json:"source"`
	Value  any    `json:"value"`
	// Ignored is true when the component ignores this layer (kube-proxy
	// and kube-scheduler ignore flags when --config is given).
	Ignored bool `json:"ignored,omitempty"`
}

// File is the stat of one file or directory named by the CIS
// recommendations.
type File struct {
	// Path is the path on the host (without Options.Root).
	Path string `json:"path"`
	// Roles say what the file is for (see docs/node-facts.md).
	Roles []string `json:"roles"`
	// DiscoveredBy says why it was looked at, e.g. "flag:kubelet --kubeconfig".
	DiscoveredBy []string `json:"discoveredBy"`
	Exists       bool     `json:"exists"`
	// Type is file, dir, symlink or other. For a symlink followed to its
	// target, Type/Mode/owner describe the target and LinkTarget is set.
	Type string `json:"type,omitempty"`
	// Mode is the permission bits (with setuid/setgid/sticky) as octal.
	Mode       string  `json:"mode,omitempty"`
	ModeBits   *uint32 `json:"modeBits,omitempty"`
	UID        *uint32 `json:"uid,omitempty"`
	GID        *uint32 `json:"gid,omitempty"`
	Owner      string  `json:"owner,omitempty"`
	Group      string  `json:"group,omitempty"`
	Size       *int64  `json:"size,omitempty"`
	LinkTarget string  `json:"linkTarget,omitempty"`
	Error      string  `json:"error,omitempty"`
	// Incomplete is set on the top directory of a walked tree (roles
	// pki-dir, cni-config-dir) when its listing is partial, saying why
	// ("stopped after 5000 entries", "cannot read <dir>: permission
	// denied"; several joined by "; "): files under it may be missing.
	Incomplete string `json:"incomplete,omitempty"`
}

// Error is a problem met while collecting; collection goes on.
type Error struct {
	Path    string `json:"path"`
	Message string `json:"message"`
}

// ModeWithin reports whether mode has no permission bit outside max, i.e.
// mode is max or more restrictive. Both are bit masks (0o600), never
// decimal renderings of octal numbers.
func ModeWithin(mode, max uint32) bool {
	return mode&^max == 0
}

// Flag returns the effective (last) value of a flag.
func (c *Component) Flag(name string) (string, bool) {
	if c == nil {
		return "", false
	}
	return FlagMap(c.Flags).Last(name)
}

// FlagValues returns every value of a flag in order.
func (c *Component) FlagValues(name string) []string {
	if c == nil {
		return nil
	}
	return c.Flags[name]
}

// Setting returns an effective configuration setting.
func (c *Component) Setting(key string) (Setting, bool) {
	if c == nil || c.Config == nil {
		return Setting{}, false
	}
	s, ok := c.Config.Settings[key]
	return s, ok
}

// FilesWithRole returns the files carrying a role.
func (f *Facts) FilesWithRole(role string) []File {
	var out []File
	for _, file := range f.Files {
		for _, r := range file.Roles {
			if r == role {
				out = append(out, file)
				break
			}
		}
	}
	return out
}

// File returns the file record for a host path.
func (f *Facts) File(path string) (File, bool) {
	i := sort.Search(len(f.Files), func(i int) bool { return f.Files[i].Path >= path })
	if i < len(f.Files) && f.Files[i].Path == path {
		return f.Files[i], true
	}
	return File{}, false
}

// normalize sorts every list so the JSON rendering is deterministic.
func (f *Facts) normalize() {
	if f.Components == nil {
		f.Components = map[string]*Component{}
	}
	if f.Files == nil {
		f.Files = []File{}
	}
	if f.Errors == nil {
		f.Errors = []Error{}
	}
	if f.Platform.Evidence == nil {
		f.Platform.Evidence = []Evidence{}
	}
	sort.Slice(f.Files, func(i, j int) bool { return f.Files[i].Path < f.Files[j].Path })
	f.Errors = sortErrors(f.Errors)
	sort.Slice(f.Platform.Evidence, func(i, j int) bool {
		a, b := f.Platform.Evidence[i], f.Platform.Evidence[j]
		if a.Profile != b.Profile {
			return a.Profile < b.Profile
		}
		if a.Kind != b.Kind {
			return a.Kind < b.Kind
		}
		return a.Detail < b.Detail
	})
	for _, c := range f.Components {
		if c.Args == nil {
			c.Args = []string{}
		}
		if c.Flags == nil {
			c.Flags = map[string][]string{}
		}
		if c.FlagSources == nil {
			c.FlagSources = map[string]string{}
		}
		sort.Ints(c.OtherPIDs)
		if len(c.Unreadable) > 0 {
			c.Unreadable = sortErrors(c.Unreadable)
		}
		if c.Config != nil && len(c.Config.Unreadable) > 0 {
			c.Config.Unreadable = sortErrors(c.Config.Unreadable)
		}
	}
}

// sortErrors sorts errors by path then message and drops exact
// duplicates.
func sortErrors(errs []Error) []Error {
	sort.Slice(errs, func(i, j int) bool {
		if errs[i].Path != errs[j].Path {
			return errs[i].Path < errs[j].Path
		}
		return errs[i].Message < errs[j].Message
	})
	out := errs[:0]
	for i, e := range errs {
		if i > 0 && e == errs[i-1] {
			continue
		}
		out = append(out, e)
	}
	return out
}

// errorText renders errors as "<path>: <message>", joined by "; ".
func errorText(errs []Error) string {
	sorted := sortErrors(append([]Error{}, errs...))
	parts := make([]string, 0, len(sorted))
	for _, e := range sorted {
		parts = append(parts, e.Path+": "+e.Message)
	}
	return strings.Join(parts, "; ")
}

// JSON renders the document as indented, deterministic JSON (map keys
// sorted, lists sorted by Collect).
func (f *Facts) JSON() ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(f); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// maxDocumentSize caps the size of a saved document read by Load.
const maxDocumentSize = 256 << 20

// Load reads a document saved with JSON (e.g. for --node-facts a.json).
// Numbers are kept as json.Number.
func Load(path string) (*Facts, error) {
	fh, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer fh.Close()
	data, err := io.ReadAll(io.LimitReader(fh, maxDocumentSize+1))
	if err != nil {
		return nil, err
	}
	if len(data) > maxDocumentSize {
		return nil, fmt.Errorf("%s: larger than %d bytes", path, maxDocumentSize)
	}
	return Parse(data)
}

// Parse decodes a document rendered by JSON. A document saved by an older
// collector that still holds secrets is redacted as Collect would.
func Parse(data []byte) (*Facts, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var f Facts
	if err := dec.Decode(&f); err != nil {
		return nil, fmt.Errorf("decoding node facts: %w", err)
	}
	if f.APIVersion != APIVersion || f.Kind != Kind {
		return nil, fmt.Errorf("not a node facts document: apiVersion %q kind %q (want %q %q)",
			f.APIVersion, f.Kind, APIVersion, Kind)
	}
	redactFacts(&f)
	f.normalize()
	return &f, nil
}
