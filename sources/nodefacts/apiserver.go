package nodefacts

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"

	"sigs.k8s.io/yaml"
)

// EncryptionConfig is a summary of the file kube-apiserver's
// --encryption-provider-config names: which resources are encrypted by
// which providers, in order. It never holds key material: the keys and
// secrets of the providers are not decoded at all (see
// ParseEncryptionConfig).
type EncryptionConfig struct {
	// File is the host path that was read.
	File string `json:"file"`
	// Error says why the file could not be read or parsed; Resources is
	// then empty and what the file configures is unknown.
	Error string `json:"error,omitempty"`
	// APIVersion and Kind are the document's (apiserver.config.k8s.io/v1
	// EncryptionConfiguration, or the legacy EncryptionConfig).
	APIVersion string `json:"apiVersion,omitempty"`
	Kind       string `json:"kind,omitempty"`
	// Resources lists the file's resources entries in order.
	Resources []EncryptionResources `json:"resources,omitempty"`
}

// EncryptionResources is one resources entry: the resources it covers and
// its providers in order (the first one encrypts new writes).
type EncryptionResources struct {
	Resources []string             `json:"resources"`
	Providers []EncryptionProvider `json:"providers"`
}

// EncryptionProvider is one provider of an entry.
type EncryptionProvider struct {
	// Type is identity, aescbc, aesgcm, secretbox or kms.
	Type string `json:"type"`
	// APIVersion is, for kms, v1 or v2 (v1 when the file does not say, as
	// kube-apiserver defaults it).
	APIVersion string `json:"apiVersion,omitempty"`
}

// AuditPolicy is a summary of the file kube-apiserver's --audit-policy-file
// names (audit.k8s.io/v1 Policy): its rules in order.
type AuditPolicy struct {
	File string `json:"file"`
	// Error says why the file could not be read or parsed; the rules are
	// then unknown.
	Error      string      `json:"error,omitempty"`
	OmitStages []string    `json:"omitStages,omitempty"`
	Rules      []AuditRule `json:"rules,omitempty"`
}

// AuditRule is one rule of an audit policy. Rules are matched in order and
// the first that matches a request sets its level.
type AuditRule struct {
	Level           string                `json:"level"`
	Users           []string              `json:"users,omitempty"`
	UserGroups      []string              `json:"userGroups,omitempty"`
	Verbs           []string              `json:"verbs,omitempty"`
	Resources       []AuditGroupResources `json:"resources,omitempty"`
	Namespaces      []string              `json:"namespaces,omitempty"`
	NonResourceURLs []string              `json:"nonResourceURLs,omitempty"`
	OmitStages      []string              `json:"omitStages,omitempty"`
}

// AuditGroupResources is one API group's resources in a rule; Group "" is
// the core group.
type AuditGroupResources struct {
	Group         string   `json:"group"`
	Resources     []string `json:"resources,omitempty"`
	ResourceNames []string `json:"resourceNames,omitempty"`
}

// encryptionProviderTypes are the providers kube-apiserver knows.
var encryptionProviderTypes = map[string]bool{
	"identity": true, "aescbc": true, "aesgcm": true, "secretbox": true, "kms": true,
}

// auditLevels are the levels of an audit policy rule.
var auditLevels = map[string]bool{"None": true, "Metadata": true, "Request": true, "RequestResponse": true}

// yamlToJSON converts a YAML or JSON document to JSON with the same checks
// as ParseConfigDocument (UTF-8, a YAML file must end with a line break).
func yamlToJSON(data []byte) (j []byte, err error) {
	defer func() {
		if r := recover(); r != nil {
			j, err = nil, errors.New("parser failure")
		}
	}()
	if !utf8.Valid(data) {
		return nil, errors.New("not valid UTF-8 text")
	}
	trimmed := bytes.TrimSpace(data)
	if len(trimmed) == 0 {
		return nil, errors.New("the file is empty")
	}
	if trimmed[0] != '{' && data[len(data)-1] != '\n' {
		return nil, errors.New("the YAML does not end with a line break: the file may have been cut short (if it is whole, end it with a newline)")
	}
	return yaml.YAMLToJSON(data)
}

// decodeError words a JSON decoding error without quoting the document: a
// syntax error's message may hold a character of it, a type error names
// only fields and types.
func decodeError(err error) error {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return fmt.Errorf("not valid JSON or YAML (offset %d)", se.Offset)
	}
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		return fmt.Errorf("field %s is a %s, want %s", te.Field, te.Value, te.Type)
	}
	return errors.New("does not decode")
}

// ParseEncryptionConfig summarises an EncryptionConfiguration. The
// providers' bodies are decoded into a struct that has only an apiVersion
// field, so keys and secrets are never copied out of data; the converted
// document is wiped before returning. The caller should wipe data.
func ParseEncryptionConfig(data []byte) (*EncryptionConfig, error) {
	j, err := yamlToJSON(data)
	if err != nil {
		return nil, err
	}
	defer clear(j)
	// Go decodes struct fields without regard to case, kube-apiserver
	// does not: a kms "apiversion: v2" would be read as v2 here and as the
	// default, v1, there.
	if miscasedKey(j, "apiVersion") {
		return nil, errors.New("a key apiVersion is written in another case, which kube-apiserver does not read as apiVersion")
	}
	var doc struct {
		APIVersion string `json:"apiVersion"`
		Kind       string `json:"kind"`
		Resources  []struct {
			Resources []string `json:"resources"`
			Providers []map[string]*struct {
				APIVersion string `json:"apiVersion"`
			} `json:"providers"`
		} `json:"resources"`
	}
	if err := json.Unmarshal(j, &doc); err != nil {
		return nil, decodeError(err)
	}
	switch {
	case doc.Kind == "EncryptionConfiguration" && doc.APIVersion == "apiserver.config.k8s.io/v1":
	case doc.Kind == "EncryptionConfig" && (doc.APIVersion == "v1" || doc.APIVersion == "apiserver.k8s.io/v1"):
		// The format before Kubernetes 1.13.
	default:
		// Not quoted: the file may hold keys, and its values stay out of messages.
		return nil, errors.New("not an apiserver.config.k8s.io/v1 EncryptionConfiguration (wrong or missing apiVersion or kind)")
	}
	out := &EncryptionConfig{APIVersion: doc.APIVersion, Kind: doc.Kind, Resources: []EncryptionResources{}}
	for i, r := range doc.Resources {
		if len(r.Resources) == 0 {
			return nil, fmt.Errorf("resources[%d] lists no resource", i)
		}
		entry := EncryptionResources{Resources: append([]string{}, r.Resources...), Providers: []EncryptionProvider{}}
		for k, p := range r.Providers {
			if len(p) != 1 {
				return nil, fmt.Errorf("resources[%d].providers[%d] names %d providers, want exactly one", i, k, len(p))
			}
			for typ, body := range p {
				if !encryptionProviderTypes[typ] {
					return nil, fmt.Errorf("resources[%d].providers[%d] is of an unknown type", i, k)
				}
				prov := EncryptionProvider{Type: typ}
				if typ == "kms" {
					prov.APIVersion = "v1"
					if body != nil && body.APIVersion != "" {
						prov.APIVersion = body.APIVersion
					}
					if prov.APIVersion != "v1" && prov.APIVersion != "v2" {
						return nil, fmt.Errorf("resources[%d].providers[%d]: kms apiVersion is not v1 or v2", i, k)
					}
				}
				entry.Providers = append(entry.Providers, prov)
			}
		}
		if len(entry.Providers) == 0 {
			return nil, fmt.Errorf("resources[%d] has no provider", i)
		}
		out.Resources = append(out.Resources, entry)
	}
	return out, nil
}

// ParseAuditPolicy summarises an audit.k8s.io/v1 Policy.
func ParseAuditPolicy(data []byte) (*AuditPolicy, error) {
	j, err := yamlToJSON(data)
	if err != nil {
		return nil, err
	}
	var doc struct {
		APIVersion string      `json:"apiVersion"`
		Kind       string      `json:"kind"`
		OmitStages []string    `json:"omitStages"`
		Rules      []AuditRule `json:"rules"`
	}
	if err := json.Unmarshal(j, &doc); err != nil {
		return nil, decodeError(err)
	}
	if doc.Kind != "Policy" || doc.APIVersion != "audit.k8s.io/v1" {
		return nil, fmt.Errorf("apiVersion %q kind %q is not an audit.k8s.io/v1 Policy", doc.APIVersion, doc.Kind)
	}
	for i, r := range doc.Rules {
		if !auditLevels[r.Level] {
			return nil, fmt.Errorf("rules[%d]: level %q is not None, Metadata, Request or RequestResponse", i, r.Level)
		}
	}
	if doc.Rules == nil {
		doc.Rules = []AuditRule{}
	}
	return &AuditPolicy{OmitStages: doc.OmitStages, Rules: doc.Rules}, nil
}

// apiserverPolicies reads the files kube-apiserver's
// --encryption-provider-config and --audit-policy-file name into redacted
// summaries. A file that cannot be read or parsed is recorded with its
// error (and in the document's errors): what it configures is unknown.
func (c *collector) apiserverPolicies(a *Component) {
	if file, ok := a.Flag("encryption-provider-config"); ok && strings.TrimSpace(file) != "" {
		p := c.locate(a.PID, file)
		enc := &EncryptionConfig{File: p}
		data, err := c.fs.readFile(p)
		if err == nil {
			var parsed *EncryptionConfig
			parsed, err = ParseEncryptionConfig(data)
			clear(data)
			if err == nil {
				parsed.File = p
				enc = parsed
			}
		}
		if err != nil {
			enc.Error = errMessage(err)
			c.addErrorMsg(p, "encryption provider config: "+enc.Error)
		}
		a.Encryption = enc
	}
	if file, ok := a.Flag("audit-policy-file"); ok && strings.TrimSpace(file) != "" {
		p := c.locate(a.PID, file)
		pol := &AuditPolicy{File: p}
		data, err := c.fs.readFile(p)
		if err == nil {
			var parsed *AuditPolicy
			if parsed, err = ParseAuditPolicy(data); err == nil {
				parsed.File = p
				pol = parsed
			}
		}
		if err != nil {
			pol.Error = errMessage(err)
			c.addErrorMsg(p, "audit policy: "+pol.Error)
		}
		a.AuditPolicy = pol
	}
}

// redactPolicies sweeps the summaries' strings: none should hold a secret,
// but a document saved elsewhere is not trusted.
func redactPolicies(c *Component) {
	if e := c.Encryption; e != nil {
		e.Error = RedactText(e.Error)
		for i := range e.Resources {
			redactAll(e.Resources[i].Resources)
		}
	}
	if p := c.AuditPolicy; p != nil {
		p.Error = RedactText(p.Error)
		for i := range p.Rules {
			redactAll(p.Rules[i].Users)
			redactAll(p.Rules[i].NonResourceURLs)
		}
	}
}

// miscasedKey reports whether the JSON text j has a member name equal to key
// but for case, and not equal to it. Only positions are looked at: no value
// is copied out of j.
func miscasedKey(j []byte, key string) bool {
	re := regexp.MustCompile(`(?i)"` + regexp.QuoteMeta(key) + `"\s*:`)
	for _, loc := range re.FindAllIndex(j, -1) {
		if string(j[loc[0]+1:loc[0]+1+len(key)]) != key {
			return true
		}
	}
	return false
}
