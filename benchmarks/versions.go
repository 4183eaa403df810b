package benchmarks

import (
	_ "embed"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"sync"

	"sigs.k8s.io/yaml"
)

// versionsYAML maps Kubernetes minor versions onto CIS benchmarks.
//
//go:embed versions.yaml
var versionsYAML []byte

// CISRange is one row of the table: the Kubernetes minors, From to To
// inclusive, that the CIS document (a benchmark id here) was written for.
type CISRange struct {
	Benchmark string `json:"benchmark"`
	Document  string `json:"document"`
	From      string `json:"from"`
	To        string `json:"to"`

	from, to int
}

var cisTable = sync.OnceValues(func() ([]CISRange, error) { return parseCISTable(versionsYAML) })

// CISTable returns the built-in table, oldest range first.
func CISTable() ([]CISRange, error) {
	t, err := cisTable()
	return append([]CISRange(nil), t...), err
}

// CISFor returns the id of the CIS benchmark for a Kubernetes version as
// the API server reports it (gitVersion: v1.33.4, v1.34.2-eks-1234,
// v1.35.1+k3s1, v1.34.0-gke.100). note is empty when the benchmark was
// written for that minor; for a minor outside the table it says which
// benchmark is used instead and why. err is set when gitVersion is not a
// Kubernetes 1.x version.
func CISFor(gitVersion string) (id, note string, err error) {
	t, err := cisTable()
	if err != nil {
		return "", "", err
	}
	return cisFor(t, gitVersion)
}

var gitVersionRE = regexp.MustCompile(`^v?(\d+)\.(\d+)(?:\.(\d+))?(?:[-+].*)?$`)

// ParseMinor returns the major and minor number of a Kubernetes version.
func ParseMinor(gitVersion string) (major, minor int, err error) {
	m := gitVersionRE.FindStringSubmatch(gitVersion)
	if m == nil {
		return 0, 0, fmt.Errorf("kubernetes version %q: want the form v1.34.2, optionally with a suffix (-eks-…, +k3s1, -gke.…)", gitVersion)
	}
	major, errMaj := strconv.Atoi(m[1])
	minor, errMin := strconv.Atoi(m[2])
	if err := errors.Join(errMaj, errMin); err != nil {
		return 0, 0, fmt.Errorf("kubernetes version %q: %w", gitVersion, err)
	}
	return major, minor, nil
}

func cisFor(t []CISRange, gitVersion string) (id, note string, err error) {
	major, minor, err := ParseMinor(gitVersion)
	if err != nil {
		return "", "", err
	}
	if major != 1 {
		return "", "", fmt.Errorf("kubernetes version %q: no CIS benchmark is known for major version %d", gitVersion, major)
	}
	first, last := t[0], t[len(t)-1]
	switch {
	case minor < first.from:
		return first.Benchmark, fmt.Sprintf("Kubernetes 1.%d is older than every CIS Kubernetes Benchmark this build knows; "+
			"%s (CIS %s, written for %s to %s) is used, and recommendations about flags or features 1.%d lacks may not apply",
			minor, first.Benchmark, first.Document, first.From, first.To, minor), nil
	case minor > last.to:
		return last.Benchmark, fmt.Sprintf("Kubernetes 1.%d is newer than every CIS Kubernetes Benchmark this build knows; "+
			"%s (CIS %s, written for %s to %s) is used, and settings added since then are not judged",
			minor, last.Benchmark, last.Document, last.From, last.To), nil
	}
	for _, r := range t {
		if minor >= r.from && minor <= r.to {
			return r.Benchmark, "", nil
		}
	}
	return "", "", fmt.Errorf("kubernetes version %q: no CIS benchmark covers 1.%d", gitVersion, minor)
}

// versionsDoc is versions.yaml: the CIS table, and what -b auto chooses.
type versionsDoc struct {
	CIS  []CISRange `json:"cis"`
	Auto AutoTable  `json:"auto"`
}

// parseCISTable reads and checks the table: every row complete, ranges of
// 1.x minors in order, without overlap or gap.
func parseCISTable(data []byte) ([]CISRange, error) {
	var doc versionsDoc
	if err := yaml.UnmarshalStrict(data, &doc); err != nil {
		return nil, fmt.Errorf("versions.yaml: %w", err)
	}
	if len(doc.CIS) == 0 {
		return nil, errors.New("versions.yaml: no cis rows")
	}
	var problems []error
	for i := range doc.CIS {
		r := &doc.CIS[i]
		where := fmt.Sprintf("versions.yaml: cis row %d (%s)", i+1, r.Benchmark)
		if r.Benchmark == "" || r.Document == "" {
			problems = append(problems, fmt.Errorf("%s: missing benchmark or document", where))
		}
		var errFrom, errTo error
		r.from, errFrom = minorOf(r.From)
		r.to, errTo = minorOf(r.To)
		if err := errors.Join(errFrom, errTo); err != nil {
			problems = append(problems, fmt.Errorf("%s: %w", where, err))
			continue
		}
		if r.from > r.to {
			problems = append(problems, fmt.Errorf("%s: from %s is after to %s", where, r.From, r.To))
		}
		if i > 0 && doc.CIS[i-1].to != 0 && r.from != doc.CIS[i-1].to+1 {
			problems = append(problems, fmt.Errorf("%s: starts at %s, want 1.%d, right after the row before", where, r.From, doc.CIS[i-1].to+1))
		}
	}
	if len(problems) > 0 {
		return nil, errors.Join(problems...)
	}
	return doc.CIS, nil
}

func minorOf(v string) (int, error) {
	major, minor, err := ParseMinor(v)
	if err == nil && (major != 1 || v != fmt.Sprintf("1.%d", minor)) {
		err = fmt.Errorf("%q: want a minor version such as 1.34", v)
	}
	return minor, err
}
