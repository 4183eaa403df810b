//go:build unix && !linux

package testcluster

import "syscall"

// Without Pdeathsig, children outlive a crashed test binary on these systems;
// Stop still terminates them normally.
func sysProcAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true}
}
