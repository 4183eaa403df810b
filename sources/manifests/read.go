// Package manifests reads Kubernetes objects from files, directories and
// standard input: multi-document YAML, JSON, and Lists as kubectl writes
// them, gzip-compressed or not. Each object goes to the engine as a
// checks.Document; a document that cannot be read goes as an error naming
// the file and the document, and reading goes on.
package manifests

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"sigs.k8s.io/yaml"

	"github.com/kubeassay/kubeassay/checks"
)

// Stdin is the path that means standard input.
const Stdin = "-"

// extensions lists the file endings read from directories.
var extensions = []string{".yaml", ".yml", ".json", ".yaml.gz", ".yml.gz", ".json.gz"}

// IsManifestFile reports whether name has an ending read from directories.
func IsManifestFile(name string) bool {
	for _, e := range extensions {
		if strings.HasSuffix(strings.ToLower(name), e) {
			return true
		}
	}
	return false
}

// Expand checks that every path exists and lists the files to read, in
// order: a file as given, a directory's manifest files recursively in
// lexical order, and "-" as itself. A path that does not exist is an error.
// Files and directories found inside a directory are left out when a glob
// of exclude matches their name or their path (as found, with slashes);
// paths given by name are always read. A malformed glob is an error.
func Expand(paths, exclude []string) ([]string, error) {
	for _, g := range exclude {
		if _, err := path.Match(g, ""); err != nil {
			return nil, fmt.Errorf("--exclude %s: %w", g, err)
		}
	}
	excluded := func(p string) bool {
		slashed := filepath.ToSlash(p)
		for _, g := range exclude {
			if ok, _ := path.Match(g, path.Base(slashed)); ok {
				return true
			}
			if ok, _ := path.Match(g, slashed); ok {
				return true
			}
		}
		return false
	}
	var files []string
	for _, p := range paths {
		if p == Stdin {
			files = append(files, p)
			continue
		}
		st, err := os.Stat(p)
		if err != nil {
			return nil, fmt.Errorf("-f %s: %w", p, errors.Unwrap(err))
		}
		if !st.IsDir() {
			files = append(files, p)
			continue
		}
		var found []string
		// A symlink to a directory is followed (WalkDir would pass it by,
		// and its manifests would be lost without a word), once per real
		// directory, so that a link to a parent does not loop; its files
		// are named through the link.
		visited := map[string]bool{}
		var walk func(root, shown string) error
		walk = func(root, shown string) error {
			if real, err := filepath.EvalSymlinks(root); err == nil {
				if visited[real] {
					return nil
				}
				visited[real] = true
				root = real
			}
			return filepath.WalkDir(root, func(fp string, d fs.DirEntry, err error) error {
				top := fp == root // the directory given, or the link's target: already judged
				if rel, rerr := filepath.Rel(root, fp); rerr == nil && !top {
					fp = filepath.Join(shown, rel)
				}
				if !top && excluded(fp) {
					if d != nil && d.IsDir() {
						return filepath.SkipDir
					}
					return nil
				}
				if err != nil {
					// Unreadable entries are reported when read.
					found = append(found, fp)
					return nil
				}
				if d.Type()&fs.ModeSymlink != 0 && !IsManifestFile(d.Name()) {
					if st, serr := os.Stat(fp); serr == nil && st.IsDir() {
						return walk(fp, fp)
					} else if serr != nil {
						// A dangling link is reported when read.
						found = append(found, fp)
					}
					return nil
				}
				if !d.IsDir() && IsManifestFile(d.Name()) {
					found = append(found, fp)
				}
				return nil
			})
		}
		if err := walk(p, p); err != nil {
			return nil, fmt.Errorf("-f %s: %w", p, err)
		}
		sort.Strings(found)
		files = append(files, found...)
	}
	return files, nil
}

// Reader reads files into documents.
type Reader struct {
	// Stdin is read for the path "-".
	Stdin io.Reader
}

// Read sends every document of every file to out, in order. Problems with a
// file or a document are sent as documents carrying Err; Read returns an
// error only when ctx is done.
func (r *Reader) Read(ctx context.Context, files []string, out chan<- checks.Document) error {
	for _, f := range files {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := r.readFile(ctx, f, out); err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			send(ctx, out, checks.Document{Origin: checks.Origin{File: f}, Err: err})
		}
	}
	return nil
}

func send(ctx context.Context, out chan<- checks.Document, d checks.Document) {
	select {
	case out <- d:
	case <-ctx.Done():
	}
}

func (r *Reader) readFile(ctx context.Context, name string, out chan<- checks.Document) error {
	var in io.Reader
	if name == Stdin {
		if r.Stdin == nil {
			return errors.New("standard input is not available")
		}
		in = r.Stdin
	} else {
		f, err := os.Open(name)
		if err != nil {
			return errors.Unwrap(err)
		}
		defer f.Close()
		in = f
	}
	br := bufio.NewReaderSize(in, 1<<20)
	// gzip is recognised by its magic number, whatever the file's name.
	if head, _ := br.Peek(2); len(head) == 2 && head[0] == 0x1f && head[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return fmt.Errorf("gzip: %w", err)
		}
		defer zr.Close()
		br = bufio.NewReaderSize(zr, 1<<20)
	}
	if isJSON(br) {
		return readJSON(ctx, name, br, out)
	}
	return readYAML(ctx, name, br, out)
}

// isJSON reports whether the stream's first non-space byte opens a JSON
// object or array.
func isJSON(br *bufio.Reader) bool {
	for n := 64; ; n *= 2 {
		head, err := br.Peek(n)
		trimmed := bytes.TrimLeft(head, " \t\r\n")
		if len(trimmed) > 0 {
			return trimmed[0] == '{' || trimmed[0] == '['
		}
		if err != nil || n >= br.Size() {
			return false
		}
	}
}

func readJSON(ctx context.Context, name string, br *bufio.Reader, out chan<- checks.Document) error {
	doc := 0
	listDoc := 0
	// A kubeassay snapshot is a List of kind Snapshot: read as manifests
	// (from stdin, or with its keys reordered, so that it was not
	// recognised), its items would be judged without the kinds it could
	// not list, and those controls would pass. It is an input error.
	snapshotList := func(list []byte) {
		var head struct {
			APIVersion string `json:"apiVersion"`
			Kind       string `json:"kind"`
		}
		if json.Unmarshal(list, &head) != nil || head.APIVersion != "kubeassay/v1" {
			return
		}
		send(ctx, out, checks.Document{Origin: checks.Origin{File: name, Document: listDoc}, Err: fmt.Errorf(
			"a kubeassay %s read as manifests (from standard input, or with its keys reordered): what it could not list would be lost; give its file, as kubeassay wrote it, to -f", head.Kind)})
	}
	err := splitJSONListsLines(br, 1<<20, func(data []byte, item, line int) {
		origin := checks.Origin{File: name, Line: line}
		if item < 0 {
			doc++
			origin.Document = doc
		} else {
			if item == 0 {
				doc++
				listDoc = doc
			}
			i := item
			origin.Document = listDoc
			origin.Item = &i
		}
		send(ctx, out, checks.Document{Origin: origin, JSON: data})
	}, snapshotList)
	if err != nil {
		return err
	}
	return nil
}

func readYAML(ctx context.Context, name string, br *bufio.Reader, out chan<- checks.Document) error {
	doc := 0
	return splitYAML(br, yamlEvents{
		doc: func(data []byte, line int) error {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			origin := checks.Origin{File: name, Document: doc + 1, Line: line}
			var v any
			if err := yaml.Unmarshal(data, &v); err != nil {
				doc++
				send(ctx, out, checks.Document{Origin: origin, Kind: checks.GuessKind(data), Err: fmt.Errorf("invalid YAML: %w", err)})
				return nil
			}
			switch obj := v.(type) {
			case nil:
				// An empty document (comments only, or a trailing ---).
			case map[string]any:
				doc++
				if items, ok := obj["items"].([]any); ok {
					for i, it := range items {
						o := origin
						idx := i
						o.Item = &idx
						sendItem(ctx, out, o, it)
					}
					return nil
				}
				send(ctx, out, checks.Document{Origin: origin, Object: obj})
			default:
				doc++
				send(ctx, out, checks.Document{Origin: origin, Err: fmt.Errorf("not a Kubernetes object: a YAML %T", v)})
			}
			return nil
		},
		// A List as kubectl writes it: its items go to the workers as YAML
		// text, one by one, and are parsed there, in parallel.
		list: func() error { doc++; return ctx.Err() },
		broken: func(err error) error {
			send(ctx, out, checks.Document{Origin: checks.Origin{File: name, Document: doc}, Err: err})
			return ctx.Err()
		},
		item: func(data []byte, i, line int) error {
			idx := i
			send(ctx, out, checks.Document{Origin: checks.Origin{File: name, Document: doc, Item: &idx, Line: line}, YAML: data})
			return ctx.Err()
		},
	})
}

func sendItem(ctx context.Context, out chan<- checks.Document, origin checks.Origin, it any) {
	obj, ok := it.(map[string]any)
	if !ok {
		send(ctx, out, checks.Document{Origin: origin, Err: fmt.Errorf("not a Kubernetes object: a %T", it)})
		return
	}
	send(ctx, out, checks.Document{Origin: origin, Object: obj})
}
