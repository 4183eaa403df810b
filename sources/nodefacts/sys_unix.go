//go:build unix

package nodefacts

import (
	"errors"
	"os"
	"syscall"
)

// ownerOf returns the numeric owner and group of a file.
func ownerOf(fi os.FileInfo) (uid, gid uint32, ok bool) {
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return 0, 0, false
	}
	return st.Uid, st.Gid, true
}

// openForRead opens without blocking on FIFOs and, unless follow is set,
// without following a symlink in the last component.
func openForRead(p string, follow bool) (*os.File, error) {
	flags := os.O_RDONLY | syscall.O_NONBLOCK
	if !follow {
		flags |= syscall.O_NOFOLLOW
	}
	return os.OpenFile(p, flags, 0)
}

// processVanished reports whether a /proc read failed because the
// process exited.
func processVanished(err error) bool {
	return errors.Is(err, os.ErrNotExist) || errors.Is(err, syscall.ESRCH)
}
