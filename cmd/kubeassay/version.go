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

// versionInfo is what `kubeassay version -o json` prints.
type versionInfo struct {
	Version           string `json:"version"`
	Go                string `json:"go"`
	OPA               string `json:"opa"`
	Platform          string `json:"platform"`
	MemoryLimit       int64  `json:"memoryLimit"`
	MemoryLimitSource string `json:"memoryLimitSource"`
	CgroupMemoryLimit uint64 `json:"cgroupMemoryLimit,omitempty"`
}

func newVersionCommand(s streams, v *viper.Viper) *cobra.Command {
	cmd := &cobra.Command{
		Use:     "version",
		Short:   "Print the version",
		Example: "  kubeassay version\n  kubeassay version -o json",
		Args:    cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			info := versionInfo{Version: version, Go: runtime.Version(), OPA: opaVersion(), Platform: runtime.GOOS + "/" + runtime.GOARCH,
				MemoryLimit: memory.Limit, MemoryLimitSource: memory.Source, CgroupMemoryLimit: memory.Cgroup}
			return writeTableOrJSON(s, v, versionOutputKey, "text", info, func(w io.Writer) error {
				_, err := fmt.Fprintf(w, "kubeassay %s (%s, OPA %s, %s)\nsoft memory limit: %s\n", info.Version, info.Go, info.OPA, info.Platform, memory)
				return err
			})
		},
	}
	addOutputFlag(cmd.Flags(), []string{"text", "json"}, "text")
	ownSetting(cmd.Flags(), "output", versionOutputKey)
	return cmd
}
