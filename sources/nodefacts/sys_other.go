//go:build !unix

package nodefacts

import (
	"errors"
	"os"
)

// ownerOf is not supported off Unix: ownership is left out.
func ownerOf(os.FileInfo) (uid, gid uint32, ok bool) {
	return 0, 0, false
}

func openForRead(p string, _ bool) (*os.File, error) {
	return os.Open(p)
}

func processVanished(err error) bool {
	return errors.Is(err, os.ErrNotExist)
}
