package testcluster

import "syscall"

func sysProcAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{
		Setpgid: true,
		// If the test binary (more exactly: the OS thread that started the
		// child; Go does not retire threads it did not lock) dies, the kernel
		// kills the child.
		Pdeathsig: syscall.SIGKILL,
	}
}
