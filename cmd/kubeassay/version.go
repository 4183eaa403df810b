package main

import (
	"fmt"
	"runtime"
	"runtime/debug"

	"github.com/spf13/cobra"
)

// opaVersion reports the OPA module compiled in.
func opaVersion() string {
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, d := range bi.Deps {
			if d.Path == "github.com/open-policy-agent/opa" {
				return d.Version
			}
		}
	}
	return "unknown"
}

func newVersionCommand(s streams) *cobra.Command {
	var out string
	cmd := &cobra.Command{
		Use:     "version",
		Short:   "Print the version",
		Example: "  kubeassay version\n  kubeassay version -o json",
		Args:    cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			info := map[string]string{"version": version, "go": runtime.Version(), "opa": opaVersion(), "platform": runtime.GOOS + "/" + runtime.GOARCH}
			switch out {
			case "json":
				return writeJSON(s.out, info)
			case "", "text":
				_, err := fmt.Fprintf(s.out, "kubeassay %s (%s, OPA %s, %s)\n", info["version"], info["go"], info["opa"], info["platform"])
				return err
			}
			return fmt.Errorf("-o %s: want text or json", out)
		},
	}
	cmd.Flags().StringVarP(&out, "output", "o", "text", "text or json")
	return cmd
}
