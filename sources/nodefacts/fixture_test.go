package nodefacts

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kubeassay/kubeassay/sources/nodefacts/nodetest"
)

// fixedNow makes collectedAt deterministic in tests.
func fixedNow() time.Time { return time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC) }

// fixtureRoot copies testdata/nodes/<platform> to a temporary directory
// with its modes and ownership applied (see nodetest.FixtureRoot).
func fixtureRoot(t testing.TB, platform string) string {
	t.Helper()
	return nodetest.FixtureRoot(t, filepath.Join("..", "..", "testdata", "nodes", platform))
}

// requireRoot fails the ownership assertions when the fixture could not be
// chowned: they need root, as CI and the development machines run.
func requireRoot(t *testing.T) {
	t.Helper()
	if os.Geteuid() != 0 {
		t.Fatal("ownership assertions need root to chown the fixture files; run the tests as root")
	}
}

// collectFixture collects facts from a prepared fixture.
func collectFixture(t *testing.T, platform string) *Facts {
	t.Helper()
	root := fixtureRoot(t, platform)
	facts, err := Collect(context.Background(), Options{Root: root, Now: fixedNow, ToolVersion: "test"})
	if err != nil {
		t.Fatalf("Collect(%s): %v", platform, err)
	}
	if _, err := facts.JSON(); err != nil {
		t.Fatalf("JSON: %v", err)
	}
	if testing.Verbose() {
		b, _ := facts.JSON()
		t.Logf("%s facts:\n%s", platform, b)
	}
	return facts
}

// mustComponent returns a component or fails.
func mustComponent(t *testing.T, f *Facts, name string) *Component {
	t.Helper()
	c := f.Components[name]
	if c == nil {
		t.Fatalf("component %s not found; have %v", name, sortedKeys(f.Components))
	}
	return c
}

// wantFlag asserts a component's effective flag value and its source.
func wantFlag(t *testing.T, c *Component, flag, value, source string) {
	t.Helper()
	got, ok := c.Flag(flag)
	if !ok || got != value {
		t.Errorf("%s --%s = %q (set %v), want %q", c.Name, flag, got, ok, value)
	}
	if source != "" && c.FlagSources[flag] != source {
		t.Errorf("%s --%s source = %q, want %q", c.Name, flag, c.FlagSources[flag], source)
	}
}

// wantSetting asserts an effective setting's value (compared as JSON) and
// source.
func wantSetting(t *testing.T, c *Component, key string, value any, source string) Setting {
	t.Helper()
	s, ok := c.Setting(key)
	if !ok {
		t.Fatalf("%s setting %s missing", c.Name, key)
	}
	if jsonOf(s.Value) != jsonOf(value) {
		t.Errorf("%s %s = %s, want %s", c.Name, key, jsonOf(s.Value), jsonOf(value))
	}
	if s.Source != source {
		t.Errorf("%s %s source = %q, want %q", c.Name, key, s.Source, source)
	}
	return s
}

func jsonOf(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}

// wantFile asserts a file's existence, mode and owner. Asserting an owner
// needs the fixture chowned, so it fails without root.
func wantFile(t *testing.T, f *Facts, path, role, mode, owner, group string) File {
	t.Helper()
	file, ok := f.File(path)
	if !ok {
		t.Fatalf("file %s not recorded", path)
	}
	if role != "" && !slices.Contains(file.Roles, role) {
		t.Errorf("file %s roles = %v, want %s", path, file.Roles, role)
	}
	if mode == "" {
		if file.Exists {
			t.Errorf("file %s exists, want absent", path)
		}
		return file
	}
	if !file.Exists || file.Mode != mode {
		t.Errorf("file %s exists=%v mode=%q, want mode %q", path, file.Exists, file.Mode, mode)
	}
	if file.ModeBits == nil || fmt.Sprintf("%04o", *file.ModeBits) != mode {
		t.Errorf("file %s modeBits does not match mode %s", path, mode)
	}
	if owner != "" || group != "" {
		requireRoot(t)
		if file.Owner != owner || file.Group != group {
			t.Errorf("file %s owner %s:%s, want %s:%s", path, file.Owner, file.Group, owner, group)
		}
	}
	return file
}

// wantProfile asserts the detected platform.
func wantProfile(t *testing.T, f *Facts, name string) {
	t.Helper()
	if f.Platform.Name != name || !f.Platform.Detected {
		t.Errorf("platform = %s (detected %v), want %s; evidence %+v", f.Platform.Name, f.Platform.Detected, name, f.Platform.Evidence)
	}
	if len(f.Platform.Evidence) == 0 {
		t.Errorf("no platform evidence recorded")
	}
}

// hasError reports whether an error mentioning substr was recorded for path.
func hasError(f *Facts, path, substr string) bool {
	for _, e := range f.Errors {
		if e.Path == path && strings.Contains(e.Message, substr) {
			return true
		}
	}
	return false
}
