// Package cgroup runs a command under a memory limit the way a container
// runtime would: in a child of this process's memory cgroup (v1 or v2) with
// the limit set, so that the kernel, not the command, enforces it, and the
// command sees it as a Pod with limits.memory would.
package cgroup

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
)

// Group is a child memory cgroup made for one command.
type Group struct {
	dir string
	v2  bool
}

// New makes a child of this process's memory cgroup limited to limit bytes.
// It fails, saying why, where cgroups cannot be written.
func New(name string, limit int64) (*Group, error) {
	f, err := os.Open("/proc/self/cgroup")
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var v1, v2 string
	hasV2 := false
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		parts := strings.SplitN(sc.Text(), ":", 3)
		if len(parts) != 3 {
			continue
		}
		switch {
		case parts[0] == "0" && parts[1] == "":
			v2, hasV2 = parts[2], true
		case containsController(parts[1], "memory"):
			v1 = parts[2]
		}
	}
	var g Group
	switch {
	case v1 != "":
		g.dir = filepath.Join("/sys/fs/cgroup/memory", v1, name)
	case hasV2:
		g.dir, g.v2 = filepath.Join("/sys/fs/cgroup", v2, name), true
	default:
		return nil, errors.New("no memory cgroup in /proc/self/cgroup")
	}
	if err := os.Mkdir(g.dir, 0o755); err != nil && !os.IsExist(err) {
		return nil, err
	}
	file, value := "memory.limit_in_bytes", strconv.FormatInt(limit, 10)
	if g.v2 {
		file = "memory.max"
	}
	if err := os.WriteFile(filepath.Join(g.dir, file), []byte(value), 0o644); err != nil {
		g.Remove()
		return nil, err
	}
	return &g, nil
}

func containsController(list, name string) bool {
	for _, c := range strings.Split(list, ",") {
		if c == name {
			return true
		}
	}
	return false
}

// Command returns a command that joins the group before it execs name: the
// shell writes its own pid into the group, then becomes the command, so the
// command's every allocation is counted from its first instruction.
func (g *Group) Command(name string, args ...string) *exec.Cmd {
	procs := filepath.Join(g.dir, "cgroup.procs")
	return exec.Command("/bin/sh", append([]string{"-c", `echo $$ > "$0" && exec "$@"`, procs, name}, args...)...)
}

// Peak is the most memory the group has been charged, in bytes, and how
// many times the kernel's OOM killer acted in it.
func (g *Group) Peak() (peak int64, oomKills int, err error) {
	file := "memory.max_usage_in_bytes"
	if g.v2 {
		file = "memory.peak"
	}
	b, err := os.ReadFile(filepath.Join(g.dir, file))
	if err != nil {
		return 0, 0, err
	}
	peak, err = strconv.ParseInt(strings.TrimSpace(string(b)), 10, 64)
	if err != nil {
		return 0, 0, fmt.Errorf("%s: %w", file, err)
	}
	events := "memory.oom_control"
	if g.v2 {
		events = "memory.events"
	}
	b, err = os.ReadFile(filepath.Join(g.dir, events))
	if err != nil {
		return peak, 0, err
	}
	for _, line := range strings.Split(string(b), "\n") {
		if f := strings.Fields(line); len(f) == 2 && f[0] == "oom_kill" {
			oomKills, _ = strconv.Atoi(f[1])
		}
	}
	return peak, oomKills, nil
}

// Remove deletes the group; it must be empty (the command has exited).
func (g *Group) Remove() error { return os.Remove(g.dir) }
