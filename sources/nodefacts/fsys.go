package nodefacts

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
)

// DefaultMaxFileSize caps every file read; larger files are not parsed
// and an error is recorded.
const DefaultMaxFileSize = 4 << 20

const (
	maxSymlinks = 40 // per path resolution, as the kernel
	maxDirDepth = 8
)

// maxDirEntries caps the entries of one directory tree walked (and of one
// directory read). A variable so tests can make it small.
var maxDirEntries = 5000

var (
	errTooManyLinks = errors.New("too many levels of symbolic links")
	errNotRegular   = errors.New("not a regular file")
)

// tooManyEntriesError says a directory had more entries than
// maxDirEntries; the rest were ignored.
type tooManyEntriesError struct{ max int }

func (e tooManyEntriesError) Error() string {
	return fmt.Sprintf("more than %d entries, rest ignored", e.max)
}

// hostFS reads the host's filesystem mounted under root. Paths given to it
// are host paths ("/etc/kubernetes/admin.conf"). Symlinks are resolved by
// hostFS itself, so an absolute link target is taken relative to root and
// never escapes it; paths under /proc are left to the kernel, whose
// /proc/<pid>/root links lead into a container's filesystem.
type hostFS struct {
	root    string
	maxRead int64
	// readDirFault, when set (tests only), makes readDir fail for the
	// host paths it returns an error for, as an unreadable directory
	// would for a collector without root's privileges.
	readDirFault func(p string) error
}

func newHostFS(root string, maxRead int64) *hostFS {
	if maxRead <= 0 {
		maxRead = DefaultMaxFileSize
	}
	return &hostFS{root: filepath.Clean(root), maxRead: maxRead}
}

// cleanHostPath makes p absolute and clean ("a/../b" -> "/b").
func cleanHostPath(p string) string {
	return path.Clean("/" + p)
}

// isProcPath reports whether p lies under /proc.
func isProcPath(p string) bool {
	return p == "/proc" || strings.HasPrefix(p, "/proc/")
}

// osPath maps a host path to the path this process opens, without
// resolving anything.
func (h *hostFS) osPath(p string) string {
	p = cleanHostPath(p)
	if h.root == "/" {
		return p
	}
	return filepath.Join(h.root, filepath.FromSlash(p))
}

// resolve follows the symlinks in every component of p, confined to root,
// and returns the resolved host path. A missing component yields the path
// as resolved so far joined with the rest, and an fs.ErrNotExist error.
func (h *hostFS) resolve(p string) (string, error) {
	p = cleanHostPath(p)
	if isProcPath(p) {
		return p, nil
	}
	links := 0
	resolved := "/"
	rest := strings.Split(strings.TrimPrefix(p, "/"), "/")
	for len(rest) > 0 {
		c := rest[0]
		rest = rest[1:]
		switch c {
		case "", ".":
			continue
		case "..":
			resolved = path.Dir(resolved)
			continue
		}
		next := path.Join(resolved, c)
		fi, err := os.Lstat(h.osPath(next))
		if err != nil {
			return path.Join(append([]string{next}, rest...)...), err
		}
		if fi.Mode()&fs.ModeSymlink == 0 {
			resolved = next
			continue
		}
		links++
		if links > maxSymlinks {
			return "", &fs.PathError{Op: "resolve", Path: p, Err: errTooManyLinks}
		}
		target, err := os.Readlink(h.osPath(next))
		if err != nil {
			return "", err
		}
		if strings.HasPrefix(target, "/") {
			resolved = "/"
		}
		rest = append(strings.Split(target, "/"), rest...)
	}
	return resolved, nil
}

// resolveParent resolves every component of p but the last.
func (h *hostFS) resolveParent(p string) (string, error) {
	p = cleanHostPath(p)
	if p == "/" || isProcPath(p) {
		return p, nil
	}
	dir, err := h.resolve(path.Dir(p))
	if err != nil {
		return path.Join(dir, path.Base(p)), err
	}
	return path.Join(dir, path.Base(p)), nil
}

// exists reports whether p exists (following symlinks).
func (h *hostFS) exists(p string) bool {
	rp, err := h.resolve(p)
	if err != nil {
		return false
	}
	_, err = os.Stat(h.osPath(rp))
	return err == nil
}

// lookup reports whether p exists (following symlinks). err is set when
// that cannot be told: p may exist but could not be reached (permission
// denied, a symlink loop...). A missing p is not an error.
func (h *hostFS) lookup(p string) (exists bool, err error) {
	rp, err := h.resolve(p)
	if err == nil {
		_, err = os.Stat(h.osPath(rp))
	}
	switch {
	case err == nil:
		return true, nil
	case errors.Is(err, fs.ErrNotExist):
		return false, nil
	}
	return false, err
}

// isDir reports whether p is a directory (following symlinks).
func (h *hostFS) isDir(p string) bool {
	rp, err := h.resolve(p)
	if err != nil {
		return false
	}
	fi, err := os.Stat(h.osPath(rp))
	return err == nil && fi.IsDir()
}

// readFile reads a regular file, at most maxRead bytes. It refuses FIFOs,
// devices and sockets without blocking on them.
func (h *hostFS) readFile(p string) ([]byte, error) {
	rp, err := h.resolve(p)
	if err != nil {
		return nil, err
	}
	f, err := openForRead(h.osPath(rp), isProcPath(rp))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, &fs.PathError{Op: "read", Path: p, Err: errNotRegular}
	}
	data, err := io.ReadAll(io.LimitReader(f, h.maxRead+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > h.maxRead {
		return nil, &fs.PathError{Op: "read", Path: p,
			Err: fmt.Errorf("file larger than %d bytes, not parsed", h.maxRead)}
	}
	return data, nil
}

// readDir lists a directory (following symlinks to it), sorted by name.
func (h *hostFS) readDir(p string) ([]fs.DirEntry, error) {
	rp, err := h.resolve(p)
	if err != nil {
		return nil, err
	}
	if h.readDirFault != nil {
		if err := h.readDirFault(cleanHostPath(p)); err != nil {
			return nil, &fs.PathError{Op: "open", Path: p, Err: err}
		}
	}
	entries, err := os.ReadDir(h.osPath(rp))
	if len(entries) > maxDirEntries {
		entries = entries[:maxDirEntries]
		if err == nil {
			err = &fs.PathError{Op: "readdir", Path: p, Err: tooManyEntriesError{maxDirEntries}}
		}
	}
	sort.Slice(entries, func(i, j int) bool { return entries[i].Name() < entries[j].Name() })
	return entries, err
}

// walkFiles lists the regular files (and symlinks) under dir, recursing
// into subdirectories in lexical order (like filepath.WalkDir) without
// following symlinked directories. Directories are reported too when
// withDirs is set. Walking stops after maxDirEntries entries or
// maxDirDepth levels; the errors met are returned alongside, and
// incomplete says, once per cause, why the listing is partial ("stopped
// after 5000 entries", "cannot read <dir>: permission denied").
func (h *hostFS) walkFiles(dir string, withDirs bool) (files, dirs []string, errs []Error, incomplete []string) {
	count := 0
	stopped := false
	seen := map[string]bool{}
	partial := func(why string) {
		if !seen[why] {
			seen[why] = true
			incomplete = append(incomplete, why)
		}
	}
	var walk func(d string, depth int)
	walk = func(d string, depth int) {
		if depth > maxDirDepth {
			errs = append(errs, Error{Path: d, Message: fmt.Sprintf("deeper than %d levels, not walked", maxDirDepth)})
			partial(fmt.Sprintf("not walked below %s: deeper than %d levels", d, maxDirDepth))
			return
		}
		entries, err := h.readDir(d)
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			errs = append(errs, Error{Path: d, Message: errMessage(err)})
			var tooMany tooManyEntriesError
			if errors.As(err, &tooMany) {
				partial(fmt.Sprintf("stopped after %d entries", tooMany.max))
			} else {
				partial("cannot read " + d + ": " + errCause(err))
			}
		}
		for _, e := range entries {
			if stopped {
				return
			}
			count++
			if count > maxDirEntries {
				stopped = true
				errs = append(errs, Error{Path: dir, Message: tooManyEntriesError{maxDirEntries}.Error()})
				partial(fmt.Sprintf("stopped after %d entries", maxDirEntries))
				return
			}
			p := path.Join(d, e.Name())
			if e.IsDir() {
				if withDirs {
					dirs = append(dirs, p)
				}
				walk(p, depth+1)
				continue
			}
			files = append(files, p)
		}
	}
	if withDirs && h.isDir(dir) {
		dirs = append(dirs, cleanHostPath(dir))
	}
	walk(cleanHostPath(dir), 0)
	return files, dirs, errs, incomplete
}

// errMessage renders an error without the collector's own path prefix:
// the host path is recorded next to it.
func errMessage(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Op + ": " + pe.Err.Error()
	}
	var le *os.LinkError
	if errors.As(err, &le) {
		return le.Op + ": " + le.Err.Error()
	}
	return err.Error()
}

// errCause renders an error without its operation or path: "permission
// denied" rather than "open /x: permission denied".
func errCause(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	var le *os.LinkError
	if errors.As(err, &le) {
		return le.Err.Error()
	}
	return err.Error()
}
