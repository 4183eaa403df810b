package benchmarks

import (
	"errors"
	"fmt"
	"slices"
	"sync"

	"sigs.k8s.io/yaml"
)

// AutoPlatform is one row of the automatic choice: the CIS benchmark of a
// platform (empty: the CIS Kubernetes Benchmark for the server's version)
// and what the report says about the choice.
type AutoPlatform struct {
	Platform  string `json:"platform"`
	Benchmark string `json:"benchmark,omitempty"`
	Note      string `json:"note,omitempty"`
}

// AutoTable is what `-b auto` chooses from (versions.yaml, auto).
type AutoTable struct {
	Always    []string       `json:"always"`
	Platforms []AutoPlatform `json:"platforms"`
}

// Choice is what Auto chose and why, one reason per benchmark.
type Choice struct {
	Platform   string   `json:"platform"`
	Version    string   `json:"version,omitempty"`
	Benchmarks []string `json:"benchmarks"`
	Reasons    []string `json:"reasons"`
}

var autoTable = sync.OnceValues(func() (AutoTable, error) { return parseAutoTable(versionsYAML) })

// Auto chooses the benchmarks for a cluster of the given platform (as the
// cluster facts name it: eks, gke, aks, kubeadm, k3s, rke2, openshift,
// unknown) and server version (gitVersion; "" when the input has none).
func Auto(platform, gitVersion string) (Choice, error) {
	t, err := autoTable()
	if err != nil {
		return Choice{}, err
	}
	cis, err := cisTable()
	if err != nil {
		return Choice{}, err
	}
	return auto(t, cis, platform, gitVersion)
}

func auto(t AutoTable, cis []CISRange, platform, gitVersion string) (Choice, error) {
	if platform == "" {
		platform = "unknown"
	}
	c := Choice{Platform: platform, Version: gitVersion}
	row, ok := AutoPlatform{}, false
	for _, r := range t.Platforms {
		if r.Platform == platform {
			row, ok = r, true
		}
	}
	if !ok {
		return Choice{}, fmt.Errorf("platform %q is not in the automatic choice's table (benchmarks/versions.yaml)", platform)
	}
	switch {
	case row.Benchmark != "":
		c.add(row.Benchmark, fmt.Sprintf("%s: the CIS benchmark for %s clusters", row.Benchmark, platformName(platform)))
	case gitVersion == "":
		last := cis[len(cis)-1]
		why := fmt.Sprintf("%s: no server version in the input, so the newest CIS Kubernetes Benchmark (%s, for %s to %s)", last.Benchmark, last.Document, last.From, last.To)
		c.add(last.Benchmark, withNote(why, row.Note))
	default:
		id, note, err := cisFor(cis, gitVersion)
		if err != nil {
			return Choice{}, err
		}
		why := fmt.Sprintf("%s: the CIS Kubernetes Benchmark for Kubernetes %s", id, gitVersion)
		if note != "" {
			why = fmt.Sprintf("%s: %s", id, note)
		}
		c.add(id, withNote(why, row.Note))
	}
	for _, id := range t.Always {
		c.add(id, fmt.Sprintf("%s: run on every cluster", id))
	}
	return c, nil
}

func (c *Choice) add(id, why string) {
	if !slices.Contains(c.Benchmarks, id) {
		c.Benchmarks = append(c.Benchmarks, id)
		c.Reasons = append(c.Reasons, why)
	}
}

func withNote(why, note string) string {
	if note == "" {
		return why
	}
	return why + " (" + note + ")"
}

func platformName(p string) string {
	switch p {
	case "eks":
		return "Amazon EKS"
	case "gke":
		return "Google GKE"
	case "aks":
		return "Azure AKS"
	}
	return p
}

func parseAutoTable(data []byte) (AutoTable, error) {
	var doc versionsDoc
	if err := yaml.UnmarshalStrict(data, &doc); err != nil {
		return AutoTable{}, fmt.Errorf("versions.yaml: %w", err)
	}
	t := doc.Auto
	var problems []error
	if len(t.Always) == 0 || len(t.Platforms) == 0 {
		problems = append(problems, errors.New("versions.yaml: auto needs always and platforms"))
	}
	seen := map[string]bool{}
	for i, r := range t.Platforms {
		if r.Platform == "" || seen[r.Platform] {
			problems = append(problems, fmt.Errorf("versions.yaml: auto platform %d (%q): missing or repeated", i+1, r.Platform))
		}
		seen[r.Platform] = true
	}
	if !seen["unknown"] {
		problems = append(problems, errors.New("versions.yaml: auto has no row for platform unknown"))
	}
	return t, errors.Join(problems...)
}

// AutoIDs returns every benchmark id the automatic choice can name, for
// tests that hold the table to the built-in benchmarks.
func AutoIDs() ([]string, error) {
	t, err := autoTable()
	if err != nil {
		return nil, err
	}
	cis, err := cisTable()
	if err != nil {
		return nil, err
	}
	ids := append([]string(nil), t.Always...)
	for _, r := range t.Platforms {
		if r.Benchmark != "" {
			ids = append(ids, r.Benchmark)
		}
	}
	for _, r := range cis {
		ids = append(ids, r.Benchmark)
	}
	slices.Sort(ids)
	return slices.Compact(ids), nil
}
