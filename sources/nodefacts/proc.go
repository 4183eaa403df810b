package nodefacts

import (
	"bytes"
	"context"
	"path"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// process is one entry of <root>/proc with a non-empty command line.
type process struct {
	PID  int
	Argv []string
	// Cut: the command line does not end with the NUL every argument
	// ends with, so arguments after the cut may be missing.
	Cut bool
}

// splitCmdline splits /proc/<pid>/cmdline (NUL-separated argv). A process
// that rewrote its title into a single space-separated argv[0] ("k3s
// server") is split on whitespace.
func splitCmdline(data []byte) []string {
	s := strings.TrimRight(string(data), "\x00")
	if s == "" {
		return nil
	}
	argv := strings.Split(s, "\x00")
	if len(argv) == 1 && strings.ContainsAny(argv[0], " \t") {
		argv = strings.Fields(argv[0])
	}
	return argv
}

// scanProcesses reads the command line of every process under
// <root>/proc. Processes that exit while being read are skipped: they
// cannot be told apart from processes that never existed. Other read
// errors are recorded.
func (c *collector) scanProcesses(ctx context.Context) []process {
	entries, err := c.fs.readDir("/proc")
	if err != nil {
		c.addError("/proc", err)
	}
	var procs []process
	for _, e := range entries {
		if ctx.Err() != nil {
			return procs
		}
		pid, err := strconv.Atoi(e.Name())
		if err != nil || pid <= 0 {
			continue
		}
		if len(c.opts.PIDs) > 0 && !slices.Contains(c.opts.PIDs, pid) {
			continue
		}
		p := path.Join("/proc", e.Name(), "cmdline")
		data, err := c.fs.readFile(p)
		if err != nil {
			if processVanished(err) {
				continue // the process went away
			}
			c.addError(p, err)
			continue
		}
		c.facts.Metadata.ProcessesScanned++
		argv := splitCmdline(data)
		if len(argv) == 0 {
			continue // kernel thread or zombie
		}
		// Arguments are NUL-terminated; NULs inside but none at the end is
		// a command line cut short (a title rewritten with spaces has none).
		cut := bytes.IndexByte(data, 0) >= 0 && data[len(data)-1] != 0
		procs = append(procs, process{PID: pid, Argv: argv, Cut: cut})
	}
	sort.Slice(procs, func(i, j int) bool { return procs[i].PID < procs[j].PID })
	return procs
}

var versionSuffix = regexp.MustCompile(`-v?[0-9]+(\.[0-9]+)*$`)

// componentBinaries maps a binary's basename to the component it runs.
var componentBinaries = map[string]string{
	"kube-apiserver":          KubeAPIServer,
	"kube-controller-manager": KubeControllerManager,
	"kube-scheduler":          KubeScheduler,
	"etcd":                    Etcd,
	"kubelet":                 Kubelet,
	"kube-proxy":              KubeProxy,
}

// hyperkubeCommands maps hyperkube's first argument to a component.
var hyperkubeCommands = map[string]string{
	"kubelet": Kubelet, "kube-apiserver": KubeAPIServer, "apiserver": KubeAPIServer,
	"kube-controller-manager": KubeControllerManager, "controller-manager": KubeControllerManager,
	"kube-scheduler": KubeScheduler, "scheduler": KubeScheduler,
	"kube-proxy": KubeProxy, "proxy": KubeProxy,
}

// identify decides which component a command line runs. It returns the
// component name and the arguments after the binary (and after
// hyperkube's subcommand). k3s and rke2 are returned as "k3s"/"rke2" only
// for their server and agent subcommands.
func identify(argv []string) (name string, args []string, ok bool) {
	if len(argv) == 0 {
		return "", nil, false
	}
	base := path.Base(argv[0])
	base = strings.TrimSuffix(base, ":")
	// Versioned installs: kube-apiserver-v1.37.2, kubelet-1.34.
	base = versionSuffix.ReplaceAllString(base, "")
	if n, found := componentBinaries[base]; found {
		return n, argv[1:], true
	}
	switch base {
	case "hyperkube":
		if len(argv) > 1 {
			if n, found := hyperkubeCommands[argv[1]]; found {
				return n, argv[2:], true
			}
		}
	case "k3s", "rke2":
		_, pos := ParseFlags(argv[1:])
		if len(pos) > 0 && (pos[0] == "server" || pos[0] == "agent") {
			return base, argv[1:], true
		}
	case "k3s-server", "k3s-agent", "rke2-server", "rke2-agent":
		// Some versions rename their process title to "k3s-server".
		sup, role, _ := strings.Cut(base, "-")
		return sup, append([]string{role}, argv[1:]...), true
	}
	return "", nil, false
}

// supervisorRole returns "server" or "agent" for a k3s/rke2 component.
func supervisorRole(c *Component) string {
	for _, p := range c.Positional {
		if p == "server" || p == "agent" {
			return p
		}
	}
	return ""
}

// componentsFromProcesses builds one component per kind of process found;
// the lowest PID wins and the others are listed in OtherPIDs.
func (c *collector) componentsFromProcesses(procs []process) {
	for _, p := range procs {
		name, args, ok := identify(p.Argv)
		if !ok {
			continue
		}
		if existing := c.facts.Components[name]; existing != nil {
			existing.OtherPIDs = append(existing.OtherPIDs, p.PID)
			continue
		}
		comp := &Component{
			Name:    name,
			Running: true,
			Source:  "process",
			Binary:  p.Argv[0],
			PID:     p.PID,
			Args:    RedactArgs(append([]string{}, args...)),
		}
		parsed := args
		if p.Cut && len(parsed) > 0 {
			// The last argument is cut too: its value is not the one
			// the process was given.
			parsed = parsed[:len(parsed)-1]
		}
		flags, pos := ParseFlags(parsed)
		comp.setFlags(flags, "cmdline")
		if p.Cut {
			// Flags after the cut are not known, and one of them may
			// repeat a flag before it (the last one wins): no flag is
			// known, set or not.
			cp, msg := path.Join("/proc", strconv.Itoa(p.PID), "cmdline"), "the command line is cut short (it does not end with NUL): flags after the cut are not known"
			comp.Unreadable = append(comp.Unreadable, Error{Path: cp, Message: msg})
			comp.FlagsIncomplete = true
			c.addErrorMsg(cp, msg)
		}
		comp.Positional = redactAll(pos)
		c.facts.Components[name] = comp
	}
	for _, comp := range c.facts.Components {
		if len(comp.OtherPIDs) > 0 {
			comp.Notes = append(comp.Notes, "more than one process found; flags are from the lowest PID")
		}
	}
}
