package main

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"time"

	"github.com/spf13/pflag"
	"github.com/spf13/viper"

	"github.com/kubeassay/kubeassay/history"
	"github.com/kubeassay/kubeassay/report"
	"github.com/kubeassay/kubeassay/sources/cluster"
)

// A scan run again and again (the CronJob of deploy/ and the Helm chart)
// keeps its reports in --report-dir, removes the oldest past --keep, and
// writes a summary into --summary-configmap.

func addHistoryFlags(f *pflag.FlagSet) {
	f.String("report-dir", "", "write each -o FORMAT given without =FILE (table excepted) into this directory as kubeassay-<UTC time>.<ext>, keeping a history of runs")
	f.Int("keep", 0, "with --report-dir: keep this many runs' reports, removing the oldest (0: keep all)")
	f.String("summary-configmap", "", "write a summary of the run (status, scores, counts, times, file names) into this existing ConfigMap: [NAMESPACE/]NAME (default namespace: the kubeconfig's or the pod's)")
}

// historyRun is one run's part in the history: where its files go, and
// the ConfigMap its summary goes to.
type historyRun struct {
	dir    string
	keep   int
	id     string
	files  []string
	cmNS   string
	cmName string
	v      *viper.Viper
	errOut func(format string, args ...any)
}

// newHistoryRun reads the history flags, before anything is scanned so a
// wrong directory or ConfigMap name fails at once. nil when neither
// --report-dir nor --summary-configmap is given.
func newHistoryRun(v *viper.Viper, s streams, started time.Time) (*historyRun, error) {
	dir, ref := v.GetString("report-dir"), v.GetString("summary-configmap")
	keep := v.GetInt("keep")
	if keep < 0 {
		return nil, fmt.Errorf("--keep %d: not a count of runs (0 keeps all)", keep)
	}
	if dir == "" && keep != 0 {
		return nil, errors.New("--keep needs --report-dir")
	}
	if dir == "" && ref == "" {
		return nil, nil
	}
	h := &historyRun{dir: dir, keep: keep, v: v, errOut: func(format string, args ...any) { fmt.Fprintf(s.err, format+"\n", args...) }}
	if dir != "" {
		id, err := history.NewRun(dir, started)
		if err != nil {
			return nil, fmt.Errorf("--report-dir %s: %w", dir, err)
		}
		h.id = id
	}
	if ref != "" {
		ns, name, err := history.ParseConfigMapRef(ref)
		if err != nil {
			return nil, fmt.Errorf("--summary-configmap %w", err)
		}
		if ns == "" {
			if ns, err = cluster.DefaultNamespace(connectionOptions(v)); err != nil {
				return nil, fmt.Errorf("--summary-configmap %s: no namespace given and none configured: %w", ref, err)
			}
		}
		h.cmNS, h.cmName = ns, name
	}
	return h, nil
}

// place sends the outputs given without a file into the run's files.
func (h *historyRun) place(outputs []outputSpec) ([]outputSpec, error) {
	if h == nil || h.dir == "" {
		return outputs, nil
	}
	out := make([]outputSpec, len(outputs))
	for i, o := range outputs {
		out[i] = o
		if o.path != "" || o.format == "table" {
			continue
		}
		name, err := history.FileName(h.id, o.format)
		if err != nil {
			return nil, err
		}
		out[i].path = filepath.Join(h.dir, name)
		h.files = append(h.files, name)
	}
	if len(h.files) == 0 {
		return nil, errors.New("--report-dir: no -o FORMAT without =FILE to write there (e.g. -o json -o html -o pdf)")
	}
	return out, nil
}

// finish prunes past --keep and publishes the summary of a finished scan;
// gates is the threshold error that matched, if any.
func (h *historyRun) finish(ctx context.Context, res *report.Result, gates error) error {
	if h == nil {
		return nil
	}
	var runs []string
	if h.dir != "" {
		if h.keep > 0 {
			removed, err := history.Prune(h.dir, h.keep)
			for _, f := range removed {
				h.errOut("--keep %d: removed %s", h.keep, f)
			}
			if err != nil {
				return fmt.Errorf("--report-dir %s: %w", h.dir, err)
			}
		}
		kept, err := history.Runs(h.dir)
		if err != nil {
			return fmt.Errorf("--report-dir %s: %w", h.dir, err)
		}
		for _, r := range kept {
			runs = append(runs, r.ID)
		}
	}
	if h.cmName == "" {
		return nil
	}
	gateText := ""
	if gates != nil {
		gateText = gates.Error()
	}
	cs, err := newClientset(connectionOptions(h.v))
	if err != nil {
		return fmt.Errorf("--summary-configmap: %w", err)
	}
	s := history.Summarize(res, h.id, h.files, runs, gateText)
	if err := history.PublishSummary(ctx, cs, h.cmNS, h.cmName, s); err != nil {
		return fmt.Errorf("--summary-configmap: %w", err)
	}
	return nil
}

// fail records in the ConfigMap that the scan did not finish, leaving the
// last finished run's scores. Its own failure is printed, not returned:
// the scan's error is the one that matters.
func (h *historyRun) fail(ctx context.Context, scanErr error) {
	if h == nil || h.cmName == "" {
		return
	}
	cs, err := newClientset(connectionOptions(h.v))
	if err == nil {
		err = history.Publish(ctx, cs, h.cmNS, h.cmName, history.FailureData(scanErr, time.Now()), nil)
	}
	if err != nil {
		h.errOut("warning: --summary-configmap: the failure could not be recorded: %v", err)
	}
}
