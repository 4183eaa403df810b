// Command cluster runs a local Kubernetes control plane (etcd and the upstream
// kube-apiserver, see package testcluster) until interrupted, for trying
// kubeassay by hand:
//
//	go run ./dev/controlplane                      # or: make cluster
//	export KUBECONFIG=~/.cache/kubeassay/local/kubeconfig
//	kubeassay ...
//
// Flags:
//
//	-apiserver-flag name=value   add or override a kube-apiserver flag (repeatable),
//	                             e.g. -apiserver-flag authorization-mode=AlwaysAllow
//	-user name[:group,...]       add a static token user (repeatable); tokens are printed
//	-keep                        keep the temporary directory (logs, audit log, etcd data)
//
// It stops both processes on SIGINT or SIGTERM. See docs/local-control-plane.md.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/kubeassay/kubeassay/dev/testcluster"
)

type kvFlags map[string]string

func (f kvFlags) String() string { return fmt.Sprint(map[string]string(f)) }

func (f kvFlags) Set(s string) error {
	name, value, ok := strings.Cut(s, "=")
	if !ok || strings.TrimLeft(name, "-") == "" {
		return errors.New("want name=value")
	}
	f[strings.TrimLeft(name, "-")] = value
	return nil
}

type userFlags []testcluster.Token

func (f *userFlags) String() string { return fmt.Sprint(len(*f), " users") }

func (f *userFlags) Set(s string) error {
	name, groups, _ := strings.Cut(s, ":")
	if name == "" {
		return errors.New("want name[:group,...]")
	}
	t := testcluster.Token{User: name}
	if groups != "" {
		t.Groups = strings.Split(groups, ",")
	}
	*f = append(*f, t)
	return nil
}

func main() {
	log.SetFlags(log.Ltime)
	log.SetPrefix("cluster: ")
	extra := kvFlags{}
	var users userFlags
	flag.Var(extra, "apiserver-flag", "kube-apiserver `name=value` to add or override (repeatable)")
	flag.Var(&users, "user", "extra static-token user `name[:group,...]` (repeatable)")
	keep := flag.Bool("keep", false, "keep the temporary directory after stopping")
	flag.Parse()
	if flag.NArg() > 0 {
		flag.Usage()
		os.Exit(2)
	}
	if err := run(extra, users, *keep); err != nil {
		log.Fatal(err)
	}
}

func run(extra kvFlags, users []testcluster.Token, keep bool) error {
	ctx, cancel := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer cancel()

	cache, err := testcluster.CacheDir()
	if err != nil {
		return err
	}
	stable := filepath.Join(cache, "local", "kubeconfig")

	began := time.Now()
	c, err := testcluster.Start(ctx, testcluster.Options{
		Tokens:              users,
		ExtraAPIServerFlags: extra,
		KeepDir:             keep,
		Logf:                log.Printf,
	})
	if err != nil {
		return err
	}
	defer func() {
		log.Printf("stopping...")
		if err := c.Stop(); err != nil {
			log.Printf("stop: %v", err)
		}
		log.Printf("stopped")
		if keep {
			log.Printf("kept %s", c.Dir)
		}
	}()
	if err := c.WriteKubeconfig(stable); err != nil {
		return err
	}

	fmt.Printf(`
kube-apiserver %s is ready at %s (%s after launch, %s in all)
  directory:      %s
  apiserver log:  %s
  etcd log:       %s
  audit log:      %s
  pids:           kube-apiserver %d, etcd %d
  kubeconfig:     %s (context %s)
  also at:        %s
`, testcluster.KubernetesVersion, c.URL, c.StartupDuration.Round(100*time.Millisecond), time.Since(began).Round(100*time.Millisecond),
		c.Dir, c.APIServerLogPath, c.EtcdLogPath, orNone(c.AuditLogPath), c.APIServerPID, c.EtcdPID,
		c.KubeconfigPath, testcluster.ContextName, stable)
	for _, t := range c.Tokens {
		fmt.Printf("  token:          %s for user %s groups %v\n", t.Token, t.User, t.Groups)
	}
	fmt.Printf("\n  export KUBECONFIG=%s\n\nPress Ctrl-C to stop.\n", stable)

	select {
	case <-ctx.Done():
		return nil
	case <-c.Exited():
		return fmt.Errorf("a control-plane process exited unexpectedly; see %s and %s (rerun with -keep to keep them)", c.APIServerLogPath, c.EtcdLogPath)
	}
}

func orNone(s string) string {
	if s == "" {
		return "(none)"
	}
	return s
}
