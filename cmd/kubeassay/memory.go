package main

import (
	"errors"
	"fmt"
	"os"
	"runtime/debug"

	"github.com/KimMachineGun/automemlimit/memlimit"
)

// defaultMemoryLimit is the soft heap limit when nothing smaller is asked
// for: GOGC 400 lets the heap grow to five times what is live, and this
// caps it on a workstation or CI runner.
const defaultMemoryLimit = 768 << 20

// cgroupShare is the part of a container's memory limit given to the Go
// heap; the rest covers stacks, the runtime and what the kernel counts
// against the cgroup besides the heap.
const cgroupShare = 0.9

// memorySetting says which soft memory limit a run uses and where it came
// from, so that `kubeassay version` can show it.
type memorySetting struct {
	Limit  int64  // bytes
	Source string // "GOMEMLIMIT", "cgroup", or "default"
	Cgroup uint64 // the container's limit in bytes, 0 when none was found
	Note   string // why the cgroup was not used, when it was not
}

// chooseMemoryLimit decides the soft limit: GOMEMLIMIT wins; otherwise the
// smaller of the default and 90 % of the cgroup's memory limit, so that a
// CronJob with limits.memory 512Mi collects before the kernel kills it.
func chooseMemoryLimit(env string, cgroup func() (uint64, error)) memorySetting {
	if env != "" {
		return memorySetting{Limit: debug.SetMemoryLimit(-1), Source: "GOMEMLIMIT"}
	}
	s := memorySetting{Limit: defaultMemoryLimit, Source: "default"}
	limit, err := cgroup()
	switch {
	case errors.Is(err, memlimit.ErrNoLimit):
		s.Note = "the cgroup sets no memory limit"
	case errors.Is(err, memlimit.ErrNoCgroup):
		s.Note = "not in a memory cgroup"
	case err != nil:
		s.Note = "cgroup limit unreadable: " + err.Error()
	case limit == 0:
		s.Note = "the cgroup reports a zero memory limit"
	default:
		s.Cgroup = limit
		if share := int64(float64(limit) * cgroupShare); share < s.Limit {
			s.Limit, s.Source = share, "cgroup"
		}
	}
	return s
}

// memory is the setting this process runs with, decided once in tuneGC.
var memory memorySetting

// tuneGC trades memory for speed: a scan allocates many short-lived decoded
// objects, and collecting at 4x the live heap instead of 2x halves the time
// spent in the collector. A soft memory limit keeps the heap bounded all the
// same, below the container's limit when there is one. GOGC and GOMEMLIMIT,
// when set, win.
func tuneGC() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}
	memory = chooseMemoryLimit(os.Getenv("GOMEMLIMIT"), memlimit.FromCgroup)
	if memory.Source != "GOMEMLIMIT" {
		debug.SetMemoryLimit(memory.Limit)
	}
}

// String is the setting in a line for people.
func (s memorySetting) String() string {
	out := fmt.Sprintf("%d MiB from %s", s.Limit>>20, s.Source)
	switch {
	case s.Cgroup > 0:
		out += fmt.Sprintf(" (cgroup limit %d MiB)", s.Cgroup>>20)
	case s.Note != "":
		out += " (" + s.Note + ")"
	}
	return out
}
