package scan_test

import (
	"context"
	"testing"
	"time"

	"github.com/kubeassay/kubeassay/dev/testcluster"
	"github.com/kubeassay/kubeassay/report"
	"github.com/kubeassay/kubeassay/scan"
	"github.com/kubeassay/kubeassay/sources/nodefacts"
)

// TestNodeChecksAgainstRealProcesses starts a real etcd and kube-apiserver
// on this machine, once with hardened flags and once with weak ones, collects
// this host's node facts (limited to those two processes, since other tests
// may run control planes at the same time) and checks the CIS verdicts that
// the processes' real command lines decide.
func TestNodeChecksAgainstRealProcesses(t *testing.T) {
	b, err := scan.LoadBuiltin()
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name  string
		flags map[string]string
		want  map[string]string // CIS id -> status
	}{
		{
			name:  "hardened",
			flags: map[string]string{"profiling": "false", "authorization-mode": "Node,RBAC", "enable-admission-plugins": "NodeRestriction", "service-account-lookup": "true"},
			want: map[string]string{
				"1.2.15": report.StatusPass, // --profiling=false
				"1.2.6":  report.StatusPass, // not AlwaysAllow
				"1.2.7":  report.StatusPass, // includes Node
				"1.2.8":  report.StatusPass, // includes RBAC
				"1.2.14": report.StatusPass, // NodeRestriction
				"1.2.16": report.StatusPass, // the harness sets --audit-log-path
			},
		},
		{
			name:  "weak",
			flags: map[string]string{"profiling": "true", "authorization-mode": "AlwaysAllow"},
			want: map[string]string{
				"1.2.15": report.StatusFail,
				"1.2.6":  report.StatusFail,
				"1.2.7":  report.StatusFail,
				"1.2.8":  report.StatusFail,
				"1.2.2":  report.StatusFail, // the harness authenticates with --token-auth-file
				"2.1":    report.StatusFail, // Debian's etcd here serves plain HTTP: no --cert-file
				"2.2":    report.StatusFail, // nor --client-cert-auth
				"1.3.2":  report.StatusSkip, // no controller manager runs
				"4.2.1":  report.StatusSkip, // no kubelet runs
			},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
			defer cancel()
			c, err := testcluster.Start(ctx, testcluster.Options{ExtraAPIServerFlags: tc.flags, Logf: t.Logf})
			if err != nil {
				t.Fatal(err)
			}
			defer c.Stop()
			res, err := scan.Run(ctx, b, scan.Options{
				Benchmarks:       []string{"cis-1.12"},
				LocalNode:        true,
				LocalNodeOptions: nodefacts.Options{PIDs: []int{c.APIServerPID, c.EtcdPID}},
			})
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]shown{}
			for _, ctl := range res.Benchmarks[0].Controls {
				got[ctl.ID] = view(res, ctl)
			}
			for id, want := range tc.want {
				if ctl := got[id]; ctl.Status != want {
					t.Errorf("%s %s: %s (%s), want %s; findings %+v", tc.name, id, ctl.Status, ctl.Reason, want, ctl.Findings)
				}
			}
		})
	}
}
