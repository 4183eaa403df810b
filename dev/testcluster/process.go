package testcluster

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"sync"
	"syscall"
	"time"
)

// spawner runs cmd.Start on one OS thread that never exits. Pdeathsig fires
// when the thread that forked the child exits, not the process; Go keeps its
// threads alive unless a goroutine exits while locked to one, which a test
// could do. Forking from a dedicated locked thread rules that out.
var spawner struct {
	once sync.Once
	reqs chan func()
}

func onSpawnerThread(f func()) {
	spawner.once.Do(func() {
		spawner.reqs = make(chan func())
		go func() {
			runtime.LockOSThread() // never unlocked: this goroutine never returns
			for req := range spawner.reqs {
				req()
			}
		}()
	})
	done := make(chan struct{})
	spawner.reqs <- func() {
		defer close(done)
		f()
	}
	<-done
}

// process is a child process whose stdout and stderr go to a log file.
type process struct {
	name    string
	cmd     *exec.Cmd
	logPath string
	done    chan struct{} // closed when the process has been reaped
	err     error         // Wait's result; valid once done is closed
}

// startProcess starts bin with args, logging to logPath. The child gets its own
// process group (so a terminal's Ctrl-C reaches only the parent, which then
// stops it in order) and is killed by the kernel if the thread that started it
// dies (Pdeathsig), so a crashed test binary leaves no server behind.
func startProcess(name, bin string, args []string, dir, logPath string) (*process, error) {
	logFile, err := os.OpenFile(logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return nil, err
	}
	defer logFile.Close() // the child keeps its own descriptor

	cmd := exec.Command(bin, args...)
	cmd.Dir = dir
	cmd.Stdout = logFile
	cmd.Stderr = logFile
	cmd.Env = os.Environ()
	cmd.SysProcAttr = sysProcAttr()
	onSpawnerThread(func() { err = cmd.Start() })
	if err != nil {
		return nil, fmt.Errorf("starting %s: %w", name, err)
	}
	p := &process{name: name, cmd: cmd, logPath: logPath, done: make(chan struct{})}
	go func() {
		p.err = cmd.Wait()
		close(p.done)
	}()
	return p, nil
}

func (p *process) pid() int { return p.cmd.Process.Pid }

func (p *process) exited() bool {
	select {
	case <-p.done:
		return true
	default:
		return false
	}
}

// exitError describes how the process ended, with the tail of its log.
func (p *process) exitError() error {
	return fmt.Errorf("%s exited early (%v); last lines of %s:\n%s", p.name, p.err, p.logPath, fileTail(p.logPath, 30))
}

// stop sends SIGTERM, waits up to grace, then SIGKILLs the process group and
// waits for the process to be reaped. It reports whether it had to kill.
func (p *process) stop(grace time.Duration) (killed bool, err error) {
	if p == nil || p.exited() {
		return false, nil
	}
	if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil && !errors.Is(err, os.ErrProcessDone) {
		return false, err
	}
	t := time.NewTimer(grace)
	defer t.Stop()
	select {
	case <-p.done:
		return false, nil
	case <-t.C:
	}
	// Kill the whole group: neither etcd nor kube-apiserver forks, but make sure.
	_ = syscall.Kill(-p.pid(), syscall.SIGKILL)
	_ = p.cmd.Process.Kill()
	select {
	case <-p.done:
		return true, nil
	case <-time.After(10 * time.Second):
		return true, fmt.Errorf("%s (pid %d) did not die after SIGKILL", p.name, p.pid())
	}
}

// Exited returns a channel that is closed once etcd or kube-apiserver has
// exited, for whatever reason (a crash, or Stop). Use it to notice that a
// long-running cluster died.
func (c *Cluster) Exited() <-chan struct{} {
	c.exitedOnce.Do(func() {
		c.exited = make(chan struct{})
		go func() {
			select {
			case <-c.etcd.done:
			case <-c.apiserver.done:
			}
			close(c.exited)
		}()
	})
	return c.exited
}

// Stop terminates kube-apiserver, then etcd (SIGTERM, then SIGKILL after a
// grace period), and removes Dir unless Options.KeepDir was set. It is safe
// to call more than once and from several goroutines; later calls return the
// first call's result.
func (c *Cluster) Stop() error {
	c.stopOnce.Do(func() {
		var errs []error
		if _, err := c.apiserver.stop(15 * time.Second); err != nil {
			errs = append(errs, err)
		}
		if _, err := c.etcd.stop(10 * time.Second); err != nil {
			errs = append(errs, err)
		}
		if !c.keepDir && c.Dir != "" {
			if err := os.RemoveAll(c.Dir); err != nil {
				errs = append(errs, err)
			}
		}
		c.stopErr = errors.Join(errs...)
	})
	return c.stopErr
}
