package main

import (
	"fmt"

	"github.com/spf13/viper"

	"github.com/kubeassay/kubeassay/waivers"
)

// waiversKey is the key of kubeassay.yaml that lists waivers; it has no flag
// (--waiver-file adds files of them).
const waiversKey = "waivers"

// loadWaivers reads the waivers of the configuration file and of every
// --waiver-file, each named by file and index for its errors and in the
// report.
func loadWaivers(v *viper.Viper) ([]waivers.Sourced, error) {
	var out []waivers.Sourced
	add := func(file string, otherKeys bool) error {
		rules, err := waivers.ReadFile(file, otherKeys)
		if err != nil {
			return err
		}
		for i, r := range rules {
			out = append(out, waivers.Sourced{Rule: r, Source: fmt.Sprintf("%s: waivers[%d]", file, i)})
		}
		return nil
	}
	if file := v.ConfigFileUsed(); file != "" && v.InConfig(waiversKey) {
		if err := add(file, true); err != nil {
			return nil, err
		}
	}
	for _, file := range v.GetStringSlice("waiver-file") {
		if err := add(file, false); err != nil {
			return nil, fmt.Errorf("--waiver-file %w", err)
		}
	}
	return out, nil
}
