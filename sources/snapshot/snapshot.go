// Package snapshot is the snapshot document (kubeassay snapshot): what the
// checks read from a live cluster, written as the objects arrive, with the
// cluster facts and the kinds that could not be read, and replayed later
// with the same verdicts. Secrets are metadata only. See docs/snapshot.md.
package snapshot

import (
	"bufio"
	"compress/gzip"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"regexp"
	"slices"
	"time"

	"github.com/kubeassay/kubeassay/checks"
	"github.com/kubeassay/kubeassay/report"
	"github.com/kubeassay/kubeassay/sources/cluster"
	"k8s.io/client-go/rest"
)

// APIVersion and Kind identify a snapshot document; see docs/snapshot.md.
// The snapshot has its own version: the scan result's (report.APIVersion)
// moves on its own.
const (
	APIVersion = "kubeassay/v1"
	Kind       = "Snapshot"
)

// OriginKey is the field each snapshot item carries next to the object's own
// fields: where the live scan read the object. A replay strips it and gives
// the object that origin again, so that findings name the same origin.
const OriginKey = "kubeassay.io/origin"

// Metadata describes a snapshot: when it was taken, of which cluster,
// which kinds were listed and which could not be. Kinds are named by
// checks.GroupKind.String: the bare name for a well-known kind (what
// snapshots written before kinds had groups hold too), Kind.group for any
// other.
type Metadata struct {
	ToolVersion string          `json:"toolVersion"`
	TakenAt     time.Time       `json:"takenAt"`
	Cluster     *report.Cluster `json:"cluster"`
	// Kinds are the kinds that were asked of the API server, sorted.
	Kinds []string `json:"kinds"`
	// Unavailable holds the kinds that could not be listed, with the reason.
	Unavailable map[string]string `json:"unavailable"`
	// NotServed lists the kinds the API server does not serve.
	NotServed []string `json:"notServed"`
	// EveryKindIn names the namespaces of which every namespaced kind
	// was listed (cluster.Options.EveryKindIn), sorted.
	EveryKindIn []string `json:"everyKindIn,omitempty"`
	// Objects counts the items written, by kind.
	Objects map[string]int `json:"objects"`
}

// Take lists the kinds from the cluster and writes the snapshot document to
// w as the objects arrive; it holds no more than one object at a time.
// Secrets are metadata only.
func Take(ctx context.Context, cfg *rest.Config, opts cluster.Options, kinds []checks.GroupKind, toolVersion string, w io.Writer) (*Metadata, error) {
	meta := &Metadata{ToolVersion: toolVersion, TakenAt: time.Now().UTC(), Kinds: checks.KindNames(kinds), Objects: map[string]int{}}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	bw := bufio.NewWriterSize(w, 1<<16)
	if _, err := fmt.Fprintf(bw, "{\"apiVersion\":%q,\"kind\":%q,\"items\":[", APIVersion, Kind); err != nil {
		return nil, err
	}
	docs := make(chan checks.Document, 256)
	var live *cluster.Result
	collectErr := make(chan error, 1)
	go func() {
		defer close(docs)
		var err error
		live, err = cluster.Collect(ctx, cfg, kinds, opts, docs)
		collectErr <- err
	}()
	var writeErr error
	n := 0
	for d := range docs {
		if writeErr != nil {
			continue // drain so that the collector ends
		}
		obj := d.Object
		if obj == nil && d.JSON != nil {
			// A list item as the server sent it, without kind.
			if err := json.Unmarshal(d.JSON, &obj); err != nil {
				writeErr = fmt.Errorf("decode %s: %w", d.Origin, err)
				cancel()
				continue
			}
			if _, ok := obj["kind"]; !ok {
				obj["apiVersion"], obj["kind"] = d.APIVersion, d.Kind
			}
		}
		if obj == nil {
			continue
		}
		apiVersion, _ := obj["apiVersion"].(string)
		kind, _ := obj["kind"].(string)
		// kubectl apply's annotation is a second copy of the whole
		// object, values included (a ConfigMap's, a Secret's): it is
		// not kept. Of managedFields only the managers are (who wrote
		// an object tells the API server's own from a copy).
		if meta, ok := obj["metadata"].(map[string]any); ok {
			obj["metadata"] = checks.WithoutAppliedCopy(meta)
		}
		switch kind {
		case "Secret":
			// Never a value, whatever the source handed over.
			delete(obj, "data")
			delete(obj, "stringData")
		case "ConfigMap":
			redactConfigMap(obj)
		}
		obj[OriginKey] = d.Origin
		data, err := json.Marshal(obj)
		if err != nil {
			writeErr = fmt.Errorf("encode %s: %w", d.Origin, err)
			cancel()
			continue
		}
		if n > 0 {
			bw.WriteByte(',')
		}
		bw.WriteByte('\n')
		if _, err := bw.Write(data); err != nil {
			writeErr = err
			cancel()
			continue
		}
		meta.Objects[checks.ObjectKind(apiVersion, kind).String()]++
		n++
	}
	if err := <-collectErr; err != nil && writeErr == nil {
		return nil, err
	}
	if writeErr != nil {
		return nil, writeErr
	}
	meta.Cluster = ClusterReport(live, opts)
	meta.Unavailable = live.Unavailable
	meta.EveryKindIn = opts.EveryKindListed()
	meta.NotServed = live.NotServed
	if meta.NotServed == nil {
		meta.NotServed = []string{}
	}
	mdata, err := json.Marshal(meta)
	if err != nil {
		return nil, err
	}
	fmt.Fprintf(bw, "\n],\n\"metadata\":%s}\n", mdata)
	if err := bw.Flush(); err != nil {
		return nil, err
	}
	return meta, nil
}

// ClusterReport turns what collection read into the report's cluster facts.
func ClusterReport(live *cluster.Result, opts cluster.Options) *report.Cluster {
	f := live.Cluster
	c := &report.Cluster{
		Server: f.Server, Version: f.Version, Nodes: f.Nodes, Platform: f.Platform, Evidence: f.Evidence, Kubelets: f.Kubelets,
		Unavailable: live.Unavailable, NotServed: live.NotServed, Context: f.Context,
		Namespaces: opts.Namespaces, ExcludedNamespaces: opts.ExcludeNamespaces,
	}
	if f.Identity != nil {
		c.Identity = &report.Identity{Username: f.Identity.Username, Groups: f.Identity.Groups}
	}
	return c
}

// openDocument opens a file, decompressing it when it is gzip.
func openDocument(path string) (io.Reader, func() error, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	br := bufio.NewReaderSize(f, 1<<20)
	if head, _ := br.Peek(2); len(head) == 2 && head[0] == 0x1f && head[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			f.Close()
			return nil, nil, fmt.Errorf("gzip: %w", err)
		}
		return bufio.NewReaderSize(zr, 1<<20), func() error { zr.Close(); return f.Close() }, nil
	}
	return br, f.Close, nil
}

// Is reports whether the file is a snapshot document: a JSON
// object (gzipped or not) whose apiVersion and kind come before its items
// and are kubeassay/v1 and Snapshot.
func Is(path string) bool {
	r, closeFn, err := openDocument(path)
	if err != nil {
		return false
	}
	defer closeFn()
	dec := json.NewDecoder(r)
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return false
	}
	var apiVersion, kind string
	for dec.More() {
		key, err := dec.Token()
		if err != nil {
			return false
		}
		switch key {
		case "apiVersion":
			if dec.Decode(&apiVersion) != nil {
				return false
			}
		case "kind":
			if dec.Decode(&kind) != nil {
				return false
			}
		default:
			return false
		}
		if apiVersion != "" && kind != "" {
			return apiVersion == APIVersion && kind == Kind
		}
	}
	return false
}

// openObject opens a snapshot document and reads up to its opening brace.
func openObject(path string) (*json.Decoder, func() error, error) {
	r, closeFn, err := openDocument(path)
	if err != nil {
		return nil, nil, err
	}
	dec := json.NewDecoder(r)
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		closeFn()
		return nil, nil, fmt.Errorf("%s: not a snapshot document", path)
	}
	return dec, closeFn, nil
}

// ReadMetadata returns a snapshot's metadata without reading its items
// (the writer puts the metadata first; items before it are skipped).
func ReadMetadata(path string) (*Metadata, error) {
	dec, closeFn, err := openObject(path)
	if err != nil {
		return nil, err
	}
	defer closeFn()
	for dec.More() {
		key, err := dec.Token()
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		if key == "metadata" {
			meta := &Metadata{}
			if err := dec.Decode(meta); err != nil {
				return nil, fmt.Errorf("%s: metadata: %w", path, err)
			}
			return meta, nil
		}
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
	}
	return nil, fmt.Errorf("%s: the snapshot has no metadata", path)
}

// Read streams the items of a snapshot the engine judges (by the
// group of their apiVersion and their kind) to out, each with the origin the
// live scan gave it, and returns the snapshot's metadata. A broken item,
// or one without apiVersion or kind, is sent for the engine to report.
func Read(ctx context.Context, path string, judges func(checks.GroupKind) bool, out chan<- checks.Document) (*Metadata, error) {
	dec, closeFn, err := openObject(path)
	if err != nil {
		return nil, err
	}
	defer closeFn()
	var meta *Metadata
	for dec.More() {
		key, err := dec.Token()
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		switch key {
		case "metadata":
			meta = &Metadata{}
			if err := dec.Decode(meta); err != nil {
				return nil, fmt.Errorf("%s: metadata: %w", path, err)
			}
		case "items":
			if tok, err := dec.Token(); err != nil || tok != json.Delim('[') {
				return nil, fmt.Errorf("%s: items is not an array", path)
			}
			for i := 0; dec.More(); i++ {
				var item map[string]json.RawMessage
				if err := dec.Decode(&item); err != nil {
					return nil, fmt.Errorf("%s: items[%d]: %w", path, i, err)
				}
				idx := i
				d := checks.Document{Origin: checks.Origin{File: path, Item: &idx}}
				var apiVersion, kind string
				_ = json.Unmarshal(item["apiVersion"], &apiVersion)
				_ = json.Unmarshal(item["kind"], &kind)
				if apiVersion != "" && kind != "" && !judges(checks.ObjectKind(apiVersion, kind)) {
					continue
				}
				if raw, ok := item[OriginKey]; ok {
					var o checks.Origin
					if err := json.Unmarshal(raw, &o); err == nil && o.File != "" {
						d.Origin = o
					}
					delete(item, OriginKey)
				}
				if d.JSON, err = json.Marshal(item); err != nil {
					d.Err = err
				}
				select {
				case out <- d:
				case <-ctx.Done():
					return nil, ctx.Err()
				}
			}
			if _, err := dec.Token(); err != nil {
				return nil, fmt.Errorf("%s: %w", path, err)
			}
		default:
			var skip json.RawMessage
			if err := dec.Decode(&skip); err != nil {
				return nil, fmt.Errorf("%s: %w", path, err)
			}
		}
	}
	if meta == nil {
		return nil, fmt.Errorf("%s: snapshot without metadata (truncated?)", path)
	}
	// The closing brace, then nothing: reading to the end is also what
	// makes gzip check its CRC and length, so a damaged or cut file, or
	// two snapshots joined, is an error and not half a replay.
	if _, err := dec.Token(); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if tok, err := dec.Token(); err != io.EOF {
		if err == nil {
			return nil, fmt.Errorf("%s: data after the end of the snapshot (%v)", path, tok)
		}
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return meta, nil
}

// Replayed is what the replay of a snapshot contributes to the report: the
// snapshot's cluster facts, and the kinds the engine needs that the snapshot
// does not hold. Kinds are compared by name (GroupKind.String), which names
// a well-known kind as snapshots of every version do. everyKindIn are the
// namespaces of which the engine judges every kind: a snapshot that did not
// list every kind there, or could not, leaves them unknown.
func (m *Metadata) Replayed(engineKinds []checks.GroupKind, everyKindIn []string) (*report.Cluster, map[string]string) {
	unavailable := map[string]string{}
	var notServed []string
	for _, ns := range everyKindIn {
		if !slices.Contains(m.EveryKindIn, ns) {
			unavailable["every kind in "+ns] = fmt.Sprintf("the snapshot (taken %s) does not hold every kind of namespace %s", m.TakenAt.Format(time.RFC3339), ns)
		}
	}
	if len(everyKindIn) > 0 {
		// What the listing of every kind could not read.
		for k, why := range m.Unavailable {
			unavailable[k] = why
		}
	}
	for _, gk := range engineKinds {
		k := gk.String()
		switch {
		case !checks.FromAPI(gk):
		case m.Unavailable[k] != "":
			unavailable[k] = m.Unavailable[k]
		case slices.Contains(m.NotServed, k):
			notServed = append(notServed, k)
		case !slices.Contains(m.Kinds, k):
			unavailable[k] = fmt.Sprintf("the snapshot (taken %s) does not hold %s objects", m.TakenAt.Format(time.RFC3339), k)
		}
	}
	c := &report.Cluster{Platform: "unknown"}
	if m.Cluster != nil {
		cc := *m.Cluster
		c = &cc
	}
	c.Unavailable, c.NotServed = unavailable, notServed
	return c, unavailable
}

// Redacted stands in for a ConfigMap value in a snapshot.
const Redacted = "(redacted by kubeassay)"

// redactedKey stands in for a ConfigMap value that holds a PEM private key:
// the checks still see that it does, and nothing of the key.
const redactedKey = "-----BEGIN PRIVATE KEY-----\n" + Redacted + "\n-----END PRIVATE KEY-----\n"

var privateKey = regexp.MustCompile(`-----BEGIN [A-Z0-9 ]*PRIVATE KEY( BLOCK)?-----`)

// redactConfigMap replaces every value of a ConfigMap's data and binaryData:
// a ConfigMap may hold a credential by mistake (the NSA/CISA check looks for
// exactly that), and a snapshot must not keep it. What the checks judge is
// kept: which keys there are, which values are empty, which hold a private
// key. binaryData stays base64.
func redactConfigMap(obj map[string]any) {
	for _, field := range []string{"data", "binaryData"} {
		d, ok := obj[field].(map[string]any)
		if !ok {
			continue
		}
		for k, v := range d {
			s, _ := v.(string)
			if s == "" {
				continue
			}
			text := s
			if field == "binaryData" {
				if b, err := base64.StdEncoding.DecodeString(s); err == nil {
					text = string(b)
				}
			}
			out := Redacted
			if privateKey.MatchString(text) {
				out = redactedKey
			}
			if field == "binaryData" {
				out = base64.StdEncoding.EncodeToString([]byte(out))
			}
			d[k] = out
		}
	}
}
