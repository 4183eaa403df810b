// Package benchsel turns the -b value of the perf tools into the -b value
// of kubeassay scan: benchmark ids as given, or "all" for every benchmark
// the binary under test ships (as its `benchmarks list -o json` says).
package benchsel

import (
	"encoding/json"
	"fmt"
	"os/exec"
	"strings"
)

// All is the -b value that selects every built-in benchmark.
const All = "all"

// Expand returns spec with "all" replaced by the ids of bin's built-in
// benchmarks, comma-separated.
func Expand(bin, spec string) (string, error) {
	var ids []string
	for _, id := range strings.Split(spec, ",") {
		id = strings.TrimSpace(id)
		if id != All {
			ids = append(ids, id)
			continue
		}
		builtin, err := list(bin)
		if err != nil {
			return "", err
		}
		ids = append(ids, builtin...)
	}
	return strings.Join(ids, ","), nil
}

func list(bin string) ([]string, error) {
	out, err := exec.Command(bin, "benchmarks", "list", "-o", "json").Output()
	if err != nil {
		return nil, fmt.Errorf("%s benchmarks list: %w", bin, err)
	}
	var bs []struct {
		ID string `json:"id"`
	}
	if err := json.Unmarshal(out, &bs); err != nil {
		return nil, fmt.Errorf("%s benchmarks list: %w", bin, err)
	}
	ids := make([]string, 0, len(bs))
	for _, b := range bs {
		ids = append(ids, b.ID)
	}
	if len(ids) == 0 {
		return nil, fmt.Errorf("%s benchmarks list: no benchmarks", bin)
	}
	return ids, nil
}
