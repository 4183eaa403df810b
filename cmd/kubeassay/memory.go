package main

import (
	"errors"
	"fmt"
	"os"
	"runtime/debug"
	"runtime/metrics"
	"time"

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
	// Ceiling is how far followLiveHeap may raise Limit: 90 % of the
	// container's limit, or of the machine's memory without one; 0 when
	// neither is known (Limit then stays).
	Ceiling int64
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
		s.Ceiling = int64(float64(limit) * cgroupShare)
		if s.Ceiling < s.Limit {
			s.Limit, s.Source = s.Ceiling, "cgroup"
		}
	}
	return s
}

// raisedLimit is the soft limit to use once the live heap is live bytes:
// the limit as it is while the heap stays under half of it, and otherwise
// three times the live heap, up to ceiling. A soft limit below what the
// scan must keep (the inventory of a million objects) makes the collector
// run without pause: the 1M-object scan took 297 s at 768 MiB and 70 s
// unbounded; and the room above the live heap must grow with it, or each
// collection marks more for the same allocation (twice the live heap past
// 60 %: 67 s; three times past half: 61 s, before the inventory was kept as
// bytes).
func raisedLimit(live, limit, ceiling int64) int64 {
	if live*2 <= limit || limit >= ceiling {
		return limit
	}
	return min(ceiling, max(limit, 3*live))
}

// followLiveHeap raises the soft limit as the live heap grows (raisedLimit),
// checking every 100 ms, until the process exits.
func followLiveHeap(s memorySetting) {
	if s.Ceiling <= s.Limit {
		return
	}
	go func() {
		sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
		limit := s.Limit
		for range time.Tick(100 * time.Millisecond) {
			metrics.Read(sample)
			if sample[0].Value.Kind() != metrics.KindUint64 {
				return
			}
			if next := raisedLimit(int64(sample[0].Value.Uint64()), limit, s.Ceiling); next != limit {
				limit = next
				debug.SetMemoryLimit(limit)
			}
		}
	}()
}

// memory is the setting this process runs with, decided once in tuneGC.
var memory memorySetting

// tuneGC trades memory for speed: a scan allocates many short-lived decoded
// objects, and collecting at 4x the live heap instead of 2x halves the time
// spent in the collector. A soft memory limit keeps the heap bounded all the
// same, below the container's limit when there is one, and raised as the
// live heap grows so that it never stands below what the scan must keep.
// GOGC and GOMEMLIMIT, when set, win.
func tuneGC() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}
	memory = chooseMemoryLimit(os.Getenv("GOMEMLIMIT"), memlimit.FromCgroup)
	if memory.Source != "GOMEMLIMIT" {
		if memory.Ceiling == 0 {
			if total, err := memlimit.FromSystem(); err == nil {
				memory.Ceiling = int64(float64(total) * cgroupShare)
			}
		}
		debug.SetMemoryLimit(memory.Limit)
		followLiveHeap(memory)
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
