package nodefacts

import (
	"encoding/json"
	"fmt"
	"path"
	"strings"
)

// ManifestContainer is one container of a static pod manifest.
type ManifestContainer struct {
	Name    string           `json:"name"`
	Command []string         `json:"command"`
	Args    []string         `json:"args"`
	Env     []ManifestEnvVar `json:"env"`
}

// ManifestEnvVar is one environment variable of a manifest container.
// ValueFrom is set when the value comes from elsewhere (a Secret, a
// ConfigMap, a field): it cannot be known from the manifest.
type ManifestEnvVar struct {
	Name      string `json:"name"`
	Value     string `json:"value"`
	ValueFrom any    `json:"valueFrom"`
}

// staticPod is the part of a Pod manifest the collector reads.
type staticPod struct {
	Kind     string `json:"kind"`
	Metadata struct {
		Name string `json:"name"`
	} `json:"metadata"`
	Spec struct {
		Containers []ManifestContainer `json:"containers"`
	} `json:"spec"`
}

// ParseStaticPod parses a static pod manifest (YAML or JSON) and returns
// its name and containers.
func ParseStaticPod(data []byte) (name string, containers []ManifestContainer, err error) {
	m, err := ParseConfigDocument(data)
	if err != nil {
		return "", nil, err
	}
	if k, _ := m["kind"].(string); k != "Pod" {
		return "", nil, fmt.Errorf("kind is %q, not Pod", k)
	}
	j, err := json.Marshal(m)
	if err != nil {
		return "", nil, err
	}
	var pod staticPod
	if err := json.Unmarshal(j, &pod); err != nil {
		return "", nil, err
	}
	return pod.Metadata.Name, pod.Spec.Containers, nil
}

// containerArgv returns a container's full command line. A shell wrapper
// ("/bin/sh -c 'exec kube-proxy --a=b 1>>/var/log/x.log 2>&1'") is
// unwrapped into the command it execs.
func containerArgv(ct ManifestContainer) []string {
	argv := append(append([]string{}, ct.Command...), ct.Args...)
	if len(argv) >= 3 && (path.Base(argv[0]) == "sh" || path.Base(argv[0]) == "bash") && argv[1] == "-c" {
		words := SplitShellWords(strings.Join(argv[2:], " "))
		if len(words) > 0 && words[0] == "exec" {
			words = words[1:]
		}
		var out []string
		for _, w := range words {
			if w == "" {
				continue
			}
			if w == "&&" || w == "||" || w == ";" || w == "|" || isRedirect(w) {
				break
			}
			out = append(out, w)
		}
		return out
	}
	return argv
}

// manifestComponent decides which component a manifest container runs:
// by its command's binary, else by container name, else by file name.
func manifestComponent(file string, ct ManifestContainer) (string, []string) {
	argv := containerArgv(ct)
	if name, args, ok := identify(argv); ok {
		return name, args
	}
	for _, candidate := range []string{ct.Name, strings.TrimSuffix(path.Base(file), path.Ext(path.Base(file)))} {
		if n, ok := componentBinaries[candidate]; ok {
			if len(ct.Command) == 0 {
				return n, argv
			}
			if len(argv) > 0 {
				return n, argv[1:]
			}
		}
	}
	return "", nil
}

// staticPods reads every manifest in the static pod directory (or the
// single file staticPodPath names). A component found as a process keeps
// its process flags and gets ManifestPath; a component with only a
// manifest takes its flags from it.
func (c *collector) staticPods(dir, by string) {
	var files []string
	if c.fs.isDir(dir) {
		c.addFile(dir, by, RoleStaticPodDir)
		entries, err := c.fs.readDir(dir)
		if err != nil {
			c.addError(dir, err)
		}
		for _, e := range entries {
			if strings.HasPrefix(e.Name(), ".") || e.IsDir() {
				continue
			}
			files = append(files, path.Join(dir, e.Name()))
		}
	} else if c.fs.exists(dir) {
		files = []string{dir}
	} else {
		c.addFile(dir, by, RoleStaticPodDir)
		return
	}
	for _, f := range files {
		roles := []string{RoleStaticPodManifest}
		data, err := c.fs.readFile(f)
		if err != nil {
			c.addError(f, err)
			c.addFile(f, by, roles...)
			continue
		}
		_, containers, err := ParseStaticPod(data)
		if err != nil {
			c.addError(f, err)
		}
		for _, ct := range containers {
			name, args := manifestComponent(f, ct)
			if manifestRoles[name] == "" {
				continue
			}
			roles = append(roles, manifestRoles[name])
			c.fromManifest(name, f, args, ct.Env)
			break
		}
		c.addFile(f, by, roles...)
	}
}

// fromManifest records a component's manifest, taking its flags (and its
// container's environment, for etcd) from the manifest when no process of
// it was found.
func (c *collector) fromManifest(name, file string, args []string, env []ManifestEnvVar) {
	if comp := c.facts.Components[name]; comp != nil {
		if comp.ManifestPath == "" {
			comp.ManifestPath = file
		} else if comp.ManifestPath != file {
			comp.Notes = append(comp.Notes, "also defined by manifest "+file)
		}
		return
	}
	comp := &Component{
		Name:         name,
		Source:       "manifest:" + file,
		ManifestPath: file,
		Args:         RedactArgs(append([]string{}, args...)),
	}
	flags, pos := ParseFlags(args)
	comp.setFlags(flags, "manifest:"+file)
	comp.Positional = redactAll(pos)
	if len(env) > 0 {
		if c.manifestEnv == nil {
			c.manifestEnv = map[string][]ManifestEnvVar{}
		}
		c.manifestEnv[name] = env
	}
	comp.Notes = append(comp.Notes, "no running process found; flags are from the static pod manifest")
	c.facts.Components[name] = comp
}

// isRedirect reports whether a shell word is a redirection (">x",
// "2>&1", "1>>/var/log/x.log").
func isRedirect(w string) bool {
	w = strings.TrimLeft(w, "0123456789&")
	return strings.HasPrefix(w, ">") || strings.HasPrefix(w, "<")
}
