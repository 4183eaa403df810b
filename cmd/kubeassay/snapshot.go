package main

import (
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/viper"

	"github.com/kubeassay/kubeassay/sources/cluster"
	"github.com/kubeassay/kubeassay/sources/snapshot"
)

func newSnapshotCommand(s streams, v *viper.Viper) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "snapshot -o FILE",
		Short: "Save what the checks read from a cluster, to scan it later",
		Long: `Read from the cluster of the current kubeconfig context (or --kubeconfig, --context;
in a pod, its service account) every kind the checks of all built-in benchmarks judge
(and those of --policy-dir), and write it as one JSON snapshot document (see docs/snapshot.md). Secrets are read as
metadata only: no secret value is ever in a snapshot.

'kubeassay scan -f FILE' replays a snapshot with the same verdicts as a live scan at
the time it was taken: the cluster facts and the kinds that could not be listed are
kept, so a kind that was forbidden still makes its controls ERROR.

-o FILE is gzip-compressed when FILE ends in .gz; -o - writes to standard output.`,
		Example: `  kubeassay snapshot -o prod.json.gz --context prod
  kubeassay scan -f prod.json.gz -b pss-baseline,pss-restricted`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runSnapshot(cmd, s, v)
		},
	}
	f := cmd.Flags()
	f.StringP("output", "o", "", "file to write (.gz: gzip-compressed; - for standard output)")
	ownSetting(f, "output", snapshotOutputKey)
	addClusterFlags(f)
	addPolicyDirFlag(f)
	return cmd
}

func runSnapshot(cmd *cobra.Command, s streams, v *viper.Viper) error {
	path := v.GetString(snapshotOutputKey)
	if path == "" {
		return errors.New("-o FILE is required (- for standard output)")
	}
	copts := clusterOptions(v)
	cfg, err := cluster.RESTConfig(copts)
	if err != nil {
		return err
	}
	b, err := loadPolicies(v)
	if err != nil {
		return err
	}
	var out io.Writer = s.out
	var file *os.File
	if path != "-" {
		// Write next to the target and rename at the end: no half file.
		file, err = os.CreateTemp(filepath.Dir(path), ".kubeassay-snapshot-*")
		if err != nil {
			return fmt.Errorf("-o %s: %w", path, err)
		}
		defer func() {
			if file != nil {
				file.Close()
				os.Remove(file.Name())
			}
		}()
		out = file
	}
	var zw *gzip.Writer
	if strings.HasSuffix(path, ".gz") {
		zw = gzip.NewWriter(out)
		out = zw
	}
	copts.EveryKindIn = b.EveryKindNamespaces()
	meta, err := snapshot.Take(cmd.Context(), cfg, copts, b.ClusterKinds(), version, out)
	if err != nil {
		return err
	}
	if zw != nil {
		if err := zw.Close(); err != nil {
			return fmt.Errorf("-o %s: %w", path, err)
		}
	}
	if file != nil {
		if err := file.Close(); err != nil {
			return fmt.Errorf("-o %s: %w", path, err)
		}
		if err := os.Rename(file.Name(), path); err != nil {
			return fmt.Errorf("-o %s: %w", path, err)
		}
		file = nil
	}
	var sum bytes.Buffer
	total := 0
	for _, n := range meta.Objects {
		total += n
	}
	fmt.Fprintf(&sum, "snapshot of %s: %d objects", meta.Cluster.Server, total)
	if path != "-" {
		fmt.Fprintf(&sum, " written to %s", path)
	}
	fmt.Fprintln(s.err, sum.String())
	for _, k := range slices.Sorted(maps.Keys(meta.Unavailable)) {
		fmt.Fprintf(s.err, "warning: could not read %s: %s\n", k, meta.Unavailable[k])
	}
	return nil
}
