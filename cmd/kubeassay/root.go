package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/pprof"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"github.com/spf13/viper"
)

// streams are the command's standard input and outputs.
type streams struct {
	in       io.Reader
	out, err io.Writer
}

func newRootCommand(in io.Reader, out, errOut io.Writer) *cobra.Command {
	s := streams{in: in, out: out, err: errOut}
	v := viper.New()
	var configFile, cpuProfile, memProfile string
	var stopProfile func()
	root := &cobra.Command{
		Use:   "kubeassay",
		Short: "Audit Kubernetes clusters and manifests against security benchmarks",
		Long: `kubeassay audits Kubernetes clusters, snapshots and manifests against security
benchmarks (the CIS Kubernetes Benchmark and its EKS, GKE and AKS variants, the NSA/CISA
Hardening Guide, the OWASP Kubernetes Top 10, the Pod Security Standards) and reports, per
control, PASS, FAIL, WARN, MANUAL, SKIP or ERROR with the objects at fault and how to fix
them. With no -b, a scan picks the benchmarks that fit the cluster.

Settings come from flags, then KUBEASSAY_* environment variables (KUBEASSAY_BENCHMARK,
KUBEASSAY_OUTPUT, ...), then a kubeassay.yaml file in the current directory or the one
given with --config. Flags win.`,
		SilenceUsage:  true,
		SilenceErrors: true,
		PersistentPreRunE: func(cmd *cobra.Command, _ []string) error {
			if cpuProfile != "" {
				stop, err := startCPUProfile(cpuProfile)
				if err != nil {
					return err
				}
				stopProfile = stop
			}
			return loadConfig(v, configFile, cmd)
		},
		PersistentPostRun: func(*cobra.Command, []string) {
			if stopProfile != nil {
				stopProfile()
			}
			if memProfile != "" {
				writeMemProfile(memProfile, errOut)
			}
		},
	}
	if isKubectlPlugin(programName) {
		// Installed as kubectl-assay, kubectl runs it as 'kubectl assay':
		// usage and examples say so.
		root.Annotations = map[string]string{cobra.CommandDisplayNameAnnotation: "kubectl assay"}
	}
	root.SetIn(in)
	root.SetOut(out)
	root.SetErr(errOut)
	root.PersistentFlags().StringVar(&configFile, "config", "", "configuration file (default: ./kubeassay.yaml when present)")
	root.PersistentFlags().StringVar(&cpuProfile, "cpuprofile", "", "write a CPU profile to this file")
	_ = root.PersistentFlags().MarkHidden("cpuprofile")
	root.PersistentFlags().StringVar(&memProfile, "memprofile", "", "write an allocation profile to this file when done")
	_ = root.PersistentFlags().MarkHidden("memprofile")
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return fmt.Errorf("%w\nSee '%s --help'.", err, c.CommandPath())
	})
	root.AddCommand(newScanCommand(s, v), newReportCommand(s, v), newSnapshotCommand(s, v), newRBACCommand(s, v), newNodeCommand(s, v), newBenchmarksCommand(s, v), newPolicyCommand(s, v), newCompareCommand(s, v), newConfigCommand(s), newKeygenCommand(s, v), newVerifyCommand(s, v), newVersionCommand(s, v))
	return root
}

// programName is the name the binary was run as.
var programName = filepath.Base(os.Args[0])

// isKubectlPlugin reports whether the binary runs as a kubectl plugin
// (kubectl-assay on the PATH; kubectl runs it for 'kubectl assay').
func isKubectlPlugin(name string) bool {
	return strings.TrimSuffix(name, ".exe") == "kubectl-assay"
}

func startCPUProfile(path string) (func(), error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, fmt.Errorf("--cpuprofile: %w", err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, fmt.Errorf("--cpuprofile: %w", err)
	}
	return func() { pprof.StopCPUProfile(); f.Close() }, nil
}

// writeMemProfile writes the heap profile, whose alloc_space view shows where
// the run allocated.
func writeMemProfile(path string, errOut io.Writer) {
	f, err := os.Create(path)
	if err == nil {
		err = pprof.Lookup("allocs").WriteTo(f, 0)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		fmt.Fprintf(errOut, "kubeassay: --memprofile: %v\n", err)
	}
}

// loadConfig reads the configuration file and environment into v, and binds
// the command's flags so that a flag set on the command line wins.
func loadConfig(v *viper.Viper, file string, cmd *cobra.Command) error {
	flags := cmd.Flags()
	v.SetEnvPrefix("KUBEASSAY")
	v.SetEnvKeyReplacer(strings.NewReplacer("-", "_", ".", "_"))
	v.AutomaticEnv()
	if file != "" {
		v.SetConfigFile(file)
		if err := v.ReadInConfig(); err != nil {
			return fmt.Errorf("--config %s: %w", file, err)
		}
		if err := checkConfigKeys(v, file, cmd.Root()); err != nil {
			return err
		}
	} else if _, err := os.Stat("kubeassay.yaml"); err == nil {
		v.SetConfigFile("kubeassay.yaml")
		if err := v.ReadInConfig(); err != nil {
			return fmt.Errorf("kubeassay.yaml: %w", err)
		}
		if err := checkConfigKeys(v, "kubeassay.yaml", cmd.Root()); err != nil {
			return err
		}
	}
	var bindErr error
	flags.VisitAll(func(f *pflag.Flag) {
		if f.Name == "config" || f.Name == "help" {
			return
		}
		key := f.Name
		if k := f.Annotations[configKey]; len(k) == 1 {
			key = k[0]
		}
		if err := v.BindPFlag(key, f); err != nil {
			bindErr = errors.Join(bindErr, err)
		}
	})
	return bindErr
}

// singleNamespace reads the namespace of a command that takes one (flag
// names it: who-can's -n, node's --namespace). The setting is scan's list
// of namespaces too (KUBEASSAY_NAMESPACE, kubeassay.yaml): a list of one is
// that namespace, a longer one an error rather than its first.
func singleNamespace(v *viper.Viper, flag string) (string, error) {
	ns := stringList(v, "namespace")
	switch len(ns) {
	case 0:
		return "", nil
	case 1:
		return ns[0], nil
	}
	return "", fmt.Errorf("%s %s: one namespace only", flag, strings.Join(ns, ","))
}

// configKey annotates a flag whose setting is the command's own: the
// key is "<command>.<flag>" (kubeassay.yaml: a section named after the
// command; environment: KUBEASSAY_<COMMAND>_<FLAG>), so that a setting
// meant for scan, such as output: [json=result.json], never reaches
// another command, which would write its own answer over the result.
const configKey = "kubeassay-config-key"

// ownSetting gives a flag its command's own key ("<command>.<flag>").
func ownSetting(f *pflag.FlagSet, name, key string) {
	_ = f.SetAnnotation(name, configKey, []string{key})
}

// The commands' own settings.
const (
	risksOutputKey  = "risks.output"
	whoCanOutputKey = "who-can.output"
	nodeOutputKey   = "node.output"
	// snapshot's -o is one file, not scan's list of FORMAT[=FILE].
	snapshotOutputKey = "snapshot.output"
	// benchmarks list and show: a table or JSON of the catalogue.
	benchmarksOutputKey = "benchmarks.output"
	versionOutputKey    = "version.output"
	// compare's -o: its own formats.
	compareOutputKey = "compare.output"
	comparePrettyKey = "compare.pretty"
	compareAllKey    = "compare.all"
	comparePaperKey  = "compare.paper"
)

// stringList reads a list setting that may come as a list (file), a
// comma-separated string (environment) or repeated flags, and splits
// comma-separated items.
func stringList(v *viper.Viper, key string) []string {
	var out []string
	for _, item := range v.GetStringSlice(key) {
		for _, part := range strings.Split(item, ",") {
			if p := strings.TrimSpace(part); p != "" {
				out = append(out, p)
			}
		}
	}
	return out
}
