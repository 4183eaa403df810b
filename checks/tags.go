package checks

import "strings"

// WaivePrefix starts the annotations with which a team waives a finding on
// its own object (kubeassay.io/waive, kubeassay.io/waive-reason, ...).
const WaivePrefix = "kubeassay.io/waive"

// Tags are what a finding carries of its object's metadata for waivers:
// its labels, when the engine keeps them, and its waiver annotations.
type Tags struct {
	Labels map[string]string
	Waive  map[string]string
}

// tagsOf reads the tags of an object's metadata; nil when there are none.
// Strings are copied: the decoder's may share memory with the document.
func tagsOf(meta map[string]any, keepLabels bool) *Tags {
	var t Tags
	if keepLabels {
		if labels, _ := meta["labels"].(map[string]any); len(labels) > 0 {
			t.Labels = make(map[string]string, len(labels))
			for k, v := range labels {
				s, _ := v.(string)
				t.Labels[strings.Clone(k)] = strings.Clone(s)
			}
		}
	}
	annotations, _ := meta["annotations"].(map[string]any)
	for k, v := range annotations {
		if !strings.HasPrefix(k, WaivePrefix) {
			continue
		}
		if t.Waive == nil {
			t.Waive = map[string]string{}
		}
		s, _ := v.(string)
		t.Waive[strings.Clone(k)] = strings.Clone(s)
	}
	if t.Labels == nil && t.Waive == nil {
		return nil
	}
	return &t
}
