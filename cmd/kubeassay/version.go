package main

import (
	"fmt"
	"io"
	"runtime"
	"runtime/debug"

	"github.com/spf13/cobra"
	"github.com/spf13/viper"
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

func newVersionCommand(s streams, v *viper.Viper) *cobra.Command {
	cmd := &cobra.Command{
		Use:     "version",
		Short:   "Print the version",
		Example: "  kubeassay version\n  kubeassay version -o json",
		Args:    cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			info := map[string]string{"version": version, "go": runtime.Version(), "opa": opaVersion(), "platform": runtime.GOOS + "/" + runtime.GOARCH}
			return writeTableOrJSON(s, v, versionOutputKey, "text", info, func(w io.Writer) error {
				_, err := fmt.Fprintf(w, "kubeassay %s (%s, OPA %s, %s)\n", info["version"], info["go"], info["opa"], info["platform"])
				return err
			})
		},
	}
	addOutputFlag(cmd.Flags(), []string{"text", "json"}, "text")
	ownSetting(cmd.Flags(), "output", versionOutputKey)
	return cmd
}
