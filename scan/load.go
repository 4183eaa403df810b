package scan

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/kubeassay/kubeassay/benchmarks"
	"github.com/kubeassay/kubeassay/checks"
	"github.com/kubeassay/kubeassay/policies"
	"github.com/kubeassay/kubeassay/report"
)

// Builtin is the catalogue of checks and the benchmarks: those shipped
// with kubeassay, and those of the policy directories it was loaded with
// (LoadPolicies).
type Builtin struct {
	Catalog    *checks.Catalog
	Benchmarks []*benchmarks.Benchmark
	// Digest is the SHA-256 of every embedded policy and benchmark file
	// ("sha256:<hex>"); with policy directories, of that and of each
	// directory's digest.
	Digest string
	// PolicyDirs describe the policy directories loaded, in the order
	// given: each one's digest, checks and benchmarks.
	PolicyDirs []report.PolicyDir
}

// LoadBuiltin compiles the embedded checks and loads the embedded benchmarks.
func LoadBuiltin() (*Builtin, error) { return LoadPolicies(nil) }

// LoadPolicies compiles the embedded checks with those of the policy
// directories (--policy-dir), and loads the embedded benchmarks with
// theirs. A policy directory is laid out as the built-in policies tree
// (<area>/<check>/<check>.rego, with library modules where it likes), and
// may hold benchmark definitions in benchmarks/<id>/benchmark.yaml, which
// may map the checks of any tree and extend any benchmark. Its checks and
// benchmarks are loaded and validated exactly as the built-in ones; an id
// that is taken already (by a built-in check or benchmark, or another
// directory's) is an error naming the file. A directory given twice is
// loaded once.
func LoadPolicies(dirs []string) (*Builtin, error) {
	var pdirs []checks.PolicyDir
	trees := []benchmarks.Tree{{FS: benchmarks.BuiltinFS()}}
	seen := map[string]bool{}
	for _, d := range dirs {
		fi, err := os.Stat(d)
		if err != nil {
			return nil, fmt.Errorf("--policy-dir %s: %w", d, errors.Unwrap(err))
		}
		if !fi.IsDir() {
			return nil, fmt.Errorf("--policy-dir %s: not a directory", d)
		}
		abs, err := filepath.Abs(d)
		if err != nil {
			return nil, fmt.Errorf("--policy-dir %s: %w", d, err)
		}
		if seen[abs] {
			continue
		}
		seen[abs] = true
		pd := checks.PolicyDir{Path: d, FS: os.DirFS(d)}
		pdirs = append(pdirs, pd)
		if fi, err := fs.Stat(pd.FS, policyDirBenchmarks); err == nil && fi.IsDir() {
			sub, err := fs.Sub(pd.FS, policyDirBenchmarks)
			if err != nil {
				return nil, err
			}
			trees = append(trees, benchmarks.Tree{FS: sub, Path: pd.File(policyDirBenchmarks), PolicyDir: d})
		}
	}
	cat, err := checks.LoadCatalog(policies.FS, pdirs...)
	if err != nil {
		return nil, err
	}
	bs, err := benchmarks.LoadTrees(cat, trees...)
	if err != nil {
		return nil, err
	}
	var problems []string
	for _, bm := range bs {
		if bm.PolicyDir != "" && slices.Contains([]string{Auto, All, ChosenChecksID}, bm.ID) {
			problems = append(problems, fmt.Sprintf("%s: benchmark id %q is reserved (-b %s, --check): a benchmark of a policy directory needs another id", bm.File, bm.ID, bm.ID))
		}
	}
	if len(problems) > 0 {
		return nil, errors.New(strings.Join(problems, "\n"))
	}
	digest, err := fsDigest(map[string]fs.FS{"policies": policies.FS, "benchmarks": benchmarks.BuiltinFS()})
	if err != nil {
		return nil, err
	}
	b := &Builtin{Catalog: cat, Benchmarks: bs, Digest: digest}
	if len(pdirs) == 0 {
		return b, nil
	}
	var digests []string
	for _, pd := range pdirs {
		rd := report.PolicyDir{Path: pd.Path}
		if rd.Digest, err = policyDirDigest(pd.FS); err != nil {
			return nil, fmt.Errorf("--policy-dir %s: %w", pd.Path, err)
		}
		for _, ch := range cat.Checks {
			if ch.PolicyDir == pd.Path {
				rd.Checks = append(rd.Checks, ch.ID)
			}
		}
		for _, bm := range bs {
			if bm.PolicyDir == pd.Path {
				rd.Benchmarks = append(rd.Benchmarks, bm.ID)
			}
		}
		if len(rd.Checks) == 0 && len(rd.Benchmarks) == 0 {
			return nil, fmt.Errorf("--policy-dir %s: no check (a module of a package kubeassay.checks.*, with its METADATA) and no benchmark (%s/<id>/benchmark.yaml) in it", pd.Path, policyDirBenchmarks)
		}
		b.PolicyDirs = append(b.PolicyDirs, rd)
		digests = append(digests, rd.Digest)
	}
	// The rules are the same whatever the order of the directories.
	sort.Strings(digests)
	h := sha256.New()
	fmt.Fprintf(h, "kubeassay policies\x00%s", digest)
	for _, d := range digests {
		fmt.Fprintf(h, "\x00%s", d)
	}
	b.Digest = "sha256:" + hex.EncodeToString(h.Sum(nil))
	return b, nil
}

// policyDirBenchmarks is where a policy directory holds its benchmark
// definitions.
const policyDirBenchmarks = "benchmarks"

// All is the benchmark id that asks for every benchmark (-b all).
const All = "all"

// policyDirDigest is the digest of a policy directory's rules: its Rego
// files and its benchmark definitions (fixtures and notes do not judge).
func policyDirDigest(fsys fs.FS) (string, error) {
	h := sha256.New()
	err := digestFiles(h, "policy-dir", fsys, func(p string) bool {
		ok, _ := path.Match(policyDirBenchmarks+"/*/benchmark.yaml", p)
		return ok || path.Ext(p) == ".rego"
	})
	if err != nil {
		return "", err
	}
	return "sha256:" + hex.EncodeToString(h.Sum(nil)), nil
}

// fsDigest hashes every file of the file systems, in a fixed order, with
// its path: the same rules give the same digest.
func fsDigest(fss map[string]fs.FS) (string, error) {
	h := sha256.New()
	for _, name := range slices.Sorted(maps.Keys(fss)) {
		if err := digestFiles(h, name, fss[name], func(string) bool { return true }); err != nil {
			return "", err
		}
	}
	return "sha256:" + hex.EncodeToString(h.Sum(nil)), nil
}

// digestFiles writes into h the files of fsys that keep takes, sorted by
// path, each with its path under name and its length.
func digestFiles(h hash.Hash, name string, fsys fs.FS, keep func(string) bool) error {
	var paths []string
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && keep(p) {
			paths = append(paths, p)
		}
		return err
	})
	if err != nil {
		return err
	}
	sort.Strings(paths)
	for _, p := range paths {
		data, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		fmt.Fprintf(h, "%s/%s\x00%d\x00", name, p, len(data))
		h.Write(data)
	}
	return nil
}
