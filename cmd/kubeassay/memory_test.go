package main

import (
	"fmt"
	"os"
	"runtime/debug"
	"strings"
	"testing"

	"github.com/KimMachineGun/automemlimit/memlimit"
)

func TestMemoryLimitFollowsTheCgroup(t *testing.T) {
	limit := func(n uint64, err error) func() (uint64, error) {
		return func() (uint64, error) { return n, err }
	}
	for _, tc := range []struct {
		name   string
		cgroup func() (uint64, error)
		want   int64
		source string
		note   string
	}{
		{"512Mi container", limit(512<<20, nil), 483183820, "cgroup", ""},
		{"128Mi container", limit(128<<20, nil), 120795955, "cgroup", ""},
		{"8Gi container keeps the default", limit(8<<30, nil), defaultMemoryLimit, "default", ""},
		{"no limit", limit(0, memlimit.ErrNoLimit), defaultMemoryLimit, "default", "no memory limit"},
		{"no cgroup", limit(0, memlimit.ErrNoCgroup), defaultMemoryLimit, "default", "not in a memory cgroup"},
		{"unreadable", limit(0, fmt.Errorf("open memory.max: %w", os.ErrPermission)), defaultMemoryLimit, "default", "permission denied"},
		{"zero", limit(0, nil), defaultMemoryLimit, "default", "zero"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := chooseMemoryLimit("", tc.cgroup)
			if got.Limit != tc.want || got.Source != tc.source {
				t.Fatalf("limit %d from %s, want %d from %s", got.Limit, got.Source, tc.want, tc.source)
			}
			if tc.note != "" && !strings.Contains(got.Note, tc.note) {
				t.Fatalf("note %q does not say %q", got.Note, tc.note)
			}
			if tc.source == "cgroup" && got.Limit >= int64(got.Cgroup) {
				t.Fatalf("soft limit %d is not below the cgroup's %d", got.Limit, got.Cgroup)
			}
		})
	}
}

func TestGOMEMLIMITWinsOverTheCgroup(t *testing.T) {
	old := debug.SetMemoryLimit(300 << 20)
	defer debug.SetMemoryLimit(old)
	called := false
	got := chooseMemoryLimit("300MiB", func() (uint64, error) { called = true; return 512 << 20, nil })
	if got.Source != "GOMEMLIMIT" || got.Limit != 300<<20 {
		t.Fatalf("got %+v, want 300 MiB from GOMEMLIMIT", got)
	}
	if called {
		t.Fatal("the cgroup was read although GOMEMLIMIT decides")
	}
}

func TestVersionShowsTheMemoryLimit(t *testing.T) {
	r := runCLI(t, "", "version", "-o", "json")
	for _, key := range []string{`"memoryLimit":`, `"memoryLimitSource":`} {
		if !strings.Contains(r.stdout, key) {
			t.Fatalf("version -o json lacks %s:\n%s", key, r.stdout)
		}
	}
}

func TestSoftLimitRisesWithTheLiveHeap(t *testing.T) {
	const mi = 1 << 20
	for _, tc := range []struct{ live, limit, ceiling, want int64 }{
		{300 * mi, 768 * mi, 20000 * mi, 768 * mi},   // room left: unchanged
		{380 * mi, 768 * mi, 20000 * mi, 768 * mi},   // under half: unchanged
		{500 * mi, 768 * mi, 20000 * mi, 1500 * mi},  // past half: three times the live heap
		{3000 * mi, 1000 * mi, 4000 * mi, 4000 * mi}, // never past the ceiling
		{450 * mi, 460 * mi, 460 * mi, 460 * mi},     // a 512Mi container: already at its ceiling
		{100 * mi, 768 * mi, 0, 768 * mi},            // no ceiling known
	} {
		if got := raisedLimit(tc.live, tc.limit, tc.ceiling); got != tc.want {
			t.Errorf("live %d MiB, limit %d MiB, ceiling %d MiB: %d MiB, want %d MiB", tc.live/mi, tc.limit/mi, tc.ceiling/mi, got/mi, tc.want/mi)
		}
	}
	s := chooseMemoryLimit("", func() (uint64, error) { return 8 << 30, nil })
	if s.Limit != defaultMemoryLimit || s.Ceiling != 7730941132 {
		t.Errorf("8Gi container: limit %d, ceiling %d", s.Limit, s.Ceiling)
	}
}
