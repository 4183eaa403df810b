package main

import (
	"time"

	"github.com/spf13/pflag"
	"github.com/spf13/viper"
	"k8s.io/client-go/kubernetes"

	"github.com/kubeassay/kubeassay/sources/cluster"
)

// addConnectionFlags adds the flags that say which API server to talk to
// and how: every command that talks to one has them, with the same names,
// defaults and meaning. when prefixes their help for a command that talks
// to one only sometimes ("with --publish: ").
func addConnectionFlags(f *pflag.FlagSet, when string) {
	f.String("kubeconfig", "", when+"kubeconfig file (default: $KUBECONFIG, ~/.kube/config, else in-cluster)")
	f.String("context", "", when+"kubeconfig context (default: the current one)")
	f.String("cluster", "", when+"kubeconfig cluster to use instead of the context's, as kubectl's --cluster")
	f.String("user", "", when+"kubeconfig user to use instead of the context's, as kubectl's --user")
	f.Duration("timeout", 60*time.Second, when+"timeout of each request to the API server")
	f.Float32("qps", 50, when+"requests per second to the API server")
	f.Int("burst", 100, when+"burst of requests to the API server")
}

// connectionOptions reads the flags of addConnectionFlags.
func connectionOptions(v *viper.Viper) cluster.Options {
	return cluster.Options{
		Kubeconfig: v.GetString("kubeconfig"), Context: v.GetString("context"),
		Cluster: v.GetString("cluster"), User: v.GetString("user"),
		Timeout: v.GetDuration("timeout"), QPS: float32(v.GetFloat64("qps")), Burst: v.GetInt("burst"),
	}
}

// addClusterFlags adds the connection flags and the namespaces to read
// (scan and snapshot).
func addClusterFlags(f *pflag.FlagSet) {
	addConnectionFlags(f, "")
	f.StringSliceP("namespace", "n", nil, "read only these namespaces (repeatable; default: all)")
	f.StringSlice("exclude-namespace", nil, "skip objects of these namespaces (repeatable)")
}

// clusterOptions reads the flags of addClusterFlags.
func clusterOptions(v *viper.Viper) cluster.Options {
	opts := connectionOptions(v)
	opts.Namespaces, opts.ExcludeNamespaces = stringList(v, "namespace"), stringList(v, "exclude-namespace")
	return opts
}

// newClientset is a typed client of the API server of opts, configured by
// cluster.RESTConfig, the one builder of client configurations (scan
// --nodes, node --publish).
func newClientset(opts cluster.Options) (*kubernetes.Clientset, error) {
	cfg, err := cluster.RESTConfig(opts)
	if err != nil {
		return nil, err
	}
	return kubernetes.NewForConfig(cfg)
}
